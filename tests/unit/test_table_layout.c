/* test_table_layout.c - automatic column widths (table_layout.h), shared
 * by the PDF and terminal back-ends. */
#include "helpers.h"

#include "table_layout.h"

static double
sum(const double *v, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += v[i];
	return s;
}

static void
natural_widths_when_they_fit(void **state)
{
	(void)state;
	double nat[3] = { 50, 100, 80 }, word[3] = { 20, 30, 40 }, out[3];
	table_auto_widths(nat, word, 3, 300, out);
	assert_true(out[0] == 50 && out[1] == 100 && out[2] == 80);
}

static void
words_kept_and_the_rest_shared(void **state)
{
	(void)state;
	/* Words 100 in all, 200 more wanted, 150 room: each column gets its
	 * word and three quarters of what it wants more. */
	double nat[2] = { 140, 160 }, word[2] = { 40, 60 }, out[2];
	table_auto_widths(nat, word, 2, 250, out);
	assert_true(out[0] == 115 && out[1] == 135);
}

/* Review finding 16b: one 150-letter name made every column's word
 * wider than the page; scaled down together, the other columns were a
 * letter a line and the row taller than a page.  Now the short words
 * keep their width and the wide ones share the rest. */
static void
an_overlong_word_does_not_squeeze_the_others(void **state)
{
	(void)state;
	double nat[6] = { 1300, 60, 70, 50, 80, 300 }, word[6] = { 1300, 50, 70, 40, 75, 60 }, out[6];
	table_auto_widths(nat, word, 6, 451, out);
	assert_true(out[1] == 50 && out[2] == 70 && out[3] == 40 && out[4] == 75 && out[5] == 60);
	assert_true(out[0] > 150 && out[0] < 160);
	assert_true(sum(out, 6) > 450.99 && sum(out, 6) < 451.01);
}

static void
two_overlong_words_share_equally(void **state)
{
	(void)state;
	double nat[4] = { 900, 40, 800, 30 }, word[4] = { 900, 40, 800, 30 }, out[4];
	table_auto_widths(nat, word, 4, 300, out);
	assert_true(out[1] == 40 && out[3] == 30);
	assert_true(out[0] == 115 && out[2] == 115);
	/* Every word wider than an even share: an even share each. */
	double wide[3] = { 500, 400, 300 };
	table_auto_widths(wide, wide, 3, 300, out);
	assert_true(out[0] == 100 && out[1] == 100 && out[2] == 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(natural_widths_when_they_fit),
		cmocka_unit_test(words_kept_and_the_rest_shared),
		cmocka_unit_test(an_overlong_word_does_not_squeeze_the_others),
		cmocka_unit_test(two_overlong_words_share_equally),
	};
	return cmocka_run_group_tests_name("table_layout", tests, NULL, NULL);
}
