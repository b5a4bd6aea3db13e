/* check_rules.c - the rules of `dpagen check`: one table (id, severity,
 * title, legal basis, explanation, function) and a function per rule over
 * the model.  Rules that read free text go through an index of every
 * string of the config, made once through the field tables (so no field is
 * named twice) and split in sentences that know their phrase lists; country
 * facts come from the country table only. */
#include "check.h"

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "confusable.h"
#include "country.h"
#include "doc.h"
#include "load.h"
#include "check_int.h"
#include "placeholder.h"


/* ---- findings ---------------------------------------------------------- */

void
finding(ctx *c, dpa_loc loc, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(c->d, c->rule->r.sev, c->rule->r.id, loc, path, fmt, ap);
	va_end(ap);
}

/* Where a finding about h points: at h, else (a missing value) at its
 * parent section, else at the config's root. */
dpa_loc
at(const ctx *c, const dpa_hdr *h, const dpa_hdr *parent)
{
	if (h && h->loc.file)
		return h->loc;
	if (parent && parent->loc.file)
		return parent->loc;
	return c->m->h.loc;
}

/* A table of this file that does not fit the model: a bug, caught by any
 * test run. */
static _Noreturn void internal_error(const char *fmt, ...) DPA_PRINTF(1, 2);

static _Noreturn void
internal_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("dpagen: internal error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

/* The value at a dotted path of field names ("breach.notify_hours"), its
 * field and the header of the section holding it.  The paths are in this
 * file's tables, so an unknown one is a bug caught by any test run. */
static const void *
value_at(const dpa_model *m, const char *path, const dpa_field **fout, const dpa_hdr **parent)
{
	const dpa_struct_def *def = &dpa_model_def;
	const char *obj = (const char *)m;
	const char *p = path;
	*parent = &m->h;
	for (;;) {
		size_t n = strcspn(p, ".");
		const dpa_field *f = dpa_field_find(def, p, n);
		if (!f || (p[n] && f->type != DPA_T_STRUCT))
			internal_error("no field %s in the model", path);
		obj += f->offset;
		if (!p[n]) {
			*fout = f;
			return obj;
		}
		*parent = (const dpa_hdr *)obj;
		def = f->sub;
		p += n + 1;
	}
}

/* ---- text matching ----------------------------------------------------- */

enum { W_START = 1, W_END = 2, W_BOTH = 3 };

/* A phrase in lower case; a space in it matches any run of white space or
 * hyphens.  flags ask for a word boundary before and/or after it. */
typedef struct pat {
	const char *text;
	unsigned flags;
} pat;

/* tolower() for ASCII without the locale's table look-up, per byte of
 * every scan. */
static unsigned char
ascii_lower(unsigned char b)
{
	return b >= 'A' && b <= 'Z' ? (unsigned char)(b | 0x20) : b;
}

static bool
word_byte(unsigned char b)
{
	return b >= 0x80 || isalnum(b);
}

/* Length of a run of white space, hyphens and no-break spaces at p. */
static size_t
space_run(const unsigned char *p)
{
	size_t n = 0;
	for (;;) {
		if (p[n] == ' ' || p[n] == '\t' || p[n] == '\n' || p[n] == '\r' || p[n] == '-')
			n++;
		else if (p[n] == 0xC2 && p[n + 1] == 0xA0)
			n += 2;
		else
			return n;
	}
}

/* Length of text at s matching phrase q, or 0.  ASCII and the Latin-1
 * letters (Æ, Ø, Å ...) compare without regard to case. */
static size_t
match_at(const char *s, const char *q)
{
	const unsigned char *p = (const unsigned char *)s, *w = (const unsigned char *)q;
	while (*w) {
		if (*w == ' ') {
			size_t n = space_run(p);
			if (!n)
				return 0;
			p += n;
			w++;
			continue;
		}
		unsigned char b = *p;
		if (b < 0x80)
			b = ascii_lower(b);
		else if (p > (const unsigned char *)s && p[-1] == 0xC3 && b <= 0x9E && b != 0x97)
			b += 0x20;  /* second byte of an upper-case Latin-1 letter */
		if (b != *w)
			return 0;
		p++;
		w++;
	}
	return (size_t)(p - (const unsigned char *)s);
}

/* The first match of any phrase of list in s[0..n) (n 0: to the end),
 * with its length in *len; NULL if none. */
static const char *
find_any(const char *s, size_t n, const pat *list, size_t *len)
{
	if (!n)
		n = strlen(s);
	/* The bytes a phrase can start with (phrases are lower case), so most
	 * positions are passed over with one look-up: the rules scan every
	 * sentence of the config for many lists. */
	uint64_t first[4] = {0};
	for (const pat *p = list; p->text; p++) {
		unsigned char b = (unsigned char)p->text[0];
		if (b == ' ') {
			memset(first, 0xFF, sizeof first);
			break;
		}
		first[b >> 6] |= UINT64_C(1) << (b & 63);
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char b = ascii_lower((unsigned char)s[i]);
		if (!(first[b >> 6] >> (b & 63) & 1))
			continue;
		for (const pat *p = list; p->text; p++) {
			if ((p->flags & W_START) && i && word_byte((unsigned char)s[i - 1]))
				continue;
			size_t m = match_at(s + i, p->text);
			if (!m || i + m > n)
				continue;
			if ((p->flags & W_END) && word_byte((unsigned char)s[i + m]))
				continue;
			if (len)
				*len = m;
			return s + i;
		}
	}
	return NULL;
}

static bool
has_any(const char *s, size_t n, const pat *list)
{
	return list && find_any(s, n, list, NULL) != NULL;
}

bool
blank(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == 0xC2 && p[1] == 0xA0)
			p++;
		else if (!isspace(*p))
			return false;
	}
	return true;
}

/* s[0..n) on one line, white space runs as one space, for a message. */
const char *
excerpt(const char *s, size_t n, char *out, size_t size)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < size;) {
		size_t w = space_run((const unsigned char *)s + i);
		if (w && s[i] != '-') {
			out[k++] = ' ';
			i += w;
		} else {
			out[k++] = s[i++];
		}
	}
	out[k] = '\0';
	return out;
}

static bool
upper_start(const unsigned char *p)
{
	return isupper(*p) || (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E);
}

/* Length of the sentence starting at s: up to ". X" (X upper case), "!",
 * "?", a blank line or a new list item, whichever comes first. */
static size_t
sentence_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	for (; p[i]; i++) {
		if (p[i] == '.' || p[i] == '!' || p[i] == '?') {
			size_t k = i + 1;
			while (p[k] == ' ' || p[k] == '\n' || p[k] == '\t')
				k++;
			if (k > i + 1 && (!p[k] || (p[i] != '.' || upper_start(p + k))))
				return k;
		} else if (p[i] == '\n') {
			size_t k = i + 1;
			while (p[k] == ' ' || p[k] == '\t')
				k++;
			if (p[k] == '\n' || ((p[k] == '-' || p[k] == '*') && p[k + 1] == ' '))
				return k;
		}
	}
	return i;
}

/* ---- walking the free text --------------------------------------------- */


static void walk_struct(ctx *c, const dpa_struct_def *def, const void *obj, buf *path,
    text_fn fn, void *arg);

/* Appends without printf: the walk visits every field of the config, for
 * several rules, and formatting dominated their time. */
static void
path_name(buf *path, const char *name)
{
	if (path->len)
		buf_putc(path, '.');
	buf_puts(path, name);
}

static void
path_index(buf *path, size_t i)
{
	char digits[24];
	size_t n = sizeof digits;
	digits[--n] = ']';
	do
		digits[--n] = (char)('0' + i % 10);
	while ((i /= 10) && n > 1);
	digits[--n] = '[';
	buf_put(path, digits + n, sizeof digits - n);
}

static void
path_cut(buf *path, size_t mark)
{
	path->len = mark;
	path->data[mark] = '\0';
}

static void
walk_value(ctx *c, const dpa_field *f, dpa_type t, const void *v, buf *path, text_fn fn, void *arg)
{
	if (t == DPA_T_STR || t == DPA_T_TEXT || t == DPA_T_MD) {
		const dpa_str *s = v;
		if (s->h.set && s->s)
			fn(c, &(text_ref){ .f = f, .v = s, .s = s->s, .path = path->data }, arg);
	} else if (t == DPA_T_STRUCT) {
		walk_struct(c, f->sub, v, path, fn, arg);
	} else if (t == DPA_T_LIST) {
		const dpa_list *l = v;
		size_t es = dpa_type_size(f->elem, f->sub), mark = path->len;
		for (size_t i = 0; i < l->n; i++) {
			path_index(path, i);
			walk_value(c, f, f->elem, (const char *)l->v + i * es, path, fn, arg);
			path_cut(path, mark);
		}
	}
}

static void
walk_struct(ctx *c, const dpa_struct_def *def, const void *obj, buf *path, text_fn fn, void *arg)
{
	for (size_t i = 0; i < def->nfields; i++) {
		const dpa_field *f = &def->fields[i];
		size_t mark = path->len;
		path_name(path, f->name);
		walk_value(c, f, f->type, (const char *)obj + f->offset, path, fn, arg);
		path_cut(path, mark);
	}
}

/* Call fn for every string, text and Markdown value of the config, from
 * the index check_run builds once. */
void
walk_texts(ctx *c, text_fn fn, void *arg)
{
	for (size_t i = 0; i < c->ntexts; i++)
		fn(c, &c->texts[i], arg);
}

static bool sentence_has(const sentence *st, const pat *list);

static size_t
form_hash(const dpa_str *v, size_t cap)
{
	return (size_t)(((uintptr_t)v >> 4) * 0x9E3779B97F4A7C15u) & (cap - 1);
}

/* The form the rules match of a string or text value that a rule reads
 * directly rather than through walk_texts(): its own text unless the index
 * folded look-alike letters in it. */
static const char *
form_of(const ctx *c, const dpa_str *v)
{
	if (!c->fcap)
		return v->s;
	for (size_t h = form_hash(v, c->fcap); c->fkey[h]; h = (h + 1) & (c->fcap - 1))
		if (c->fkey[h] == v)
			return c->fval[h];
	return v->s;
}

/* ---- Art. 28(3) content (DPA001, DPA002) ------------------------------- */

/* The values behind the elements Art. 28(3) names; the templates state
 * them, so the config must hold real content. */
static const struct art28 {
	const char *path, *element;
} art28_values[] = {
	{ "instructions.subject_matter", "subject matter" },
	{ "processing.duration", "duration" },
	{ "processing.nature", "nature" },
	{ "processing.purpose", "purpose" },
	{ "processing.data_types", "type of personal data" },
	{ "processing.data_subjects", "categories of data subjects" },
	{ NULL, NULL },
};

/* Looked up once per check: the rules ask it of every text value. */
static void
art28_init(ctx *c)
{
	_Static_assert(sizeof art28_values / sizeof art28_values[0] <= 8, "ctx.art28_fields");
	for (size_t i = 0; art28_values[i].path; i++) {
		const dpa_hdr *parent;
		value_at(c->m, art28_values[i].path, &c->art28_fields[i], &parent);
	}
}

static const struct art28 *
art28_of(const ctx *c, const dpa_field *f)
{
	for (size_t i = 0; art28_values[i].path; i++)
		if (c->art28_fields[i] == f)
			return &art28_values[i];
	return NULL;
}

static void
empty_art28(ctx *c, const text_ref *t, void *arg)
{
	(void)arg;
	const struct art28 *a = art28_of(c, t->f);
	if (a && blank(t->v->s))
		finding(c, t->v->h.loc, t->path, "is empty: the agreement must state the %s of the "
		    "processing", a->element);
}

static void
rule_art28_empty(ctx *c, const void *data)
{
	(void)data;
	walk_texts(c, empty_art28, NULL);
}

static void
empty_other(ctx *c, const text_ref *t, void *arg)
{
	(void)arg;
	if (!blank(t->v->s) || art28_of(c, t->f))
		return;
	const char *part = t->f->clause;
	if (part)
		finding(c, t->v->h.loc, t->path, "is empty, so the agreement shows nothing where the "
		    "standard expects content (%s%s); fill it in or leave the key out",
		    isdigit((unsigned char)*part) ? "clause " : isupper((unsigned char)*part) ? "annex " :
		    "the ", part);
	else
		finding(c, t->v->h.loc, t->path, "is empty; fill it in or leave the key out");
}

static void
rule_empty_value(ctx *c, const void *data)
{
	(void)data;
	walk_texts(c, empty_other, NULL);
}

/* ---- breach (DPA003-DPA006) -------------------------------------------- */

enum { BREACH_MAX_HOURS = 72, BREACH_WARN_HOURS = 48 };

static void
rule_breach_missing(ctx *c, const void *data)
{
	(void)data;
	const dpa_breach *b = &c->m->breach;
	if (!b->notify_hours.h.set)
		finding(c, at(c, &b->notify_hours.h, &b->h), "breach.notify_hours",
		    "no breach notification deadline: give the hours within which the processor notifies "
		    "the controller (24 is usual)");
}

static void
rule_breach_over72(ctx *c, const void *data)
{
	(void)data;
	const dpa_int *h = &c->m->breach.notify_hours;
	if (h->h.set && h->v > BREACH_MAX_HOURS)
		finding(c, h->h.loc, "breach.notify_hours", "%ld hours is more than the controller's own "
		    "%d hours to notify the supervisory authority", h->v, BREACH_MAX_HOURS);
}

static void
rule_breach_over48(ctx *c, const void *data)
{
	(void)data;
	const dpa_int *h = &c->m->breach.notify_hours;
	if (h->h.set && h->v > BREACH_WARN_HOURS && h->v <= BREACH_MAX_HOURS)
		finding(c, h->h.loc, "breach.notify_hours", "%ld hours leaves the controller little or none "
		    "of its own %d hours; 24 to 48 hours is usual", h->v, BREACH_MAX_HOURS);
}

/* What the processor's notice must let the controller report (Art. 33(3));
 * (b), the controller's own contact point, is the controller's to give. */
static const struct breach_item {
	const char *point, *what;
	pat words[14];
} breach_items[] = {
	{ "a", "the nature of the breach (what happened, categories and numbers affected)", {
		{ "beskriv", W_START }, { "descri", W_START }, { "hvad der er sket", W_START },
		{ "what happened", W_START }, { "nature", W_START }, { "karakter", W_START },
		{ "kategori", W_START }, { "categor", W_START }, { "antal", W_START },
		{ "number", W_START }, { "omfang", W_START }, { "extent", W_START }, { NULL, 0 } } },
	{ "c", "the likely consequences", {
		{ "konsekvens", W_START }, { "consequence", W_START }, { NULL, 0 } } },
	{ "d", "the measures taken or proposed", {
		{ "foranstaltning", W_START }, { "measure", W_START }, { "tiltag", W_START },
		{ "afhjælp", W_START }, { "afbød", W_START }, { "begræns", W_START },
		{ "mitigat", W_START }, { "remed", W_START }, { "gjort", W_START },
		{ "taken", W_START }, { NULL, 0 } } },
	{ NULL, NULL, { { NULL, 0 } } },
};

static void
rule_breach_contents(ctx *c, const void *data)
{
	(void)data;
	const dpa_list *l = &c->m->breach.contents;
	for (const struct breach_item *b = breach_items; l->n && b->point; b++) {
		bool found = false;
		for (size_t i = 0; i < l->n && !found; i++)
			found = has_any(ITEM(*l, dpa_str, i)->s, 0, b->words);
		if (!found)
			finding(c, l->h.loc, "breach.contents", "lists nothing on %s (Art. 33(3)(%s)); add it, "
			    "or leave contents out for the standard list", b->what, b->point);
	}
}

/* ---- special categories (DPA007-DPA009) -------------------------------- */

static void
rule_art9_normal(ctx *c, const void *data)
{
	(void)data;
	const dpa_processing *p = &c->m->processing;
	const dpa_int *level = &c->m->security.level;
	if (level->v != DPA_LEVEL_NORMAL || (!p->special_categories.n && !p->criminal_offences.n))
		return;
	const char *what = p->special_categories.n && p->criminal_offences.n ?
	    "special categories (Art. 9) and criminal offence data (Art. 10)" :
	    p->special_categories.n ? "special categories of data (Art. 9)" : "criminal offence data (Art. 10)";
	finding(c, at(c, &level->h, &c->m->security.h), "security.level", "is normal, but Annex A lists "
	    "%s: set level high and agree the specific safeguards in security.measures", what);
}

