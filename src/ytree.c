/* ytree.c - compose a located tree from libyaml events, with limits. */
#include "ytree.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <yaml.h>

#include "textguard.h"

typedef struct frame {
	ynode *node;
	ynode **kids;
	size_t n, cap;
	char *anchor;
} frame;

typedef struct anchor_ent {
	char *name;
	ynode *node;
} anchor_ent;

typedef struct composer {
	arena *a;
	dpa_diags *d;
	const char *file;
	const char *data;
	size_t len;
	uint32_t line, col;        /* fixed line and column base, or 0 */
	frame stack[YT_MAX_DEPTH + 1];
	size_t depth;
	anchor_ent *anchors;
	size_t nanchors;
	size_t total;              /* nodes, counting alias expansions */
	size_t alias_bytes;        /* text that aliases repeat */
	ynode *root;
	int docs;
} composer;

static dpa_loc
mark_loc(const composer *c, yaml_mark_t m)
{
	dpa_loc l = { c->file, (uint32_t)m.line + 1, (uint32_t)m.column + 1 };
	if (c->line) {
		l.line = c->line;
		l.col = c->col + (uint32_t)m.column;
	}
	return l;
}

/* libyaml's reader errors carry only a byte offset. */
static dpa_loc
offset_loc(const composer *c, size_t off)
{
	uint32_t line = 1, col = 1;
	for (size_t i = 0; i < off && c->data[i]; i++) {
		unsigned char ch = (unsigned char)c->data[i];
		if (ch == '\n') {
			line++;
			col = 1;
		} else if ((ch & 0xC0) != 0x80) {
			col++;
		}
	}
	dpa_loc l = { c->file, line, col };
	if (c->line) {
		l.line = c->line;
		l.col = c->col + col - 1;
	}
	return l;
}

/* ---- syntax errors: the line, a caret, and the fix ------------------- */

/* Bytes [*start, *end) of 0-based line n of the text. */
static bool
find_line(const composer *c, size_t n, size_t *start, size_t *end)
{
	size_t i = 0;
	for (size_t l = 0; l < n; l++) {
		const char *nl = memchr(c->data + i, '\n', c->len - i);
		if (!nl)
			return false;
		i = (size_t)(nl - c->data) + 1;
	}
	const char *nl = memchr(c->data + i, '\n', c->len - i);
	*start = i;
	*end = nl ? (size_t)(nl - c->data) : c->len;
	if (*end > *start && c->data[*end - 1] == '\r')
		(*end)--;
	return true;
}

/* The line shown under a message: characters that are not drawn, or
 * reorder what is (textguard), and bytes that are not UTF-8 become '?',
 * a tab one space, so the caret below keeps its column.  A long line is
 * cut to SHOW characters around col. */
enum { SHOW = 100 };

static void
show_line(const composer *c, size_t start, size_t end, uint32_t col, buf *out)
{
	uint32_t from = col > SHOW - 20 ? col - (SHOW - 20) : 0, ch = 0;
	if (from)
		buf_puts(out, "...");
	for (size_t i = start; i < end && ch < from + SHOW; ch++) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)c->data + i,
		    (utf8proc_ssize_t)(end - i), &cp);
		bool shown = n > 0 && cp != '\t' && textguard_class((uint32_t)cp) == TG_OK;
		if (ch >= from) {
			if (shown)
				buf_put(out, c->data + i, (size_t)n);
			else
				buf_puts(out, cp == '\t' && n > 0 ? " " : "?");
		}
		i += n > 0 ? (size_t)n : 1;
	}
	buf_puts(out, "\n");
	for (uint32_t i = from ? from - 3 : 0; i < col; i++)
		buf_puts(out, " ");
	buf_puts(out, "^");
}

/* `key: "value"` from a line `key: value` (quoting what follows the
 * first ": "), for a hint; false when the line has no such shape. */
