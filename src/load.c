/* load.c - read config files, follow `extends`, apply --set, and bind the
 * tree to the model through the field tables, reporting every problem. */
#define _DEFAULT_SOURCE /* realpath */
#include "load.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "textguard.h"

/* ---- reading and extends ---------------------------------------------- */

static ynode *
load_chain(arena *a, const char *path, dpa_diags *d, char **chain, int depth, dpa_loc from)
{
	if (depth > DPA_MAX_EXTENDS) {
		diag_add(d, DPA_SEV_ERROR, from, "extends",
		    "more than %d levels of extends (limit)", DPA_MAX_EXTENDS);
		return NULL;
	}
	char *real = strcmp(path, "-") == 0 ? NULL : realpath(path, NULL);
	for (int i = 0; real && i < depth; i++)
		if (chain[i] && strcmp(chain[i], real) == 0) {
			diag_add(d, DPA_SEV_ERROR, from, "extends",
			    "\"%s\" extends itself through a cycle of extends", path);
			free(real);
			return NULL;
		}
	chain[depth] = real;

	buf data = {0};
	char err[256];
	const char *file = arena_strdup(a, strcmp(path, "-") == 0 ? "<stdin>" : path);
	ynode *root = NULL;
	dpa_loc whole = { file, 0, 0 };
	/* A base named by extends must be a regular file: a FIFO would wait
	 * for a writer, a device give whatever it gives. */
	if (read_file_at(AT_FDCWD, path, depth > 0 ? RF_REGULAR : 0, YT_MAX_FILE, &data, err, sizeof err) != 0) {
		if (depth > 0)
			diag_add(d, DPA_SEV_ERROR, from, "extends", "%s: %s", path, err);
		else
			diag_add(d, DPA_SEV_ERROR, whole, NULL, "%s", err);
		goto out;
	}
	if (ytree_parse(a, file, data.data, data.len, d, &root) != 0) {
		root = NULL;
		goto out;
	}
	if (!root || ytree_is_null(root)) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ file, 1, 1 }, NULL,
		    "the file has no settings (start from `dpagen init`)");
		root = NULL;
		goto out;
	}
	if (root->kind != Y_MAP) {
		diag_add(d, DPA_SEV_ERROR, root->loc, NULL, "the config must be a map of keys, not a %s",
		    root->kind == Y_SEQ ? "list" : "single value");
		root = NULL;
		goto out;
	}
	ynode *ext = ytree_get(root, "extends");
	if (ext && !ytree_is_null(ext)) {
		if (ext->kind != Y_SCALAR) {
			diag_add(d, DPA_SEV_ERROR, ext->loc, "extends", "must be the path of a base config");
			root = NULL;
			goto out;
		}
		const char *base_path = ext->s;
		if (base_path[0] != '/') {
			const char *dir = strcmp(path, "-") == 0 ? "." : path_dir(a, path);
			base_path = arena_printf(a, "%s/%s", dir, ext->s);
		}
		ynode *base = load_chain(a, base_path, d, chain, depth + 1, ext->loc);
		if (!base) {
			root = NULL;
			goto out;
		}
		root = ytree_merge(a, base, ytree_without(a, root, "extends"));
	} else {
		root = ytree_without(a, root, "extends");
	}
out:
	buf_free(&data);
	free(real);
	chain[depth] = NULL;
	return root;
}

ynode *
dpa_load_tree(arena *a, const char *path, dpa_diags *d)
{
	char *chain[DPA_MAX_EXTENDS + 2] = {0};
	return load_chain(a, path, d, chain, 0, (dpa_loc){ path, 0, 0 });
}

/* A note under a --set error: VALUE is YAML; text is given quoted,
 * shown as the command to type (when the shell's quotes allow it). */
static void
set_quote_note(dpa_diags *d, dpa_loc at, const char *key, const char *text)
{
	buf q = {0};
	for (const char *p = text; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_putc(&q, '\\');
		buf_putc(&q, *p);
	}
	if (strchr(text, '\''))
		diag_add(d, DPA_SEV_NOTE, at, NULL, "a --set VALUE is YAML: give text in quotes, "
		    "e.g. --set %s=\"...\"", key);
	else
		diag_add(d, DPA_SEV_NOTE, at, NULL, "a --set VALUE is YAML: give text in quotes, "
		    "--set '%s=\"%s\"'", key, q.data ? q.data : "");
	buf_free(&q);
}

