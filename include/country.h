/* country.h - the one country table: ISO 3166-1 alpha-2 code, English and
 * Danish names, EU/EEA membership and EU adequacy decisions.  Used by
 * validation (codes), templates (names) and check (transfer rules). */
#ifndef DPAGEN_COUNTRY_H
#define DPAGEN_COUNTRY_H

#include <stdbool.h>
#include <stddef.h>

typedef enum dpa_region {
	EU,    /* EU member state (or an EU outermost region) */
	EEA,   /* EEA but not EU: Iceland, Liechtenstein, Norway */
	THIRD  /* third country under GDPR Chapter V */
} dpa_region;

typedef struct dpa_country {
	const char *code;           /* "DK" */
	const char *name_en, *name_da;
	dpa_region region;
	const char *adequacy;       /* Art. 45 decision, or NULL */
	const char *adequacy_date;  /* YYYY-MM-DD, or NULL */
	const char *adequacy_scope; /* partial adequacy, or NULL */
	/* The supervisory authority (GDPR Art. 51) as a Danish [0] and an
	 * English [1] text names it; NULL outside the EU/EEA and where the
	 * country has several (DE), so that the config must name one. */
	const char *authority[2];
} dpa_country;

/* Exact, case-sensitive look-up of an upper-case code; NULL if unknown. */
const dpa_country *country_find(const char *code);

/* A code for a country name or a miscased code ("Germany", "tyskland",
 * "de" -> "DE"), for "did you mean" hints; NULL if nothing is close. */
const char *country_guess(const char *text);

/* Name in the document language ("da" or "en"). */
const char *country_name(const dpa_country *c, const char *lang);

bool country_in_eea(const dpa_country *c);

/* The supervisory authority in a document language (dpa_lang: 0 da,
 * 1 en), or NULL when the config must name it. */
const char *country_authority(const dpa_country *c, int lang);

size_t country_count(void);
const dpa_country *country_at(size_t i);

#endif /* !DPAGEN_COUNTRY_H */
