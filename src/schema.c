/* schema.c - JSON Schema of the config from the field tables. */
#include "schema.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "ytree.h"

static json_t *struct_schema(const dpa_struct_def *def);

static const char *
field_doc(const dpa_field *f, buf *tmp)
{
	buf_reset(tmp);
	buf_puts(tmp, f->doc);
	if (f->clause)
		buf_printf(tmp, " (standard DPA: %s)", f->clause);
	const dpa_enum_val *e = f->enums;
	for (size_t i = 0; e && e[i].name; i++)
		buf_printf(tmp, "%s%s: %s", i ? "; " : ". Values: ", e[i].name, e[i].doc);
	return tmp->data;
}

static json_t *
enum_schema(const dpa_enum_val *e)
{
	json_t *vals = json_array();
	for (size_t i = 0; e[i].name; i++)
		json_array_append_new(vals, json_string(e[i].name));
	return json_pack("{s:s, s:o}", "type", "string", "enum", vals);
}

/* A text: a string, or the same per language ({da: ..., en: ...}). */
static json_t *
text_schema(json_t *str)
{
	json_t *langs = json_pack("{s:s, s:{s:O, s:O}, s:b, s:i}", "type", "object",
	    "properties", "da", str, "en", str, "additionalProperties", 0, "minProperties", 1);
	return json_pack("{s:[o, o]}", "oneOf", str, langs);
}

