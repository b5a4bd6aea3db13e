/* batch.h - one agreement per customer: a base config, a customer list
 * (YAML overlays or a CSV of dotted config paths), parallel workers,
 * stable shards, and a manifest.
 *
 * The base config is loaded and each language's template set compiled
 * once; each customer is merged, bound, rendered and written in its own
 * arena, freed before the next, so memory does not grow with the list.
 * Outputs and the manifest are the same whatever the number of workers.
 */
#ifndef DPAGEN_BATCH_H
#define DPAGEN_BATCH_H

#include "render.h"
#include "ytree.h"

enum { DPA_MAX_CUSTOMERS = 100000, DPA_MAX_NAME = 100 };

/* One customer: an overlay merged over the base (a YAML entry), or
 * values set at dotted paths (a CSV row). */
typedef struct dpa_setting {
	const char *path;
	ynode *value;
	dpa_loc header;            /* the CSV column's header cell */
} dpa_setting;

typedef struct dpa_customer {
	unsigned number;           /* entry or row, from 1 */
	dpa_loc loc;               /* where it starts */
	ynode *overlay;            /* YAML: a map, or NULL */
	dpa_setting *sets;         /* CSV: the row's non-empty cells */
	size_t nsets;
	const char *problem;       /* CSV: why the row cannot be used, or NULL */
	dpa_loc problem_at;
} dpa_customer;

/* What a customer list turned out to be. */
typedef struct dpa_list_info {
	bool csv;
	char sep;                  /* CSV: the separator used */
	bool sep_detected;         /* ... found from the header, not given */
	bool cp1252;               /* CSV: not UTF-8, read as Windows-1252 */
	bool bom;                  /* CSV: a UTF-8 byte order mark, skipped */
	size_t ncols;              /* CSV: header cells */
	size_t count;              /* customers (CSV: rows after the header) */
} dpa_list_info;

typedef struct dpa_customer_list dpa_customer_list;

/* Open a customer list: CSV when the file name ends in .csv, else YAML.
 * The whole list is checked first (CSV: the header's config paths, the
 * syntax, the customer limit; YAML: parsed, each entry a map), so a list
 * that cannot be used fails before any customer is rendered.  Returns the
 * list, or NULL with every problem in d.
 *
 * A CSV file is then read again row by row, never held whole, so a list
 * of 100,000 customers costs no more memory than one of 1,000; a YAML
 * list is held parsed (the YAML node limit bounds it).  A CSV file's
 * separator is sep, or with sep 0 the one of ',', ';' and tab that the
 * header row has most of (Excel in a Danish locale writes ';').  A CSV
 * file that is not UTF-8 is read as Windows-1252, as Excel writes it; a
 * UTF-8 BOM is skipped. */
dpa_customer_list *customers_open(const char *path, char sep, dpa_diags *d);
const dpa_list_info *customers_info(const dpa_customer_list *l);

/* The next customer, in list order, its values in a (the caller frees
 * them).  1, 0 at the end, -1 when the file cannot be read or changed
 * since it was checked (the problem in d). */
int customers_next(dpa_customer_list *l, arena *a, dpa_customer *cu, dpa_diags *d);
void customers_close(dpa_customer_list *l);

/* A customer's config: base with the overlay merged, or with the row's
 * values set, in a; problems in d. */
ynode *customer_config(arena *a, ynode *base, const dpa_customer *cu, dpa_diags *d);

/* A file name stem from text: letters, digits, '.', '_' and '-' kept,
 * anything else (and any run of it) one '-', no leading '.' or '-',
 * at most DPA_MAX_NAME bytes.  Empty when nothing usable is left. */
void batch_slug(const char *text, char *out, size_t size);

typedef struct dpa_batch_opts {
	const char *base, *customers, *outdir, *templates;
	const dpa_backend *formats[4];
	size_t nformats;
	unsigned jobs;             /* workers; 0: the number of cores */
	unsigned shard, nshards;   /* render slice shard (1-based) of nshards */
	bool annexes_only;
	const char *const *sets;   /* --set KEY=VALUE, applied over each customer */
	size_t nsets;
	const char *lang;          /* --lang, or NULL */
	char separator;            /* --separator, or 0: from the CSV header */
	bool progress;             /* count, rate and ETA on stderr */
	bool verbose;              /* a line per customer on stderr */
} dpa_batch_opts;

/* Run a batch; returns the exit status (0, 1 check errors, 2 invalid
 * customers or I/O), with problems printed to stderr in customer order. */
int batch_run(const dpa_batch_opts *o);

/* `batch --merge`: the manifests of shards 1/N..N/N of one run (each a
 * manifest.json or the folder holding it) as outdir/manifest.json, equal
 * to the manifest one run over the whole list writes.  A file name that
 * two shards both gave out is an error (one run refuses the later
 * customer).  Returns the exit status, 0 or 2. */
int batch_merge(const char *outdir, char *const *shards, size_t n);

#endif /* !DPAGEN_BATCH_H */
