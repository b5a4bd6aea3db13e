/* test_util.c - the pool (util.h): blocks zeroed, reused by size class,
 * grown with their content, dropped at once; files read and written
 * inside a folder, never through a link or into a FIFO. */
#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

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

/* A fresh folder under the test folder, opened. */
static int
open_fresh(const char *name, char *path, size_t size)
{
	make_test_dir();
	snprintf(path, size, "%s/%s", test_dir, name);
	assert_int_equal(mkdir(path, 0777), 0);
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	return fd;
}

static void
write_at_refuses_what_is_not_a_file(void **state)
{
	(void)state;
	char dir[256], err[256];
	int fd = open_fresh("w-refuse", dir, sizeof dir);
	const char *victim = put_file("victim.txt", "victim\n");
	assert_int_equal(symlinkat(victim, fd, "link.md"), 0);
	assert_int_equal(symlinkat("/nonexistent/new.md", fd, "dangling.md"), 0);
	assert_int_equal(mkfifoat(fd, "fifo.md", 0666), 0);
	assert_int_equal(mkdirat(fd, "dir.md", 0777), 0);
	static const char *const names[] = { "link.md", "dangling.md", "fifo.md", "dir.md" };
	static const char *const kinds[] = { "is a symbolic link", "is a symbolic link", "is a FIFO", "is a folder" };
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(write_atomic_at(fd, names[i], "x", 1, NULL, err, sizeof err), -1);
		assert_non_null(strstr(err, kinds[i]));
	}
	buf b = {0};
	assert_int_equal(read_file(victim, 1024, &b, err, sizeof err), 0);
	assert_string_equal(b.data, "victim\n");
	buf_free(&b);
	close(fd);
}

static void
write_at_keeps_the_mode_and_knows_its_file(void **state)
{
	(void)state;
	char dir[256], err[256], path[300];
	int fd = open_fresh("w-mode", dir, sizeof dir);
	dpa_file_id id;
	assert_int_equal(write_atomic_at(fd, "a.md", "one", 3, &id, err, sizeof err), 0);
	assert_true(file_is(fd, "a.md", &id));
	assert_int_equal(fchmodat(fd, "a.md", 0600, 0), 0);
	assert_false(file_is(fd, "a.md", &id));          /* chmod-ed since */
	assert_int_equal(write_atomic_at(fd, "a.md", "two!", 4, &id, err, sizeof err), 0);
	struct stat st;
	assert_int_equal(fstatat(fd, "a.md", &st, 0), 0);
	assert_int_equal(st.st_mode & 0777, 0600);        /* a 0600 file stays 0600 */
	assert_int_equal(st.st_size, 4);
	assert_true(file_is(fd, "a.md", &id));
	snprintf(path, sizeof path, "%s/a.md", dir);
	FILE *f = fopen(path, "a");
	assert_non_null(f);
	fputs("more", f);
	fclose(f);
	assert_false(file_is(fd, "a.md", &id));          /* written since */
	assert_int_equal(unlinkat(fd, "a.md", 0), 0);
	assert_int_equal(symlinkat("/etc/hostname", fd, "a.md"), 0);
	assert_false(file_is(fd, "a.md", &id));          /* replaced by a link */
	close(fd);
}

static void
read_at_refuses_fifos_and_links(void **state)
{
	(void)state;
	char dir[256], err[256];
	int fd = open_fresh("r-refuse", dir, sizeof dir);
	buf b = {0};
	assert_int_equal(mkfifoat(fd, "fifo.md", 0666), 0);
	/* Would hang on open() without O_NONBLOCK. */
	assert_int_not_equal(read_file_at(fd, "fifo.md", RF_REGULAR, 1024, &b, err, sizeof err), 0);
	assert_string_equal(err, "is a FIFO (named pipe), not a regular file");
	/* Named on the command line, a FIFO nobody writes to reads as empty. */
	char path[300];
	snprintf(path, sizeof path, "%s/fifo.md", dir);
	assert_int_equal(read_file(path, 1024, &b, err, sizeof err), 0);
	assert_int_equal(b.len, 0);
	const char *target = put_file("target.md", "text\n");
	assert_int_equal(symlinkat(target, fd, "link.md"), 0);
	assert_int_not_equal(read_file_at(fd, "link.md", RF_NOFOLLOW, 1024, &b, err, sizeof err), 0);
	assert_string_equal(err, "is a symbolic link, which is not followed here");
	assert_int_equal(read_file_at(fd, "link.md", RF_REGULAR, 1024, &b, err, sizeof err), 0);
	assert_string_equal(b.data, "text\n");
	assert_int_not_equal(read_file_at(AT_FDCWD, "/dev/null", RF_REGULAR, 1024, &b, err, sizeof err), 0);
	assert_string_equal(err, "is a character device, not a regular file");
	buf_free(&b);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blocks_are_zeroed_and_reused),
		cmocka_unit_test(realloc_keeps_content),
		cmocka_unit_test(many_blocks),
		cmocka_unit_test(write_at_refuses_what_is_not_a_file),
		cmocka_unit_test(write_at_keeps_the_mode_and_knows_its_file),
		cmocka_unit_test(read_at_refuses_fifos_and_links),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
