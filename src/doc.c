/* doc.c - Markdown -> cmark-gfm AST, and the clause index on it. */
#include "doc.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm/registry.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "textguard.h"

/* The table extension's node types are assigned when it registers (before
 * any parse).  libcmark-gfm-extensions exports them as data but declares
 * them in no installed header (tech-notes.md); comparing them is one load,
 * where cmark_node_get_type_string() and strcmp() cost 1.5 % of an HTML
 * render, asked for each node by the walks. */
extern cmark_node_type CMARK_NODE_TABLE, CMARK_NODE_TABLE_ROW, CMARK_NODE_TABLE_CELL;

bool doc_is_table(cmark_node *n) { return cmark_node_get_type(n) == CMARK_NODE_TABLE; }
bool doc_is_table_row(cmark_node *n) { return cmark_node_get_type(n) == CMARK_NODE_TABLE_ROW; }
bool doc_is_table_cell(cmark_node *n) { return cmark_node_get_type(n) == CMARK_NODE_TABLE_CELL; }

void
doc_setup(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

/* A GFM table gives every row as many cells as its header has, so a
 * wide header over many short lines ("x" each) makes columns x rows cell
 * nodes from a few bytes each: 64 KiB made half a gigabyte.  Count the
 * cells before parsing: each delimiter row ("|---|:-:|") times the
 * lines that follow it up to a blank one (an upper bound). */
enum { DOC_MAX_CELLS = 100000 };

static bool
delimiter_row(const char *s, size_t n, size_t *cols)
{
	bool pipe = false, dash = false, in_run = false;
	*cols = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '-' || c == ':') {
			dash |= c == '-';
			if (!in_run)
				(*cols)++;
			in_run = true;
		} else if (c == '|' || c == ' ' || c == '\t' || c == '\r') {
			pipe |= c == '|';
			in_run = in_run && c != '|';
		} else {
			return false;
		}
	}
	return pipe && dash;
}

static int
check_tables(const dpa_rendered *r, dpa_diags *d)
{
	const char *s = r->md.data ? r->md.data : "", *end = s + r->md.len;
	size_t cells = 0, cols = 0, rows = 0, line = 0, table_line = 0;
	while (s < end) {
		const char *eol = memchr(s, '\n', (size_t)(end - s));
		size_t n = eol ? (size_t)(eol - s) : (size_t)(end - s);
		line++;
		size_t k = 0;
		while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
			k++;
		if (cols && k == n) {
			cols = 0;                    /* a blank line ends the table */
		} else if (cols) {
			rows++;
			cells += cols;
		} else if (delimiter_row(s, n, &cols)) {
			table_line = line;
			rows = 1;
			cells += 2 * cols;           /* the header and this row */
		}
		if (cells > DOC_MAX_CELLS) {
			diag_add(d, DPA_SEV_ERROR, (dpa_loc){ 0 }, NULL,
			    "the agreement's tables have more than %d cells (limit): the table at line %zu "
			    "of its Markdown has %zu columns and %zu or more rows", DOC_MAX_CELLS, table_line,
			    cols, rows);
			return -1;
		}
		s += n + 1;
	}
	return 0;
}

/* ---- the tree's memory ------------------------------------------------- */

/* cmark-gfm allocates through three functions without a context, also
 * after parsing (a text node's literal is made on first use), so the pool
 * of the tree a thread works on is found through the thread.  Its blocks
 * cost less than malloc's, and doc_free() drops the pool instead of
 * freeing the nodes one by one: together 1.2 M instructions of an HTML
 * render. */

static _Thread_local pool *tree_pool;

static pool *
live_pool(void)
{
	if (!tree_pool)
		abort();   /* a node of a freed tree: a bug */
	return tree_pool;
}

static void *
tree_calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		dpa_oom();
	return pool_alloc(live_pool(), n * size);
}

static void *tree_realloc(void *p, size_t n) { return pool_realloc(live_pool(), p, n); }
static void tree_free(void *p) { pool_free(live_pool(), p); }

static cmark_mem tree_allocator = { tree_calloc, tree_realloc, tree_free };

