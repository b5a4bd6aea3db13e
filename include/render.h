/* render.h - the back-ends, one row each: format name, file extension and
 * the function that turns a rendered agreement into bytes.  `-f` and the
 * extension of `-o` both read this table. */
#ifndef DPAGEN_RENDER_H
#define DPAGEN_RENDER_H

#include "tmpl.h"

typedef struct dpa_backend_opts {
	bool fragment;     /* HTML: body content only */
	bool highlight;    /* mark config values */
	int width;         /* terminal: columns */
} dpa_backend_opts;

typedef struct dpa_backend {
	const char *name;  /* "md" */
	const char *ext;   /* ".md" */
	bool binary;       /* never written to a terminal */
	/* Append the document to out; 0, or -1 with problems in d. */
	int (*render)(const dpa_rendered *r, const dpa_backend_opts *o, buf *out, dpa_diags *d);
} dpa_backend;

/* Back-end by name, or by the extension of a file name; NULL if none. */
const dpa_backend *backend_find(const char *name);
const dpa_backend *backend_for_path(const char *path);
void backend_names(buf *out);   /* "md, html, ..." */

int render_md(const dpa_rendered *r, const dpa_backend_opts *o, buf *out, dpa_diags *d);

#endif /* !DPAGEN_RENDER_H */