/* A plain value cut short by " #" (a YAML comment), which on a command
 * line is never meant: refuse it rather than set less than was typed. */
static bool
set_comment_cut(const ynode *v, const char *text)
{
	if (v && (v->kind != Y_SCALAR || v->quoted))
		return false;
	const char *h = strchr(text, '#');
	return h && (h == text || h[-1] == ' ' || h[-1] == '\t');
}

int
dpa_apply_set(arena *a, ynode **root, const char *kv, unsigned index, dpa_diags *d)
{
	const char *eq = strchr(kv, '=');
	dpa_loc at = { "--set", index, 1 };
	if (!eq || eq == kv) {
		diag_add(d, DPA_SEV_ERROR, at, NULL, "\"%s\" is not KEY=VALUE (e.g. processor.name=\"Acme ApS\")", kv);
		return -1;
	}
	char *key = arena_strndup(a, kv, (size_t)(eq - kv));
	ynode *value = NULL;
	uint32_t col = (uint32_t)(eq - kv) + 2;
	if (ytree_parse_at(a, "--set", index, col, eq + 1, strlen(eq + 1), d, &value) != 0) {
		/* Under the syntax error, at its place: the list is sorted. */
		set_quote_note(d, d->n ? d->v[d->n - 1].loc : at, key, eq + 1);
		return -1;
	}
	if (set_comment_cut(value, eq + 1)) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ "--set", index, col }, key,
		    "\" #\" starts a YAML comment, so the value would end before it");
		set_quote_note(d, (dpa_loc){ "--set", index, col }, key, eq + 1);
		return -1;
	}
	if (!value) {
		/* KEY= with nothing after it: an empty (null) value. */
		value = arena_alloc(a, sizeof *value);
		value->kind = Y_SCALAR;
		value->s = "";
		value->loc = (dpa_loc){ "--set", index, col };
		value->weight = 1;
	}
	const char *why = NULL;
	ynode *r = ytree_set(a, *root, key, value, &why);
	if (!r) {
		diag_add(d, DPA_SEV_ERROR, at, key, "%s", why);
		return -1;
	}
	*root = r;
	return 0;
}

/* ---- binding ---------------------------------------------------------- */

/* The path of the value being bound, as segments: a name, or a list
 * index when name is NULL.  Formatted only for a message, because binding
 * visits every field and most configs have no error at all. */
typedef struct seg {
	const char *name;
	size_t index;
} seg;

enum { MAX_SEGS = YT_MAX_DEPTH * 2 + 2 };

typedef struct binder {
	arena *a;
	dpa_diags *d;
	seg path[MAX_SEGS];
	int depth;
	const char *file;
	dpa_lang lang;      /* the document language: picks per-language text */
	bool online;        /* agreement.form is "online": the customer need not be named */
} binder;

static void
push_name(binder *b, const char *name)
{
	if (b->depth < MAX_SEGS)
		b->path[b->depth] = (seg){ name, 0 };
	b->depth++;
}

static void
push_index(binder *b, size_t i)
{
	if (b->depth < MAX_SEGS)
		b->path[b->depth] = (seg){ NULL, i };
	b->depth++;
}

static void
pop(binder *b)
{
	b->depth--;
}

static void
format_path(const binder *b, buf *out)
{
	for (int i = 0; i < b->depth && i < MAX_SEGS; i++) {
		if (b->path[i].name)
			buf_printf(out, "%s%s", i ? "." : "", b->path[i].name);
		else
			buf_printf(out, "[%zu]", b->path[i].index);
	}
}

static void bind_struct(binder *b, const dpa_struct_def *def, void *obj, const ynode *map, dpa_loc at);

static void
bad(binder *b, dpa_loc loc, const char *fmt, ...) DPA_PRINTF(3, 4);

static void
bad(binder *b, dpa_loc loc, const char *fmt, ...)
{
	va_list ap;
	buf path = {0};
	format_path(b, &path);
	va_start(ap, fmt);
	diag_addv(b->d, DPA_SEV_ERROR, NULL, loc, path.data, fmt, ap);
	va_end(ap);
	buf_free(&path);
}

static const char *
kind_name(const ynode *n)
{
	return n->kind == Y_MAP ? "a map" : n->kind == Y_SEQ ? "a list" : "a single value";
}

static bool
valid_email(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strpbrk(s, " \t\n<>,;\"'"))
		return false;
	const char *dot = strrchr(at, '.');
	return dot && dot > at + 1 && dot[1];
}

