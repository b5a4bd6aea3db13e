/* pipeline.h - one agreement through the pipeline after loading: the
 * fingerprint, the template engine, the AST and a back-end.  Shared by
 * render, preview and batch, so each runs the same steps. */
#ifndef DPAGEN_PIPELINE_H
#define DPAGEN_PIPELINE_H

#include "fingerprint.h"
#include "load.h"
#include "render.h"

typedef struct dpa_job {
	const dpa_tmpl *t;
	const ynode *tree;             /* the merged config, for the fingerprint */
	const dpa_model *m;
	bool annexes_only, highlight;
} dpa_job;

/* Render the job's agreement into r (and a, when a is not NULL): the
 * caller frees them with rendered_free() and doc_free() either way.
 * fp receives the full hex fingerprint.  Returns 0, or -1 with d. */
int pipeline_rendered(const dpa_job *job, dpa_rendered *r, dpa_ast *a, char fp[DPA_FP_HEX + 1],
    dpa_diags *d);

/* The agreement in one format, appended to out.  Returns 0, or -1 with d. */
int pipeline_bytes(const dpa_job *job, const dpa_backend *be, const dpa_backend_opts *bo,
    buf *out, char fp[DPA_FP_HEX + 1], dpa_diags *d);

#endif /* !DPAGEN_PIPELINE_H */