/* Schema of one value of type t (for lists: of the element). */
static json_t *
type_schema(const dpa_field *f, dpa_type t)
{
	switch (t) {
	case DPA_T_STR:
		/* The loader takes any scalar as text, so an unquoted number
		 * (registration: 12345678) is valid here too. */
		return text_schema(json_pack("{s:[s, s], s:s, s:i}", "type", "string", "number", "pattern",
		    "^[^\\n]*$", "maxLength", YT_MAX_SCALAR));
	case DPA_T_TEXT:
	case DPA_T_MD:
		return text_schema(json_pack("{s:[s, s], s:i}", "type", "string", "number", "maxLength",
		    YT_MAX_SCALAR));
	case DPA_T_EMAIL:
		return json_pack("{s:s, s:s}", "type", "string", "pattern", "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
	case DPA_T_COUNTRY:
		return json_pack("{s:s}", "$ref", f->flags & DPA_F_NO_REGION ? "#/$defs/country_code" :
		    "#/$defs/country");
	case DPA_T_DATE:
		return json_pack("{s:s, s:s}", "type", "string", "format", "date");
	case DPA_T_INT: {
		json_t *s = json_pack("{s:s, s:I}", "type", "integer", "minimum", (json_int_t)f->min);
		if (f->max)
			json_object_set_new(s, "maximum", json_integer(f->max));
		return s;
	}
	case DPA_T_BOOL:
		return json_pack("{s:s}", "type", "boolean");
	case DPA_T_ENUM:
		return enum_schema(f->enums);
	case DPA_T_STRUCT:
		return struct_schema(f->sub);
	case DPA_T_LIST: {
		json_t *s = json_pack("{s:s, s:o}", "type", "array", "items", type_schema(f, f->elem));
		if (f->max)
			json_object_set_new(s, "maxItems", json_integer(f->max));
		if (f->flags & DPA_F_NONEMPTY)
			json_object_set_new(s, "minItems", json_integer(1));
		if (f->flags & DPA_F_ONE_OR_LIST)
			return json_pack("{s:[o, o]}", "oneOf", type_schema(f, f->elem), s);
		return s;
	}
	case DPA_T__MAX:
		break;
	}
	return json_object();
}

static json_t *
struct_schema(const dpa_struct_def *def)
{
	json_t *props = json_object();
	json_t *req = json_array();
	buf tmp = {0};
	for (size_t i = 0; i < def->nfields; i++) {
		const dpa_field *f = &def->fields[i];
		json_t *s = type_schema(f, f->type);
		json_object_set_new(s, "description", json_string(field_doc(f, &tmp)));
		if (f->def) {
			json_t *d = f->type == DPA_T_BOOL ? json_boolean(strcmp(f->def, "true") == 0) :
			    json_string(f->def);
			json_object_set_new(s, "default", d);
		}
		json_object_set_new(props, f->name, s);
		/* Required only when signed: the loader decides; a schema of its
		 * own cannot see agreement.form from inside a party. */
		if ((f->flags & DPA_F_REQUIRED) && !(f->flags & DPA_F_SIGNED))
			json_array_append_new(req, json_string(f->name));
	}
	buf_free(&tmp);
	json_t *s = json_pack("{s:s, s:s, s:o, s:b}", "type", "object", "description", def->doc,
	    "properties", props, "additionalProperties", 0);
	if (json_array_size(req))
		json_object_set_new(s, "required", req);
	else
		json_decref(req);
	return s;
}

/* Every value a country field accepts, as the loader's country_find does:
 * the ISO codes, then the regions.  One definition that every country field
 * refers to; enumDescriptions (an editor extension, ignored by validators)
 * names each value in completion lists. */
static json_t *
country_schema(bool regions)
{
	json_t *vals = json_array(), *docs = json_array();
	size_t nc = country_count(), nr = regions ? country_region_count() : 0;
	for (size_t i = 0; i < nc + nr; i++) {
		const dpa_country *c = i < nc ? country_at(i) : country_region_at(i - nc);
		json_array_append_new(vals, json_string(c->code));
		char doc[160];
		if (c->is_region)
			snprintf(doc, sizeof doc, "anywhere in the %s", c->name_en);
		else
			snprintf(doc, sizeof doc, "%s (%s)", c->name_en, c->name_da);
		json_array_append_new(docs, json_string(doc));
	}
	return json_pack("{s:s, s:s, s:o, s:o}", "description", regions ?
	    "ISO 3166-1 alpha-2 country code in capitals, or a region: EU, EEA or EU/EEA" :
	    "ISO 3166-1 alpha-2 country code in capitals (one country, not a region)",
	    "type", "string", "enum", vals, "enumDescriptions", docs);
}

void
schema_write(buf *out)
{
	json_t *s = struct_schema(&dpa_model_def);
	json_object_set_new(s, "$schema", json_string("https://json-schema.org/draft/2020-12/schema"));
	json_object_set_new(s, "title", json_string("dpagen config, schema version 1"));
	json_object_set_new(s, "$defs", json_pack("{s:o, s:o}", "country", country_schema(true),
	    "country_code", country_schema(false)));
	char *text = json_dumps(s, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text)
		dpa_oom();
	buf_puts(out, text);
	buf_putc(out, '\n');
	free(text);
	json_decref(s);
}

/* ---- structs in the order the references describe them ------------------ */

/* Each struct is described once, at the first path that reaches it (depth
 * first, in table order); where it recurs (two parties, many persons) the
 * reference names it.  walk_structs collects that order and those paths. */
enum { MAX_STRUCTS = 64 };

typedef struct struct_ref {
	const dpa_struct_def *def;
	char path[128];         /* "" for the top level, else "controller.contacts[]" */
	char also[256];         /* the other paths that reach it: "controller.dpo, ..." */
} struct_ref;

typedef struct struct_walk {
	struct_ref v[MAX_STRUCTS];
	size_t n;
} struct_walk;

static void
walk_structs(struct_walk *w, const char *path, const dpa_struct_def *def)
{
	for (size_t i = 0; i < w->n; i++) {
		if (w->v[i].def != def)
			continue;
		char *also = w->v[i].also;
		size_t n = strlen(also);
		snprintf(also + n, sizeof w->v[i].also - n, "%s%s", n ? ", " : "", path);
		return;
	}
	if (w->n == MAX_STRUCTS) {
		fprintf(stderr, "dpagen: more than %d structs in the field tables\n", MAX_STRUCTS);
		abort();
	}
	struct_ref *r = &w->v[w->n++];
	r->def = def;
	snprintf(r->path, sizeof r->path, "%s", path);
	r->also[0] = '\0';
	for (size_t i = 0; i < def->nfields; i++) {
		const dpa_field *f = &def->fields[i];
		if (!f->sub)
			continue;
		char sub[sizeof r->path];
		snprintf(sub, sizeof sub, "%s%s%s%s", path, *path ? "." : "", f->name,
		    f->type == DPA_T_LIST ? "[]" : "");
		walk_structs(w, sub, f->sub);
	}
}

/* The path at which def is described. */
static const char *
struct_path(const struct_walk *w, const dpa_struct_def *def)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->v[i].def == def)
			return w->v[i].path;
	return "";
}

/* ---- the config reference (docs/config.md) ------------------------------- */