static bool
parse_date(const char *s, dpa_date *out)
{
	int y, m, d;
	char tail;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		return false;
	out->y = y;
	out->m = m;
	out->d = d;
	return true;
}

static void
enum_list(const dpa_enum_val *e, buf *out)
{
	for (size_t i = 0; e[i].name; i++)
		buf_printf(out, "%s%s", i ? ", " : "", e[i].name);
}

static void
bind_enum(binder *b, const dpa_field *f, dpa_int *v, const ynode *n)
{
	long i = dpa_enum_find(f->enums, n->s);
	if (i >= 0) {
		v->v = i;
		return;
	}
	const char *names[64];
	size_t k = 0;
	for (; f->enums[k].name && k < 64; k++)
		names[k] = f->enums[k].name;
	const char *hint = closest_word(n->s, names, k);
	buf all = {0};
	enum_list(f->enums, &all);
	if (hint)
		bad(b, n->loc, "\"%s\" is not one of: %s (did you mean \"%s\"?)", n->s, all.data, hint);
	else
		bad(b, n->loc, "\"%s\" is not one of: %s", n->s, all.data);
	buf_free(&all);
	v->h.set = false;
}

static void
bind_int(binder *b, const dpa_field *f, dpa_int *v, const ynode *n)
{
	const char *s = n->s;
	const char *p = s + (*s == '-');
	bool digits = *p != '\0' && strspn(p, "0123456789") == strlen(p) && strlen(p) <= 12;
	if (n->quoted || !digits) {
		bad(b, n->loc, "expected a whole number, got \"%s\"%s", s,
		    n->quoted && digits ? " (write it without quotes)" : "");
		v->h.set = false;
		return;
	}
	long x = strtol(s, NULL, 10);
	if (b->depth == 1 && strcmp(f->name, "dpagen") == 0 && (x < f->min || x > f->max)) {
		/* The schema version: what to do about it, not just the range. */
		if (x > f->max)
			bad(b, n->loc, "this config needs a dpagen that reads schema %ld; this dpagen "
			    "reads schema %ld: upgrade dpagen", x, f->max);
		else
			bad(b, n->loc, "there is no schema %ld; this dpagen reads schema %ld (write "
			    "dpagen: %ld)", x, f->max, f->max);
		v->h.set = false;
		return;
	}
	if (x < f->min || (f->max && x > f->max)) {
		bad(b, n->loc, "%ld is outside the allowed range %ld to %ld", x, f->min, f->max);
		v->h.set = false;
		return;
	}
	v->v = x;
}

static void
bind_bool(binder *b, dpa_int *v, const ynode *n)
{
	if (!n->quoted && strcmp(n->s, "true") == 0)
		v->v = 1;
	else if (!n->quoted && strcmp(n->s, "false") == 0)
		v->v = 0;
	else {
		bad(b, n->loc, "expected true or false, got \"%s\"", n->s);
		v->h.set = false;
	}
}

static void
bind_string(binder *b, const dpa_field *f, dpa_type t, dpa_str *v, const ynode *n)
{
	const char *s = n->s;
	const char *refused = textguard_value(b->a, &s, t == DPA_T_MD);  /* NFC, no invisibles */
	v->s = s;
	if (refused) {
		bad(b, n->loc, "%s", refused);
		v->h.set = false;
		return;
	}
	if (t == DPA_T_STR || t == DPA_T_EMAIL || t == DPA_T_COUNTRY) {
		if (strchr(s, '\n')) {
			bad(b, n->loc, "must be a single line");
			v->h.set = false;
			return;
		}
	}
	if (t == DPA_T_EMAIL && !valid_email(s)) {
		bad(b, n->loc, "\"%s\" is not an e-mail address", s);
		v->h.set = false;
	}
	/* A code or a region only: a name or an alias is a hint for the user
	 * to confirm, never a value, as the country decides the transfer regime. */
	if (t == DPA_T_COUNTRY && !country_find(s)) {
		/* A guess measures the text against every name: only for the
		 * messages that are kept (90,000 bad codes once took a minute). */
		const char *g = b->d->n < DPA_DIAG_CAP ? country_guess(s) : NULL;
		if (g)
			bad(b, n->loc, "\"%s\" is not an ISO 3166-1 alpha-2 code (did you mean \"%s\"?)", s, g);
		else
			bad(b, n->loc, "\"%s\" is not an ISO 3166-1 alpha-2 code (two capital letters, e.g. DK) "
			    "or a region (EU, EEA, EU/EEA)", s);
		v->h.set = false;
	} else if (t == DPA_T_COUNTRY && (f->flags & DPA_F_NO_REGION) && country_find(s)->is_region) {
		/* A party is established in one country, one country's law
		 * governs, a transfer goes to one country: regions are places. */
		bad(b, n->loc, "%s is a region, a place of processing; here one country's ISO code is "
		    "needed (e.g. DK)", s);
		v->h.set = false;
	}
}

