/* render_pdf.c - the PDF back-end: an A4 agreement with embedded fonts,
 * justified text, numbered headings, tables that repeat their header,
 * a table of contents with page numbers, bookmarks, a running header and
 * footer, and a signature page.
 *
 * It walks the same AST as the other back-ends, lays the whole document
 * out first (pdf_layout.c) and draws it afterwards with libharu, so page
 * numbers are known everywhere they are printed.  Output is deterministic:
 * no clock is read; dates come from SOURCE_DATE_EPOCH, the document id
 * from the content.
 */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include <cmark-gfm-core-extensions.h>
#include <math.h>
#include <hpdf_doc.h>
#include <hpdf_utils.h>
#include <nettle/md5.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "lang.h"
#include "pdf_layout.h"
#include "render.h"
#include "table_layout.h"
#include "ytree.h"

/* Typography, in points. */
#define BODY 10.5f
#define LEAD 14.4f
#define SMALL 8.0f
#define TABLE_SIZE 9.0f
#define TABLE_LEAD 11.6f
#define CELL_PAD 4.0f
#define GUTTER 30.0f          /* sub-clause numbers hang in it */
#define LIST_INDENT 16.0f
#define PARA_SPACE 6.0f
#define ANNEX_FILL 0.5f       /* an annex starts a new page only below a page this full */
enum { MAX_DEPTH = 16, MAX_COLS = 32 };

typedef struct lctx {
	float x;                   /* left edge of text */
	glyphs marker;             /* bullet or number of the item, until used */
	float marker_x;
	bool tight;
} lctx;

/* What the page's content stream has set, so that an operator is written
 * only when its value changes: libharu spends thousands of instructions on
 * each operator call, and most text items share the font, colour and word
 * spacing of the one before.  Text state (font, word spacing) lasts across
 * text objects; one text object lasts until a path is drawn. */
typedef struct pen {
	HPDF_Page page;
	bool in_text, have_font, have_fill;
	HPDF_Font font;
	float size, r, g, b, word_space;
} pen;

typedef struct pstate {
	const dpa_rendered *r;
	const dpa_ast *a;
	const dpa_backend_opts *o;
	const dpa_lang_strings *ls;
	pdf_layout L;
	int *dest_page;            /* per index entry: page (-1 none) and y */
	float *dest_y;
	glyphs text;
	int bold, italic, link;
	float size, lead;
	lctx ctx[MAX_DEPTH + 1];
	int depth, overflow;
	float space;               /* space owed before the next block */
	dpa_head_kind top;         /* kind of the current clause, annex, part */
	int entry;                 /* index entry of the paragraph being read */
	size_t skip;               /* bytes of the next text a lettered item's marker shows */
	buf title;
	pen pen;                   /* of the page being drawn */
	struct sigbox *sig;        /* where signatures go (AcroForm fields) */
	size_t nsig;
} pstate;

/* A signature line: its page, the box above it, the field's name. */
typedef struct sigbox {
	int page;
	float x, y, w, h;
	char *name;
} sigbox;

typedef struct hpdf_err {
	HPDF_STATUS status, detail;
} hpdf_err;

static void
on_hpdf_error(HPDF_STATUS status, HPDF_STATUS detail, void *user)
{
	hpdf_err *e = user;
	if (!e->status) {
		e->status = status;
		e->detail = detail;
	}
}

static int
face_of(const pstate *s)
{
	return s->bold && s->italic ? FACE_BOLDITALIC : s->bold ? FACE_BOLD :
	    s->italic ? FACE_ITALIC : FACE_REGULAR;
}

static int
entry_by_id(const pstate *s, const char *id)
{
	for (size_t i = 0; i < s->r->nindex; i++)
		if (s->r->index[i].id && strcmp(s->r->index[i].id, id) == 0)
			return (int)i;
	return -1;
}

static void
add(pstate *s, glyphs *g, const char *text)
{
	glyphs_add(&s->L, g, text, face_of(s), s->size, 0, s->link);
}

/* Links: to an anchor of this agreement, or to http(s) and mailto. */
static int
link_for(pstate *s, const char *url)
{
	if (!url)
		return -1;
	if (url[0] == '#') {
		int e = entry_by_id(s, url + 1);
		return e >= 0 ? pdf_link(&s->L, e, NULL) : -1;
	}
	if (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0 ||
	    strncmp(url, "mailto:", 7) == 0)
		return pdf_link(&s->L, -1, url);
	return -1;
}

/* Inline content of n into g. */
static void
inline_text(pstate *s, cmark_node *n, cmark_event_type ev, glyphs *g)
{
	bool enter = ev == CMARK_EVENT_ENTER;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE: {
		const char *t = cmark_node_get_literal(n);
		size_t k = s->skip <= strlen(t) ? s->skip : 0;
		s->skip = 0;
		add(s, g, t + k);
		break;
	}
	case CMARK_NODE_SOFTBREAK:
		add(s, g, " ");
		break;
	case CMARK_NODE_LINEBREAK:
		add(s, g, "\n");
		break;
	case CMARK_NODE_STRONG:
		s->bold += enter ? 1 : -1;
		break;
	case CMARK_NODE_EMPH:
		s->italic += enter ? 1 : -1;
		break;
	case CMARK_NODE_LINK:
		s->link = enter ? link_for(s, cmark_node_get_url(n)) : -1;
		break;
	default:
		break;
	}
}

/* All inline content below n, as glyphs. */
static void
collect_inlines(pstate *s, cmark_node *n, glyphs *g)
{
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		if (c != n)
			inline_text(s, c, ev, g);
	}
	cmark_iter_free(it);
}

static void
take_space(pstate *s)
{
	if (!pdf_at_top(&s->L))
		s->L.y -= s->space;
	s->space = 0;
}

static void
mark_dest(pstate *s, int e)
{
	if (e >= 0) {
		s->dest_page[e] = (int)s->L.npages - 1;
		s->dest_y[e] = s->L.y + 4;
	}
}

/* ---- blocks -------------------------------------------------------------- */

/* Move the leading bold number ("10.2.") of a sub-clause into num. */
static void
split_number(glyphs *text, glyphs *num)
{
	size_t k = 0;
	while (k < text->n && text->v[k].face == FACE_BOLD && text->v[k].cp != ' ')
		k++;
	num->v = xmalloc((k + 1) * sizeof *num->v);
	num->n = num->cap = k;
	if (!k)
		return;                /* also an empty paragraph: text->v may be NULL */
	memcpy(num->v, text->v, k * sizeof *num->v);
	memmove(text->v, text->v + k, (text->n - k) * sizeof *text->v);
	text->n -= k;
}

static void
flush_paragraph(pstate *s)
{
	lctx *c = &s->ctx[s->depth];
	const glyphs *marker = c->marker.n ? &c->marker : NULL;
	float marker_x = c->marker_x;
	glyphs num = {0};
	/* A sub-clause's number hangs in the gutter. */
	if (s->entry >= 0 && s->r->index[s->entry].kind == DPA_HEAD_SUB && s->depth == 0) {
		split_number(&s->text, &num);
		marker = &num;
		marker_x = s->L.left;
	}
	take_space(s);
	/* A line all in bold introduces what follows (a group of measures, a
	 * party): keep it with two lines of it. */
	bool all_bold = s->text.n > 0;
	for (size_t i = 0; i < s->text.n && all_bold; i++)
		all_bold = s->text.v[i].face == FACE_BOLD || s->text.v[i].cp == ' ';
	if (all_bold)
		pdf_need(&s->L, 3 * s->lead);
	mark_dest(s, s->entry);
	/* A lead-in ("Ydelsen er beskrevet således:") stays with what follows. */
	size_t last = s->text.n;
	while (last > 0 && s->text.v[last - 1].cp == ' ')
		last--;
	pdf_para p = { .x = c->x, .width = s->L.right - c->x, .lead = s->lead, .size = s->size,
		.justify = s->top != DPA_HEAD_FOOTER, .marker = marker, .marker_x = marker_x,
		.keep_next = last > 0 && s->text.v[last - 1].cp == ':' };
	pdf_paragraph(&s->L, &s->text, &p);
	s->text.n = 0;
	c->marker.n = 0;
	glyphs_free(&num);
	s->space = c->tight ? 1.5f : PARA_SPACE;
}