static const pat art9_words[] = {
	{ "helbred", W_START }, { "health", W_START }, { "etnisk", W_START }, { "ethnic", W_START },
	{ "race", W_BOTH }, { "racial", W_START }, { "religi", W_START }, { "politisk", W_START },
	{ "political", W_START }, { "filosofisk", W_START }, { "philosophical", W_START },
	{ "fagforening", W_START }, { "trade union", W_START }, { "seksuel", W_START },
	{ "sexual", W_START }, { "genetisk", W_START }, { "genetic", W_START },
	{ "biometri", W_START }, { "biometric", W_START }, { NULL, 0 },
};

static const pat art10_words[] = {
	{ "strafbare forhold", W_START }, { "straffedom", W_START }, { "lovovertrædelse", W_START },
	{ "straffeattest", W_START }, { "criminal", W_START }, { "offence", W_START },
	{ "offense", W_START }, { "conviction", W_START }, { NULL, 0 },
};

static void
rule_art9_as_ordinary(ctx *c, const void *data)
{
	(void)data;
	const dpa_list *l = &c->m->processing.data_types;
	for (size_t i = 0; i < l->n; i++) {
		const dpa_str *s = ITEM(*l, dpa_str, i);
		const char *text = form_of(c, s);
		bool a10 = has_any(text, 0, art10_words);
		if (!a10 && !has_any(text, 0, art9_words))
			continue;
		char path[64];
		snprintf(path, sizeof path, "processing.data_types[%zu]", i);
		finding(c, s->h.loc, path, "\"%s\" looks like %s, listed as ordinary data: move it to "
		    "processing.%s", s->s, a10 ? "criminal offence data (Art. 10)" :
		    "a special category of data (Art. 9)", a10 ? "criminal_offences" : "special_categories");
	}
}

static const pat negation_words[] = {
	{ "ikke", W_BOTH }, { "ingen", W_BOTH }, { "intet", W_BOTH }, { "aldrig", W_BOTH },
	{ "not", W_BOTH }, { "no", W_BOTH }, { "never", W_BOTH }, { "without", W_BOTH },
	{ NULL, 0 },
};

static const struct claim {
	const char *what, *field;
	pat words[8];
} claims[] = {
	{ "special categories of data (Art. 9)", "special_categories", {
		{ "artikel 9", W_BOTH }, { "article 9", W_BOTH }, { "art. 9", W_BOTH },
		{ "særlige kategorier", W_START }, { "special categor", W_START },
		{ "følsomme personoplysninger", W_START }, { "sensitive personal data", W_START },
		{ NULL, 0 } } },
	{ "criminal offence data (Art. 10)", "criminal_offences", {
		{ "artikel 10", W_BOTH }, { "article 10", W_BOTH }, { "art. 10", W_BOTH },
		{ "strafbare forhold", W_START }, { "criminal", W_START }, { NULL, 0 } } },
	{ NULL, NULL, { { NULL, 0 } } },
};

/* Does a sentence of s claim the data, without a negation? */
static bool
claims_data(const char *s, const pat *words)
{
	for (const char *p = s; *p;) {
		size_t n = sentence_len(p);
		if (has_any(p, n, words) && !has_any(p, n, negation_words))
			return true;
		p += n ? n : 1;
	}
	return false;
}

static void
rule_art9_claim(ctx *c, const void *data)
{
	(void)data;
	const dpa_str *r = &c->m->security.rationale;
	if (!r->h.set || !r->s)
		return;
	for (const struct claim *k = claims; k->what; k++) {
		const dpa_field *f;
		const dpa_hdr *parent;
		char path[64];
		snprintf(path, sizeof path, "processing.%s", k->field);
		const dpa_list *l = value_at(c->m, path, &f, &parent);
		if (!l->n && claims_data(form_of(c, r), k->words))
			finding(c, r->h.loc, "security.rationale", "grounds the security level on %s, but "
			    "%s lists none: list the data in Annex A, or correct the rationale", k->what, path);
	}
}

/* ---- security measures (DPA010) ---------------------------------------- */

/* Wording of Art. 32(1) itself: a measure that says only this is no measure. */
static const pat art32_phrases[] = {
	{ "pseudonymisering og kryptering", 0 }, { "pseudonymisation and encryption", 0 },
	{ "pseudonymization and encryption", 0 },
	{ "fortrolighed, integritet, tilgængelighed og robusthed", 0 },
	{ "confidentiality, integrity, availability and resilience", 0 },
	{ "regelmæssig afprøvning", 0 }, { "regelmæssigt at afprøve", 0 },
	{ "regularly testing", 0 }, { "regular testing", 0 },
	{ "genoprette tilgængeligheden", 0 }, { "restore the availability", 0 },
	{ "passende tekniske og organisatoriske foranstaltninger", 0 },
	{ "appropriate technical and organisational measures", 0 },
	{ "appropriate technical and organizational measures", 0 },
	{ NULL, 0 },
};

static void
rule_generic_toms(ctx *c, const void *data)
{
	(void)data;
	const dpa_security *s = &c->m->security;
	if (!s->measures.n) {
		finding(c, at(c, &s->measures.h, &s->h), "security.measures", "no security measures: Annex "
		    "C.2 then only refers back to Art. 32; list the concrete measures by category");
		return;
	}
	for (size_t g = 0; g < s->measures.n; g++) {
		const dpa_measure_group *grp = ITEM(s->measures, dpa_measure_group, g);
		for (size_t i = 0; i < grp->items.n; i++)
			if (!has_any(form_of(c, ITEM(grp->items, dpa_str, i)), 0, art32_phrases))
				return;
	}
	finding(c, s->measures.h.loc, "security.measures", "every measure only restates Art. 32(1) "
	    "(pseudonymisation and encryption, confidentiality, integrity, availability and "
	    "resilience, regular testing): name the concrete measures");
}

/* ---- sub-processors (DPA011-DPA015) ------------------------------------ */

static void
rule_notice_missing(ctx *c, const void *data)
{
	(void)data;
	const dpa_subprocessors *s = &c->m->sub_processors;
	if (s->authorisation.v != DPA_AUTH_GENERAL)
		return;
	if (!s->notice_days.h.set)
		finding(c, at(c, &s->notice_days.h, &s->h), "sub_processors.notice_days", "general "
		    "authorisation without a notice period: give the days of notice before a sub-processor "
		    "is added or replaced (30 is usual)");
	else if (s->notice_days.v == 0)
		finding(c, s->notice_days.h.loc, "sub_processors.notice_days", "a notice period of 0 days "
		    "leaves the controller no time to object before a new sub-processor starts");
}

static void
rule_list_empty(ctx *c, const void *data)
{
	(void)data;
	const dpa_subprocessors *s = &c->m->sub_processors;
	if (s->authorisation.v == DPA_AUTH_GENERAL && !s->list.n)
		finding(c, at(c, &s->list.h, &s->h), "sub_processors.list", "general authorisation, but no "
		    "sub-processor is named: list every sub-processor in Annex B, or use specific "
		    "authorisation if there are none");
}

static void
rule_objection_longer(ctx *c, const void *data)
{
	(void)data;
	const dpa_subprocessors *s = &c->m->sub_processors;
	if (s->notice_days.h.set && s->objection_days.h.set && s->objection_days.v > s->notice_days.v)
		finding(c, s->objection_days.h.loc, "sub_processors.objection_days", "%ld days to object is "
		    "longer than the %ld days of notice: the sub-processor could start before the time to "
		    "object ends", s->objection_days.v, s->notice_days.v);
}

static const pat objection_words[] = {
	{ "indsigelse", W_START }, { "nægte", W_START }, { "nægter", W_START }, { "afvis", W_START },
	{ "modsæt", W_START }, { "objection", W_START }, { "object to", W_START },
	{ "objects to", W_START }, { "refus", W_START }, { "refuse", W_START }, { NULL, 0 },
};

static const pat every_agreement[] = {
	{ "alle aftaler", W_START }, { "samtlige aftaler", W_START }, { "alle kontrakter", W_START },
	{ "all agreements", W_START }, { "all contracts", W_START }, { "every agreement", W_START },
	{ "automatisk", W_START }, { "automatically", W_START }, { NULL, 0 },
};

static const pat termination_words[] = {
	{ "opsagt", W_START }, { "opsiges", W_START }, { "ophør", W_START }, { "ophæv", W_START },
	{ "bortfald", W_START }, { "terminat", W_START }, { "cancel", W_START }, { "end", W_BOTH },
	{ "ends", W_BOTH }, { NULL, 0 },
};

static void
objection_terminates(ctx *c, const text_ref *t, void *arg)
{
	(void)arg;
	for (size_t i = 0; i < t->ns; i++) {
		const sentence *st = &t->sv[i];
		if (sentence_has(st, every_agreement) && sentence_has(st, termination_words) &&
		    (sentence_has(st, objection_words) || (i && sentence_has(st - 1, objection_words)))) {
			finding(c, t->v->h.loc, t->path, "an objection to a sub-processor terminates every "
			    "agreement between the parties: the controller must be able to object without "
			    "losing the service; agree that the processor does not use the sub-processor, or "
			    "that the controller may end the affected service");
			return;
		}
	}
}

static void
rule_objection_terminates(ctx *c, const void *data)
{
	(void)data;
	walk_texts(c, objection_terminates, NULL);
}

/* Name without surrounding space, lower-cased (ASCII and Latin-1). */
static void
name_key(const char *s, char *out, size_t size)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s), k = 0;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	for (size_t i = 0; i < n && k + 1 < size; i++) {
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80)
			b = (unsigned char)tolower(b);
		else if (i && (unsigned char)s[i - 1] == 0xC3 && b <= 0x9E && b != 0x97)
			b += 0x20;
		out[k++] = (char)b;
	}
	out[k] = '\0';
}

static void
rule_duplicate(ctx *c, const void *data)
{
	(void)data;
	const dpa_list *l = &c->m->sub_processors.list;
	char a[512], b[512];
	for (size_t j = 1; j < l->n; j++) {
		const dpa_subprocessor *sj = ITEM(*l, dpa_subprocessor, j);
		name_key(form_of(c, &sj->name), b, sizeof b);
		for (size_t i = 0; i < j; i++) {
			const dpa_subprocessor *si = ITEM(*l, dpa_subprocessor, i);
			name_key(form_of(c, &si->name), a, sizeof a);
			if (strcmp(a, b) != 0)
				continue;
			char path[64];
			snprintf(path, sizeof path, "sub_processors.list[%zu].name", j);
			finding(c, sj->name.h.loc, path, "\"%s\" is listed twice (also sub_processors.list[%zu]): "
			    "give it one row with all its locations and services", sj->name.s, i);
			break;
		}
	}
}

/* ---- transfers (DPA016, DPA017, DPA023-DPA025) ------------------------- */

/* The countries of a sub-processor outside the EU/EEA: its country and
 * its processing locations. */
typedef struct third {
	buf codes;                /* "US, GB" */
	buf need;                 /* those without a full adequacy decision */
	buf none;                 /* those without any adequacy decision */
	const dpa_country *scoped; /* one whose adequacy decision is partial */
	const dpa_str *first;     /* the first such value */
	char first_path[64];
	size_t n;
} third;

static bool
has_code(const buf *b, const char *code)
{
	for (size_t i = 0; i + 1 < b->len; i += 4)
		if (b->data[i] == code[0] && b->data[i + 1] == code[1])
			return true;
	return false;
}

static void
add_code(buf *b, const char *code)
{
	if (!has_code(b, code))
		buf_printf(b, "%s%s", b->len ? ", " : "", code);
}

static void
third_add(third *t, const dpa_str *v, const char *path)
{
	const dpa_country *k = v->h.set ? country_find(v->s) : NULL;
	if (!k || country_in_eea(k) || has_code(&t->codes, k->code))
		return;
	if (!t->first) {
		t->first = v;
		snprintf(t->first_path, sizeof t->first_path, "%s", path);
	}
	t->n++;
	add_code(&t->codes, k->code);
	if (!k->adequacy || k->adequacy_scope)
		add_code(&t->need, k->code);
	if (!k->adequacy)
		add_code(&t->none, k->code);
	if (k->adequacy && k->adequacy_scope && !t->scoped)
		t->scoped = k;
}

static void
third_of(const dpa_subprocessor *s, size_t i, third *t)
{
	memset(t, 0, sizeof *t);
	char path[64];
	snprintf(path, sizeof path, "sub_processors.list[%zu].country", i);
	third_add(t, &s->country, path);
	for (size_t j = 0; j < s->locations.n; j++) {
		snprintf(path, sizeof path, "sub_processors.list[%zu].locations[%zu]", i, j);
		third_add(t, ITEM(s->locations, dpa_str, j), path);
	}
}

static void
third_free(third *t)
{
	buf_free(&t->codes);
	buf_free(&t->need);
	buf_free(&t->none);
}

static bool
basis_valid(long b)
{
	return b >= 0 && b < DPA_BASIS_PRIVACY_SHIELD;
}

/* Does transfers.list give a valid basis for a transfer to code? */
static bool
listed_transfer(const dpa_model *m, const char *code)
{
	for (size_t i = 0; i < m->transfers.list.n; i++) {
		const dpa_transfer *t = ITEM(m->transfers.list, dpa_transfer, i);
		if (t->country.s && strcmp(t->country.s, code) == 0 && basis_valid(t->basis.v))
			return true;
	}
	return false;
}

/* DPA016 (data NULL) reports what needs a basis and has none; DPA017
 * (data non-NULL) notes what rests on an adequacy decision unstated. */
static void
sub_transfer(ctx *c, size_t i, bool notes)
{
	const dpa_subprocessor *s = ITEM(c->m->sub_processors.list, dpa_subprocessor, i);
	third t;
	third_of(s, i, &t);
	char path[64];
	snprintf(path, sizeof path, "sub_processors.list[%zu].transfer_basis", i);
	if (!t.n || s->transfer_basis.n) {
		third_free(&t);
		return;
	}
	dpa_loc loc = at(c, &s->transfer_basis.h, &s->h);
	if (!notes && t.need.len) {
		buf why = {0};
		if (t.scoped)
			buf_printf(&why, "; the adequacy decision for %s is partial (%s)", t.scoped->code,
			    t.scoped->adequacy_scope);
		finding(c, loc, path, "%s is established or processes data in %s, outside the EU/EEA, and "
		    "has no transfer basis (Chapter V)%s: set transfer_basis", s->name.s, t.need.data,
		    why.data ? why.data : "");
		buf_free(&why);
	} else if (notes && !t.need.len) {
		finding(c, loc, path, "%s processes data in %s, outside the EU/EEA; the transfer rests on "
		    "the adequacy decision, which transfer_basis: adequacy would state", s->name.s, t.codes.data);
	}
	third_free(&t);
}

/* The processor itself established outside the EU/EEA: whatever its data
 * centres, its own access to the data is a transfer (Chapter V). */
static void
own_establishment(ctx *c, bool notes)
{
	const dpa_str *v = &c->m->processor.country;
	const dpa_country *k = v->h.set ? country_find(v->s) : NULL;
	if (!k || country_in_eea(k) || listed_transfer(c->m, k->code))
		return;
	bool adequate = k->adequacy && !k->adequacy_scope;
	if (!notes && !adequate)
		finding(c, at(c, &v->h, &c->m->processor.h), "processor.country", "the processor is "
		    "established in %s, outside the EU/EEA, so its own access to the data is a transfer, "
		    "and transfers.list gives no basis for it: add %s with its basis", k->code, k->code);
	else if (notes && adequate)
		finding(c, at(c, &v->h, &c->m->processor.h), "processor.country", "the processor is "
		    "established in %s; its access to the data rests on the adequacy decision (%s)",
		    k->code, k->adequacy);
}