/* A --set text that YAML read as a map ("Ansvar: se 7.7"): the note
 * says how to quote it.  Called after the error about the map. */
static void
set_map_note(binder *b, const ynode *n)
{
	if (!n->loc.file || strcmp(n->loc.file, "--set") != 0 || n->kind != Y_MAP || n->n != 1 ||
	    n->items[0]->kind != Y_SCALAR || n->items[1]->kind != Y_SCALAR)
		return;
	buf path = {0}, text = {0};
	format_path(b, &path);
	buf_printf(&text, "%s: %s", n->items[0]->s, n->items[1]->s);
	set_quote_note(b->d, n->loc, path.data ? path.data : "KEY", text.data);
	buf_free(&path);
	buf_free(&text);
}

/* A text given per language, {da: ..., en: ...}: the document language's
 * text, else the other one's (marked, so that check can say which field
 * has no text in this language).  Returns the chosen scalar or NULL. */
static const ynode *
pick_lang(binder *b, dpa_str *v, const ynode *n)
{
	static const char *const codes[] = { "da", "en" };
	const ynode *by[DPA_LANG__MAX] = {0};
	for (size_t i = 0; i < n->n; i++) {
		const ynode *k = n->items[2 * i], *val = n->items[2 * i + 1];
		long l = k->len == 2 ? (strcmp(k->s, "da") == 0 ? 0 : strcmp(k->s, "en") == 0 ? 1 : -1) : -1;
		if (l < 0) {
			const char *hint = closest_word(k->s, codes, 2);
			bad(b, k->loc, "\"%s\" is not a language of a text given per language: da, en%s%s%s",
			    k->s, hint ? " (did you mean \"" : "", hint ? hint : "", hint ? "\"?)" : "");
			return NULL;
		}
		if (ytree_is_null(val))
			continue;
		if (val->kind != Y_SCALAR) {
			bad(b, val->loc, "expected the text in %s, got %s", codes[l], kind_name(val));
			return NULL;
		}
		by[l] = val;
	}
	const ynode *pick = by[b->lang] ? by[b->lang] : by[!b->lang];
	if (!pick)
		bad(b, n->loc, "a text given per language needs at least one of da and en");
	v->other_lang = pick && !by[b->lang];
	return pick;
}

/* Bind one value of type t at obj; n is not null. */
static void
bind_value(binder *b, const dpa_field *f, dpa_type t, void *obj, const ynode *n)
{
	dpa_hdr *h = obj;
	h->loc = n->loc;
	h->set = true;
	if (t == DPA_T_STRUCT) {
		if (n->kind != Y_MAP) {
			bad(b, n->loc, "expected a map of keys, got %s", kind_name(n));
			h->set = false;
			return;
		}
		bind_struct(b, f->sub, obj, n, n->loc);
		return;
	}
	if (t == DPA_T_LIST) {
		dpa_list *l = obj;
		if (n->kind == Y_SCALAR && (f->flags & DPA_F_ONE_OR_LIST)) {
			/* transfer_basis: scc is the list [scc] */
			l->v = arena_alloc(b->a, dpa_type_size(f->elem, f->sub));
			l->n = 1;
			push_index(b, 0);
			bind_value(b, f, f->elem, l->v, n);
			pop(b);
			return;
		}
		if (n->kind != Y_SEQ) {
			bad(b, n->loc, "expected a list, got %s (write each item on a \"- \" line)", kind_name(n));
			h->set = false;
			return;
		}
		if (f->max && n->n > (size_t)f->max) {
			bad(b, n->loc, "has %zu items, more than the limit of %ld", n->n, f->max);
			h->set = false;
			return;
		}
		size_t es = dpa_type_size(f->elem, f->sub);
		l->v = arena_alloc(b->a, (n->n ? n->n : 1) * es);
		l->n = 0;
		for (size_t i = 0; i < n->n; i++) {
			const ynode *item = n->items[i];
			push_index(b, i);
			if (ytree_is_null(item))
				bad(b, item->loc, "empty list item");
			else
				bind_value(b, f, f->elem, (char *)l->v + l->n++ * es, item);
			pop(b);
		}
		return;
	}
	if (n->kind == Y_MAP && (t == DPA_T_STR || t == DPA_T_TEXT || t == DPA_T_MD)) {
		const ynode *map = n;
		size_t errors = b->d->errors;
		n = pick_lang(b, obj, n);
		if (!n) {
			if (b->d->errors > errors)
				set_map_note(b, map);
			h->set = false;
			return;
		}
		h->loc = n->loc;
	}
	if (n->kind != Y_SCALAR) {
		bad(b, n->loc, "expected %s, got %s", t == DPA_T_ENUM ? "one word" : "a single value",
		    kind_name(n));
		if (t == DPA_T_STR || t == DPA_T_TEXT || t == DPA_T_MD)
			set_map_note(b, n);
		h->set = false;
		return;
	}
	switch (t) {
	case DPA_T_INT:
		bind_int(b, f, obj, n);
		break;
	case DPA_T_BOOL:
		bind_bool(b, obj, n);
		break;
	case DPA_T_ENUM:
		bind_enum(b, f, obj, n);
		break;
	case DPA_T_DATE:
		if (!parse_date(n->s, obj)) {
			bad(b, n->loc, "\"%s\" is not a valid date (YYYY-MM-DD)", n->s);
			h->set = false;
		}
		break;
	default:
		bind_string(b, f, t, obj, n);
		break;
	}
}

