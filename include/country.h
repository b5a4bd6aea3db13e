/* country.h - the one country table: ISO 3166-1 alpha-2 code, English and
 * Danish names, EU/EEA membership, EU adequacy decisions and supervisory
 * authorities; the regions EU, EEA and EU/EEA; the aliases behind "did you
 * mean" hints.  Used by validation (codes), templates (names) and check
 * (transfer rules). */
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
	const char *code;           /* "DK", or a region's "EU", "EEA", "EU/EEA" */
	const char *name_en, *name_da;
	dpa_region region;
	const char *adequacy;       /* Art. 45 decision, or NULL */
	const char *adequacy_date;  /* YYYY-MM-DD, or NULL */
	const char *adequacy_scope; /* partial adequacy, or NULL */
	/* The supervisory authority (GDPR Art. 51) as a Danish [0] and an
	 * English [1] text names it; NULL outside the EU/EEA, for regions and
	 * where the country has several (DE), so that the config must name one. */
	const char *authority[2];
	bool is_region;             /* EU, EEA or EU/EEA: somewhere in that area */
} dpa_country;

/* Exact, case-sensitive look-up of an upper-case code or region ("DK",
 * "EU/EEA"); NULL if unknown.  Every value a COUNTRY field accepts. */
const dpa_country *country_find(const char *code);

/* A code or region for what someone wrote instead ("Germany", "tyskland",
 * "de", "UK", "Österreich", "eu" -> "DE", "DE", "DE", "GB", "AT", "EU"),
 * for "did you mean" hints: a miscased code, then the curated aliases, then
 * the table's names, then the nearest name by edit distance; NULL if
 * nothing is close. */
const char *country_guess(const char *text);

/* Name in the document language ("da" or "en"). */
const char *country_name(const dpa_country *c, const char *lang);

/* In the EU or the EEA: member states, their outermost regions, and the
 * regions EU, EEA and EU/EEA. */
bool country_in_eea(const dpa_country *c);

/* The supervisory authority in a document language (dpa_lang: 0 da,
 * 1 en), or NULL when the config must name it. */
const char *country_authority(const dpa_country *c, int lang);

/* The ISO countries, sorted by code (regions are not among them). */
size_t country_count(void);
const dpa_country *country_at(size_t i);

/* The regions, in table order: EU, EEA, EU/EEA. */
size_t country_region_count(void);
const dpa_country *country_region_at(size_t i);

/* The curated aliases (for tests): text i and the code it means. */
size_t country_alias_count(void);
const char *country_alias_at(size_t i, const char **code);

#endif /* !DPAGEN_COUNTRY_H */