static void
own_locations(ctx *c, bool notes)
{
	own_establishment(c, notes);
	const dpa_list *l = &c->m->locations;
	for (size_t i = 0; i < l->n; i++) {
		const dpa_str *v = &ITEM(*l, dpa_location, i)->country;
		const dpa_country *k = country_find(v->s);
		if (!k || country_in_eea(k) || listed_transfer(c->m, k->code))
			continue;
		char path[64];
		snprintf(path, sizeof path, "locations[%zu].country", i);
		bool adequate = k->adequacy && !k->adequacy_scope;
		if (!notes && !adequate)
			finding(c, v->h.loc, path, "the processor processes data in %s, outside the EU/EEA, and "
			    "transfers.list gives no transfer basis for it", k->code);
		else if (notes && adequate)
			finding(c, v->h.loc, path, "processing in %s rests on its adequacy decision (%s)",
			    k->code, k->adequacy);
	}
}

static void
rule_transfer_basis(ctx *c, const void *data)
{
	for (size_t i = 0; i < c->m->sub_processors.list.n; i++)
		sub_transfer(c, i, data != NULL);
	own_locations(c, data != NULL);
}

/* The DPF covers the country whose adequacy decision is this one. */
static const char dpf_decision[] = "2023/1795";

static const dpa_country *
dpf_country(void)
{
	for (size_t i = 0; i < country_count(); i++) {
		const dpa_country *k = country_at(i);
		if (k->adequacy && strstr(k->adequacy, dpf_decision))
			return k;
	}
	return NULL;
}

/* Where a list names basis b: its element's location. */
static const dpa_int *
basis_elem(const dpa_list *l, long b)
{
	for (size_t i = 0; i < l->n; i++)
		if (ITEM(*l, dpa_int, i)->v == b)
			return ITEM(*l, dpa_int, i);
	return NULL;
}

static long relied_on(const dpa_subprocessor *s, const dpa_country *k);

static void
rule_dpf_verify(ctx *c, const void *data)
{
	(void)data;
	const dpa_list *l = &c->m->sub_processors.list;
	for (size_t i = 0; i < l->n; i++) {
		const dpa_subprocessor *s = ITEM(*l, dpa_subprocessor, i);
		const dpa_list *tb = &s->transfer_basis;
		char path[64];
		const dpa_int *dpf = basis_elem(tb, DPA_BASIS_DPF);
		if (dpf && !s->dpf_certified.v) {
			bool later = dpf != ITEM(*tb, dpa_int, tb->n - 1);
			snprintf(path, sizeof path, "sub_processors.list[%zu].dpf_certified", i);
			finding(c, at(c, &s->dpf_certified.h, &s->h), path, "%s relies on the EU-US Data Privacy "
			    "Framework, which covers certified organisations only: verify its entry on the DPF "
			    "List and set dpf_certified: true%s", s->name.s, later ? "; until then the transfer "
			    "rests on the next basis listed" : " (or list scc after dpf as the fallback)");
		}
		const dpa_int *adq = basis_elem(tb, DPA_BASIS_ADEQUACY);
		if (!adq)
			continue;
		third t;
		third_of(s, i, &t);
		long used = t.scoped ? relied_on(s, t.scoped) : -1;
		if (t.scoped && (used == DPA_BASIS_ADEQUACY || used < 0)) {
			snprintf(path, sizeof path, "sub_processors.list[%zu].transfer_basis", i);
			finding(c, adq->h.loc, path, "the adequacy decision for %s is partial (%s): "
			    "verify that %s is covered%s", t.scoped->code, t.scoped->adequacy_scope, s->name.s,
			    t.scoped == dpf_country() ? ", and use transfer_basis: dpf" : "");
		}
		third_free(&t);
	}
}

/* Can basis b carry a transfer to country k?  The invalid instruments
 * count as covering: DPA018-DPA020 report them. */
static bool
basis_covers(long b, const dpa_country *k)
{
	if (b == DPA_BASIS_ADEQUACY)
		return k->adequacy != NULL;
	if (b == DPA_BASIS_DPF)
		return k == dpf_country();
	return true;
}

/* A basis that cannot apply to the country it is given for. */
static void
basis_fits(ctx *c, const dpa_int *basis, const dpa_country *k, const char *path, const char *who)
{
	if (!basis->h.set || !k || basis_covers(basis->v, k))
		return;
	const dpa_country *dpf = dpf_country();
	if (basis->v == DPA_BASIS_ADEQUACY)
		finding(c, basis->h.loc, path, "%s: %s has no EU adequacy decision, so adequacy is no "
		    "basis; use scc, bcr or art49", who, k->code);
	else
		finding(c, basis->h.loc, path, "%s: the Data Privacy Framework covers only organisations "
		    "in %s (%s), not %s", who, dpf->code, country_name(dpf, "en"), k->code);
}

/* Every third country of a sub-processor needs a listed basis that can
 * apply there, and a listed basis that applies nowhere says something
 * false about the transfer. */
static void
sub_bases_fit(ctx *c, const dpa_subprocessor *s, size_t i)
{
	const dpa_list *tb = &s->transfer_basis;
	third t;
	third_of(s, i, &t);
	char path[80];
	bool said = false;
	for (size_t j = 0; t.n && j < tb->n; j++) {
		const dpa_int *b = ITEM(*tb, dpa_int, j);
		bool somewhere = false;
		const dpa_country *miss = NULL;
		for (size_t o = 0; o + 1 < t.codes.len; o += 4) {
			const dpa_country *k = country_find((char[3]){ t.codes.data[o], t.codes.data[o + 1], 0 });
			if (k && basis_covers(b->v, k))
				somewhere = true;
			else if (k && !miss)
				miss = k;
		}
		snprintf(path, sizeof path, "sub_processors.list[%zu].transfer_basis[%zu]", i, j);
		if (!somewhere && b->v < DPA_BASIS_PRIVACY_SHIELD) {
			basis_fits(c, b, miss, path, s->name.s);
			said = true;
		}
	}
	for (size_t o = 0; tb->n && !said && o + 1 < t.codes.len; o += 4) {
		const dpa_country *k = country_find((char[3]){ t.codes.data[o], t.codes.data[o + 1], 0 });
		bool covered = false;
		for (size_t j = 0; k && j < tb->n; j++)
			covered = covered || basis_covers(ITEM(*tb, dpa_int, j)->v, k);
		snprintf(path, sizeof path, "sub_processors.list[%zu].transfer_basis", i);
		if (k && !covered)
			finding(c, tb->h.loc, path, "%s processes data in %s, and none of its transfer bases "
			    "can apply there%s: add scc, bcr or art49", s->name.s, k->code,
			    k->adequacy ? "" : " (it has no EU adequacy decision)");
	}
	third_free(&t);
}

static void
rule_basis_mismatch(ctx *c, const void *data)
{
	(void)data;
	char path[64];
	const dpa_list *l = &c->m->sub_processors.list;
	for (size_t i = 0; i < l->n; i++)
		sub_bases_fit(c, ITEM(*l, dpa_subprocessor, i), i);
	const dpa_list *tl = &c->m->transfers.list;
	for (size_t i = 0; i < tl->n; i++) {
		const dpa_transfer *t = ITEM(*tl, dpa_transfer, i);
		snprintf(path, sizeof path, "transfers.list[%zu].basis", i);
		basis_fits(c, &t->basis, country_find(t->country.s), path,
		    t->recipient.s ? t->recipient.s : t->country.s);
	}
}

/* Does anything process outside the EU/EEA? */
static bool
any_third(const dpa_model *m)
{
	for (size_t i = 0; i < m->sub_processors.list.n; i++) {
		third t;
		third_of(ITEM(m->sub_processors.list, dpa_subprocessor, i), i, &t);
		size_t n = t.n;
		third_free(&t);
		if (n)
			return true;
	}
	for (size_t i = 0; i < m->locations.n; i++) {
		const dpa_country *k = country_find(ITEM(m->locations, dpa_location, i)->country.s);
		if (k && !country_in_eea(k))
			return true;
	}
	return false;
}

/* transfers.allowed false, yet B.1 approves processing outside the EU/EEA
 * (or the processor's own locations are there): the annexes contradict
 * each other, and using the approved sub-processor breaches C.6. */
static void
rule_transfer_forbidden(ctx *c, const void *data)
{
	(void)data;
	const dpa_model *m = c->m;
	if (m->transfers.allowed.v)
		return;
	for (size_t i = 0; i < m->sub_processors.list.n; i++) {
		const dpa_subprocessor *s = ITEM(m->sub_processors.list, dpa_subprocessor, i);
		third t;
		third_of(s, i, &t);
		if (t.n)
			finding(c, t.first->h.loc, t.first_path, "%s processes data in %s, outside the EU/EEA, "
			    "but transfers.allowed is false, so Annex C.6 forbids the transfer: instruct it "
			    "(transfers.allowed: true, with an instruction)", s->name.s, t.codes.data);
		third_free(&t);
	}
	for (size_t i = 0; i < m->locations.n; i++) {
		const dpa_str *v = &ITEM(m->locations, dpa_location, i)->country;
		const dpa_country *k = country_find(v->s);
		char path[64];
		snprintf(path, sizeof path, "locations[%zu].country", i);
		if (k && !country_in_eea(k))
			finding(c, v->h.loc, path, "processing in %s, outside the EU/EEA, but transfers.allowed "
			    "is false, so Annex C.6 forbids it", k->code);
	}
}

static void
rule_transfer_instruction(ctx *c, const void *data)
{
	(void)data;
	const dpa_transfers *tr = &c->m->transfers;
	if (!tr->allowed.v) {
		if (tr->list.n)
			finding(c, tr->list.h.loc, "transfers.list", "lists transfers, but "
			    "transfers.allowed is false, so the agreement leaves them out");
		return;
	}
	for (size_t i = 0; i < tr->list.n; i++) {
		const dpa_transfer *t = ITEM(tr->list, dpa_transfer, i);
		const dpa_country *k = country_find(t->country.s);
		char path[64];
		snprintf(path, sizeof path, "transfers.list[%zu].country", i);
		if (k && country_in_eea(k))
			finding(c, t->country.h.loc, path, "%s is in the EU/EEA: no transfer to a third "
			    "country; remove the entry", k->code);
	}
	bool said = (tr->instruction.h.set && !blank(tr->instruction.s)) || tr->list.n;
	if (!said && !any_third(c->m))
		finding(c, at(c, &tr->allowed.h, &tr->h), "transfers.allowed", "transfers are allowed, but "
		    "no transfer is described: add transfers.instruction or transfers.list, or set allowed: "
		    "false");
}

/* ---- outdated instruments (DPA018-DPA022) ------------------------------ */

typedef struct instrument {
	long basis;          /* the transfer_basis naming it, or -1 */
	const char *name;
	const char *why;     /* why it is not in force, and what applies */
	pat pats[6];
} instrument;

static const instrument privacy_shield = { DPA_BASIS_PRIVACY_SHIELD, "the EU-US Privacy Shield",
	"the CJEU invalidated it on 16 July 2020 (C-311/18); use dpf for a certified US recipient, or scc",
	{ { "privacy shield", W_START }, { "2016/1250", W_BOTH }, { NULL, 0 } } };
static const instrument safe_harbour = { DPA_BASIS_SAFE_HARBOUR, "Safe Harbour",
	"the CJEU invalidated it on 6 October 2015 (C-362/14); use scc, or dpf for a certified US recipient",
	{ { "safe harbour", W_BOTH }, { "safe harbor", W_BOTH }, { "2000/520", W_BOTH }, { NULL, 0 } } };
static const instrument scc_2010 = { DPA_BASIS_SCC_2010, "the old standard contractual clauses",
	"Decision (EU) 2021/914 repealed them from 27 September 2021, and their transition ended on "
	"27 December 2022; use the 2021/914 clauses (scc)",
	{ { "2010/87", W_BOTH }, { "2001/497", W_BOTH }, { "2004/915", W_BOTH }, { "c(2010) 593", W_START },
	  { "c(2010)593", W_START }, { NULL, 0 } } };
static const instrument directive = { -1, "Directive 95/46/EC",
	"the GDPR repealed it from 25 May 2018 (Art. 94); cite the GDPR (Regulation (EU) 2016/679)",
	{ { "95/46", W_BOTH }, { "databeskyttelsesdirektiv", W_START }, { "persondatadirektiv", W_START },
	  { "data protection directive", W_START }, { NULL, 0 } } };
static const instrument pdl = { -1, "persondataloven",
	"databeskyttelsesloven (lov nr. 502 af 23. maj 2018) replaced it on 25 May 2018",
	{ { "persondataloven", W_BOTH }, { "persondatalovens", W_BOTH }, { "persondatalov", W_BOTH },
	  { NULL, 0 } } };

/* A sentence that says the instrument is gone does not cite it as in force. */
static const pat no_longer[] = {
	{ "ugyldig", W_START }, { "invalid", W_START }, { "ophævet", W_START }, { "ophævede", W_START },
	{ "repeal", W_START }, { "erstat", W_START }, { "afløst", W_START }, { "replace", W_START },
	{ "superseded", W_START }, { "annul", W_START }, { "tidligere", W_START }, { "former", W_START },
	{ "no longer", W_START }, { "ikke længere", W_START }, { "i stedet for", W_START },
	{ "instead of", W_START }, { NULL, 0 },
};

static void
cites_instrument(ctx *c, const text_ref *t, void *arg)
{
	const instrument *in = *(const instrument **)arg;
	for (size_t i = 0; i < t->ns; i++) {
		const sentence *st = &t->sv[i];
		if (!sentence_has(st, in->pats) || sentence_has(st, no_longer))
			continue;
		size_t len = 0;
		const char *hit = find_any(st->s, st->n, in->pats, &len);
		char ex[64];
		finding(c, t->v->h.loc, t->path, "names %s (\"%s\") as if in force: %s", in->name,
		    excerpt(hit, len, ex, sizeof ex), in->why);
		return;
	}
}

static void
rule_instrument(ctx *c, const void *data)
{
	const instrument *in = data;
	char path[64];
	for (size_t i = 0; in->basis >= 0 && i < c->m->sub_processors.list.n; i++) {
		const dpa_subprocessor *s = ITEM(c->m->sub_processors.list, dpa_subprocessor, i);
		const dpa_int *b = basis_elem(&s->transfer_basis, in->basis);
		snprintf(path, sizeof path, "sub_processors.list[%zu].transfer_basis", i);
		if (b)
			finding(c, b->h.loc, path, "%s: %s is no transfer basis: %s", s->name.s,
			    in->name, in->why);
	}
	for (size_t i = 0; in->basis >= 0 && i < c->m->transfers.list.n; i++) {
		const dpa_transfer *t = ITEM(c->m->transfers.list, dpa_transfer, i);
		snprintf(path, sizeof path, "transfers.list[%zu].basis", i);
		if (t->basis.h.set && t->basis.v == in->basis)
			finding(c, t->basis.h.loc, path, "%s is no transfer basis: %s", in->name, in->why);
	}
	walk_texts(c, cites_instrument, &in);
}

/* ---- one deadline, two values (DPA030) --------------------------------- */

typedef enum { U_HOURS, U_DAYS } unit_class;

/* Words for a length of time after a number, in the subject's base unit
 * (months and years as the range they can span). */
static const struct unit {
	const char *word;
	unit_class cls;
	long lo, hi;
} units[] = {
	{ "timer", U_HOURS, 1, 1 }, { "timers", U_HOURS, 1, 1 }, { "time", U_HOURS, 1, 1 },
	{ "hours", U_HOURS, 1, 1 }, { "hour", U_HOURS, 1, 1 }, { "h", U_HOURS, 1, 1 },
	{ "døgn", U_HOURS, 24, 24 }, { "dage", U_HOURS, 24, 24 }, { "dag", U_HOURS, 24, 24 },
	{ "days", U_HOURS, 24, 24 }, { "day", U_HOURS, 24, 24 },
	{ "dage", U_DAYS, 1, 1 }, { "dages", U_DAYS, 1, 1 }, { "dag", U_DAYS, 1, 1 },
	{ "kalenderdage", U_DAYS, 1, 1 }, { "days", U_DAYS, 1, 1 }, { "day", U_DAYS, 1, 1 },
	{ "calendar days", U_DAYS, 1, 1 }, { "uger", U_DAYS, 7, 7 }, { "ugers", U_DAYS, 7, 7 },
	{ "uge", U_DAYS, 7, 7 }, { "weeks", U_DAYS, 7, 7 }, { "week", U_DAYS, 7, 7 },
	{ "måneder", U_DAYS, 28, 31 }, { "måneders", U_DAYS, 28, 31 }, { "måned", U_DAYS, 28, 31 },
	{ "months", U_DAYS, 28, 31 }, { "month", U_DAYS, 28, 31 }, { "år", U_DAYS, 365, 366 },
	{ "års", U_DAYS, 365, 366 }, { "years", U_DAYS, 365, 366 }, { "year", U_DAYS, 365, 366 },
	{ NULL, U_HOURS, 0, 0 },
};

