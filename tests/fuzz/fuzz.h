/* fuzz.h - shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.c):
 * a private temporary folder per process for inputs that only exist as
 * files (a config for dpa_load, a template set, a customer list), and
 * small helpers.  Built by `make fuzz`; see docs/limits-and-fuzzing.md. */
#ifndef DPAGEN_FUZZ_H
#define DPAGEN_FUZZ_H

#define _DEFAULT_SOURCE /* mkdtemp */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

#ifndef FUZZ_SRCDIR
#define FUZZ_SRCDIR "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Not every harness uses every helper. */
#define FZ_HELPER static __attribute__((unused))

static char fz_dir[64];
static char fz_files[8][128];
static int fz_nfiles;

static void
fz_cleanup(void)
{
	for (int i = 0; i < fz_nfiles; i++)
		unlink(fz_files[i]);
	if (fz_dir[0])
		rmdir(fz_dir);
}

/* The folder, made once; removed at exit with what fz_write put there.
 * /dev/shm keeps the per-input writes off the disk when it exists. */
FZ_HELPER const char *
fz_tempdir(void)
{
	if (fz_dir[0])
		return fz_dir;
	snprintf(fz_dir, sizeof fz_dir, "/dev/shm/dpagen-fuzz-XXXXXX");
	if (!mkdtemp(fz_dir)) {
		snprintf(fz_dir, sizeof fz_dir, "/tmp/dpagen-fuzz-XXXXXX");
		if (!mkdtemp(fz_dir)) {
			perror("fuzz: mkdtemp");
			abort();
		}
	}
	atexit(fz_cleanup);
	return fz_dir;
}

/* Write len bytes to DIR/name (replacing it); returns the path, in
 * storage that lives as long as the process. */
FZ_HELPER const char *
fz_write(const char *name, const void *data, size_t len)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", fz_tempdir(), name);
	int slot = -1;
	for (int i = 0; i < fz_nfiles; i++)
		if (strcmp(fz_files[i], path) == 0)
			slot = i;
	if (slot < 0) {
		if (fz_nfiles == 8)
			abort();
		slot = fz_nfiles++;
		snprintf(fz_files[slot], sizeof fz_files[slot], "%s", path);
	}
	FILE *f = fopen(path, "wb");
	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
		perror(path);
		abort();
	}
	return fz_files[slot];
}

/* Read a file of the source tree (a fixed model, a base config). */
FZ_HELPER char *
fz_read_src(const char *rel, size_t *len)
{
	char path[512], err[256];
	snprintf(path, sizeof path, "%s/%s", FUZZ_SRCDIR, rel);
	buf b = {0};
	if (read_file(path, 16 * 1024 * 1024, &b, err, sizeof err) != 0) {
		fprintf(stderr, "fuzz: %s: %s\n", path, err);
		abort();
	}
	*len = b.len;
	return buf_detach(&b);
}

/* Diagnostics are formatted as the CLI would, into nowhere: the
 * formatting code (locations, paths, long values) is exercised too. */
FZ_HELPER void
fz_print(dpa_diags *d)
{
	static FILE *null;
	if (!null && !(null = fopen("/dev/null", "w")))
		abort();
	diags_sort(d);
	diags_print(d, null);
}

/* Split data at the first n-1 NUL bytes into n parts (missing parts are
 * empty). */
FZ_HELPER void
fz_split(const uint8_t *data, size_t size, size_t n, const char **part, size_t *plen)
{
	size_t k = 0, start = 0;
	for (size_t i = 0; i < size && k + 1 < n; i++)
		if (data[i] == 0) {
			part[k] = (const char *)data + start;
			plen[k++] = i - start;
			start = i + 1;
		}
	part[k] = (const char *)data + start;
	plen[k++] = size >= start ? size - start : 0;
	for (; k < n; k++) {
		part[k] = "";
		plen[k] = 0;
	}
}

#endif /* !DPAGEN_FUZZ_H */
