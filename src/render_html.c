/* render_html.c - the HTML back-end: one standalone HTML5 file with
 * embedded CSS, no scripts and no external requests.
 *
 * It walks the AST with cmark's iterator (never recursion, so nested user
 * Markdown cannot exhaust the stack) and writes its own HTML: clauses and
 * annexes become <section>s with their ids, sub-clause paragraphs get
 * their ids, table cells carry their column label (for print and narrow
 * screens), raw HTML is dropped, links go only to anchors, http(s) and
 * mailto, and images show their text: nothing is ever fetched.
 */
#include <cmark-gfm-core-extensions.h>
#include <string.h>

#include "lang.h"
#include "render.h"

enum { MAX_COLS = 32 };

typedef struct hstate {
	const dpa_rendered *r;
	const dpa_ast *a;
	const dpa_backend_opts *o;
	buf *out;
	bool mark_open;
	int rev;                        /* redline: 1 deleted, 2 inserted text, 0 neither */
	bool rev_open;                  /* its <del> or <ins> is open */
	const char *labels[MAX_COLS];   /* header texts of the current table */
	size_t ncols, col;
	bool in_header;
	arena tmp;
} hstate;

static const char css[] =
    ":root{--ink:#1b1b1b;--muted:#5a5a5a;--rule:#c9c9c9;--paper:#fff;--mark:#fff0a8;--accent:#1d3f6e}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--paper);color:var(--ink);"
    "font:16px/1.55 'Liberation Serif','Times New Roman',Georgia,serif}\n"
    ".dpa{max-width:46rem;margin:0 auto;padding:2.5rem 1.5rem 4rem}\n"
    "h1{font-size:1.9rem;line-height:1.2;margin:0 0 1.5rem;color:var(--accent)}\n"
    "h2{font-size:1.3rem;margin:2.2rem 0 .8rem;padding-bottom:.25rem;border-bottom:1px solid var(--rule)}\n"
    "h3{font-size:1.08rem;margin:1.6rem 0 .6rem}\n"
    "p,li{margin:.6rem 0;-webkit-hyphens:auto;hyphens:auto}\n"
    "h1,h2,h3,th,td,strong,mark.cfg,.sigblock,footer{-webkit-hyphens:manual;hyphens:manual}\n"
    "p.sub>strong:first-child{margin-right:.2em}\n"
    "ul,ol{padding-left:1.6rem}li{margin:.2rem 0}\n"
    "a{color:var(--accent)}\n"
    "section#toc ul{list-style:none;padding-left:0;columns:2;column-gap:2rem}\n"
    "section#toc li{break-inside:avoid}\n"
    "table{border-collapse:collapse;width:100%;margin:.8rem 0;font-size:.92rem}\n"
    "th,td{border:1px solid var(--rule);padding:.35rem .5rem;vertical-align:top;text-align:left}\n"
    "th{background:#f1f3f6}\n"
    "mark.cfg{background:var(--mark);color:inherit;padding:0 .1em;border-radius:2px}\n"
    ".sigblocks{display:grid;grid-template-columns:1fr 1fr;gap:2.5rem;margin-top:1.5rem}\n"
    ".sigblock table,.sigblock tbody,.sigblock tr,.sigblock td{display:block;border:0;padding:0}\n"
    ".sigblock thead{display:none}\n"
    ".sigblock tr{margin:0 0 2rem}\n"
    ".sigblock td{margin:.3rem 0}\n"
    ".sigblock td::before{content:attr(data-label) ': ';color:var(--muted);font-size:.85em}\n"
    ".sigblock td:empty{height:2.6rem;border-bottom:1px solid var(--ink)}\n"
    "footer{margin-top:3rem;color:var(--muted);font-size:.85rem}footer p{text-align:left!important}\n"
    "footer hr{border:0;border-top:1px solid var(--rule)}\n"
    "@media screen and (min-width:56rem){table.wide{width:min(72rem,calc(100vw - 3rem));"
    "position:relative;left:50%;transform:translateX(-50%)}}\n"
    "@media (max-width:40rem){.sigblocks{grid-template-columns:1fr}section#toc ul{columns:1}}\n"
    "@media screen and (prefers-color-scheme:dark){:root{--ink:#e6e6e6;--muted:#a8a8a8;"
    "--rule:#444;--paper:#16181c;--mark:#5a4a00;--accent:#9cc0ff}th{background:#23262d}}\n"
    "@page{size:A4;margin:20mm 18mm 22mm}\n"
    "@media print{body{font-size:11pt}.dpa{max-width:none;padding:0}"
    "section.annex,section.part{break-before:page}"
    "h1,h2,h3{break-after:avoid-page}thead{display:table-header-group}"
    "table,tr,.sigblock{break-inside:avoid}p,li{orphans:3;widows:3}a{color:inherit;text-decoration:none}"
    "mark.cfg{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    ".sigblocks{break-inside:avoid}}\n";

