/* diff.c - compare two rendered agreements unit by unit, words inside.
 * Units come from the renderer's index (the line each heading starts on),
 * so the comparison follows the templates' ids, not the text's layout. */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Word comparison is quadratic: past this many cells a changed unit is
 * shown as all deleted and all inserted (a unit is a clause or smaller). */
enum { MAX_CELLS = 4 * 1000 * 1000 };

typedef struct unit {
	const char *key, *number, *title, *parent_title;
	dpa_head_kind kind;
	const char *text;
	size_t len;
} unit;

typedef struct tok {
	const char *s;
	size_t len;
	bool head;                 /* the unit's own number, which renumbering changes */
} tok;

/* Offsets of the starts of lines 1..n of md (line_at[k] is line k+1). */
static size_t *
line_starts(arena *a, const buf *md, size_t *n)
{
	size_t cnt = 1;
	for (size_t i = 0; i < md->len; i++)
		cnt += md->data[i] == '\n';
	size_t *at = arena_alloc(a, (cnt + 1) * sizeof *at);
	size_t k = 0;
	at[k++] = 0;
	for (size_t i = 0; i < md->len; i++)
		if (md->data[i] == '\n')
			at[k++] = i + 1;
	at[k] = md->len;
	*n = cnt;
	return at;
}

static size_t
offset_of(const size_t *at, size_t nlines, uint32_t line)
{
	return line == 0 ? 0 : line - 1 < nlines ? at[line - 1] : at[nlines];
}

/* The key of index entry i: its id, or its parent's id and its place
 * among the parent's anonymous sub-clauses. */
static const char *
unit_key(arena *a, const dpa_rendered *r, size_t i)
{
	const dpa_heading *h = &r->index[i];
	if (h->id)
		return h->id;
	int place = 1;
	for (size_t j = 0; j < i; j++)
		place += !r->index[j].id && r->index[j].parent == h->parent && r->index[j].line;
	const char *parent = h->parent >= 0 ? r->index[h->parent].id : NULL;
	return arena_printf(a, "%s/%d", parent ? parent : "", place);
}

/* The units of r: the front matter, then one per heading with a line,
 * up to the footer; the part holding the table of contents is left out
 * (its lines change with every title, which the units show already). */
static unit *
units_of(arena *a, const dpa_rendered *r, size_t *n)
{
	size_t nlines;
	const size_t *at = line_starts(a, &r->md, &nlines);
	unit *u = arena_alloc(a, (r->nindex + 1) * sizeof *u);
	size_t k = 0, end = r->md.len;
	for (size_t i = 0; i < r->nindex; i++)
		if (r->index[i].kind == DPA_HEAD_FOOTER && r->index[i].line)
			end = offset_of(at, nlines, r->index[i].line);
	size_t first = end;
	for (size_t i = 0; i < r->nindex; i++) {
		const dpa_heading *h = &r->index[i];
		if (!h->line || h->kind == DPA_HEAD_FOOTER || h->kind == DPA_HEAD_TOC)
			continue;
		size_t from = offset_of(at, nlines, h->line);
		if (from >= end)
			continue;
		if (from < first)
			first = from;
		const char *pt = h->parent >= 0 && (size_t)h->parent < r->nindex ? r->index[h->parent].title : NULL;
		u[k++] = (unit){ unit_key(a, r, i), h->number, h->title, pt, h->kind, NULL, from };
	}
	/* u[].len holds the start offset until here. */
	unit *out = arena_alloc(a, (k + 1) * sizeof *out);
	size_t m = 0;
	out[m++] = (unit){ "(front)", "", NULL, NULL, DPA_HEAD_PART, r->md.data, first };
	for (size_t i = 0; i < k; i++) {
		size_t from = u[i].len, to = i + 1 < k ? u[i + 1].len : end;
		bool toc = false;
		for (size_t j = 0; j < r->nindex; j++)
			if (r->index[j].kind == DPA_HEAD_TOC && r->index[j].line &&
			    offset_of(at, nlines, r->index[j].line) >= from &&
			    offset_of(at, nlines, r->index[j].line) < to)
				toc = true;
		if (toc)
			continue;
		out[m] = u[i];
		out[m].text = r->md.data + from;
		out[m++].len = to - from;
	}
	*n = m;
	return out;
}

