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
#define _GNU_SOURCE   /* memmem */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

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

/* ---- anchors as GitHub and GitLab make them ------------------------------
 *
 * Neither keeps an id written into Markdown; both make one per heading
 * from its text: lower case, every character but letters, marks, digits,
 * "_", "-" and " " dropped, each space a "-"; GitLab then squeezes runs of
 * "-" into one (GitHub keeps them) and makes an all-digit id
 * "anchor-NNN"; a repeated id gets "-1", "-2", ... in both.  So links to
 * the engine's ids ("#preamble") go to those ids instead ("#2-præambel"),
 * a sub-clause (a paragraph, no anchor of its own) to its clause. */

static bool
slug_keeps(int32_t cp)
{
	if (cp == '-' || cp == ' ' || cp == '_')
		return true;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_PC:
		return true;
	default:
		return false;
	}
}

static void
put_cp(buf *out, int32_t cp)
{
	utf8proc_uint8_t b[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, b);
	buf_put(out, b, (size_t)n);
}

/* The id of a heading whose text is s, before duplicates are counted. */
static void
slug_of(const char *s, bool gitlab, buf *out)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
	size_t start = out->len;
	bool digits = true;
	while (len > 0 && gitlab && *p == ' ')
		p++, len--;
	while (len > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, len, &cp);
		if (n <= 0)
			break;
		p += n;
		len -= n;
		if (!slug_keeps(cp))
			continue;
		cp = cp == ' ' ? '-' : utf8proc_tolower(cp);
		if (gitlab && cp == '-' && out->len > start && out->data[out->len - 1] == '-')
			continue;
		digits = digits && cp >= '0' && cp <= '9';
		put_cp(out, cp);
	}
	if (gitlab) {
		while (out->len > start && out->data[out->len - 1] == '-')
			out->len--;   /* Ruby's strip came first: no space, no dash, at the end */
		if (digits && out->len > start) {
			buf tail = {0};
			buf_put(&tail, out->data + start, out->len - start);
			out->len = start;
			buf_printf(out, "anchor-%s", tail.data);
			buf_free(&tail);
		}
	}
	buf_putc(out, '\0');
}

/* In a heading line, a space that would make a second "-" in a row (" – ",
 * " - ") becomes a no-break space, which both drop: GitHub would keep
 * "bilag-a--oplysninger", GitLab squeeze it to "bilag-a-oplysninger";
 * now both make the latter, and the heading reads the same. */
static void
put_heading_line(buf *out, const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t left = (utf8proc_ssize_t)len;
	bool dash = true;   /* the "#"s and the space after them */
	while (left > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
		if (n <= 0) {
			buf_put(out, p, (size_t)left);
			return;
		}
		if (cp == ' ' && dash && (const char *)p > s && p[-1] != '#')
			cp = 0xA0;
		else if (cp == ' ' || cp == '-')
			dash = true;
		else if (slug_keeps(cp))
			dash = false;
		if (cp == 0xA0)
			put_cp(out, cp);
		else
			buf_put(out, p, (size_t)n);
		p += n;
		left -= n;
	}
}

static bool
is_heading_line(const char *s, size_t len)
{
	size_t h = 0;
	while (h < len && h < 7 && s[h] == '#')
		h++;
	return h >= 1 && h <= 6 && h < len && s[h] == ' ';
}

static void
fix_headings(const char *s, size_t len, buf *out)
{
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) + 1 : len;
		if (is_heading_line(s + i, end - i))
			put_heading_line(out, s + i, end - i);
		else
			buf_put(out, s + i, end - i);
		i = end;
	}
}

typedef struct anchors {
	cmark_node **node;        /* every heading, in order */
	char **base[2], **id[2];  /* its slug and id, on GitHub [0] and GitLab [1] */
	size_t n, cap;
} anchors;

static void
add_anchor(anchors *an, cmark_node *n, buf *text)
{
	if (an->n == an->cap) {
		an->cap = an->cap ? 2 * an->cap : 64;
		an->node = xrealloc(an->node, an->cap * sizeof *an->node);
		for (int k = 0; k < 2; k++) {
			an->base[k] = xrealloc(an->base[k], an->cap * sizeof *an->base[k]);
			an->id[k] = xrealloc(an->id[k], an->cap * sizeof *an->id[k]);
		}
	}
	text->len = 0;
	doc_plain_text(n, text);
	buf_putc(text, '\0');
	for (int k = 0; k < 2; k++) {
		buf g = {0};
		slug_of(text->data, k == 1, &g);
		an->base[k][an->n] = g.data;
		an->id[k][an->n] = NULL;
	}
	an->node[an->n++] = n;
}

typedef struct slug_pos {
	const char *slug;
	size_t pos;
} slug_pos;

