/* batch_int.h - what batch.c, batch_merge.c and notice's customer lists
 * share: the set of file names a run has given out, and the manifest. */
#ifndef DPAGEN_BATCH_INT_H
#define DPAGEN_BATCH_INT_H

#include <jansson.h>
#include <stdint.h>

#include "batch.h"

/* A name as first given: the customer that had it (a CSV line or a YAML
 * entry) and whether its files were written. */
typedef struct name_rec {
	char name[DPA_MAX_NAME + 1];
	uint8_t used, written;
	uint32_t who;
} name_rec;

/* The names of one run, compared without case (one file on macOS, SMB,
 * vfat).  The table lives in an unlinked temporary file, read and written
 * a record at a time, so that a run of 100,000 customers keeps none of
 * them in memory; its slots are placed by a keyed hash, so a hostile list
 * cannot make them collide. */
typedef struct nameset {
	int fd;
	uint64_t cap;              /* slots, a power of two */
	uint64_t n;
	uint8_t key[16];
} nameset;

/* Room for about expect names, the file made in the folder dirfd (or in
 * TMPDIR).  0, or -1 with errno. */
int nameset_open(nameset *s, size_t expect, int dirfd);

/* Look name up: 1 found (the record in *rec), 0 not there (*at is where
 * it would go), -1 an I/O error (errno). */
int nameset_find(nameset *s, const char *name, name_rec *rec, uint64_t *at);

/* Put rec at the place nameset_find() gave.  0, or -1 with errno. */
int nameset_put(nameset *s, uint64_t at, const name_rec *rec);

/* Change the record nameset_find() found at at. */
int nameset_update(nameset *s, uint64_t at, const name_rec *rec);

void nameset_close(nameset *s);

/* A json_dump_callback() that appends to the buf passed. */
int json_to_buf(const char *text, size_t size, void *buf_arg);

/* Diagnostics as the manifest's "findings": a JSON array. */
json_t *findings_json(const dpa_diags *d);

/* The manifest's head up to its list of customers ("customers": [),
 * as batch writes it and `batch --merge` writes it again; generator NULL
 * is this dpagen. */
void batch_manifest_head(buf *out, const char *generator, const char *base, const char *customers,
    const char *const *formats, size_t nformats, const char *shard);

#endif /* !DPAGEN_BATCH_INT_H */
