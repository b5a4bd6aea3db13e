/* render_md.c - the Markdown back-end.
 *
 * The engine's output is already CommonMark with GFM tables (it is what
 * the AST is parsed from), so this back-end writes it as it is, minus the
 * review marks, which Markdown has no way to show.  Raw HTML is never
 * passed through, in this format as in the others: config values cannot
 * hold it (the loader refuses it), but a template set can.  When the text
 * may hold some, it is parsed; if it does, the HTML is dropped, as the
 * HTML and PDF back-ends drop it, and the Markdown is written from the
 * tree instead. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

/* Could the text hold raw HTML: a "<" not escaped by a backslash?  Most
 * agreements have none, and then need no parse. */
static bool
may_hold_html(const char *s, size_t len)
{
	for (const char *p = s; (p = memchr(p, '<', len - (size_t)(p - s))) != NULL; p++) {
		size_t bs = 0;
		while (bs < (size_t)(p - s) && p[-1 - (ptrdiff_t)bs] == '\\')
			bs++;
		if (bs % 2 == 0)
			return true;
	}
	return false;
}

/* Drop the raw HTML nodes of root; true if there were any. */
static bool
drop_html(cmark_node *root)
{
	cmark_node **html = NULL;
	size_t n = 0, cap = 0;
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(x);
		if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_HTML_INLINE))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			html = xrealloc(html, cap * sizeof *html);
		}
		html[n++] = x;
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < n; i++)
		cmark_node_free(html[i]);   /* unlinks it */
	free(html);
	return n > 0;
}

/* s without the engine's marks. */
static void
put_unmarked(buf *out, const char *s, size_t len)
{
	size_t mark = strlen(DPA_MARK_ON);
	for (size_t i = 0; i < len; i++) {
		if (i + mark <= len && (memcmp(s + i, DPA_MARK_ON, mark) == 0 ||
		    memcmp(s + i, DPA_MARK_OFF, mark) == 0)) {
			i += mark - 1;
			continue;
		}
		buf_putc(out, s[i]);
	}
}

int
render_md(const dpa_rendered *r, const dpa_ast *a, const dpa_backend_opts *o, buf *out,
    dpa_diags *d)
{
	(void)a;   /* another back-end's tree: not changed here */
	(void)o;
	const char *s = r->md.data ? r->md.data : "";
	if (!may_hold_html(s, r->md.len)) {
		put_unmarked(out, s, r->md.len);
		return 0;
	}
	dpa_ast own;
	if (doc_parse(r, &own, d) != 0) {
		doc_free(&own);
		return -1;
	}
	if (!drop_html(own.root)) {
		put_unmarked(out, s, r->md.len);
	} else {
		char *md = cmark_render_commonmark(own.root, CMARK_OPT_DEFAULT, 0);
		if (!md)
			dpa_oom();
		put_unmarked(out, md, strlen(md));
		/* From the tree's allocator: the pool doc_free() drops, or malloc. */
		if (!own.mem)
			free(md);
	}
	doc_free(&own);
	return 0;
}
