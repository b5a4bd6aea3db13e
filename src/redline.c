/* redline.c - a diff's units as marked text, and the redline that the
 * HTML, PDF and DOCX back-ends take (redline.h). */
#include "redline.h"

#include <stdlib.h>
#include <string.h>

#include "lang.h"

/* ---- marked text ---------------------------------------------------------- */

static bool
delim(char c)
{
	return c == '*' || c == '_';
}

/* n bytes of p between on and off; with inner marks, emphasis delimiters
 * at either end stay outside ("**\uE003Bold\uE004**"): a mark between a
 * closing "**" and the punctuation before it would stop it closing. */
static void
put_marked(buf *out, const char *p, size_t n, const char *on, const char *off, bool inner)
{
	size_t lead = 0, trail = 0;
	if (inner) {
		while (lead < n && delim(p[lead]))
			lead++;
		while (trail < n - lead && delim(p[n - 1 - trail]))
			trail++;
		if (trail && n - trail > 0 && p[n - trail - 1] == '\\')
			trail = 0;   /* "\*" is an escaped star, not a delimiter */
		if (lead + trail >= n)
			lead = trail = 0;
	}
	buf_put(out, p, lead);
	buf_printf(out, "%s%.*s%s", on, (int)(n - lead - trail), p + lead, off);
	buf_put(out, p + n - trail, trail);
}

/* Bytes of the block markers a line starts with: "## ", "- ", "1. ",
 * "> ", repeated ("> - "); a heading's text is text ("## 9. Title"). */
static size_t
block_prefix(const char *p, size_t n)
{
	size_t i = 0;
	for (;;) {
		size_t j = i;
		if (j < n && p[j] == '#') {
			while (j < n && p[j] == '#' && j - i < 6)
				j++;
			return j < n && p[j] == ' ' ? j + 1 : i;
		} else if (j < n && (p[j] == '-' || p[j] == '*' || p[j] == '+' || p[j] == '>')) {
			j++;
		} else {
			while (j < n && j - i < 9 && p[j] >= '0' && p[j] <= '9')
				j++;
			if (j == i || j >= n || (p[j] != '.' && p[j] != ')'))
				return i;
			j++;
		}
		if (j >= n || p[j] != ' ')
			return i;
		i = j + 1;
	}
}

/* A table row deleted or inserted: each cell marked, so it stays a row.
 * The delimiter row of a table whose columns changed is shown as NEW has
 * it only: two would end the table. */
static void
put_row(buf *out, const char *p, size_t n, const dpa_marks *mk, bool del)
{
	const char *on = del ? mk->del_on : mk->ins_on, *off = del ? mk->del_off : mk->ins_off;
	bool delim_row = strspn(p, "|-: ") >= n;
	if (delim_row) {
		if (!del || mk->inner)   /* a redline shows OLD's table as a table */
			buf_put(out, p, n);
		return;
	}
	const char *start = p, *end = p + n;
	while (p < end) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		const char *stop = bar ? bar : end;
		const char *a = p, *b = stop;
		while (a < b && *a == ' ')
			a++;
		while (b > a && b[-1] == ' ')
			b--;
		if (b > a) {
			buf_putc(out, ' ');
			put_marked(out, a, (size_t)(b - a), on, off, mk->inside_emphasis);
			buf_putc(out, ' ');
		} else if (bar && p > start) {
			buf_putc(out, ' ');   /* an empty cell stays a cell */
		}
		if (bar)
			buf_putc(out, '|');
		p = bar ? bar + 1 : end;
	}
}

/* A span's text with its marks around each line's words, so a mark never
 * spans a line (a table row, a list item) and Markdown stays Markdown. */
