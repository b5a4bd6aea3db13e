/* diag.c - collect, sort and print located diagnostics. */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

static const char *const sev_name[DPA_SEV__MAX] = {
	"error",   /* DPA_SEV_ERROR */
	"warning", /* DPA_SEV_WARNING */
	"note",    /* DPA_SEV_NOTE */
};

void
diag_addv(dpa_diags *d, dpa_sev sev, const char *rule, dpa_loc loc,
    const char *path, const char *fmt, va_list ap)
{
	if (sev == DPA_SEV_ERROR)
		d->errors++;
	else if (sev == DPA_SEV_WARNING)
		d->warnings++;
	if (d->n >= DPA_DIAG_CAP) {
		d->dropped++;
		return;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	buf b = {0};
	buf_vprintf(&b, fmt, ap);
	const char *file = loc.file ? diags_intern(d, loc.file) : NULL;
	dpa_diag *x = &d->v[d->n++];
	x->loc = loc;
	x->loc.file = file;
	x->sev = sev;
	x->rule = rule ? arena_strdup(&d->mem, rule) : NULL;
	x->path = path && *path ? arena_strdup(&d->mem, path) : NULL;
	x->msg = arena_strndup(&d->mem, b.data ? b.data : "", b.len);
	buf_free(&b);
}

void
diag_add(dpa_diags *d, dpa_sev sev, dpa_loc loc, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(d, sev, NULL, loc, path, fmt, ap);
	va_end(ap);
}

const char *
diags_intern(dpa_diags *d, const char *file)
{
	/* Few distinct files per run: a linear look-up is enough. */
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].loc.file && strcmp(d->v[i].loc.file, file) == 0)
			return d->v[i].loc.file;
	return arena_strdup(&d->mem, file);
}

static int
cmp_diag(const void *pa, const void *pb)
{
	const dpa_diag *a = pa, *b = pb;
	int c = strcmp(a->loc.file ? a->loc.file : "", b->loc.file ? b->loc.file : "");
	if (c)
		return c;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.col != b->loc.col)
		return a->loc.col < b->loc.col ? -1 : 1;
	return a < b ? -1 : a > b;
}

void
diags_sort(dpa_diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof *d->v, cmp_diag);
}

void
diags_print(const dpa_diags *d, FILE *fp)
{
	for (size_t i = 0; i < d->n; i++) {
		const dpa_diag *x = &d->v[i];
		if (x->loc.file && x->loc.line)
			fprintf(fp, "%s:%u:%u: ", x->loc.file, x->loc.line, x->loc.col);
		else if (x->loc.file)
			fprintf(fp, "%s: ", x->loc.file);
		else
			fputs("dpagen: ", fp);
		if (x->sev != DPA_SEV_ERROR)
			fprintf(fp, "%s: ", sev_name[x->sev]);
		if (x->rule)
			fprintf(fp, "%s: ", x->rule);
		if (x->path)
			fprintf(fp, "%s: ", x->path);
		fprintf(fp, "%s\n", x->msg);
	}
	if (d->dropped)
		fprintf(fp, "dpagen: %zu more problem%s not shown\n", d->dropped,
		    d->dropped == 1 ? "" : "s");
}

void
diags_free(dpa_diags *d)
{
	free(d->v);
	arena_free(&d->mem);
	memset(d, 0, sizeof *d);
}