/* A default is bound as if written, but with no location. */
static void
bind_default(binder *b, const dpa_field *f, void *obj)
{
	ynode n = { .kind = Y_SCALAR, .s = f->def, .len = strlen(f->def) };
	bind_value(b, f, f->type, obj, &n);
	if (f->type == DPA_T_STR || f->type == DPA_T_COUNTRY || f->type == DPA_T_TEXT)
		((dpa_str *)obj)->s = f->def;  /* static, outlives the tree */
	((dpa_hdr *)obj)->loc = (dpa_loc){ NULL, 0, 0 };
}

static void
unknown_key(binder *b, const dpa_struct_def *def, const ynode *k)
{
	const char *names[64];
	size_t n = 0;
	for (; n < def->nfields && n < 64; n++)
		names[n] = def->fields[n].name;
	const char *hint = closest_word(k->s, names, n);
	bool top = b->depth == 0;
	push_name(b, k->s);
	if (hint)
		bad(b, k->loc, "unknown key (did you mean \"%s\"?)", hint);
	else {
		buf all = {0};
		for (size_t i = 0; i < n; i++)
			buf_printf(&all, "%s%s", i ? ", " : "", names[i]);
		bad(b, k->loc, "unknown key; %s takes: %s", top ? "the config" : def->name, all.data);
		buf_free(&all);
	}
	pop(b);
}

/* Whether the field just pushed must be given.  In an agreement accepted
 * online the controller is "the customer" of the main terms: neither the
 * section nor its name is required (the processor's name still is). */
static bool
required(const binder *b, const dpa_field *f)
{
	if (!(f->flags & DPA_F_REQUIRED))
		return false;
	if (!(f->flags & DPA_F_SIGNED) || !b->online || b->depth < 1)
		return true;
	return strcmp(b->path[0].name, "controller") != 0;
}

static void
bind_struct(binder *b, const dpa_struct_def *def, void *obj, const ynode *map, dpa_loc at)
{
	for (size_t i = 0; map && i < map->n; i++) {
		const ynode *k = map->items[2 * i];
		if (!dpa_field_find(def, k->s, k->len))
			unknown_key(b, def, k);
	}
	for (size_t i = 0; i < def->nfields; i++) {
		const dpa_field *f = &def->fields[i];
		void *slot = (char *)obj + f->offset;
		const ynode *v = ytree_get(map, f->name);
		push_name(b, f->name);
		if (v && !ytree_is_null(v)) {
			bind_value(b, f, f->type, slot, v);
			if (f->type == DPA_T_LIST && (f->flags & DPA_F_NONEMPTY) &&
			    ((dpa_list *)slot)->h.set && ((dpa_list *)slot)->n == 0)
				bad(b, v->loc, "must have at least one item");
			else if ((f->flags & DPA_F_REQUIRED) && v->kind == Y_SCALAR && v->len == 0)
				bad(b, v->loc, "must not be empty");
		} else if (f->def) {
			bind_default(b, f, slot);
		} else if (f->type == DPA_T_STRUCT) {
			if (required(b, f) && map)
				bad(b, v ? v->loc : at, "required section is missing");
			else
				bind_struct(b, f->sub, slot, NULL, at);  /* defaults only */
		} else if (required(b, f) && map && v && v->hash_comment) {
			bad(b, v->loc, "required value is missing: \" #\" starts a comment, so quote "
			    "a value that starts with \"#\" (%s: \"#...\")", f->name);
		} else if (required(b, f) && map) {
			bad(b, v ? v->loc : at, "required %s is missing", v ? "value" : "key");
		}
		pop(b);
	}
}