static void
put_span(buf *out, const dpa_span *s, const dpa_marks *mk)
{
	if (s->op == DPA_SAME) {
		buf_put(out, s->s, s->len);
		return;
	}
	bool del = s->op == DPA_DEL;
	const char *p = s->s, *end = s->s + s->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		bool bol = !out->len || out->data[out->len - 1] == '\n';
		if (*p == '|' && (p > s->s || s->row)) {
			put_row(out, p, (size_t)(stop - p), mk, del);
		} else if (stop > p) {
			size_t pre = mk->inner && bol ? block_prefix(p, (size_t)(stop - p)) : 0;
			buf_put(out, p, pre);
			if (p + pre < stop)
				put_marked(out, p + pre, (size_t)(stop - p - pre), del ? mk->del_on : mk->ins_on,
				    del ? mk->del_off : mk->ins_off, mk->inside_emphasis);
		}
		if (nl)
			buf_putc(out, '\n');
		p = nl ? nl + 1 : end;
	}
}

/* Does the last line of out (from start) begin a table row? */
static bool
in_row(const buf *out, size_t start)
{
	size_t i = out->len;
	while (i > start && out->data[i - 1] != '\n')
		i--;
	return i < out->len && out->data[i] == '|';
}

/* Does the line before the (empty) last one begin a table row? */
static bool
after_row(const buf *out, size_t start)
{
	if (out->len <= start || out->data[out->len - 1] != '\n')
		return false;
	size_t i = out->len - 1;
	while (i > start && out->data[i - 1] != '\n')
		i--;
	return out->data[i] == '|';
}

/* Does the span hold a table's delimiter row ("|---|:-:|")? */
static bool
has_delimiter(const dpa_span *s)
{
	for (const char *p = s->s, *end = s->s + s->len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n && *p == '|' && strspn(p, "|-: ") >= n)
			return true;
		p += n + 1;
	}
	return false;
}

/* Spans join with a space on a line; a row deleted next to its
 * replacement goes on a line of its own, and text after a row starts a
 * new paragraph, so a table stays a table.  In a redline, a table deleted
 * whole (its columns changed) stands apart from the one inserted. */
void
diff_put_unit(buf *out, const dpa_unit_diff *u, const dpa_marks *mk)
{
	size_t start = out->len;
	bool deleted_table = false;   /* OLD's table with its delimiter row is out */
	for (size_t i = 0; i < u->nspans; i++) {
		const dpa_span *s = &u->spans[i];
		bool mid = out->len > start && out->data[out->len - 1] != '\n';
		bool apart = mk->inner && deleted_table && s->row && s->op == DPA_INS;
		if (s->op == DPA_DEL && s->row)
			deleted_table = deleted_table || has_delimiter(s);
		else if (s->op != DPA_SAME || strspn(s->s, "\n") < s->len)
			deleted_table = false;
		if (apart)
			buf_puts(out, mid ? "\n\n" : "\n");
		else if (mid && s->row)
			buf_putc(out, '\n');
		else if (mid && s->s[0] != '\n')
			buf_putc(out, ' ');
		else if (!mid && !s->row && s->s[0] != '\n' && out->len > start + 1 &&
		    in_row(out, start) == false && after_row(out, start))
			buf_putc(out, '\n');   /* text after a table starts a paragraph */
		put_span(out, s, mk);
	}
	buf_puts(out, "\n\n");
}

/* ---- the redline ------------------------------------------------------------ */

/* The redline's own words, per language. */
typedef struct redline_words {
	const char *title, *old, *new, *ref, *version, *date, *of, *parts, *none, *legend, *details,
	    *unchanged;
} redline_words;

static const redline_words words[DPA_LANG__MAX] = {
	{ /* DPA_LANG_DA */
		"Ændringer i databehandleraftalen", "Tidligere version", "Ny version", "reference",
		"version", "dato", "af aftalens", "dele",
		"Ingen ændringer.", "Slettet tekst er overstreget, ny tekst understreget.",
		"Ændringerne i teksten", "uændret",
	},
	{ /* DPA_LANG_EN */
		"Changes to the data processing agreement", "Previous version", "New version", "reference",
		"version", "date", "of the agreement's", "parts",
		"No changes.", "Deleted text is struck through, inserted text underlined.",
		"The changes in the text", "unchanged",
	},
};