static void
md_type(const dpa_field *f, dpa_type t, buf *out)
{
	if (t == DPA_T_LIST) {
		buf_puts(out, f->flags & DPA_F_ONE_OR_LIST ? "one or a list of " : "list of ");
		md_type(f, f->elem, out);
		return;
	}
	if (t == DPA_T_STRUCT) {
		buf_printf(out, "%s", f->sub->name);
		return;
	}
	if (t == DPA_T_ENUM) {
		buf_puts(out, "one of");
		for (size_t i = 0; f->enums[i].name; i++)
			buf_printf(out, "%s`%s`", i ? ", " : " ", f->enums[i].name);
		return;
	}
	buf_puts(out, dpa_type_name(t));
}

static void
md_struct(const char *path, const dpa_struct_def *def, buf *out)
{
	if (*path)
		buf_printf(out, "\n## `%s` (%s)\n\n%s\n\n", path, def->name, def->doc);
	else
		buf_printf(out, "\n## Top level\n\n%s\n\n", def->doc);
	buf_puts(out, "| key | type | required / default | standard DPA | meaning |\n");
	buf_puts(out, "|---|---|---|---|---|\n");
	for (size_t i = 0; i < def->nfields; i++) {
		const dpa_field *f = &def->fields[i];
		buf_printf(out, "| `%s` | ", f->name);
		md_type(f, f->type, out);
		buf_puts(out, " | ");
		if (f->flags & DPA_F_SIGNED)
			buf_puts(out, "required (not for the controller of an `online` agreement)");
		else if (f->flags & DPA_F_REQUIRED)
			buf_puts(out, (f->flags & DPA_F_NONEMPTY) ? "required, not empty" : "required");
		else if (f->def)
			buf_printf(out, "`%s`", f->def);
		buf_printf(out, " | %s | %s", f->clause ? f->clause : "", f->doc);
		if (f->type == DPA_T_INT && (f->min || f->max))
			buf_printf(out, " (%ld to %ld)", f->min, f->max);
		if (f->type == DPA_T_LIST && f->max)
			buf_printf(out, " (at most %ld)", f->max);
		buf_puts(out, " |\n");
	}
}

void
schema_write_markdown(buf *out)
{
	buf_puts(out, "# Config reference\n\n"
	    "Generated by `dpagen schema --markdown` from the field tables in `src/model.c`, the\n"
	    "same tables the loader, `dpagen schema` and the templates use. Do not edit by hand:\n"
	    "run `make docs`.\n\n"
	    "Types: *string* is one line of plain text; *text* may hold paragraphs (blank lines);\n"
	    "*Markdown* may hold emphasis, lists and links; *country code* is ISO 3166-1 alpha-2\n"
	    "(`DK`) or a region; *date* is `YYYY-MM-DD`; *integer* is written without quotes. The standard DPA\n"
	    "column names the clause or annex of the Datatilsynet standard that the value fills.\n\n"
	    "Regions: a country code may also be `EU`, `EEA` or `EU/EEA`, for a place anywhere in that\n"
	    "area (\"servers in the EU\"); every check treats it as inside the EU/EEA, so it needs no\n"
	    "transfer basis. Give the parties a country, where they are established, not a region.\n"
	    "Names are not codes: `UK`, `England`, `EL`, `Deutschland` or `Sverige` are refused with\n"
	    "the code to write (`did you mean \"GB\"?`).\n\n"
	    "Per language: a string, text or Markdown value may instead be a map with the keys `da`\n"
	    "and `en` (`purpose: {da: \"...\", en: \"...\"}`); the agreement uses the text in its own\n"
	    "language, and `check` warns (DPA034) when it has to fall back on the other one.\n\n"
	    "## What a value may hold\n\n"
	    "Every value is UTF-8 text, stored in Unicode normalisation form C (NFC): a name typed\n"
	    "as `A` plus a combining ring is the same `Å` as the precomposed letter, in the\n"
	    "agreement, in `check` and in batch file names. A value is refused, with its place in\n"
	    "the config, the character (`U+202E RIGHT-TO-LEFT OVERRIDE`) and where in the value it\n"
	    "is, when it holds a character the signer would not see as `check` reads it:\n\n"
	    "- a control character (C0 but tab and line feed, DEL, C1), also when a YAML escape\n"
	    "  makes it;\n"
	    "- a bidirectional control (U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F,\n"
	    "  U+061C): it shows text in another order than it is stored, \"03\" as \"30\";\n"
	    "- a zero-width or other invisible character: U+200B to U+200D, U+2060, a byte order\n"
	    "  mark (U+FEFF) inside the text, and every other format or default-ignorable\n"
	    "  character (variation selectors, tags, fillers): it can split a word so that\n"
	    "  `check` does not find it;\n"
	    "- a line or paragraph separator (U+2028, U+2029): write a line break;\n"
	    "- U+E000 or U+E001, the private-use characters dpagen marks values with for review\n"
	    "  (`--highlight`): the engine drops them from a value, so `check` would read other\n"
	    "  text than the agreement shows; U+E003 to U+E006, which mark deleted and inserted\n"
	    "  words in a redline (`dpagen diff -f html|pdf|docx`).\n\n"
	    "The soft hyphen (U+00AD) is removed: the PDF breaks words by its own hyphenation,\n"
	    "and a soft hyphen drew a visible hyphen mid-line and hid the word from `check`.\n"
	    "`check` reads letters of other scripts that look like Latin ones (a Cyrillic `е`,\n"
	    "U+0435, in `Privacy Shield`) as those letters, and warns about party and\n"
	    "sub-processor names that mix scripts (DPA043).\n\n"
	    "A *Markdown* value (`other_terms[].text`) is parsed on its own when the config is\n"
	    "loaded, as the agreement would parse it, and may hold only:\n\n"
	    "- paragraphs and line breaks, *emphasis* and **strong emphasis**;\n"
	    "- bulleted and numbered lists;\n"
	    "- links to `http:`, `https:` and `mailto:` addresses, written `[text](URL)` or\n"
	    "  `<URL>`;\n"
	    "- headings of level 4 to 6 (`####` to `######`): levels 1 to 3 are the agreement's\n"
	    "  title, its clauses and annexes, and their sections.\n\n"
	    "Anything else is refused with the line of the value it is on: raw HTML, as a block or\n"
	    "inline (write `<` as `\\<`); a fenced or indented code block, open or closed, and\n"
	    "inline code; images; tables; block quotes; horizontal rules; link reference\n"
	    "definitions (`[label]: URL`, which would hold for the whole agreement); and an entity\n"
	    "or escape that makes a character refused above (`&#27;`, `&#x202E;`, `&shy;`).\n");
	struct_walk w = { .n = 0 };
	walk_structs(&w, "", &dpa_model_def);
	for (size_t i = 0; i < w.n; i++)
		md_struct(w.v[i].path, w.v[i].def, out);
}

