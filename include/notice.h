/* notice.h - the notice of intended changes to sub-processors (Art. 28(2)
 * GDPR, clause 7.3 and Annex B.2): what differs between the sub-processor
 * lists of two configs, and the dates the agreed procedure gives it.
 *
 * The notice is rendered by the template set's notice.md, which sees the
 * new config as usual and these values as notice.*; the field table below
 * serves the template compiler as the config's tables do.  A dpa_notice
 * points into both models and the arena given: it lives as long as they.
 */
#ifndef DPAGEN_NOTICE_H
#define DPAGEN_NOTICE_H

#include "model.h"
#include "util.h"

/* One sub-processor in both lists, with what changed (true: changed). */
typedef struct dpa_sub_change {
	dpa_hdr h;
	dpa_subprocessor before, after;
	dpa_int registration, address, country, locations, service, contact, transfer;
} dpa_sub_change;

typedef struct dpa_notice {
	dpa_hdr h;
	dpa_date date;              /* the notice is given */
	dpa_date effective;         /* date + the agreed notice period */
	dpa_date objection_by;      /* date + objection_days, when agreed */
	dpa_int notice_days;        /* the period agreed so far (the old config's) */
	dpa_list added, removed;    /* dpa_subprocessor */
	dpa_list changed;           /* dpa_sub_change */
	/* The procedure itself changes: that needs the controller's agreement,
	 * so the notice says so instead of listing it among the changes. */
	dpa_int shorter_notice, shorter_objection, specific_to_general, objection_exit;
	dpa_subprocessors before;   /* the old procedure's values */
} dpa_notice;

extern const dpa_struct_def dpa_notice_def;

/* Compare old and new as of date.  Returns the number of sub-processors
 * added, removed or changed (0: nothing to notify). */
size_t notice_build(arena *a, const dpa_model *old, const dpa_model *new, const dpa_date *date,
    dpa_notice *out);

/* Does the procedure change (shorter periods, weaker objection)? */
bool notice_procedure_changes(const dpa_notice *n);

/* Days from 1970-01-01 to a date, and back (proleptic Gregorian). */
long date_to_days(int y, int m, int d);
void days_to_date(long days, dpa_date *out);

#endif /* !DPAGEN_NOTICE_H */