int
doc_parse(const dpa_rendered *r, dpa_ast *a, dpa_diags *d)
{
	memset(a, 0, sizeof *a);
	a->r = r;
	if (check_tables(r, d) != 0)
		return -1;
	cmark_gfm_core_extensions_ensure_registered();
	int opts = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
	if (DOC_POOL && !tree_pool) {
		a->mem = tree_pool = xcalloc(1, sizeof *a->mem);
		a->parser = cmark_parser_new_with_mem(opts, &tree_allocator);
	} else {
		a->parser = cmark_parser_new(opts);
	}
	cmark_syntax_extension *table = cmark_find_syntax_extension("table");
	if (!a->parser || !table || !cmark_parser_attach_syntax_extension(a->parser, table)) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ 0 }, NULL, "cannot set up the Markdown parser");
		return -1;
	}
	cmark_parser_feed(a->parser, r->md.data ? r->md.data : "", r->md.len);
	a->root = cmark_parser_finish(a->parser);
	if (!a->root)
		dpa_oom();
	a->node_of = xcalloc(r->nindex ? r->nindex : 1, sizeof *a->node_of);

	/* Tie each index entry to the top-level block that starts on its
	 * line: a clause, annex, section or part to its heading, a sub-clause
	 * to its paragraph, the footer to its first block.  Both are in line
	 * order, so one pass does it. */
	cmark_node *n = cmark_node_first_child(a->root);
	for (size_t i = 0; i < r->nindex; i++) {
		const dpa_heading *h = &r->index[i];
		if (!h->line)
			continue;
		while (n && cmark_node_get_start_line(n) < (int)h->line)
			n = cmark_node_next(n);
		if (!n)
			break;
		cmark_node_type t = cmark_node_get_type(n);
		bool fits = h->kind == DPA_HEAD_FOOTER ? true :
		    h->kind == DPA_HEAD_TOC ? t == CMARK_NODE_LIST :
		    h->kind == DPA_HEAD_SUB ? t == CMARK_NODE_PARAGRAPH : t == CMARK_NODE_HEADING;
		if (fits && (h->kind == DPA_HEAD_FOOTER || cmark_node_get_start_line(n) == (int)h->line)) {
			a->node_of[i] = n;
			/* The node knows its first entry: the back-ends ask it of
			 * every heading and paragraph. */
			if (!cmark_node_get_user_data(n))
				cmark_node_set_user_data(n, (void *)(uintptr_t)(i + 1));
		}
	}
	return 0;
}

/* Bytes of item's "x) " prefix if it begins with letter x, else 0. */
static size_t
letter_prefix(cmark_node *item, char letter)
{
	cmark_node *para = cmark_node_first_child(item);
	if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
		return 0;
	cmark_node *text = cmark_node_first_child(para);
	const char *s = text && cmark_node_get_type(text) == CMARK_NODE_TEXT ?
	    cmark_node_get_literal(text) : NULL;
	if (!s || s[0] != letter || s[1] != ')')
		return 0;
	return s[2] == ' ' ? 3 : s[2] == '\0' ? 2 : 0;
}

bool
doc_is_lettered(cmark_node *list)
{
	if (!list || cmark_node_get_type(list) != CMARK_NODE_LIST ||
	    cmark_node_get_list_type(list) != CMARK_BULLET_LIST)
		return false;
	char letter = 'a';
	cmark_node *item = cmark_node_first_child(list);
	for (; item && letter <= 'z'; item = cmark_node_next(item), letter++)
		if (!letter_prefix(item, letter))
			return false;
	return !item && letter > 'a';
}

size_t
doc_item_letter(cmark_node *item, char out[3])
{
	cmark_node *list = cmark_node_parent(item);
	if (cmark_node_get_type(item) != CMARK_NODE_ITEM || !doc_is_lettered(list))
		return 0;
	char letter = 'a';
	for (cmark_node *n = cmark_node_first_child(list); n != item; n = cmark_node_next(n))
		letter++;
	out[0] = letter;
	out[1] = ')';
	out[2] = '\0';
	return letter_prefix(item, letter);
}

int
doc_entry_of(const dpa_ast *a, cmark_node *n)
{
	(void)a;
	return (int)(uintptr_t)cmark_node_get_user_data(n) - 1;
}

