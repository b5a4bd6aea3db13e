/* render.c - the table of back-ends. */
#include "render.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const dpa_backend backends[] = {
	{ "md", ".md", false, false, render_md },
	{ "html", ".html", false, true, render_html },
	{ "pdf", ".pdf", true, true, render_pdf },
	{ "docx", ".docx", true, true, render_docx },
};

enum { NBACKENDS = sizeof backends / sizeof backends[0] };

const dpa_backend *
backend_find(const char *name)
{
	for (size_t i = 0; i < NBACKENDS; i++)
		if (strcmp(backends[i].name, name) == 0)
			return &backends[i];
	return NULL;
}

const dpa_backend *
backend_for_path(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return NULL;
	/* DPA.PDF is a PDF: extensions in any case. */
	for (size_t i = 0; i < NBACKENDS; i++)
		if (strcasecmp(backends[i].ext, dot) == 0)
			return &backends[i];
	if (strcasecmp(dot, ".markdown") == 0)
		return backend_find("md");
	if (strcasecmp(dot, ".htm") == 0)
		return backend_find("html");
	return NULL;
}

void
backend_names(buf *out)
{
	for (size_t i = 0; i < NBACKENDS; i++)
		buf_printf(out, "%s%s", i ? ", " : "", backends[i].name);
}

void
docmeta_running_ref(const dpa_docmeta *m, char *out, size_t size)
{
	const char *ref = m->reference && *m->reference ? m->reference : NULL;
	const char *ver = m->version && *m->version ? m->version : NULL;
	snprintf(out, size, "%s%sversion %s", ref ? ref : "", ref ? ", " : "", ver ? ver : "");
	if (!ver)
		snprintf(out, size, "%s", ref ? ref : "");
}