static bool
quoted_example(const char *line, size_t len, buf *out)
{
	size_t lead = 0;
	while (lead < len && (line[lead] == ' ' || line[lead] == '-' || line[lead] == '\t'))
		lead++;
	const char *colon = NULL;
	for (size_t i = lead; i + 1 < len && !colon; i++)
		if (line[i] == ':' && line[i + 1] == ' ')
			colon = line + i;
	if (!colon || len - lead > 80)
		return false;
	const char *v = colon + 2, *e = line + len;
	while (v < e && *v == ' ')
		v++;
	while (e > v && e[-1] == ' ')
		e--;
	/* Double quotes, unless the value holds one: then single quotes, in
	 * which a single quote is written twice. */
	char q = memchr(v, '"', (size_t)(e - v)) ? '\'' : '"';
	buf_printf(out, "%.*s: %c", (int)(colon - line - lead), line + lead, q);
	for (const char *p = v; p < e; p++) {
		if (*p == q)
			buf_putc(out, q);
		buf_putc(out, *p);
	}
	buf_putc(out, q);
	return true;
}

/* What went wrong in words a config's author can act on, for the common
 * mistakes; NULL leaves libyaml's own words.  *mark is where to point. */
static const char *
syntax_hint(const composer *c, const yaml_parser_t *p, yaml_mark_t *mark, buf *ex)
{
	size_t s, e;
	const char *problem = p->problem ? p->problem : "";
	if (strstr(problem, "unknown escape"))
		return "a backslash in double quotes starts an escape such as \\n: write \\\\ for "
		       "a backslash, or put the value in single quotes";
	if (p->context && strstr(p->context, "quoted scalar") && strstr(problem, "end of stream")) {
		*mark = p->context_mark;
		return "the quote that opens this value is never closed: end the value with the "
		       "same quote character, on the line where it starts";
	}
	if (!find_line(c, p->problem_mark.line, &s, &e))
		return NULL;
	const char *line = c->data + s;
	size_t ind = 0;
	while (s + ind < e && (line[ind] == ' ' || line[ind] == '\t'))
		ind++;
	const char *tab = memchr(line, '\t', ind);
	if (tab) {
		mark->column = (size_t)(tab - line);
		return "a tab in the indentation: YAML indents with spaces only; replace the tab "
		       "with spaces";
	}
	if (strstr(problem, "mapping values are not allowed")) {
		/* The line's own key: it is indented under a key that has a value. */
		const char *colon = strstr(line + ind, ": ");
		if (!colon || colon >= line + (e - s) || (size_t)(colon - line) >= p->problem_mark.column)
			return "this key is indented more than the key on the line above, which "
			       "already has a value: line it up with the keys it belongs with";
		if (!c->line && quoted_example(line, e - s, ex))
			return "a value that holds \": \" must be quoted";
		return "a \": \" inside a value: put the value in quotes";
	}
	/* libyaml counts a lone \r as a line break, find_line() does not: its
	 * column may lie past the end of the line found. */
	size_t col = p->problem_mark.column, i = col < e - s ? col : e - s;
	while (i > 0 && line[i - 1] == ' ')
		i--;
	if (i > 0 && i <= e - s && (line[i - 1] == '"' || line[i - 1] == '\'') && col < e - s &&
	    (strstr(problem, "expected key") || strstr(problem, "expected <block end>"))) {
		/* No opening quote before it on this line: it closes a value
		 * that began on an earlier line, whose quote was never closed. */
		if (!memchr(line, line[i - 1], i - 1))
			return "this quote closes a value that starts on an earlier line: a quote "
			       "above is never closed";
		if (!c->line)
			quoted_example(line, e - s, ex);
		return "text after the closing quote: quote the whole value";
	}
	return NULL;
}