static void
heading(pstate *s, cmark_node *n)
{
	int level = cmark_node_get_heading_level(n);
	int e = doc_entry_of(s->a, n);
	dpa_head_kind k = e >= 0 ? s->r->index[e].kind : DPA_HEAD__MAX;
	float size = level == 1 ? 20 : level == 2 ? 13.5f : 11.5f;
	float lead = size * 1.25f;
	/* An annex starts a new page unless that leaves this one mostly empty
	 * (less than half of it used): then it follows after a wider space.
	 * The signatures (a part) always start one, to stand with their heading. */
	float used = (s->L.top - s->L.y) / (s->L.top - s->L.bottom);
	if (((k == DPA_HEAD_ANNEX && used >= ANNEX_FILL) || k == DPA_HEAD_PART) && !pdf_at_top(&s->L))
		pdf_new_page(&s->L);
	else if (k == DPA_HEAD_ANNEX)
		s->space = 30;
	else if (level > 1)
		s->space = level == 2 ? 16 : 10;
	take_space(s);
	/* Keep with next: the heading and two lines of what follows. */
	pdf_need(&s->L, lead + 2.5f * LEAD);
	mark_dest(s, e);
	glyphs g = {0};
	s->bold++;
	float saved = s->size;
	s->size = size;
	collect_inlines(s, n, &g);
	s->size = saved;
	s->bold--;
	if (level == 1 && !s->title.len)
		doc_plain_text(n, &s->title);
	pdf_para p = { .x = s->L.left, .width = s->L.right - s->L.left, .lead = lead, .size = size };
	pdf_paragraph(&s->L, &g, &p);
	glyphs_free(&g);
	s->space = level == 1 ? 10 : 5;
}

static void
rule(pstate *s, float x1, float x2, float y, float width, float gray)
{
	pitem *it = pdf_item(&s->L, PI_LINE);
	it->x = x1;
	it->y = y;
	it->w = x2 - x1;
	it->h = 0;
	it->line_width = width;
	it->r = it->g = it->b = gray;
}

/* ---- tables -------------------------------------------------------------- */

typedef struct tcell {
	glyphs g;
	float natural, word;
	pdf_lines lines;
} tcell;

typedef struct table {
	tcell *cells;
	size_t nrows, ncols;
	bool header;
	bool repeat;               /* the header is repeated on each page */
	float w[MAX_COLS], x;
} table;

static void
measure_cell(tcell *c)
{
	float w = 0, word = 0;
	for (size_t i = 0; i < c->g.n; i++) {
		w += c->g.v[i].w;
		word = c->g.v[i].cp == ' ' ? 0 : word + c->g.v[i].w;
		if (word > c->word)
			c->word = word;
	}
	c->natural = w;
}

static void
column_widths(table *t, float avail)
{
	double nat[MAX_COLS] = {0}, word[MAX_COLS] = {0}, w[MAX_COLS];
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			const tcell *cell = &t->cells[r * t->ncols + c];
			if (cell->natural + 2 * CELL_PAD > nat[c])
				nat[c] = cell->natural + 2 * CELL_PAD;
			if (cell->word + 2 * CELL_PAD > word[c])
				word[c] = cell->word + 2 * CELL_PAD;
		}
	table_auto_widths(nat, word, t->ncols, avail, w);
	for (size_t c = 0; c < t->ncols; c++)
		t->w[c] = (float)w[c];
}

/* Lines of row r: its tallest cell's, at least one. */
static size_t
row_lines(const table *t, size_t r)
{
	size_t lines = 1;
	for (size_t c = 0; c < t->ncols; c++)
		if (t->cells[r * t->ncols + c].lines.n > lines)
			lines = t->cells[r * t->ncols + c].lines.n;
	return lines;
}

static float
lines_height(size_t lines)
{
	return (float)lines * TABLE_LEAD + 2 * CELL_PAD;
}

/* Lines of a row that fit below y. */
static size_t
lines_fit_at(const pdf_layout *l, float y)
{
	float room = y - l->bottom - 2 * CELL_PAD;
	return room > 0 ? (size_t)(room / TABLE_LEAD) : 0;
}

/* Lines [from, to) of row r at the cursor, with its frame. */
static void
draw_row_part(pstate *s, const table *t, size_t r, size_t from, size_t to, bool header)
{
	float top = s->L.y, h = lines_height(to - from);
	if (header) {
		pitem *f = pdf_item(&s->L, PI_FILL);
		f->x = t->x;
		f->y = top - h;
		f->h = h;
		for (size_t c = 0; c < t->ncols; c++)
			f->w += t->w[c];
		f->r = 0.93f, f->g = 0.94f, f->b = 0.96f;
	}
	float x = t->x;
	for (size_t c = 0; c < t->ncols; c++) {
		const tcell *cell = &t->cells[r * t->ncols + c];
		for (size_t i = from; i < to && i < cell->lines.n; i++)
			pdf_place_line(&s->L, &cell->g, &cell->lines.v[i], x + CELL_PAD,
			    top - CELL_PAD - TABLE_SIZE - (float)(i - from) * TABLE_LEAD, 0, false);
		x += t->w[c];
	}
	float right = x;
	rule(s, t->x, right, top, 0.5f, 0.6f);
	rule(s, t->x, right, top - h, 0.5f, 0.6f);
	x = t->x;
	for (size_t c = 0; c <= t->ncols; c++) {
		pitem *v = pdf_item(&s->L, PI_LINE);
		*v = (pitem){ .kind = PI_LINE, .x = x, .y = top, .w = 0, .h = -h, .line_width = 0.5f,
			.r = 0.6f, .g = 0.6f, .b = 0.6f, .link = -1 };
		if (c < t->ncols)
			x += t->w[c];
	}
	s->L.y = top - h;
}

/* A new page, under the repeated header. */
static void
table_page(pstate *s, const table *t)
{
	pdf_new_page(&s->L);
	if (t->repeat)
		draw_row_part(s, t, 0, 0, row_lines(t, 0), true);
}

/* Row r from the cursor on.  A row that does not fit moves to the next
 * page, unless this page is empty (nothing but the repeated header on
 * it: fresh), and a row taller than an empty page is split across pages
 * (at least two of its lines at the foot of a page).  Each step draws
 * lines or starts an empty page, where it draws lines: no loop. */
static void
draw_row(pstate *s, const table *t, size_t r, size_t page_lines, bool *fresh)
{
	size_t lines = row_lines(t, r), done = 0;
	bool split = lines > page_lines;
	while (done < lines && !s->L.stop) {
		size_t left = lines - done, fit = lines_fit_at(&s->L, s->L.y);
		size_t need = split ? (left < 2 ? left : 2) : left;
		if (fit < need && !*fresh) {
			table_page(s, t);
			*fresh = true;
			continue;
		}
		size_t n = left < fit ? left : fit > 0 ? fit : 1;
		draw_row_part(s, t, r, done, done + n, t->header && r == 0);
		done += n;
		*fresh = false;
	}
}

/* Rows never overflow a page (see draw_row). */
static void
draw_table(pstate *s, const table *t)
{
	float head = t->repeat ? lines_height(row_lines(t, 0)) : 0;
	size_t page_lines = lines_fit_at(&s->L, s->L.top - head);
	take_space(s);
	/* Keep the header with the first row (with two lines of a split one). */
	size_t r = t->repeat ? 1 : 0;
	size_t first = r < t->nrows ? row_lines(t, r) : 0;
	pdf_need(&s->L, head + (first ? lines_height(first > page_lines ? 2 : first) : 0));
	bool fresh = pdf_at_top(&s->L);
	if (t->repeat)
		draw_row_part(s, t, 0, 0, row_lines(t, 0), true);
	for (; r < t->nrows && !s->L.stop; r++)
		draw_row(s, t, r, page_lines, &fresh);
	s->space = PARA_SPACE + 2;
}

