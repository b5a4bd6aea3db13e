/* doc.c - Markdown -> cmark-gfm AST, and the clause index on it. */
#include "doc.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm/registry.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool
type_is(cmark_node *n, const char *name)
{
	const char *t = cmark_node_get_type_string(n);
	return t && strcmp(t, name) == 0;
}

bool doc_is_table(cmark_node *n) { return type_is(n, "table"); }
bool doc_is_table_row(cmark_node *n) { return type_is(n, "table_row") || type_is(n, "table_header"); }
bool doc_is_table_cell(cmark_node *n) { return type_is(n, "table_cell"); }

void
doc_setup(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

int
doc_parse(const dpa_rendered *r, dpa_ast *a, dpa_diags *d)
{
	memset(a, 0, sizeof *a);
	a->r = r;
	cmark_gfm_core_extensions_ensure_registered();
	a->parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
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
		if (fits && (h->kind == DPA_HEAD_FOOTER || cmark_node_get_start_line(n) == (int)h->line))
			a->node_of[i] = n;
	}
	return 0;
}

int
doc_entry_of(const dpa_ast *a, cmark_node *n)
{
	for (size_t i = 0; i < a->r->nindex; i++)
		if (a->node_of[i] == n)
			return (int)i;
	return -1;
}

void
doc_free(dpa_ast *a)
{
	if (a->root)
		cmark_node_free(a->root);
	if (a->parser)
		cmark_parser_free(a->parser);
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
			buf_putc(out, *s);
		}
	}
	cmark_iter_free(it);
}