static void
report_parser_error(composer *c, yaml_parser_t *p)
{
	if (p->error == YAML_MEMORY_ERROR)
		dpa_oom();
	if (p->error == YAML_READER_ERROR) {
		const char *what = p->problem ? p->problem : "unreadable input";
		if (p->problem_value != -1 && strstr(what, "control"))
			diag_add(c->d, DPA_SEV_ERROR, offset_loc(c, p->problem_offset), NULL,
			    "%s (byte 0x%02X); the file must be UTF-8 text", what, (unsigned)p->problem_value);
		else
			diag_add(c->d, DPA_SEV_ERROR, offset_loc(c, p->problem_offset), NULL,
			    "%s; the file must be UTF-8 text", what);
		return;
	}
	yaml_mark_t mark = p->problem_mark;
	buf msg = {0}, ex = {0};
	const char *hint = syntax_hint(c, p, &mark, &ex);
	if (hint) {
		buf_printf(&msg, "YAML syntax error: %s", hint);
		if (ex.len)
			buf_printf(&msg, ", e.g. %s", ex.data);
	} else if (p->context) {
		dpa_loc ctx = mark_loc(c, p->context_mark);
		buf_printf(&msg, "YAML syntax error: %s (%s that starts at %u:%u)",
		    p->problem ? p->problem : "invalid YAML", p->context, ctx.line, ctx.col);
	} else {
		buf_printf(&msg, "YAML syntax error: %s", p->problem ? p->problem : "invalid YAML");
	}
	/* The offending line with a caret, for a file (not a --set value,
	 * whose text is on the command line). */
	diag_add(c->d, DPA_SEV_ERROR, mark_loc(c, mark), NULL, "%s", msg.data);
	size_t s, e;
	buf line = {0};
	if (!c->line && find_line(c, mark.line, &s, &e)) {
		show_line(c, s, e, (uint32_t)mark.column, &line);
		diag_excerpt(c->d, line.data);
	}
	buf_free(&line);
	buf_free(&msg);
	buf_free(&ex);
}

static int
cmp_key(const void *pa, const void *pb)
{
	const ynode *a = *(ynode *const *)pa, *b = *(ynode *const *)pb;
	int c = strcmp(a->s, b->s);
	if (c)
		return c;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	return a->loc.col < b->loc.col ? -1 : a->loc.col > b->loc.col;
}

/* Keys must be scalars and unique; sorting finds duplicates in n log n.
 * Returns the number of keys that are not scalars. */
static size_t
check_keys(composer *c, ynode *map)
{
	ynode **keys = xmalloc(map->n * sizeof *keys + 1);
	size_t nk = 0;
	for (size_t i = 0; i < map->n; i++) {
		ynode *k = map->items[2 * i];
		if (k->kind != Y_SCALAR) {
			diag_add(c->d, DPA_SEV_ERROR, k->loc, NULL, "a key must be a plain name, not a %s",
			    k->kind == Y_MAP ? "map" : "list");
			continue;
		}
		keys[nk++] = k;
	}
	qsort(keys, nk, sizeof *keys, cmp_key);
	for (size_t i = 1; i < nk; i++)
		if (strcmp(keys[i - 1]->s, keys[i]->s) == 0) {
			diag_add(c->d, DPA_SEV_ERROR, keys[i]->loc, NULL,
			    "duplicate key \"%s\" (first at line %u, column %u)", keys[i]->s,
			    keys[i - 1]->loc.line, keys[i - 1]->loc.col);
		}
	free(keys);
	return map->n - nk;
}

static void
remember_anchor(composer *c, const char *name, ynode *n)
{
	c->anchors = xrealloc(c->anchors, (c->nanchors + 1) * sizeof *c->anchors);
	c->anchors[c->nanchors].name = xstrdup(name);
	c->anchors[c->nanchors].node = n;
	c->nanchors++;
}

static ynode *
find_anchor(const composer *c, const char *name)
{
	for (size_t i = c->nanchors; i-- > 0;)   /* latest definition wins */
		if (strcmp(c->anchors[i].name, name) == 0)
			return c->anchors[i].node;
	return NULL;
}

/* Hand a finished node to its parent (or make it the root). */
static void
attach(composer *c, ynode *n)
{
	if (c->depth == 0) {
		c->root = n;
		return;
	}
	frame *f = &c->stack[c->depth - 1];
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->kids = xrealloc(f->kids, f->cap * sizeof *f->kids);
	}
	f->kids[f->n++] = n;
}

static int
count_node(composer *c, size_t weight, yaml_mark_t m)
{
	c->total += weight;
	if (c->total > YT_MAX_NODES) {
		diag_add(c->d, DPA_SEV_ERROR, mark_loc(c, m), NULL,
		    "the document has more than %d nodes (limit; aliases count every time they are used)",
		    YT_MAX_NODES);
		return -1;
	}
	return 0;
}

/* Does a "#" comment follow mark on its line?  For an empty value, that
 * is "name: #1 Dental": the author meant text, YAML read a comment. */