void
doc_free(dpa_ast *a)
{
	if (a->mem) {
		if (tree_pool == a->mem)
			tree_pool = NULL;
		pool_release(a->mem);
		free(a->mem);
	} else {
		if (a->root)
			cmark_node_free(a->root);
		if (a->parser)
			cmark_parser_free(a->parser);
	}
	free(a->node_of);
	memset(a, 0, sizeof *a);
}

void
doc_shutdown(void)
{
	cmark_release_plugins();
}

static bool
ends_range(dpa_head_kind start, dpa_head_kind k)
{
	bool top = k == DPA_HEAD_CLAUSE || k == DPA_HEAD_ANNEX || k == DPA_HEAD_PART || k == DPA_HEAD_FOOTER;
	if (start == DPA_HEAD_SECTION || start == DPA_HEAD_SUB)
		return top || k == DPA_HEAD_SECTION || k == DPA_HEAD_SUB;
	return top;
}

int
doc_select(const dpa_ast *a, const char *sel, cmark_node **first, cmark_node **last)
{
	const dpa_rendered *r = a->r;
	int found = -1;
	for (size_t i = 0; i < r->nindex && found < 0; i++) {
		const dpa_heading *h = &r->index[i];
		if (!a->node_of[i] || h->kind == DPA_HEAD_FOOTER)
			continue;
		if ((h->id && strcmp(h->id, sel) == 0) || (*h->number && strcasecmp(h->number, sel) == 0))
			found = (int)i;
	}
	if (found < 0)
		return -1;
	*first = *last = a->node_of[found];
	dpa_head_kind k = r->index[found].kind;
	size_t next = (size_t)found + 1;
	for (cmark_node *n = cmark_node_next(*first); n; n = cmark_node_next(n)) {
		while (next < r->nindex && !a->node_of[next])
			next++;
		if (next < r->nindex && a->node_of[next] == n) {
			if (ends_range(k, r->index[next].kind))
				break;
			next++;
		}
		*last = n;
	}
	return found;
}

void
doc_plain_text(cmark_node *n, buf *out)
{
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(c);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
			buf_putc(out, ' ');
			continue;
		}
		if (t != CMARK_NODE_TEXT && t != CMARK_NODE_CODE)
			continue;
		for (const char *s = cmark_node_get_literal(c); s && *s; s++) {
			if ((unsigned char)*s == 0xEE && (unsigned char)s[1] == 0x80 &&
			    ((unsigned char)s[2] == 0x80 || (unsigned char)s[2] == 0x81)) {
				s += 2;
				continue;
			}
			if (dpa_redline_mark(s)) {
				s += 2;
				continue;
			}
			buf_putc(out, *s);
		}
	}
	cmark_iter_free(it);
}

/* ---- a Markdown value of the config, on its own ------------------------ */

/* A Markdown value is pasted into the agreement's Markdown, so whatever
 * it opens can run on into the template's text: an HTML block ("<!--",
 * "<pre>") hid the signatures and the footer, a "## " heading posed as a
 * clause.  It is parsed here alone and may hold only what the field
 * documents (docs/config.md). */

