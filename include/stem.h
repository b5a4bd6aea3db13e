/* stem.h - text as words reduced to their Snowball stems, in Danish and in
 * English, so that a text rule names a word once and finds it in every
 * inflection ("inspektion" finds "inspektioner", "inspektionerne";
 * "audit" finds "audits", "audited") without lists of forms.
 *
 * A stemmer (stem_ctx) is not thread-safe: make one per thread (check
 * makes one per run).  Words and phrases own their memory; free them with
 * the matching *_free().
 */
#ifndef DPAGEN_STEM_H
#define DPAGEN_STEM_H

#include <stdbool.h>
#include <stddef.h>

typedef struct stem_ctx stem_ctx;

/* One word of a text: its Danish and English stems, and where it is. */
typedef struct stem_word {
	size_t da, en;         /* offsets in pool of the stems, lower case, NUL-terminated */
	size_t off, len;       /* the word's bytes in the text */
	unsigned hda, hen;     /* hashes of the stems: most words differ in them */
} stem_word;

typedef struct stem_words {
	stem_word *v;
	size_t n, cap;
	char *pool;            /* the stems' bytes */
	size_t pool_len, pool_cap;
} stem_words;

/* NULL only when out of memory. */
stem_ctx *stem_new(void);
void stem_free(stem_ctx *c);

/* The words of text (UTF-8): runs of letters and digits; a number keeps
 * its inner "/", "." and "-" ("95/46", "2021/914", "27001:2022" is two).
 * Appends to out (zero it first); returns 0, or -1 when out of memory. */
int stem_text(stem_ctx *c, const char *text, size_t len, stem_words *out);
void stem_words_free(stem_words *w);

/* Does a phrase (words of a pattern, stem_text of it) occur in text, its
 * words in order with at most gap other words between two of them?  A
 * word matches when its Danish or its English stem is the same.  *at
 * (may be NULL) receives the index of the text's first matching word. */
bool stem_find(const stem_words *text, const stem_words *phrase, size_t gap, size_t *at);

#endif /* !DPAGEN_STEM_H */