static bool
comment_follows(const composer *c, yaml_mark_t m)
{
	size_t s, e;
	if (c->line || !find_line(c, m.line, &s, &e))
		return false;
	for (size_t ch = 0; s < e && ch < m.column; ch++)
		s += (size_t)utf8proc_utf8class[(unsigned char)c->data[s]] > 0 ?
		    (size_t)utf8proc_utf8class[(unsigned char)c->data[s]] : 1;
	while (s < e && (c->data[s] == ' ' || c->data[s] == '\t'))
		s++;
	return s < e && c->data[s] == '#';
}

static int
on_scalar(composer *c, yaml_event_t *ev)
{
	if (ev->data.scalar.length > YT_MAX_SCALAR) {
		diag_add(c->d, DPA_SEV_ERROR, mark_loc(c, ev->start_mark), NULL,
		    "value is %zu bytes, more than the %d KiB limit", ev->data.scalar.length,
		    YT_MAX_SCALAR / 1024);
		return -1;
	}
	if (count_node(c, 1, ev->start_mark))
		return -1;
	ynode *n = arena_alloc(c->a, sizeof *n);
	n->kind = Y_SCALAR;
	n->loc = mark_loc(c, ev->start_mark);
	n->s = arena_strndup(c->a, (const char *)ev->data.scalar.value, ev->data.scalar.length);
	n->len = ev->data.scalar.length;
	n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
	n->weight = 1;
	n->hash_comment = !n->quoted && n->len == 0 && comment_follows(c, ev->end_mark);
	if (strlen(n->s) != n->len) {
		diag_add(c->d, DPA_SEV_ERROR, n->loc, NULL, "value contains a NUL character");
		return -1;
	}
	/* libyaml refuses control characters in the file but makes them from
	 * escapes ("\e", "\x07", "\u0085"); in a value they would reach the
	 * terminal (preview) and the HTML as they are.  A CR ("\r") too: in
	 * Markdown it ends a line, which the engine's line count would miss. */
	for (size_t i = 0; i < n->len; i++) {
		unsigned char ch = (unsigned char)n->s[i], next = (unsigned char)n->s[i + 1];
		/* C0 and DEL are single bytes; C1 is 0xC2 0x80-0x9F. */
		unsigned cp = ch == 0xC2 && next >= 0x80 && next <= 0x9F ? next : ch < 0x80 ? ch : 0xFFFF;
		if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F)) {
			diag_add(c->d, DPA_SEV_ERROR, n->loc, NULL,
			    "value contains the control character U+%04X; a config holds text", cp);
			return -1;
		}
	}
	if (ev->data.scalar.anchor)
		remember_anchor(c, (const char *)ev->data.scalar.anchor, n);
	attach(c, n);
	return 0;
}

static int
on_start(composer *c, yaml_event_t *ev, ykind kind, const yaml_char_t *anchor)
{
	if (c->depth >= YT_MAX_DEPTH) {
		diag_add(c->d, DPA_SEV_ERROR, mark_loc(c, ev->start_mark), NULL,
		    "nesting is deeper than %d levels (limit)", YT_MAX_DEPTH);
		return -1;
	}
	if (count_node(c, 1, ev->start_mark))
		return -1;
	frame *f = &c->stack[c->depth++];
	memset(f, 0, sizeof *f);
	f->node = arena_alloc(c->a, sizeof *f->node);
	f->node->kind = kind;
	f->node->loc = mark_loc(c, ev->start_mark);
	f->anchor = anchor ? xstrdup((const char *)anchor) : NULL;
	return 0;
}

static int
on_end(composer *c)
{
	frame *f = &c->stack[--c->depth];
	ynode *n = f->node;
	n->items = arena_alloc(c->a, (f->n ? f->n : 1) * sizeof *n->items);
	if (f->n)
		memcpy(n->items, f->kids, f->n * sizeof *n->items);
	n->n = n->kind == Y_MAP ? f->n / 2 : f->n;
	n->weight = 1;
	for (size_t i = 0; i < f->n; i++)
		n->weight += n->items[i]->weight;
	free(f->kids);
	/* Duplicate keys are reported but do not stop parsing, so the rest of
	 * the file is still checked; the first occurrence wins.  A key that is
	 * a map or a list does stop it: everything after binding looks keys
	 * up by name, and such a key has none. */
	size_t bad_keys = n->kind == Y_MAP ? check_keys(c, n) : 0;
	if (f->anchor) {
		remember_anchor(c, f->anchor, n);
		free(f->anchor);
	}
	attach(c, n);
	return bad_keys ? -1 : 0;
}

