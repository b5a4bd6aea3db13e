/* render_docx.c - the Word back-end: an Office Open XML document (.docx)
 * from the same AST as the other back-ends.
 *
 * The XML is ours; the zip container is libzip's.  Paragraphs get real
 * styles (Title, Heading1-3, BodyText, ListParagraph, table styles) and
 * inline marks character styles (Strong, Emphasis, Hyperlink), so a
 * lawyer who marks the agreement up in Word works with styles, not with
 * direct formatting.  Clause numbers stay text, as in the headings.
 * Internal links go to bookmarks named after the clause ids.  A redline
 * (`dpagen diff -f docx`) has its deletions and insertions as Word's
 * tracked changes (w:del, w:ins), so Word and LibreOffice show revisions.
 *
 * Deterministic: the parts in a fixed order, every entry with the same
 * time (SOURCE_DATE_EPOCH, else 1980-01-01), attributes and compression,
 * and no clock read; the same agreement gives the same bytes.
 *
 * libzip is loaded with dlopen() when the first DOCX is made, like
 * libharu (hpdf_lazy.h): linking it (with OpenSSL, bzip2 and zlib) would
 * cost every run of dpagen its mapping and relocation (issue 8).
 */
#include <cmark-gfm-core-extensions.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "lang.h"
#include "render.h"
#include "table_layout.h"

/* ---- libzip through dlopen() -------------------------------------------- */

#define ZIP_SONAME "libzip.so.4"

#define ZIP_FUNCS(X) \
	X(zip_source_buffer_create) X(zip_open_from_source) X(zip_source_buffer) \
	X(zip_file_add) X(zip_set_file_compression) X(zip_file_set_dostime) \
	X(zip_file_set_external_attributes) X(zip_close) X(zip_discard) \
	X(zip_source_keep) X(zip_source_free) X(zip_source_open) X(zip_source_read) \
	X(zip_source_close) X(zip_strerror) X(zip_error_init) X(zip_error_fini) \
	X(zip_error_strerror) X(zip_source_error)

typedef struct zip_api {
#define ZIP_LAZY_MEMBER(f) __typeof__(f) *p_##f;
	ZIP_FUNCS(ZIP_LAZY_MEMBER)
#undef ZIP_LAZY_MEMBER
} zip_api;

static zip_api zl;
static pthread_once_t zip_once = PTHREAD_ONCE_INIT;
static char zip_load_error[256];

