/* render_md.c - the Markdown back-end and the table of back-ends.
 *
 * The engine's output is already CommonMark with GFM tables (it is what
 * the AST is parsed from), so this back-end writes it as it is, minus the
 * review marks, which Markdown has no way to show. */
#include <string.h>

#include "render.h"

static const dpa_backend backends[] = {
	{ "md", ".md", false, render_md },
};

const dpa_backend *
backend_find(const char *name)
{
	for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
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
	for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
		if (strcmp(backends[i].ext, dot) == 0)
			return &backends[i];
	if (strcmp(dot, ".markdown") == 0)
		return backend_find("md");
	return NULL;
}

void
backend_names(buf *out)
{
	for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
		buf_printf(out, "%s%s", i ? ", " : "", backends[i].name);
}

int
render_md(const dpa_rendered *r, const dpa_backend_opts *o, buf *out, dpa_diags *d)
{
	(void)o;
	(void)d;
	const char *s = r->md.data;
	size_t len = r->md.len;
	size_t mark = strlen(DPA_MARK_ON);
	for (size_t i = 0; i < len; i++) {
		if (i + mark <= len && (memcmp(s + i, DPA_MARK_ON, mark) == 0 ||
		    memcmp(s + i, DPA_MARK_OFF, mark) == 0)) {
			i += mark - 1;
			continue;
		}
		buf_putc(out, s[i]);
	}
	return 0;
}
