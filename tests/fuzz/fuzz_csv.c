/* fuzz_csv.c - the customer list reader of batch: bytes written to a
 * file and read by customers_open/customers_next (CSV, or a YAML list of overlays), then
 * every customer applied to the CI example's base config and bound, as
 * batch's first pass does, and named with batch_slug.
 *
 * Input: OPTS LIST.  OPTS bit 1: LIST is YAML (customers.yaml), else CSV
 * (customers.csv). */
#include "fuzz.h"

#include "batch.h"
#include "load.h"

static ynode *base;
static arena base_mem;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	size_t len;
	char *text = fz_read_src("examples/ci/base.yaml", &len);
	dpa_diags d = {0};
	if (ytree_parse(&base_mem, "base.yaml", text, len, &d, &base) != 0 || !base) {
		diags_print(&d, stderr);
		abort();
	}
	free(text);
	diags_free(&d);
	fz_tempdir();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool yaml = data[0] & 1;
	char *text = xmalloc(size);        /* the bytes as one name, for the slug */
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	char slug[DPA_MAX_NAME + 1];
	batch_slug(text, slug, sizeof slug);
	free(text);
	const char *path = fz_write(yaml ? "customers.yaml" : "customers.csv", data + 1, size - 1);
	dpa_diags d = {0};
	dpa_customer_list *l = customers_open(path, 0, &d);
	/* Bounded: a list may hold thousands of customers. */
	for (size_t i = 0; l && i < 64; i++) {
		arena a = {0};
		dpa_customer cu;
		dpa_diags cd = {0};
		if (customers_next(l, &a, &cu, &cd) != 1) {
			fz_print(&cd);
			diags_free(&cd);
			arena_free(&a);
			break;
		}
		if (cu.problem)
			diag_add(&cd, DPA_SEV_ERROR, cu.problem_at, NULL, "%s", cu.problem);
		ynode *tree = customer_config(&a, base, &cu, &cd);
		dpa_model *m = cd.errors ? NULL : dpa_bind(&a, tree, cu.loc.file, &cd);
		if (m) {
			char name[DPA_MAX_NAME + 1];
			const char *from = m->agreement.reference.h.set ? m->agreement.reference.s :
			    m->controller.name.s;
			batch_slug(from ? from : "", name, sizeof name);
		}
		fz_print(&cd);
		diags_free(&cd);
		arena_free(&a);
	}
	customers_close(l);
	fz_print(&d);
	diags_free(&d);
	return 0;
}