/* Line n (1-based) of s, its length in *len. */
static const char *
value_line(const char *s, size_t slen, int n, size_t *len)
{
	const char *p = s, *end = s + slen;
	for (int i = 1; i < n && p < end; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	*len = (size_t)((nl ? nl : end) - p);
	return p;
}

/* Does a fenced code block end with its closing fence on line n? */
static bool
fence_closed(const char *s, size_t slen, cmark_node *n)
{
	int flen = 0, offset = 0;
	char fc = 0;
	cmark_node_get_fenced(n, &flen, &offset, &fc);
	size_t len;
	const char *p = value_line(s, slen, cmark_node_get_end_line(n), &len);
	if (cmark_node_get_end_line(n) == cmark_node_get_start_line(n))
		return false;
	size_t i = 0, run = 0;
	while (i < len && i < 3 && p[i] == ' ')
		i++;
	while (i < len && p[i] == fc) {
		i++;
		run++;
	}
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
		i++;
	return run >= (size_t)flen && i == len;
}

/* Does line p[0..n) start a link reference definition ("[label]:"),
 * after block quote and list markers?  A definition holds for the whole
 * agreement, so one in a value could make a link of text elsewhere.  Read
 * from the text: cmark keeps no trace of definitions in the tree. */
static bool
ref_definition(const char *p, size_t n)
{
	size_t i = 0;
	for (;;) {
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		size_t d = i;
		while (d < n && d - i < 9 && p[d] >= '0' && p[d] <= '9')
			d++;
		if (i < n && p[i] == '>')
			i++;
		else if (i + 1 < n && strchr("-*+", p[i]) && (p[i + 1] == ' ' || p[i + 1] == '\t'))
			i += 2;
		else if (d > i && d + 1 < n && (p[d] == '.' || p[d] == ')') && (p[d + 1] == ' ' || p[d + 1] == '\t'))
			i = d + 2;
		else
			break;
	}
	if (i >= n || p[i] != '[')
		return false;
	for (size_t k = i + 1; k < n; k++) {
		if (p[k] == '\\')
			k++;
		else if (p[k] == '[')
			return false;
		else if (p[k] == ']')
			return k > i + 1 && k + 1 < n && p[k + 1] == ':';
	}
	return false;
}

/* The line of the value where n is: its own for a block, its block's for
 * an inline (cmark-gfm does not place every inline). */
static int
node_line(cmark_node *n)
{
	while (n && ((cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_BLOCK ||
	    cmark_node_get_start_line(n) <= 0))
		n = cmark_node_parent(n);
	return n ? cmark_node_get_start_line(n) : 1;
}

/* s in quotes for a message: its first line, at most 40 bytes (whole
 * characters). */
static void
quoted(char *out, size_t size, const char *s)
{
	size_t n = s ? strcspn(s, "\n") : 0;
	if (n > 40) {
		n = 40;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	snprintf(out, size, "\"%.*s%s\"", (int)n, s ? s : "", s && s[n] && s[n] != '\n' ? "..." : "");
}

/* A refused character in decoded text (an entity such as "&#27;" makes
 * one from harmless bytes): its description in what, or false. */
static bool
refused_char(const char *s, char *what, size_t size)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0)
			return false;   /* cmark validated the UTF-8 */
		if (textguard_class((uint32_t)cp) != TG_OK || textguard_is_mark((uint32_t)cp)) {
			textguard_describe((uint32_t)cp, what, size);
			return true;
		}
		p += n;
	}
	return false;
}

static bool
allowed_url(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0 ||
	    strncasecmp(url, "mailto:", 7) == 0;
}

/* What node n holds that a Markdown value may not, into what, with a
 * hint how to write it instead; false if nothing. */