/* A redline's marks, in colour and in line (struck through, underlined)
 * so that they read in grey print too; its rule ends the summary page. */
static const char redline_css[] =
    "del{color:#b01c1c;background:#fde8e8;text-decoration:line-through}\n"
    "ins{color:#0b5a2a;background:#e3f4e8;text-decoration:underline}\n"
    "p.sub>em:only-child{color:var(--muted)}\n"
    "@media print{del,ins{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "hr{break-after:page;border:0}}\n";

/* s as the body of a CSS string, inside a <style> element: anything but
 * letters, digits, spaces and UTF-8 as a hex escape, so no value can end
 * the string or the element. */
static void
put_css_string(buf *out, const char *s)
{
	buf_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == 0xEE && p[1] == 0x80 && (p[2] == 0x80 || p[2] == 0x81))
			p += 2;   /* a review mark */
		else if (*p >= 0x80 || *p == ' ' || (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))
			buf_putc(out, (char)*p);
		else
			buf_printf(out, "\\%x ", *p);
	}
	buf_putc(out, '"');
}

/* The printed page's margin boxes, as the PDF has them: from page 2 the
 * title and the reference at the top, on every page the fingerprint and
 * "Side X af Y" at the foot; a draft says so at the top of every page.
 * Chromium draws @page margin boxes since version 131. */
static void
put_page_css(const hstate *h, const char *title)
{
	const dpa_lang_strings *ls = lang_strings(h->r->lang);
	const dpa_docmeta *m = &h->r->meta;
	buf *out = h->out;
	buf_puts(out, "@page{");
	buf_puts(out, "@top-left{content:");
	put_css_string(out, title);
	char ref[256];
	docmeta_running_ref(m, ref, sizeof ref);
	buf_puts(out, "}@top-right{content:");
	put_css_string(out, ref);
	buf_puts(out, "}@bottom-right{content:");
	put_css_string(out, ls->page);
	buf_puts(out, " \" \" counter(page) \" \" ");
	put_css_string(out, ls->of);
	buf_puts(out, " \" \" counter(pages)}");
	if (m->fingerprint) {
		buf_puts(out, "@bottom-left{content:");
		buf tmp = {0};
		buf_printf(&tmp, "%s %s", ls->fingerprint, m->fingerprint);
		put_css_string(out, tmp.data);
		buf_free(&tmp);
		buf_puts(out, "}");
	}
	if (h->r->draft) {
		buf_puts(out, "@top-center{color:#b01c1c;font-weight:bold;content:");
		put_css_string(out, ls->draft);
		buf_puts(out, "}");
	}
	buf_puts(out, "}\n@page:first{@top-left{content:none}@top-right{content:none}}\n"
	    "@page{@top-left{font-size:9pt;color:#666;vertical-align:bottom}"
	    "@top-right{font-size:9pt;color:#666;vertical-align:bottom}"
	    "@bottom-left{font-size:9pt;color:#666;vertical-align:top}"
	    "@bottom-right{font-size:9pt;color:#666;vertical-align:top}}\n");
}

/* The redline's <del> or <ins> closes at every tag of the AST's and opens
 * again before the next text, so the elements always nest. */
static void
close_rev(hstate *h)
{
	if (h->rev_open) {
		buf_puts(h->out, h->rev == 1 ? "</del>" : "</ins>");
		h->rev_open = false;
	}
}

static void
open_rev(hstate *h)
{
	if (h->rev && !h->rev_open) {
		buf_puts(h->out, h->rev == 1 ? "<del>" : "<ins>");
		h->rev_open = true;
	}
}

/* Escape text for HTML; the engine's marks become <mark> or vanish, the
 * redline's <del> and <ins>.  attr: in an attribute, every mark vanishes. */