/* ---- the manual page dpagen-config(5) ------------------------------------ */

/* The page's date: the day config schema version 1 was last changed. */
static const char man_date[] = "November 23, 2026";

/* What each kind of value is, in the page's TYPES list. */
static const char *const man_type_docs[DPA_T__MAX] = {
	"one line of plain text, or a map {da: ..., en: ...} of it per language", /* DPA_T_STR */
	"plain text; a blank line separates paragraphs; or a map {da: ..., en: ...}", /* DPA_T_TEXT */
	("Markdown: paragraphs, emphasis, lists, links to http, https and mailto addresses, and "
	 "headings of level 4 to 6; anything else, raw HTML first, is refused; or per language"), /* DPA_T_MD */
	"an e-mail address",                                         /* DPA_T_EMAIL */
	"an ISO 3166-1 alpha-2 code in capitals, such as DK or DE, or a region: EU, EEA or EU/EEA; "
	"see Countries and regions", /* DPA_T_COUNTRY */
	"an ISO 8601 date, YYYY-MM-DD",                              /* DPA_T_DATE */
	"a whole number, written without quotes",                    /* DPA_T_INT */
	"true or false",                                             /* DPA_T_BOOL */
	"one of the words listed with the field",                    /* DPA_T_ENUM */
	"a map of the keys listed in its own subsection",            /* DPA_T_STRUCT */
	"a YAML sequence of values of one type",                     /* DPA_T_LIST */
};
_Static_assert(sizeof man_type_docs / sizeof man_type_docs[0] == DPA_T__MAX,
    "one TYPES entry per dpa_type");