/* Never closed: the table is used until the process ends. */
static void
zip_load_once(void)
{
	void *lib = dlopen(ZIP_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		snprintf(zip_load_error, sizeof zip_load_error, "%s", dlerror());
		return;
	}
	void *sym;
#define ZIP_LAZY_LOAD(f) \
	if (!(sym = dlsym(lib, #f))) { \
		snprintf(zip_load_error, sizeof zip_load_error, ZIP_SONAME " has no %s", #f); \
		return; \
	} \
	memcpy(&zl.p_##f, &sym, sizeof sym);
	ZIP_FUNCS(ZIP_LAZY_LOAD)
#undef ZIP_LAZY_LOAD
}

/* ---- XML text ------------------------------------------------------------ */

enum {
	MAX_DEPTH = 64,        /* lists tracked; deeper ones reuse the last level */
	TEXT_WIDTH = 9638,     /* A4 less 2 cm margins, in twips */
	RID_FIRST_LINK = 6,    /* rId1-5: styles, settings, numbering, header, footer */
	/* zlib's fastest level: deflate was a quarter of a DOCX's time at
	 * level 6, for a file 20 % smaller (issue 8's budget). */
	DEFLATE_LEVEL = 1,
	REV_ID_FIRST = 1000000, /* w:id of a redline's first tracked change */
};

typedef struct list_ctx {
	int num_id;            /* w:num of the list, 0: paragraphs without numbers */
	bool first_para;       /* the item's first paragraph is yet to come */
} list_ctx;

typedef struct dstate {
	const dpa_rendered *r;
	const dpa_ast *a;
	const dpa_backend_opts *o;
	const dpa_lang_strings *ls;
	buf *x;                /* word/document.xml */
	buf rels;              /* the external links' relationships */
	buf nums;              /* the ordered lists' w:num elements */
	int nlinks, nnums, nbookmarks, nrevs;
	int strong, emph;      /* nesting of the inline marks */
	bool link, code, mark;
	int rev;               /* redline: 1 deleted, 2 inserted text, 0 neither */
	int para_rev;          /* the same of the next paragraph's mark */
	bool header_row, keep, page_break;
	list_ctx lists[MAX_DEPTH];
	int depth;             /* lists open */
	int col;
	int *colw, ncolw;      /* the current table's column widths, twips */
	size_t run_end;        /* x->len after the last run, to extend it */
	unsigned run_kind;     /* its properties, 0: none yet */
} dstate;

/* Append s as XML character data.  The engine's review marks (U+E000,
 * U+E001) are dropped here; callers that honour them split first.
 * Characters XML 1.0 does not allow cannot reach here (textguard refuses
 * them) but are dropped all the same, so the file always parses. */
static void
xml_text(buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		const unsigned char *run = p;
		while (p < end && *p >= 0x20 && *p != '&' && *p != '<' && *p != '>' && *p != '"' &&
		    *p != 0xEE && *p != 0xEF)
			p++;
		buf_put(out, run, (size_t)(p - run));
		if (p == end)
			break;
		unsigned char c = *p;
		if (c == 0xEE && end - p >= 3 && p[1] == 0x80 && (p[2] == 0x80 || p[2] == 0x81)) {
			p += 3;
			continue;
		}
		if (c == 0xEF && end - p >= 3 && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
			p += 3;   /* U+FFFE, U+FFFF */
			continue;
		}
		switch (c) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		case '\t': case '\n': case '\r': buf_putc(out, ' '); break;
		case 0xEE: case 0xEF: buf_putc(out, (char)c); break;
		default: break;   /* other C0 controls */
		}
		p++;
	}
}

static void
xml_puts(buf *out, const char *s)
{
	if (s)
		xml_text(out, s, strlen(s));
}

/* A bookmark name Word accepts: letters, digits and '_', at most 40
 * characters, starting with a letter.  Clause ids are [a-z][a-z0-9-]*
 * (tmpl.c), so '-' to '_' keeps them readable and distinct ("breach-notify"
 * is "breach_notify"); a longer one ends in a hash of the whole id. */
static void
bookmark_name(buf *out, const char *id)
{
	char name[41];
	size_t n = 0;
	if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z')))
		name[n++] = 'd';
	for (const char *p = id; *p && n < sizeof name - 1; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		name[n++] = ok ? c : '_';
	}
	name[n] = '\0';
	if (strlen(id) + (name[0] != id[0]) > 40) {
		uint32_t h = 2166136261u;   /* FNV-1a */
		for (const char *p = id; *p; p++)
			h = (h ^ (unsigned char)*p) * 16777619u;
		snprintf(name + 31, sizeof name - 31, "_%08x", (unsigned)h);
	}
	buf_puts(out, name);
}

/* ---- runs ---------------------------------------------------------------- */

static void
run_props(dstate *s)
{
	bool hl = s->mark && s->o->highlight;
	if (!s->link && !s->strong && !s->emph && !s->code && !hl)
		return;
	buf_puts(s->x, "<w:rPr>");
	const char *style = s->link ? "Hyperlink" : s->strong ? "Strong" : s->emph ? "Emphasis" : NULL;
	if (style)
		buf_printf(s->x, "<w:rStyle w:val=\"%s\"/>", style);
	if (s->code)
		buf_puts(s->x, "<w:rFonts w:ascii=\"Liberation Mono\" w:hAnsi=\"Liberation Mono\"/>");
	if (s->strong && s->link)
		buf_puts(s->x, "<w:b/>");
	if (s->emph && (s->link || s->strong))
		buf_puts(s->x, "<w:i/>");
	if (hl)
		buf_puts(s->x, "<w:highlight w:val=\"yellow\"/>");
	buf_puts(s->x, "</w:rPr>");
}

static unsigned
run_kind(const dstate *s)
{
	return 1u | (s->link ? 2u : 0) | (s->strong ? 4u : 0) | (s->emph ? 8u : 0) | (s->code ? 16u : 0) |
	    (s->mark && s->o->highlight ? 32u : 0) | (unsigned)s->rev << 6;
}

/* A redline's deletion or insertion is a tracked change: the run inside
 * w:del (its text as w:delText) or w:ins, with author and date. */
static void
rev_open(dstate *s)
{
	/* Ids of their own range: bookmarks count from 0. */
	buf_printf(s->x, "<w:%s w:id=\"%d\" w:author=\"", s->rev == 1 ? "del" : "ins", REV_ID_FIRST + s->nrevs++);
	xml_puts(s->x, s->o->author ? s->o->author : "dpagen");
	buf_puts(s->x, "\"");
	if (s->o->rev_date) {
		buf_puts(s->x, " w:date=\"");
		xml_puts(s->x, s->o->rev_date);
		buf_puts(s->x, "\"");
	}
	buf_puts(s->x, ">");
}

/* The empty element that marks a paragraph mark or a table row as
 * deleted (rev 1) or inserted (2); nothing for 0. */
static void
rev_mark(dstate *s, int rev)
{
	if (!rev)
		return;
	int saved = s->rev;
	s->rev = rev;
	rev_open(s);
	s->x->len--;          /* "<w:ins ...>" becomes "<w:ins .../>" */
	buf_puts(s->x, "/>");
	s->rev = saved;
}

static void
run(dstate *s, const char *t, size_t len)
{
	static const char *const close[] = { "</w:t></w:r>", "</w:delText></w:r></w:del>",
		"</w:t></w:r></w:ins>" };
	if (!len)
		return;
	/* Text that follows a run of the same kind joins it: a soft line
	 * break is then a space inside the run, not a run of its own. */
	unsigned kind = run_kind(s);
	if (s->x->len == s->run_end && kind == s->run_kind) {
		s->x->len -= strlen(close[s->rev]);
		xml_text(s->x, t, len);
		buf_puts(s->x, close[s->rev]);
		s->run_end = s->x->len;
		return;
	}
	if (s->rev)
		rev_open(s);
	buf_puts(s->x, "<w:r>");
	run_props(s);
	buf_puts(s->x, s->rev == 1 ? "<w:delText xml:space=\"preserve\">" : "<w:t xml:space=\"preserve\">");
	xml_text(s->x, t, len);
	buf_puts(s->x, close[s->rev]);
	s->run_end = s->x->len;
	s->run_kind = kind;
}

/* Text split at the review marks (a marked value is a run of its own)
 * and at the redline's (a deletion or insertion is a change of its own). */
static void
text(dstate *s, const char *t)
{
	if (!t)
		return;
	for (;;) {
		const char *m = strchr(t, '\xEE');
		while (m && (m[1] != '\x80' || (m[2] != '\x80' && m[2] != '\x81' && !dpa_redline_mark(m))))
			m = strchr(m + 1, '\xEE');
		if (!m) {
			run(s, t, strlen(t));
			return;
		}
		run(s, t, (size_t)(m - t));
		int rm = dpa_redline_mark(m);
		if (rm)
			s->rev = rm < 0 ? 0 : rm;
		else
			s->mark = m[2] == '\x80';
		t = m + 3;
	}
}

/* ---- blocks -------------------------------------------------------------- */

static void
bookmark_start(dstate *s, cmark_node *n)
{
	int e = doc_entry_of(s->a, n);
	if (e < 0 || !s->r->index[e].id)
		return;
	buf_printf(s->x, "<w:bookmarkStart w:id=\"%d\" w:name=\"", s->nbookmarks);
	bookmark_name(s->x, s->r->index[e].id);
	buf_puts(s->x, "\"/>");
}

static void
bookmark_end(dstate *s, cmark_node *n)
{
	int e = doc_entry_of(s->a, n);
	if (e < 0 || !s->r->index[e].id)
		return;
	buf_printf(s->x, "<w:bookmarkEnd w:id=\"%d\"/>", s->nbookmarks++);
}

/* 1 or 2 when every visible character of block n lies inside the
 * redline's deletion or insertion marks, else 0. */
static int
block_rev(cmark_node *n)
{
	int kind = 0, rev = 0;
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && kind >= 0) {
		cmark_node *c = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(c);
		if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_TEXT && t != CMARK_NODE_CODE))
			continue;
		for (const char *p = cmark_node_get_literal(c); p && *p && kind >= 0; p++) {
			int rm = dpa_redline_mark(p);
			if (rm) {
				rev = rm < 0 ? 0 : rm;
				p += 2;
			} else if (*p != ' ') {
				kind = !rev || (kind && kind != rev) ? -1 : rev;
			}
		}
	}
	cmark_iter_free(it);
	return kind > 0 ? kind : 0;
}