static int
by_slug_then_pos(const void *x, const void *y)
{
	const slug_pos *a = x, *b = y;
	int c = strcmp(a->slug, b->slug);
	return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

/* Each heading's id: its slug, and "-k" if k headings before it had the
 * same slug.  Sorted, not compared pairwise: an agreement may hold many
 * thousands of headings. */
static void
number_ids(anchors *an, int k)
{
	slug_pos *v = xcalloc(an->n ? an->n : 1, sizeof *v);
	for (size_t i = 0; i < an->n; i++)
		v[i] = (slug_pos){ an->base[k][i], i };
	qsort(v, an->n, sizeof *v, by_slug_then_pos);
	for (size_t i = 0, same = 0; i < an->n; i++) {
		same = i > 0 && strcmp(v[i].slug, v[i - 1].slug) == 0 ? same + 1 : 0;
		buf b = {0};
		buf_printf(&b, same ? "%s-%zu" : "%s", v[i].slug, same);
		an->id[k][v[i].pos] = b.data;
	}
	free(v);
}

static void
collect_anchors(cmark_node *root, anchors *an)
{
	buf text = {0};
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING)
			add_anchor(an, n, &text);   /* in a list item too: GitHub counts it */
	}
	cmark_iter_free(it);
	buf_free(&text);
	number_ids(an, 0);
	number_ids(an, 1);
}

static void
anchors_free(anchors *an)
{
	for (size_t i = 0; i < an->n; i++)
		for (int k = 0; k < 2; k++) {
			free(an->base[k][i]);
			free(an->id[k][i]);
		}
	free(an->node);
	for (int k = 0; k < 2; k++) {
		free(an->base[k]);
		free(an->id[k]);
	}
}

typedef struct node_pos {
	uintptr_t node;
	size_t pos;
} node_pos;

static int
by_node(const void *x, const void *y)
{
	const node_pos *a = x, *b = y;
	return (a->node > b->node) - (a->node < b->node);
}

typedef struct id_anchor {
	const char *id;      /* an index entry's id */
	const char *anchor;  /* where a link to it goes; NULL: nowhere known */
} id_anchor;

static int
by_id(const void *x, const void *y)
{
	return strcmp(((const id_anchor *)x)->id, ((const id_anchor *)y)->id);
}

/* Per index id, the anchor a link to it goes to: its heading's, or for a
 * sub-clause (or a table of contents) that of the nearest entry above it
 * with a heading.  Sorted by id; *n entries. */
static id_anchor *
link_targets(const dpa_rendered *r, const dpa_ast *a, const anchors *an, size_t *n)
{
	node_pos *heads = xcalloc(an->n ? an->n : 1, sizeof *heads);
	for (size_t i = 0; i < an->n; i++)
		heads[i] = (node_pos){ (uintptr_t)an->node[i], i };
	qsort(heads, an->n, sizeof *heads, by_node);
	id_anchor *t = xcalloc(r->nindex ? r->nindex : 1, sizeof *t);
	*n = 0;
	for (size_t e = 0; e < r->nindex; e++) {
		if (!r->index[e].id)
			continue;
		const char *to = NULL;
		for (int i = (int)e; !to && i >= 0; i = r->index[i].parent) {
			node_pos key = { (uintptr_t)a->node_of[i], 0 }, *hit;
			if (key.node && (hit = bsearch(&key, heads, an->n, sizeof *heads, by_node)) != NULL)
				to = an->id[0][hit->pos];
		}
		t[(*n)++] = (id_anchor){ r->index[e].id, to };
	}
	qsort(t, *n, sizeof *t, by_id);
	free(heads);
	return t;
}

/* The anchor for the id s[0..len), or NULL. */
static const char *
target_of(const id_anchor *t, size_t n, const char *s, size_t len)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(t[mid].id, s, len);
		if (c == 0 && t[mid].id[len] != '\0')
			c = 1;
		if (c == 0)
			return t[mid].anchor;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* s with every "](#id)" of an index id pointing at its anchor instead. */
static void
put_links(buf *out, const char *s, size_t len, const dpa_rendered *r, const dpa_ast *a,
    const anchors *an)
{
	size_t nt, i = 0;
	id_anchor *t = link_targets(r, a, an, &nt);
	for (const char *p; (p = memmem(s + i, len - i, "](#", 3)) != NULL;) {
		size_t at = (size_t)(p - s) + 3;
		const char *close = memchr(s + at, ')', len - at);
		const char *to = close ? target_of(t, nt, s + at, (size_t)(close - (s + at))) : NULL;
		buf_put(out, s + i, at - i);
		i = at;
		if (to) {
			buf_puts(out, to);
			i = (size_t)(close - s);
		}
	}
	buf_put(out, s + i, len - i);
	free(t);
}

/* ---- lettered lists (doc.h) -----------------------------------------------
 * Markdown has no lettered lists: "- a) text" becomes the paragraph
 * "a) text", as the other formats show it ("a)" starts no list in
 * CommonMark). */

/* The lines where the items of root's lettered lists start, and their
 * bullet's column (both 1-based), in order. */