static void
build_table(pstate *s, cmark_node *n, table *t)
{
	t->ncols = cmark_gfm_extensions_get_table_columns(n);
	if (t->ncols > MAX_COLS)
		t->ncols = MAX_COLS;
	for (cmark_node *row = cmark_node_first_child(n); row; row = cmark_node_next(row))
		t->nrows++;
	if (!(t->cells = calloc(t->nrows * t->ncols + 1, sizeof *t->cells))) {
		s->L.stop = s->L.stop ? s->L.stop : PDF_NO_MEMORY;
		t->nrows = t->ncols = 0;
		return;
	}
	float saved = s->size;
	s->size = TABLE_SIZE;
	size_t r = 0;
	for (cmark_node *row = cmark_node_first_child(n); row; row = cmark_node_next(row), r++) {
		bool head = cmark_gfm_extensions_get_table_row_is_header(row);
		if (r == 0)
			t->header = head;
		size_t c = 0;
		for (cmark_node *cell = cmark_node_first_child(row); cell && c < t->ncols;
		     cell = cmark_node_next(cell), c++) {
			s->bold += head;
			collect_inlines(s, cell, &t->cells[r * t->ncols + c].g);
			s->bold -= head;
			measure_cell(&t->cells[r * t->ncols + c]);
		}
	}
	s->size = saved;
	t->x = s->ctx[s->depth].x;
	column_widths(t, s->L.right - t->x);
	/* A column as wide as its longest word holds it: the widths went
	 * through doubles and back, and rounding cut its last letter. */
	/* The cells below the header hold values: not hyphenated. */
	bool saved_nh = s->L.no_hyphen;
	for (size_t i = 0; i < t->nrows * t->ncols; i++) {
		t->cells[i].lines.l = &s->L;
		s->L.no_hyphen = saved_nh || !t->header || i >= t->ncols;
		pdf_break_lines(&s->L, &t->cells[i].g, t->w[i % t->ncols] - 2 * CELL_PAD + 0.01f,
		    pdf_collect_line, &t->cells[i].lines);
	}
	s->L.no_hyphen = saved_nh;
	/* A header taller than a third of a page is not repeated. */
	t->repeat = t->header && t->nrows &&
	    lines_height(row_lines(t, 0)) <= (s->L.top - s->L.bottom) / 3;
}

static void
free_table(table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++) {
		glyphs_free(&t->cells[i].g);
		free(t->cells[i].lines.v);
	}
	free(t->cells);
}

static void
do_table(pstate *s, cmark_node *n)
{
	table t = {0};
	build_table(s, n, &t);
	if (t.ncols)
		draw_table(s, &t);
	free_table(&t);
}

/* ---- lists and the walk ----------------------------------------------------- */

static void
push_item(pstate *s, cmark_node *item)
{
	if (s->depth == MAX_DEPTH) {
		s->overflow++;
		return;
	}
	lctx *parent = &s->ctx[s->depth];
	lctx *c = &s->ctx[++s->depth];
	cmark_node *list = cmark_node_parent(item);
	c->x = parent->x + LIST_INDENT;
	c->marker_x = parent->x + 2;
	c->tight = cmark_node_get_list_tight(list);
	c->marker.n = 0;
	char m[16] = "•", letter[3];
	if ((s->skip = doc_item_letter(item, letter)) > 0) {
		snprintf(m, sizeof m, "%s", letter);      /* "a)" in place of the bullet */
	} else if (cmark_node_get_list_type(list) == CMARK_ORDERED_LIST) {
		int i = cmark_node_get_list_start(list);
		for (cmark_node *n = cmark_node_first_child(list); n && n != item; n = cmark_node_next(n))
			i++;
		snprintf(m, sizeof m, "%d.", i);
	}
	glyphs_add(&s->L, &c->marker, m, FACE_REGULAR, s->size, 0, -1);
}

static void
pop_item(pstate *s)
{
	if (s->overflow) {
		s->overflow--;
		return;
	}
	bool tight = s->ctx[s->depth].tight;
	glyphs_free(&s->ctx[s->depth].marker);
	s->depth--;
	s->space = tight ? 1.5f : PARA_SPACE;
}

/* One top-level block and everything in it. */
static void
walk_block(pstate *s, cmark_node *top)
{
	cmark_iter *it = cmark_iter_new(top);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		bool enter = ev == CMARK_EVENT_ENTER;
		if (doc_is_table(n)) {
			do_table(s, n);
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			continue;
		}
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_PARAGRAPH:
			if (enter)
				s->entry = doc_entry_of(s->a, n);
			else
				flush_paragraph(s);
			break;
		case CMARK_NODE_HEADING:
			heading(s, n);
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			break;
		case CMARK_NODE_ITEM:
			if (enter)
				push_item(s, n);
			else
				pop_item(s);
			break;
		case CMARK_NODE_LIST:
			if (!enter)
				s->space = PARA_SPACE;
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			s->ctx[s->depth].x += enter ? LIST_INDENT : -LIST_INDENT;
			break;
		case CMARK_NODE_CODE_BLOCK:
			add(s, &s->text, cmark_node_get_literal(n));
			s->entry = -1;
			flush_paragraph(s);
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			if (s->o->redline) {   /* the summary's page ends here */
				pdf_new_page(&s->L);
				break;
			}
			take_space(s);
			pdf_need(&s->L, 12);
			rule(s, s->L.left, s->L.right, s->L.y - 6, 0.5f, 0.6f);
			s->L.y -= 12;
			break;
		default:
			inline_text(s, n, ev, &s->text);
			break;
		}
	}
	cmark_iter_free(it);
}

static void
place_all(pstate *s, const glyphs *g, float x, float y)
{
	pdf_place_line(&s->L, g, &(pdf_line){ 0, g->n, true, false, false }, x, y, 0, false);
}

/* The table of contents: each entry's title, dot leaders and its page. */
static void
toc(pstate *s, cmark_node *list)
{
	take_space(s);
	for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
		cmark_node *para = cmark_node_first_child(item);
		if (!para)
			continue;              /* an empty item has nothing to list */
		cmark_node *link = cmark_node_first_child(para);
		const char *url = link && cmark_node_get_type(link) == CMARK_NODE_LINK ?
		    cmark_node_get_url(link) : NULL;
		int e = url && url[0] == '#' ? entry_by_id(s, url + 1) : -1;
		glyphs g = {0};
		collect_inlines(s, para, &g);
		for (size_t i = 0; i < g.n; i++)
			g.v[i].link = -1;
		pdf_need(&s->L, LEAD);
		float base = s->L.y - BODY;
		place_all(s, &g, s->L.left, base);
		if (e >= 0) {
			int lk = pdf_link(&s->L, e, NULL);
			pitem *p = pdf_item(&s->L, PI_PAGENUM);
			p->x = s->L.right;
			p->y = base;
			p->w = s->L.right - s->L.left - glyphs_width(&g, 0, g.n) - 6;
			p->size = BODY;
			p->link = lk;
			pitem *a = pdf_item(&s->L, PI_LINK);
			*a = (pitem){ .kind = PI_LINK, .x = s->L.left, .y = base - 3,
				.w = s->L.right - s->L.left, .h = BODY + 3, .link = lk };
		}
		glyphs_free(&g);
		s->L.y -= LEAD;
	}
	s->space = PARA_SPACE;
}

/* ---- the signature page ----------------------------------------------------- */

/* The signatures part: one bold paragraph naming the party and a table
 * per block, whose header row labels the fields and each further row is
 * a signatory; blocks with the same paragraph are one party.  Parties
 * stand side by side in two equal columns, signatory beside signatory,
 * and a field beside the field of the same label, so that every line
 * has its twin at the same height.  An empty cell is a line to write on;
 * the table's last column, empty, is the signature itself. */
#define SIGN_ROOM 74.0f        /* above a signature line: more than 2.5 cm (70.9 pt) */
#define WRITE_ROOM 24.0f       /* above a line for a date, a name */
#define LABEL_LEAD 11.0f
#define FIELD_GAP 6.0f
#define COLUMN_GAP 28.0f

typedef struct sfield {
	glyphs label, value;
	pdf_lines lines;           /* of the value */
	bool sign;
} sfield;

typedef struct signer {
	sfield *f;
	size_t n;
} signer;

typedef struct party {
	glyphs head;
	pdf_lines lines;           /* of the heading */
	buf key;                   /* the heading's text: what makes blocks one party */
	signer *v;
	size_t n;
} party;

static bool
blank_glyphs(const glyphs *g)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].cp != ' ')
			return false;
	return true;
}