/* <w:p> with its style; keep: with the next paragraph (the signatures).
 * A paragraph deleted or inserted whole has its mark deleted or inserted
 * too, so rejecting or accepting the change leaves no empty paragraph. */
static void
para_open(dstate *s, const char *style, const char *extra)
{
	buf_printf(s->x, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/>", style);
	if (s->keep)
		buf_puts(s->x, "<w:keepNext/>");
	buf_puts(s->x, extra ? extra : "");
	if (s->para_rev) {
		buf_puts(s->x, "<w:rPr>");
		rev_mark(s, s->para_rev);
		buf_puts(s->x, "</w:rPr>");
		s->para_rev = 0;
	}
	buf_puts(s->x, "</w:pPr>");
}

static void
paragraph(dstate *s, cmark_node *n)
{
	cmark_node *parent = cmark_node_parent(n);
	if (parent && cmark_node_get_type(parent) == CMARK_NODE_ITEM && s->depth > 0) {
		list_ctx *l = &s->lists[s->depth <= MAX_DEPTH ? s->depth - 1 : MAX_DEPTH - 1];
		int lvl = s->depth <= 9 ? s->depth - 1 : 8;
		char extra[128];
		if (l->num_id && l->first_para)
			snprintf(extra, sizeof extra, "<w:numPr><w:ilvl w:val=\"%d\"/><w:numId w:val=\"%d\"/></w:numPr>",
			    lvl, l->num_id);
		else
			snprintf(extra, sizeof extra, "<w:ind w:left=\"%d\"/>", 357 * (lvl + 1));
		l->first_para = false;
		para_open(s, "ListParagraph", extra);
		return;
	}
	/* A table has no space below of its own. */
	cmark_node *prev = cmark_node_previous(n);
	const char *gap = prev && doc_is_table(prev) ? "<w:spacing w:before=\"160\"/>" : NULL;
	if (parent && cmark_node_get_type(parent) == CMARK_NODE_BLOCK_QUOTE)
		para_open(s, "Quote", gap);
	else
		para_open(s, "BodyText", gap);
}

static void
heading(dstate *s, cmark_node *n)
{
	static const char *const style[] = { "Title", "Heading1", "Heading2", "Heading3" };
	int level = cmark_node_get_heading_level(n);
	para_open(s, style[level < 4 ? level - 1 : 3], s->page_break ? "<w:pageBreakBefore/>" : NULL);
	s->page_break = false;
	bookmark_start(s, n);
}

/* "- a) text" lists keep their letters as text (the template writes
 * them); the table of contents has no bullets either. */
static bool
lettered(cmark_node *list)
{
	cmark_node *n = list;
	for (int i = 0; i < 3 && n; i++)
		n = cmark_node_first_child(n);   /* item, paragraph, text */
	const char *t = n && cmark_node_get_type(n) == CMARK_NODE_TEXT ? cmark_node_get_literal(n) : NULL;
	return t && t[0] >= 'a' && t[0] <= 'z' && t[1] == ')';
}

static void
list_open(dstate *s, cmark_node *n)
{
	s->depth++;
	if (s->depth > MAX_DEPTH)
		return;
	list_ctx *l = &s->lists[s->depth - 1];
	int e = doc_entry_of(s->a, n);
	bool toc = e >= 0 && s->r->index[e].kind == DPA_HEAD_TOC;
	if (toc || lettered(n))
		l->num_id = 0;
	else if (cmark_node_get_list_type(n) != CMARK_ORDERED_LIST)
		l->num_id = 1;
	else {
		/* Each ordered list counts from its own start. */
		l->num_id = 2 + s->nnums++;
		buf_printf(&s->nums, "<w:num w:numId=\"%d\"><w:abstractNumId w:val=\"1\"/>"
		    "<w:lvlOverride w:ilvl=\"%d\"><w:startOverride w:val=\"%d\"/></w:lvlOverride></w:num>",
		    l->num_id, s->depth <= 9 ? s->depth - 1 : 8, cmark_node_get_list_start(n));
	}
}

/* A cell's text in twips, on one line and its longest word: characters
 * at about 9 pt Liberation Serif (Table Contents), plus the margins. */
static void
cell_extent(cmark_node *cell, buf *tmp, double *natural, double *word)
{
	enum { CHAR = 100, MARGINS = 200 };   /* generous: a cut word reads worse */
	buf_reset(tmp);
	doc_plain_text(cell, tmp);
	size_t chars = 0, w = 0, longest = 0;
	for (size_t i = 0; i < tmp->len; i++) {
		unsigned char c = (unsigned char)tmp->data[i];
		if ((c & 0xC0) == 0x80)
			continue;   /* a continuation byte: same character */
		chars++;
		w = c == ' ' ? 0 : w + 1;
		if (w > longest)
			longest = w;
	}
	double nat = (double)(chars * CHAR + MARGINS), wd = (double)(longest * CHAR + MARGINS);
	if (nat > *natural)
		*natural = nat;
	if (wd > *word)
		*word = wd;
}

/* Column widths as the PDF's: each column its text's width if the table
 * fits, else its longest word and a share of the rest (table_layout.h).
 * Word and LibreOffice would otherwise split the columns equally and
 * break names such as "GlobalConnect" in a narrow one. */
static void
table_widths(dstate *s, cmark_node *table, int cols)
{
	double *nat = xcalloc((size_t)cols * 2, sizeof *nat), *word = nat + cols;
	buf tmp = {0};
	for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row)) {
		int c = 0;
		for (cmark_node *cell = cmark_node_first_child(row); cell && c < cols; cell = cmark_node_next(cell))
			cell_extent(cell, &tmp, &nat[c], &word[c]), c++;
	}
	buf_free(&tmp);
	double *out = xcalloc((size_t)cols, sizeof *out);
	table_auto_widths(nat, word, (size_t)cols, TEXT_WIDTH, out);
	free(nat);
	free(s->colw);
	s->colw = xcalloc((size_t)cols, sizeof *s->colw);
	s->ncolw = cols;
	for (int c = 0; c < cols; c++)
		s->colw[c] = out[c] < 1 ? 1 : (int)out[c];
	free(out);
}