/* An online agreement whose customer's country is not stated: the law
 * defaults to the processor's (whose terms these are); the supervisory
 * authority is the one competent for each customer, left unnamed. */
static void
online_defaults(binder *b, dpa_model *m)
{
	dpa_agreement *ag = &m->agreement;
	const dpa_str *pc = &m->processor.country;
	const dpa_country *c = pc->h.set ? country_find(pc->s) : NULL;
	if (ag->governing_law.h.set || !c)
		return;
	if (country_in_eea(c))
		ag->governing_law = (dpa_str){ { { NULL, 0, 0 }, true }, c->code, false };
	else
		bad(b, ag->form.h.loc, "the customer's country is not stated and the processor is "
		    "established outside the EU/EEA (%s): set agreement.governing_law", c->code);
}

/* Defaults that depend on other values: the law, the supervisory
 * authority and the prevailing language follow the parties, so that a
 * Swedish controller never silently gets Danish law and Datatilsynet. */
static void
resolve_defaults(binder *b, dpa_model *m, dpa_lang file_lang)
{
	dpa_agreement *ag = &m->agreement;
	if (b->online && !m->controller.country.h.loc.file) {
		/* The customer of online terms may be anywhere: its country is
		 * unknown unless stated, not the field's default. */
		m->controller.country.h.set = false;
		m->controller.country.s = NULL;
		online_defaults(b, m);
	}
	const dpa_str *cc = &m->controller.country;
	const dpa_country *c = cc->h.set ? country_find(cc->s) : NULL;
	bool eea = c && country_in_eea(c);
	if (!ag->governing_law.h.set && c) {
		if (eea)
			ag->governing_law = (dpa_str){ { { NULL, 0, 0 }, true }, c->code, false };
		else
			bad(b, cc->h.loc, "the controller is established outside the EU/EEA (%s): set "
			    "agreement.governing_law to the law that governs the agreement", c->code);
	}
	if (!ag->supervisory_authority.h.set && c) {
		const char *name = country_authority(c, b->lang);
		if (name)
			ag->supervisory_authority = (dpa_str){ { { NULL, 0, 0 }, true }, name, false };
		else
			bad(b, cc->h.loc, eea ?
			    "%s has several supervisory authorities: set agreement.supervisory_authority to the "
			    "one competent for the controller" :
			    "the controller is established outside the EU/EEA (%s): set "
			    "agreement.supervisory_authority to the competent authority", c->code);
	}
	if (!ag->prevailing_language.h.set)
		ag->prevailing_language = (dpa_int){ { { NULL, 0, 0 }, true }, file_lang };
	if (!ag->liability.h.set)
		ag->liability = (dpa_int){ { { NULL, 0, 0 }, true }, ag->main_agreement.h.set ?
		    DPA_LIABILITY_MAIN_AGREEMENT : DPA_LIABILITY_LAW };
}

/* How an agreement accepted online is accepted, and what only such an
 * agreement (or only a signed one) can say. */
