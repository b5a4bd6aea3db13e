/* render_term.c - the terminal back-end: wrapped text, bold headings,
 * indented lists, tables drawn with box characters, widths counted in
 * display columns (utf8proc), styles only when the caller allows colour.
 *
 * Inline content is flattened to styled code points, then broken into
 * lines; the same line breaker serves paragraphs and table cells.  The
 * walk uses cmark's iterator and an explicit context stack, so nested
 * user Markdown cannot exhaust the C stack.
 */
#include <cmark-gfm-core-extensions.h>
#include <string.h>
#include <utf8proc.h>

#include "render.h"
#include "table_layout.h"
#include "textguard.h"

enum { ST_BOLD = 1, ST_ITALIC = 2, ST_UNDER = 4, ST_MARK = 8 };
enum { MAX_DEPTH = 32, MAX_COLS = 32, MIN_TEXT = 12, MIN_CELL = 4, CARD_INDENT = 2 };

typedef tl_char tchar;

typedef struct run {
	tchar *v;
	size_t n, cap;
} run;

typedef struct ctx {
	char first[96], rest[96];   /* prefix of an item's first line, and of the rest */
	bool first_pending;
	bool tight;
} ctx;

typedef struct tstate {
	const dpa_rendered *r;
	const dpa_ast *a;
	const dpa_backend_opts *o;
	buf *out;
	ctx stack[MAX_DEPTH + 1];
	int depth;                  /* stack[0] is the document */
	int overflow;               /* levels beyond MAX_DEPTH, not indented further */
	run text;                   /* inline content of the current block */
	int bold, italic, under;
	bool mark;
	bool blank_pending;
	bool wrote;
	size_t skip;                /* bytes of the next text a lettered item's marker shows */
} tstate;

static void
run_push(run *r, int32_t cp, uint8_t style)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 128;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	int w = cp == '\n' ? 0 : utf8proc_charwidth(cp);
	r->v[r->n++] = (tchar){ cp, style, (uint8_t)(w < 0 ? 0 : w) };
}

static uint8_t
cur_style(const tstate *t)
{
	return (uint8_t)((t->bold ? ST_BOLD : 0) | (t->italic ? ST_ITALIC : 0) |
	    (t->under ? ST_UNDER : 0) | (t->mark ? ST_MARK : 0));
}

/* Append UTF-8 text; the engine's marks switch the highlight style.  A
 * control, bidi or invisible character (a template set's "&#27;" makes
 * one) is shown as U+FFFD: the text must not drive the terminal. */
static void
add_text(tstate *t, run *r, const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
	while (len > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, len, &cp);
		if (n <= 0) {
			cp = 0xFFFD;
			n = 1;
		}
		tg_class k = textguard_class((uint32_t)cp);
		if (cp == 0xE000 || cp == 0xE001)
			t->mark = cp == 0xE000 && t->o->highlight;
		else if (k == TG_OK || cp == '\t')
			run_push(r, cp == '\t' ? ' ' : cp, cur_style(t));
		else if (k != TG_SOFT_HYPHEN)
			run_push(r, 0xFFFD, cur_style(t));   /* never a control character to the terminal */
		p += n;
		len -= n;
	}
}

static void
put_cp(buf *out, int32_t cp)
{
	utf8proc_uint8_t b[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, b);
	buf_put(out, b, (size_t)n);
}

static void
set_style(tstate *t, uint8_t *have, uint8_t want)
{
	if (!t->o->color || *have == want)
		return;
	buf_puts(t->out, "\033[0m");
	if (want & ST_BOLD)
		buf_puts(t->out, "\033[1m");
	if (want & ST_ITALIC)
		buf_puts(t->out, "\033[3m");
	if (want & ST_UNDER)
		buf_puts(t->out, "\033[4m");
	if (want & ST_MARK)
		buf_puts(t->out, "\033[7m");
	*have = want;
}

static size_t
str_width(const char *s)
{
	size_t w = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
	while (len > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, len, &cp);
		if (n <= 0)
			break;
		int cw = utf8proc_charwidth(cp);
		w += cw > 0 ? (size_t)cw : 0;
		p += n;
		len -= n;
	}
	return w;
}