static void
put_escaped(hstate *h, const char *s, bool attr)
{
	for (;;) {
		/* Copy the run up to the next byte that needs escaping or may
		 * start a mark. */
		size_t n = strcspn(s, "&<>\"\xEE");
		if (n && !attr)
			open_rev(h);
		buf_put(h->out, s, n);
		s += n;
		unsigned char c = (unsigned char)*s;
		if (!c)
			return;
		int rm = dpa_redline_mark(s);
		if (rm) {
			if (!attr) {
				close_rev(h);
				h->rev = rm < 0 ? 0 : rm;
			}
			s += 3;
			continue;
		}
		if (c == 0xEE && (unsigned char)s[1] == 0x80 &&
		    ((unsigned char)s[2] == 0x80 || (unsigned char)s[2] == 0x81)) {
			bool on = (unsigned char)s[2] == 0x80;
			if (!attr && h->o->highlight && on != h->mark_open) {
				buf_puts(h->out, on ? "<mark class=\"cfg\">" : "</mark>");
				h->mark_open = on;
			}
			s += 3;
			continue;
		}
		if (!attr)
			open_rev(h);
		switch (c) {
		case '&': buf_puts(h->out, "&amp;"); break;
		case '<': buf_puts(h->out, "&lt;"); break;
		case '>': buf_puts(h->out, "&gt;"); break;
		case '"': buf_puts(h->out, "&quot;"); break;
		default: buf_putc(h->out, (char)c); break;
		}
		s++;
	}
}

static void put_text(hstate *h, const char *s) { put_escaped(h, s, false); }
static void put_attr(hstate *h, const char *s) { put_escaped(h, s, true); }

/* A mark never crosses a block boundary. */
static void
close_mark(hstate *h)
{
	if (h->mark_open) {
		buf_puts(h->out, "</mark>");
		h->mark_open = false;
	}
}

static bool
safe_url(const char *u)
{
	return u && (u[0] == '#' || strncmp(u, "https://", 8) == 0 ||
	    strncmp(u, "http://", 7) == 0 || strncmp(u, "mailto:", 7) == 0);
}

static bool
tight_item(cmark_node *n)
{
	cmark_node *item = cmark_node_parent(n);
	if (!item || cmark_node_get_type(item) != CMARK_NODE_ITEM)
		return false;
	cmark_node *list = cmark_node_parent(item);
	return list && cmark_node_get_list_tight(list);
}

static void
table_labels(hstate *h, cmark_node *table)
{
	h->ncols = 0;
	cmark_node *row = cmark_node_first_child(table);
	for (cmark_node *c = row ? cmark_node_first_child(row) : NULL; c && h->ncols < MAX_COLS;
	     c = cmark_node_next(c)) {
		buf b = {0};
		doc_plain_text(c, &b);
		h->labels[h->ncols++] = arena_strndup(&h->tmp, b.data ? b.data : "", b.len);
		buf_free(&b);
	}
}

static void
cell(hstate *h, cmark_node *n, bool enter)
{
	if (!enter) {
		close_mark(h);
		buf_puts(h->out, h->in_header ? "</th>" : "</td>");
		h->col++;
		return;
	}
	cmark_node *table = cmark_node_parent(cmark_node_parent(n));
	uint8_t *align = table ? cmark_gfm_extensions_get_table_alignments(table) : NULL;
	const char *style = "";
	if (align && h->col < cmark_gfm_extensions_get_table_columns(table))
		style = align[h->col] == 'c' ? " style=\"text-align:center\"" :
		    align[h->col] == 'r' ? " style=\"text-align:right\"" : "";
	if (h->in_header) {
		buf_puts(h->out, "<th");
		buf_puts(h->out, style);
		buf_putc(h->out, '>');
	} else {
		buf_puts(h->out, "<td");
		if (h->col < h->ncols && *h->labels[h->col]) {
			buf_puts(h->out, " data-label=\"");
			put_attr(h, h->labels[h->col]);
			buf_puts(h->out, "\"");
		}
		buf_puts(h->out, style);
		buf_putc(h->out, '>');
	}
}

/* Tables come from the GFM extension: their node types are run-time values. */
static bool
table_node(hstate *h, cmark_node *n, bool enter)
{
	if (doc_is_table(n)) {
		if (enter) {
			table_labels(h, n);
			/* Five columns and more get the width of a wide screen. */
			buf_puts(h->out, h->ncols >= 5 ? "<table class=\"wide\">\n" : "<table>\n");
		} else {
			buf_puts(h->out, "</tbody>\n</table>\n");
		}
		return true;
	}
	if (doc_is_table_row(n)) {
		bool header = cmark_gfm_extensions_get_table_row_is_header(n);
		if (enter) {
			h->in_header = header;
			h->col = 0;
			buf_puts(h->out, header ? "<thead>\n<tr>" : "<tr>");
		} else {
			buf_puts(h->out, header ? "</tr>\n</thead>\n<tbody>\n" : "</tr>\n");
		}
		return true;
	}
	if (doc_is_table_cell(n)) {
		cell(h, n, enter);
		return true;
	}
	return false;
}