/* The rows of tbl below its header: signatories of p. */
static void
add_signers(pstate *s, party *p, cmark_node *tbl, float width)
{
	cmark_node *head = cmark_node_first_child(tbl);
	for (cmark_node *row = head ? cmark_node_next(head) : NULL; row; row = cmark_node_next(row)) {
		p->v = xrealloc(p->v, (p->n + 1) * sizeof *p->v);
		signer *sg = &p->v[p->n++];
		*sg = (signer){ 0 };
		cmark_node *label = cmark_node_first_child(head);
		for (cmark_node *cell = cmark_node_first_child(row); cell && label;
		     cell = cmark_node_next(cell), label = cmark_node_next(label)) {
			sg->f = xrealloc(sg->f, (sg->n + 1) * sizeof *sg->f);
			sfield *f = &sg->f[sg->n++];
			*f = (sfield){ .lines.l = &s->L };
			s->size = SMALL;
			collect_inlines(s, label, &f->label);
			s->size = BODY;
			collect_inlines(s, cell, &f->value);
			f->sign = !cmark_node_next(label) && blank_glyphs(&f->value);
			if (!blank_glyphs(&f->value))
				pdf_break_lines(&s->L, &f->value, width, pdf_collect_line, &f->lines);
		}
	}
}

static party *
party_for(pstate *s, party **v, size_t *n, cmark_node *para, float width)
{
	buf key = {0};
	doc_plain_text(para, &key);
	for (size_t i = 0; i < *n; i++)
		if ((*v)[i].key.len == key.len && memcmp((*v)[i].key.data, key.data, key.len) == 0) {
			buf_free(&key);
			return &(*v)[i];
		}
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	party *p = &(*v)[(*n)++];
	*p = (party){ .key = key, .lines.l = &s->L };
	s->size = BODY;
	s->bold++;                  /* the party in bold, as written or not */
	collect_inlines(s, para, &p->head);
	s->bold--;
	pdf_break_lines(&s->L, &p->head, width, pdf_collect_line, &p->lines);
	return p;
}

static void
free_parties(party *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < v[i].n; j++) {
			for (size_t k = 0; k < v[i].v[j].n; k++) {
				glyphs_free(&v[i].v[j].f[k].label);
				glyphs_free(&v[i].v[j].f[k].value);
				free(v[i].v[j].f[k].lines.v);
			}
			free(v[i].v[j].f);
		}
		free(v[i].v);
		glyphs_free(&v[i].head);
		free(v[i].lines.v);
		buf_free(&v[i].key);
	}
	free(v);
}

static bool
same_label(const glyphs *a, const glyphs *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].cp != b->v[i].cp)
			return false;
	return true;
}

/* Fields of a and b side by side (index or -1 in each of rows[k]): a's
 * in order; b's beside a's of the same label, else after the row of the
 * one before it.  Returns the number of rows (at most a->n + b->n). */
static size_t
field_rows(const signer *a, const signer *b, int (*rows)[2])
{
	size_t n = 0;
	for (size_t i = 0; a && i < a->n; i++, n++)
		rows[n][0] = (int)i, rows[n][1] = -1;
	size_t after = 0;            /* b's next field goes at or after this row */
	for (size_t j = 0; b && j < b->n; j++) {
		size_t k = after;
		while (k < n && !(rows[k][0] >= 0 && rows[k][1] < 0 &&
		    same_label(&a->f[rows[k][0]].label, &b->f[j].label)))
			k++;
		if (k == n) {            /* no twin: a row of its own */
			k = after;
			memmove(rows + k + 1, rows + k, (n - k) * sizeof *rows);
			rows[k][0] = -1;
			n++;
		}
		rows[k][1] = (int)j;
		after = k + 1;
	}
	return n;
}

static float
field_height(const sfield *f)
{
	float body = f->lines.n ? (float)f->lines.n * LEAD : f->sign ? SIGN_ROOM : WRITE_ROOM;
	return LABEL_LEAD + body + FIELD_GAP;
}

/* A field for a signature (named after the party and the signatory) in
 * the box above its line: an e-signing service or a PDF reader offers it.
 * A period separates a field name's parts in PDF: none in a name. */
static void
add_sigbox(pstate *s, const char *who, const sfield *name, size_t nth, float x, float y,
    float w, float h)
{
	if (s->L.stop)
		return;
	buf b = {0};
	buf_puts(&b, who);
	buf_puts(&b, " – ");
	if (name && !blank_glyphs(&name->value)) {
		for (size_t i = 0; i < name->value.n; i++) {
			char u[4];
			utf8proc_ssize_t k = utf8proc_encode_char(name->value.v[i].cp, (utf8proc_uint8_t *)u);
			buf_put(&b, u, (size_t)k);
		}
	} else {
		buf_printf(&b, "%zu", nth);
	}
	size_t k = 0;               /* "A.P. Møller" -> "A P Møller", "z o.o." -> "z o o" */
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] != '.')
			b.data[k++] = b.data[i];
		else if (i + 1 < b.len && b.data[i + 1] != ' ')
			b.data[k++] = ' ';
	b.data[k] = '\0';
	s->sig = xrealloc(s->sig, (s->nsig + 1) * sizeof *s->sig);
	s->sig[s->nsig++] = (sigbox){ (int)s->L.npages - 1, x, y, w, h, b.data };
}

/* A field with its top at y: the label, then the value or a line. */
static void
draw_field(pstate *s, const sfield *f, float x, float y, float width)
{
	pdf_place_line(&s->L, &f->label, &(pdf_line){ 0, f->label.n, true, false, false }, x, y - SMALL,
	    0, false);
	y -= LABEL_LEAD;
	for (size_t i = 0; i < f->lines.n; i++)
		pdf_place_line(&s->L, &f->value, &f->lines.v[i], x, y - BODY - (float)i * LEAD, 0, false);
	if (!f->lines.n)
		rule(s, x, x + width, y - (f->sign ? SIGN_ROOM : WRITE_ROOM), 0.6f, 0.1f);
}

static float
heading_height(const party *p)
{
	return p ? (float)p->lines.n * LEAD + 6 : 0;
}

/* Signatory i of the parties in the columns (right may be NULL), kept
 * together on a page, the parties' headings above the first. */
static void
signer_row(pstate *s, party *col[2], size_t i, float width)
{
	signer *sg[2] = { i < col[0]->n ? &col[0]->v[i] : NULL,
		col[1] && i < col[1]->n ? &col[1]->v[i] : NULL };
	size_t max = (sg[0] ? sg[0]->n : 0) + (sg[1] ? sg[1]->n : 0);
	int (*rows)[2] = xmalloc((max + 1) * sizeof *rows);
	size_t nrows = field_rows(sg[0], sg[1], rows);
	float head = 0, total = 0;
	if (i == 0)
		head = fmaxf(heading_height(col[0]), heading_height(col[1]));
	for (size_t k = 0; k < nrows; k++)
		total += fmaxf(rows[k][0] >= 0 ? field_height(&sg[0]->f[rows[k][0]]) : 0,
		    rows[k][1] >= 0 ? field_height(&sg[1]->f[rows[k][1]]) : 0);
	pdf_need(&s->L, head + total);
	for (int c = 0; c < 2 && head > 0; c++) {
		const party *p = col[c];
		for (size_t k = 0; p && k < p->lines.n; k++)
			pdf_place_line(&s->L, &p->head, &p->lines.v[k], s->L.left + (float)c * (width + COLUMN_GAP),
			    s->L.y - BODY - (float)k * LEAD, 0, false);
	}
	s->L.y -= head;
	for (size_t k = 0; k < nrows; k++) {
		float h = 0;
		for (int c = 0; c < 2; c++) {
			if (rows[k][c] < 0)
				continue;
			const sfield *f = &sg[c]->f[rows[k][c]];
			float x = s->L.left + (float)c * (width + COLUMN_GAP);
			draw_field(s, f, x, s->L.y, width);
			if (f->sign && !f->lines.n)
				add_sigbox(s, col[c]->key.data ? col[c]->key.data : "", &sg[c]->f[0], i + 1, x,
				    s->L.y - LABEL_LEAD - SIGN_ROOM, width, SIGN_ROOM);
			h = fmaxf(h, field_height(f));
		}
		s->L.y -= h;
	}
	s->L.y -= 10;
	free(rows);
}

/* Signature blocks from n on: the (paragraph, table) pairs; returns the
 * last one. */