static bool
refused_node(const char *s, size_t len, cmark_node *n, char *what, size_t size, const char **hint)
{
	char q[64], c[80];
	int flen = 0, offset = 0;
	char fc = 0;
	*hint = "";
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT: case CMARK_NODE_PARAGRAPH: case CMARK_NODE_LIST:
	case CMARK_NODE_ITEM: case CMARK_NODE_SOFTBREAK: case CMARK_NODE_LINEBREAK:
	case CMARK_NODE_EMPH: case CMARK_NODE_STRONG:
		return false;
	case CMARK_NODE_TEXT:
		if (!refused_char(cmark_node_get_literal(n), c, sizeof c))
			return false;
		snprintf(what, size, "an entity or escape that makes %s", c);
		return true;
	case CMARK_NODE_HEADING: {
		if (cmark_node_get_heading_level(n) > 3)
			return false;
		buf t = {0};
		doc_plain_text(n, &t);
		quoted(q, sizeof q, t.data);
		buf_free(&t);
		snprintf(what, size, "a heading of level %d (%s)", cmark_node_get_heading_level(n), q);
		*hint = "; levels 1 to 3 are the agreement's title, clauses, annexes and sections";
		return true;
	}
	case CMARK_NODE_LINK:
		if (!allowed_url(cmark_node_get_url(n))) {
			quoted(q, sizeof q, cmark_node_get_url(n));
			snprintf(what, size, "a link to %s", q);
			*hint = "; links go to http, https and mailto addresses only";
			return true;
		}
		if (refused_char(cmark_node_get_title(n), c, sizeof c)) {
			snprintf(what, size, "a link title with %s", c);
			return true;
		}
		return false;
	case CMARK_NODE_HTML_BLOCK: case CMARK_NODE_HTML_INLINE:
		quoted(q, sizeof q, cmark_node_get_literal(n));
		snprintf(what, size, "raw HTML %s", q);
		*hint = "; write < as \\<";
		return true;
	case CMARK_NODE_CODE_BLOCK:
		if (cmark_node_get_fenced(n, &flen, &offset, &fc) && !fence_closed(s, len, n)) {
			snprintf(what, size, "an unclosed fenced code block (%c%c%c)", fc, fc, fc);
			*hint = "; in the agreement it would run on to the end, over the signatures";
		} else
			snprintf(what, size, "a code block (a ``` fence, or a line indented 4 spaces)");
		return true;
	case CMARK_NODE_CODE:
		snprintf(what, size, "code (`...`)");
		return true;
	case CMARK_NODE_IMAGE:
		snprintf(what, size, "an image");
		return true;
	case CMARK_NODE_BLOCK_QUOTE:
		snprintf(what, size, "a block quote (>)");
		return true;
	case CMARK_NODE_THEMATIC_BREAK:
		snprintf(what, size, "a horizontal rule (---)");
		return true;
	default:
		snprintf(what, size, "a %s", cmark_node_get_type_string(n));
		return true;
	}
}

/* What the text holds that cmark keeps no node of: a GFM table's
 * delimiter row (tables are parsed only in the agreement, where a wide
 * one is a memory bomb) or a link reference definition. */
static bool
refused_line(const char *s, size_t len, int *line, char *what, size_t size)
{
	size_t cols;
	const char *p = s, *end = s + len;
	for (int i = 1; p <= end; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		if (delimiter_row(p, n, &cols))
			snprintf(what, size, "a table (a row like \"|---|\")");
		else if (ref_definition(p, n))
			snprintf(what, size, "a link reference definition (\"[label]: URL\")");
		else if (nl) {
			p = nl + 1;
			continue;
		} else
			return false;
		*line = i;
		return true;
	}
	return false;
}

int
doc_check_value(const char *s, size_t len, char *why, size_t whylen)
{
	char what[192];
	const char *hint = "";
	int line = 0;
	bool bad = refused_line(s, len, &line, what, sizeof what);
	if (bad)
		hint = strstr(what, "definition") ? "; write the link as [text](URL) where it is used" : "";
	cmark_parser *p = bad ? NULL : cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	if (!bad && !p)
		dpa_oom();
	if (p) {
		cmark_parser_feed(p, s, len);
		cmark_node *root = cmark_parser_finish(p);
		if (!root)
			dpa_oom();
		cmark_iter *it = cmark_iter_new(root);
		cmark_event_type ev;
		while (!bad && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *n = cmark_iter_get_node(it);
			if (ev == CMARK_EVENT_ENTER && refused_node(s, len, n, what, sizeof what, &hint)) {
				bad = true;
				line = node_line(n);
			}
		}
		cmark_iter_free(it);
		cmark_node_free(root);
		cmark_parser_free(p);
	}
	if (bad)
		snprintf(why, whylen, "%s at line %d of the value: a Markdown value may hold paragraphs, "
		    "emphasis, lists, links and headings of level 4 to 6%s", what, line, hint);
	return bad ? -1 : 0;
}

void
doc_value_text(const char *s, size_t len, buf *out)
{
	cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
	if (!p)
		dpa_oom();
	cmark_parser_feed(p, s, len);
	cmark_node *root = cmark_parser_finish(p);
	if (!root)
		dpa_oom();
	buf_puts(out, "");
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_EXIT && (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING)) {
			buf_puts(out, "\n\n");   /* ends a sentence for check */
		} else if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)) {
			buf_putc(out, '\n');
		} else if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)) {
			buf_puts(out, cmark_node_get_literal(n));
		}
	}
	cmark_iter_free(it);
	cmark_node_free(root);
	cmark_parser_free(p);
}
