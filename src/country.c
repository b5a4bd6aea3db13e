/* country.c - look-ups in the country table (data in country_data.h). */
#include "country.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util.h"

/* Each table is one inclusion of country_data.h with the other two
 * macros defined empty. */
#define COUNTRY(c_, en_, da_, r_, adeq_, date_, scope_, auth_da_, auth_en_) \
	{ .code = c_, .name_en = en_, .name_da = da_, .region = r_, .adequacy = adeq_, \
	  .adequacy_date = date_, .adequacy_scope = scope_, .authority = { auth_da_, auth_en_ } },
#define REGION(c_, en_, da_, r_)
#define ALIAS(text_, c_)
static const dpa_country countries[] = {
#include "country_data.h"
};
#undef COUNTRY
#undef REGION

#define COUNTRY(c_, en_, da_, r_, adeq_, date_, scope_, auth_da_, auth_en_)
#define REGION(c_, en_, da_, r_) \
	{ .code = c_, .name_en = en_, .name_da = da_, .region = r_, .is_region = true },
static const dpa_country regions[] = {
#include "country_data.h"
};
#undef REGION
#undef ALIAS

typedef struct country_alias {
	const char *text, *code;
} country_alias;

#define REGION(c_, en_, da_, r_)
#define ALIAS(text_, c_) { text_, c_ },
static const country_alias aliases[] = {
#include "country_data.h"
};
#undef COUNTRY
#undef REGION
#undef ALIAS

enum {
	NCOUNTRIES = sizeof countries / sizeof countries[0],
	NREGIONS = sizeof regions / sizeof regions[0],
	NALIASES = sizeof aliases / sizeof aliases[0],
	NCODES = NCOUNTRIES + NREGIONS,
	FOLD_MAX = 128  /* longer text gets no hint */
};

static int
cmp_code(const void *key, const void *elem)
{
	return strcmp(key, ((const dpa_country *)elem)->code);
}

const dpa_country *
country_find(const char *code)
{
	if (!code)
		return NULL;
	if (strlen(code) == 2) {
		const dpa_country *c = bsearch(code, countries, NCOUNTRIES, sizeof countries[0], cmp_code);
		if (c)
			return c;
	}
	for (size_t i = 0; i < NREGIONS; i++)
		if (strcmp(code, regions[i].code) == 0)
			return &regions[i];
	return NULL;
}

/* The form in which names are compared: Unicode lower case, trimmed, runs
 * of blanks as one space, a leading "the " dropped.  False if the text is
 * not UTF-8 or does not fit in cap bytes. */
static bool
fold(const char *text, char *out, size_t cap)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(text);
	size_t n = 0;
	bool blank = false;
	while (left > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);
		if (k <= 0)
			return false;
		p += k;
		left -= k;
		if (cp == ' ' || cp == '\t' || cp == 0xA0) {
			blank = n > 0;
			continue;
		}
		utf8proc_uint8_t b[4];
		utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), b);
		if (n + blank + (size_t)m >= cap)
			return false;
		if (blank)
			out[n++] = ' ';
		blank = false;
		memcpy(out + n, b, (size_t)m);
		n += (size_t)m;
	}
	out[n] = '\0';
	if (strncmp(out, "the ", 4) == 0)
		memmove(out, out + 4, n - 3);
	return true;
}

/* The i-th text that stands for a code, in the order exact matches are
 * tried: the codes, the aliases, the English and Danish names.  NULL past
 * the end. */
static const char *
candidate(size_t i, const char **code)
{
	const dpa_country *c;
	if (i < NCODES) {
		c = i < NCOUNTRIES ? &countries[i] : &regions[i - NCOUNTRIES];
		*code = c->code;
		return c->code;
	}
	i -= NCODES;
	if (i < NALIASES) {
		*code = aliases[i].code;
		return aliases[i].text;
	}
	i -= NALIASES;
	if (i >= 2 * NCODES)
		return NULL;
	c = i / 2 < NCOUNTRIES ? &countries[i / 2] : &regions[i / 2 - NCOUNTRIES];
	*code = c->code;
	return i % 2 ? c->name_da : c->name_en;
}

const char *
country_guess(const char *text)
{
	char want[FOLD_MAX], f[FOLD_MAX];
	if (!text || !fold(text, want, sizeof want) || !*want)
		return NULL;
	const char *code, *t;
	for (size_t i = 0; (t = candidate(i, &code)); i++)
		if (fold(t, f, sizeof f) && strcmp(want, f) == 0)
			return code;
	/* A typo: at most one edit in four bytes, two from five.  Shorter
	 * text has no typo to find (every code is within two edits of
	 * "UK"), so it gets an alias or nothing. */
	size_t len = strlen(want);
	if (len < 4)
		return NULL;
	const char *best = NULL;
	int bestd = len < 5 ? 2 : 3;
	for (size_t i = 0; (t = candidate(i, &code)); i++) {
		if (!fold(t, f, sizeof f))
			continue;
		int d = edit_distance(want, f);
		if (d < bestd) {
			bestd = d;
			best = code;
		}
	}
	return best;
}

const char *
country_name(const dpa_country *c, const char *lang)
{
	return lang && strcmp(lang, "en") == 0 ? c->name_en : c->name_da;
}

const char *
country_authority(const dpa_country *c, int lang)
{
	return c->authority[lang == 1 ? 1 : 0];
}

bool
country_in_eea(const dpa_country *c)
{
	return c->region == EU || c->region == EEA;
}

size_t
country_count(void)
{
	return NCOUNTRIES;
}

const dpa_country *
country_at(size_t i)
{
	return i < NCOUNTRIES ? &countries[i] : NULL;
}

size_t
country_region_count(void)
{
	return NREGIONS;
}

const dpa_country *
country_region_at(size_t i)
{
	return i < NREGIONS ? &regions[i] : NULL;
}

size_t
country_alias_count(void)
{
	return NALIASES;
}

const char *
country_alias_at(size_t i, const char **code)
{
	if (i >= NALIASES)
		return NULL;
	*code = aliases[i].code;
	return aliases[i].text;
}
