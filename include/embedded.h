/* embedded.h - files compiled into the binary (templates, starter configs),
 * generated at build time by tools/embed.c from templates/. */
#ifndef DPAGEN_EMBEDDED_H
#define DPAGEN_EMBEDDED_H

#include <stddef.h>

typedef struct dpa_embedded_file {
	const char *name;   /* path below templates/, e.g. "da/10-breach.md" */
	const char *data;   /* NUL-terminated */
	size_t len;
	unsigned char sha256[32];   /* of data, computed at build time */
} dpa_embedded_file;

/* Sorted by name; ends with a { NULL } entry. */
extern const dpa_embedded_file dpa_embedded[];

/* The file called name, or NULL. */
const dpa_embedded_file *dpa_embedded_find(const char *name);

#endif /* !DPAGEN_EMBEDDED_H */