static const dpa_marks redline_marks = { DPA_DEL_ON, DPA_DEL_OFF, DPA_INS_ON, DPA_INS_OFF, true, true };

static void
put_escaped(buf *out, const char *s)
{
	md_escape_inline(out, s, strlen(s), false);
}

/* "- **Ny version:** new.yaml, reference X, version 2, dato 1. marts 2026" */
static void
put_side(buf *out, const char *label, const dpa_redline_side *side, const redline_words *w,
    const dpa_lang_strings *ls)
{
	const dpa_docmeta *m = &side->r->meta;
	buf_printf(out, "- **%s:** ", label);
	put_escaped(out, side->path);
	if (m->reference) {
		buf_printf(out, ", %s ", w->ref);
		put_escaped(out, m->reference);
	}
	if (m->version) {
		buf_printf(out, ", %s ", w->version);
		put_escaped(out, m->version);
	}
	if (m->year && m->month >= 1 && m->month <= 12)
		buf_printf(out, ", %s %d%s %s %d", w->date, m->day, ls->day_suffix, ls->months[m->month - 1],
		    m->year);
	buf_putc(out, '\n');
}

static const char *
label_of(const dpa_unit_diff *u, const dpa_lang_strings *ls)
{
	return *u->key == '(' ? ls->front : u->number && *u->number ? u->number : u->key;
}

/* The anchor of a changed unit's label: "changed-" and its key, '/' as
 * '.' and the front matter's brackets dropped ("changed-breach.2"): an id
 * of no template (they are [a-z][a-z0-9-]*), usable in a link. */
static const char *
anchor_of(arena *a, const dpa_unit_diff *u)
{
	char *id = arena_printf(a, "changed-%s", u->key), *w = id;
	for (const char *p = id; *p; p++)
		if (*p != '(' && *p != ')')
			*w++ = *p == '/' ? '.' : *p;
	*w = '\0';
	return id;
}

static void
summary(buf *out, const dpa_diff *d, const dpa_redline_side *old, const dpa_redline_side *new,
    const redline_words *w, const dpa_lang_strings *ls, arena *a)
{
	buf_printf(out, "# %s\n\n", w->title);
	put_side(out, w->old, old, w, ls);
	put_side(out, w->new, new, w, ls);
	buf_putc(out, '\n');
	size_t n[4] = { 0 };
	for (size_t i = 0; i < d->n; i++)
		n[d->units[i].state]++;
	if (!d->changed) {
		buf_printf(out, "%s\n\n", w->none);
		return;
	}
	buf_printf(out, "%zu %s, %zu %s %s %zu %s %s %zu %s.", n[DPA_UNIT_CHANGED], ls->changes[0],
	    n[DPA_UNIT_ADDED], ls->changes[1], ls->and_word, n[DPA_UNIT_REMOVED], ls->changes[2], w->of,
	    d->n - n[DPA_UNIT_REMOVED], w->parts);
	buf_printf(out, " %s\n\n", w->legend);
	for (size_t i = 0; i < d->n; i++) {
		const dpa_unit_diff *u = &d->units[i];
		if (u->state == DPA_UNIT_SAME)
			continue;
		buf_puts(out, "- [");
		put_escaped(out, label_of(u, ls));
		if (u->title && u->kind != DPA_HEAD_SUB) {
			buf_putc(out, ' ');
			put_escaped(out, u->title);
		}
		buf_printf(out, "](#%s)", anchor_of(a, u));
		if (u->kind == DPA_HEAD_SUB && u->parent_title) {   /* "10.2 (Brud ...)" */
			buf_puts(out, " (");
			put_escaped(out, u->parent_title);
			buf_putc(out, ')');
		}
		buf_printf(out, ": %s\n", ls->changes[u->state - DPA_UNIT_CHANGED]);
	}
	buf_puts(out, "\n");
}

static uint32_t
line_of(const buf *out)
{
	uint32_t n = 1;
	for (size_t i = 0; i < out->len; i++)
		n += out->data[i] == '\n';
	return n;
}