/* ---- blocks ------------------------------------------------------------ */

static const char *
prefix(tstate *t, bool first_line)
{
	ctx *c = &t->stack[t->depth];
	if (first_line && c->first_pending)
		return c->first;
	return c->rest;
}

static void
blank_line(tstate *t)
{
	if (t->blank_pending && t->wrote) {
		const char *p = t->stack[t->depth].rest;
		size_t n = strlen(p);
		while (n && p[n - 1] == ' ')
			n--;
		buf_put(t->out, p, n);
		buf_putc(t->out, '\n');
	}
	t->blank_pending = false;
}

typedef struct emit_ctx {
	tstate *t;
	bool first;
} emit_ctx;

/* v[start..end) in its styles, the mark of a cut word, the line's end. */
static void
put_span(tstate *t, const tchar *v, size_t start, size_t end, bool cut)
{
	uint8_t have = 0;
	for (size_t i = start; i < end; i++) {
		set_style(t, &have, v[i].style);
		put_cp(t->out, v[i].cp);
	}
	set_style(t, &have, 0);
	if (cut)
		buf_puts(t->out, TL_CUT_MARK);
	buf_putc(t->out, '\n');
}

static void
emit_text_line(void *vctx, const tchar *v, size_t start, size_t end, bool cut)
{
	emit_ctx *e = vctx;
	tstate *t = e->t;
	buf_puts(t->out, prefix(t, e->first));
	if (e->first)
		t->stack[t->depth].first_pending = false;
	e->first = false;
	put_span(t, v, start, end, cut);
}

/* A line of a card's field: the first at the margin, the others indented
 * by CARD_INDENT so the next label stands out. */
static void
emit_card_line(void *vctx, const tchar *v, size_t start, size_t end, bool cut)
{
	emit_ctx *e = vctx;
	buf_puts(e->t->out, e->t->stack[e->t->depth].rest);
	if (!e->first)
		buf_printf(e->t->out, "%*s", CARD_INDENT, "");
	e->first = false;
	put_span(e->t, v, start, end, cut);
}

static void
card_lines(tstate *t, const run *line, size_t avail)
{
	emit_ctx e = { t, true };
	tl_break(line->v, line->n, avail, avail - CARD_INDENT, emit_card_line, &e);
}

/* Write the collected inline text as a wrapped block. */
static void
flush_block(tstate *t)
{
	blank_line(t);
	size_t pw = str_width(t->stack[t->depth].rest);
	size_t avail = (size_t)t->o->width > pw + MIN_TEXT ? (size_t)t->o->width - pw : MIN_TEXT;
	emit_ctx e = { t, true };
	if (t->text.n == 0)
		emit_text_line(&e, NULL, 0, 0, false);
	else
		tl_break(t->text.v, t->text.n, avail, avail, emit_text_line, &e);
	t->text.n = 0;
	t->wrote = true;
	t->blank_pending = !t->stack[t->depth].tight;
}

static void
push_ctx(tstate *t, const char *marker)
{
	if (t->depth == MAX_DEPTH) {
		t->overflow++;
		return;
	}
	ctx *parent = &t->stack[t->depth];
	ctx *c = &t->stack[++t->depth];
	char base[sizeof c->first], rest[sizeof c->rest];
	memcpy(base, parent->first_pending ? parent->first : parent->rest, sizeof base);
	memcpy(rest, parent->rest, sizeof rest);
	/* Prefixes are cut at their buffer's size; only absurd nesting reaches it. */
	snprintf(c->first, sizeof c->first, "%.80s%.15s", base, marker);
	snprintf(c->rest, sizeof c->rest, "%.80s%*s", rest, (int)(str_width(marker) % 16), "");
	c->first_pending = true;
	c->tight = parent->tight;
	parent->first_pending = false;
}

static void
pop_ctx(tstate *t)
{
	if (t->overflow) {
		t->overflow--;
		return;
	}
	if (t->depth > 0)
		t->depth--;
}

/* ---- tables ------------------------------------------------------------ */