typedef struct mention {
	const char *s;    /* "3 måneder" */
	int len;
	long lo, hi;
} mention;

/* The next "NUMBER UNIT" of class cls in s[*pos..n). */
static bool
next_mention(const char *s, size_t n, size_t *pos, unit_class cls, mention *out)
{
	for (size_t i = *pos; i < n; i++) {
		if (!isdigit((unsigned char)s[i]) || (i && (word_byte((unsigned char)s[i - 1]) ||
		    strchr("./,", s[i - 1]))))
			continue;
		size_t j = i;
		long v = 0;
		while (j < n && isdigit((unsigned char)s[j]) && j - i < 6)
			v = v * 10 + (s[j++] - '0');
		size_t k = j + space_run((const unsigned char *)s + j);
		for (const struct unit *u = units; !isdigit((unsigned char)s[j]) && u->word; u++) {
			size_t m = u->cls == cls ? match_at(s + k, u->word) : 0;
			if (!m || k + m > n || word_byte((unsigned char)s[k + m]))
				continue;
			*out = (mention){ s + i, (int)(k + m - i), v * u->lo, v * u->hi };
			*pos = k + m;
			return true;
		}
		i = j;
	}
	return false;
}

static const pat breach_words[] = {
	{ "brud", W_START }, { "breach", W_START }, { "sikkerhedshændelse", W_START },
	{ "hændelse", W_START }, { "incident", W_START }, { NULL, 0 },
};
/* The controller's own deadline towards the authority is another one. */
static const pat authority_words[] = {
	{ "tilsynsmyndighed", W_START }, { "datatilsynet", W_START }, { "myndighed", W_START },
	{ "authority", W_START }, { "artikel 33", W_BOTH }, { "article 33", W_BOTH },
	{ "art. 33", W_BOTH }, { NULL, 0 },
};
static const pat sub_words[] = {
	{ "underdatabehandler", W_START }, { "sub processor", W_START }, { "subprocessor", W_START },
	{ NULL, 0 },
};
static const pat notice_words[] = {
	{ "varsel", W_START }, { "varsl", W_START }, { "notice", W_START }, { "notif", W_START },
	{ "orienter", W_START }, { "inform", W_START }, { NULL, 0 },
};

static const pat deletion_words[] = {
	{ "slet", W_START }, { "delet", W_START }, { "erase", W_START }, { "tilbagelever", W_START },
	{ NULL, 0 },
};
static const pat end_words[] = {
	{ "ophør", W_START }, { "terminat", W_START }, { "end of", W_START }, { "expir", W_START },
	{ "udløb", W_START }, { "opsig", W_START }, { NULL, 0 },
};
static const pat backup_words[] = {
	{ "backup", W_START }, { "back-up", W_START }, { "sikkerhedskopi", W_START }, { NULL, 0 },
};

/* A deadline the config holds as a number, and how free text talks about
 * it: a sentence with a word of need (and of also) and none of skip. */
static const struct subject {
	const char *path, *unit;
	unit_class cls;
	const pat *need, *also, *skip;
} subjects[] = {
	{ "breach.notify_hours", "hours", U_HOURS, breach_words, NULL, authority_words },
	{ "sub_processors.notice_days", "days", U_DAYS, sub_words, notice_words, objection_words },
	{ "sub_processors.objection_days", "days", U_DAYS, sub_words, objection_words, NULL },
	{ "retention.deletion_days", "days", U_DAYS, deletion_words, end_words, backup_words },
	{ "retention.backup_days", "days", U_DAYS, backup_words, deletion_words, NULL },
	{ NULL, NULL, U_HOURS, NULL, NULL, NULL },
};

typedef struct conflict {
	const struct subject *sj;
	bool have;           /* a value to compare with */
	long lo, hi, value;
	char ref[64];        /* the first mention, when the config has no number */
	char ref_path[96];
} conflict;

static bool
about(const struct subject *sj, const sentence *st)
{
	return sentence_has(st, sj->need) && (!sj->also || sentence_has(st, sj->also)) &&
	    !(sj->skip && sentence_has(st, sj->skip));
}

static void
conflict_report(ctx *c, const text_ref *t, const conflict *k, const mention *mt)
{
	char ex[64];
	excerpt(mt->s, (size_t)mt->len, ex, sizeof ex);
	if (k->ref_path[0])
		finding(c, t->v->h.loc, t->path, "says \"%s\", but %s says \"%s\": state one value, in "
		    "%s", ex, k->ref_path, k->ref, k->sj->path);
	else
		finding(c, t->v->h.loc, t->path, "says \"%s\", but %s is %ld %s: state one value",
		    ex, k->sj->path, k->value, k->sj->unit);
}

static void
conflict_text(ctx *c, const text_ref *t, void *arg)
{
	conflict *k = arg;
	for (size_t i = 0; i < t->ns; i++) {
		const sentence *st = &t->sv[i];
		size_t pos = 0;
		mention mt;
		while (about(k->sj, st) && next_mention(st->s, st->n, &pos, k->sj->cls, &mt)) {
			if (!k->have) {
				k->have = true;
				k->lo = mt.lo;
				k->hi = mt.hi;
				excerpt(mt.s, (size_t)mt.len, k->ref, sizeof k->ref);
				snprintf(k->ref_path, sizeof k->ref_path, "%s", t->path);
			} else if (mt.hi < k->lo || mt.lo > k->hi) {
				conflict_report(c, t, k, &mt);
				return;
			}
		}
	}
}

static void
rule_period_conflict(ctx *c, const void *data)
{
	(void)data;
	for (const struct subject *sj = subjects; sj->path; sj++) {
		const dpa_field *f;
		const dpa_hdr *parent;
		const dpa_int *v = value_at(c->m, sj->path, &f, &parent);
		conflict k = { .sj = sj };
		if (v->h.set) {
			k.have = true;
			k.lo = k.hi = k.value = v->v;
		}
		walk_texts(c, conflict_text, &k);
	}
}

/* ---- retention, audit, signatures, dates, assistance ------------------- */

static void
rule_retention(ctx *c, const void *data)
{
	(void)data;
	const dpa_retention *r = &c->m->retention;
	if (!r->h.set) {
		finding(c, c->m->h.loc, "retention", "no retention section: the agreement states no storage "
		    "period and no deletion from backups");
		return;
	}
	if (!r->period.h.set)
		finding(c, r->h.loc, "retention.period", "no storage period: say how long the data are kept");
	if (!r->backup_days.h.set)
		finding(c, r->h.loc, "retention.backup_days", "no deletion from backups: say within how many "
		    "days deleted data leave the backups");
}

static void
rule_audit_missing(ctx *c, const void *data)
{
	(void)data;
	const dpa_audit *a = &c->m->audit;
	if (a->method.h.set)
		return;
	const dpa_field *f;
	const dpa_hdr *parent;
	value_at(c->m, "audit.method", &f, &parent);
	buf names = {0};
	for (size_t i = 0; f->enums[i].name; i++)
		buf_printf(&names, "%s%s", i ? ", " : "", f->enums[i].name);
	finding(c, at(c, &a->method.h, &a->h), "audit.method", "no audit method: Annex C.7 names no way "
	    "for the processor to demonstrate compliance; choose one of %s", names.data);
	buf_free(&names);
}

static void
rule_signatories(ctx *c, const void *data)
{
	(void)data;
	static const char *const parties[] = { "controller", "processor" };
	if (c->m->agreement.form.v == DPA_FORM_ONLINE)
		return;  /* accepted with the main terms: there is no signature page */
	for (size_t i = 0; i < sizeof parties / sizeof parties[0]; i++) {
		const dpa_field *f;
		const dpa_hdr *parent;
		const dpa_party *p = value_at(c->m, parties[i], &f, &parent);
		char path[64];
		snprintf(path, sizeof path, "%s.signatories", parties[i]);
		if (!p->signatories.n)
			finding(c, at(c, &p->signatories.h, &p->h), path, "nobody signs for the %s: name who "
			    "signs, or the signature block stays blank", parties[i]);
	}
}

