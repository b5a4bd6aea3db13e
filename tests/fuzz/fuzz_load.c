/* fuzz_load.c - the YAML loader with validation: bytes -> ytree_parse ->
 * dpa_bind, the canonical form (fingerprint) and the model rules of
 * check; then the same bytes through dpa_load from a file, with
 * `extends`, --set and --lang.
 *
 * Input: CONFIG [NUL BASE].  CONFIG is written to DIR/fuzz.yaml and BASE
 * to DIR/base.yaml, so `extends: base.yaml` (and a cycle back to
 * fuzz.yaml) are reachable; an `extends` naming anything else is not
 * followed (it could name a FIFO or a device).  Comment lines "#set
 * KEY=VALUE" and "#lang XX" in CONFIG become --set and --lang. */
#include "fuzz.h"

#include "check.h"
#include "fingerprint.h"
#include "load.h"

/* Only the two files of this input may be extended. */
static bool
safe_extends(const char *file, const char *data, size_t len)
{
	arena a = {0};
	dpa_diags d = {0};
	ynode *root = NULL;
	bool ok = true;
	if (ytree_parse(&a, file, data, len, &d, &root) == 0 && root) {
		const ynode *e = ytree_get(root, "extends");
		if (e && !ytree_is_null(e))
			ok = e->kind == Y_SCALAR && (strcmp(e->s, "base.yaml") == 0 ||
			    strcmp(e->s, "fuzz.yaml") == 0 || strcmp(e->s, "./base.yaml") == 0 ||
			    strcmp(e->s, "./fuzz.yaml") == 0);
	}
	diags_free(&d);
	arena_free(&a);
	return ok;
}

static void
direct(const char *data, size_t len)
{
	arena a = {0};
	dpa_diags d = {0};
	ynode *root = NULL;
	if (ytree_parse(&a, "fuzz.yaml", data, len, &d, &root) == 0 && root && root->kind == Y_MAP) {
		char fp[DPA_FP_HEX + 1];
		static const unsigned char nodigest[32];
		fingerprint(root, nodigest, fp);
		/* An overlay of the config on itself, as batch does with customers. */
		ynode *tree = ytree_without(&a, root, "extends");
		tree = ytree_merge(&a, tree, tree);
		dpa_model *m = dpa_bind(&a, tree, "fuzz.yaml", &d);
		if (m)
			check_run(m, NULL, NULL, &d);
	}
	fz_print(&d);
	diags_free(&d);
	arena_free(&a);
}

static void
through_file(const char *data, size_t len, const char *base, size_t blen)
{
	if (!safe_extends("fuzz.yaml", data, len) || !safe_extends("base.yaml", base, blen))
		return;
	const char *path = fz_write("fuzz.yaml", data, len);
	fz_write("base.yaml", base, blen);
	/* "#set K=V" and "#lang L" lines: overrides as on the command line. */
	enum { MAXSETS = 4 };
	char *sets[MAXSETS];
	size_t nsets = 0;
	char lang[8] = "";
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && data[i - 1] != '\n')
			continue;
		const char *eol = memchr(data + i, '\n', len - i);
		size_t n = eol ? (size_t)(eol - (data + i)) : len - i;
		if (n > 5 && memcmp(data + i, "#set ", 5) == 0 && nsets < MAXSETS) {
			sets[nsets] = xmalloc(n - 4);
			memcpy(sets[nsets], data + i + 5, n - 5);
			sets[nsets][n - 5] = '\0';
			nsets++;
		} else if (n > 6 && n < 6 + sizeof lang && memcmp(data + i, "#lang ", 6) == 0) {
			memcpy(lang, data + i + 6, n - 6);
			lang[n - 6] = '\0';
		}
	}
	/* dpa_load takes C strings: a NUL inside makes a shorter override. */
	dpa_load_opts o = { .sets = (const char *const *)sets, .nsets = nsets,
		.lang = (strcmp(lang, "da") == 0 || strcmp(lang, "en") == 0) ? lang : NULL };
	dpa_diags d = {0};
	dpa_doc doc;
	if (dpa_load(&doc, path, &o, &d) == 0)
		check_run(doc.m, NULL, NULL, &d);
	fz_print(&d);
	dpa_doc_free(&doc);
	diags_free(&d);
	for (size_t i = 0; i < nsets; i++)
		free(sets[i]);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_tempdir();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *part[2];
	size_t plen[2];
	fz_split(data, size, 2, part, plen);
	direct((const char *)data, size);   /* NULs included: the loader must refuse them */
	through_file(part[0], plen[0], part[1], plen[1]);
	return 0;
}
