/* standard.h - the numbering of Datatilsynet's standard contractual
 * clauses (Art. 28(8) GDPR) for the parts dpagen's templates name by id:
 * "pkt. 7.3" must mean the same clause in a dpagen agreement as in the
 * standard.  `dpagen clauses` shows a template set's number beside the
 * standard's where they differ, and the tests hold the bundled sets to
 * these numbers.  Static data. */
#ifndef DPAGEN_STANDARD_H
#define DPAGEN_STANDARD_H

#include <stddef.h>

typedef struct dpa_std_part {
	const char *id;       /* template id, e.g. "instructions-unlawful" */
	const char *number;   /* the standard's number, e.g. "4.2" */
	const char *what;     /* what the standard's part holds, in English */
} dpa_std_part;

size_t standard_count(void);
const dpa_std_part *standard_at(size_t i);

/* How many numbered sub-clauses the standard's clause n (1-15) has; a
 * template set may add more after them, never fewer. */
int standard_subs(int clause);

/* The standard's number of the part a template id names, or NULL. */
const char *standard_number(const char *id);

#endif /* !DPAGEN_STANDARD_H */
