/* render.h - the back-ends, one row each: format name, file extension and
 * the function that turns a rendered agreement into bytes.  `-f` and the
 * extension of `-o` both read this table.  Back-ends that walk the AST
 * get it parsed once by the caller (doc.h); Markdown needs only the text.
 */
#ifndef DPAGEN_RENDER_H
#define DPAGEN_RENDER_H

#include "doc.h"

typedef struct dpa_backend_opts {
	bool fragment;     /* HTML: body content only, no <head> or CSS */
	bool highlight;    /* show config values marked by the engine */
	bool color;        /* terminal: bold, colour (a terminal, no NO_COLOR) */
	int width;         /* terminal: columns */
	cmark_node **sel;  /* terminal: ranges to show, as first, last pairs */
	size_t nsel;       /* number of ranges; 0: the whole agreement */
	/* dpagen diff: the text is a redline (redline.h), its marks show as
	 * deletions and insertions, and a rule ends the summary's page. */
	bool redline;
	const char *author;    /* docx: the tracked changes' w:author, or NULL */
	const char *rev_date;  /* docx: their w:date ("2026-03-01T00:00:00Z"), or NULL */
	/* The config rendered, or NULL: a value a back-end cannot print (pdf:
	 * a character its fonts lack) is located in it (file:line:col). */
	const struct ynode *source;
} dpa_backend_opts;

typedef int (*dpa_render_fn)(const dpa_rendered *r, const dpa_ast *a,
    const dpa_backend_opts *o, buf *out, dpa_diags *d);

typedef struct dpa_backend {
	const char *name;  /* "md" */
	const char *ext;   /* ".md" */
	bool binary;       /* never written to a terminal */
	bool needs_ast;
	dpa_render_fn render;  /* append the document to out; 0, or -1 with d */
} dpa_backend;

/* Back-end by name, or by the extension of a file name; NULL if none. */
const dpa_backend *backend_find(const char *name);
const dpa_backend *backend_for_path(const char *path);
void backend_names(buf *out);   /* "md, html, ..." */

int render_md(const dpa_rendered *r, const dpa_ast *a, const dpa_backend_opts *o,
    buf *out, dpa_diags *d);
int render_html(const dpa_rendered *r, const dpa_ast *a, const dpa_backend_opts *o,
    buf *out, dpa_diags *d);
int render_pdf(const dpa_rendered *r, const dpa_ast *a, const dpa_backend_opts *o,
    buf *out, dpa_diags *d);
/* Word (.docx): libzip is loaded when the first one is made. */
int render_docx(const dpa_rendered *r, const dpa_ast *a, const dpa_backend_opts *o,
    buf *out, dpa_diags *d);
int render_term(const dpa_rendered *r, const dpa_ast *a, const dpa_backend_opts *o,
    buf *out, dpa_diags *d);

/* What every page's running header names beside the title: the reference
 * and the version ("DBA-2026-001, version 1.0"; "version" is the word in
 * Danish and English), either alone, or "" without both. */
void docmeta_running_ref(const dpa_docmeta *m, char *out, size_t size);

#endif /* !DPAGEN_RENDER_H */