static void
table_open(dstate *s, cmark_node *n)
{
	int cols = cmark_gfm_extensions_get_table_columns(n);
	if (cols < 1)
		cols = 1;
	table_widths(s, n, cols);
	buf_puts(s->x, "<w:tbl><w:tblPr><w:tblStyle w:val=\"DpaTable\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>"
	    "<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" "
	    "w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>");
	for (int i = 0; i < cols; i++)
		buf_printf(s->x, "<w:gridCol w:w=\"%d\"/>", s->colw[i]);
	buf_puts(s->x, "</w:tblGrid>");
}

/* Header rows repeat on each page; no row splits across pages; a
 * signature row leaves room to sign. */
static void
row_open(dstate *s, cmark_node *n)
{
	s->header_row = cmark_gfm_extensions_get_table_row_is_header(n);
	s->col = 0;
	buf_puts(s->x, "<w:tr><w:trPr><w:cantSplit/>");
	if (s->keep && !s->header_row)
		buf_puts(s->x, "<w:trHeight w:val=\"680\" w:hRule=\"atLeast\"/>");
	if (s->header_row)
		buf_puts(s->x, "<w:tblHeader/>");
	/* A row deleted or inserted whole is a tracked row: accepting or
	 * rejecting takes it out, not only its words. */
	if (s->o->redline)
		rev_mark(s, block_rev(n));
	buf_puts(s->x, "</w:trPr>");
}

static void
cell_open(dstate *s, cmark_node *n)
{
	cmark_node *table = cmark_node_parent(cmark_node_parent(n));
	uint8_t *align = table ? cmark_gfm_extensions_get_table_alignments(table) : NULL;
	const char *jc = "";
	if (align && s->col >= 0 && s->col < cmark_gfm_extensions_get_table_columns(table))
		jc = align[s->col] == 'c' ? "<w:jc w:val=\"center\"/>" : align[s->col] == 'r' ? "<w:jc w:val=\"right\"/>" : "";
	buf_printf(s->x, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr>",
	    s->col >= 0 && s->col < s->ncolw ? s->colw[s->col] : 0);
	para_open(s, s->header_row ? "TableHeading" : "TableContents", jc);
}

static bool
table_node(dstate *s, cmark_node *n, bool enter)
{
	if (doc_is_table(n)) {
		if (enter)
			table_open(s, n);
		else
			buf_puts(s->x, "</w:tbl>");
	} else if (doc_is_table_row(n)) {
		if (enter)
			row_open(s, n);
		else
			buf_puts(s->x, "</w:tr>");
	} else if (doc_is_table_cell(n)) {
		if (enter)
			cell_open(s, n);
		else {
			buf_puts(s->x, "</w:p></w:tc>");
			s->col++;
		}
	} else {
		return false;
	}
	return true;
}

static bool
safe_url(const char *u)
{
	return u && (u[0] == '#' || strncmp(u, "https://", 8) == 0 ||
	    strncmp(u, "http://", 7) == 0 || strncmp(u, "mailto:", 7) == 0);
}

static void
link(dstate *s, cmark_node *n, bool enter)
{
	const char *url = cmark_node_get_url(n);
	if (!safe_url(url))
		return;          /* the link's text stays, as text */
	if (!enter) {
		buf_puts(s->x, "</w:hyperlink>");
		s->link = false;
		return;
	}
	s->link = true;
	if (url[0] == '#') {
		buf_puts(s->x, "<w:hyperlink w:anchor=\"");
		bookmark_name(s->x, url + 1);
		buf_puts(s->x, "\" w:history=\"1\">");
		return;
	}
	int id = RID_FIRST_LINK + s->nlinks++;
	buf_printf(&s->rels, "<Relationship Id=\"rId%d\" Type=\"http://schemas.openxmlformats.org/"
	    "officeDocument/2006/relationships/hyperlink\" Target=\"", id);
	xml_puts(&s->rels, url);
	buf_puts(&s->rels, "\" TargetMode=\"External\"/>");
	buf_printf(s->x, "<w:hyperlink r:id=\"rId%d\" w:history=\"1\">", id);
}

static void
code_block(dstate *s, cmark_node *n)
{
	para_open(s, "BodyText", NULL);
	s->code = true;
	const char *t = cmark_node_get_literal(n);
	for (const char *nl; t && *t; t = nl + 1) {
		nl = strchr(t, '\n');
		run(s, t, nl ? (size_t)(nl - t) : strlen(t));
		if (!nl)
			break;
		if (nl[1])
			buf_puts(s->x, "<w:r><w:br/></w:r>");
	}
	s->code = false;
	buf_puts(s->x, "</w:p>");
}

