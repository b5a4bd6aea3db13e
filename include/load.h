/* load.h - config files -> model: read, `extends`, --set, bind, validate.
 *
 * A dpa_doc owns everything loaded for one agreement in its arena: the
 * merged tree, the model and all their strings.  dpa_doc_free() releases
 * it; locations in diagnostics stay valid (diags intern file names).
 */
#ifndef DPAGEN_LOAD_H
#define DPAGEN_LOAD_H

#include "model.h"
#include "ytree.h"

enum { DPA_MAX_EXTENDS = 8 };  /* depth of an `extends` chain */

typedef struct dpa_doc {
	arena mem;
	ynode *tree;      /* merged config, `extends` removed */
	dpa_model *m;     /* bound model, or NULL after errors */
} dpa_doc;

typedef struct dpa_load_opts {
	const char *const *sets;  /* "KEY=VALUE" overrides, applied in order */
	size_t nsets;
	const char *lang;         /* --lang, or NULL */
} dpa_load_opts;

/* Load path ("-" for stdin) with its `extends` chain and overrides into
 * doc.  Returns 0, or -1 with every problem found in d. */
int dpa_load(dpa_doc *doc, const char *path, const dpa_load_opts *o, dpa_diags *d);

/* The steps of dpa_load, for batch: a file's tree with `extends` merged
 * in (NULL on error); one override applied to *root (index is its 1-based
 * position, shown as the line of "--set:LINE:COL"); binding a tree. */
ynode *dpa_load_tree(arena *a, const char *path, dpa_diags *d);
int dpa_apply_set(arena *a, ynode **root, const char *kv, unsigned index, dpa_diags *d);
dpa_model *dpa_bind(arena *a, ynode *root, const char *file, dpa_diags *d);
/* dpa_bind with --lang (or NULL) as dpa_load applies it: *root gets the
 * language, the defaults follow the language the files give. */
dpa_model *dpa_bind_lang(arena *a, ynode **root, const char *file, const char *lang, dpa_diags *d);

void dpa_doc_free(dpa_doc *doc);

/* The document language of a bound model. */
dpa_lang dpa_model_lang(const dpa_model *m);

#endif /* !DPAGEN_LOAD_H */