/* The example in EXAMPLES; tests/cli/package.sh renders it. */
static const char man_example[] =
    "dpagen: 1\n"
    "language: en\n"
    "agreement: {reference: DPA-2026-001, version: \"1.0\", date: 2026-03-01}\n"
    "controller:\n"
    "  name: Customer Ltd\n"
    "  registration: CVR 12345678\n"
    "  address: Kundevej 1\n"
    "  city: Aarhus\n"
    "  signatories: [{name: Mette Jensen, title: CEO}]\n"
    "processor:\n"
    "  name: Example ApS\n"
    "  registration: CVR 87654321\n"
    "  address: Testvej 2\n"
    "  city: Copenhagen\n"
    "  signatories: [{name: Jonas Holm, title: CEO}]\n"
    "processing:\n"
    "  purpose: Operating the customer portal.\n"
    "  nature: Storing and showing customer records.\n"
    "  data_types: [name, e-mail, phone number]\n"
    "  data_subjects: [the controller's customers]\n"
    "  special_categories: []\n"
    "  criminal_offences: []\n"
    "  cpr_numbers: false\n"
    "  duration: As long as the main agreement runs.\n"
    "instructions: {subject_matter: Hosting and operating the customer portal.}\n"
    "security:\n"
    "  level: normal\n"
    "  measures:\n"
    "    - {category: access, items: [Two-factor authentication for all staff.]}\n"
    "    - {category: encryption, items: [Databases and backups encrypted with AES-256.]}\n"
    "breach: {notify_hours: 24}\n"
    "retention: {period: Until the main agreement ends., backup_days: 30}\n"
    "audit: {method: isae3402, interval_months: 12}\n"
    "sub_processors:\n"
    "  notice_days: 30\n"
    "  list: [{name: Hetzner Online GmbH, country: DE, service: Hosting}]\n";

/* n bytes of text on a text line: \ is \e, and a line must not start with
 * a control character (. or ').  The text holds no newline. */
static void
man_textn(buf *out, const char *s, size_t n)
{
	if (n && (*s == '.' || *s == '\''))
		buf_puts(out, "\\&");
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\')
			buf_puts(out, "\\e");
		else
			buf_putc(out, s[i]);
	}
}

static void
man_text(buf *out, const char *s)
{
	man_textn(out, s, strlen(s));
}

/* A subsection's title (and .Sx argument): the path, or "Top level".  A
 * path ending in "[]" gets \& so mdoc does not take ] as punctuation. */
static void
man_title(buf *out, const char *path)
{
	buf_puts(out, *path ? path : "Top level");
	if (*path && path[strlen(path) - 1] == ']')
		buf_puts(out, "\\&");
}

/* s on a text line with its first letter a capital (the docs are ASCII
 * phrases: "legal name"). */
static void
man_capital(buf *out, const char *s)
{
	if (*s >= 'a' && *s <= 'z') {
		buf_putc(out, (char)(*s - 'a' + 'A'));
		s++;
	}
	man_text(out, s);
}

/* A field's doc as a sentence: capital first letter, final full stop. */
static void
man_sentence(buf *out, const char *doc)
{
	size_t n = strlen(doc);
	man_capital(out, doc);
	if (n && doc[n - 1] != '.')
		buf_putc(out, '.');
	buf_putc(out, '\n');
}

/* 100000 -> "100,000". */
static void
man_number(buf *out, long v)
{
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%ld", v);
	for (int i = 0; i < n; i++) {
		if (i && digits[i] != '-' && (n - i) % 3 == 0 && digits[i - 1] != '-')
			buf_putc(out, ',');
		buf_putc(out, digits[i]);
	}
}

/* A field's standard DPA parts in words: "7.2, B.2" -> "clause 7.2, Annex B.2". */
static void
man_clause(buf *out, const char *clause)
{
	const char *p = clause;
	while (*p) {
		size_t n = strcspn(p, ",");
		bool annex = *p >= 'A' && *p <= 'Z' && (n == 1 || p[1] == '.');
		bool num = *p >= '0' && *p <= '9';
		buf_printf(out, "%s%.*s", annex ? "Annex " : num ? "clause " : "the ", (int)n, p);
		p += n;
		if (*p == ',') {
			buf_puts(out, ", ");
			p++;
			while (*p == ' ')
				p++;
		}
	}
}