static void
block_node(dstate *s, cmark_node *n, bool enter)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		if (enter) {
			cmark_node *parent = cmark_node_parent(n);
			s->para_rev = s->o->redline && !(parent && doc_is_table_cell(parent)) ? block_rev(n) : 0;
			paragraph(s, n);
			bookmark_start(s, n);   /* a sub-clause's id */
		} else {
			bookmark_end(s, n);
			buf_puts(s->x, "</w:p>");
		}
		break;
	case CMARK_NODE_HEADING:
		if (enter) {
			s->para_rev = s->o->redline ? block_rev(n) : 0;
			heading(s, n);
		}
		else {
			bookmark_end(s, n);
			buf_puts(s->x, "</w:p>");
		}
		break;
	case CMARK_NODE_LIST:
		if (enter)
			list_open(s, n);
		else
			s->depth--;
		break;
	case CMARK_NODE_ITEM:
		if (enter && s->depth > 0)
			s->lists[s->depth <= MAX_DEPTH ? s->depth - 1 : MAX_DEPTH - 1].first_para = true;
		break;
	case CMARK_NODE_CODE_BLOCK:
		code_block(s, n);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		if (s->o->redline) {   /* the summary's page ends here */
			buf_puts(s->x, "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
			break;
		}
		buf_puts(s->x, "<w:p><w:pPr><w:pStyle w:val=\"BodyText\"/><w:pBdr><w:bottom w:val=\"single\" "
		    "w:sz=\"4\" w:space=\"1\" w:color=\"C9C9C9\"/></w:pBdr></w:pPr></w:p>");
		break;
	default:
		/* Block quotes are their paragraphs' style; raw HTML is never
		 * passed through. */
		break;
	}
}

static void
node(dstate *s, cmark_node *n, cmark_event_type ev)
{
	bool enter = ev == CMARK_EVENT_ENTER;
	if (table_node(s, n, enter))
		return;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
		text(s, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_CODE:
		s->code = true;
		text(s, cmark_node_get_literal(n));
		s->code = false;
		break;
	case CMARK_NODE_SOFTBREAK:
		run(s, " ", 1);
		break;
	case CMARK_NODE_LINEBREAK:
		buf_puts(s->x, "<w:r><w:br/></w:r>");
		break;
	case CMARK_NODE_EMPH:
		s->emph += enter ? 1 : -1;
		break;
	case CMARK_NODE_STRONG:
		s->strong += enter ? 1 : -1;
		break;
	case CMARK_NODE_LINK:
		link(s, n, enter);
		break;
	default:
		block_node(s, n, enter);
		break;
	}
}

static void
render_block(dstate *s, cmark_node *n)
{
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		node(s, cmark_iter_get_node(it), ev);
	cmark_iter_free(it);
	s->mark = false;   /* a mark never crosses a block */
	s->rev = 0;
}

/* Annexes and parts start a page, as in the PDF; the signature part is
 * kept together (each paragraph with the next). */
static void
render_body(dstate *s)
{
	for (cmark_node *n = cmark_node_first_child(s->a->root); n; n = cmark_node_next(n)) {
		int e = doc_entry_of(s->a, n);
		if (e >= 0) {
			dpa_head_kind k = s->r->index[e].kind;
			if (k == DPA_HEAD_ANNEX || k == DPA_HEAD_PART)
				s->page_break = cmark_node_get_type(n) == CMARK_NODE_HEADING;
			if (k == DPA_HEAD_PART)
				s->keep = true;
			else if (k == DPA_HEAD_FOOTER || k == DPA_HEAD_CLAUSE || k == DPA_HEAD_ANNEX)
				s->keep = false;
		}
		render_block(s, n);
	}
}

/* ---- the fixed parts ----------------------------------------------------- */

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define R_NS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define CT_PREFIX "application/vnd.openxmlformats-officedocument.wordprocessingml."
#define REL_PREFIX "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static const char content_types[] = XML_DECL
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"" CT_PREFIX "document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"" CT_PREFIX "styles+xml\"/>"
    "<Override PartName=\"/word/settings.xml\" ContentType=\"" CT_PREFIX "settings+xml\"/>"
    "<Override PartName=\"/word/numbering.xml\" ContentType=\"" CT_PREFIX "numbering+xml\"/>"
    "<Override PartName=\"/word/header1.xml\" ContentType=\"" CT_PREFIX "header+xml\"/>"
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"" CT_PREFIX "footer+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
    "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
    "</Types>";

static const char package_rels[] = XML_DECL
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_PREFIX "officeDocument\" Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/"
    "metadata/core-properties\" Target=\"docProps/core.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" REL_PREFIX "extended-properties\" Target=\"docProps/app.xml\"/>"
    "</Relationships>";

/* Word's spelling and hyphenation follow w:lang, so the defaults carry
 * the document's language; settings turn automatic hyphenation on. */
static const char styles_head[] = XML_DECL "<w:styles " W_NS ">"
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    "<w:rFonts w:ascii=\"Liberation Serif\" w:hAnsi=\"Liberation Serif\" w:eastAsia=\"Liberation Serif\" w:cs=\"Liberation Serif\"/>"
    "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>";
