/* render_md.c - the Markdown back-end.
 *
 * The engine's output is already CommonMark with GFM tables (it is what
 * the AST is parsed from), so this back-end writes it as it is, minus the
 * review marks, which Markdown has no way to show. */
#include <string.h>

#include "render.h"

int
render_md(const dpa_rendered *r, const dpa_ast *a, const dpa_backend_opts *o, buf *out,
    dpa_diags *d)
{
	(void)a;
	(void)o;
	(void)d;
	const char *s = r->md.data;
	size_t len = r->md.len, mark = strlen(DPA_MARK_ON);
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