/* Is w the heading's number as written: "8.", "C.6", "**8.1.**"? */
static bool
is_number(const char *w, size_t len, const char *number)
{
	size_t nl = number ? strlen(number) : 0;
	if (!nl)
		return false;
	if (len >= 4 && memcmp(w, "**", 2) == 0 && memcmp(w + len - 2, "**", 2) == 0) {
		w += 2;
		len -= 4;
	}
	if (len && w[len - 1] == '.')
		len--;
	return len == nl && memcmp(w, number, nl) == 0;
}

/* Words and newlines; runs of blank lines count as one paragraph break. */
static tok *
tokens(arena *a, const char *s, size_t len, const char *number, size_t *n)
{
	size_t cap = len / 2 + 2, k = 0;
	tok *t = arena_alloc(a, cap * sizeof *t);
	size_t i = 0;
	while (i < len) {
		if (s[i] == '\n') {
			if (!(k >= 2 && t[k - 1].s[0] == '\n' && t[k - 2].s[0] == '\n'))
				t[k++] = (tok){ s + i, 1, false };
			i++;
		} else if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
			i++;
		} else if (s[i] == '|' && (i == 0 || s[i - 1] == '\n')) {
			/* A table row is one token: rows are matched whole (a
			 * sub-processor of Annex B.1 added, removed or changed). */
			size_t j = i;
			while (j < len && s[j] != '\n')
				j++;
			size_t e = j;
			while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\r'))
				e--;
			t[k++] = (tok){ s + i, e - i, false };
			i = j;
		} else {
			size_t j = i;
			while (j < len && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r')
				j++;
			/* Only the first line's words can be the heading's number. */
			bool first_line = memchr(s, '\n', i) == NULL;
			t[k++] = (tok){ s + i, j - i, first_line && is_number(s + i, j - i, number) };
			i = j;
		}
	}
	while (k && t[k - 1].s[0] == '\n')
		k--;
	*n = k;
	return t;
}

/* The part of an internal link after its text: "](#transfers)." */
static const char *
link_target(tok t, size_t *pre)
{
	for (size_t i = 0; i + 3 <= t.len; i++)
		if (memcmp(t.s + i, "](#", 3) == 0) {
			const char *open = memchr(t.s, '[', i);
			if (!open)
				return NULL;
			*pre = (size_t)(open - t.s);
			return t.s + i;
		}
	return NULL;
}

/* Equal words; a number or cross-reference that only renumbering
 * changed is equal too (the link's target id decides). */
static bool
tok_eq(tok x, tok y)
{
	if (x.head && y.head)
		return true;
	if (x.len == y.len && memcmp(x.s, y.s, x.len) == 0)
		return true;
	size_t px, py;
	const char *tx = link_target(x, &px), *ty = link_target(y, &py);
	size_t lx = tx ? x.len - (size_t)(tx - x.s) : 0, ly = ty ? y.len - (size_t)(ty - y.s) : 0;
	return tx && ty && px == py && memcmp(x.s, y.s, px) == 0 && lx == ly && memcmp(tx, ty, lx) == 0;
}

/* Where a unit's spans are written: words join by one space into the
 * current span until the operation changes. */
typedef struct writer {
	arena *a;
	dpa_unit_diff *u;
	buf text;
	dpa_op cur;
	bool line_start;           /* nothing written yet on the current line */
	bool row;                  /* the current span starts a table row */
} writer;

static void
flush(writer *w)
{
	if (!w->text.len)
		return;
	w->u->spans[w->u->nspans++] = (dpa_span){ w->cur, arena_strndup(w->a, w->text.data, w->text.len),
		w->text.len, w->row };
	buf_reset(&w->text);
}

