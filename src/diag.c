/* diag.c - collect, sort and print located diagnostics. */
#include "diag.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

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
	x->excerpt = NULL;
	buf_free(&b);
}

void
diag_excerpt(dpa_diags *d, const char *text)
{
	if (d->n && !d->dropped)
		d->v[d->n - 1].excerpt = arena_strdup(&d->mem, text);
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

/* Text from input (a CSV header cell, a value quoted in a message, a file
 * name) printed so that it cannot drive the terminal or break the line:
 * control characters (C0, DEL, C1), bidirectional controls and bytes that
 * are not UTF-8 are written as \xHH or \uHHHH. */
static void
put_escaped(FILE *fp, const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	for (size_t i = 0; p[i];) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p + i, -1, &c);
		if (n <= 0) {
			fprintf(fp, "\\x%02X", p[i]);
			i++;
			continue;
		}
		bool bidi = c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
		    (c >= 0x2066 && c <= 0x2069);
		if (c < 0x20 || c == 0x7F)
			fprintf(fp, "\\x%02X", (unsigned)c);
		else if ((c >= 0x80 && c <= 0x9F) || bidi)
			fprintf(fp, "\\u%04X", (unsigned)c);
		else
			fwrite(p + i, 1, (size_t)n, fp);
		i += (size_t)n;
	}
}

void
diags_print(const dpa_diags *d, FILE *fp)
{
	for (size_t i = 0; i < d->n; i++) {
		const dpa_diag *x = &d->v[i];
		if (x->loc.file) {
			put_escaped(fp, x->loc.file);
			if (x->loc.line)
				fprintf(fp, ":%u:%u", x->loc.line, x->loc.col);
			fputs(": ", fp);
		} else {
			fputs("dpagen: ", fp);
		}
		if (x->sev != DPA_SEV_ERROR)
			fprintf(fp, "%s: ", sev_name[x->sev]);
		if (x->rule)
			fprintf(fp, "%s: ", x->rule);
		if (x->path) {
			put_escaped(fp, x->path);
			fputs(": ", fp);
		}
		put_escaped(fp, x->msg);
		fputc('\n', fp);
		/* Each excerpt line escaped on its own, behind a margin. */
		buf line = {0};
		for (const char *l = x->excerpt; l && *l;) {
			size_t n = strcspn(l, "\n");
			buf_reset(&line);
			buf_put(&line, l, n);
			fputs("    | ", fp);
			put_escaped(fp, line.data ? line.data : "");
			fputc('\n', fp);
			l += n + (l[n] == '\n');
		}
		buf_free(&line);
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
