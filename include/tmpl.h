/* tmpl.h - the template engine: compile a template set once, render it
 * against many models.  The language is documented in docs/templates.md.
 *
 * The engine owns Markdown escaping (values are escaped on insertion),
 * numbering of clauses, annexes, sections and sub-clauses, and
 * cross-references.  A dpa_tmpl is immutable after compiling, so batch
 * workers may render one set from several threads.
 */
#ifndef DPAGEN_TMPL_H
#define DPAGEN_TMPL_H

#include "model.h"

typedef struct dpa_tmpl dpa_tmpl;

/* Compile the set for lang: from dir (DIR/LANG/document.md if that exists,
 * else DIR/document.md), or the built-in set when dir is NULL.  Returns
 * NULL with every problem (template file:line:col) in d.  Free with
 * tmpl_free(). */
dpa_tmpl *tmpl_compile(const char *dir, dpa_lang lang, dpa_diags *d);

/* Another document of the set (the sub-processor notice): its root
 * template, and values of its own that templates name as PREFIX.field
 * (NULL prefix: none), passed to tmpl_render as dpa_render_opts.extra. */
typedef struct dpa_tmpl_root {
	const char *name;               /* "document", "notice" */
	const char *prefix;             /* "notice" */
	const dpa_struct_def *def;
} dpa_tmpl_root;
dpa_tmpl *tmpl_compile_root(const char *dir, dpa_lang lang, const dpa_tmpl_root *root, dpa_diags *d);
void tmpl_free(dpa_tmpl *t);

/* SHA-256 of the set's files (names and contents), 32 bytes. */
const unsigned char *tmpl_digest(const dpa_tmpl *t);

typedef enum dpa_head_kind {
	DPA_HEAD_CLAUSE,
	DPA_HEAD_ANNEX,
	DPA_HEAD_SECTION,
	DPA_HEAD_PART,
	DPA_HEAD_SUB,
	DPA_HEAD_FOOTER,    /* where the footer starts; no number or title */
	DPA_HEAD_TOC,       /* the table of contents' list */
	DPA_HEAD__MAX
} dpa_head_kind;

/* One numbered thing of the rendered agreement: the clause index. */
typedef struct dpa_heading {
	dpa_head_kind kind;
	const char *id;       /* NULL for an anonymous sub-clause */
	const char *number;   /* "10", "10.2", "A", "C.2", "" for a part */
	const char *title;    /* NULL for a sub-clause */
	int parent;           /* index of the clause or annex, -1 at top */
	uint32_t line;        /* line in the Markdown where it starts, 0 if left out */
} dpa_heading;

typedef struct dpa_render_opts {
	bool annexes_only;    /* front matter, annexes and footer only */
	bool highlight;       /* mark config values with DPA_MARK_ON/OFF */
	const char *fingerprint;
	const void *extra;    /* the struct of dpa_tmpl_root.def, or NULL */
} dpa_render_opts;

/* Private-use code points around every inserted value in highlight mode;
 * user text never contains them (the engine strips them). */
#define DPA_MARK_ON "\xEE\x80\x80"   /* U+E000 */
#define DPA_MARK_OFF "\xEE\x80\x81"  /* U+E001 */

/* The redline's marks (`dpagen diff -f html|pdf|docx`): around deleted and
 * inserted words in the Markdown the diff builds.  Refused in config
 * values like the review marks (textguard.h), so only the diff writes
 * them; the back-ends draw them as deletions and insertions. */
#define DPA_DEL_ON "\xEE\x80\x83"   /* U+E003 */
#define DPA_DEL_OFF "\xEE\x80\x84"  /* U+E004 */
#define DPA_INS_ON "\xEE\x80\x85"   /* U+E005 */
#define DPA_INS_OFF "\xEE\x80\x86"  /* U+E006 */

/* The redline mark p starts: 1 a deletion, 2 an insertion, -1 the end of
 * either; 0 if p starts none (p has 3 bytes to read, or a NUL first). */
static inline int
dpa_redline_mark(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	if (u[0] != 0xEE || u[1] != 0x80 || u[2] < 0x83 || u[2] > 0x86)
		return 0;
	return u[2] == 0x83 ? 1 : u[2] == 0x85 ? 2 : -1;
}

/* Facts about the agreement that back-ends print outside the text
 * (PDF metadata, running header and footer); NULL when not given. */
typedef struct dpa_docmeta {
	const char *controller, *processor, *reference, *version, *fingerprint;
	int year, month, day;     /* agreement.date, year 0 if not given */
} dpa_docmeta;

typedef struct dpa_rendered {
	arena mem;            /* index and meta strings */
	dpa_docmeta meta;
	buf md;               /* the Markdown */
	dpa_heading *index;
	size_t nindex;
	dpa_lang lang;
	bool draft;           /* written over error-level findings (--force) */
} dpa_rendered;

/* Render t against m into out (initialised here).  Returns 0, or -1 with
 * problems in d (e.g. a reference to an id no template defines).  out owns
 * all its memory (it may outlive t and m); free it with rendered_free()
 * either way. */
int tmpl_render(const dpa_tmpl *t, const dpa_model *m, const dpa_render_opts *o,
    dpa_rendered *out, dpa_diags *d);
void rendered_free(dpa_rendered *r);

/* Mark r as a draft that is not ready for signature: a banner naming the
 * rules (ids, e.g. "DPA035, DPA036") before everything else, and the mark
 * after the fingerprint on the footer line; back-ends see r->draft. */
void rendered_mark_draft(dpa_rendered *r, const char *ids);

/* Take the highlight marks out of r's Markdown: it is then the agreement
 * rendered without highlight, byte for byte (the index is unchanged; marks
 * never span lines).  Lets one render serve the check and the output. */
void rendered_unmark(dpa_rendered *r);

/* The clauses, annexes, sections, parts and sub-clauses with an id of a
 * set in order, without a model (for `dpagen clauses`): calls fn for each
 * with its number (title NULL for a sub-clause).  A conditional section
 * counts as the branch with more sub-clauses. */
typedef void (*tmpl_outline_fn)(void *ctx, dpa_head_kind kind, const char *number,
    const char *id, const char *title);
void tmpl_outline(const dpa_tmpl *t, tmpl_outline_fn fn, void *ctx);

/* Markdown escaping of plain text, as the engine does on insertion:
 * inline (line breaks become spaces; block_start when the text starts a
 * block, so that "- " or "1." must not become a list) or as paragraphs. */
void md_escape_inline(buf *out, const char *s, size_t len, bool block_start);
void md_escape_paragraphs(buf *out, const char *s, size_t len);

#endif /* !DPAGEN_TMPL_H */
