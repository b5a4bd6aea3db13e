/* redline.h - a diff written out: its changed units as text with marks
 * around deleted and inserted words (the terminal's, Markdown's), and the
 * redline, the Markdown with the redline marks (tmpl.h) that the HTML, PDF
 * and DOCX back-ends take like an agreement: a summary, a rule (a page
 * break in print), then each changed part whole, unchanged runs of parts
 * collapsed to their numbers.
 */
#ifndef DPAGEN_REDLINE_H
#define DPAGEN_REDLINE_H

#include <cmark-gfm.h>

#include "diff.h"

typedef struct dpa_marks {
	const char *del_on, *del_off, *ins_on, *ins_off;
	/* Marks go inside Markdown's syntax: after a line's heading, list or
	 * quote marker, and a table deleted whole keeps its delimiter row and
	 * stands apart from the one inserted, so the marked text parses as the
	 * unmarked text does. */
	bool inner;
	/* ... and inside emphasis delimiters at a span's ends (marks that are
	 * characters; HTML tags there would nest wrongly). */
	bool inside_emphasis;
} dpa_marks;

/* One unit's spans with marks, as Markdown lines (a table row stays a row). */
void diff_put_unit(buf *out, const dpa_unit_diff *u, const dpa_marks *mk);

/* One side of the comparison, as the summary names it. */
typedef struct dpa_redline_side {
	const char *path;              /* the config as given on the command line */
	const dpa_rendered *r;
} dpa_redline_side;

/* The redline of d into out (initialised here; rendered_free() it): its
 * Markdown, an index entry for the label of each changed unit (SUB, id
 * "changed-" and its key, what the summary links to), NEW's language and
 * meta without
 * the fingerprint (the redline is no agreement to sign).  out owns all it
 * holds. */
void redline_build(const dpa_diff *d, const dpa_redline_side *old, const dpa_redline_side *new,
    dpa_rendered *out);

/* The redline's links to parts of the agreement (#id): to the part as
 * the redline shows it when it changed (#changed-id), else the link's
 * text alone, since the redline holds no such part. */
void redline_links(cmark_node *root, const dpa_diff *d);

#endif /* !DPAGEN_REDLINE_H */