static cmark_node *
signature_grid(pstate *s, cmark_node *n)
{
	float width = (s->L.right - s->L.left - COLUMN_GAP) / 2;
	party *v = NULL;
	size_t np = 0;
	cmark_node *last = n;
	bool saved = s->L.no_hyphen;
	s->L.no_hyphen = true;      /* names are never hyphenated */
	for (; n && doc_entry_of(s->a, n) < 0 && cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH &&
	     cmark_node_next(n) && doc_is_table(cmark_node_next(n)); n = cmark_node_next(last)) {
		last = cmark_node_next(n);
		add_signers(s, party_for(s, &v, &np, n, width), last, width);
	}
	for (size_t i = 0; i < np && !s->L.stop; i += 2) {
		party *col[2] = { &v[i], i + 1 < np ? &v[i + 1] : NULL };
		size_t rows = col[0]->n > (col[1] ? col[1]->n : 0) ? col[0]->n : col[1]->n;
		if (!rows)
			rows = 1;           /* a party without a table row still has its heading */
		for (size_t r = 0; r < rows; r++)
			signer_row(s, col, r, width);
		s->L.y -= 8;
	}
	s->L.no_hyphen = saved;
	free_parties(v, np);
	return last;
}

/* A part's top-level blocks from n on; returns the last one used. */
static cmark_node *
signatures(pstate *s, cmark_node *n)
{
	s->space = 12;
	take_space(s);
	cmark_node *last = n;
	for (; n && doc_entry_of(s->a, n) < 0; n = cmark_node_next(last)) {
		cmark_node *next = cmark_node_next(n);
		if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH && next && doc_is_table(next)) {
			last = signature_grid(s, n);
		} else {
			walk_block(s, n);
			last = n;
		}
	}
	return last;
}

static void
walk_document(pstate *s)
{
	s->top = DPA_HEAD__MAX;
	for (cmark_node *n = cmark_node_first_child(s->a->root); n && !s->L.stop; n = cmark_node_next(n)) {
		int e = doc_entry_of(s->a, n);
		dpa_head_kind k = e >= 0 ? s->r->index[e].kind : DPA_HEAD__MAX;
		if (k == DPA_HEAD_CLAUSE || k == DPA_HEAD_ANNEX || k == DPA_HEAD_PART || k == DPA_HEAD_FOOTER)
			s->top = k;
		/* Clause text stands right of the gutter where sub-clause numbers hang. */
		s->ctx[0].x = s->L.left + (s->top == DPA_HEAD_CLAUSE ? GUTTER : 0);
		bool footer = s->top == DPA_HEAD_FOOTER;
		s->size = footer ? SMALL : BODY;
		s->lead = footer ? SMALL * 1.4f : LEAD;
		if (k == DPA_HEAD_TOC) {
			toc(s, n);
		} else if (s->top == DPA_HEAD_PART && e < 0) {
			n = signatures(s, n);
		} else {
			walk_block(s, n);
		}
	}
}

/* ---- libharu's memory helpers ------------------------------------------------ */

/* libharu copies and clears memory a byte at a time in HPDF_MemCpy and
 * HPDF_MemSet (it clears a 512-byte buffer for every operator it writes):
 * together 15% of a PDF render.  Its own calls to them go through the
 * PLT, so these definitions in the executable take their place; the
 * contract is libharu 2.3's (hpdf_utils.c): like memcpy and memset, but
 * returning the end of the bytes written.  pdf.sh renders every example
 * and reads the PDFs back. */
HPDF_BYTE *
HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
	if (n)
		memmove(out, in, n);
	return out + n;
}

void *
HPDF_MemSet(void *s, HPDF_UINT8 c, HPDF_UINT n)
{
	if (n)
		memset(s, c, n);
	return (HPDF_BYTE *)s + n;
}

/* ---- drawing ----------------------------------------------------------------- */

/* Text is UTF-8 for Unicode fonts; WinAnsi fonts take CP1252 bytes.  ws
 * is the extra advance of each space (justification; 0 elsewhere). */
static void
draw_text(pstate *s, HPDF_Font font, float size, float x, float y, const char *text, float r,
    float g, float b, float ws)
{
	buf bytes = {0};
	if (s->L.winansi) {
		const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
		utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(text);
		while (n > 0) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t k = utf8proc_iterate(p, n, &cp);
			int c = k > 0 ? pdf_cp1252(cp) : -1;
			buf_putc(&bytes, c > 0 ? (char)c : '?');
			p += k > 0 ? k : 1;
			n -= k > 0 ? k : 1;
		}
		text = bytes.data ? bytes.data : "";
	}
	pen *p = &s->pen;
	if (!p->in_text) {
		HPDF_Page_BeginText(p->page);
		p->in_text = true;
	}
	if (!p->have_font || p->font != font || p->size != size) {
		HPDF_Page_SetFontAndSize(p->page, font, size);
		p->have_font = true;
		p->font = font;
		p->size = size;
	}
	if (!p->have_fill || p->r != r || p->g != g || p->b != b) {
		HPDF_Page_SetRGBFill(p->page, r, g, b);
		p->have_fill = true;
		p->r = r;
		p->g = g;
		p->b = b;
	}
	if (p->word_space != ws) {
		HPDF_Page_SetWordSpace(p->page, ws);
		p->word_space = ws;
	}
	HPDF_Page_TextOut(p->page, x, y, text);
	buf_free(&bytes);
}

/* End the text object before a path: paths are not allowed inside one. */
static void
pen_end_text(pstate *s)
{
	if (s->pen.in_text) {
		HPDF_Page_EndText(s->pen.page);
		s->pen.in_text = false;
	}
}

static float
text_width(pstate *s, int face, float size, const char *text)
{
	glyphs g = {0};
	glyphs_add(&s->L, &g, text, face, size, 0, -1);
	float w = glyphs_width(&g, 0, g.n);
	glyphs_free(&g);
	return w;
}

static HPDF_Destination
dest_for(pstate *s, HPDF_Page *pages, int e)
{
	int p = e >= 0 ? s->dest_page[e] : -1;
	if (p < 0)
		return NULL;
	HPDF_Destination d = HPDF_Page_CreateDestination(pages[p]);
	HPDF_Destination_SetFitH(d, s->dest_y[e]);
	return d;
}

static void
draw_item(pstate *s, HPDF_Page *pages, size_t pi, const pitem *it)
{
	HPDF_Page page = pages[pi];
	switch (it->kind) {
	case PI_TEXT:
		draw_text(s, pdf_font(&s->L, it->face), it->size, it->x, it->y, s->L.pages[pi].chars + it->text,
		    it->r, it->g, it->b, it->word_space);
		break;
	case PI_LINE:
		pen_end_text(s);
		HPDF_Page_SetLineWidth(page, it->line_width);
		HPDF_Page_SetRGBStroke(page, it->r, it->g, it->b);
		HPDF_Page_MoveTo(page, it->x, it->y);
		HPDF_Page_LineTo(page, it->x + it->w, it->y + it->h);
		HPDF_Page_Stroke(page);
		break;
	case PI_FILL:
		pen_end_text(s);
		HPDF_Page_SetRGBFill(page, it->r, it->g, it->b);
		s->pen.have_fill = true;    /* the text after it must set its own */
		s->pen.r = it->r;
		s->pen.g = it->g;
		s->pen.b = it->b;
		HPDF_Page_Rectangle(page, it->x, it->y, it->w, it->h);
		HPDF_Page_Fill(page);
		break;
	case PI_LINK: {
		const plink *lk = &s->L.links[it->link];
		HPDF_Rect rect = { it->x, it->y, it->x + it->w, it->y + it->h };
		HPDF_Annotation a = lk->uri ? HPDF_Page_CreateURILinkAnnot(page, rect, lk->uri) :
		    dest_for(s, pages, lk->entry) ? HPDF_Page_CreateLinkAnnot(page, rect, dest_for(s, pages, lk->entry)) : NULL;
		if (a) {
			HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
			HPDF_Dict_AddNumber(a, "F", 4);    /* printed: PDF/A asks every annotation to be */
		}
		break;
	}
	case PI_PAGENUM: {
		const plink *lk = &s->L.links[it->link];
		char num[16];
		snprintf(num, sizeof num, "%d", s->dest_page[lk->entry] + 1);
		float w = text_width(s, FACE_REGULAR, it->size, num);
		draw_text(s, pdf_font(&s->L, FACE_REGULAR), it->size, it->x - w, it->y, num, 0, 0, 0, 0);
		/* Dot leaders between the title and the number. */
		float dot = text_width(s, FACE_REGULAR, it->size, ". ");
		buf dots = {0};
		for (float x = 0; x + dot < it->w - w - 4; x += dot)
			buf_puts(&dots, ". ");
		if (dots.len)
			draw_text(s, pdf_font(&s->L, FACE_REGULAR), it->size, it->x - w - 4 - dot * (float)(dots.len / 2),
			    it->y, dots.data, 0.45f, 0.45f, 0.45f, 0);
		buf_free(&dots);
		break;
	}
	}
}

