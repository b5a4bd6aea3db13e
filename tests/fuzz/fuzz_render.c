/* fuzz_render.c - the whole render path: bytes as a config -> tree ->
 * model -> the check rules -> the built-in templates -> Markdown -> AST
 * -> md, html and (sometimes) pdf, through pipeline_bytes as render and
 * batch call it.  No file is read: `extends` is dropped.
 *
 * Input: OPTS CONFIG.  OPTS bits: 1 --annexes-only, 2 --highlight,
 * 4 --fragment, 8 run check with the templates (renders twice),
 * 0x70 == 0 also PDF (one input in eight: it costs a font embedding). */
#include "fuzz.h"

#include "check.h"
#include "load.h"
#include "pipeline.h"

static dpa_tmpl *sets[DPA_LANG__MAX];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	doc_setup();
	for (int l = 0; l < DPA_LANG__MAX; l++) {
		dpa_diags d = {0};
		if (!(sets[l] = tmpl_compile(NULL, (dpa_lang)l, &d))) {
			diags_print(&d, stderr);
			abort();
		}
		diags_free(&d);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned opts = data[0];
	arena a = {0};
	dpa_diags d = {0};
	ynode *root = NULL;
	if (ytree_parse(&a, "fuzz.yaml", (const char *)data + 1, size - 1, &d, &root) != 0 || !root ||
	    root->kind != Y_MAP)
		goto out;
	root = ytree_without(&a, root, "extends");
	dpa_model *m = dpa_bind(&a, root, "fuzz.yaml", &d);
	if (!m)
		goto out;
	const dpa_tmpl *t = sets[dpa_model_lang(m)];
	check_run(m, opts & 8 ? t : NULL, NULL, &d);
	dpa_job job = { .t = t, .tree = root, .m = m, .annexes_only = opts & 1, .highlight = opts & 2 };
	dpa_backend_opts bo = { .fragment = opts & 4, .highlight = opts & 2 };
	static const char *const formats[] = { "md", "html", "pdf" };
	for (int f = 0; f < ((opts & 0x70) == 0 ? 3 : 2); f++) {
		buf out = {0};
		char fp[DPA_FP_HEX + 1];
		pipeline_bytes(&job, backend_find(formats[f]), &bo, &out, fp, &d);
		buf_free(&out);
	}
out:
	fz_print(&d);
	diags_free(&d);
	arena_free(&a);
	return 0;
}