typedef struct cellbuf {
	run text;
	size_t natural, longest_word;
} cellbuf;

/* One inline node into r: text, breaks and the styles around them.
 * Returns false for a node that is not inline.  In a table cell a line
 * break is a space (cells are laid out by the table). */
static bool
inline_node(tstate *t, run *r, cmark_node *n, bool enter, bool in_cell)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT: case CMARK_NODE_CODE: {
		const char *s = cmark_node_get_literal(n);
		size_t k = t->skip <= strlen(s) ? t->skip : 0;
		t->skip = 0;
		add_text(t, r, s + k);
		return true;
	}
	case CMARK_NODE_SOFTBREAK:
		run_push(r, ' ', cur_style(t));
		return true;
	case CMARK_NODE_LINEBREAK:
		run_push(r, in_cell ? ' ' : '\n', in_cell ? cur_style(t) : 0);
		return true;
	case CMARK_NODE_STRONG:
		t->bold += enter ? 1 : -1;
		return true;
	case CMARK_NODE_EMPH:
		t->italic += enter ? 1 : -1;
		return true;
	case CMARK_NODE_LINK:
		t->under += enter ? 1 : -1;
		return true;
	default:
		return false;
	}
}

/* Inline content of one cell, with the cell's own styles. */
static void
collect_cell(tstate *t, cmark_node *cell, run *r, bool header)
{
	t->bold = header;
	t->italic = t->under = 0;
	cmark_iter *it = cmark_iter_new(cell);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		inline_node(t, r, cmark_iter_get_node(it), ev == CMARK_EVENT_ENTER, true);
	cmark_iter_free(it);
	t->bold = t->under = 0;
	t->mark = false;
}

static void
rule(tstate *t, const size_t *w, size_t ncols, const char *l, const char *m, const char *r)
{
	buf_puts(t->out, t->stack[t->depth].rest);
	buf_puts(t->out, l);
	for (size_t c = 0; c < ncols; c++) {
		for (size_t i = 0; i < w[c] + 2; i++)
			buf_puts(t->out, "─");
		buf_puts(t->out, c + 1 < ncols ? m : r);
	}
	buf_putc(t->out, '\n');
}

typedef struct cell_lines {
	size_t (*spans)[3];   /* start, end, cut */
	size_t n, cap;
} cell_lines;

static void
collect_span(void *vctx, const tchar *v, size_t start, size_t end, bool cut)
{
	(void)v;
	cell_lines *cl = vctx;
	if (cl->n == cl->cap) {
		cl->cap = cl->cap ? cl->cap * 2 : 4;
		cl->spans = xrealloc(cl->spans, cl->cap * sizeof *cl->spans);
	}
	cl->spans[cl->n][0] = start;
	cl->spans[cl->n][1] = end;
	cl->spans[cl->n][2] = cut;
	cl->n++;
}

/* The shared automatic layout, in whole columns: fractions are dropped
 * and the columns handed back one each, widest wants first. */
static void
fit_columns(size_t *w, const size_t *word, size_t ncols, size_t avail)
{
	double nat[MAX_COLS], wd[MAX_COLS], out[MAX_COLS];
	size_t used = 0;
	for (size_t c = 0; c < ncols; c++) {
		nat[c] = (double)w[c];
		wd[c] = (double)word[c];
	}
	table_auto_widths(nat, wd, ncols, (double)avail, out);
	for (size_t c = 0; c < ncols; c++) {
		w[c] = out[c] < MIN_CELL ? MIN_CELL : (size_t)out[c];
		used += w[c];
	}
	for (size_t c = 0; used < avail && c < ncols; c++)
		if ((double)w[c] < nat[c]) {
			w[c]++;
			used++;
		}
}

