/* diag.h - located diagnostics: collect, sort, print.
 *
 * Every message a user sees about their input goes through here, so each
 * names FILE:LINE:COL and the field path.  A dpa_diags owns its strings
 * (in its own arena); diags_free() releases them.
 */
#ifndef DPAGEN_DIAG_H
#define DPAGEN_DIAG_H

#include <stdio.h>

#include "util.h"

/* A place in an input file.  line and col are 1-based; col counts
 * characters (code points), as editors do.  line 0 means "the whole file". */
typedef struct dpa_loc {
	const char *file;
	uint32_t line, col;
} dpa_loc;

typedef enum dpa_sev {
	DPA_SEV_ERROR,
	DPA_SEV_WARNING,
	DPA_SEV_NOTE,
	DPA_SEV__MAX
} dpa_sev;

typedef struct dpa_diag {
	dpa_loc loc;
	dpa_sev sev;
	const char *rule;   /* stable rule id (check), or NULL */
	const char *path;   /* field path such as sub_processors.list[2].country, or NULL */
	const char *msg;
	const char *excerpt; /* lines of the input shown under the message, or NULL */
} dpa_diag;

/* Past this many errors, further ones are counted but not kept. */
enum { DPA_DIAG_CAP = 50 };

typedef struct dpa_diags {
	arena mem;
	dpa_diag *v;
	size_t n, cap;
	size_t errors, warnings, dropped;
} dpa_diags;

void diag_add(dpa_diags *d, dpa_sev sev, dpa_loc loc, const char *path,
    const char *fmt, ...) DPA_PRINTF(5, 6);
void diag_addv(dpa_diags *d, dpa_sev sev, const char *rule, dpa_loc loc,
    const char *path, const char *fmt, va_list ap);

/* Show text (lines, '\n'-separated: the input's line and a caret under
 * the place) under the last diagnostic added, when it was kept. */
void diag_excerpt(dpa_diags *d, const char *text);

/* Sort by file, line, column (stable for equal places). */
void diags_sort(dpa_diags *d);

/* FILE:LINE:COL: [severity: ]path: message, one per line. */
void diags_print(const dpa_diags *d, FILE *fp);

/* Intern a file name in the diags arena so locations outlive loaders. */
const char *diags_intern(dpa_diags *d, const char *file);

void diags_free(dpa_diags *d);

#endif /* !DPAGEN_DIAG_H */
