/* check_int.h - what the files of check's rules share: the run's context,
 * the text index and the helpers that report a finding.  Private to
 * src/check*.c; the rule table itself is in check_rules.c, and each rule
 * function lives in the file of its subject (check_terms.c: what the free
 * text agrees to). */
#ifndef DPAGEN_CHECK_INT_H
#define DPAGEN_CHECK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "stem.h"

typedef struct ctx ctx;
typedef void (*rule_fn)(ctx *c, const void *data);

typedef struct rule_def {
	dpa_rule r;
	rule_fn run;
	const void *data;   /* the rule's own table, if it has one */
} rule_def;

/* A sentence of a text value, and which phrase lists of sentence_lists
 * occur in it (bit i: list i), all found in one scan (index_sentence). */
typedef struct sentence {
	const char *s;
	size_t n;
	uint32_t has;
} sentence;

typedef struct text_ref {
	const dpa_field *f;   /* its field (for a list item: the list's) */
	const dpa_str *v;
	const char *s;        /* what the rules match: v's text as a reader sees it
	                       * (Markdown's text, look-alike letters folded) */
	const char *path;
	const sentence *sv;   /* its sentences (set in c->texts) */
	size_t ns;
} text_ref;

typedef void (*text_fn)(ctx *c, const text_ref *t, void *arg);

struct ctx {
	const dpa_model *m;
	dpa_diags *d;
	const rule_def *rule;   /* the rule running */
	const dpa_rendered *r;  /* the agreement, values marked; NULL if not rendered */
	dpa_diags render_d;     /* why rendering failed, if it did */
	arena mem;              /* the text index below */
	text_ref *texts;        /* every text value of the config, split in sentences */
	size_t ntexts;
	const dpa_str **fkey;   /* the values whose form differs (form_of), open addressing */
	const char **fval;
	size_t fcap, ftaken;    /* fcap 0, or a power of two */
	const dpa_field *art28_fields[8];   /* the fields of art28_values, in order */
	stem_ctx *stem;         /* made by the first rule that stems (check_terms.c) */
	struct terms_cache *terms;  /* its stemmed phrases, made once per run */
	stem_words **sentences; /* per text, per sentence: stemmed once per run */
	check_memo *memo;       /* kept across runs, or NULL (check_terms.c) */
};

#define ITEM(list, type, i) (&((const type *)(list).v)[i])

/* Report a finding of the running rule at loc (path: the config path). */
void finding(ctx *c, dpa_loc loc, const char *path, const char *fmt, ...) DPA_PRINTF(4, 5);

/* Where a finding about h points: at h, else at its parent section, else
 * at the config's root. */
dpa_loc at(const ctx *c, const dpa_hdr *h, const dpa_hdr *parent);

/* fn for every string, text and Markdown value of the config. */
void walk_texts(ctx *c, text_fn fn, void *arg);

/* Only white space (and no-break spaces)? */
bool blank(const char *s);

/* s[0..n) on one line for a message, in out. */
const char *excerpt(const char *s, size_t n, char *out, size_t size);

/* The rules of check_terms.c. */
void rule_inspection_text(ctx *c, const void *data);
void rule_unilateral_change(ctx *c, const void *data);
void rule_objection_penalty(ctx *c, const void *data);
void rule_sensitive_in_text(ctx *c, const void *data);
void rule_vague_measures(ctx *c, const void *data);
void rule_stale_certificate(ctx *c, const void *data);

/* Free what check_terms.c made for the run (the stemmer). */
void terms_done(ctx *c);

#endif /* !DPAGEN_CHECK_INT_H */