static void
emit(writer *w, dpa_op op, tok t)
{
	if (w->cur != op)
		flush(w);
	if (!w->text.len)
		w->row = w->line_start && t.s[0] == '|';
	w->line_start = t.s[0] == '\n';
	w->cur = op;
	if (w->text.len && w->text.data[w->text.len - 1] != '\n' && t.s[0] != '\n')
		buf_putc(&w->text, ' ');
	buf_put(&w->text, t.s, t.len);
	if (op == DPA_DEL)
		w->u->words_del += t.s[0] != '\n';
	else if (op == DPA_INS)
		w->u->words_ins += t.s[0] != '\n';
}

static const tok newline = { "\n", 1, false };

/* Internal to an edit list: a word shown both deleted and inserted. */
#define BOTH ((dpa_op)(DPA_INS + 1))

typedef struct edit {
	dpa_op op;
	tok t;
} edit;

/* A change reads as one when what stays between two edits is a word or
 * two: "[-a b-] or {+c d+}" is shown as "[-a b or-] {+c d or+}".  Then
 * each change block shows its deletions before its insertions. */
static void
cleanup(edit *e, size_t n)
{
	enum { SHORT = 2 };
	for (size_t i = 0; i < n;) {
		if (e[i].op != DPA_SAME) {
			i++;
			continue;
		}
		size_t j = i, words = 0;
		bool nl = false;
		while (j < n && e[j].op == DPA_SAME) {
			words++;
			nl = nl || e[j].t.s[0] == '\n';
			j++;
		}
		if (i > 0 && j < n && words <= SHORT && !nl)
			for (size_t k = i; k < j; k++)
				e[k].op = BOTH;
		i = j;
	}
}

static void
emit_edits(writer *w, const edit *e, size_t ne)
{
	for (size_t k = 0; k < ne;) {
		if (e[k].op == DPA_SAME) {
			emit(w, DPA_SAME, e[k++].t);
			continue;
		}
		size_t b = k;
		while (k < ne && e[k].op != DPA_SAME)
			k++;
		for (size_t i = b; i < k; i++)
			if (e[i].op == DPA_DEL || e[i].op == BOTH)
				emit(w, DPA_DEL, e[i].t);
		for (size_t i = b; i < k; i++)
			if (e[i].op == DPA_INS || e[i].op == BOTH)
				emit(w, DPA_INS, e[i].t);
	}
}

/* Longest common subsequence of x[0..n) and y[0..m) under eq, as an edit
 * list into e (room for n + m); NULL-safe: too large gives all deleted,
 * all inserted.  Kept words are NEW's (its numbers). */
typedef bool (*eq_fn)(const void *ctx, size_t i, size_t j);

static size_t
lcs(size_t n, size_t m, eq_fn eq, const void *ctx, dpa_op *ops, size_t *xi, size_t *yi)
{
	size_t ne = 0;
	uint32_t *L = (n + 1) * (m + 1) <= MAX_CELLS ? calloc((n + 1) * (m + 1), sizeof *L) : NULL;
	if (!L) {
		for (size_t i = 0; i < n; i++, ne++)
			ops[ne] = DPA_DEL, xi[ne] = i;
		for (size_t j = 0; j < m; j++, ne++)
			ops[ne] = DPA_INS, yi[ne] = j;
		return ne;
	}
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;) {
			uint32_t down = L[(i + 1) * (m + 1) + j], right = L[i * (m + 1) + j + 1];
			L[i * (m + 1) + j] = eq(ctx, i, j) ? L[(i + 1) * (m + 1) + j + 1] + 1 :
			    down > right ? down : right;
		}
	size_t i = 0, j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && eq(ctx, i, j)) {
			ops[ne] = DPA_SAME, xi[ne] = i++, yi[ne++] = j++;
		} else if (j < m && (i == n || L[i * (m + 1) + j + 1] >= L[(i + 1) * (m + 1) + j])) {
			ops[ne] = DPA_INS, yi[ne++] = j++;
		} else {
			ops[ne] = DPA_DEL, xi[ne++] = i++;
		}
	}
	free(L);
	return ne;
}

typedef struct toks2 {
	const tok *x, *y;
} toks2;

static bool
tok_at_eq(const void *ctx, size_t i, size_t j)
{
	const toks2 *t = ctx;
	return tok_eq(t->x[i], t->y[j]);
}

