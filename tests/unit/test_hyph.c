/* test_hyph.c - the dictionaries compiled in at build time (hyph.h)
 * hyphenate as libhyphen does with Debian's files, word for word. */
#include "helpers.h"

#include "hyph.h"

static void
same_as(const char *lang, const char *file, const char *const *words, int latin1)
{
	HyphenDict *built = hyph_dict(lang), *loaded = hnj_hyphen_load(file);
	assert_non_null(built);
	if (!loaded)
		fail_msg("%s: not installed (hyphen-da, hyphen-en-us)", file);
	assert_string_equal(built->cset, loaded->cset);
	int hyphenated = 0;
	for (const char *const *w = words; *w; w++) {
		char word[128];
		size_t n = 0;
		for (const unsigned char *p = (const unsigned char *)*w; *p && n + 1 < sizeof word; p++) {
			if (latin1 && *p == 0xC3) {       /* the Danish file is ISO 8859-1 */
				word[n++] = (char)(p[1] + 0x40);
				p++;
			} else {
				word[n++] = (char)*p;
			}
		}
		word[n] = '\0';
		char a[sizeof word + 5], b[sizeof word + 5];
		char **rep = NULL;
		int *pos = NULL, *cut = NULL;
		assert_int_equal(hnj_hyphen_hyphenate2(built, word, (int)n, a, NULL, &rep, &pos, &cut), 0);
		assert_int_equal(hnj_hyphen_hyphenate2(loaded, word, (int)n, b, NULL, &rep, &pos, &cut), 0);
		assert_memory_equal(a, b, n);
		for (size_t i = 0; i < n; i++)
			hyphenated += a[i] & 1;
	}
	assert_true(hyphenated > 10);
	hnj_hyphen_free(loaded);
}

static void
danish(void **state)
{
	(void)state;
	static const char *const words[] = { "databeskyttelsesforordningen", "underdatabehandlere",
		"personoplysninger", "sikkerhedsforanstaltninger", "tilgængelighed", "fortrolighed",
		"behandlingssikkerhed", "dataansvarliges", "kontaktpersoner", "gennemførelse", NULL };
	same_as("da", "/usr/share/hyphen/hyph_da_DK.dic", words, 1);
}

static void
english(void **state)
{
	(void)state;
	static const char *const words[] = { "confidentiality", "pseudonymisation", "subprocessor",
		"notwithstanding", "representatives", "organisational", "infrastructure",
		"responsibilities", "international", "documentation", NULL };
	same_as("en", "/usr/share/hyphen/hyph_en_US.dic", words, 0);
	assert_null(hyph_dict("de"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(danish),
		cmocka_unit_test(english),
	};
	return cmocka_run_group_tests_name("hyph", tests, NULL, NULL);
}
