/* tmpl_filters.c - Markdown escaping, formatting of values and the
 * filters of the template language (docs/templates.md). */
#include <stdio.h>
#include <string.h>

#include "country.h"
#include "tmpl_int.h"

/* ---- escaping --------------------------------------------------------- */

static bool
is_marker(const char *s, size_t i, size_t len)
{
	return i + 2 < len && (unsigned char)s[i] == 0xEE && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x80 || (unsigned char)s[i + 2] == 0x81);
}

/* A value is one line: line breaks (and tabs) read as spaces. */
static char
flat(char c)
{
	return c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
}

/* Characters that can open Markdown syntax anywhere in a line.  '#' is
 * here too because a value may start a line (a list item, a cell). */
static bool
md_special(char c)
{
	return c && strchr("\\`*_[]<>|~&#!", c) != NULL;
}

/* The bytes the escaper must look at one by one: the specials, what
 * flat() changes and the first byte of a review mark.  The rest is
 * copied in runs. */
static const bool attention[256] = {
	['\\'] = 1, ['`'] = 1, ['*'] = 1, ['_'] = 1, ['['] = 1, [']'] = 1, ['<'] = 1,
	['>'] = 1, ['|'] = 1, ['~'] = 1, ['&'] = 1, ['#'] = 1, ['!'] = 1,
	['\t'] = 1, ['\n'] = 1, ['\r'] = 1, [0xEE] = 1,
};

static bool
only(const char *s, size_t i, size_t len, const char *set)
{
	for (; i < len; i++)
		if (!strchr(set, flat(s[i])))
			return false;
	return true;
}

/* Whether the character at i starts block syntax when the text begins a
 * block: a list marker ("- ", "+ ", "1. ", "1) "), a thematic break or a
 * setext underline ("---", "==="). */
static bool
block_marker(const char *s, size_t i, size_t start, size_t dig, size_t len)
{
	bool spaced = i + 1 >= len || flat(s[i + 1]) == ' ';
	if (i == start && (s[i] == '-' || s[i] == '+'))
		return spaced || (s[i] == '-' && only(s, i, len, "- "));
	if (i == start && s[i] == '=')
		return only(s, i, len, "= ");
	return i == dig && dig > start && (s[i] == '.' || s[i] == ')') && spaced;
}

/* Escape what Markdown would read as syntax; what only matters at the
 * start of a block only when the text starts one.  Line breaks inside a
 * value become spaces: a value never starts a new block. */
void
md_escape_inline(buf *out, const char *s, size_t len, bool block_start)
{
	size_t i = 0;
	while (i < len && flat(s[i]) == ' ')
		i++;
	while (len > i && flat(s[len - 1]) == ' ')
		len--;
	size_t start = i, dig = i;
	while (dig < len && s[dig] >= '0' && s[dig] <= '9')
		dig++;
	buf_grow(out, len - i);
	while (i < len) {
		size_t run = i;
		while (run < len && !attention[(unsigned char)s[run]] &&
		    (!block_start || (run != start && run != dig)))
			run++;
		if (run > i) {
			buf_put(out, s + i, run - i);
			i = run;
			continue;
		}
		if (is_marker(s, i, len)) {
			i += 3;
			continue;
		}
		char c = flat(s[i]);
		if (md_special(c) || (block_start && block_marker(s, i, start, dig, len)))
			buf_putc(out, '\\');
		buf_putc(out, c);
		i++;
	}
}

