/* pipeline.c - model -> Markdown -> AST -> bytes, for one agreement. */
#include "pipeline.h"

#include <string.h>

int
pipeline_rendered(const dpa_job *job, dpa_rendered *r, dpa_ast *a, char fp[DPA_FP_HEX + 1],
    dpa_diags *d)
{
	char shortfp[DPA_FP_SHORT + 1];
	fingerprint(job->tree, tmpl_digest(job->t), fp);
	memcpy(shortfp, fp, DPA_FP_SHORT);
	shortfp[DPA_FP_SHORT] = '\0';
	dpa_render_opts ro = { .annexes_only = job->annexes_only, .highlight = job->highlight,
		.fingerprint = shortfp };
	if (tmpl_render(job->t, job->m, &ro, r, d) != 0)
		return -1;
	return a && doc_parse(r, a, d) != 0 ? -1 : 0;
}

int
pipeline_bytes(const dpa_job *job, const dpa_backend *be, const dpa_backend_opts *bo, buf *out,
    char fp[DPA_FP_HEX + 1], dpa_diags *d)
{
	dpa_rendered r = {0};
	dpa_ast a = {0};
	int rc = pipeline_rendered(job, &r, be->needs_ast ? &a : NULL, fp, d);
	if (rc == 0)
		rc = be->render(&r, be->needs_ast ? &a : NULL, bo, out, d);
	doc_free(&a);
	rendered_free(&r);
	return rc;
}