static void
check_online(binder *b, const dpa_model *m)
{
	const dpa_agreement *ag = &m->agreement;
	bool online = ag->form.v == DPA_FORM_ONLINE;
	if (!online) {
		if (ag->accepted.h.set)
			bad(b, ag->accepted.h.loc, "agreement.accepted says when an agreement accepted "
			    "online takes effect: set agreement.form to \"online\", or leave it out");
		else if (ag->plan.h.set)
			bad(b, ag->plan.h.loc, "agreement.plan is the plan whose purchase accepts an "
			    "online agreement: set agreement.form to \"online\", or leave it out");
		return;
	}
	if (ag->effective.h.loc.file)
		bad(b, ag->effective.h.loc, "agreement.effective is for a signed agreement; an "
		    "agreement accepted online takes effect as agreement.accepted says");
	if (!ag->main_agreement.h.set)
		bad(b, ag->form.h.loc, "agreement.form is \"online\": set agreement.main_agreement to "
		    "the title of the terms this agreement is part of");
	long acc = ag->accepted.h.set ? ag->accepted.v : DPA_ACCEPTED_SIGN_UP;
	if (acc == DPA_ACCEPTED_UPGRADE && !ag->plan.h.set)
		bad(b, ag->accepted.h.loc, "agreement.accepted is \"upgrade\": set agreement.plan to "
		    "the plan, e.g. \"Business\"");
	if (acc != DPA_ACCEPTED_UPGRADE && ag->plan.h.set)
		bad(b, ag->plan.h.loc, "agreement.plan is only stated when agreement.accepted is "
		    "\"upgrade\"");
	if (acc == DPA_ACCEPTED_DATE && !ag->date.h.set)
		bad(b, ag->accepted.h.loc, "agreement.accepted is \"date\": set agreement.date to the "
		    "date the agreement takes effect");
	const dpa_party *ct = &m->controller;
	if (ct->signatories.n)
		bad(b, ct->signatories.h.loc, "an agreement accepted online has no signatures: leave "
		    "controller.signatories out");
	if (m->processor.signatories.n)
		bad(b, m->processor.signatories.h.loc, "an agreement accepted online has no signatures: "
		    "leave processor.signatories out");
}

/* Choices that need a value to say what they chose. */
static void
check_choices(binder *b, const dpa_model *m)
{
	const dpa_agreement *ag = &m->agreement;
	if (ag->effective.h.set && ag->effective.v == DPA_EFFECTIVE_DATE && !ag->date.h.set)
		bad(b, ag->effective.h.loc, "agreement.effective is \"date\": set agreement.date to the "
		    "date the agreement takes effect, or choose \"signature\"");
	if (ag->liability.h.set && ag->liability.v == DPA_LIABILITY_CAP && !ag->liability_cap.h.set)
		bad(b, ag->liability.h.loc, "agreement.liability is \"cap\": set agreement.liability_cap "
		    "to the cap, e.g. \"the fees paid in the 12 months before the claim\"");
	check_online(b, m);
	const dpa_audit *au = &m->audit;
	if (au->fee.h.set && (au->cost.v == DPA_COST_PROCESSOR || au->cost.v == DPA_COST_SHARED))
		bad(b, au->fee.h.loc, "audit.fee is charged for inspections the controller pays for, but "
		    "audit.cost is \"%s\": choose \"balanced\" or \"controller\", or leave the fee out",
		    au->cost.v == DPA_COST_PROCESSOR ? "processor" : "shared");
	const dpa_assistance *as = &m->assistance;
	if (as->charge.h.set && as->charge.v == DPA_CHARGE_RATES && !as->fees.h.set)
		bad(b, as->charge.h.loc, "assistance.charge is \"rates\": set assistance.fees to the rates");
	const dpa_breach *br = &m->breach;
	if (br->target_hours.h.set && br->notify_hours.h.set && br->target_hours.v >= br->notify_hours.v)
		bad(b, br->target_hours.h.loc, "breach.target_hours (%ld) must be below breach.notify_hours "
		    "(%ld): the target is \"if possible within\", the other \"at the latest\"",
		    br->target_hours.v, br->notify_hours.v);
	if (br->target_hours.h.set && !br->notify_hours.h.set)
		bad(b, br->target_hours.h.loc, "breach.target_hours needs breach.notify_hours, the deadline "
		    "that applies at the latest");
}

/* A sub-processor's transfer fields must agree: the SCC module and the
 * assessment describe clauses that are listed, and a basis is listed once.
 * The module defaults to 3 (processor to sub-processor) where scc is. */
static void
transfer_choices(binder *b, dpa_model *m)
{
	const dpa_list *l = &m->sub_processors.list;
	for (size_t i = 0; i < l->n; i++) {
		dpa_subprocessor *s = (dpa_subprocessor *)l->v + i;
		const dpa_int *tb = s->transfer_basis.v;
		for (size_t j = 0; j < s->transfer_basis.n; j++)
			for (size_t k = 0; k < j; k++)
				if (tb[k].v == tb[j].v)
					bad(b, tb[j].h.loc, "sub_processors.list[%zu].transfer_basis names %s twice",
					    i, dpa_basis_name((dpa_basis)tb[j].v));
		bool scc = dpa_has_basis(&s->transfer_basis, DPA_BASIS_SCC);
		if (s->scc_module.h.set && !scc)
			bad(b, s->scc_module.h.loc, "sub_processors.list[%zu].scc_module is the module of the "
			    "standard contractual clauses, but transfer_basis does not list scc: add scc, or "
			    "remove scc_module", i);
		else if (scc && !s->scc_module.h.set)
			s->scc_module = (dpa_int){ { { NULL, 0, 0 }, true }, 3 };
	}
}