void
md_escape_paragraphs(buf *out, const char *s, size_t len)
{
	size_t i = 0;
	bool first = true;
	while (i < len) {
		/* A paragraph ends at a blank line. */
		size_t j = i, end = len;
		while (j < len) {
			if (s[j] == '\n') {
				size_t k = j + 1;
				while (k < len && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
					k++;
				if (k >= len || s[k] == '\n') {
					end = j;
					break;
				}
			}
			j++;
		}
		size_t before = out->len;
		if (!first)
			buf_puts(out, "\n\n");
		size_t mark = out->len;
		md_escape_inline(out, s + i, end - i, true);
		if (out->len == mark) {         /* blank paragraph: drop it */
			out->len = before;
			if (out->data)
				out->data[before] = '\0';
		} else {
			first = false;
		}
		i = end;
		while (i < len && (s[i] == '\n' || s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
			i++;
	}
}

/* ---- values ----------------------------------------------------------- */

static const char *const vkind_names[V__MAX] = {
	"nothing",   /* V_NONE */
	"text",      /* V_TEXT */
	"Markdown",  /* V_MD */
	"Markdown",  /* V_BLOCK */
	"number",    /* V_INT */
	"boolean",   /* V_BOOL */
	"date",      /* V_DATE */
	"country",   /* V_COUNTRY */
	"list",      /* V_LIST */
};

const char *
vkind_name(vkind k)
{
	return k < V__MAX ? vkind_names[k] : "?";
}

static const char *
group_digits(arena *a, const dpa_lang_strings *ls, long v)
{
	char raw[32], out[48];
	snprintf(raw, sizeof raw, "%ld", v < 0 ? -v : v);
	size_t n = strlen(raw), o = 0;
	if (v < 0)
		out[o++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = ls->thousands;
		out[o++] = raw[i];
	}
	out[o] = '\0';
	return arena_strdup(a, out);
}

static void join_text(buf *out, arena *a, const dpa_lang_strings *ls, tval v, const char *last);

const char *
tval_text(arena *a, const dpa_lang_strings *ls, tval v)
{
	switch (v.k) {
	case V_TEXT: case V_MD: case V_BLOCK: case V_COUNTRY:
		return v.s;
	case V_INT:
		return arena_printf(a, "%ld", v.i);
	case V_BOOL:
		return v.i ? ls->yes : ls->no;
	case V_DATE:
		return arena_printf(a, "%04d-%02d-%02d", v.y, v.m, v.d);
	case V_LIST: {
		buf b = {0};
		join_text(&b, a, ls, v, ls->and_word);
		const char *s = arena_strndup(a, b.data ? b.data : "", b.len);
		buf_free(&b);
		return s;
	}
	default:
		return NULL;
	}
}

static void
join_text(buf *out, arena *a, const dpa_lang_strings *ls, tval v, const char *last)
{
	for (size_t i = 0; i < v.n; i++) {
		if (i)
			buf_printf(out, i + 1 == v.n ? " %s " : ", ", last);
		const char *t = tval_text(a, ls, v.items[i]);
		if (t)
			buf_puts(out, t);
	}
}

void
tval_emit(buf *out, arena *a, const dpa_lang_strings *ls, tval v, bool block_start)
{
	if (v.k == V_MD || v.k == V_BLOCK) {
		size_t len = strlen(v.s);
		for (size_t i = 0; i < len; i++) {
			if (v.k == V_MD && is_marker(v.s, i, len)) {
				i += 2;
				continue;
			}
			buf_putc(out, v.s[i]);
		}
		return;
	}
	const char *t = tval_text(a, ls, v);
	if (t)
		md_escape_inline(out, t, strlen(t), block_start);
}

/* ---- filters ---------------------------------------------------------- */

static const ttype NOT_APPLICABLE = { V__MAX, V__MAX };

/* Filters on a scalar kind map over a list of that kind. */
static ttype
map_type(ttype in, vkind from, vkind to)
{
	if (in.k == from)
		return (ttype){ to, V_NONE };
	if (in.k == V_LIST && in.elem == from)
		return (ttype){ V_LIST, to };
	return NOT_APPLICABLE;
}

static tval
map_apply(arena *a, const dpa_lang_strings *ls, tval in, tval (*one)(arena *, const dpa_lang_strings *, tval))
{
	if (in.k != V_LIST)
		return in.k == V_NONE ? in : one(a, ls, in);
	tval out = in;
	out.items = arena_alloc(a, (in.n ? in.n : 1) * sizeof *out.items);
	for (size_t i = 0; i < in.n; i++)
		out.items[i] = one(a, ls, in.items[i]);
	return out;
}

static tval
date_one(arena *a, const dpa_lang_strings *ls, tval v)
{
	return (tval){ .k = V_TEXT, .s = arena_printf(a, "%d%s %s %d", v.d, ls->day_suffix, ls->months[v.m - 1], v.y) };
}

static ttype date_type(ttype in) { return map_type(in, V_DATE, V_TEXT); }
static tval
date_apply(arena *a, const dpa_lang_strings *ls, tval in, const char *const *args)
{
	(void)args;
	return map_apply(a, ls, in, date_one);
}

static tval
country_one(arena *a, const dpa_lang_strings *ls, tval v)
{
	(void)a;
	const dpa_country *c = country_find(v.s);
	return (tval){ .k = V_TEXT, .s = c ? country_name(c, ls->code) : v.s };
}

static ttype country_type(ttype in) { return map_type(in, V_COUNTRY, V_TEXT); }
static tval
country_apply(arena *a, const dpa_lang_strings *ls, tval in, const char *const *args)
{
	(void)args;
	return map_apply(a, ls, in, country_one);
}

static ttype
join_type(ttype in)
{
	return in.k == V_LIST ? (ttype){ V_TEXT, V_NONE } : NOT_APPLICABLE;
}

static tval
join_apply(arena *a, const dpa_lang_strings *ls, tval in, const char *const *args)
{
	if (in.k != V_LIST || in.n == 0)
		return (tval){ .k = V_NONE };
	buf b = {0};
	join_text(&b, a, ls, in, args[0] ? args[0] : ls->and_word);
	tval out = { .k = V_TEXT, .s = arena_strndup(a, b.data ? b.data : "", b.len) };
	buf_free(&b);
	return out;
}

static ttype
int_type(ttype in)
{
	return in.k == V_INT ? (ttype){ V_TEXT, V_NONE } : NOT_APPLICABLE;
}

static tval
number_apply(arena *a, const dpa_lang_strings *ls, tval in, const char *const *args)
{
	(void)args;
	if (in.k != V_INT)
		return in;
	return (tval){ .k = V_TEXT, .s = group_digits(a, ls, in.i) };
}

static tval
count_apply(arena *a, const dpa_lang_strings *ls, tval in, const char *const *args)
{
	if (in.k != V_INT)
		return in;
	return (tval){ .k = V_TEXT, .s = arena_printf(a, "%s %s", group_digits(a, ls, in.i),
	    in.i == 1 || in.i == -1 ? args[0] : args[1]) };
}

static ttype
default_type(ttype in)
{
	return in.k == V_LIST ? in : (ttype){ in.k == V_NONE ? V_TEXT : in.k, in.elem };
}

static tval
default_apply(arena *a, const dpa_lang_strings *ls, tval in, const char *const *args)
{
	(void)a;
	(void)ls;
	if (in.k == V_NONE || (in.k == V_LIST && in.n == 0) || (in.k == V_TEXT && !*in.s))
		return (tval){ .k = V_TEXT, .s = args[0] };
	return in;
}

static ttype
paragraphs_type(ttype in)
{
	return in.k == V_TEXT ? (ttype){ V_BLOCK, V_NONE } : NOT_APPLICABLE;
}

static tval
paragraphs_apply(arena *a, const dpa_lang_strings *ls, tval in, const char *const *args)
{
	(void)ls;
	(void)args;
	if (in.k != V_TEXT)
		return in;
	buf b = {0};
	md_escape_paragraphs(&b, in.s, strlen(in.s));
	tval out = { .k = V_BLOCK, .s = arena_strndup(a, b.data ? b.data : "", b.len) };
	buf_free(&b);
	return out;
}

static const filter_def filters[] = {
	{ "date", 0, date_type, date_apply },
	{ "country", 0, country_type, country_apply },
	{ "join", -1, join_type, join_apply },
	{ "number", 0, int_type, number_apply },
	{ "count", 2, int_type, count_apply },
	{ "default", 1, default_type, default_apply },
	{ "paragraphs", 0, paragraphs_type, paragraphs_apply },
};

const filter_def *
filter_find(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
		if (strlen(filters[i].name) == len && memcmp(filters[i].name, name, len) == 0)
			return &filters[i];
	return NULL;
}

void
filter_names(buf *out)
{
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
		buf_printf(out, "%s%s", i ? ", " : "", filters[i].name);
}