static void
heading_open(hstate *h, cmark_node *n)
{
	int level = cmark_node_get_heading_level(n);
	int e = doc_entry_of(h->a, n);
	buf_puts(h->out, "<h");
	buf_putc(h->out, (char)('0' + level));   /* cmark: 1 to 6 */
	/* Clauses, annexes and parts carry their id on their <section>. */
	if (e >= 0 && h->r->index[e].kind == DPA_HEAD_SECTION && h->r->index[e].id) {
		buf_puts(h->out, " id=\"");
		put_attr(h, h->r->index[e].id);
		buf_puts(h->out, "\"");
	}
	buf_puts(h->out, ">");
}

static void
paragraph_open(hstate *h, cmark_node *n)
{
	if (tight_item(n))
		return;
	int e = doc_entry_of(h->a, n);
	if (e >= 0 && h->r->index[e].kind == DPA_HEAD_SUB) {
		buf_puts(h->out, "<p class=\"sub\"");
		if (h->r->index[e].id) {
			buf_puts(h->out, " id=\"");
			put_attr(h, h->r->index[e].id);
			buf_puts(h->out, "\"");
		}
		buf_puts(h->out, ">");
		return;
	}
	buf_puts(h->out, "<p>");
}

static void
node(hstate *h, cmark_node *n, cmark_event_type ev)
{
	bool enter = ev == CMARK_EVENT_ENTER;
	cmark_node_type t = cmark_node_get_type(n);
	if (t != CMARK_NODE_TEXT && t != CMARK_NODE_SOFTBREAK) {
		close_rev(h);
		if ((t & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_INLINE)
			h->rev = 0;   /* a mark never crosses a block */
	}
	if (table_node(h, n, enter))
		return;
	switch (t) {
	case CMARK_NODE_DOCUMENT:
		break;
	case CMARK_NODE_PARAGRAPH:
		if (enter)
			paragraph_open(h, n);
		else {
			close_mark(h);
			if (!tight_item(n))
				buf_puts(h->out, "</p>\n");
		}
		break;
	case CMARK_NODE_HEADING:
		if (enter)
			heading_open(h, n);
		else {
			close_mark(h);
			buf_puts(h->out, "</h");
			buf_putc(h->out, (char)('0' + cmark_node_get_heading_level(n)));
			buf_puts(h->out, ">\n");
		}
		break;
	case CMARK_NODE_LIST: {
		bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST || doc_is_lettered(n);
		if (!enter)
			buf_puts(h->out, ordered ? "</ol>\n" : "</ul>\n");
		else if (doc_is_lettered(n))   /* the items keep their "a)": no bullet, no number */
			buf_puts(h->out, "<ol class=\"lettered\" type=\"a\" style=\"list-style:none\">\n");
		else if (ordered && cmark_node_get_list_start(n) != 1)
			buf_printf(h->out, "<ol start=\"%d\">\n", cmark_node_get_list_start(n));
		else
			buf_puts(h->out, ordered ? "<ol>\n" : "<ul>\n");
		break;
	}
	case CMARK_NODE_ITEM:
		buf_puts(h->out, enter ? "<li>" : "</li>\n");
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		buf_puts(h->out, enter ? "<blockquote>\n" : "</blockquote>\n");
		break;
	case CMARK_NODE_CODE_BLOCK:
		buf_puts(h->out, "<pre><code>");
		put_text(h, cmark_node_get_literal(n));
		buf_puts(h->out, "</code></pre>\n");
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		buf_puts(h->out, "<hr>\n");
		break;
	case CMARK_NODE_TEXT:
		put_text(h, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_CODE:
		buf_puts(h->out, "<code>");
		put_text(h, cmark_node_get_literal(n));
		buf_puts(h->out, "</code>");
		break;
	case CMARK_NODE_SOFTBREAK:
		buf_putc(h->out, '\n');
		break;
	case CMARK_NODE_LINEBREAK:
		buf_puts(h->out, "<br>\n");
		break;
	case CMARK_NODE_EMPH:
		buf_puts(h->out, enter ? "<em>" : "</em>");
		break;
	case CMARK_NODE_STRONG:
		buf_puts(h->out, enter ? "<strong>" : "</strong>");
		break;
	case CMARK_NODE_LINK: {
		const char *url = cmark_node_get_url(n);
		if (!safe_url(url))
			break;           /* the link's text stays, as text */
		if (enter) {
			buf_puts(h->out, "<a href=\"");
			put_attr(h, url);
			buf_puts(h->out, "\">");
		} else {
			buf_puts(h->out, "</a>");
		}
		break;
	}
	default:
		/* Raw HTML is never passed through; an image shows only its
		 * text (nothing is fetched). */
		break;
	}
}

static void
render_block(hstate *h, cmark_node *n)
{
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		node(h, cmark_iter_get_node(it), ev);
	cmark_iter_free(it);
}

static const char *const section_class[DPA_HEAD__MAX] = {
	"clause",  /* DPA_HEAD_CLAUSE */
	"annex",   /* DPA_HEAD_ANNEX */
	NULL,      /* DPA_HEAD_SECTION */
	"part",    /* DPA_HEAD_PART */
	NULL,      /* DPA_HEAD_SUB */
	NULL,      /* DPA_HEAD_FOOTER */
	NULL,      /* DPA_HEAD_TOC */
};

/* Top level: clauses, annexes and parts become <section>s, the footer a
 * <footer>.  In a part (the signatures), a bold line followed by a table
 * is one party's signature block, and the blocks stand side by side. */
static void
render_body(hstate *h)
{
	enum { NONE, SECTION, FOOTER } open = NONE;
	dpa_head_kind kind = DPA_HEAD__MAX;
	bool sigs = false;
	for (cmark_node *n = cmark_node_first_child(h->a->root); n; n = cmark_node_next(n)) {
		int e = doc_entry_of(h->a, n);
		dpa_head_kind k = e >= 0 ? h->r->index[e].kind : DPA_HEAD__MAX;
		if (e >= 0 && (section_class[k] || k == DPA_HEAD_FOOTER)) {
			if (sigs)
				buf_puts(h->out, "</div>\n");
			sigs = false;
			buf_puts(h->out, open == SECTION ? "</section>\n" : open == FOOTER ? "</footer>\n" : "");
			kind = k;
			if (k == DPA_HEAD_FOOTER) {
				buf_puts(h->out, "<footer>\n");
				open = FOOTER;
			} else {
				buf_printf(h->out, "<section class=\"%s\" id=\"", section_class[k]);
				put_attr(h, h->r->index[e].id ? h->r->index[e].id : "");
				buf_puts(h->out, "\">\n");
				open = SECTION;
			}
		}
		cmark_node *next = cmark_node_next(n);
		if (kind == DPA_HEAD_PART && cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH &&
		    next && doc_is_table(next)) {
			if (!sigs)
				buf_puts(h->out, "<div class=\"sigblocks\">\n");
			sigs = true;
			buf_puts(h->out, "<div class=\"sigblock\">\n");
			render_block(h, n);
			render_block(h, next);
			buf_puts(h->out, "</div>\n");
			n = next;
			continue;
		}
		render_block(h, n);
	}
	if (sigs)
		buf_puts(h->out, "</div>\n");
	buf_puts(h->out, open == SECTION ? "</section>\n" : open == FOOTER ? "</footer>\n" : "");
}

int
render_html(const dpa_rendered *r, const dpa_ast *a, const dpa_backend_opts *o, buf *out,
    dpa_diags *d)
{
	(void)d;
	hstate h = { .r = r, .a = a, .o = o, .out = out };
	const char *lang = dpa_lang_code(r->lang);
	if (!o->fragment) {
		buf title = {0};
		for (cmark_node *n = cmark_node_first_child(a->root); n; n = cmark_node_next(n))
			if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 1) {
				doc_plain_text(n, &title);
				break;
			}
		buf_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<meta name=\"generator\" content=\"dpagen " DPAGEN_VERSION "\">\n<title>", lang);
		put_attr(&h, title.data ? title.data : "");
		/* The style sheet is large: copied, not formatted. */
		buf_puts(out, "</title>\n<style>\n");
		buf_puts(out, css);
		if (o->redline)
			buf_puts(out, redline_css);
		put_page_css(&h, title.data ? title.data : "");
		buf_free(&title);
		buf_puts(out, "</style>\n</head>\n<body>\n");
	}
	buf_printf(out, "<article class=\"dpa\" lang=\"%s\">\n", lang);
	render_body(&h);
	buf_puts(out, "</article>\n");
	if (!o->fragment)
		buf_puts(out, "</body>\n</html>\n");
	arena_free(&h.tmp);
	return 0;
}