/* The language a tree asks for: "en" or anything else (da; a bad value is
 * reported when the field is bound). */
static dpa_lang
tree_lang(const ynode *root, const char *key)
{
	const ynode *l = root && root->kind == Y_MAP ? ytree_get(root, key) : NULL;
	return l && l->kind == Y_SCALAR && strcmp(l->s, "en") == 0 ? DPA_LANG_EN : DPA_LANG_DA;
}

/* Whether the tree describes an agreement accepted online; known before
 * binding, since it decides what the controller's section must hold. */
static bool
tree_online(const ynode *root)
{
	const ynode *ag = root && root->kind == Y_MAP ? ytree_get(root, "agreement") : NULL;
	const ynode *f = ag && ag->kind == Y_MAP ? ytree_get(ag, "form") : NULL;
	return f && f->kind == Y_SCALAR && strcmp(f->s, "online") == 0;
}

/* file_lang: `language` as the config files say it, before --lang; the
 * version in that language is the one that prevails by default. */
static dpa_model *
bind_model(arena *a, ynode *root, const char *file, dpa_lang file_lang, dpa_diags *d)
{
	size_t before = d->errors;
	binder b = { .a = a, .d = d, .file = file, .lang = tree_lang(root, "language"),
	    .online = tree_online(root) };
	dpa_model *m = arena_alloc(a, sizeof *m);
	dpa_loc at = root ? root->loc : (dpa_loc){ file, 1, 1 };
	m->h.loc = at;
	m->h.set = true;
	bind_struct(&b, &dpa_model_def, m, root, at);
	if (d->errors == before) {
		resolve_defaults(&b, m, file_lang);
		check_choices(&b, m);
		transfer_choices(&b, m);
	}
	return d->errors > before ? NULL : m;
}

dpa_model *
dpa_bind(arena *a, ynode *root, const char *file, dpa_diags *d)
{
	return bind_model(a, root, file, tree_lang(root, "language"), d);
}

/* root with `language` set to --lang's value. */
static ynode *
set_lang(arena *a, ynode *root, const char *lang)
{
	ynode *v = arena_alloc(a, sizeof *v);
	v->kind = Y_SCALAR;
	v->s = lang;
	v->len = strlen(lang);
	v->loc = (dpa_loc){ "--lang", 1, 1 };
	v->weight = 1;
	const char *why;
	ynode *r = ytree_set(a, root, "language", v, &why);
	return r ? r : root;
}

dpa_model *
dpa_bind_lang(arena *a, ynode **root, const char *file, const char *lang, dpa_diags *d)
{
	dpa_lang file_lang = tree_lang(*root, "language");
	if (lang)
		*root = set_lang(a, *root, lang);
	return bind_model(a, *root, file, file_lang, d);
}

int
dpa_load(dpa_doc *doc, const char *path, const dpa_load_opts *o, dpa_diags *d)
{
	memset(doc, 0, sizeof *doc);
	size_t before = d->errors;
	ynode *root = dpa_load_tree(&doc->mem, path, d);
	if (!root)
		return -1;
	for (size_t i = 0; o && i < o->nsets; i++)
		dpa_apply_set(&doc->mem, &root, o->sets[i], (unsigned)i + 1, d);
	dpa_lang file_lang = tree_lang(root, "language");
	if (o && o->lang)
		root = set_lang(&doc->mem, root, o->lang);
	doc->tree = root;
	doc->m = bind_model(&doc->mem, root, strcmp(path, "-") == 0 ? "<stdin>" : path, file_lang, d);
	if (d->errors > before)
		doc->m = NULL;
	return doc->m ? 0 : -1;
}

void
dpa_doc_free(dpa_doc *doc)
{
	arena_free(&doc->mem);
	doc->tree = NULL;
	doc->m = NULL;
}

dpa_lang
dpa_model_lang(const dpa_model *m)
{
	return m->language.v == DPA_LANG_EN ? DPA_LANG_EN : DPA_LANG_DA;
}
