/* check.h - `dpagen check`: the rules a DPA must pass, kept as one table,
 * run over a loaded model and over the agreement rendered from it, and the
 * findings written as text, JSON or SARIF 2.1.0.
 *
 * A finding is an ordinary located diagnostic (diag.h) whose rule field is
 * the rule id, so the caller owns the dpa_diags it passes in and frees it
 * with diags_free().  The rule table is static data: never freed.  Rule
 * ids are stable: a rule is never renumbered, a retired id is not reused.
 * The writers append to a caller-owned buf (buf_free()).
 */
#ifndef DPAGEN_CHECK_H
#define DPAGEN_CHECK_H

#include "diag.h"
#include "model.h"
#include "tmpl.h"

typedef struct dpa_rule {
	const char *id;       /* "DPA012" */
	dpa_sev sev;          /* error, warning or note */
	const char *title;    /* what the rule finds, one line */
	const char *basis;    /* legal basis: article, decision or judgment */
	const char *explain;  /* why, and how to fix it: for --explain and the docs */
} dpa_rule;

size_t check_rule_count(void);
const dpa_rule *check_rule_at(size_t i);

/* A rule by id, without regard to case ("DPA012", "dpa012"), or by its
 * number ("12"); NULL if there is none. */
const dpa_rule *check_rule_find(const char *id);

/* Run every rule on m, adding the findings to d.  t is the template set
 * the agreement is rendered with for the rules on its text (a placeholder
 * left, a reference that does not resolve); NULL skips those rules.
 * given, when not NULL, is that agreement already rendered from m and t
 * with highlight marks and without --annexes-only (the caller's render,
 * saving a second one); it is only read. */
void check_run(const dpa_model *m, const dpa_tmpl *t, const dpa_rendered *given, dpa_diags *d);

/* What one thread's checks of many agreements share (batch: a worker's):
 * the stemmers, the stemmed phrases, and what each text rule found in
 * each text seen, by the text's content, so that the text a base config
 * gives every customer is read once.  Bounded: it forgets everything when
 * it holds more than a few MiB.  One thread at a time. */
typedef struct check_memo check_memo;
check_memo *check_memo_new(void);
void check_memo_free(check_memo *memo);

/* check_run with a memo (NULL: none); the findings are the same. */
void check_run_memo(const dpa_model *m, const dpa_tmpl *t, const dpa_rendered *given, check_memo *memo,
    dpa_diags *d);

/* Findings of d that came from rules, by severity (d->errors and
 * d->warnings also count diagnostics past the cap). */
size_t check_count(const dpa_diags *d, dpa_sev sev);

/* The ids of the rules with findings of severity sev, "DPA003, DPA012". */
void check_rule_ids(const dpa_diags *d, dpa_sev sev, buf *out);

/* Findings as text: errors first, then warnings, then notes, each group
 * by place; one line "FILE:LINE:COL: error: DPA012: path: message
 * (basis)" each, then the summary "N errors, M warnings".  color adds
 * terminal colours to the severity words. */
void check_write_text(const dpa_diags *d, bool color, buf *out);

/* The stable JSON shape of docs/checks.md:
 * {"version":1,"file":F,"findings":[{"rule","severity","file","line",
 * "column","path","message","basis"}],"errors":N,"warnings":M,"notes":K,
 * "not_shown":X}. */
void check_write_json(const dpa_diags *d, const char *file, buf *out);

/* SARIF 2.1.0: one run of the tool "dpagen" with every rule's metadata. */
void check_write_sarif(const dpa_diags *d, buf *out);

/* The rule table: aligned text, or the Markdown of docs/checks.md. */
void check_write_list(bool markdown, buf *out);

/* The rule's title, severity, basis and explanation. */
void check_write_explain(const dpa_rule *r, buf *out);

#endif /* !DPAGEN_CHECK_H */