typedef struct letter_lines {
	int *line, *col;
	size_t n, cap;
} letter_lines;

static void
find_letters(cmark_node *root, letter_lines *ll)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *list = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || !doc_is_lettered(list))
			continue;
		for (cmark_node *i = cmark_node_first_child(list); i; i = cmark_node_next(i)) {
			if (ll->n == ll->cap) {
				ll->cap = ll->cap ? 2 * ll->cap : 32;
				ll->line = xrealloc(ll->line, ll->cap * sizeof *ll->line);
				ll->col = xrealloc(ll->col, ll->cap * sizeof *ll->col);
			}
			ll->line[ll->n] = cmark_node_get_start_line(i);
			ll->col[ll->n++] = cmark_node_get_start_column(i);
		}
	}
	cmark_iter_free(it);
}

/* s (whose tree is root) with each lettered item's bullet taken away and
 * a blank line before it.  An item whose bullet is not where the tree
 * says, or stands after a quote's ">", is kept. */
static void
put_lettered(buf *out, const char *s, size_t len, cmark_node *root)
{
	letter_lines ll = {0};
	find_letters(root, &ll);
	const char *end = s + len;
	size_t k = 0;
	for (int line = 1; s < end; line++) {
		const char *eol = memchr(s, '\n', (size_t)(end - s));
		size_t n = eol ? (size_t)(eol - s) + 1 : (size_t)(end - s);
		while (k < ll.n && ll.line[k] < line)
			k++;
		size_t b = k < ll.n && ll.line[k] == line ? (size_t)ll.col[k] - 1 : n;
		bool indent = b < n && strchr("-*+", s[b]) != NULL;
		for (size_t i = 0; indent && i < b; i++)
			indent = s[i] == ' ';
		if (indent) {
			size_t c = b + 1;
			while (c < n && s[c] == ' ')
				c++;
			if (out->len >= 2 && memcmp(out->data + out->len - 2, "\n\n", 2) != 0)
				buf_putc(out, '\n');      /* unless the line before is blank */
			buf_put(out, s, b);
			buf_put(out, s + c, n - c);
		} else {
			buf_put(out, s, n);
		}
		s += n;
	}
	buf_puts(out, "");
	free(ll.line);
	free(ll.col);
}

/* The tree's lettered lists replaced by their items' blocks (for the
 * Markdown written from the tree), as put_lettered() does to the text.
 * Collected first: the walk must not see the tree change. */
static void
unlist_letters(cmark_node *root)
{
	cmark_node **lists = NULL;
	size_t n = 0, cap = 0;
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || !doc_is_lettered(x))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			lists = xrealloc(lists, cap * sizeof *lists);
		}
		lists[n++] = x;
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < n; i++) {
		cmark_node *item, *c;
		while ((item = cmark_node_first_child(lists[i])) != NULL) {
			while ((c = cmark_node_first_child(item)) != NULL)
				cmark_node_insert_before(lists[i], c);
			cmark_node_free(item);
		}
		cmark_node_free(lists[i]);
	}
	free(lists);
}

/* Markdown text (with the engine's marks) to out: anchors for GitHub and
 * GitLab, then the marks dropped. */
static void
put_final(buf *out, const char *s, size_t len, const dpa_rendered *r, const dpa_ast *a,
    const anchors *an)
{
	buf linked = {0};
	put_links(&linked, s, len, r, a, an);
	put_unmarked(out, linked.data ? linked.data : "", linked.len);
	buf_free(&linked);
}

int
render_md(const dpa_rendered *r, const dpa_ast *a, const dpa_backend_opts *o, buf *out,
    dpa_diags *d)
{
	(void)a;   /* another back-end's tree: not changed here */
	(void)o;
	dpa_rendered fixed = *r;   /* shares r's index: only md is its own */
	fixed.md = (buf){0};
	fix_headings(r->md.data ? r->md.data : "", r->md.len, &fixed.md);
	const char *s = fixed.md.data ? fixed.md.data : "";
	dpa_ast own;
	anchors an = {0};
	int rc = -1;
	if (doc_parse(&fixed, &own, d) != 0)
		goto done;
	bool html = may_hold_html(s, fixed.md.len) && drop_html(own.root);
	collect_anchors(own.root, &an);
	if (!html) {
		buf lettered = {0};
		put_lettered(&lettered, s, fixed.md.len, own.root);
		put_final(out, lettered.data, lettered.len, &fixed, &own, &an);
		buf_free(&lettered);
	} else {
		unlist_letters(own.root);
		char *md = cmark_render_commonmark(own.root, CMARK_OPT_DEFAULT, 0);
		if (!md)
			dpa_oom();
		put_final(out, md, strlen(md), &fixed, &own, &an);
		/* From the tree's allocator: the pool doc_free() drops, or malloc. */
		if (!own.mem)
			free(md);
	}
	rc = 0;
done:
	anchors_free(&an);
	doc_free(&own);
	buf_free(&fixed.md);
	return rc;
}
