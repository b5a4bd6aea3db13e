/* helpers.h - shared by the unit tests: temporary files and loading. */
#ifndef DPAGEN_TEST_HELPERS_H
#define DPAGEN_TEST_HELPERS_H

#define _DEFAULT_SOURCE /* mkdtemp */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "load.h"

/* Not every test uses every helper. */
#define HELPER static __attribute__((unused))

/* A minimal valid config; tests append or override with --set. */
static const char MINIMAL[] =
    "dpagen: 1\n"
    "controller:\n  name: Kunde A/S\n"
    "processor:\n  name: Leverandør ApS\n"
    "processing:\n  purpose: Drift af løsningen\n  nature: Opbevaring\n"
    "  data_types: [navn, e-mail]\n  data_subjects: [kunder]\n  duration: Aftalens løbetid\n"
    "instructions:\n  subject_matter: Hosting\n"
    "security:\n  level: normal\n";

static char test_dir[64];

HELPER void
make_test_dir(void)
{
	if (!test_dir[0]) {
		snprintf(test_dir, sizeof test_dir, "/tmp/dpagen-test-XXXXXX");
		if (!mkdtemp(test_dir))
			abort();
	}
}

/* Write content to TESTDIR/name; returns the path (static storage). */
HELPER const char *
put_file(const char *name, const char *content)
{
	static char path[8][256];
	static int next;
	make_test_dir();
	char *p = path[next++ % 8];
	snprintf(p, 256, "%s/%s", test_dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(content, f);
	assert_int_equal(fclose(f), 0);
	return p;
}

/* "LINE:COL: path: message" of diagnostic i (file name left out). */
HELPER const char *
diag_text(const dpa_diags *d, size_t i)
{
	static char out[1024];
	assert_true(i < d->n);
	const dpa_diag *x = &d->v[i];
	snprintf(out, sizeof out, "%u:%u: %s%s%s", x->loc.line, x->loc.col, x->path ? x->path : "",
	    x->path ? ": " : "", x->msg);
	return out;
}

/* Load yaml (written to name) with optional --set overrides. */
HELPER int
load_yaml(const char *name, const char *yaml, const char *const *sets, size_t nsets,
    dpa_doc *doc, dpa_diags *d)
{
	const char *p = put_file(name, yaml);
	dpa_load_opts o = { .sets = sets, .nsets = nsets };
	int rc = dpa_load(doc, p, &o, d);
	diags_sort(d);
	return rc;
}

/* A template set in a new folder under the test folder: NULL-terminated
 * pairs of file name (without .md) and text.  Returns the folder (static
 * storage, overwritten by the next call). */
#include <sys/stat.h>

HELPER const char *
put_template_set(const char *const *files)
{
	static char dir[300];
	static int n;
	make_test_dir();
	snprintf(dir, sizeof dir, "%s/tset%d", test_dir, n++);
	assert_int_equal(mkdir(dir, 0700), 0);
	for (size_t i = 0; files[i]; i += 2) {
		char path[400];
		snprintf(path, sizeof path, "%s/%s.md", dir, files[i]);
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(files[i + 1], f);
		assert_int_equal(fclose(f), 0);
	}
	return dir;
}

#endif /* !DPAGEN_TEST_HELPERS_H */
