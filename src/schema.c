/* schema.c - JSON Schema of the config from the field tables. */
#include "schema.h"

#include <jansson.h>
#include <string.h>

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