/* Bytes of text in the values and keys below n. */
static size_t
text_bytes(const ynode *n)
{
	if (n->kind == Y_SCALAR)
		return n->len;
	size_t sum = 0, k = n->kind == Y_MAP ? 2 * n->n : n->n;
	for (size_t i = 0; i < k; i++)
		sum += text_bytes(n->items[i]);
	return sum;
}

static int
on_alias(composer *c, yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	ynode *n = find_anchor(c, name);
	if (!n) {
		diag_add(c->d, DPA_SEV_ERROR, mark_loc(c, ev->start_mark), NULL,
		    "alias *%s has no finished anchor &%s before it (an alias may not refer to a node that contains it)",
		    name, name);
		return -1;
	}
	if (count_node(c, n->weight, ev->start_mark))
		return -1;
	/* The node limit alone lets 200 aliases of one 64 KiB value make
	 * 12 MiB of text from a 70 KiB file; repeated text may not exceed
	 * what a file may hold.  The walk is bounded by the node count. */
	c->alias_bytes += text_bytes(n);
	if (c->alias_bytes > YT_MAX_FILE) {
		diag_add(c->d, DPA_SEV_ERROR, mark_loc(c, ev->start_mark), NULL,
		    "aliases repeat more than %d MiB of text (limit, as for a whole file)",
		    YT_MAX_FILE / (1024 * 1024));
		return -1;
	}
	attach(c, n);
	return 0;
}

static int
on_event(composer *c, yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++c->docs > 1) {
			diag_add(c->d, DPA_SEV_ERROR, mark_loc(c, ev->start_mark), NULL,
			    "a second YAML document starts here; a config holds exactly one");
			return -1;
		}
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(c, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(c, ev, Y_SEQ, ev->data.sequence_start.anchor);
	case YAML_MAPPING_START_EVENT:
		return on_start(c, ev, Y_MAP, ev->data.mapping_start.anchor);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(c);
	case YAML_ALIAS_EVENT:
		return on_alias(c, ev);
	default:
		return 0;
	}
}

int
ytree_parse_at(arena *a, const char *file, uint32_t line, uint32_t col,
    const char *data, size_t len, dpa_diags *d, ynode **root)
{
	composer c = { .a = a, .d = d, .file = file, .data = data, .len = len, .line = line,
		.col = col };
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		dpa_oom();
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	int rc = 0;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			report_parser_error(&c, &p);
			rc = -1;
			break;
		}
		yaml_event_type_t t = ev.type;
		rc = on_event(&c, &ev);
		yaml_event_delete(&ev);
		if (rc || t == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&p);
	while (c.depth > 0) {
		frame *f = &c.stack[--c.depth];
		free(f->kids);
		free(f->anchor);
	}
	for (size_t i = 0; i < c.nanchors; i++)
		free(c.anchors[i].name);
	free(c.anchors);
	*root = rc ? NULL : c.root;
	return rc;
}

int
ytree_parse(arena *a, const char *file, const char *data, size_t len, dpa_diags *d, ynode **root)
{
	return ytree_parse_at(a, file, 0, 0, data, len, d, root);
}

bool
ytree_is_null(const ynode *n)
{
	if (!n)
		return true;
	if (n->kind != Y_SCALAR || n->quoted)
		return false;
	return n->len == 0 || strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0 ||
	    strcmp(n->s, "Null") == 0 || strcmp(n->s, "NULL") == 0;
}

ynode *
ytree_get(const ynode *map, const char *key)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++) {
		const ynode *k = map->items[2 * i];
		if (k->kind == Y_SCALAR && strcmp(k->s, key) == 0)
			return map->items[2 * i + 1];
	}
	return NULL;
}

static ynode *
new_map(arena *a, dpa_loc loc, size_t cap)
{
	ynode *m = arena_alloc(a, sizeof *m);
	m->kind = Y_MAP;
	m->loc = loc;
	m->items = arena_alloc(a, (2 * cap + 1) * sizeof *m->items);
	m->weight = 1;
	return m;
}