/* Type line of a field: "Integer, 0 to 3650; optional." */
static void
man_type_line(buf *out, const struct_walk *w, const dpa_field *f)
{
	dpa_type t = f->type == DPA_T_LIST ? f->elem : f->type;
	if (f->type == DPA_T_LIST)
		buf_printf(out, "%s of %s", f->flags & DPA_F_ONE_OR_LIST ? "One value or a list" : "List",
		    t == DPA_T_STRUCT ? "maps" : t == DPA_T_ENUM ?
		    "the values below" : dpa_type_name(t));
	else if (t == DPA_T_STRUCT)
		buf_puts(out, "Map");
	else if (t == DPA_T_ENUM)
		buf_puts(out, "One of the values below");
	else
		man_capital(out, dpa_type_name(t));
	if (f->type == DPA_T_LIST && t != DPA_T_STRUCT && t != DPA_T_ENUM)
		buf_puts(out, " values");
	if (f->type == DPA_T_INT && f->max && f->min == f->max)
		buf_printf(out, ", always %ld", f->min);
	else if (f->type == DPA_T_INT && f->max)
		buf_printf(out, ", %ld to %ld", f->min, f->max);
	else if (f->type == DPA_T_INT)
		buf_printf(out, ", at least %ld", f->min);
	if (f->type == DPA_T_LIST && f->max) {
		buf_puts(out, ", at most ");
		man_number(out, f->max);
	}
	if (f->flags & DPA_F_SIGNED)
		buf_puts(out, "; required (not for the controller of an online agreement)");
	else if (f->flags & DPA_F_REQUIRED)
		buf_puts(out, (f->flags & DPA_F_NONEMPTY) ? "; required, not empty" : "; required");
	else if (f->def)
		buf_printf(out, "; default %s", f->def);
	else
		buf_puts(out, "; optional");
	buf_puts(out, ".\n");
	if (t == DPA_T_STRUCT) {
		/* A map that shares its keys with another (processor with
		 * controller) says so, so the pointer does not read as a slip. */
		const char *sp = struct_path(w, f->sub), *last = strrchr(sp, '.');
		size_t n = strlen(f->name);
		last = last ? last + 1 : sp;
		bool own = strncmp(last, f->name, n) == 0 && (!last[n] || strcmp(last + n, "[]") == 0);
		buf_puts(out, own ? "Its keys are under\n.Sx " :
		    "It has the same keys as the map described once, for both, under\n.Sx ");
		man_title(out, sp);
		buf_puts(out, " .\n");
	}
	if (f->clause) {
		buf_puts(out, "Standard DPA: ");
		man_clause(out, f->clause);
		buf_puts(out, ".\n");
	}
}

static void
man_struct(buf *out, const struct_walk *w, const struct_ref *r)
{
	const dpa_struct_def *def = r->def;
	buf_puts(out, ".Ss ");
	man_title(out, r->path);
	buf_putc(out, '\n');
	man_sentence(out, def->doc);
	if (*r->also)
		buf_printf(out, "The same keys apply under %s.\n", r->also);
	buf_puts(out, ".Bl -tag -width Ds\n");
	for (size_t i = 0; i < def->nfields; i++) {
		const dpa_field *f = &def->fields[i];
		buf_printf(out, ".It Ic %s\n", f->name);
		man_sentence(out, f->doc);
		man_type_line(out, w, f);
		if (!f->enums)
			continue;
		buf_puts(out, ".Bl -tag -width Ds -compact\n");
		for (size_t j = 0; f->enums[j].name; j++) {
			buf_printf(out, ".It Cm %s\n", f->enums[j].name);
			man_sentence(out, f->enums[j].doc);
		}
		buf_puts(out, ".El\n");
	}
	buf_puts(out, ".El\n");
}

/* The subsection on country codes: the regions, the hints for names, and
 * the supervisory authority that the controller's country gives. */
static void
man_countries(buf *out)
{
	buf_puts(out, ".Ss Countries and regions\n"
	    "A country code is an ISO 3166-1 alpha-2 code in capitals.\n"
	    "Where a place is only known by its area, a location or a sub-processor's\n"
	    "location may instead be one of the regions\n");
	size_t n = country_region_count();
	for (size_t i = 0; i < n; i++)
		buf_printf(out, ".Cm %s%s\n", country_region_at(i)->code,
		    i + 2 < n ? " ," : i + 1 < n ? "\nand" : " :");
	buf_puts(out, "somewhere in that area, as\n.Dq servers in the EU\nsays.\n"
	    "Every check treats a region as inside the EU/EEA, so it needs no transfer basis;\n"
	    "the agreement names it\n.Dq EU ,\n.Dq EØS\nor\n.Dq EU/EØS\nin Danish.\n"
	    "A party is established in one country: give the controller and the processor a\n"
	    "country code, not a region.\n"
	    ".Pp\n"
	    "Names and other codes are refused with the code to write:\n"
	    ".Li UK ,\n.Li England\nand\n.Li Storbritannien\nare answered with\n.Dq did you mean \\(dqGB\\(dq? ,\n"
	    ".Li EL\n(the EU's code for Greece) with GR, and the native and Danish names of\n"
	    "the EU/EEA countries\n.Pq Li Deutschland , Li Sverige , Li España\nwith their codes.\n"
	    ".Pp\n"
	    "The controller's country gives the default governing law and supervisory\n"
	    "authority: for every EU/EEA country its authority by name, in the document's\n"
	    "language, except Germany, whose federal and Land authorities share the\n"
	    "supervision, so that\n.Ic agreement.supervisory_authority\nmust name the\n"
	    "competent one.\n"
	    "Spain, Belgium and Åland give the authority for private controllers;\n"
	    "a regional public body there names its own authority in\n"
	    ".Ic agreement.supervisory_authority .\n");
}

