/* table_layout.h - column widths of an automatic table, as browsers lay
 * them out, shared by the terminal and PDF back-ends (which measure in
 * columns and in points); and the terminal's line breaker, which fills
 * both paragraphs and table cells. */
#ifndef DPAGEN_TABLE_LAYOUT_H
#define DPAGEN_TABLE_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* natural[c]: the width column c wants on one line; word[c]: its longest
 * word.  Each column gets its natural width if the table fits in avail;
 * else its longest word, plus the room left in proportion to how much
 * more it wants; if even the words do not fit, the columns with the
 * narrowest words keep them and the widest share what is left equally
 * (their words will be cut: one overlong word no longer squeezes every
 * other column into a letter per line).  out may be natural. */
void table_auto_widths(const double *natural, const double *word, size_t ncols, double avail,
    double *out);

/* ---- text in display columns (the terminal) ---- */

/* One code point of styled text; style is the caller's, width its
 * display columns (0 for '\n', a forced line break). */
typedef struct tl_char {
	int32_t cp;
	uint8_t style;
	uint8_t width;
} tl_char;

/* A line of v as [start, end); cut: a word wider than the line was broken
 * here, and the caller draws a mark (TL_CUT_MARK) after the line, in the
 * one column the breaker left free for it. */
typedef void (*tl_line_fn)(void *arg, const tl_char *v, size_t start, size_t end, bool cut);

#define TL_CUT_MARK "-"

/* Break v[0..n) into lines: the first at most first columns wide, the
 * others at most rest.  Lines break at spaces and after a hyphen inside a
 * word ("sms-|påmindelser"); a word is broken only when it alone is wider
 * than the line, and then marked (cut). */
void tl_break(const tl_char *v, size_t n, size_t first, size_t rest, tl_line_fn emit, void *arg);

/* The width of v on one line, and of its widest unbreakable piece (a word,
 * or the part of a hyphenated word on one side of a hyphen). */
void tl_measure(const tl_char *v, size_t n, size_t *natural, size_t *word);

/* Does a table whose columns' longest words are word[] fit in avail
 * columns (frame not counted) without cutting a word?  Below that the
 * terminal shows one block per row instead. */
bool tl_words_fit(const size_t *word, size_t ncols, size_t avail);

#endif /* !DPAGEN_TABLE_LAYOUT_H */
