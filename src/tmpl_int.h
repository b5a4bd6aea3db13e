/* tmpl_int.h - private to the template engine (tmpl.c, tmpl_filters.c):
 * run-time values and the filter table. */
#ifndef DPAGEN_TMPL_INT_H
#define DPAGEN_TMPL_INT_H

#include "lang.h"
#include "tmpl.h"

typedef enum vkind {
	V_NONE,     /* not given */
	V_TEXT,     /* plain text: escaped on output */
	V_MD,       /* Markdown from a field documented as Markdown */
	V_BLOCK,    /* Markdown the engine built (already escaped) */
	V_INT,
	V_BOOL,
	V_DATE,
	V_COUNTRY,
	V_LIST,
	V__MAX
} vkind;

typedef struct tval {
	vkind k;
	const char *s;          /* TEXT MD BLOCK COUNTRY */
	long i;                 /* INT BOOL */
	int y, m, d;            /* DATE */
	struct tval *items;     /* LIST */
	size_t n;
} tval;

/* Static type, checked when compiling: the kind, and for lists the kind
 * of the elements. */
typedef struct ttype {
	vkind k, elem;
} ttype;

enum { FILTER_MAX_ARGS = 2 };

typedef struct filter_def {
	const char *name;
	int nargs;              /* required; -1: 0 or 1 */
	/* Result type for input type in, or k == V__MAX if not applicable. */
	ttype (*type)(ttype in);
	tval (*apply)(arena *a, const dpa_lang_strings *ls, tval in, const char *const *args);
} filter_def;

const filter_def *filter_find(const char *name, size_t len);
void filter_names(buf *out);   /* for error messages */

/* Text of a value as the document shows it, unescaped (NULL for NONE). */
const char *tval_text(arena *a, const dpa_lang_strings *ls, tval v);

/* Append v to out as Markdown: text escaped, Markdown and blocks as is.
 * block_start: the value starts a block's text, where list and heading
 * markers would be read as syntax. */
void tval_emit(buf *out, arena *a, const dpa_lang_strings *ls, tval v, bool block_start);

const char *vkind_name(vkind k);

#endif /* !DPAGEN_TMPL_INT_H */