/* Running header (title, reference and version) from page 2; footer on every page:
 * the fingerprint and "Side X af Y". */
static void
decorate(pstate *s, HPDF_Page page, size_t i)
{
	HPDF_Font f = pdf_font(&s->L, FACE_REGULAR);
	const dpa_docmeta *m = &s->r->meta;
	float g = 0.4f;
	if (i > 0) {
		draw_text(s, f, SMALL, s->L.left, s->L.height - 48, s->title.data ? s->title.data : "", g, g, g, 0);
		char ref[256];
		docmeta_running_ref(m, ref, sizeof ref);
		if (*ref) {
			float w = text_width(s, FACE_REGULAR, SMALL, ref);
			draw_text(s, f, SMALL, s->L.right - w, s->L.height - 48, ref, g, g, g, 0);
		}
		pen_end_text(s);
		HPDF_Page_SetLineWidth(page, 0.4f);
		HPDF_Page_SetRGBStroke(page, 0.7f, 0.7f, 0.7f);
		HPDF_Page_MoveTo(page, s->L.left, s->L.height - 53);
		HPDF_Page_LineTo(page, s->L.right, s->L.height - 53);
		HPDF_Page_Stroke(page);
	}
	char text[128];
	snprintf(text, sizeof text, "%s %zu %s %zu", s->ls->page, i + 1, s->ls->of, s->L.npages);
	float w = text_width(s, FACE_REGULAR, SMALL, text);
	draw_text(s, f, SMALL, s->L.right - w, 40, text, g, g, g, 0);
	if (m->fingerprint) {
		snprintf(text, sizeof text, "%s %s%s%s", s->ls->fingerprint, m->fingerprint,
		    s->r->draft ? " · " : "", s->r->draft ? s->ls->draft : "");
		draw_text(s, f, SMALL, s->L.left, 40, text, g, g, g, 0);
	}
	if (s->r->draft) {
		/* Written over error-level findings: every page says so, in red,
		 * above the running header, so no page passes for a final one. */
		HPDF_Font bold = pdf_font(&s->L, FACE_BOLD);
		float dw = text_width(s, FACE_BOLD, BODY, s->ls->draft);
		draw_text(s, bold, BODY, (s->L.left + s->L.right - dw) / 2, s->L.height - 30, s->ls->draft,
		    0.75f, 0.1f, 0.1f, 0);
	}
	pen_end_text(s);
}

/* Bookmarks: every clause, annex and part; annex sections below theirs. */
static void
outlines(pstate *s, HPDF_Page *pages)
{
	HPDF_Encoder enc = HPDF_GetEncoder(s->L.pdf, "UTF-8");
	HPDF_Outline parent = NULL;
	for (size_t i = 0; i < s->r->nindex; i++) {
		const dpa_heading *h = &s->r->index[i];
		bool top = h->kind == DPA_HEAD_CLAUSE || h->kind == DPA_HEAD_ANNEX || h->kind == DPA_HEAD_PART;
		if ((!top && h->kind != DPA_HEAD_SECTION) || s->dest_page[i] < 0)
			continue;
		char title[512];
		if (h->kind == DPA_HEAD_CLAUSE)
			snprintf(title, sizeof title, "%s. %s", h->number, h->title);
		else if (h->kind == DPA_HEAD_ANNEX)
			snprintf(title, sizeof title, "%s %s – %s", s->ls->annex, h->number, h->title);
		else if (h->kind == DPA_HEAD_SECTION)
			snprintf(title, sizeof title, "%s %s", h->number, h->title);
		else
			snprintf(title, sizeof title, "%s", h->title);
		HPDF_Outline o = HPDF_CreateOutline(s->L.pdf, top ? NULL : parent, title, enc);
		HPDF_Outline_SetDestination(o, dest_for(s, pages, (int)i));
		if (top) {
			parent = o;
			HPDF_Outline_SetOpened(o, HPDF_FALSE);
		}
	}
}

/* len bytes of t, without the engine's marks and surrounding spaces. */
static void
glyphs_text_unmarked(buf *out, const char *t, size_t len)
{
	size_t start = out->len;
	for (size_t i = 0; i < len; i++) {
		if (i + 3 <= len && (unsigned char)t[i] == 0xEE && (unsigned char)t[i + 1] == 0x80 &&
		    (unsigned char)t[i + 2] >= 0x80 && (unsigned char)t[i + 2] <= 0x86) {
			i += 2;
			continue;
		}
		if (t[i] == '*' || t[i] == '\\')
			continue;          /* Markdown's, not the value's */
		if (out->len > start || t[i] != ' ')
			buf_putc(out, t[i]);
	}
	while (out->len > start && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
	buf_puts(out, "");
}

/* ---- characters the fonts lack ----------------------------------------------- */

/* The heading above byte at of the Markdown, its marks and "#" dropped. */
static void
heading_before(const char *md, size_t at, buf *out)
{
	size_t i = at;
	for (;;) {
		while (i > 0 && md[i - 1] != '\n')
			i--;
		if (md[i] == '#' || i == 0)
			break;
		i--;
	}
	if (md[i] != '#')
		return;
	while (md[i] == '#' || md[i] == ' ')
		i++;
	size_t e = i;
	while (md[e] && md[e] != '\n')
		e++;
	glyphs_text_unmarked(out, md + i, e - i);
}

/* Characters the fonts lack are refused, never dropped: the text would
 * look whole on screen (the text layer has it) and print with holes.
 * Each distinct character of the agreement is looked up once in the
 * regular face's character map (the faces of a family cover the same
 * characters).  Returns 0, or -1 with the character, the words around it
 * and the heading it stands under in d. */
static int
check_coverage(pstate *s, dpa_diags *d)
{
	HPDF_Font f = pdf_font(&s->L, FACE_REGULAR);
	if (!f)
		return 0;                  /* the font's own failure is reported */
	HPDF_FontDef def = ((HPDF_FontAttr)f->attr)->fontdef;
	const char *md = s->r->md.data ? s->r->md.data : "";
	uint8_t seen[0x10000 / 8] = { 0 };
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)md;
	utf8proc_ssize_t n = (utf8proc_ssize_t)s->r->md.len;
	while (n > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, n, &cp);
		if (k <= 0) {
			k = 1;
			cp = ' ';
		}
		p += k;
		n -= k;
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0xE000 && cp <= 0xE006))
			continue;              /* not drawn: breaks, the engine's and the redline's marks */
		if (cp <= 0xFFFF && (seen[cp >> 3] & (1 << (cp & 7))))
			continue;
		if (cp <= 0xFFFF) {
			seen[cp >> 3] |= (uint8_t)(1 << (cp & 7));
			if (HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp) != 0)
				continue;
		}
		size_t at = (size_t)((const char *)p - md) - (size_t)k, from = at, to = at + (size_t)k;
		while (from > 0 && at - from < 40 && md[from - 1] != '\n' && md[from - 1] != '|')
			from--;
		while (to < s->r->md.len && to - at < 40 && md[to] != '\n' && md[to] != '|')
			to++;
		buf word = {0}, head = {0}, path = {0};
		glyphs_text_unmarked(&word, md + from, to - from);
		heading_before(md, at, &head);
		char ch[5] = { 0 };
		utf8proc_encode_char(cp, (utf8proc_uint8_t *)ch);
		/* The value it came from, when the config is at hand. */
		const ynode *v = s->o->source ? ytree_find_text(s->o->source, ch, &path) : NULL;
		diag_add(d, DPA_SEV_ERROR, v ? v->loc : (dpa_loc){ 0 }, v && path.len ? path.data : NULL,
		    "the PDF font has no \"%s\" (U+%04X) for \"%s\"%s%s%s: PDF refused rather than "
		    "print it missing; write the value in characters the font has (Latin, Greek, "
		    "Cyrillic), or set DPAGEN_FONT_DIR to fonts that have it (font: %s)",
		    ch, (unsigned)cp, word.data ? word.data : "", head.len ? " (under \"" : "",
		    head.len ? head.data : "", head.len ? "\")" : "", s->L.font_path[FACE_REGULAR]);
		buf_free(&word);
		buf_free(&head);
		buf_free(&path);
		return -1;
	}
	return 0;
}