/* Words of one changed stretch of lines. */
static void
word_diff(writer *w, const tok *x, size_t n, const tok *y, size_t m)
{
	dpa_op *ops = arena_alloc(w->a, (n + m + 1) * sizeof *ops);
	size_t *xi = arena_alloc(w->a, (n + m + 1) * sizeof *xi);
	size_t *yi = arena_alloc(w->a, (n + m + 1) * sizeof *yi);
	toks2 ctx = { x, y };
	size_t ne = lcs(n, m, tok_at_eq, &ctx, ops, xi, yi);
	edit *e = arena_alloc(w->a, (ne + 1) * sizeof *e);
	for (size_t k = 0; k < ne; k++)
		e[k] = (edit){ ops[k], ops[k] == DPA_DEL ? x[xi[k]] : y[yi[k]] };
	cleanup(e, ne);
	emit_edits(w, e, ne);
}

/* A unit's lines as ranges of its tokens (newlines excluded). */
typedef struct line {
	size_t b, e;
} line;

static line *
lines_of(arena *a, const tok *t, size_t n, size_t *nl)
{
	size_t cnt = 1;
	for (size_t i = 0; i < n; i++)
		cnt += t[i].s[0] == '\n';
	line *l = arena_alloc(a, cnt * sizeof *l);
	size_t k = 0, b = 0;
	for (size_t i = 0; i <= n; i++)
		if (i == n || t[i].s[0] == '\n') {
			l[k++] = (line){ b, i };
			b = i + 1;
		}
	*nl = k;
	return l;
}

typedef struct lines2 {
	const tok *x, *y;
	const line *lx, *ly;
} lines2;

static bool
line_eq(const void *ctx, size_t i, size_t j)
{
	const lines2 *c = ctx;
	line a = c->lx[i], b = c->ly[j];
	if (a.e - a.b != b.e - b.b)
		return false;
	for (size_t k = 0; k < a.e - a.b; k++)
		if (!tok_eq(c->x[a.b + k], c->y[b.b + k]))
			return false;
	return true;
}

static bool
is_row(const tok *t, line l)
{
	return l.e > l.b && t[l.b].s[0] == '|';
}

static void
emit_line(writer *w, dpa_op op, const tok *t, line l, bool *first)
{
	if (!*first)
		emit(w, DPA_SAME, newline);
	*first = false;
	for (size_t k = l.b; k < l.e; k++)
		emit(w, op, t[k]);
}

/* The cells of a row token "| a | b |", trimmed, into c (at most max). */
static size_t
cells_of(tok t, tok *c, size_t max)
{
	size_t n = 0;
	const char *p = t.s, *end = t.s + t.len;
	if (p < end && *p == '|')
		p++;
	while (p < end && n < max) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		const char *stop = bar ? bar : end, *a = p, *b = stop;
		while (a < b && *a == ' ')
			a++;
		while (b > a && b[-1] == ' ')
			b--;
		if (!bar && a == b)
			break;
		c[n++] = (tok){ a, (size_t)(b - a), false };
		p = bar ? bar + 1 : end;
	}
	return n;
}

enum { MAX_CELLS_ROW = 32 };

/* Two rows of one sub-processor (the same first cell, as many cells):
 * the row is NEW's, with each changed cell shown deleted and inserted. */
static bool
row_diff(writer *w, tok old, tok new, bool *first)
{
	tok co[MAX_CELLS_ROW], cn[MAX_CELLS_ROW];
	size_t no = cells_of(old, co, MAX_CELLS_ROW), nn = cells_of(new, cn, MAX_CELLS_ROW);
	if (no != nn || !no || !tok_eq(co[0], cn[0]) || strspn(new.s, "|-: ") >= new.len)
		return false;
	if (!*first)
		emit(w, DPA_SAME, newline);
	*first = false;
	buf same = {0};
	buf_putc(&same, '|');
	for (size_t k = 0; k < nn; k++) {
		if (tok_eq(co[k], cn[k])) {
			buf_printf(&same, " %.*s |", (int)cn[k].len, cn[k].s);
			continue;
		}
		emit(w, DPA_SAME, (tok){ arena_strndup(w->a, same.data, same.len), same.len, false });
		buf_reset(&same);
		if (co[k].len)
			emit(w, DPA_DEL, co[k]);
		if (cn[k].len)
			emit(w, DPA_INS, cn[k]);
		buf_putc(&same, '|');
	}
	emit(w, DPA_SAME, (tok){ arena_strndup(w->a, same.data, same.len), same.len, false });
	buf_free(&same);
	return true;
}

