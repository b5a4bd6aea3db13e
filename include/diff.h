/* diff.h - two rendered agreements compared part by part: each clause,
 * annex, section and sub-clause is a unit keyed by its id (an anonymous
 * sub-clause by its parent's id and its place), so a renumbering is no
 * change and a change is shown where it is; inside a changed unit, words
 * are compared.  Everything lives in the arena passed in.
 */
#ifndef DPAGEN_DIFF_H
#define DPAGEN_DIFF_H

#include "tmpl.h"

typedef enum dpa_op { DPA_SAME, DPA_DEL, DPA_INS } dpa_op;

/* A run of words (and newlines) that is the same, deleted or inserted. */
typedef struct dpa_span {
	dpa_op op;
	const char *s;             /* words joined by single spaces; "\n" kept */
	size_t len;
	bool row;                  /* starts a table row at the start of a line */
} dpa_span;

typedef enum dpa_unit_state { DPA_UNIT_SAME, DPA_UNIT_CHANGED, DPA_UNIT_ADDED, DPA_UNIT_REMOVED } dpa_unit_state;

typedef struct dpa_unit_diff {
	dpa_unit_state state;
	const char *key;           /* id, or "parent-id/3" */
	const char *number, *title; /* NEW's, or OLD's for a removed unit */
	const char *parent_title;  /* a sub-clause's or section's clause or annex title, or NULL */
	dpa_head_kind kind;
	dpa_span *spans;
	size_t nspans;
	size_t words_del, words_ins;
} dpa_unit_diff;

typedef struct dpa_diff {
	dpa_unit_diff *units;      /* in NEW's order, removed ones after their OLD predecessor */
	size_t n;
	size_t changed;            /* units not DPA_UNIT_SAME */
} dpa_diff;

/* The last unit of the run of unchanged units that starts at i: the
 * run every output collapses to one line. */
size_t diff_same_run(const dpa_diff *d, size_t i);

/* Compare old and new (rendered without highlight marks). */
void diff_rendered(arena *a, const dpa_rendered *old, const dpa_rendered *new, dpa_diff *out);

#endif /* !DPAGEN_DIFF_H */