/* One string per style: ISO C limits a literal to 4095 bytes. */
static const char *const styles_body[] = {
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/>"
    "</w:pPr></w:pPrDefault></w:docDefaults>",
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
    "<w:pPr><w:widowControl/></w:pPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"BodyText\"><w:name w:val=\"Body Text\"/><w:basedOn w:val=\"Normal\"/>"
    "<w:qFormat/><w:pPr><w:jc w:val=\"both\"/></w:pPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>"
    "<w:next w:val=\"BodyText\"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:after=\"360\"/><w:outlineLvl w:val=\"0\"/></w:pPr>"
    "<w:rPr><w:b/><w:color w:val=\"1D3F6E\"/><w:sz w:val=\"40\"/><w:szCs w:val=\"40\"/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/>"
    "<w:next w:val=\"BodyText\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>"
    "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"1\" w:color=\"C9C9C9\"/></w:pBdr>"
    "<w:spacing w:before=\"360\" w:after=\"160\"/><w:outlineLvl w:val=\"0\"/></w:pPr>"
    "<w:rPr><w:b/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/>"
    "<w:next w:val=\"BodyText\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>"
    "<w:spacing w:before=\"280\" w:after=\"120\"/><w:outlineLvl w:val=\"1\"/></w:pPr>"
    "<w:rPr><w:b/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name w:val=\"heading 3\"/><w:basedOn w:val=\"Normal\"/>"
    "<w:next w:val=\"BodyText\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>"
    "<w:spacing w:before=\"200\" w:after=\"80\"/><w:outlineLvl w:val=\"2\"/></w:pPr>"
    "<w:rPr><w:b/><w:i/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:after=\"60\"/><w:ind w:left=\"720\"/></w:pPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Quote\"><w:name w:val=\"Quote\"/><w:basedOn w:val=\"Normal\"/>"
    "<w:qFormat/><w:pPr><w:ind w:left=\"567\" w:right=\"567\"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"TableContents\"><w:name w:val=\"Table Contents\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr>"
    "<w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"TableHeading\"><w:name w:val=\"Table Heading\"/>"
    "<w:basedOn w:val=\"TableContents\"/><w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/>"
    "<w:pPr><w:tabs><w:tab w:val=\"right\" w:pos=\"9638\"/></w:tabs><w:spacing w:after=\"0\"/></w:pPr>"
    "<w:rPr><w:color w:val=\"5A5A5A\"/><w:sz w:val=\"17\"/><w:szCs w:val=\"17\"/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Header\"/></w:style>",
    "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">"
    "<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>",
    "<w:style w:type=\"character\" w:styleId=\"Strong\"><w:name w:val=\"Strong\"/><w:qFormat/>"
    "<w:rPr><w:b/><w:bCs/></w:rPr></w:style>",
    "<w:style w:type=\"character\" w:styleId=\"Emphasis\"><w:name w:val=\"Emphasis\"/><w:qFormat/>"
    "<w:rPr><w:i/><w:iCs/></w:rPr></w:style>",
    "<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/>"
    "<w:rPr><w:color w:val=\"1D3F6E\"/><w:u w:val=\"single\"/></w:rPr></w:style>",
    "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
    "<w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>"
    "<w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
    "</w:tblCellMar></w:tblPr></w:style>",
    "<w:style w:type=\"table\" w:styleId=\"DpaTable\"><w:name w:val=\"DPA Table\"/><w:basedOn w:val=\"TableNormal\"/>"
    "<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C9C9C9\"/>"
    "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C9C9C9\"/>"
    "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C9C9C9\"/>"
    "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C9C9C9\"/>"
    "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C9C9C9\"/>"
    "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C9C9C9\"/></w:tblBorders>"
    "<w:tblCellMar><w:top w:w=\"57\" w:type=\"dxa\"/><w:left w:w=\"85\" w:type=\"dxa\"/>"
    "<w:bottom w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
    "<w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/></w:rPr><w:tcPr>"
    "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F1F3F6\"/></w:tcPr></w:tblStylePr></w:style>",
    "</w:styles>",
};

static void
styles_xml(const dstate *s, buf *out)
{
	const char *lang = s->r->lang == DPA_LANG_EN ? "en-GB" : "da-DK";
	buf_puts(out, styles_head);
	buf_printf(out, "<w:lang w:val=\"%s\" w:eastAsia=\"%s\" w:bidi=\"ar-SA\"/>", lang, lang);
	for (size_t i = 0; i < sizeof styles_body / sizeof styles_body[0]; i++)
		buf_puts(out, styles_body[i]);
}

static void
settings_xml(const dstate *s, buf *out)
{
	buf_printf(out, XML_DECL "<w:settings " W_NS "><w:zoom w:percent=\"100\"/>%s"
	    "<w:defaultTabStop w:val=\"709\"/><w:autoHyphenation/>"
	    "<w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat><w:compatSetting "
	    "w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>"
	    "</w:compat><w:themeFontLang w:val=\"%s\"/></w:settings>",
	    s->o->redline ? "<w:trackRevisions/>" : "", s->r->lang == DPA_LANG_EN ? "en-GB" : "da-DK");
}

/* Bullets for lists (abstract 0), numbers for ordered lists (abstract 1),
 * nine levels each. */
static void
numbering_xml(const dstate *s, buf *out)
{
	static const char *const bullets[] = { "\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x97\xA6" };
	buf_puts(out, XML_DECL "<w:numbering " W_NS ">");
	for (int a = 0; a < 2; a++) {
		buf_printf(out, "<w:abstractNum w:abstractNumId=\"%d\"><w:multiLevelType w:val=\"hybridMultilevel\"/>", a);
		for (int l = 0; l < 9; l++) {
			buf_printf(out, "<w:lvl w:ilvl=\"%d\"><w:start w:val=\"1\"/>", l);
			if (a == 0)
				buf_printf(out, "<w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"%s\"/>", bullets[l % 3]);
			else
				buf_printf(out, "<w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%%%d.\"/>", l + 1);
			buf_printf(out, "<w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"%d\" w:hanging=\"357\"/></w:pPr></w:lvl>",
			    357 * (l + 1));
		}
		buf_puts(out, "</w:abstractNum>");
	}
	buf_puts(out, "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>");
	if (s->nums.data)
		buf_put(out, s->nums.data, s->nums.len);
	buf_puts(out, "</w:numbering>");
}

static void
field(buf *out, const char *instr)
{
	buf_printf(out, "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> %s "
	    "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>"
	    "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>", instr);
}

static void
plain_run(buf *out, const char *t)
{
	buf_puts(out, "<w:r><w:t xml:space=\"preserve\">");
	xml_puts(out, t);
	buf_puts(out, "</w:t></w:r>");
}

/* Header: the title and the reference; footer: the fingerprint and
 * "Side X af Y" as PAGE and NUMPAGES fields.  A draft says so on both. */
