/* hyph.h - the hyphenation dictionaries built into the binary.
 *
 * tools/hyphgen.c compiles Debian's hyphen-da and hyphen-en-us with
 * libhyphen's own parser at build time into tables without pointers
 * (build/gen/hyph_data.c); hyph_dict() turns them into libhyphen's
 * HyphenDict once per process and language, for hnj_hyphen_hyphenate2().
 * The dictionaries are shared, read-only and never freed.
 */
#ifndef DPAGEN_HYPH_H
#define DPAGEN_HYPH_H

#include <hyphen.h>
#include <stdint.h>

/* One state of libhyphen's automaton: offsets into the pool (-1: none). */
typedef struct hyph_state {
	int32_t match, repl, fallback;
	int16_t ntrans;
	int8_t replindex, replcut;
} hyph_state;

/* One level of a dictionary (HyphenDict's fields, and its states). */
typedef struct hyph_level {
	int lhmin, rhmin, clhmin, crhmin;
	int32_t nohyphen;
	int nohyphenl;
	const char *cset;
	int utf8, nstates;
	const hyph_state *states;
	HyphenTrans *trans;          /* every state's, in order */
} hyph_level;

typedef struct hyph_source {
	const hyph_level *levels;
	int nlevels;
	char *pool;
} hyph_source;

extern const hyph_source hyph_da, hyph_en;

/* The dictionary for lang ("da", "en"; anything else: NULL). */
HyphenDict *hyph_dict(const char *lang);

#endif /* !DPAGEN_HYPH_H */