static int
date_cmp(const dpa_date *a, const dpa_date *b)
{
	long x = a->y * 10000L + a->m * 100 + a->d, y = b->y * 10000L + b->m * 100 + b->d;
	return (x > y) - (x < y);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static long
date_days(const dpa_date *x)
{
	long y = x->y - (x->m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (x->m + (x->m > 2 ? -3 : 9)) + 2) / 5 + x->d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* An approval this long after the agreement's date is no late approval
 * recorded in a new version but a typing error (DPA038, not DPA029). */
enum { IMPOSSIBLE_LATER_DAYS = 366 };

static const int dates_impossible = 1;

static void
rule_date_order(ctx *c, const void *data)
{
	bool impossible = data == &dates_impossible;
	const dpa_date *d = &c->m->agreement.date;
	const dpa_list *l = &c->m->sub_processors.list;
	for (size_t i = 0; d->h.set && i < l->n; i++) {
		const dpa_subprocessor *s = ITEM(*l, dpa_subprocessor, i);
		const dpa_date *a = &s->approved_since;
		if (!a->h.set || date_cmp(a, d) <= 0)
			continue;
		long later = date_days(a) - date_days(d);
		if (impossible != (later > IMPOSSIBLE_LATER_DAYS))
			continue;
		if (impossible) {
			char path[64];
			snprintf(path, sizeof path, "sub_processors.list[%zu].approved_since", i);
			finding(c, a->h.loc, path, "%s was approved on %04d-%02d-%02d, %ld days after the "
			    "agreement's date %04d-%02d-%02d: an agreement cannot record an approval that "
			    "lies years ahead; correct the date", s->name.s, a->y, a->m, a->d, later,
			    d->y, d->m, d->d);
			continue;
		}
		char path[64];
		snprintf(path, sizeof path, "sub_processors.list[%zu].approved_since", i);
		finding(c, a->h.loc, path, "%s was approved on %04d-%02d-%02d, after the agreement's date "
		    "%04d-%02d-%02d: record a later approval in a new version of the agreement (agreement.date "
		    "and version)", s->name.s, a->y, a->m, a->d, d->y, d->m, d->d);
	}
}

/* Art. 12(3): one month for the controller; the shortest month has 28 days. */
enum { ART12_MONTH_DAYS = 28 };

static void
rule_assistance_deadline(ctx *c, const void *data)
{
	(void)data;
	const dpa_int *r = &c->m->assistance.response_days;
	if (r->h.set && r->v >= ART12_MONTH_DAYS)
		finding(c, r->h.loc, "assistance.response_days", "%ld days uses up the controller's own "
		    "deadline of one month to answer the data subject: agree a shorter one", r->v);
}

/* ---- the text of the agreement (DPA032, DPA033) ------------------------ */

static const pat fill_words[] = {
	{ "indsæt", 0 }, { "insert", 0 }, { "udfyld", 0 }, { "fill in", 0 }, { NULL, 0 },
};

/* Length of "[X]", "[...]", "[indsæt", "<insert" ... at s, or 0. */
static size_t
bracket_placeholder(const unsigned char *p)
{
	for (const pat *f = fill_words; f->text; f++) {
		size_t m = match_at((const char *)p + 1, f->text);
		for (size_t k = 1 + m; m && k < 80 && p[k] && p[k] != '\n'; k++)
			if (p[k] == (*p == '[' ? ']' : '>'))
				return k + 1;
		if (m)
			return 1 + m;
	}
	if (*p != '[')
		return 0;
	size_t k = 1;
	bool any = false;
	for (;;) {
		if (p[k] == 'X' || p[k] == '.' || p[k] == '_') {
			k++;
			any = true;
		} else if (p[k] == 0xE2 && p[k + 1] == 0x80 && p[k + 2] == 0xA6) {  /* … */
			k += 3;
			any = true;
		} else if (p[k] == ' ') {
			k++;
		} else {
			break;
		}
	}
	return any && p[k] == ']' ? k + 1 : 0;
}

/* Is the line around p only underscores (a Markdown thematic break)? */
static bool
rule_line(const char *start, const char *p)
{
	while (p > start && p[-1] != '\n')
		p--;
	for (; *p && *p != '\n'; p++)
		if (*p != '_' && *p != ' ' && *p != '\t')
			return false;
	return true;
}

/* The first placeholder in s: "[X]", "[...]", "[indsæt ...", "<insert
 * ...", "XX", "___", "TODO", "TBD", "FIXME"; its length in *len. */
static const char *
find_placeholder(const char *s, size_t *len)
{
	static const char *const words[] = { "TODO", "TBD", "FIXME" };
	/* Only these bytes start a placeholder: the rest is skipped in runs. */
	for (const unsigned char *p = (const unsigned char *)s; *(p += strcspn((const char *)p, "[<X_TF")); p++) {
		size_t n = 0;
		bool start = p == (const unsigned char *)s || !word_byte(p[-1]);
		if (*p == '[' || *p == '<')
			n = bracket_placeholder(p);
		else if (start && *p == 'X') {
			while (p[n] == 'X')
				n++;
			n = n >= 2 && !word_byte(p[n]) ? n : 0;
		} else if (start && *p == '_') {
			while (p[n] == '_')
				n++;
			n = n >= 3 && !rule_line(s, (const char *)p) ? n : 0;
		} else if (start) {
			for (size_t i = 0; !n && i < sizeof words / sizeof words[0]; i++) {
				size_t w = strlen(words[i]);
				if (strncmp((const char *)p, words[i], w) == 0 && !word_byte(p[w]))
					n = w;
			}
		}
		if (n) {
			*len = n;
			return (const char *)p;
		}
	}
	return NULL;
}

static void
placeholder_value(ctx *c, const text_ref *t, void *arg)
{
	(void)arg;
	size_t len;
	const char *hit = find_placeholder(t->s, &len);
	char ex[96];
	const char *why;
	if (hit)
		finding(c, t->v->h.loc, t->path, "a placeholder is left: \"%s\"",
		    excerpt(hit, len, ex, sizeof ex));
	else if ((why = placeholder_why(t->path, t->v->s)) != NULL)
		finding(c, t->v->h.loc, t->path, "a placeholder is left: \"%s\" is %s",
		    excerpt(t->v->s, strlen(t->v->s), ex, sizeof ex), why);
}

/* Markdown values are inserted unmarked (marks would split their blocks):
 * blank them out of the template's text as template_text does the marked
 * ones, so that a placeholder in one is reported once, at its own line. */
static void
blank_md_value(ctx *c, const text_ref *t, void *arg)
{
	(void)c;
	buf *text = arg;
	size_t n = strlen(t->v->s);
	if (t->f->type != DPA_T_MD || !n)
		return;
	for (char *p = text->data; (p = strstr(p, t->v->s)) != NULL; p += n)
		for (size_t i = 0; i < n; i++)
			if (p[i] != '\n')
				p[i] = ' ';
}

/* The agreement's text as the templates give it: the values (between the
 * highlight marks) and Markdown's backslash escapes taken out, lines kept. */
static void
template_text(const buf *md, buf *out)
{
	static const size_t mark = sizeof DPA_MARK_ON - 1;
	bool in = false;
	/* Never longer than md: write straight into the buffer. */
	buf_grow(out, md->len);
	char *w = out->data + out->len;
	const char *p = md->data ? md->data : "", *end = p + md->len;
	while (p < end) {
		/* Template text is copied in runs up to a backslash or a mark; a
		 * value keeps only its line breaks. */
		const char *stop = p;
		if (!in) {
			stop += strcspn(p, "\\\xEE");   /* md has no NUL but its end */
			memcpy(w, p, (size_t)(stop - p));
			w += stop - p;
		} else {
			const char *q = memchr(p, 0xEE, (size_t)(end - p));
			for (stop = q ? q : end; p < stop; p++)
				if (*p == '\n')
					*w++ = '\n';
		}
		p = stop;
		if (p >= end)
			break;
		if ((size_t)(end - p) >= mark && (memcmp(p, DPA_MARK_ON, mark) == 0 ||
		    memcmp(p, DPA_MARK_OFF, mark) == 0)) {
			in = p[mark - 1] == DPA_MARK_ON[mark - 1];
			*w++ = ' ';
			p += mark;
		} else if (in) {
			p++;
		} else if (*p == '\\' && p + 1 < end && ispunct((unsigned char)p[1])) {
			*w++ = p[1];
			p += 2;
		} else {
			*w++ = *p++;
		}
	}
	*w = '\0';
	out->len = (size_t)(w - out->data);
}

/* "clause 10.2", "annex C", "section C.2" ...: the part holding line. */
static void
part_at(const dpa_rendered *r, uint32_t line, buf *out)
{
	const dpa_heading *best = NULL;
	for (size_t i = 0; i < r->nindex; i++) {
		const dpa_heading *h = &r->index[i];
		if (h->line && h->line <= line && (!best || h->line >= best->line))
			best = h;
	}
	/* A part without number or title (a list, an anonymous sub-clause)
	 * belongs to the heading before it. */
	while (best && best > r->index && best->kind != DPA_HEAD_FOOTER && !best->title &&
	    !(best->number && *best->number))
		best--;
	if (!best)
		buf_puts(out, "the front matter");
	else if (best->kind == DPA_HEAD_FOOTER)
		buf_puts(out, "the footer");
	else if (best->number && *best->number)
		buf_printf(out, "%s %s", best->kind == DPA_HEAD_ANNEX ? "annex" :
		    best->kind == DPA_HEAD_SECTION ? "section" : "clause", best->number);
	else
		buf_printf(out, "\"%s\"", best->title ? best->title : "");
}

/* E-mail addresses are no text values (the index leaves them out). */
static void
placeholder_email(ctx *c, const dpa_person *p, const char *path)
{
	const char *why = p->email.h.set ? placeholder_why(path, p->email.s) : NULL;
	if (why)
		finding(c, p->email.h.loc, path, "a placeholder is left: \"%s\" is %s", p->email.s, why);
}

static void
placeholder_emails(ctx *c)
{
	const dpa_party *ps[] = { &c->m->controller, &c->m->processor };
	static const char *const names[] = { "controller", "processor" };
	char path[96];
	for (size_t i = 0; i < 2; i++) {
		const dpa_list *ls[] = { &ps[i]->contacts, &ps[i]->signatories };
		static const char *const lnames[] = { "contacts", "signatories" };
		for (size_t k = 0; k < 2; k++)
			for (size_t j = 0; j < ls[k]->n; j++) {
				snprintf(path, sizeof path, "%s.%s[%zu].email", names[i], lnames[k], j);
				placeholder_email(c, ITEM(*ls[k], dpa_person, j), path);
			}
		snprintf(path, sizeof path, "%s.dpo.email", names[i]);
		placeholder_email(c, &ps[i]->dpo, path);
	}
}

static void
rule_placeholder(ctx *c, const void *data)
{
	(void)data;
	walk_texts(c, placeholder_value, NULL);
	placeholder_emails(c);
	if (!c->r)
		return;
	buf text = {0}, where = {0};
	template_text(&c->r->md, &text);
	walk_texts(c, blank_md_value, &text);
	uint32_t line = 1;
	const char *from = text.data;
	size_t len;
	for (const char *hit; (hit = find_placeholder(from, &len)) != NULL; from = hit + len) {
		for (const char *p = from; p < hit; p++)
			line += *p == '\n';
		buf_reset(&where);
		part_at(c->r, line, &where);
		char ex[96];
		finding(c, c->m->h.loc, NULL, "the template set leaves a placeholder in %s of the agreement "
		    "(line %u of its Markdown): \"%s\"", where.data, line, excerpt(hit, len, ex, sizeof ex));
	}
	buf_free(&text);
	buf_free(&where);
}

static void
rule_render(ctx *c, const void *data)
{
	(void)data;
	for (size_t i = 0; i < c->render_d.n; i++) {
		const dpa_diag *x = &c->render_d.v[i];
		if (x->sev == DPA_SEV_ERROR)
			finding(c, x->loc.file ? x->loc : c->m->h.loc, x->path, "%s", x->msg);
	}
}

/* ---- the agreement's parts survive its Markdown (DPA042) --------------- */

/* Does a line start (after up to 3 spaces) with "<", ``` or ~~~: could
 * an HTML block or a fence open there?  Only such a block, begun at the
 * top level, runs over a heading at the start of a line: a paragraph, a
 * list, a quote or a table ends before one.  Without such a line the
 * agreement needs no second parse (it cost a fifth of a render), and the
 * built-in templates and the values the loader lets through have none. */
static bool
may_swallow(const buf *md)
{
	const char *s = md->data ? md->data : "", *end = s + md->len;
	/* The three bytes are rare in an agreement: find each, then look at
	 * its line. */
	for (const char *c = "<`~"; *c; c++)
		for (const char *q = s; (q = memchr(q, *c, (size_t)(end - q))) != NULL; q++) {
			const char *b = q;
			while (b > s && q - b < 3 && b[-1] == ' ')
				b--;
			if ((b == s || b[-1] == '\n') && (*c == '<' || (end - q >= 3 && q[1] == *c && q[2] == *c)))
				return true;
		}
	return false;
}

/* Every clause, annex, section and part the template set put in the
 * agreement, and its footer, must come out of the Markdown parser as its
 * own top-level block: an HTML block or an unclosed code fence
 * before it (a value's "<!--" did it) swallows the rest unseen, the
 * signatures and the footer with it.  The index gives each its line; a
 * part that does not start a block there is gone from every output. */
static void
rule_parts(ctx *c, const void *data)
{
	(void)data;
	if (!c->r || !may_swallow(&c->r->md))
		return;
	dpa_ast a;
	dpa_diags pd = {0};
	if (doc_parse(c->r, &a, &pd) != 0) {    /* the tables' cell limit: render reports it */
		doc_free(&a);
		diags_free(&pd);
		return;
	}
	const dpa_heading *first = NULL;
	size_t missing = 0;
	bool sig = false, footer = false;
	for (size_t i = 0; i < c->r->nindex; i++) {
		const dpa_heading *h = &c->r->index[i];
		/* Sub-clauses are paragraphs; a template can join one to the
		 * text before it without any block swallowing it. */
		if (!h->line || h->kind == DPA_HEAD_TOC || h->kind == DPA_HEAD_SUB || a.node_of[i])
			continue;
		first = first ? first : h;
		missing++;
		sig |= h->kind == DPA_HEAD_PART && h->id && strcmp(h->id, "signatures") == 0;
		footer |= h->kind == DPA_HEAD_FOOTER;
	}
	if (first) {
		/* The top-level block that holds the first part lost. */
		cmark_node *n = cmark_node_first_child(a.root);
		while (n && cmark_node_get_end_line(n) < (int)first->line && cmark_node_get_end_line(n) > 0)
			n = cmark_node_next(n);
		buf what = {0};
		bool first_sig = first->kind == DPA_HEAD_PART && first->id && strcmp(first->id, "signatures") == 0;
		if (first->kind == DPA_HEAD_FOOTER)
			buf_puts(&what, "the footer");
		else if (first_sig)
			buf_puts(&what, "the signatures");
		else
			part_at(c->r, first->line, &what);
		bool more_sig = sig && !first_sig, more_footer = footer && first->kind != DPA_HEAD_FOOTER;
		cmark_node_type t = n ? cmark_node_get_type(n) : CMARK_NODE_NONE;
		finding(c, c->m->h.loc, NULL, "%s %s lost from the rendered agreement%s%s%s: from line %u of "
		    "its Markdown on, %zu part%s %s inside the %s that starts at line %d; close or remove it "
		    "in the template set", what.data, first_sig ? "are" : "is", more_sig || more_footer ? ", and with it " : "",
		    more_sig ? "the signatures" : "", more_footer ? (more_sig ? " and the footer" : "the footer") : "",
		    first->line, missing, missing == 1 ? "" : "s", missing == 1 ? "is" : "are",
		    t == CMARK_NODE_HTML_BLOCK ? "raw HTML block" : t == CMARK_NODE_CODE_BLOCK ? "code block" :
		    n ? cmark_node_get_type_string(n) : "document", n ? cmark_node_get_start_line(n) : 0);
		buf_free(&what);
	}
	doc_free(&a);
	diags_free(&pd);
}

/* ---- look-alike names (DPA043) ----------------------------------------- */

/* The path is formatted only for a finding (most names pass): i is the
 * sub-processor's index, or -1 for a party. */
static void
mixed_name(ctx *c, const dpa_str *v, const char *party, long i)
{
	char why[256], where[64];
	if (!v->h.set || !v->s)
		return;
	int r = confusable_mixed(v->s, why, sizeof why);
	if (!r)
		return;
	if (i < 0)
		snprintf(where, sizeof where, "%s.name", party);
	else
		snprintf(where, sizeof where, "sub_processors.list[%ld].name", i);
	if (r > 0)
		finding(c, v->h.loc, where, "\"%s\" %s; it can pass for another name: write it in one "
		    "script", v->s, why);
	else
		finding(c, v->h.loc, where, "cannot look for look-alike letters in \"%s\": %s (the "
		    "Debian package libicu72 provides ICU)", v->s, why);
}

static void
rule_mixed_scripts(ctx *c, const void *data)
{
	(void)data;
	mixed_name(c, &c->m->controller.name, "controller", -1);
	mixed_name(c, &c->m->processor.name, "processor", -1);
	for (size_t i = 0; i < c->m->sub_processors.list.n; i++)
		mixed_name(c, &ITEM(c->m->sub_processors.list, dpa_subprocessor, i)->name, NULL, (long)i);
}

/* ---- the text index ---------------------------------------------------- */

/* The phrase lists the rules ask of the sentences of the free text.  Each
 * text is scanned once for all of them: asked list by list, the sentences
 * were scanned a dozen times, a quarter of an HTML render's instructions. */
static const pat *const sentence_lists[] = {
	privacy_shield.pats, safe_harbour.pats, scc_2010.pats, directive.pats, pdl.pats, no_longer,
	breach_words, authority_words, sub_words, notice_words, objection_words, every_agreement,
	termination_words, deletion_words, end_words, backup_words, NULL,
};

enum { NSENTENCE_LISTS = sizeof sentence_lists / sizeof sentence_lists[0] - 1, MAX_PHRASES = 160 };
_Static_assert(NSENTENCE_LISTS <= 32, "a sentence's mask has 32 bits");

/* The phrases of sentence_lists by their first byte (phrases are lower
 * case, and none starts with a space). */
typedef struct matcher {
	const pat *p[MAX_PHRASES];
	uint32_t bit[MAX_PHRASES];
	uint16_t start[257];   /* first byte b: entries start[b] to start[b + 1] - 1 */
	bool inner;            /* a phrase may start inside a word (no W_START) */
} matcher;

static void
matcher_init(matcher *mt)
{
	uint16_t count[256] = {0};
	for (size_t l = 0; l < NSENTENCE_LISTS; l++)
		for (const pat *p = sentence_lists[l]; p->text; p++)
			count[(unsigned char)p->text[0]]++;
	if (count[' '])
		internal_error("a phrase starts with a space");
	mt->start[0] = 0;
	for (size_t b = 0; b < 256; b++)
		mt->start[b + 1] = (uint16_t)(mt->start[b] + count[b]);
	if (mt->start[256] > MAX_PHRASES)
		internal_error("too many phrases for the text index");
	mt->inner = false;
	uint16_t fill[256];
	memcpy(fill, mt->start, sizeof fill);
	for (size_t l = 0; l < NSENTENCE_LISTS; l++)
		for (const pat *p = sentence_lists[l]; p->text; p++) {
			uint16_t k = fill[(unsigned char)p->text[0]]++;
			mt->p[k] = p;
			mt->bit[k] = UINT32_C(1) << l;
			mt->inner |= !(p->flags & W_START);
		}
}

/* st->has: the lists with a phrase in the sentence, as find_any() would
 * find it list by list. */
static void
index_sentence(const matcher *mt, sentence *st)
{
	const unsigned char *s = (const unsigned char *)st->s;
	uint32_t has = 0;
	for (size_t i = 0; i < st->n; i++) {
		unsigned b = ascii_lower(s[i]);
		bool inside = i && word_byte(s[i - 1]);
		if (inside && !mt->inner)
			continue;   /* every phrase starts a word: only word starts are tried */
		for (unsigned k = mt->start[b]; k < mt->start[b + 1]; k++) {
			const pat *p = mt->p[k];
			if ((has & mt->bit[k]) || ((p->flags & W_START) && inside))
				continue;
			size_t m = match_at(st->s + i, p->text);
			if (m && i + m <= st->n && !((p->flags & W_END) && word_byte(s[i + m])))
				has |= mt->bit[k];
		}
	}
	st->has = has;
}

static bool
sentence_has(const sentence *st, const pat *list)
{
	for (size_t l = 0; l < NSENTENCE_LISTS; l++)
		if (sentence_lists[l] == list)
			return st->has >> l & 1;
	internal_error("a phrase list missing from sentence_lists");
}

typedef struct collector {
	const matcher *mt;
	size_t cap;            /* of c->texts */
	sentence *sv;          /* one text's sentences as they are found */
	size_t sv_cap;
	buf tmp;
} collector;

/* Remember v's form, for form_of(). */
static void
form_add(ctx *c, const dpa_str *v, const char *form)
{
	if (2 * (c->fcap ? c->ftaken + 1 : 1) > c->fcap) {
		size_t cap = c->fcap ? 2 * c->fcap : 64;
		const dpa_str **keys = xcalloc(cap, sizeof *keys);
		const char **vals = xcalloc(cap, sizeof *vals);
		for (size_t i = 0; i < c->fcap; i++) {
			if (!c->fkey[i])
				continue;
			size_t h = form_hash(c->fkey[i], cap);
			while (keys[h])
				h = (h + 1) & (cap - 1);
			keys[h] = c->fkey[i];
			vals[h] = c->fval[i];
		}
		free(c->fkey);
		free(c->fval);
		c->fkey = keys;
		c->fval = vals;
		c->fcap = cap;
	}
	size_t h = form_hash(v, c->fcap);
	while (c->fkey[h])
		h = (h + 1) & (c->fcap - 1);
	c->fkey[h] = v;
	c->fval[h] = form;
	c->ftaken++;
}

/* The text the rules match (text_ref.s): a Markdown value's text as a
 * reader sees it ("Privacy **Shield**", "Privacy&#32;Shield"), and any
 * value with look-alike letters folded ("Privacy Shiеld" with a Cyrillic
 * е), so that check reads what the agreement shows. */
static const char *
match_form(ctx *c, const text_ref *t, buf *tmp)
{
	const char *s = t->v->s;
	bool md = (t->f->type == DPA_T_LIST ? t->f->elem : t->f->type) == DPA_T_MD;
	if (md) {
		buf_reset(tmp);
		doc_value_text(s, strlen(s), tmp);
		s = arena_strdup(&c->mem, tmp->data);
	}
	buf_reset(tmp);
	if (confusable_fold(s, tmp))
		s = arena_strdup(&c->mem, tmp->data);
	if (s != t->v->s && !md)
		form_add(c, t->v, s);
	return s;
}

static void
collect_text(ctx *c, const text_ref *t, void *arg)
{
	collector *col = arg;
	size_t n = 0;
	const char *form = match_form(c, t, &col->tmp);
	for (const char *p = form; *p; p += col->sv[n++].n) {
		if (n == col->sv_cap) {
			col->sv_cap = col->sv_cap ? 2 * col->sv_cap : 64;
			col->sv = xrealloc(col->sv, col->sv_cap * sizeof *col->sv);
		}
		col->sv[n] = (sentence){ p, sentence_len(p), 0 };
		index_sentence(col->mt, &col->sv[n]);
	}
	sentence *sv = arena_alloc(&c->mem, (n ? n : 1) * sizeof *sv);
	if (n)
		memcpy(sv, col->sv, n * sizeof *sv);
	if (c->ntexts == col->cap) {
		col->cap = col->cap ? 2 * col->cap : 64;
		c->texts = xrealloc(c->texts, col->cap * sizeof *c->texts);
	}
	c->texts[c->ntexts++] = (text_ref){ t->f, t->v, form, arena_strdup(&c->mem, t->path), sv, n };
}

/* Walk the config's text values once, for every rule that reads them. */
static void
index_texts(ctx *c)
{
	matcher mt;
	matcher_init(&mt);
	collector col = { .mt = &mt };
	buf path = {0};
	buf_puts(&path, "");
	walk_struct(c, &dpa_model_def, c->m, &path, collect_text, &col);
	buf_free(&path);
	buf_free(&col.tmp);
	free(col.sv);
}

/* ---- terms a controller cannot work with (DPA039-DPA041) --------------- */

/* Days a controller needs to look at a new sub-processor (its terms, its
 * security, a transfer impact assessment) before it can object in time. */
enum { MIN_NOTICE_DAYS = 14 };

static void
rule_notice_short(ctx *c, const void *data)
{
	(void)data;
	const dpa_subprocessors *sp = &c->m->sub_processors;
	if (sp->notice_days.h.set && sp->notice_days.v > 0 && sp->notice_days.v < MIN_NOTICE_DAYS)
		finding(c, sp->notice_days.h.loc, "sub_processors.notice_days", "%ld days' notice leaves the "
		    "controller no real chance to assess a new sub-processor and object: agree at least %d "
		    "(30 is usual)", sp->notice_days.v, MIN_NOTICE_DAYS);
}

/* A transfer basis or note on a sub-processor that makes no transfer: the
 * templates state it nowhere, so the config says something the agreement
 * does not. */
static void
rule_basis_without_transfer(ctx *c, const void *data)
{
	(void)data;
	const dpa_list *l = &c->m->sub_processors.list;
	for (size_t i = 0; i < l->n; i++) {
		const dpa_subprocessor *s = ITEM(*l, dpa_subprocessor, i);
		const dpa_hdr *h = s->transfer_basis.h.set ? &s->transfer_basis.h :
		    s->tia.h.set ? &s->tia.h : &s->transfer_note.h;
		if (!h->set)
			continue;
		third t;
		third_of(s, i, &t);
		size_t n = t.n;
		third_free(&t);
		if (n)
			continue;
		char path[64];
		snprintf(path, sizeof path, "sub_processors.list[%zu].%s", i,
		    s->transfer_basis.h.set ? "transfer_basis" : s->tia.h.set ? "tia" : "transfer_note");
		finding(c, h->loc, path, "%s is established and processes data inside the EU/EEA: there "
		    "is no transfer for a basis or note to cover; remove it, or list the third country in "
		    "locations", s->name.s);
	}
}

/* The history must be in order and end with the version the agreement
 * says it is, or the table tells the reader something else. */
static void
rule_history(ctx *c, const void *data)
{
	(void)data;
	const dpa_agreement *ag = &c->m->agreement;
	const dpa_list *l = &ag->history;
	char path[64];
	for (size_t i = 1; i < l->n; i++) {
		const dpa_date *a = &ITEM(*l, dpa_version, i - 1)->date, *b = &ITEM(*l, dpa_version, i)->date;
		if (b->y * 10000 + b->m * 100 + b->d >= a->y * 10000 + a->m * 100 + a->d)
			continue;
		snprintf(path, sizeof path, "agreement.history[%zu].date", i);
		finding(c, b->h.loc, path, "%04d-%02d-%02d is earlier than the version before it "
		    "(%04d-%02d-%02d): list the versions oldest first", b->y, b->m, b->d, a->y, a->m, a->d);
	}
	if (!l->n || !ag->version.h.set)
		return;
	const dpa_version *last = ITEM(*l, dpa_version, l->n - 1);
	if (last->version.s && strcmp(last->version.s, ag->version.s) != 0) {
		snprintf(path, sizeof path, "agreement.history[%zu].version", l->n - 1);
		finding(c, last->version.h.loc, path, "the latest version in the history is %s, but "
		    "agreement.version is %s: add version %s (with what changed) or correct the version",
		    last->version.s, ag->version.s, ag->version.s);
	}
}

/* The basis a transfer to k rests on: the first listed one that can
 * carry it (the DPF only once the certification is verified), or -1. */
static long
relied_on(const dpa_subprocessor *s, const dpa_country *k)
{
	for (size_t j = 0; j < s->transfer_basis.n; j++) {
		long b = ITEM(s->transfer_basis, dpa_int, j)->v;
		/* The US decision is the DPF: certified recipients only. */
		bool dpf = b == DPA_BASIS_DPF || (b == DPA_BASIS_ADEQUACY && k == dpf_country());
		if (basis_covers(b, k) && (!dpf || s->dpf_certified.v))
			return b;
	}
	return -1;
}

/* Clause 14 of the 2021/914 clauses (and BCR after Schrems II) require
 * an assessment of the destination's law and practice. */
static void
rule_tia(ctx *c, const void *data)
{
	(void)data;
	const dpa_list *l = &c->m->sub_processors.list;
	for (size_t i = 0; i < l->n; i++) {
		const dpa_subprocessor *s = ITEM(*l, dpa_subprocessor, i);
		if (s->tia.h.set)
			continue;
		third t;
		third_of(s, i, &t);
		const dpa_country *need = NULL;
		long b = -1;
		for (size_t o = 0; !need && o + 1 < t.codes.len; o += 4) {
			const dpa_country *k = country_find((char[3]){ t.codes.data[o], t.codes.data[o + 1], 0 });
			b = k ? relied_on(s, k) : -1;
			if (b == DPA_BASIS_SCC || b == DPA_BASIS_BCR)
				need = k;
		}
		third_free(&t);
		if (!need)
			continue;
		char path[64];
		snprintf(path, sizeof path, "sub_processors.list[%zu].tia", i);
		finding(c, at(c, &s->transfer_basis.h, &s->h), path, "the transfer to %s in %s rests on %s, "
		    "which needs an assessment of the law and practice there: set tia to the transfer impact "
		    "assessment's date or reference", s->name.s, need->code,
		    b == DPA_BASIS_SCC ? "standard contractual clauses" : "binding corporate rules");
	}
}

static void
rule_inspections_excluded(ctx *c, const void *data)
{
	(void)data;
	const dpa_int *v = &c->m->audit.inspections;
	if (v->h.set && v->v == DPA_INSPECTIONS_EXCLUDED)
		finding(c, at(c, &v->h, &c->m->audit.h), "audit.inspections", "the controller may not "
		    "inspect: Art. 28(3)(h) requires the processor to allow for and contribute to audits, "
		    "including inspections; limit them (notice_days, max_per_year) instead");
}

/* ---- who the parties are (DPA036, DPA037) ------------------------------ */

/* The identification the standard's heading and B.1 columns hold. */
static void
identify(ctx *c, const char *who, const dpa_hdr *h, const dpa_str *name, const dpa_str *reg,
    const dpa_str *addr, const dpa_str *postcode, const dpa_str *city)
{
	const char *missing[3];
	size_t n = 0;
	if (!reg->h.set || blank(reg->s))
		missing[n++] = "registration";
	if (!addr->h.set || blank(addr->s))
		missing[n++] = "address";
	if (postcode && city && (!city->h.set || blank(city->s)) && (!postcode->h.set || blank(postcode->s)))
		missing[n++] = "postcode and city";
	if (!n)
		return;
	buf what = {0};
	for (size_t i = 0; i < n; i++)
		buf_printf(&what, "%s%s", i ? (i + 1 == n ? " and " : ", ") : "", missing[i]);
	finding(c, at(c, h, NULL), who, "%s is not identified: give its %s (as the %s)",
	    name->h.set ? name->s : who, what.data, postcode ?
	    "heading of the agreement shows it" : "columns of Annex B.1 show it");
	buf_free(&what);
}

static void
rule_parties_identified(ctx *c, const void *data)
{
	(void)data;
	const dpa_party *ps[] = { &c->m->controller, &c->m->processor };
	static const char *const names[] = { "controller", "processor" };
	/* Online, the controller is whoever accepts the main terms; the
	 * processor, whose terms they are, must still be identified. */
	size_t first = c->m->agreement.form.v == DPA_FORM_ONLINE ? 1 : 0;
	for (size_t i = first; i < 2; i++)
		identify(c, names[i], &ps[i]->h, &ps[i]->name, &ps[i]->registration, &ps[i]->address,
		    &ps[i]->postcode, &ps[i]->city);
}

static void
rule_subprocessors_identified(ctx *c, const void *data)
{
	(void)data;
	const dpa_list *l = &c->m->sub_processors.list;
	for (size_t i = 0; i < l->n; i++) {
		const dpa_subprocessor *s = ITEM(*l, dpa_subprocessor, i);
		char path[48];
		snprintf(path, sizeof path, "sub_processors.list[%zu]", i);
		identify(c, path, &s->h, &s->name, &s->registration, &s->address, NULL, NULL);
	}
}

/* ---- what the agreement states (DPA034, DPA035) ------------------------- */

static void
other_lang_text(ctx *c, const text_ref *t, void *arg)
{
	(void)arg;
	if (t->v->other_lang)
		finding(c, t->v->h.loc, t->path, "has no text in %s, so the agreement shows the %s text; add "
		    "the %s text ({da: ..., en: ...})", dpa_model_lang(c->m) == DPA_LANG_EN ? "English" :
		    "Danish", dpa_model_lang(c->m) == DPA_LANG_EN ? "Danish" : "English",
		    dpa_lang_code(dpa_model_lang(c->m)));
}

static void
rule_other_language(ctx *c, const void *data)
{
	(void)data;
	walk_texts(c, other_lang_text, NULL);
}

/* Annex A states the Art. 9, Art. 10 and CPR data only from the config:
 * a config that says nothing must not become "none" or "some". */
static void
rule_sensitive_unstated(ctx *c, const void *data)
{
	(void)data;
	const dpa_processing *p = &c->m->processing;
	static const struct { size_t off; const char *path, *what, *fix; } facts[] = {
		{ offsetof(dpa_processing, special_categories), "processing.special_categories",
		  "special categories of data (Art. 9)", "list them, or write [] for none" },
		{ offsetof(dpa_processing, criminal_offences), "processing.criminal_offences",
		  "criminal offence data (Art. 10)", "list them, or write [] for none" },
		{ offsetof(dpa_processing, cpr_numbers), "processing.cpr_numbers",
		  "national identification (CPR) numbers", "write true or false" },
	};
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
		const dpa_hdr *h = (const dpa_hdr *)((const char *)p + facts[i].off);
		if (!h->set)
			finding(c, at(c, h, &p->h), facts[i].path, "the config does not say whether the "
			    "processing covers %s, so Annex A cannot state it: %s", facts[i].what, facts[i].fix);
	}
}

/* DPA000 is reported by `check` itself when the config does not load. */
static void
rule_none(ctx *c, const void *data)
{
	(void)c;
	(void)data;
}

/* ---- the rule table ---------------------------------------------------- */

static const int notes_only = 1;

#define RULE(id_, sev_, title_, basis_, fn_, data_, explain_) \
	{ { id_, DPA_SEV_##sev_, title_, basis_, explain_ }, fn_, data_ }

/* In id order; an id is never reused or renumbered. */
static const rule_def rules[] = {
	RULE("DPA000", ERROR, "The config or the template set does not load",
	    "Art. 28(9) GDPR (the terms in writing); dpagen-config(5)", rule_none, NULL,
	    "The config (or a file it extends, an override, or the template set) has an error that\n"
	    "stops dpagen before any rule runs: a YAML syntax error, an unknown key, a value of the\n"
	    "wrong kind, a choice that needs a value.  `check --format json` and `--format sarif`\n"
	    "report each such error under this id at its file, line and column, and exit 2.\n\n"
	    "Fix: correct the config as the message says (dpagen schema lists every key)."),
	RULE("DPA001", ERROR, "An Art. 28(3) element of the processing is empty",
	    "Art. 28(3) GDPR, first subparagraph", rule_art28_empty, NULL,
	    "Art. 28(3) requires the agreement to set out the subject matter and duration of the\n"
	    "processing, its nature and purpose, the type of personal data and the categories of\n"
	    "data subjects.  The templates state each of them from the config (Annexes A and C.1),\n"
	    "so a value of only spaces leaves the element empty in the signed agreement.\n\n"
	    "Fix: write the content in instructions.subject_matter, processing.purpose, nature,\n"
	    "duration, data_types and data_subjects."),
	RULE("DPA002", WARNING, "A value is empty where the standard expects content",
	    "Art. 28(3) GDPR; Implementing Decision (EU) 2021/915, Clause 2 (the annexes are completed)",
	    rule_empty_value, NULL,
	    "A key that is present but empty (\"\" or only spaces) renders as nothing where the\n"
	    "standard DPA has a field to fill, e.g. the description of the service in clause 2.3.\n"
	    "The standard may only be completed, not left with blanks.\n\n"
	    "Fix: fill the value in, or leave the key out so the template's own wording applies."),
	RULE("DPA003", ERROR, "No breach notification deadline",
	    "Art. 33(2) and 28(3)(f) GDPR", rule_breach_missing, NULL,
	    "The processor must notify the controller of a personal data breach without undue\n"
	    "delay (Art. 33(2)), so that the controller can notify the supervisory authority within\n"
	    "72 hours (Art. 33(1)).  The standard DPA (clause 10.2) fixes the processor's deadline in\n"
	    "hours; without one the controller cannot plan its own.\n\n"
	    "Fix: set breach.notify_hours (24 is usual; at most 48 passes without a warning)."),
	RULE("DPA004", ERROR, "Breach notification deadline over 72 hours",
	    "Art. 33(1) and (2) GDPR", rule_breach_over72, NULL,
	    "The controller has 72 hours to notify the supervisory authority (Art. 33(1)).  A\n"
	    "processor deadline longer than that is hard to square with \"without undue delay\"\n"
	    "(Art. 33(2)) and leaves the controller unable to plan for its own deadline.\n\n"
	    "The boundary: more than 72 hours is an error (this rule), more than 48 and up to 72\n"
	    "hours a warning (DPA005); exactly 72 hours is therefore a warning.\n\n"
	    "Fix: lower breach.notify_hours (24 is usual)."),
	RULE("DPA005", WARNING, "Breach notification deadline over 48 hours",
	    "Art. 33(1) and (2) GDPR", rule_breach_over48, NULL,
	    "A processor deadline of more than 48 hours, up to and including 72, leaves the\n"
	    "controller little or none of its own 72 hours to assess the breach and notify the\n"
	    "supervisory authority.  24 to 48 hours is the usual agreement (convention, not law).\n\n"
	    "Fix: lower breach.notify_hours to 48 or less."),
	RULE("DPA006", WARNING, "Breach notice contents miss an item of Art. 33(3)",
	    "Art. 33(3) and 28(3)(f) GDPR", rule_breach_contents, NULL,
	    "When breach.contents lists what the processor's notice contains, it replaces the\n"
	    "standard list.  The controller's notification must describe the nature of the breach\n"
	    "(Art. 33(3)(a)), its likely consequences (c) and the measures taken or proposed (d);\n"
	    "the processor's notice must give the controller that information.  Point (b), the\n"
	    "contact point, is the controller's own.  The rule looks for words of each point in\n"
	    "the items (Danish and English).\n\n"
	    "Fix: add the missing item, or leave breach.contents out for the standard list."),
	RULE("DPA007", WARNING, "Special categories or criminal offence data at security level normal",
	    "Art. 9, 10 and 32 GDPR; Implementing Decision (EU) 2021/915, Clause 7.5",
	    rule_art9_normal, NULL,
	    "Data of special categories (Art. 9) or on criminal convictions and offences (Art. 10)\n"
	    "carry a higher risk, and Art. 32 sets security by risk.  The standard DPA's Annex C.2\n"
	    "gives such processing level high, and Clause 7.5 of 2021/915 asks for specific\n"
	    "restrictions or additional safeguards.\n\n"
	    "Fix: set security.level: high and describe the additional measures."),
	RULE("DPA008", WARNING, "Special category or criminal offence data listed as ordinary data",
	    "Art. 9(1) and 10 GDPR", rule_art9_as_ordinary, NULL,
	    "processing.data_types holds ordinary personal data.  An item that names health, ethnic\n"
	    "origin, political opinions, religion, trade union membership, sex life, genetic or\n"
	    "biometric data is Art. 9 data; one on criminal convictions or offences is Art. 10 data.\n"
	    "Listed as ordinary, the agreement misstates the processing and the security level\n"
	    "rules (DPA007) cannot see it.\n\n"
	    "Fix: move the item to processing.special_categories or processing.criminal_offences."),
	RULE("DPA009", WARNING, "The security rationale claims data Annex A does not list",
	    "Art. 9, 10 and 32 GDPR; Art. 28(3) (type of personal data)", rule_art9_claim, NULL,
	    "security.rationale grounds the security level on special categories (Art. 9) or\n"
	    "criminal offence data (Art. 10), but Annex A lists none.  One of the two is wrong: the\n"
	    "agreement either hides data it processes or justifies its security by data it does not\n"
	    "process.  A sentence that denies the data (\"ikke\", \"ingen\", \"not\", \"no\") does not\n"
	    "count.\n\n"
	    "Fix: list the data in processing.special_categories or criminal_offences, or correct\n"
	    "the rationale."),
	RULE("DPA010", WARNING, "Security measures only restate Art. 32(1)",
	    "Art. 28(3)(c) and 32 GDPR; Implementing Decision (EU) 2021/915, Annex III; "
	    "EDPB Opinion 14/2019", rule_generic_toms, NULL,
	    "Annex C.2 must describe the technical and organisational measures concretely and not\n"
	    "generically (2021/915, Annex III).  The rule reports no measures at all, and measures\n"
	    "that each only repeat the words of Art. 32(1): pseudonymisation and encryption;\n"
	    "confidentiality, integrity, availability and resilience; restoring availability;\n"
	    "regular testing; \"appropriate technical and organisational measures\".\n\n"
	    "Fix: list what is actually done, e.g. \"two-factor authentication for all staff\",\n"
	    "\"backups encrypted with AES-256 and restored every six months\"."),
	RULE("DPA011", ERROR, "General authorisation of sub-processors without a notice period",
	    "Art. 28(2) and 28(3)(d) GDPR; Implementing Decision (EU) 2021/915, Clause 7.7(a)",
	    rule_notice_missing, NULL,
	    "Under a general written authorisation the processor must inform the controller of an\n"
	    "intended addition or replacement of sub-processors, giving it the opportunity to\n"
	    "object (Art. 28(2)).  The standard agrees a period of notice for that; without one, or\n"
	    "with 0 days, the controller can be faced with a sub-processor already at work.\n\n"
	    "Fix: set sub_processors.notice_days (30 is usual), or use specific authorisation."),
	RULE("DPA012", ERROR, "General authorisation without a named list of sub-processors",
	    "Art. 28(2) and 28(3)(d) GDPR; Implementing Decision (EU) 2021/915, Clause 7.7(a) "
	    "and Annex IV", rule_list_empty, NULL,
	    "A general authorisation covers the sub-processors the controller has approved in\n"
	    "Annex B.1: named entities, not categories.  With an empty list the controller has\n"
	    "approved nobody, and the notice of changes has no baseline.\n\n"
	    "Fix: list every sub-processor in sub_processors.list, or use authorisation: specific\n"
	    "when the processor uses none."),
	RULE("DPA013", ERROR, "Objection period longer than the notice period",
	    "Art. 28(2) GDPR", rule_objection_longer, NULL,
	    "The notice period is the time between the processor's notice and the new\n"
	    "sub-processor starting.  If the controller has longer to object than that, the\n"
	    "sub-processor can start before the objection period ends, and the right to object\n"
	    "comes too late.\n\n"
	    "Fix: make sub_processors.objection_days at most notice_days."),
	RULE("DPA014", ERROR, "An objection to a sub-processor terminates every agreement",
	    "Art. 28(2) GDPR; Implementing Decision (EU) 2021/915, Clause 7.7(a)",
	    rule_objection_terminates, NULL,
	    "Art. 28(2) gives the controller the opportunity to object to a new sub-processor.  A\n"
	    "term under which an objection automatically terminates all agreements between the\n"
	    "parties turns that right into a penalty: the controller must accept the\n"
	    "sub-processor or lose the service.  The rule reads every free text for a sentence\n"
	    "that ends all agreements (or ends one automatically) next to an objection (Danish and\n"
	    "English).\n\n"
	    "Fix: agree that the processor does not use the sub-processor the controller objected\n"
	    "to, or that the controller may terminate the service affected."),
	RULE("DPA015", WARNING, "A sub-processor is listed twice",
	    "Art. 28(2) GDPR; Annex B.1 of the standard", rule_duplicate, NULL,
	    "Two rows of Annex B.1 with the same name (ignoring case and surrounding space) make\n"
	    "it unclear which locations and services were approved for that sub-processor.\n\n"
	    "Fix: give each sub-processor one row, with all its locations and its service."),
	RULE("DPA016", ERROR, "Processing outside the EU/EEA without a transfer basis",
	    "Art. 44-46 and 28(3)(a) GDPR", rule_transfer_basis, NULL,
	    "A sub-processor established in, or processing in, a country outside the EU/EEA\n"
	    "receives a transfer under Chapter V.  It needs a basis: an adequacy decision (Art. 45),\n"
	    "standard contractual clauses 2021/914 or binding corporate rules (Art. 46, 47), the\n"
	    "EU-US Data Privacy Framework for a certified US organisation, or an Art. 49\n"
	    "derogation.  A country with a full adequacy decision needs none stated (DPA017 notes\n"
	    "it); one whose decision is partial (the United States: certified organisations only)\n"
	    "does.  The processor's own locations need an entry in transfers.list.\n\n"
	    "Fix: set transfer_basis (scc, bcr, dpf, adequacy or art49) for the sub-processor."),
	RULE("DPA017", NOTE, "A transfer rests on an adequacy decision the config does not state",
	    "Art. 45 GDPR", rule_transfer_basis, &notes_only,
	    "The country has a full EU adequacy decision, so the transfer needs no further\n"
	    "safeguard; the agreement is clearer when it says so.  A note, not a defect.\n\n"
	    "Fix (optional): set transfer_basis: adequacy."),
	RULE("DPA018", ERROR, "Privacy Shield cited", "CJEU C-311/18 (Schrems II), 16 July 2020, "
	    "invalidating Decision (EU) 2016/1250", rule_instrument, &privacy_shield,
	    "The Court of Justice invalidated the EU-US Privacy Shield (Decision (EU) 2016/1250) on\n"
	    "16 July 2020.  It is no transfer basis, as transfer_basis or in any text of the\n"
	    "agreement.  US organisations certified under the EU-US Data Privacy Framework\n"
	    "(Decision (EU) 2023/1795) are covered by an adequacy decision; others need the\n"
	    "standard contractual clauses 2021/914.  A sentence that says Privacy Shield is no\n"
	    "longer valid (\"ugyldig\", \"invalid\", \"replaced\" ...) is not reported.\n\n"
	    "Fix: use transfer_basis: dpf (with dpf_certified: true) or scc, and remove the name\n"
	    "from the texts."),
	RULE("DPA019", ERROR, "Safe Harbour cited", "CJEU C-362/14 (Schrems I), 6 October 2015, "
	    "invalidating Decision 2000/520/EC", rule_instrument, &safe_harbour,
	    "The Court of Justice invalidated the Safe Harbour decision (2000/520/EC) on 6 October\n"
	    "2015.  It is no transfer basis, as transfer_basis or in any text.\n\n"
	    "Fix: use scc, or dpf for a certified US recipient, and remove the name from the texts."),
	RULE("DPA020", ERROR, "The old standard contractual clauses (2010/87/EU) cited",
	    "Implementing Decision (EU) 2021/914, Art. 4", rule_instrument, &scc_2010,
	    "Decision (EU) 2021/914 repealed the transfer clauses of Decisions 2001/497/EC (with\n"
	    "2004/915/EC) and 2010/87/EU from 27 September 2021; contracts on the old clauses were\n"
	    "valid only until 27 December 2022.  Citing them, as transfer_basis scc_2010 or in a\n"
	    "text, names clauses that no longer give appropriate safeguards.\n\n"
	    "Fix: use the 2021/914 clauses (transfer_basis: scc; module 3 between processor and\n"
	    "sub-processor)."),
	RULE("DPA021", ERROR, "Directive 95/46/EC cited as in force", "Art. 94 GDPR",
	    rule_instrument, &directive,
	    "The GDPR repealed Directive 95/46/EC with effect from 25 May 2018 (Art. 94(1)).  An\n"
	    "agreement that cites the directive as the law it complies with is out of date.\n\n"
	    "Fix: cite the GDPR (Regulation (EU) 2016/679)."),
	RULE("DPA022", ERROR, "persondataloven cited as in force",
	    "Databeskyttelsesloven (lov nr. 502 af 23. maj 2018), in force 25 May 2018",
	    rule_instrument, &pdl,
	    "The Danish Act on Processing of Personal Data (persondataloven, lov nr. 429 af 31. maj\n"
	    "2000) was replaced on 25 May 2018 by databeskyttelsesloven, which supplements the\n"
	    "GDPR.  The rule matches \"persondataloven\", \"persondatalovens\" and \"persondatalov\"\n"
	    "as whole words, never \"databeskyttelsesloven\" or \"persondatalovgivning\".\n\n"
	    "Fix: cite databeskyttelsesforordningen (GDPR) and databeskyttelsesloven."),
	RULE("DPA023", WARNING, "Partial adequacy (EU-US Data Privacy Framework) not verified",
	    "Commission Implementing Decision (EU) 2023/1795, 10 July 2023; Art. 45 GDPR",
	    rule_dpf_verify, NULL,
	    "The adequacy decision for the United States covers only organisations certified under\n"
	    "the EU-US Data Privacy Framework (the DPF List of the US Department of Commerce).  A\n"
	    "sub-processor with transfer_basis: dpf needs its certification verified\n"
	    "(dpf_certified: true).  transfer_basis: adequacy for a country whose decision is partial\n"
	    "(the United States, Canada, Japan) needs the recipient checked against its scope.\n\n"
	    "Fix: verify the certification and set dpf_certified: true; keep SCC 2021/914 as the\n"
	    "fallback in transfer_note."),
	RULE("DPA024", ERROR, "A transfer basis that cannot apply to the country",
	    "Art. 45 GDPR; Commission Implementing Decision (EU) 2023/1795", rule_basis_mismatch, NULL,
	    "transfer_basis: adequacy (or transfers.list[].basis) for a country with no EU adequacy\n"
	    "decision, or dpf for a recipient outside the United States, names a basis that does\n"
	    "not exist for that transfer.  The adequacy decisions are those in the country table\n"
	    "(src/country_data.h).\n\n"
	    "Fix: use scc, bcr or art49 instead."),
	RULE("DPA025", WARNING, "The transfer instruction does not match the processing",
	    "Art. 28(3)(a) and 44 GDPR; clause 8 and Annex C.6 of the standard",
	    rule_transfer_instruction, NULL,
	    "Transfers to third countries need the controller's documented instruction (Art.\n"
	    "28(3)(a)).  With transfers.allowed false, a transfers.list is left out of the\n"
	    "agreement.  With transfers.allowed true, the instruction should say what is\n"
	    "transferred; a transfers.list entry inside the EU/EEA is no transfer.  (Processing\n"
	    "outside the EU/EEA while transfers.allowed is false is DPA052.)\n\n"
	    "Fix: set transfers.allowed: true with an instruction (or a list) covering the\n"
	    "processing outside the EU/EEA, or remove the list."),
	RULE("DPA026", WARNING, "No storage period or no deletion from backups",
	    "Art. 28(3)(g) and 5(1)(e) GDPR; Annex C.4 of the standard", rule_retention, NULL,
	    "Annex C.4 states how long the data are stored and how deleted data leave the backups.\n"
	    "Without retention.period the template falls back to \"as long as necessary\"; without\n"
	    "retention.backup_days nothing says when deleted data are really gone.  A warning: the\n"
	    "deletion at the end of the agreement (clause 11) stands either way.\n\n"
	    "Fix: set retention.period and retention.backup_days."),
	RULE("DPA027", ERROR, "No audit method", "Art. 28(3)(h) GDPR; Annex C.7 of the standard",
	    rule_audit_missing, NULL,
	    "The processor must make available the information needed to demonstrate compliance\n"
	    "and allow for and contribute to audits, including inspections (Art. 28(3)(h)).  Annex\n"
	    "C.7 agrees how: written documentation, a self-assessment, an ISAE 3000/3402 or SOC 2\n"
	    "report, an ISO/IEC 27001 certificate, or inspection.  Without audit.method the\n"
	    "agreement names no procedure at all.\n\n"
	    "Fix: set audit.method (and interval_months, cost)."),
	RULE("DPA028", WARNING, "Nobody signs for a party", "Art. 28(9) GDPR; clause 14 of the "
	    "standard", rule_signatories, NULL,
	    "The agreement must be in writing, which may be electronic (Art. 28(9)), and takes\n"
	    "effect when signed (clause 14).  Without controller.signatories or\n"
	    "processor.signatories that party's signature block is blank: who binds the party is\n"
	    "left open.  A warning, since the block can still be signed by hand.  An agreement\n"
	    "accepted online (agreement.form: online) has no signature page and no such finding.\n\n"
	    "Fix: name the signatories of both parties."),
	RULE("DPA029", WARNING, "A sub-processor approved after the agreement's date",
	    "Art. 28(2) GDPR (prior authorisation)", rule_date_order, NULL,
	    "sub_processors.list[].approved_since is later than agreement.date: the agreement,\n"
	    "dated before the approval, records it.  A later approval is a change to Annex B and\n"
	    "belongs in a new version of the agreement, dated accordingly.  A date years after the\n"
	    "agreement is usually a typing error.\n\n"
	    "Fix: correct the date, or give the new version its date and version number."),
	RULE("DPA030", WARNING, "Two different values for one deadline or period",
	    "Art. 28(2), 28(3)(f) and 33(2) GDPR", rule_period_conflict, NULL,
	    "A deadline the config holds as a number (breach.notify_hours,\n"
	    "sub_processors.notice_days, objection_days, retention.deletion_days and backup_days) is\n"
	    "also written in a free text with\n"
	    "another value, e.g. notice_days: 60 and a term saying \"3 måneder\".  The agreement\n"
	    "then states two values and neither party knows which binds.  The rule reads sentences\n"
	    "about the subject (breach; sub-processor and notice; sub-processor and objection) for\n"
	    "a number and a unit (timer/hours, døgn, dage/days, uger/weeks, måneder/months, år/\n"
	    "years); months count as 28 to 31 days.  Sentences about the controller's own deadline\n"
	    "towards the authority are left out.\n\n"
	    "Fix: state the value once, in the config's number, and remove it from the text."),
	RULE("DPA031", WARNING, "The assistance deadline uses up the controller's month",
	    "Art. 12(3) and 28(3)(e) GDPR", rule_assistance_deadline, NULL,
	    "The controller must answer a data subject's request within one month (Art. 12(3)).  If\n"
	    "the processor may take 28 days or more to assist, nothing is left for the controller.\n\n"
	    "Fix: lower assistance.response_days (14 or less leaves the controller time)."),
	RULE("DPA032", ERROR, "A placeholder is left in the agreement",
	    "Art. 28(3) GDPR (the contract sets out the terms)", rule_placeholder, NULL,
	    "A placeholder such as \"[X]\", \"[...]\", \"XX\", \"___\", \"TODO\", \"TBD\", \"FIXME\",\n"
	    "\"[indsæt ...]\" or \"<insert ...>\" in a value, or in the text a template set adds,\n"
	    "leaves a term of the agreement unagreed.  So does every value `dpagen init` writes\n"
	    "(\"Kundens navn A/S\", \"CVR 00000000\", \"Stilling\" ...), a registration or phone number\n"
	    "of only zeros, an e-mail address at a reserved domain (.example, .test, example.com),\n"
	    "a stand-in such as \"Adresse\" or \"Registration number\", and a role written as a\n"
	    "signatory's or contact's name (\"Tegningsberettiget for ...\").  Values are located in\n"
	    "the config, once each; text from the template set is located by its clause in the\n"
	    "rendered agreement.\n\n"
	    "Fix: replace the placeholder with the agreed content."),
	RULE("DPA033", ERROR, "The agreement does not render",
	    "Art. 28(3) GDPR; the standard's cross-references", rule_render, NULL,
	    "Rendering the agreement with the template set failed, e.g. a cross-reference points to\n"
	    "a clause no template defines.  The finding is located in the template.\n\n"
	    "Fix: correct the template set (see docs/templates.md)."),
	RULE("DPA034", WARNING, "A text has no version in the agreement's language",
	    "Art. 28(9) GDPR (the contract in writing); the parties' understanding of what they sign",
	    rule_other_language, NULL,
	    "A value given per language ({da: ..., en: ...}) has no text in the language being\n"
	    "rendered, so that version of the agreement shows the other language's text in the\n"
	    "middle of its own.\n\n"
	    "Fix: add the missing language to the value (e.g. purpose: {da: ..., en: ...})."),
	RULE("DPA035", ERROR, "Special categories, criminal offence data or CPR numbers not stated",
	    "Art. 28(3) GDPR (type of personal data); Art. 9 and 10 GDPR; databeskyttelsesloven § 11",
	    rule_sensitive_unstated, NULL,
	    "Annex A must state the type of personal data, and whether it includes special\n"
	    "categories (Art. 9), data on criminal offences (Art. 10) or CPR numbers decides the\n"
	    "security level and the controller's own legal basis.  dpagen states only what the\n"
	    "config says: left out, Annex A says nothing about them, and the agreement is not ready.\n\n"
	    "Fix: set processing.special_categories and processing.criminal_offences to the data\n"
	    "processed, or [] for none, and processing.cpr_numbers to true or false."),
	RULE("DPA036", ERROR, "A party is not identified",
	    "Art. 28(3) and 28(9) GDPR; the heading of the standard (name, CVR, address)",
	    rule_parties_identified, NULL,
	    "The agreement binds the controller and the processor, so each must be identifiable from\n"
	    "the document: its legal name, its registration number (CVR, VAT or organisation\n"
	    "number) and its address, as the heading of the standard has them.  A processor named\n"
	    "only \"Onlime, Danmark\" is not a party a lawyer will sign with.  In an agreement\n"
	    "accepted online (agreement.form: online) the controller is the customer the main terms\n"
	    "define, and only the processor is checked.\n\n"
	    "Fix: set registration, address and postcode/city of controller and processor."),
	RULE("DPA037", WARNING, "A sub-processor is not identified",
	    "Art. 28(2) and 28(4) GDPR; Annex B.1 of the standard; 2021/915 Annex IV; EDPB Opinion "
	    "22/2024", rule_subprocessors_identified, NULL,
	    "Annex B.1 lists each approved sub-processor with name, registration number and\n"
	    "address, so that the controller knows exactly whom it approved (the EDPB expects the\n"
	    "identity of every sub-processor to be available to the controller).  An empty cell\n"
	    "leaves the approval open to doubt.\n\n"
	    "Fix: set registration and address of each sub_processors.list entry."),
	RULE("DPA038", ERROR, "A date that cannot be right",
	    "Art. 28(2) GDPR (prior authorisation); Art. 28(9) (the terms in writing)",
	    rule_date_order, &dates_impossible,
	    "A sub-processor approved more than a year after the agreement's own date: an agreement\n"
	    "cannot record an approval that lies years in its future, so one of the two dates is a\n"
	    "typing error.  (An approval a little after the agreement's date is DPA029, a warning.)\n\n"
	    "Fix: correct approved_since or agreement.date."),
	RULE("DPA039", WARNING, "Notice of a new sub-processor too short to object in",
	    "Art. 28(2) GDPR (the opportunity to object); 2021/915 Clause 7.7(a)", rule_notice_short, NULL,
	    "Under a general authorisation the controller must have the opportunity to object to an\n"
	    "intended new sub-processor (Art. 28(2)), which means time to look at its terms, its\n"
	    "security and, outside the EU/EEA, a transfer impact assessment.  A notice below 14 days\n"
	    "gives that opportunity on paper only.\n\n"
	    "Fix: set sub_processors.notice_days to 14 or more (30 is usual)."),
	RULE("DPA040", WARNING, "A transfer basis for a sub-processor that makes no transfer",
	    "Art. 44 GDPR (Chapter V applies to transfers only)", rule_basis_without_transfer, NULL,
	    "transfer_basis or transfer_note is set on a sub-processor whose country and locations\n"
	    "are all in the EU/EEA.  There is no transfer for it to cover, which usually means a\n"
	    "location is missing (support from the US, a backup in the UK).\n\n"
	    "Fix: add the third country to the sub-processor's locations, or remove the basis."),
	RULE("DPA041", ERROR, "Inspections excluded",
	    "Art. 28(3)(h) GDPR; clause 12 of the standard", rule_inspections_excluded, NULL,
	    "Art. 28(3)(h) requires the processor to allow for and contribute to audits, including\n"
	    "inspections, by the controller or an auditor it mandates.  An agreement that excludes\n"
	    "inspections (audit.inspections: excluded) does not meet it, however good the reports.\n"
	    "Limits are lawful: notice (audit.notice_days), a yearly cap (audit.max_per_year) that\n"
	    "never applies after a breach or on indications of non-compliance, confidentiality.\n\n"
	    "Fix: set audit.inspections: allowed, with the limits you need."),
	RULE("DPA042", ERROR, "A clause, the signatures or the footer is lost in the Markdown",
	    "Art. 28(3) and 28(9) GDPR (the contract in writing, signed)", rule_parts, NULL,
	    "Each clause, annex, section and part (its heading) the template set puts in the\n"
	    "agreement, the signatures and the footer with the fingerprint among them, must reach\n"
	    "the HTML, the PDF and the preview.  Something that opens a Markdown block without\n"
	    "closing it (an HTML block such as \"<!--\", \"<pre>\" or \"<script>\", or an unclosed\n"
	    "``` fence) makes the rest of the agreement part of that block: raw HTML is dropped,\n"
	    "so the rest disappears while the table of contents still lists it.  Config values\n"
	    "cannot do this (the loader refuses such Markdown); a template set can.\n\n"
	    "Fix: close or remove the construct in the template set; the finding names the line\n"
	    "of the agreement's Markdown (dpagen render -f md) where it starts."),
	RULE("DPA043", WARNING, "A party or sub-processor name mixes scripts",
	    "Art. 28(2) and 28(3) GDPR (who processes is identified); Unicode UTS #39",
	    rule_mixed_scripts, NULL,
	    "A name that mixes letters of several scripts, such as \"Micrоsoft\" with a Cyrillic\n"
	    "\"о\" (U+043E), looks like another company's name but is not it: the agreement then names a\n"
	    "party or sub-processor nobody can find, or passes one off as another.  The rule\n"
	    "uses ICU's spoof checker (Unicode's script and confusables data): a name passes when\n"
	    "it is at most moderately restrictive (Latin with one other script that cannot pass\n"
	    "for Latin, such as Han or Arabic) and no mixed-script confusable.  Names of ASCII and\n"
	    "Latin-1 letters need no check.  The text rules (DPA018 and the others) read every\n"
	    "value with such look-alike letters folded to the Latin ones they look like.\n\n"
	    "Fix: write the name in one script, as the company writes it."),
	RULE("DPA044", ERROR, "A text takes away the right to inspect",
	    "Art. 28(3)(h) GDPR; clause 12 of the standard", rule_inspection_text, NULL,
	    "A sentence of the config's free text (audit.description, other_terms, ...) denies the\n"
	    "controller inspections: \"the controller is not entitled to on-site audits\", \"inspektion\n"
	    "er udelukket\".  Art. 28(3)(h) requires the processor to allow for and contribute to\n"
	    "audits, including inspections; the agreement would say both.  The rule reads words by\n"
	    "their stems (Snowball, Danish and English), so every inflection counts; a sentence that\n"
	    "keeps the right (\"does not limit\", \"begrænser ikke\") does not.\n\n"
	    "Fix: remove the sentence; limit inspections with audit.notice_days and max_per_year."),
	RULE("DPA045", ERROR, "A text lets one party change the agreement alone",
	    "Art. 28(3) and 28(9) GDPR (terms agreed in writing); Art. 28(3)(a) (documented "
	    "instructions)", rule_unilateral_change, NULL,
	    "A sentence gives a party the right to amend the agreement unilaterally or at any time\n"
	    "(\"Databehandleren kan ensidigt ændre vilkårene\", \"we may update this DPA at any\n"
	    "time\").  The terms of Art. 28(3) bind because both parties agreed them; a unilateral\n"
	    "change of the processor's obligations is no documented instruction of the controller.\n"
	    "The controller's own right to change its instructions is not this rule's concern.\n\n"
	    "Fix: remove the sentence; changes follow clause 14.2 (renegotiation) or a new version."),
	RULE("DPA046", WARNING, "A text puts a price on objecting to a sub-processor",
	    "Art. 28(2) GDPR (the opportunity to object)", rule_objection_penalty, NULL,
	    "A sentence makes an objection or a refusal cost the controller something: a fee, a\n"
	    "penalty, compensation.  An opportunity to object that is paid for is not freely given.\n"
	    "A sentence that says the opposite (\"without paying any fee\") does not count.\n\n"
	    "Fix: remove the charge; let sub_processors.on_objection state the outcome."),
	RULE("DPA047", WARNING, "A text speaks of data the config says are not processed",
	    "Art. 9, 10 and 28(3) GDPR; databeskyttelsesloven § 11", rule_sensitive_in_text, NULL,
	    "processing.special_categories or criminal_offences is [] or cpr_numbers is false, yet a\n"
	    "sentence of the free text speaks of health data, religion, criminal records, CPR\n"
	    "numbers or the like, so Annex A.3 and the rest of the agreement disagree.  A sentence\n"
	    "that keeps such data out (\"the controller shall not upload health data\") does not\n"
	    "count.\n\n"
	    "Fix: list the data in processing (and choose security.level high), or reword the text."),
	RULE("DPA048", WARNING, "A security measure that names no measure",
	    "Art. 28(3)(c) and 32 GDPR; Implementing Decision (EU) 2021/915, Annex III (\"concretely\n"
	    "and not in a generic manner\")", rule_vague_measures, NULL,
	    "An item of security.measures of one or two words (\"Kryptering\", \"Firewall\") names a\n"
	    "kind of measure, and one that refers to Art. 32 (\"the measures required by Art. 32\")\n"
	    "restates the law.  Annex C.2 must say what is done, so that the controller can judge it\n"
	    "and an auditor can test it.\n\n"
	    "Fix: describe each measure: what, with which means, how often (\"backups encrypted with\n"
	    "AES-256, restored in a test every quarter\")."),
	RULE("DPA049", ERROR, "A lapsed ISO/IEC 27001:2013 certificate cited",
	    "ISO/IEC 27001:2022 transition (IAF MD 26): certificates to the 2013 edition lapsed on "
	    "31 October 2025", rule_stale_certificate, NULL,
	    "The transition from ISO/IEC 27001:2013 to the 2022 edition ended on 31 October 2025;\n"
	    "no certificate to the 2013 edition is valid after it.  A text that cites one, in an\n"
	    "agreement dated after that day (or not dated), warrants a certification that does not\n"
	    "exist.\n\n"
	    "Fix: cite the current certificate (ISO/IEC 27001:2022), or remove the claim."),
	RULE("DPA050", WARNING, "A transfer on SCC or BCR without a transfer impact assessment",
	    "Clause 14 of the standard contractual clauses 2021/914; CJEU C-311/18; EDPB "
	    "Recommendations 01/2020", rule_tia, NULL,
	    "A transfer that rests on the standard contractual clauses or binding corporate rules\n"
	    "needs an assessment of whether the law and practice of the destination let the\n"
	    "recipient keep them (clause 14 of 2021/914).  The basis relied on is the first one\n"
	    "listed in transfer_basis that can carry the transfer (dpf only with dpf_certified:\n"
	    "true), so [dpf, scc] for a verified US recipient needs none, for India it does.\n\n"
	    "Fix: set tia to the assessment's date or reference (e.g. \"TIA-2025-04, 1 April 2025\")."),
	RULE("DPA051", WARNING, "The version history is out of order or behind the version",
	    "Art. 28(9) GDPR (the contract in writing); good drafting practice", rule_history, NULL,
	    "agreement.history lists the agreement's versions, oldest first, as a table after the\n"
	    "front matter.  A date earlier than the one before it, or a last entry that is not\n"
	    "agreement.version, makes the table say that another version is the current one.\n\n"
	    "Fix: order the entries by date and end with the current version; `dpagen diff\n"
	    "--summary OLD NEW` prints a line that says what changed."),
	RULE("DPA052", ERROR, "Processing outside the EU/EEA that the agreement forbids",
	    "Art. 28(3)(a) and 44 GDPR; clause 8, Annex B.1 and Annex C.6 of the standard",
	    rule_transfer_forbidden, NULL,
	    "With transfers.allowed false, Annex C.6 forbids every transfer to a third country, yet\n"
	    "Annex B.1 approves a sub-processor that processes outside the EU/EEA (or the\n"
	    "processor's own locations are there).  The annexes contradict each other: the\n"
	    "processor would breach C.6 by using the sub-processor the controller approved, and a\n"
	    "transfer without the controller's documented instruction breaches Art. 28(3)(a).\n\n"
	    "Fix: set transfers.allowed: true with an instruction (or a list) covering that\n"
	    "processing, and its transfer_basis; or remove the processing outside the EU/EEA."),
};

enum { NRULES = sizeof rules / sizeof rules[0] };

size_t
check_rule_count(void)
{
	return NRULES;
}

const dpa_rule *
check_rule_at(size_t i)
{
	return i < NRULES ? &rules[i].r : NULL;
}

const dpa_rule *
check_rule_find(const char *id)
{
	const char *num = id && strncasecmp(id, "DPA", 3) == 0 ? id + 3 : id;
	if (!num || !*num || strlen(num) > 4 || strspn(num, "0123456789") != strlen(num))
		return NULL;
	long n = strtol(num, NULL, 10);
	for (size_t i = 0; i < NRULES; i++)
		if (strtol(rules[i].r.id + 3, NULL, 10) == n)
			return &rules[i].r;
	return NULL;
}

/* A text of only white space crashes the renderer's paragraphs filter
 * (tmpl_filters.c, reported); such values are findings of their own
 * (DPA001, DPA002), so the rules on the rendered text wait for them. */
static void
find_blank(ctx *c, const text_ref *t, void *arg)
{
	(void)c;
	if (*t->v->s && blank(t->v->s))
		*(bool *)arg = true;
}

void
check_run(const dpa_model *m, const dpa_tmpl *t, const dpa_rendered *given, dpa_diags *d)
{
	check_run_memo(m, t, given, NULL, d);
}

void
check_run_memo(const dpa_model *m, const dpa_tmpl *t, const dpa_rendered *given, check_memo *memo,
    dpa_diags *d)
{
	ctx c = { .m = m, .d = d, .memo = memo };
	bool has_blank = false;
	dpa_rendered own = {0};
	art28_init(&c);
	index_texts(&c);
	walk_texts(&c, find_blank, &has_blank);
	if (given && !has_blank) {
		c.r = given;
	} else if (t && !has_blank) {
		dpa_render_opts o = { .highlight = true };
		if (tmpl_render(t, m, &o, &own, &c.render_d) == 0)
			c.r = &own;
	}
	for (size_t i = 0; i < NRULES; i++) {
		c.rule = &rules[i];
		rules[i].run(&c, rules[i].data);
	}
	rendered_free(&own);
	diags_free(&c.render_d);
	terms_done(&c);   /* before the index it keeps sentences of */
	free(c.texts);
	free(c.fkey);
	free(c.fval);
	arena_free(&c.mem);
}
