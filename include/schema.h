/* schema.h - the JSON Schema (draft 2020-12) of the config, generated from
 * the field tables in model.c, so editors and `dpagen schema` agree with
 * the loader by construction. */
#ifndef DPAGEN_SCHEMA_H
#define DPAGEN_SCHEMA_H

#include "util.h"

/* Append the schema as indented JSON to out. */
void schema_write(buf *out);

/* Append the config reference (docs/config.md) as Markdown to out. */
void schema_write_markdown(buf *out);

/* Append the manual page dpagen-config(5) (docs/man/dpagen-config.5), in
 * mdoc, to out: every key with its type, default or requirement, the part
 * of the standard DPA it fills and its doc, then the limits and an example. */
void schema_write_man(buf *out);

#endif /* !DPAGEN_SCHEMA_H */