/* One stretch of changed lines: text is compared word by word; a table
 * row with its old self cell by cell (rows are matched by their first
 * cell: a sub-processor's name); other lines whole. */
static void
hunk(writer *w, const lines2 *c, const size_t *dl, size_t nd, const size_t *il, size_t ni, bool *first)
{
	bool rows = false;
	for (size_t k = 0; k < nd; k++)
		rows = rows || is_row(c->x, c->lx[dl[k]]);
	for (size_t k = 0; k < ni; k++)
		rows = rows || is_row(c->y, c->ly[il[k]]);
	if (!rows && nd && ni) {
		if (!*first)
			emit(w, DPA_SAME, newline);
		*first = false;
		size_t xb = c->lx[dl[0]].b, xe = c->lx[dl[nd - 1]].e;
		size_t yb = c->ly[il[0]].b, ye = c->ly[il[ni - 1]].e;
		word_diff(w, c->x + xb, xe - xb, c->y + yb, ye - yb);
		return;
	}
	/* A deleted row is paired with the inserted row of the same name. */
	size_t pair[64];
	bool taken[64] = { false };
	for (size_t k = 0; k < ni && k < 64; k++) {
		pair[k] = nd;
		line l = c->ly[il[k]];
		for (size_t j = 0; j < nd && j < 64 && is_row(c->y, l) && l.e - l.b == 1; j++) {
			line o = c->lx[dl[j]];
			tok a[MAX_CELLS_ROW], b[MAX_CELLS_ROW];
			size_t na = is_row(c->x, o) && o.e - o.b == 1 ? cells_of(c->x[o.b], a, MAX_CELLS_ROW) : 0;
			size_t nb = cells_of(c->y[l.b], b, MAX_CELLS_ROW);
			if (!taken[j] && na && na == nb && tok_eq(a[0], b[0]) && a[0].len &&
			    strspn(c->y[l.b].s, "|-: ") < c->y[l.b].len) {
				pair[k] = j;
				taken[j] = true;
				break;
			}
		}
	}
	for (size_t j = 0; j < nd; j++)
		if (j >= 64 || !taken[j])
			emit_line(w, DPA_DEL, c->x, c->lx[dl[j]], first);
	for (size_t k = 0; k < ni; k++) {
		bool done = k < 64 && pair[k] < nd &&
		    row_diff(w, c->x[c->lx[dl[pair[k]]].b], c->y[c->ly[il[k]].b], first);
		if (!done)
			emit_line(w, DPA_INS, c->y, c->ly[il[k]], first);
	}
}

/* Lines first, then words inside each changed stretch of lines: the
 * layout of the text (table rows, list items) survives the comparison. */
static void
unit_diff(arena *a, const tok *x, size_t nx, const tok *y, size_t ny, dpa_unit_diff *u)
{
	writer w = { a, u, {0}, DPA_SAME, true, false };
	/* Each emit makes at most one span: a word at most two (BOTH), each
	 * line its newline, a row compared cell by cell three a cell. */
	size_t rows = 0;
	for (size_t k = 0; k < ny; k++)
		rows += y[k].s[0] == '|';
	u->spans = arena_alloc(a, (3 * (nx + ny) + 4 + (3 * MAX_CELLS_ROW + 2) * rows) * sizeof *u->spans);
	size_t nlx, nly;
	line *lx = lines_of(a, x, nx, &nlx), *ly = lines_of(a, y, ny, &nly);
	lines2 c = { x, y, lx, ly };
	dpa_op *ops = arena_alloc(a, (nlx + nly + 1) * sizeof *ops);
	size_t *xi = arena_alloc(a, (nlx + nly + 1) * sizeof *xi);
	size_t *yi = arena_alloc(a, (nlx + nly + 1) * sizeof *yi);
	size_t ne = lcs(nlx, nly, line_eq, &c, ops, xi, yi);
	size_t *dl = arena_alloc(a, (nlx + 1) * sizeof *dl), *il = arena_alloc(a, (nly + 1) * sizeof *il);
	bool first = true;
	for (size_t k = 0; k < ne;) {
		if (ops[k] == DPA_SAME) {
			emit_line(&w, DPA_SAME, y, ly[yi[k++]], &first);
			continue;
		}
		size_t nd = 0, ni = 0;
		for (; k < ne && ops[k] != DPA_SAME; k++) {
			if (ops[k] == DPA_DEL)
				dl[nd++] = xi[k];
			else
				il[ni++] = yi[k];
		}
		hunk(&w, &c, dl, nd, il, ni, &first);
	}
	flush(&w);
	buf_free(&w.text);
}