static void
details(buf *out, const dpa_diff *d, const redline_words *w, const dpa_lang_strings *ls,
    dpa_rendered *r)
{
	buf_printf(out, "---\n\n## %s\n\n", w->details);
	r->index = arena_alloc(&r->mem, (d->n + 1) * sizeof *r->index);
	for (size_t i = 0; i < d->n;) {
		const dpa_unit_diff *u = &d->units[i];
		if (u->state == DPA_UNIT_SAME) {
			size_t j = diff_same_run(d, i);
			buf_puts(out, "*");
			put_escaped(out, label_of(u, ls));
			if (j > i) {
				buf_puts(out, " – ");
				put_escaped(out, label_of(&d->units[j], ls));
			}
			buf_printf(out, ": %s*\n\n", w->unchanged);
			i = j + 1;
			continue;
		}
		/* The label is the unit's anchor: a paragraph, so a sub-clause
		 * has one as a clause does. */
		r->index[r->nindex++] = (dpa_heading){ DPA_HEAD_SUB, anchor_of(&r->mem, u),
			arena_strdup(&r->mem, u->number ? u->number : ""), NULL, -1, line_of(out) };
		buf_puts(out, "*");
		put_escaped(out, label_of(u, ls));
		buf_printf(out, ": %s*\n\n", ls->changes[u->state - DPA_UNIT_CHANGED]);
		diff_put_unit(out, u, &redline_marks);
		i++;
	}
}

static const char *
dup_or_null(arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

void
redline_build(const dpa_diff *d, const dpa_redline_side *old, const dpa_redline_side *new,
    dpa_rendered *out)
{
	memset(out, 0, sizeof *out);
	out->lang = new->r->lang;
	const dpa_docmeta *m = &new->r->meta;
	out->meta = (dpa_docmeta){ dup_or_null(&out->mem, m->controller),
		dup_or_null(&out->mem, m->processor), dup_or_null(&out->mem, m->reference),
		dup_or_null(&out->mem, m->version), NULL, m->year, m->month, m->day };
	const redline_words *w = &words[out->lang < DPA_LANG__MAX ? out->lang : DPA_LANG_DA];
	const dpa_lang_strings *ls = lang_strings(out->lang);
	summary(&out->md, d, old, new, w, ls, &out->mem);
	if (d->changed)
		details(&out->md, d, w, ls, out);
	else
		out->index = arena_alloc(&out->mem, sizeof *out->index);
}

/* The changed unit a link's target (without '#') names, or NULL. */
static const dpa_unit_diff *
unit_named(const dpa_diff *d, const char *id)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->units[i].state != DPA_UNIT_SAME && strcmp(d->units[i].key, id) == 0)
			return &d->units[i];
	return NULL;
}

void
redline_links(cmark_node *root, const dpa_diff *d)
{
	cmark_node **dead = NULL;
	size_t n = 0, cap = 0;
	arena a = {0};
	cmark_iter *it = cmark_iter_new(root);
	for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
		cmark_node *x = cmark_iter_get_node(it);
		const char *url = ev == CMARK_EVENT_ENTER && cmark_node_get_type(x) == CMARK_NODE_LINK ?
		    cmark_node_get_url(x) : NULL;
		if (!url || url[0] != '#' || strncmp(url, "#changed-", 9) == 0)
			continue;
		const dpa_unit_diff *u = unit_named(d, url + 1);
		if (u) {
			cmark_node_set_url(x, arena_printf(&a, "#%s", anchor_of(&a, u)));
			continue;
		}
		if (n == cap && !(dead = realloc(dead, (cap = cap ? 2 * cap : 16) * sizeof *dead)))
			dpa_oom();
		dead[n++] = x;
	}
	cmark_iter_free(it);
	/* After the walk: a link gives way to its text. */
	for (size_t i = 0; i < n; i++) {
		for (cmark_node *c; (c = cmark_node_first_child(dead[i])) != NULL;)
			cmark_node_insert_before(dead[i], c);
		cmark_node_free(dead[i]);
	}
	free(dead);
	arena_free(&a);
}