static void
header_xml(const dstate *s, const char *title, buf *out)
{
	buf_puts(out, XML_DECL "<w:hdr " W_NS " " R_NS "><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>");
	if (s->r->draft) {
		buf_puts(out, "<w:r><w:rPr><w:b/><w:color w:val=\"BF1A1A\"/></w:rPr><w:t xml:space=\"preserve\">");
		xml_puts(out, s->ls->draft);
		buf_puts(out, "</w:t></w:r><w:r><w:br/></w:r>");
	}
	plain_run(out, title);
	char ref[256];
	docmeta_running_ref(&s->r->meta, ref, sizeof ref);
	if (*ref) {
		buf_puts(out, "<w:r><w:tab/></w:r>");
		plain_run(out, ref);
	}
	buf_puts(out, "</w:p></w:hdr>");
}

static void
footer_xml(const dstate *s, buf *out)
{
	const dpa_docmeta *m = &s->r->meta;
	buf_puts(out, XML_DECL "<w:ftr " W_NS " " R_NS "><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>");
	if (m->fingerprint) {
		buf b = {0};
		buf_printf(&b, "%s %s%s%s", s->ls->fingerprint, m->fingerprint, s->r->draft ? " \xC2\xB7 " : "",
		    s->r->draft ? s->ls->draft : "");
		plain_run(out, b.data);
		buf_free(&b);
	}
	buf_puts(out, "<w:r><w:tab/></w:r>");
	buf_printf(out, "<w:r><w:t xml:space=\"preserve\">%s </w:t></w:r>", s->ls->page);
	field(out, "PAGE");
	buf_printf(out, "<w:r><w:t xml:space=\"preserve\"> %s </w:t></w:r>", s->ls->of);
	field(out, "NUMPAGES");
	buf_puts(out, "</w:p></w:ftr>");
}

static void
document_rels(const dstate *s, buf *out)
{
	buf_puts(out, XML_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rId1\" Type=\"" REL_PREFIX "styles\" Target=\"styles.xml\"/>"
	    "<Relationship Id=\"rId2\" Type=\"" REL_PREFIX "settings\" Target=\"settings.xml\"/>"
	    "<Relationship Id=\"rId3\" Type=\"" REL_PREFIX "numbering\" Target=\"numbering.xml\"/>"
	    "<Relationship Id=\"rId4\" Type=\"" REL_PREFIX "header\" Target=\"header1.xml\"/>"
	    "<Relationship Id=\"rId5\" Type=\"" REL_PREFIX "footer\" Target=\"footer1.xml\"/>");
	if (s->rels.data)
		buf_put(out, s->rels.data, s->rels.len);
	buf_puts(out, "</Relationships>");
}

/* SOURCE_DATE_EPOCH as a broken-down UTC time, or false: no clock is read. */
static bool
source_date(struct tm *tm)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t = sde && *sde ? strtoll(sde, &end, 10) : -1;
	if (t < 0 || *end)
		return false;
	time_t tt = (time_t)t;
	return gmtime_r(&tt, tm) != NULL;
}

