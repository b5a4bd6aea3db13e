/* fuzz_tmpl.c - the template engine: a template set written to a
 * per-process folder, compiled with tmpl_compile(DIR) and rendered
 * against a fixed valid model (examples/onecom.yaml, which fills every
 * list) with a fuzzed overlay merged in; the Markdown then goes through
 * the AST to Markdown, HTML and sometimes PDF, since a template is raw
 * Markdown that no config value can produce.
 *
 * Input: OPTS DOCUMENT [NUL PART [NUL OVERLAY]].  DOCUMENT is
 * DIR/document.md, PART is DIR/part.md ({{> part}}), OVERLAY is YAML
 * merged over the model (ignored when the result does not bind).  OPTS
 * bits: 1 English, 2 annexes only, 4 highlight, 8 fragment, 0x70 == 0
 * also PDF (one input in eight: it costs a font embedding). */
#include "fuzz.h"

#include "doc.h"
#include "load.h"
#include "render.h"
#include "tmpl.h"

static ynode *base;
static arena base_mem;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	size_t len;
	char *text = fz_read_src("examples/onecom.yaml", &len);
	dpa_diags d = {0};
	if (ytree_parse(&base_mem, "onecom.yaml", text, len, &d, &base) != 0 || !base) {
		diags_print(&d, stderr);
		abort();
	}
	/* The text stays: the tree's strings are copies, but keep it simple. */
	free(text);
	diags_free(&d);
	doc_setup();
	fz_tempdir();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned opts = data[0];
	const char *part[3];
	size_t plen[3];
	fz_split(data + 1, size - 1, 3, part, plen);
	fz_write("document.md", part[0], plen[0]);
	fz_write("part.md", part[1], plen[1]);

	arena a = {0};
	dpa_diags d = {0};
	ynode *over = NULL, *tree = base;
	if (plen[2] && ytree_parse(&a, "overlay.yaml", part[2], plen[2], &d, &over) == 0 && over &&
	    over->kind == Y_MAP)
		tree = ytree_merge(&a, base, ytree_without(&a, over, "extends"));
	dpa_diags bd = {0};
	dpa_model *m = dpa_bind(&a, tree, "onecom.yaml", &bd);
	if (!m)
		m = dpa_bind(&a, base, "onecom.yaml", &d);
	diags_free(&bd);
	if (!m)
		abort();   /* the fixed model must bind */

	dpa_lang lang = opts & 1 ? DPA_LANG_EN : DPA_LANG_DA;
	dpa_tmpl *t = tmpl_compile(fz_tempdir(), lang, &d);
	if (t) {
		dpa_render_opts ro = { .annexes_only = opts & 2, .highlight = opts & 4,
			.fingerprint = "0123456789ab" };
		dpa_rendered r;
		if (tmpl_render(t, m, &ro, &r, &d) == 0) {
			dpa_ast ast;
			dpa_backend_opts bo = { .fragment = opts & 8, .highlight = opts & 4 };
			buf out = {0};
			render_md(&r, NULL, &bo, &out, &d);
			if (doc_parse(&r, &ast, &d) == 0) {
				buf_reset(&out);
				render_html(&r, &ast, &bo, &out, &d);
				if ((opts & 0x70) == 0) {
					buf_reset(&out);
					render_pdf(&r, &ast, &bo, &out, &d);
				}
			}
			doc_free(&ast);
			buf_free(&out);
		}
		rendered_free(&r);
		tmpl_free(t);
	}
	fz_print(&d);
	diags_free(&d);
	arena_free(&a);
	return 0;
}