/* ---- metadata, PDF/A-2b, signature fields --------------------------------- */

extern const unsigned char dpa_srgb_icc[];   /* build/gen/srgb_icc.c */
extern const size_t dpa_srgb_icc_len;

/* The title names the parties and the reference: "Databehandleraftale –
 * Kunde A/S og Uptime ApS – DBA-UPTIME-KUNDE-001". */
static void
doc_title(const pstate *s, buf *b)
{
	const dpa_docmeta *m = &s->r->meta;
	buf_puts(b, s->title.data ? s->title.data : "");
	if (m->controller || m->processor)
		buf_printf(b, " – %s%s%s%s%s", m->controller ? m->controller : "",
		    m->controller && m->processor ? " " : "", m->controller && m->processor ? s->ls->and_word : "",
		    m->controller && m->processor ? " " : "", m->processor ? m->processor : "");
	if (m->reference)
		buf_printf(b, " – %s", m->reference);
}

static void
xml_text(buf *b, const char *t)
{
	for (; t && *t; t++) {
		switch (*t) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default: buf_putc(b, *t); break;
		}
	}
}

static void
xmp_prop(buf *b, const char *name, const char *kind, const char *value)
{
	if (!value)
		return;
	buf_printf(b, "<%s>", name);
	if (kind)
		buf_printf(b, "<rdf:%s><rdf:li%s>", kind,
		    strcmp(kind, "Alt") == 0 ? " xml:lang=\"x-default\"" : "");
	xml_text(b, value);
	if (kind)
		buf_printf(b, "</rdf:li></rdf:%s>", kind);
	buf_printf(b, "</%s>\n", name);
}

/* A stream object of the document holding len bytes of data. */
static HPDF_Dict
new_stream(HPDF_Doc pdf, const void *data, size_t len)
{
	HPDF_Dict d = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (d && len)
		HPDF_Stream_Write(d->stream, data, (HPDF_UINT)len);
	return d;
}

/* XMP metadata telling what the Info dictionary tells (PDF/A asks both to
 * agree), and the PDF/A part: libharu's own writes /SubType for /Subtype
 * and does not escape its values, so it is written here.  Uncompressed, as
 * PDF/A wants it readable without a PDF parser. */
static void
xmp(pstate *s, const char *title, const char *subject, const char *keywords, const char *date)
{
	HPDF_Doc pdf = s->L.pdf;
	buf b = {0};
	buf_puts(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
	    " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\""
	    " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n");
	xmp_prop(&b, "dc:format", NULL, "application/pdf");
	xmp_prop(&b, "dc:title", "Alt", title);
	xmp_prop(&b, "dc:creator", "Seq", s->r->meta.processor);
	xmp_prop(&b, "dc:description", "Alt", subject);
	xmp_prop(&b, "dc:language", "Bag", s->r->lang == DPA_LANG_DA ? "da-DK" : "en-GB");
	xmp_prop(&b, "pdf:Keywords", NULL, keywords);
	xmp_prop(&b, "pdf:Producer", NULL, HPDF_GetInfoAttr(pdf, HPDF_INFO_PRODUCER));
	xmp_prop(&b, "xmp:CreatorTool", NULL, "dpagen " DPAGEN_VERSION);
	xmp_prop(&b, "xmp:CreateDate", NULL, date);
	xmp_prop(&b, "xmp:ModifyDate", NULL, date);
	buf_puts(&b, "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
	    "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
	HPDF_Dict m = new_stream(pdf, b.data, b.len);
	if (m) {
		HPDF_Dict_AddName(m, "Type", "Metadata");
		HPDF_Dict_AddName(m, "Subtype", "XML");
		HPDF_Dict_Add(pdf->catalog, "Metadata", m);
	}
	buf_free(&b);
}

/* PDF/A-2b: the version, the language, the sRGB output intent (the
 * colours are DeviceRGB), the XMP metadata; /ID is set (metadata()). */
static void
archive(pstate *s, const char *title, const char *subject, const char *keywords, const char *date)
{
	HPDF_Doc pdf = s->L.pdf;
	pdf->pdf_version = HPDF_VER_17;
	HPDF_Dict_Add(pdf->catalog, "Lang",
	    HPDF_String_New(pdf->mmgr, s->r->lang == DPA_LANG_DA ? "da-DK" : "en-GB", NULL));
	HPDF_Dict icc = new_stream(pdf, dpa_srgb_icc, dpa_srgb_icc_len);
	HPDF_Dict intent = HPDF_Dict_New(pdf->mmgr);
	HPDF_Array intents = HPDF_Array_New(pdf->mmgr);
	if (icc && intent && intents) {
		icc->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
		HPDF_Dict_AddNumber(icc, "N", 3);
		HPDF_Dict_AddName(intent, "Type", "OutputIntent");
		HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
		HPDF_Dict_Add(intent, "OutputConditionIdentifier", HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
		HPDF_Dict_Add(intent, "Info", HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
		HPDF_Dict_Add(intent, "DestOutputProfile", icc);
		HPDF_Array_Add(intents, intent);
		HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents);
	}
	xmp(s, title, subject, keywords, date);
}

/* Dates only from SOURCE_DATE_EPOCH: the same inputs give the same bytes. */
static void
metadata(pstate *s)
{
	HPDF_Doc pdf = s->L.pdf;
	const dpa_docmeta *m = &s->r->meta;
	buf title = {0}, subject = {0}, keywords = {0};
	doc_title(s, &title);
	HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, title.data);
	if (m->processor)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, m->processor);
	buf_printf(&subject, "%s%s%s%s%s", s->title.data ? s->title.data : "", m->controller ? ": " : "",
	    m->controller ? m->controller : "", m->processor ? " / " : "", m->processor ? m->processor : "");
	HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, subject.data);
	buf_printf(&keywords, "GDPR; %s%s%s", s->r->lang == DPA_LANG_DA ? "databehandleraftale" : "data processing agreement",
	    m->reference ? "; " : "", m->reference ? m->reference : "");
	HPDF_SetInfoAttr(pdf, HPDF_INFO_KEYWORDS, keywords.data);
	HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "dpagen " DPAGEN_VERSION);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end, date[32] = "";
	long long t = sde ? strtoll(sde, &end, 10) : -1;
	if (sde && *sde && !*end && t >= 0) {
		time_t tt = (time_t)t;
		struct tm tm;
		if (gmtime_r(&tt, &tm) && tm.tm_year + 1900 <= 9999) {
			HPDF_Date d = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
				tm.tm_sec, '+', 0, 0 };
			HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d);
			HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d);
			strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
		}
	}
	/* The document id: a hash of the agreement's text, not of the clock.
	 * MD5, as the PDF standard suggests for it: it names the file and
	 * guards nothing, and costs less than SHA-256. */
	struct md5_ctx ctx;
	uint8_t id[MD5_DIGEST_SIZE];
	md5_init(&ctx);
	md5_update(&ctx, s->r->md.len, (const uint8_t *)s->r->md.data);
	md5_digest(&ctx, sizeof id, id);
	HPDF_Array a = HPDF_Array_New(pdf->mmgr);
	if (a && HPDF_Dict_Add(pdf->trailer, "ID", a) == HPDF_OK) {
		HPDF_Array_Add(a, HPDF_Binary_New(pdf->mmgr, id, 16));
		HPDF_Array_Add(a, HPDF_Binary_New(pdf->mmgr, id, 16));
	}
	archive(s, title.data, subject.data, keywords.data, date[0] ? date : NULL);
	buf_free(&title);
	buf_free(&subject);
	buf_free(&keywords);
}