static void
table_row(tstate *t, cellbuf *cells, const size_t *w, size_t ncols)
{
	cell_lines lines[MAX_COLS] = {{0}};
	size_t height = 1;
	for (size_t c = 0; c < ncols; c++) {
		tl_break(cells[c].text.v, cells[c].text.n, w[c], w[c], collect_span, &lines[c]);
		if (lines[c].n > height)
			height = lines[c].n;
	}
	for (size_t l = 0; l < height; l++) {
		buf_puts(t->out, t->stack[t->depth].rest);
		buf_puts(t->out, "│");
		for (size_t c = 0; c < ncols; c++) {
			buf_putc(t->out, ' ');
			size_t used = 0;
			uint8_t have = 0;
			if (l < lines[c].n)
				for (size_t i = lines[c].spans[l][0]; i < lines[c].spans[l][1]; i++) {
					set_style(t, &have, cells[c].text.v[i].style);
					put_cp(t->out, cells[c].text.v[i].cp);
					used += cells[c].text.v[i].width;
				}
			set_style(t, &have, 0);
			if (l < lines[c].n && lines[c].spans[l][2]) {
				buf_puts(t->out, TL_CUT_MARK);
				used++;
			}
			for (; used < w[c]; used++)
				buf_putc(t->out, ' ');
			buf_puts(t->out, " │");
		}
		buf_putc(t->out, '\n');
	}
	for (size_t c = 0; c < ncols; c++)
		free(lines[c].spans);
}

/* A table too narrow for its words, one block per row: "Navn: …" lines,
 * the header bold, a value's further lines indented under it; an empty
 * cell is left out.  Rows are set apart by a short rule. */
static void
card(tstate *t, const cellbuf *head, const cellbuf *row, size_t ncols, bool rule_before)
{
	size_t pw = str_width(t->stack[t->depth].rest);
	size_t avail = (size_t)t->o->width > pw + MIN_TEXT ? (size_t)t->o->width - pw : MIN_TEXT;
	if (rule_before) {
		buf_puts(t->out, t->stack[t->depth].rest);
		for (size_t i = 0; i < avail && i < 3; i++)
			buf_puts(t->out, "─");
		buf_putc(t->out, '\n');
	}
	run line = {0};
	for (size_t c = 0; c < ncols; c++) {
		if (row[c].text.n == 0)
			continue;
		line.n = 0;
		for (size_t i = 0; i < head[c].text.n; i++)
			run_push(&line, head[c].text.v[i].cp, head[c].text.v[i].style);
		run_push(&line, ':', head[c].text.n ? head[c].text.v[head[c].text.n - 1].style : 0);
		run_push(&line, ' ', 0);
		for (size_t i = 0; i < row[c].text.n; i++)
			run_push(&line, row[c].text.v[i].cp, row[c].text.v[i].style);
		card_lines(t, &line, avail);
	}
	free(line.v);
}

static void
render_table(tstate *t, cmark_node *table)
{
	size_t ncols = cmark_gfm_extensions_get_table_columns(table);
	if (ncols == 0 || ncols > MAX_COLS)
		return;
	blank_line(t);
	size_t nrows = 0;
	for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row))
		nrows++;
	cellbuf *cells = xcalloc(nrows * ncols, sizeof *cells);
	size_t w[MAX_COLS] = {0}, word[MAX_COLS] = {0}, r = 0;
	for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row), r++) {
		bool header = cmark_gfm_extensions_get_table_row_is_header(row);
		size_t c = 0;
		for (cmark_node *cell = cmark_node_first_child(row); cell && c < ncols;
		     cell = cmark_node_next(cell), c++) {
			cellbuf *cb = &cells[r * ncols + c];
			collect_cell(t, cell, &cb->text, header);
			tl_measure(cb->text.v, cb->text.n, &cb->natural, &cb->longest_word);
			if (cb->natural > w[c])
				w[c] = cb->natural;
			if (cb->longest_word > word[c])
				word[c] = cb->longest_word;
		}
	}
	size_t pw = str_width(t->stack[t->depth].rest);
	size_t frame = 3 * ncols + 1;
	size_t avail = (size_t)t->o->width > pw + frame + ncols * MIN_CELL ?
	    (size_t)t->o->width - pw - frame : ncols * MIN_CELL;
	if (nrows > 1 && !tl_words_fit(word, ncols, avail)) {
		for (r = 1; r < nrows; r++)
			card(t, cells, &cells[r * ncols], ncols, r > 1);
	} else {
		fit_columns(w, word, ncols, avail);
		rule(t, w, ncols, "┌", "┬", "┐");
		for (r = 0; r < nrows; r++) {
			if (r > 0)
				rule(t, w, ncols, "├", "┼", "┤");
			table_row(t, &cells[r * ncols], w, ncols);
		}
		rule(t, w, ncols, "└", "┴", "┘");
	}
	for (size_t i = 0; i < nrows * ncols; i++)
		free(cells[i].text.v);
	free(cells);
	t->wrote = true;
	t->blank_pending = true;
}

