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

/* ---- the terminal's line breaker ---- */

#include <string.h>

/* ASCII text as one-column characters ('\n' zero). */
static size_t
chars(const char *s, tl_char *v)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		v[i] = (tl_char){ (unsigned char)s[i], 0, s[i] == '\n' ? 0 : 1 };
	return n;
}

typedef struct lines {
	char text[16][64];
	size_t n;
} lines;

/* Each line as text, a cut word ending in the mark. */
static void
keep(void *arg, const tl_char *v, size_t start, size_t end, bool cut)
{
	lines *l = arg;
	char *o = l->text[l->n++];
	size_t k = 0;
	for (size_t i = start; i < end; i++)
		o[k++] = (char)v[i].cp;
	o[k] = '\0';
	if (cut)
		strcat(o, TL_CUT_MARK);
}

static lines
broken(const char *s, size_t first, size_t rest)
{
	tl_char v[256];
	lines l = {0};
	tl_break(v, chars(s, v), first, rest, keep, &l);
	return l;
}

static void
breaks_at_spaces_without_marks(void **state)
{
	(void)state;
	lines l = broken("Drift af servere, databaser", 12, 12);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.text[0], "Drift af");
	assert_string_equal(l.text[1], "servere,");
	assert_string_equal(l.text[2], "databaser");
}

/* Review: "sms-påmindels|er" was cut mid-word; a hyphen is a break. */
static void
breaks_after_a_hyphen_inside_a_word(void **state)
{
	(void)state;
	lines l = broken("sms-reminders end-to-end", 11, 11);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.text[0], "sms-");
	assert_string_equal(l.text[1], "reminders");
	assert_string_equal(l.text[2], "end-to-end");
	/* Not after a leading minus (nor a dash standing alone): "-567" is
	 * one word, cut when wider than the line. */
	l = broken("-567", 3, 3);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.text[0], "-5" TL_CUT_MARK);
	assert_string_equal(l.text[1], "67");
	l = broken("a - b", 3, 3);
	assert_string_equal(l.text[0], "a -");
	/* Nor inside an e-mail or web address. */
	l = broken("privacy@eks-hosting.dk", 15, 15);
	assert_string_equal(l.text[0], "privacy@eks-ho" TL_CUT_MARK);
	l = broken("https://a-b.dk/x", 6, 6);
	assert_string_equal(l.text[0], "https" TL_CUT_MARK);
}

/* A word is cut only when wider than the line, then marked, and the
 * line with its mark still fits. */
static void
cuts_only_an_overlong_word_and_marks_it(void **state)
{
	(void)state;
	lines l = broken("af databehandlerens", 8, 8);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.text[0], "af");
	assert_string_equal(l.text[1], "databeh" TL_CUT_MARK);
	assert_string_equal(l.text[2], "andlere" TL_CUT_MARK);
	assert_string_equal(l.text[3], "ns");
	for (size_t i = 0; i < l.n; i++)
		assert_true(strlen(l.text[i]) <= 8);
}

static void
first_and_other_lines_have_their_own_width(void **state)
{
	(void)state;
	lines l = broken("Land: Tyskland og Finland", 14, 12);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.text[0], "Land: Tyskland");
	assert_string_equal(l.text[1], "og Finland");
	l = broken("one\ntwo", 20, 20);
	assert_int_equal(l.n, 2);
}

/* A column's floor is its widest piece between spaces and hyphens. */
static void
measures_words_and_hyphen_pieces(void **state)
{
	(void)state;
	tl_char v[64];
	size_t nat, word;
	tl_measure(v, chars("sms-paamindelser og e-mail", v), &nat, &word);
	assert_int_equal(nat, 26);
	assert_int_equal(word, 12);   /* "paamindelser" */
	tl_measure(v, chars("CVR/reg.nr.", v), &nat, &word);
	assert_int_equal(word, 11);
	size_t words[3] = { 10, 7, 16 };
	assert_true(tl_words_fit(words, 3, 33));
	assert_false(tl_words_fit(words, 3, 32));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(natural_widths_when_they_fit),
		cmocka_unit_test(words_kept_and_the_rest_shared),
		cmocka_unit_test(an_overlong_word_does_not_squeeze_the_others),
		cmocka_unit_test(two_overlong_words_share_equally),
		cmocka_unit_test(breaks_at_spaces_without_marks),
		cmocka_unit_test(breaks_after_a_hyphen_inside_a_word),
		cmocka_unit_test(cuts_only_an_overlong_word_and_marks_it),
		cmocka_unit_test(first_and_other_lines_have_their_own_width),
		cmocka_unit_test(measures_words_and_hyphen_pieces),
	};
	return cmocka_run_group_tests_name("table_layout", tests, NULL, NULL);
}
