/* test_util.c - the pool (util.h): blocks zeroed, reused by size class,
 * grown with their content, dropped at once. */
#include "helpers.h"

#include "util.h"

static void
blocks_are_zeroed_and_reused(void **state)
{
	(void)state;
	pool p = {0};
	unsigned char *a = pool_alloc(&p, 40);
	assert_int_equal((uintptr_t)a % 16, 0);
	for (int i = 0; i < 40; i++)
		assert_int_equal(a[i], 0);
	memset(a, 0xAB, 40);
	pool_free(&p, a);
	/* Same class (33 to 48 bytes): the freed block comes back, zeroed. */
	unsigned char *b = pool_alloc(&p, 48);
	assert_ptr_equal(a, b);
	for (int i = 0; i < 48; i++)
		assert_int_equal(b[i], 0);
	/* Another class does not take it. */
	pool_free(&p, b);
	unsigned char *c = pool_alloc(&p, 64);
	assert_ptr_not_equal(c, b);
	pool_free(&p, NULL);
	pool_release(&p);
}

static void
realloc_keeps_content(void **state)
{
	(void)state;
	pool p = {0};
	char *s = pool_realloc(&p, NULL, 10);
	memcpy(s, "abcdefghi", 10);
	assert_ptr_equal(pool_realloc(&p, s, 16), s);   /* fits its class */
	/* Across the small classes and into the powers of two. */
	for (size_t n = 17; n < 300000; n = n * 3 / 2) {
		s = pool_realloc(&p, s, n);
		assert_string_equal(s, "abcdefghi");
		memset(s + 10, 'x', n - 11);
		s[n - 1] = '\0';
		s[9] = '\0';
	}
	pool_release(&p);
	/* Released: usable again. */
	assert_non_null(pool_alloc(&p, 5000));
	pool_release(&p);
}

static void
many_blocks(void **state)
{
	(void)state;
	pool p = {0};
	void *v[2000];
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < 2000; i++) {
			v[i] = pool_alloc(&p, i % 1500 + 1);
			memset(v[i], (int)i, i % 1500 + 1);
		}
		for (size_t i = 0; i < 2000; i += 2)
			pool_free(&p, v[i]);
		for (size_t i = 1; i < 2000; i += 2)
			assert_int_equal(((unsigned char *)v[i])[i % 1500], (unsigned char)i);
		for (size_t i = 1; i < 2000; i += 2)
			pool_free(&p, v[i]);
	}
	pool_release(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blocks_are_zeroed_and_reused),
		cmocka_unit_test(realloc_keeps_content),
		cmocka_unit_test(many_blocks),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