void
schema_write_man(buf *out)
{
	struct_walk w = { .n = 0 };
	walk_structs(&w, "", &dpa_model_def);

	buf_puts(out, ".\\\" dpagen-config.5 - generated by `dpagen schema --man` from the field\n"
	    ".\\\" tables in src/model.c.  Do not edit: run `make docs`.\n");
	/* Empty, groff would call the volume "BSD File Formats Manual". */
	buf_printf(out, ".Dd %s\n.ds doc-volume-operating-system\n.Dt DPAGEN-CONFIG 5\n.Os dpagen\n",
	    man_date);
	buf_puts(out, ".Sh NAME\n.Nm dpagen-config\n"
	    ".Nd configuration file of dpagen, schema version 1\n"
	    ".Sh DESCRIPTION\n"
	    "A\n.Xr dpagen 1\nconfig is one YAML file holding one map.\n"
	    "It describes one data processing agreement: the parties, the processing,\n"
	    "the sub-processors, the security measures, and the terms that the Danish\n"
	    "Data Protection Agency's standard agreement leaves open.\n"
	    ".Nm dpagen Cm init\nprints a commented starter config, and\n"
	    ".Nm dpagen Cm schema\nprints the JSON Schema that editors complete from.\n"
	    ".Pp\n"
	    "This page describes every key: its type, whether it is required or its\n"
	    "default, the part of the standard agreement it fills (clause 7.2, Annex B.1,\n"
	    "the heading, the signatures or the footer), and what it means.\n"
	    "Keys are case-sensitive.\n"
	    "Unknown keys are errors, with a\n.Dq did you mean\nhint.\n"
	    "Every error names the file, line and column, then the key's path, such as\n"
	    ".Li sub_processors.list[2].country .\n"
	    ".Pp\n"
	    ".Ic extends :\n.Ar PATH\n"
	    "overlays this file on a base config; a relative path starts from the folder\n"
	    "of the file that names it.\n"
	    "Maps merge key by key, lists and other values are replaced, and a null value\n"
	    ".Pq Li ~\nremoves a key.\n"
	    ".Pp\n"
	    "Free text is plain text: it is escaped in every output and never read as\n"
	    "template syntax, Markdown or HTML.\n"
	    "Only values of type Markdown are read as Markdown.\n"
	    ".Ss Types\n"
	    ".Bl -tag -width \"country code\"\n");
	for (int t = 0; t < DPA_T__MAX; t++) {
		const char *name = t == DPA_T_STRUCT ? "map" : t == DPA_T_ENUM ? "enumeration" :
		    dpa_type_name((dpa_type)t);
		buf_printf(out, ".It %s\n", name);
		man_sentence(out, man_type_docs[t]);
	}
	buf_puts(out, ".El\n");
	man_countries(out);
	buf_puts(out, ".Sh KEYS\n"
	    "The top level first, then each map in the order the top level names it.\n"
	    "A subsection is titled by the first path that reaches the map;\n"
	    "a list of maps adds\n.Li []\nto the path.\n"
	    "A map that occurs in several places\n"
	    ".Pq a party, a person\n"
	    "is described once.\n");
	for (size_t i = 0; i < w.n; i++)
		man_struct(out, &w, &w.v[i]);

	buf_puts(out, ".Sh LIMITS\n"
	    "A config is refused, with the limit named in the error message, when:\n"
	    ".Bl -bullet\n");
	buf_printf(out, ".It\na file is larger than %d MiB;\n", YT_MAX_FILE / (1024 * 1024));
	buf_printf(out, ".It\nmaps and lists nest deeper than %d levels;\n", YT_MAX_DEPTH);
	buf_puts(out, ".It\nit holds more than ");
	man_number(out, YT_MAX_NODES);
	buf_puts(out, " nodes, counting every use of a YAML alias in full,\n"
	    "so that an\n.Dq alias bomb\nis refused at once;\n");
	buf_printf(out, ".It\nits aliases repeat more than %d MiB of text, as much as a file may hold;\n",
	    YT_MAX_FILE / (1024 * 1024));
	buf_printf(out, ".It\none value is longer than %d KiB;\n", YT_MAX_SCALAR / 1024);
	buf_puts(out, ".It\na list is longer than the maximum given with its key in\n.Sx KEYS ;\n");
	buf_printf(out, ".It\nan\n.Ic extends\nchain is more than %d files deep.\n", DPA_MAX_EXTENDS);
	buf_printf(out, ".El\n.Pp\nValues are UTF-8 text: a control character\n"
	    ".Pq C0 but tab and line breaks, DEL, C1\n"
	    "is refused, also when a YAML escape such as\n.Li \\(rse\n"
	    "makes it.\nA byte order mark and CRLF line ends are accepted.\n"
	    ".Pp\nA value is also refused, with the character's code point and name and its\n"
	    "place in the value, when it holds a character that would show the signer\n"
	    "something else than\n.Nm dpagen Cm check\nreads:\n"
	    ".Bl -bullet\n"
	    ".It\na bidirectional control: U+202A to U+202E, U+2066 to U+2069, U+200E,\n"
	    "U+200F and U+061C;\n"
	    ".It\na zero-width character (U+200B to U+200D, U+2060), a byte order mark\n"
	    "inside the text (U+FEFF), or any other format or default-ignorable character;\n"
	    ".It\na line or paragraph separator (U+2028, U+2029);\n"
	    ".It\nU+E000 or U+E001, the private-use characters that mark values for review\n"
	    ".Pq Fl \\-highlight ,\nand U+E003 to U+E006, which mark deleted and inserted words in a\n"
	    "redline\n.Pq Nm dpagen Cm diff ,\nalso as an entity in a Markdown value.\n"
	    ".El\n.Pp\n"
	    "The soft hyphen (U+00AD) is removed, and every value is stored in Unicode\n"
	    "normalisation form C, so that one name has one spelling, also in\n"
	    ".Nm dpagen Cm batch\nfile names.\n"
	    ".Pp\nA Markdown value is parsed on its own when it is loaded and may hold only\n"
	    "paragraphs, emphasis, lists, links to http, https and mailto addresses, and\n"
	    "headings of level 4 to 6.\n"
	    "Raw HTML, code blocks (an unclosed fence among them), inline code, images,\n"
	    "tables, block quotes, horizontal rules, link reference definitions, headings of\n"
	    "level 1 to 3 and entities that make a refused character are errors naming the\n"
	    "line of the value.\n"
	    ".Pp\nAt most %d problems are shown in one run; a last line counts the rest.\n",
	    DPA_DIAG_CAP);

	buf_puts(out, ".Sh FILES\n"
	    ".Bl -tag -width Ds\n"
	    ".It Pa /usr/local/share/dpagen/dpagen.schema.json\n"
	    "The JSON Schema of the keys on this page, as\n"
	    ".Nm dpagen Cm schema\nprints it; installed by\n.Li make install\n"
	    "under its\n.Ev PREFIX\n.Pq default Pa /usr/local .\n"
	    "A YAML language server completes keys and reports errors as you type when\n"
	    "the config's first line names it:\n"
	    ".Bd -literal -offset indent\n"
	    "# yaml-language-server: $schema=/usr/local/share/dpagen/dpagen.schema.json\n"
	    ".Ed\n"
	    ".El\n");

	buf_puts(out, ".Sh EXAMPLES\n"
	    "A complete config: every required key, and the parts that make a sound\n"
	    "agreement (signatories, security measures, retention, audit).\n"
	    ".Bd -literal -offset indent\n");
	for (const char *p = man_example; *p;) {
		size_t n = strcspn(p, "\n");
		man_textn(out, p, n);
		buf_putc(out, '\n');
		p += n + (p[n] == '\n');
	}
	buf_puts(out, ".Ed\n"
	    ".Pp\n"
	    "A customer's file over a shared base config: these keys are its own,\n"
	    "everything else comes from\n.Pa base.yaml :\n"
	    ".Bd -literal -offset indent\n"
	    "extends: base.yaml\n"
	    "controller:\n"
	    "  name: Kunde A/S\n"
	    "  registration: CVR 12345678\n"
	    "agreement:\n"
	    "  reference: DPA-2026-017\n"
	    ".Ed\n");

	buf_puts(out, ".Sh SEE ALSO\n"
	    ".Xr dpagen 1\n"
	    ".Sh STANDARDS\n"
	    "Regulation (EU) 2016/679 (GDPR), Article 28(3);\n"
	    "Commission Implementing Decision (EU) 2021/915 (standard contractual clauses\n"
	    "between controllers and processors);\n"
	    "the Danish Data Protection Agency's standard data processing agreement;\n"
	    "ISO 3166-1 alpha-2 country codes; ISO 8601 dates; YAML 1.1.\n");
}