/* Empty signature fields (/FT /Sig) on the signature lines, each its own
 * widget with an empty appearance (PDF/A wants one) and the print flag. */
static void
sig_fields(pstate *s, HPDF_Page *pages)
{
	if (!s->nsig)
		return;
	HPDF_Doc pdf = s->L.pdf;
	HPDF_Dict form = HPDF_Dict_New(pdf->mmgr);
	HPDF_Array fields = HPDF_Array_New(pdf->mmgr);
	if (!form || !fields || HPDF_Dict_Add(form, "Fields", fields) != HPDF_OK ||
	    HPDF_Dict_Add(pdf->catalog, "AcroForm", form) != HPDF_OK)
		return;
	HPDF_Encoder utf8 = HPDF_GetEncoder(pdf, "UTF-8");
	for (size_t i = 0; i < s->nsig; i++) {
		const sigbox *b = &s->sig[i];
		HPDF_Page page = pages[b->page];
		HPDF_Array annots = HPDF_Dict_GetItem(page, "Annots", HPDF_OCLASS_ARRAY);
		if (!annots && (annots = HPDF_Array_New(pdf->mmgr)) != NULL)
			HPDF_Dict_Add(page, "Annots", annots);
		HPDF_Dict w = HPDF_Dict_New(pdf->mmgr), ap = HPDF_Dict_New(pdf->mmgr);
		HPDF_Dict look = new_stream(pdf, NULL, 0);
		if (!annots || !w || !ap || !look || HPDF_Xref_Add(pdf->xref, w) != HPDF_OK)
			return;
		HPDF_Dict_AddName(look, "Type", "XObject");
		HPDF_Dict_AddName(look, "Subtype", "Form");
		HPDF_Dict_Add(look, "BBox", HPDF_Box_Array_New(pdf->mmgr, (HPDF_Box){ 0, 0, b->w, b->h }));
		HPDF_Dict_Add(ap, "N", look);
		HPDF_Dict_AddName(w, "Type", "Annot");
		HPDF_Dict_AddName(w, "Subtype", "Widget");
		HPDF_Dict_AddName(w, "FT", "Sig");
		HPDF_Dict_Add(w, "T", HPDF_String_New(pdf->mmgr, b->name, utf8));
		HPDF_Dict_Add(w, "Rect", HPDF_Box_Array_New(pdf->mmgr,
		    (HPDF_Box){ b->x, b->y, b->x + b->w, b->y + b->h }));
		HPDF_Dict_AddNumber(w, "F", 4);
		HPDF_Dict_Add(w, "P", page);
		HPDF_Dict_Add(w, "AP", ap);
		HPDF_Array_Add(annots, w);
		HPDF_Array_Add(fields, w);
	}
}

/* libharu's ToUnicode map of a Unicode font is one "begincidrange" that
 * readers reject (pdftotext warns at every page).  A font's codes are the
 * characters of the BMP, so the map is the identity: one bfrange per 256
 * codes, skipping the surrogates, at most 100 a block. */
static void
fix_tounicode(pstate *s)
{
	buf b = {0};
	buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	int n = 0;
	for (int hi = 0; hi < 256; hi++) {
		if (hi >= 0xD8 && hi <= 0xDF)
			continue;
		if (n % 100 == 0)
			buf_printf(&b, "%s%d beginbfrange\n", n ? "endbfrange\n" : "", n + 100 <= 248 ? 100 : 248 - n);
		buf_printf(&b, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
		n++;
	}
	buf_puts(&b, "endbfrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	for (int f = 0; f < FACE__MAX; f++) {
		HPDF_Dict map = s->L.font[f] ? HPDF_Dict_GetItem(s->L.font[f], "ToUnicode", HPDF_OCLASS_DICT) : NULL;
		if (!map || !map->stream)
			continue;
		HPDF_MemStream_FreeData(map->stream);
		HPDF_Stream_Write(map->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	}
	buf_free(&b);
}

static int
draw_document(pstate *s)
{
	HPDF_Page *pages = xcalloc(s->L.npages, sizeof *pages);
	for (size_t i = 0; i < s->L.npages; i++) {
		pages[i] = HPDF_AddPage(s->L.pdf);
		HPDF_Page_SetSize(pages[i], HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	}
	for (size_t i = 0; i < s->L.npages; i++) {
		s->pen = (pen){ .page = pages[i] };   /* a page starts with the defaults */
		for (size_t j = 0; j < s->L.pages[i].n; j++)
			draw_item(s, pages, i, &s->L.pages[i].v[j]);
		decorate(s, pages[i], i);
		pen_end_text(s);
	}
	outlines(s, pages);
	sig_fields(s, pages);
	if (!s->L.winansi)
		fix_tounicode(s);
	HPDF_SetPageMode(s->L.pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	free(pages);
	return 0;
}

/* The document into out: 0, -1 (libharu failed), or -2: no memory for
 * the bytes (a failure of this document only, not the end of a batch). */
static int
save(HPDF_Doc pdf, buf *out)
{
	if (HPDF_SaveToStream(pdf) != HPDF_OK)
		return -1;
	HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
	if (out->cap < out->len + size + 1) {
		char *p = realloc(out->data, out->len + size + 1);
		if (!p)
			return -2;
		out->data = p;
		out->cap = out->len + size + 1;
		out->data[out->len] = '\0';
	}
	HPDF_UINT32 got = size;
	if (HPDF_ReadFromStream(pdf, (HPDF_BYTE *)out->data + out->len, &got) != HPDF_OK &&
	    HPDF_GetError(pdf) != HPDF_STREAM_EOF)
		return -1;
	out->len += got;
	out->data[out->len] = '\0';
	return got == size ? 0 : -1;
}

int
render_pdf(const dpa_rendered *r, const dpa_ast *a, const dpa_backend_opts *o, buf *out,
    dpa_diags *d)
{
	char why[320];
	if (hpdf_load(why, sizeof why) != 0) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ 0 }, NULL, "%s", why);
		return -1;
	}
	hpdf_err err = {0};
	HPDF_Doc pdf = HPDF_New(on_hpdf_error, &err);
	if (!pdf)
		dpa_oom();
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	pstate s = { .r = r, .a = a, .o = o, .ls = lang_strings(r->lang), .link = -1, .entry = -1,
		.size = BODY, .lead = LEAD };
	int rc = -1;
	if (pdf_layout_init(&s.L, pdf, getenv("DPAGEN_FONT_DIR"), dpa_lang_code(r->lang), d) != 0)
		goto out;
	s.L.winansi = pdf_winansi_ok(r->md.data ? r->md.data : "", r->md.len);
	s.dest_page = xmalloc((r->nindex + 1) * sizeof *s.dest_page);
	s.dest_y = xcalloc(r->nindex + 1, sizeof *s.dest_y);
	for (size_t i = 0; i <= r->nindex; i++)
		s.dest_page[i] = -1;
	if (check_coverage(&s, d) != 0)
		goto out;
	walk_document(&s);
	if (s.L.stop) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ 0 }, NULL, "%s", s.L.stop);
		goto out;
	}
	metadata(&s);
	draw_document(&s);
	/* (Drawing measures text too: memory may run out there.) */
	int saved = err.status || s.L.failed || s.L.stop ? -1 : save(pdf, out);
	if (saved == 0)
		rc = 0;
	else if (s.L.stop)
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ 0 }, NULL, "%s", s.L.stop);
	else if (saved == -2 || err.status == HPDF_FAILD_TO_ALLOC_MEM)
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ 0 }, NULL, "out of memory writing the PDF");
	else
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ 0 }, NULL,
		    "the PDF library failed (error 0x%04X, detail %u)%s", (unsigned)err.status,
		    (unsigned)err.detail, s.L.failed ? ": a font could not be embedded" : "");
out:
	glyphs_free(&s.text);
	for (int i = 0; i <= s.depth && i <= MAX_DEPTH; i++)
		glyphs_free(&s.ctx[i].marker);
	free(s.dest_page);
	free(s.dest_y);
	for (size_t i = 0; i < s.nsig; i++)
		free(s.sig[i].name);
	free(s.sig);
	buf_free(&s.title);
	pdf_layout_free(&s.L);
	HPDF_Free(pdf);
	return rc;
}
