/* country.c - look-ups in the country table (data in country_data.h). */
#include "country.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static const dpa_country countries[] = {
#define COUNTRY(code, en, da, region, adeq, adeq_date, adeq_scope, auth_da, auth_en) \
	{ code, en, da, region, adeq, adeq_date, adeq_scope, { auth_da, auth_en } },
#include "country_data.h"
#undef COUNTRY
};

enum { NCOUNTRIES = sizeof countries / sizeof countries[0] };

static int
cmp_code(const void *key, const void *elem)
{
	return strcmp(key, ((const dpa_country *)elem)->code);
}

const dpa_country *
country_find(const char *code)
{
	if (!code || strlen(code) != 2)
		return NULL;
	return bsearch(code, countries, NCOUNTRIES, sizeof countries[0], cmp_code);
}

const char *
country_guess(const char *text)
{
	if (!text)
		return NULL;
	if (strlen(text) == 2) {
		char up[3] = { (char)toupper((unsigned char)text[0]),
			(char)toupper((unsigned char)text[1]), 0 };
		const dpa_country *c = country_find(up);
		if (c)
			return c->code;
	}
	for (size_t i = 0; i < NCOUNTRIES; i++)
		if (strcasecmp(text, countries[i].name_en) == 0 ||
		    strcasecmp(text, countries[i].name_da) == 0)
			return countries[i].code;
	/* Common English long forms and typos. */
	const char *best = NULL;
	int bestd = 3;
	for (size_t i = 0; i < NCOUNTRIES; i++) {
		int d = edit_distance(text, countries[i].name_en);
		int d2 = edit_distance(text, countries[i].name_da);
		if (d2 < d)
			d = d2;
		if (d < bestd) {
			bestd = d;
			best = countries[i].code;
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