static void
whole(arena *a, const unit *src, dpa_op op, dpa_unit_diff *u)
{
	size_t n;
	tok *t = tokens(a, src->text, src->len, src->number, &n);
	writer w = { a, u, {0}, op, true, false };
	u->spans = arena_alloc(a, (n + 1) * sizeof *u->spans);
	for (size_t i = 0; i < n; i++)
		emit(&w, t[i].s[0] == '\n' ? DPA_SAME : op, t[i]);
	flush(&w);
	buf_free(&w.text);
}

static dpa_unit_diff *
push(dpa_diff *d, const unit *src, dpa_unit_state st)
{
	dpa_unit_diff *u = &d->units[d->n++];
	*u = (dpa_unit_diff){ .state = st, .key = src->key, .number = src->number,
		.title = src->title, .parent_title = src->parent_title, .kind = src->kind };
	return u;
}

static void
removed(arena *a, dpa_diff *d, const unit *ou, const bool *used, size_t from, size_t to)
{
	for (size_t j = from; j < to; j++)
		if (!used[j]) {
			whole(a, &ou[j], DPA_DEL, push(d, &ou[j], DPA_UNIT_REMOVED));
			d->changed++;
		}
}

void
diff_rendered(arena *a, const dpa_rendered *old, const dpa_rendered *new, dpa_diff *out)
{
	size_t no, nn;
	unit *ou = units_of(a, old, &no), *nu = units_of(a, new, &nn);
	bool *used = arena_alloc(a, no + 1);
	size_t *match = arena_alloc(a, (nn + 1) * sizeof *match);
	for (size_t i = 0; i < nn; i++) {
		match[i] = no;
		for (size_t j = 0; j < no && match[i] == no; j++)
			if (!used[j] && strcmp(ou[j].key, nu[i].key) == 0) {
				match[i] = j;
				used[j] = true;
			}
	}
	memset(out, 0, sizeof *out);
	out->units = arena_alloc(a, (no + nn + 1) * sizeof *out->units);
	size_t next_old = 0;
	for (size_t i = 0; i < nn; i++) {
		if (match[i] == no) {
			whole(a, &nu[i], DPA_INS, push(out, &nu[i], DPA_UNIT_ADDED));
			out->changed++;
			continue;
		}
		/* OLD's units gone before this one's match stand where they stood. */
		if (match[i] >= next_old) {
			removed(a, out, ou, used, next_old, match[i]);
			next_old = match[i] + 1;
		}
		size_t nx, ny;
		const unit *o = &ou[match[i]];
		tok *x = tokens(a, o->text, o->len, o->number, &nx);
		tok *y = tokens(a, nu[i].text, nu[i].len, nu[i].number, &ny);
		bool same = nx == ny;
		for (size_t k = 0; same && k < nx; k++)
			same = tok_eq(x[k], y[k]);
		dpa_unit_diff *u = push(out, &nu[i], same ? DPA_UNIT_SAME : DPA_UNIT_CHANGED);
		if (!same) {
			unit_diff(a, x, nx, y, ny, u);
			out->changed++;
		}
	}
	removed(a, out, ou, used, next_old, no);
}

size_t
diff_same_run(const dpa_diff *d, size_t i)
{
	while (i + 1 < d->n && d->units[i + 1].state == DPA_UNIT_SAME)
		i++;
	return i;
}
