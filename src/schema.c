/* schema.c - JSON Schema of the config from the field tables. */
#include "schema.h"

#include <jansson.h>
#include <string.h>

#include "model.h"
#include "ytree.h"

#include <stdio.h>

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

/* Schema of one value of type t (for lists: of the element). */
static json_t *
type_schema(const dpa_field *f, dpa_type t)
{
	switch (t) {
	case DPA_T_STR:
		return json_pack("{s:s, s:s, s:i}", "type", "string", "pattern", "^[^\\n]*$",
		    "maxLength", YT_MAX_SCALAR);
	case DPA_T_TEXT:
	case DPA_T_MD:
		return json_pack("{s:s, s:i}", "type", "string", "maxLength", YT_MAX_SCALAR);
	case DPA_T_EMAIL:
		return json_pack("{s:s, s:s}", "type", "string", "pattern", "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
	case DPA_T_COUNTRY:
		return json_pack("{s:s, s:s}", "type", "string", "pattern", "^[A-Z]{2}$");
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
		if (f->flags & DPA_F_REQUIRED)
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

void
schema_write(buf *out)
{
	json_t *s = struct_schema(&dpa_model_def);
	json_object_set_new(s, "$schema", json_string("https://json-schema.org/draft/2020-12/schema"));
	json_object_set_new(s, "title", json_string("dpagen config, schema version 1"));
	char *text = json_dumps(s, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text)
		dpa_oom();
	buf_puts(out, text);
	buf_putc(out, '\n');
	free(text);
	json_decref(s);
}

/* ---- the config reference (docs/config.md) ------------------------------- */

static void
md_type(const dpa_field *f, dpa_type t, buf *out)
{
	if (t == DPA_T_LIST) {
		buf_puts(out, "list of ");
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

/* Each struct is described once, at the first path that reaches it; the
 * type column names it where it recurs (two parties, many persons). */
static void
md_struct(const char *path, const dpa_struct_def *def, buf *out, const dpa_struct_def **seen, size_t *nseen)
{
	for (size_t i = 0; i < *nseen; i++)
		if (seen[i] == def)
			return;
	if (*nseen < 32)
		seen[(*nseen)++] = def;
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
		if (f->flags & DPA_F_REQUIRED)
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
	for (size_t i = 0; i < def->nfields; i++) {
		const dpa_field *f = &def->fields[i];
		if (!f->sub)
			continue;
		char sub[256];
		snprintf(sub, sizeof sub, "%s%s%s%s", path, *path ? "." : "", f->name,
		    f->type == DPA_T_LIST ? "[]" : "");
		md_struct(sub, f->sub, out, seen, nseen);
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
	    "(`DK`); *date* is `YYYY-MM-DD`; *integer* is written without quotes. The standard DPA\n"
	    "column names the clause or annex of the Datatilsynet standard that the value fills.\n");
	const dpa_struct_def *seen[32];
	size_t nseen = 0;
	md_struct("", &dpa_model_def, out, seen, &nseen);
}