static void
map_push(ynode *m, ynode *k, ynode *v)
{
	m->items[2 * m->n] = k;
	m->items[2 * m->n + 1] = v;
	m->n++;
	m->weight += k->weight + v->weight;
}

ynode *
ytree_merge(arena *a, ynode *base, ynode *over)
{
	if (!base)
		return over;
	if (!over)
		return base;
	if (base->kind != Y_MAP || over->kind != Y_MAP)
		return over;
	ynode *m = new_map(a, over->loc, base->n + over->n);
	for (size_t i = 0; i < base->n; i++) {
		ynode *k = base->items[2 * i], *v = base->items[2 * i + 1];
		ynode *ov = k->kind == Y_SCALAR ? ytree_get(over, k->s) : NULL;
		if (ov && ytree_is_null(ov))
			continue;
		map_push(m, k, ov ? ytree_merge(a, v, ov) : v);
	}
	for (size_t i = 0; i < over->n; i++) {
		ynode *k = over->items[2 * i], *v = over->items[2 * i + 1];
		if (k->kind == Y_SCALAR && ytree_get(base, k->s))
			continue;
		map_push(m, k, v);
	}
	return m;
}

ynode *
ytree_without(arena *a, ynode *map, const char *key)
{
	if (!map || map->kind != Y_MAP || !ytree_get(map, key))
		return map;
	ynode *m = new_map(a, map->loc, map->n);
	for (size_t i = 0; i < map->n; i++) {
		ynode *k = map->items[2 * i];
		if (k->kind == Y_SCALAR && strcmp(k->s, key) == 0)
			continue;
		map_push(m, k, map->items[2 * i + 1]);
	}
	return m;
}