/* Title "Databehandleraftale – Kunde A/S / Eksempel ApS – REF". */
static void
core_xml(const dstate *s, const char *title, buf *out)
{
	const dpa_docmeta *m = &s->r->meta;
	buf_puts(out, XML_DECL "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/"
	    "metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
	    "xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
	    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>");
	xml_puts(out, title);
	if (m->controller || m->processor) {
		buf_puts(out, " \xE2\x80\x93 ");
		xml_puts(out, m->controller);
		buf_puts(out, m->controller && m->processor ? " / " : "");
		xml_puts(out, m->processor);
	}
	if (m->reference) {
		buf_puts(out, " \xE2\x80\x93 ");
		xml_puts(out, m->reference);
	}
	buf_puts(out, "</dc:title><dc:subject>");
	xml_puts(out, s->r->lang == DPA_LANG_EN ? "Data processing agreement (GDPR Art. 28)" :
	    "Databehandleraftale (databeskyttelsesforordningens art. 28)");
	buf_puts(out, "</dc:subject><dc:creator>dpagen</dc:creator><cp:keywords>GDPR");
	if (m->controller) {
		buf_puts(out, "; ");
		xml_puts(out, m->controller);
	}
	if (m->processor) {
		buf_puts(out, "; ");
		xml_puts(out, m->processor);
	}
	if (m->reference) {
		buf_puts(out, "; ");
		xml_puts(out, m->reference);
	}
	buf_puts(out, "</cp:keywords><cp:lastModifiedBy>dpagen</cp:lastModifiedBy>");
	if (m->version) {
		buf_puts(out, "<cp:version>");
		xml_puts(out, m->version);
		buf_puts(out, "</cp:version>");
	}
	struct tm tm;
	if (source_date(&tm)) {
		char d[32];
		strftime(d, sizeof d, "%Y-%m-%dT%H:%M:%SZ", &tm);
		buf_printf(out, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">%s</dcterms:created>"
		    "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">%s</dcterms:modified>", d, d);
	}
	if (s->r->draft) {
		buf_puts(out, "<cp:contentStatus>");
		xml_puts(out, s->ls->draft);
		buf_puts(out, "</cp:contentStatus>");
	}
	buf_printf(out, "<dc:language>%s</dc:language></cp:coreProperties>", s->r->lang == DPA_LANG_EN ? "en-GB" : "da-DK");
}

static void
app_xml(const dstate *s, buf *out)
{
	buf_puts(out, XML_DECL "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	    "extended-properties\"><Application>dpagen</Application>");
	if (s->r->meta.processor) {
		buf_puts(out, "<Company>");
		xml_puts(out, s->r->meta.processor);
		buf_puts(out, "</Company>");
	}
	buf_puts(out, "</Properties>");
}

/* ---- the container ------------------------------------------------------- */

enum { PART_CT, PART_RELS, PART_DOC, PART_STYLES, PART_SETTINGS, PART_NUMBERING, PART_HEADER,
	PART_FOOTER, PART_DOC_RELS, PART_CORE, PART_APP, NPARTS };

static const char *const part_name[NPARTS] = {
	"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
	"word/settings.xml", "word/numbering.xml", "word/header1.xml", "word/footer1.xml",
	"word/_rels/document.xml.rels", "docProps/core.xml", "docProps/app.xml",
};

/* DOS date and time of every entry: SOURCE_DATE_EPOCH in UTC, else
 * 1980-01-01 00:00 (the earliest DOS date), never the clock. */
static void
dos_time(zip_uint16_t *t, zip_uint16_t *d)
{
	struct tm tm;
	if (!source_date(&tm) || tm.tm_year < 80) {
		*t = 0;
		*d = (1 << 5) | 1;
		return;
	}
	*t = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
	*d = (zip_uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

static int
zip_add_parts(zip_t *z, buf *parts, char *err, size_t errlen)
{
	zip_uint16_t t, d;
	dos_time(&t, &d);
	for (int i = 0; i < NPARTS; i++) {
		zip_source_t *src = zl.p_zip_source_buffer(z, parts[i].data, parts[i].len, 0);
		zip_int64_t idx = src ? zl.p_zip_file_add(z, part_name[i], src, ZIP_FL_ENC_UTF_8) : -1;
		if (idx < 0) {
			if (src)
				zl.p_zip_source_free(src);
			snprintf(err, errlen, "%s", zl.p_zip_strerror(z));
			return -1;
		}
		if (zl.p_zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_DEFLATE, DEFLATE_LEVEL) < 0 ||
		    zl.p_zip_file_set_dostime(z, (zip_uint64_t)idx, t, d, 0) < 0 ||
		    zl.p_zip_file_set_external_attributes(z, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
			(zip_uint32_t)0100644 << 16) < 0) {
			snprintf(err, errlen, "%s", zl.p_zip_strerror(z));
			return -1;
		}
	}
	return 0;
}

/* The archive is made in memory, then copied to out. */
static int
zip_parts(buf *parts, buf *out, char *err, size_t errlen)
{
	zip_error_t ze;
	zl.p_zip_error_init(&ze);
	zip_source_t *mem = zl.p_zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *z = mem ? zl.p_zip_open_from_source(mem, ZIP_TRUNCATE, &ze) : NULL;
	if (!z) {
		snprintf(err, errlen, "%s", zl.p_zip_error_strerror(&ze));
		zl.p_zip_error_fini(&ze);
		if (mem)
			zl.p_zip_source_free(mem);
		return -1;
	}
	zl.p_zip_error_fini(&ze);
	zl.p_zip_source_keep(mem);   /* zip_close() must leave the bytes to us */
	if (zip_add_parts(z, parts, err, errlen) < 0) {
		zl.p_zip_discard(z);
		zl.p_zip_source_free(mem);
		return -1;
	}
	if (zl.p_zip_close(z) < 0) {
		snprintf(err, errlen, "%s", zl.p_zip_strerror(z));
		zl.p_zip_discard(z);
		zl.p_zip_source_free(mem);
		return -1;
	}
	int rc = 0;
	if (zl.p_zip_source_open(mem) < 0) {
		snprintf(err, errlen, "%s", zl.p_zip_error_strerror(zl.p_zip_source_error(mem)));
		rc = -1;
	} else {
		char chunk[16384];
		zip_int64_t n;
		while ((n = zl.p_zip_source_read(mem, chunk, sizeof chunk)) > 0)
			buf_put(out, chunk, (size_t)n);
		if (n < 0) {
			snprintf(err, errlen, "%s", zl.p_zip_error_strerror(zl.p_zip_source_error(mem)));
			rc = -1;
		}
		zl.p_zip_source_close(mem);
	}
	zl.p_zip_source_free(mem);
	return rc;
}

static void
document_xml(dstate *s, buf *out)
{
	s->x = out;
	buf_puts(out, XML_DECL "<w:document " W_NS " " R_NS "><w:body>");
	render_body(s);
	buf_puts(out, "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId4\"/>"
	    "<w:footerReference w:type=\"default\" r:id=\"rId5\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
	    "<w:pgMar w:top=\"1418\" w:right=\"1134\" w:bottom=\"1418\" w:left=\"1134\" w:header=\"709\" "
	    "w:footer=\"709\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>");
}

int
render_docx(const dpa_rendered *r, const dpa_ast *a, const dpa_backend_opts *o, buf *out,
    dpa_diags *d)
{
	pthread_once(&zip_once, zip_load_once);
	if (zip_load_error[0]) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ 0 }, NULL,
		    "DOCX output needs libzip (Debian package libzip4): %s", zip_load_error);
		return -1;
	}
	dstate s = { .r = r, .a = a, .o = o, .ls = lang_strings(r->lang) };
	buf title = {0};
	for (cmark_node *n = cmark_node_first_child(a->root); n; n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 1) {
			doc_plain_text(n, &title);
			break;
		}
	const char *t = title.data ? title.data : "";
	buf parts[NPARTS] = {{0}};
	buf_puts(&parts[PART_CT], content_types);
	buf_puts(&parts[PART_RELS], package_rels);
	document_xml(&s, &parts[PART_DOC]);
	styles_xml(&s, &parts[PART_STYLES]);
	settings_xml(&s, &parts[PART_SETTINGS]);
	numbering_xml(&s, &parts[PART_NUMBERING]);
	header_xml(&s, t, &parts[PART_HEADER]);
	footer_xml(&s, &parts[PART_FOOTER]);
	document_rels(&s, &parts[PART_DOC_RELS]);
	core_xml(&s, t, &parts[PART_CORE]);
	app_xml(&s, &parts[PART_APP]);
	char err[256];
	int rc = zip_parts(parts, out, err, sizeof err);
	if (rc < 0)
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ 0 }, NULL, "cannot make the DOCX container: %s", err);
	for (int i = 0; i < NPARTS; i++)
		buf_free(&parts[i]);
	free(s.colw);
	buf_free(&s.rels);
	buf_free(&s.nums);
	buf_free(&title);
	return rc;
}