/* ---- the walk ------------------------------------------------------------ */

static void
list_marker(tstate *t, cmark_node *item, char *out, size_t size)
{
	cmark_node *list = cmark_node_parent(item);
	char letter[3];
	if ((t->skip = doc_item_letter(item, letter)) > 0) {
		snprintf(out, size, "%s ", letter);     /* "a) " in place of the bullet */
		return;
	}
	if (cmark_node_get_list_type(list) != CMARK_ORDERED_LIST) {
		snprintf(out, size, "• ");
		return;
	}
	int i = cmark_node_get_list_start(list);
	for (cmark_node *n = cmark_node_first_child(list); n && n != item; n = cmark_node_next(n))
		i++;
	snprintf(out, size, "%d. ", i);
}

static void
walk(tstate *t, cmark_node *from, cmark_node *to)
{
	for (cmark_node *top = from; top; top = cmark_node_next(top)) {
		cmark_iter *it = cmark_iter_new(top);
		cmark_event_type ev;
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *n = cmark_iter_get_node(it);
			bool enter = ev == CMARK_EVENT_ENTER;
			if (doc_is_table(n)) {
				render_table(t, n);
				cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
				continue;
			}
			switch (cmark_node_get_type(n)) {
			case CMARK_NODE_PARAGRAPH:
				if (!enter)
					flush_block(t);
				break;
			case CMARK_NODE_HEADING:
				if (enter) {
					t->blank_pending = true;
					t->bold++;
					if (cmark_node_get_heading_level(n) == 1)
						t->under++;
				} else {
					t->bold--;
					if (cmark_node_get_heading_level(n) == 1)
						t->under--;
					flush_block(t);
					t->blank_pending = true;
				}
				break;
			case CMARK_NODE_LIST:
				if (enter) {
					blank_line(t);
					t->stack[t->depth].tight = cmark_node_get_list_tight(n);
				} else {
					t->stack[t->depth].tight = false;
					t->blank_pending = true;
				}
				break;
			case CMARK_NODE_ITEM:
				if (enter) {
					char m[16];
					list_marker(t, n, m, sizeof m);
					push_ctx(t, m);
				} else {
					pop_ctx(t);
				}
				break;
			case CMARK_NODE_BLOCK_QUOTE:
				if (enter)
					push_ctx(t, "│ ");
				else
					pop_ctx(t);
				break;
			case CMARK_NODE_CODE_BLOCK:
				add_text(t, &t->text, cmark_node_get_literal(n));
				flush_block(t);
				break;
			case CMARK_NODE_THEMATIC_BREAK:
				blank_line(t);
				for (int i = 0; i < t->o->width; i++)
					buf_puts(t->out, "─");
				buf_putc(t->out, '\n');
				t->wrote = t->blank_pending = true;
				break;
			default:
				/* Inline content; raw HTML is never shown. */
				inline_node(t, &t->text, n, enter, false);
				break;
			}
		}
		cmark_iter_free(it);
		if (top == to)
			break;
	}
}

int
render_term(const dpa_rendered *r, const dpa_ast *a, const dpa_backend_opts *o, buf *out,
    dpa_diags *d)
{
	(void)d;
	tstate t = { .r = r, .a = a, .o = o, .out = out };
	if (o->nsel == 0)
		walk(&t, cmark_node_first_child(a->root), NULL);
	for (size_t i = 0; i < o->nsel; i++) {
		t.blank_pending = true;
		walk(&t, o->sel[2 * i], o->sel[2 * i + 1]);
	}
	free(t.text.v);
	return 0;
}
