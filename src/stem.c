/* stem.c - words and their Snowball stems (libstemmer), da and en. */
#include "stem.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

struct stem_ctx {
	struct sb_stemmer *da, *en;
};

stem_ctx *
stem_new(void)
{
	stem_ctx *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->da = sb_stemmer_new("danish", "UTF_8");
	c->en = sb_stemmer_new("english", "UTF_8");
	if (!c->da || !c->en) {
		stem_free(c);
		return NULL;
	}
	return c;
}

void
stem_free(stem_ctx *c)
{
	if (!c)
		return;
	if (c->da)
		sb_stemmer_delete(c->da);
	if (c->en)
		sb_stemmer_delete(c->en);
	free(c);
}

void
stem_words_free(stem_words *w)
{
	free(w->v);
	free(w->pool);
	memset(w, 0, sizeof *w);
}

static int
pool_put(stem_words *w, const char *s, size_t n, size_t *off)
{
	if (w->pool_len + n + 1 > w->pool_cap) {
		size_t cap = w->pool_cap ? w->pool_cap * 2 : 256;
		while (cap < w->pool_len + n + 1)
			cap *= 2;
		char *p = realloc(w->pool, cap);
		if (!p)
			return -1;
		w->pool = p;
		w->pool_cap = cap;
	}
	*off = w->pool_len;
	memcpy(w->pool + w->pool_len, s, n);
	w->pool[w->pool_len + n] = '\0';
	w->pool_len += n + 1;
	return 0;
}

/* FNV-1a: only to tell most different stems apart before strcmp. */
static unsigned
hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int
stem_into(struct sb_stemmer *st, const char *lower, size_t n, stem_words *w, size_t *off,
    unsigned *h)
{
	const sb_symbol *r = sb_stemmer_stem(st, (const sb_symbol *)lower, (int)n);
	if (!r || pool_put(w, (const char *)r, (size_t)sb_stemmer_length(st), off) != 0)
		return -1;
	*h = hash(w->pool + *off);
	return 0;
}

static bool
is_word_cp(utf8proc_int32_t cp)
{
	utf8proc_category_t k = utf8proc_category(cp);
	return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
	    (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO) || k == UTF8PROC_CATEGORY_MN;
}

/* Length of the code point at s (1 for a bad byte), its value in *cp. */
static size_t
next_cp(const char *s, size_t left, utf8proc_int32_t *cp)
{
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)left, cp);
	if (k <= 0) {
		*cp = -1;
		return 1;
	}
	return (size_t)k;
}

/* One word at text[i..]: its end, with a number's inner "/", "." and "-". */
static size_t
word_end(const char *text, size_t len, size_t i)
{
	bool digit_before = false;
	while (i < len) {
		utf8proc_int32_t cp;
		size_t k = next_cp(text + i, len - i, &cp);
		if (cp >= 0 && is_word_cp(cp)) {
			digit_before = cp >= '0' && cp <= '9';
			i += k;
		} else if (digit_before && (cp == '/' || cp == '.' || cp == '-') && i + 1 < len &&
		    text[i + 1] >= '0' && text[i + 1] <= '9') {
			i += k;
		} else {
			break;
		}
	}
	return i;
}

static int
add_word(stem_ctx *c, const char *text, size_t start, size_t end, stem_words *out, char *lower,
    size_t cap)
{
	size_t n = 0;
	for (size_t i = start; i < end;) {
		utf8proc_int32_t cp;
		i += next_cp(text + i, end - i, &cp);
		if (cp < 0)
			continue;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_tolower(cp), enc);
		if (n + (size_t)k >= cap)
			break;
		memcpy(lower + n, enc, (size_t)k);
		n += (size_t)k;
	}
	if (out->n == out->cap) {
		size_t ncap = out->cap ? out->cap * 2 : 32;
		stem_word *v = realloc(out->v, ncap * sizeof *v);
		if (!v)
			return -1;
		out->v = v;
		out->cap = ncap;
	}
	stem_word *w = &out->v[out->n];
	w->off = start;
	w->len = end - start;
	if (stem_into(c->da, lower, n, out, &w->da, &w->hda) != 0 ||
	    stem_into(c->en, lower, n, out, &w->en, &w->hen) != 0)
		return -1;
	out->n++;
	return 0;
}

int
stem_text(stem_ctx *c, const char *text, size_t len, stem_words *out)
{
	char lower[256];
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		size_t k = next_cp(text + i, len - i, &cp);
		if (cp < 0 || !is_word_cp(cp)) {
			i += k;
			continue;
		}
		size_t end = word_end(text, len, i);
		if (add_word(c, text, i, end, out, lower, sizeof lower) != 0)
			return -1;
		i = end;
	}
	return 0;
}

static bool
same_word(const stem_words *a, const stem_word *x, const stem_words *b, const stem_word *y)
{
	return (x->hda == y->hda && strcmp(a->pool + x->da, b->pool + y->da) == 0) ||
	    (x->hen == y->hen && strcmp(a->pool + x->en, b->pool + y->en) == 0);
}

/* Does the phrase match from text word i on? */
static bool
match_from(const stem_words *text, size_t i, const stem_words *p, size_t gap)
{
	size_t at = i;
	for (size_t j = 1; j < p->n; j++) {
		size_t k = at + 1, last = at + 1 + gap;
		while (k < text->n && k <= last && !same_word(text, &text->v[k], p, &p->v[j]))
			k++;
		if (k >= text->n || k > last)
			return false;
		at = k;
	}
	return true;
}

bool
stem_find(const stem_words *text, const stem_words *phrase, size_t gap, size_t *at)
{
	if (!phrase->n)
		return false;
	for (size_t i = 0; i < text->n; i++)
		if (same_word(text, &text->v[i], phrase, &phrase->v[0]) && match_from(text, i, phrase, gap)) {
			if (at)
				*at = i;
			return true;
		}
	return false;
}