static bool
is_index(const char *s, size_t len, size_t *out)
{
	if (len == 0 || len > 6)
		return false;
	size_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (size_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

/* Copy-on-write update: nodes on the path are copied, the rest shared, so
 * a base tree shared between batch customers is never changed. */
static ynode *
set_in(arena *a, ynode *cur, const char *path, ynode *value, const char **why)
{
	const char *dot = strchr(path, '.');
	size_t len = dot ? (size_t)(dot - path) : strlen(path);
	const char *rest = dot ? dot + 1 : NULL;
	if (len == 0) {
		*why = "empty name in the path";
		return NULL;
	}
	size_t idx = 0;
	/* "list.0" where there is no list yet starts one. */
	if ((!cur || ytree_is_null(cur)) && is_index(path, len, &idx)) {
		cur = arena_alloc(a, sizeof *cur);
		cur->kind = Y_SEQ;
		cur->loc = value->loc;
		cur->weight = 1;
	}
	if (cur && cur->kind == Y_SEQ) {
		if (!is_index(path, len, &idx) || idx > cur->n) {
			*why = idx > cur->n ? "list index is past the end of the list" :
			    "a list needs a number (0, 1, ...) in the path";
			return NULL;
		}
		ynode *s = arena_alloc(a, sizeof *s);
		*s = *cur;
		s->n = idx == cur->n ? cur->n + 1 : cur->n;
		s->items = arena_alloc(a, s->n * sizeof *s->items);
		if (cur->n)   /* a list just started has no items to copy */
			memcpy(s->items, cur->items, cur->n * sizeof *s->items);
		ynode *old = idx < cur->n ? cur->items[idx] : NULL;
		ynode *nv = rest ? set_in(a, old, rest, value, why) : value;
		if (!nv)
			return NULL;
		s->items[idx] = nv;
		return s;
	}
	if (cur && cur->kind == Y_SCALAR && !ytree_is_null(cur)) {
		*why = "the path goes through a value that is not a map";
		return NULL;
	}
	if (!cur || cur->kind != Y_MAP)
		cur = new_map(a, value->loc, 0);
	char *key = arena_strndup(a, path, len);
	ynode *m = new_map(a, cur->loc, cur->n + 1);
	bool done = false;
	for (size_t i = 0; i < cur->n; i++) {
		ynode *k = cur->items[2 * i], *v = cur->items[2 * i + 1];
		if (k->kind == Y_SCALAR && strcmp(k->s, key) == 0) {
			v = rest ? set_in(a, v, rest, value, why) : value;
			if (!v)
				return NULL;
			done = true;
		}
		map_push(m, k, v);
	}
	if (!done) {
		ynode *k = arena_alloc(a, sizeof *k);
		k->kind = Y_SCALAR;
		k->loc = value->loc;
		k->s = key;
		k->len = len;
		k->weight = 1;
		ynode *v = rest ? set_in(a, NULL, rest, value, why) : value;
		if (!v)
			return NULL;
		map_push(m, k, v);
	}
	return m;
}

/* "list[0].name" as messages print paths, into "list.0.name"; anything
 * else is left for set_in to refuse. */
const char *
ytree_dotted_path(arena *a, const char *path)
{
	if (!strchr(path, '['))
		return path;
	buf b = {0};
	for (const char *p = path; *p; p++) {
		size_t n = *p == '[' ? strspn(p + 1, "0123456789") : 0;
		if (n && p[n + 1] == ']' && (p[n + 2] == '.' || p[n + 2] == '[' || !p[n + 2])) {
			if (p > path)
				buf_putc(&b, '.');
			buf_put(&b, p + 1, n);
			p += n + 1;
		} else {
			buf_putc(&b, *p);
		}
	}
	const char *out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

ynode *
ytree_set(arena *a, ynode *root, const char *path, ynode *value, const char **why)
{
	*why = NULL;
	return set_in(a, root, ytree_dotted_path(a, path), value, why);
}

static void
canon_str(const char *s, size_t len, buf *out)
{
	static const char hex[] = "0123456789abcdef";
	buf_putc(out, '"');
	size_t run = 0;   /* start of the bytes that need no escape */
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		buf_put(out, s + run, i - run);
		run = i + 1;
		if (ch >= 0x20) {
			char esc[2] = { '\\', (char)ch };
			buf_put(out, esc, 2);
		} else {
			char esc[6] = { '\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15] };
			buf_put(out, esc, 6);
		}
	}
	buf_put(out, s + run, len - run);
	buf_putc(out, '"');
}

static int
cmp_pair(const void *pa, const void *pb)
{
	ynode *const *a = pa, *const *b = pb;
	return strcmp(a[0]->s, b[0]->s);
}

void
ytree_canon(const ynode *n, buf *out)
{
	if (!n || ytree_is_null(n)) {
		buf_puts(out, "null");
		return;
	}
	if (n->kind == Y_SCALAR) {
		canon_str(n->s, n->len, out);
		return;
	}
	if (n->kind == Y_SEQ) {
		buf_putc(out, '[');
		for (size_t i = 0; i < n->n; i++) {
			if (i)
				buf_putc(out, ',');
			ytree_canon(n->items[i], out);
		}
		buf_putc(out, ']');
		return;
	}
	ynode **pairs = xmalloc(2 * n->n * sizeof *pairs + 1);
	memcpy(pairs, n->items, 2 * n->n * sizeof *pairs);
	qsort(pairs, n->n, 2 * sizeof *pairs, cmp_pair);
	buf_putc(out, '{');
	for (size_t i = 0; i < n->n; i++) {
		if (i)
			buf_putc(out, ',');
		canon_str(pairs[2 * i]->s, pairs[2 * i]->len, out);
		buf_putc(out, ':');
		ytree_canon(pairs[2 * i + 1], out);
	}
	buf_putc(out, '}');
	free(pairs);
}

const ynode *
ytree_find_text(const ynode *n, const char *needle, buf *path)
{
	if (!n)
		return NULL;
	if (n->kind == Y_SCALAR)
		return n->s && strstr(n->s, needle) ? n : NULL;
	size_t mark = path->len;
	for (size_t i = 0; i < n->n; i += n->kind == Y_MAP ? 2 : 1) {
		const ynode *key = n->kind == Y_MAP ? n->items[i] : NULL;
		const ynode *v = n->kind == Y_MAP ? n->items[i + 1] : n->items[i];
		if (key && key->s && strstr(key->s, needle))
			return key;
		if (key)
			buf_printf(path, "%s%s", mark ? "." : "", key->s ? key->s : "");
		else
			buf_printf(path, "[%zu]", i);
		const ynode *hit = ytree_find_text(v, needle, path);
		if (hit)
			return hit;
		path->len = mark;
		if (path->data)
			path->data[mark] = '\0';
	}
	return NULL;
}
