/* batch.c - naming, workers, the window and the manifest: customers are
 * read in list order, rendered by any worker, and committed (named, their
 * files renamed into place, reported and listed) in list order, with at
 * most a window of them in flight, so memory does not grow with the list. */
#define _GNU_SOURCE /* mkdir, strcasecmp, O_DIRECTORY, fstatat */
#include "batch_int.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "check.h"
#include "load.h"
#include "pipeline.h"

/* The ASCII letter cp is with its marks stripped, or -1. */
static int
ascii_of(utf8proc_int32_t cp)
{
	utf8proc_int32_t d[4];
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 4, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, NULL);
	return n == 1 && d[0] < 0x80 ? (int)d[0] : -1;
}

/* A letter with no ASCII form whose other case has one (dotless i, long
 * s) becomes that letter in its own case, and a mark whose other case is a
 * letter (U+0345 YPOGEGRAMMENI, upper case a capital iota) that letter,
 * so that references differing only in case give names differing only in
 * case (fuzz_batchname). */
static utf8proc_int32_t
fold_to_ascii(utf8proc_int32_t cp, void *data)
{
	(void)data;
	if (cp < 0x80 || ascii_of(cp) >= 0)
		return cp;
	utf8proc_int32_t u = utf8proc_toupper(cp), l = utf8proc_tolower(cp);
	utf8proc_category_t c = utf8proc_category(cp);
	if (c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME)
		return u != cp ? u : l;      /* stripped as a mark, kept as a letter */
	int a = u != cp ? ascii_of(u) : -1;
	if (a >= 0)
		return utf8proc_tolower(a);
	a = l != cp ? ascii_of(l) : -1;
	return a >= 0 ? utf8proc_toupper(a) : cp;
}

/* ASCII for a file name: Danish letters as Danes write them without
 * them, other accents stripped (utf8proc). */
static char *
transliterate(const char *text)
{
	static const struct { const char *from, *to; } danish[] = {
		{ "æ", "ae" }, { "Æ", "Ae" }, { "ø", "oe" }, { "Ø", "Oe" }, { "å", "aa" }, { "Å", "Aa" },
		{ "ß", "ss" }, { "ẞ", "SS" },
	};
	buf b = {0};
	for (const char *p = text; *p;) {
		size_t i = 0;
		for (; i < sizeof danish / sizeof danish[0]; i++)
			if (strncmp(p, danish[i].from, strlen(danish[i].from)) == 0)
				break;
		if (i < sizeof danish / sizeof danish[0]) {
			buf_puts(&b, danish[i].to);
			p += strlen(danish[i].from);
		} else {
			buf_putc(&b, *p++);
		}
	}
	utf8proc_uint8_t *out = NULL;
	if (utf8proc_map_custom((const utf8proc_uint8_t *)(b.data ? b.data : ""), 0, &out,
	    UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, fold_to_ascii, NULL) < 0)
		out = NULL;
	char *res = out ? (char *)out : buf_detach(&b);
	buf_free(&b);
	return res;
}

void
batch_slug(const char *text, char *out, size_t size)
{
	char *ascii = transliterate(text);
	size_t o = 0, cap = size - 1 < DPA_MAX_NAME ? size - 1 : DPA_MAX_NAME;
	bool dash = false;
	for (const unsigned char *p = (const unsigned char *)ascii; *p && o < cap; p++) {
		bool keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || (*p == '.' && o > 0 && !dash) ||
		    (*p == '-' && o > 0);
		if (keep && *p == '-') {
			dash = true;
		} else if (keep) {
			if (dash && o < cap - 1)
				out[o++] = '-';
			out[o++] = (char)*p;
			dash = false;
		} else if (o > 0 && (*p < 0x80 || (*p & 0xC0) == 0xC0)) {
			dash = true;           /* one dash per run of other characters */
		}
	}
	while (o > 0 && (out[o - 1] == '.' || out[o - 1] == '-'))
		o--;
	out[o] = '\0';
	free(ascii);
}

/* ---- one customer ------------------------------------------------------- */

typedef enum cust_status { ST_OK, ST_INVALID, ST_CHECK, ST_IO } cust_status;

typedef struct output {
	const dpa_backend *be;     /* set once the file is in place */
	char sha[DPA_FP_HEX + 1];
	atomic_file tmp;           /* written, renamed when its turn comes */
	bool pending;
} output;

typedef struct result {
	cust_status status;
	char name[DPA_MAX_NAME + 1];
	char would[DPA_MAX_NAME + 1];  /* not valid: the name it would have had */
	char fp[DPA_FP_HEX + 1];
	output out[4];
	unsigned removed;           /* formats whose earlier file was removed (bits) */
	dpa_diags d;                /* problems and check findings */
	char *controller;           /* owned */
	char *reference;
} result;

/* A customer between the list and the manifest: read in list order,
 * rendered by any worker, committed (named, its files renamed into
 * place, reported, listed) in list order. */
typedef struct slot {
	size_t seq;                 /* place in the shard's order */
	bool done;                  /* rendered: may be committed */
	arena in;                   /* the customer's values (a CSV row) */
	dpa_customer cu;
	result r;
} slot;

typedef struct batch {
	const dpa_batch_opts *o;
	dpa_customer_list *list;
	const dpa_list_info *info;
	ynode *base;
	dpa_tmpl *t[DPA_LANG__MAX];
	int dirfd;                  /* the output folder: every file is made inside it */
	slot *slots;                /* the window: nslots customers at most in flight */
	size_t nslots;
	pthread_mutex_t mu;         /* the list, the window, the commit */
	pthread_cond_t space;
	size_t next, committed;     /* customers of this shard taken, and committed */
	size_t listed;              /* customers read from the list, all shards */
	size_t ntodo;               /* this shard's customers */
	bool end, read_failed;
	dpa_diags list_d;           /* the list's own problems */
	nameset names;
	atomic_file man;            /* the manifest, streamed */
	buf manbuf;
	unsigned invalid, failed, running;
	atomic_size_t done;
} batch;

/* A customer that is not valid is named as it would have been, from its
 * merged tree, so that its file of an earlier run can be removed. */
static void
name_invalid(const ynode *tree, result *r)
{
	const ynode *v = ytree_get(ytree_get(tree, "agreement"), "reference");
	if (!v || v->kind != Y_SCALAR)
		v = ytree_get(ytree_get(tree, "controller"), "name");
	if (v && v->kind == Y_SCALAR && v->s)
		batch_slug(v->s, r->would, sizeof r->would);
}

/* The stem of a customer's files: its name, or the one it would have had. */
static const char *
stem(const result *r)
{
	return r->name[0] ? r->name : r->would;
}

static void
name_customer(const dpa_model *m, result *r)
{
	const char *from = m->agreement.reference.h.set ? m->agreement.reference.s : m->controller.name.s;
	batch_slug(from ? from : "", r->name, sizeof r->name);
	r->controller = xstrdup(m->controller.name.s ? m->controller.name.s : "");
	r->reference = m->agreement.reference.h.set ? xstrdup(m->agreement.reference.s) : NULL;
}

/* A customer as the user finds it: "line 6" of a CSV file (the file's
 * line, not the row's count), "customer 5" of a YAML list. */
static uint32_t
who_of(const batch *b, const dpa_customer *cu)
{
	return b->info->csv ? cu->loc.line : cu->number;
}

static const char *
who(const batch *b, uint32_t n, char *out, size_t size)
{
	snprintf(out, size, "%s %u", b->info->csv ? "line" : "customer", n);
	return out;
}

/* An output that cannot be written or kept: an I/O error of its customer. */
static void
out_error(const batch *b, result *r, const char *name, const char *err)
{
	arena a = {0};
	const char *path = arena_printf(&a, "%s/%s", b->o->outdir, name);
	diag_add(&r->d, DPA_SEV_ERROR, (dpa_loc){ path, 0, 0 }, NULL, "%s", err);
	arena_free(&a);
	r->status = ST_IO;
}

/* Write one format's bytes to a temporary file beside its name; it is
 * renamed into place when the customer is committed. */
static void
write_pending(batch *b, result *r, size_t f, const buf *bytes)
{
	const dpa_backend *be = b->o->formats[f];
	char name[DPA_MAX_NAME + 16], err[256];
	snprintf(name, sizeof name, "%s%s", r->name, be->ext);
	output *o = &r->out[f];
	if (atomic_open(&o->tmp, b->dirfd, name, err, sizeof err) != 0) {
		out_error(b, r, name, err);
		return;
	}
	o->pending = true;
	atomic_write(&o->tmp, bytes->data ? bytes->data : "", bytes->len);
	if (atomic_finish(&o->tmp, err, sizeof err) != 0) {
		out_error(b, r, name, err);
		return;
	}
	sha256_hex(bytes->data ? bytes->data : "", bytes->len, o->sha);
}

/* Render once, as render does: with marks for the check (unless only the
 * annexes are rendered, which the check does not read), then without them
 * each format from the same agreement and AST. */
static void
render_outputs(batch *b, const dpa_model *m, ynode *tree, result *r, check_memo *memo)
{
	const dpa_tmpl *t = b->t[dpa_model_lang(m)];
	dpa_job job = { .t = t, .tree = tree, .m = m, .annexes_only = b->o->annexes_only,
		.highlight = !b->o->annexes_only };
	bool need_ast = false;
	for (size_t f = 0; f < b->o->nformats; f++)
		need_ast |= b->o->formats[f]->needs_ast;
	dpa_rendered rd = {0};
	dpa_ast ast = {0};
	buf bytes = {0};
	if (pipeline_rendered(&job, &rd, NULL, r->fp, &r->d) != 0) {
		r->status = ST_INVALID;
	} else {
		check_run_memo(m, t, b->o->annexes_only ? NULL : &rd, memo, &r->d);
		if (check_count(&r->d, DPA_SEV_ERROR)) {
			r->status = ST_CHECK;
			r->fp[0] = '\0';   /* the manifest gives a fingerprint to what is written */
		}
	}
	if (r->status == ST_OK) {
		rendered_unmark(&rd);
		if (need_ast && doc_parse(&rd, &ast, &r->d) != 0)
			r->status = ST_INVALID;
	}
	for (size_t f = 0; f < b->o->nformats && r->status == ST_OK; f++) {
		const dpa_backend *be = b->o->formats[f];
		dpa_backend_opts bo = { .source = tree };   /* to locate what a PDF cannot print */
		buf_reset(&bytes);
		if (be->render(&rd, be->needs_ast ? &ast : NULL, &bo, &bytes, &r->d) != 0)
			r->status = ST_INVALID;
		else
			write_pending(b, r, f, &bytes);
	}
	buf_free(&bytes);
	doc_free(&ast);
	rendered_free(&rd);
}

/* Bind, check, name and render one customer: everything that does not
 * depend on the customers before it, so any worker may do it. */
static void
process(batch *b, slot *s, check_memo *memo)
{
	const dpa_customer *cu = &s->cu;
	result *r = &s->r;
	arena a = {0};
	dpa_diags *d = &r->d;
	if (cu->problem)
		diag_add(d, DPA_SEV_ERROR, cu->problem_at, NULL, "%s", cu->problem);
	ynode *tree = customer_config(&a, b->base, cu, d);
	/* --set and --lang have the last word, as in render. */
	for (size_t i = 0; i < b->o->nsets; i++)
		dpa_apply_set(&a, &tree, b->o->sets[i], (unsigned)i + 1, d);
	dpa_model *m = d->errors == 0 ? dpa_bind_lang(&a, &tree, cu->loc.file, b->o->lang, d) : NULL;
	if (!m) {
		r->status = ST_INVALID;
		if (tree)
			name_invalid(tree, r);
	} else {
		name_customer(m, r);
		char w[32];
		if (!r->name[0]) {
			check_run_memo(m, b->t[dpa_model_lang(m)], NULL, memo, d);
			diag_add(d, DPA_SEV_ERROR, cu->loc, NULL, "%s has no usable name: give agreement.reference",
			    who(b, who_of(b, cu), w, sizeof w));
			r->status = ST_INVALID;
		} else {
			render_outputs(b, m, tree, r, memo);
		}
	}
	arena_free(&a);
}

/* ---- committing a customer, in list order ---------------------------------- */

/* The later of two customers with one name gets an error, whatever order
 * the workers ran in.  Names that differ only in case are one name: on a
 * case-insensitive file system (macOS, SMB, vfat) they are one file. */
static bool
name_taken(batch *b, slot *s, uint64_t *at)
{
	result *r = &s->r;
	name_rec first;
	char w[32], w1[32], err[128];
	int found = nameset_find(&b->names, r->name, &first, at);
	if (found < 0) {
		snprintf(err, sizeof err, "cannot keep the run's file names: %s", strerror(errno));
		out_error(b, r, "", err);
		return true;
	}
	if (!found)
		return false;
	bool cased = strcmp(first.name, r->name) != 0;
	diag_add(&r->d, DPA_SEV_ERROR, s->cu.loc, NULL,
	    "%s would be written as \"%s\" like %s%s%s%s: give a distinct agreement.reference",
	    who(b, who_of(b, &s->cu), w, sizeof w), r->name, who(b, first.who, w1, sizeof w1),
	    cased ? " (\"" : "", cased ? first.name : "", cased ? "\", the same name but for case)" : "");
	r->status = ST_INVALID;
	return true;
}

/* Rename the customer's files into place, or, when it is not written,
 * remove its temporary files. */
static void
publish(batch *b, result *r)
{
	char err[256], name[DPA_MAX_NAME + 16];
	for (size_t f = 0; f < b->o->nformats; f++) {
		output *o = &r->out[f];
		if (!o->pending)
			continue;
		o->pending = false;
		snprintf(name, sizeof name, "%s%s", r->name, b->o->formats[f]->ext);
		dpa_file_id id;
		if (atomic_publish(&o->tmp, r->status == ST_OK, &id, err, sizeof err) != 0)
			out_error(b, r, name, err);
		else if (r->status == ST_OK)
			o->be = b->o->formats[f];
	}
	/* A format that failed after others were placed: none stays. */
	for (size_t f = 0; f < b->o->nformats && r->status != ST_OK; f++) {
		if (!r->out[f].be)
			continue;
		snprintf(name, sizeof name, "%s%s", r->name, b->o->formats[f]->ext);
		unlinkat(b->dirfd, name, 0);
		r->out[f].be = NULL;
	}
}

/* A customer that is not written leaves no file of its own: its files of
 * an earlier run are removed, and the removals recorded.  Only regular
 * files, and never a name that a customer before it was written as. */
static void
remove_stale(batch *b, result *r)
{
	const char *key = stem(r);
	name_rec rec;
	uint64_t at;
	if (!key[0] || (nameset_find(&b->names, key, &rec, &at) == 1 && rec.written))
		return;
	for (size_t f = 0; f < b->o->nformats; f++) {
		char name[DPA_MAX_NAME + 16], err[300];
		struct stat st;
		snprintf(name, sizeof name, "%s%s", key, b->o->formats[f]->ext);
		if (fstatat(b->dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (unlinkat(b->dirfd, name, 0) == 0) {
			r->removed |= 1u << f;
		} else {
			snprintf(err, sizeof err, "cannot remove the file of an earlier run: %s", strerror(errno));
			out_error(b, r, name, err);
		}
	}
}

static void
report(batch *b, const slot *s)
{
	const result *r = &s->r;
	char w[32];
	b->invalid += r->status == ST_INVALID || r->status == ST_IO;
	b->failed += r->status == ST_CHECK;
	who(b, who_of(b, &s->cu), w, sizeof w);
	if (r->status != ST_OK) {
		fprintf(stderr, "dpagen batch: %s%s%s%s: %s\n", w, r->name[0] ? " (" : "", r->name,
		    r->name[0] ? ")" : "", r->status == ST_CHECK ? "check errors, nothing written" : "not written");
		diags_print(&r->d, stderr);
		for (size_t f = 0; f < b->o->nformats; f++)
			if (r->removed & 1u << f)
				fprintf(stderr, "dpagen batch: %s/%s%s: removed: an earlier run's file of a customer not written now\n",
				    b->o->outdir, stem(r), b->o->formats[f]->ext);
	} else if (b->o->verbose) {
		fprintf(stderr, "dpagen batch: %s: %s\n", w, r->name);
	}
}

static void manifest_entry(batch *b, const slot *s);

static void
commit(batch *b, slot *s)
{
	result *r = &s->r;
	uint64_t at = 0;
	bool named = r->status == ST_OK || r->status == ST_CHECK;
	if (named && !name_taken(b, s, &at)) {
		/* Recorded before the files are placed: a name that cannot be
		 * kept would let a later customer take it, so then none is. */
		name_rec rec;
		memset(&rec, 0, sizeof rec);
		snprintf(rec.name, sizeof rec.name, "%s", r->name);
		rec.who = who_of(b, &s->cu);
		rec.written = r->status == ST_OK;
		char err[128];
		bool kept = nameset_put(&b->names, at, &rec) == 0;
		if (!kept) {
			snprintf(err, sizeof err, "cannot keep the run's file names: %s", strerror(errno));
			out_error(b, r, "", err);
		}
		publish(b, r);
		if (kept && rec.written && r->status != ST_OK) {
			rec.written = 0;   /* a file could not be placed: none is */
			nameset_update(&b->names, at, &rec);
		}
	} else {
		publish(b, r);
	}
	if (r->status != ST_OK)
		remove_stale(b, r);
	diags_sort(&r->d);
	report(b, s);
	manifest_entry(b, s);
	diags_free(&r->d);
	free(r->controller);
	free(r->reference);
	memset(r, 0, sizeof *r);
	atomic_fetch_add(&b->done, 1);
}

/* ---- workers ---------------------------------------------------------------- */

/* The next customer of this shard into s; 1, or 0 at the end of the list
 * (or when it cannot be read).  Called with the lock held. */
static int
read_customer(batch *b, slot *s)
{
	for (;;) {
		arena_free(&s->in);
		int rc = customers_next(b->list, &s->in, &s->cu, &b->list_d);
		if (rc != 1) {
			b->read_failed |= rc < 0;
			return 0;
		}
		size_t i = b->listed++;
		if (!b->o->nshards || i % b->o->nshards == b->o->shard - 1)
			return 1;
	}
}

/* Take the next customer while the window has room, render it unlocked,
 * then commit every customer that is done, in order. */
static void *
worker(void *arg)
{
	batch *b = arg;
	check_memo *memo = check_memo_new();   /* this worker's, no lock */
	pthread_mutex_lock(&b->mu);
	while (!b->end) {
		if (b->next - b->committed >= b->nslots) {
			pthread_cond_wait(&b->space, &b->mu);
			continue;
		}
		slot *s = &b->slots[b->next % b->nslots];
		if (!read_customer(b, s)) {
			b->end = true;
			pthread_cond_broadcast(&b->space);
			break;
		}
		s->seq = b->next++;
		s->done = false;
		pthread_mutex_unlock(&b->mu);
		process(b, s, memo);
		pthread_mutex_lock(&b->mu);
		s->done = true;
		for (slot *c; b->committed < b->next && (c = &b->slots[b->committed % b->nslots])->done;) {
			commit(b, c);
			b->committed++;
			pthread_cond_broadcast(&b->space);
		}
	}
	b->running--;
	pthread_cond_broadcast(&b->space);
	pthread_mutex_unlock(&b->mu);
	check_memo_free(memo);
	return NULL;
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
show_progress(batch *b, double start, bool final)
{
	size_t done = atomic_load(&b->done);
	double t = now() - start, rate = t > 0 ? (double)done / t : 0;
	double eta = rate > 0 && b->ntodo > done ? (double)(b->ntodo - done) / rate : 0;
	fprintf(stderr, "\rrendering %zu/%zu  %.0f/s  ETA %.0fs   %s", done, b->ntodo, rate, eta,
	    final ? "\n" : "");
	fflush(stderr);
}

/* jobs workers; without progress this thread is one of them, with it
 * this thread reports (count, rate, ETA) while they work. */
static void
run_workers(batch *b)
{
	unsigned n = b->o->jobs ? b->o->jobs : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	n = n < 1 ? 1 : n > 64 ? 64 : n;
	pthread_t th[64];
	unsigned own = b->o->progress ? 0 : 1, started = 0;
	b->running = n;            /* before any worker can finish */
	for (; started < n - own; started++)
		if (pthread_create(&th[started], NULL, worker, b) != 0)
			break;
	pthread_mutex_lock(&b->mu);
	b->running -= n - own - started;
	if (started == 0 && !own) {    /* no thread: this one works */
		own = 1;
		b->running++;
	}
	pthread_mutex_unlock(&b->mu);
	double start = now();
	if (own) {
		worker(b);
	} else {
		pthread_mutex_lock(&b->mu);
		while (b->running > 0) {
			pthread_mutex_unlock(&b->mu);
			show_progress(b, start, false);
			struct timespec ts = { 0, 200 * 1000 * 1000 };
			nanosleep(&ts, NULL);
			pthread_mutex_lock(&b->mu);
		}
		pthread_mutex_unlock(&b->mu);
	}
	for (unsigned i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	if (b->o->progress)
		show_progress(b, start, true);
}

/* ---- the manifest -------------------------------------------------------------- */

json_t *
findings_json(const dpa_diags *d)
{
	json_t *a = json_array();
	for (size_t i = 0; i < d->n; i++) {
		const dpa_diag *x = &d->v[i];
		json_t *f = json_pack("{s:s, s:s, s:s?, s:i, s:i, s:s?, s:s}",
		    "severity", x->sev == DPA_SEV_ERROR ? "error" : x->sev == DPA_SEV_WARNING ? "warning" : "note",
		    "rule", x->rule, "file", x->loc.file, "line", (int)x->loc.line, "column", (int)x->loc.col,
		    "path", x->path, "message", x->msg);
		json_array_append_new(a, f);
	}
	return a;
}

static const char *const status_name[] = {
	"ok",        /* ST_OK */
	"invalid",   /* ST_INVALID */
	"check",     /* ST_CHECK */
	"io-error",  /* ST_IO */
};

/* The manifest goes out in pieces of about 64 KiB. */
static void
man_flush(batch *b, bool all)
{
	if (b->manbuf.len >= 65536 || (all && b->manbuf.len)) {
		atomic_write(&b->man, b->manbuf.data, b->manbuf.len);
		buf_reset(&b->manbuf);
	}
}

int
json_to_buf(const char *text, size_t size, void *buf_arg)
{
	buf_put(buf_arg, text, size);
	return 0;
}

/* One line per customer: `batch --merge` reads shards' manifests a line
 * at a time. */
static void
manifest_entry(batch *b, const slot *s)
{
	const result *r = &s->r;
	json_t *outs = json_array(), *removed = r->removed ? json_array() : NULL;
	for (size_t f = 0; f < b->o->nformats; f++) {
		if (r->out[f].be)
			json_array_append_new(outs, json_pack("{s:s, s:s+, s:s}", "format", r->out[f].be->name,
			    "file", r->name, r->out[f].be->ext, "sha256", r->out[f].sha));
		if (r->removed & 1u << f)
			json_array_append_new(removed, json_pack("s+", stem(r), b->o->formats[f]->ext));
	}
	json_t *e = json_pack("{s:i, s:s, s:s?, s:s?, s:s?, s:s?, s:o, s:o*, s:o}",
	    b->info->csv ? "row" : "entry", (int)s->cu.number, "status", status_name[r->status],
	    "name", r->name[0] ? r->name : NULL, "controller", r->controller,
	    "reference", r->reference, "fingerprint", r->fp[0] ? r->fp : NULL,
	    "outputs", outs, "removed", removed, "findings", findings_json(&r->d));
	buf_puts(&b->manbuf, b->committed ? ",\n    " : "\n    ");
	if (!e || json_dump_callback(e, json_to_buf, &b->manbuf, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0)
		dpa_oom();
	json_decref(e);
	man_flush(b, false);
}

/* The head of the manifest, up to the customers' list.  The shard a
 * merged manifest says it is comes from the caller. */
void
batch_manifest_head(buf *out, const char *generator, const char *base, const char *customers,
    const char *const *formats, size_t nformats, const char *shard)
{
	json_t *fm = json_array();
	for (size_t k = 0; k < nformats; k++)
		json_array_append_new(fm, json_string(formats[k]));
	json_t *head = json_pack("{s:i, s:s, s:s, s:s, s:o, s:s}", "version", 1,
	    "generator", generator ? generator : "dpagen " DPAGEN_VERSION, "base", base, "customer_list", customers,
	    "formats", fm, "shard", shard);
	char *text = head ? json_dumps(head, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(head);
	if (!text)
		dpa_oom();
	buf_put(out, text, strlen(text) - 2);        /* all but the closing "\n}" */
	free(text);
	buf_puts(out, ",\n  \"customers\": [");
}

static int
manifest_open(batch *b)
{
	char err[256], shard[32];
	if (atomic_open(&b->man, b->dirfd, "manifest.json", err, sizeof err) != 0) {
		fprintf(stderr, "%s/manifest.json: %s\n", b->o->outdir, err);
		return -1;
	}
	snprintf(shard, sizeof shard, "%u/%u", b->o->shard ? b->o->shard : 1, b->o->nshards ? b->o->nshards : 1);
	const char *names[4];
	for (size_t k = 0; k < b->o->nformats; k++)
		names[k] = b->o->formats[k]->name;
	batch_manifest_head(&b->manbuf, NULL, b->o->base, b->o->customers, names, b->o->nformats, shard);
	return 0;
}

/* The manifest is renamed into place when complete; a run whose list
 * could not be read to its end leaves none. */
static int
manifest_close(batch *b, bool complete)
{
	char err[256];
	buf_puts(&b->manbuf, "\n  ]\n}\n");
	man_flush(b, true);
	buf_free(&b->manbuf);
	if (atomic_close(&b->man, complete, NULL, err, sizeof err) != 0) {
		fprintf(stderr, "%s/manifest.json: %s\n", b->o->outdir, err);
		return -1;
	}
	return complete ? 0 : -1;
}

/* ---- batch_run ------------------------------------------------------------------- */

/* The output folder, opened: every file is made relative to it, so a
 * rename of DIR during the run cannot send a file elsewhere.  The previous
 * manifest goes first: a run that does not finish leaves none, rather than
 * one that no longer describes the folder. */
static int
open_dir(const char *dir)
{
	/* Created with its parents, as `templates --export` does. */
	if (make_dirs(dir) != 0) {
		fprintf(stderr, "dpagen batch: %s: cannot create the folder: %s\n", dir,
		    errno == ENOTDIR ? "a part of the path is not a folder" : strerror(errno));
		return -1;
	}
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "dpagen batch: %s: %s\n", dir, errno == ENOTDIR ? "not a directory" : strerror(errno));
		return -1;
	}
	if (unlinkat(fd, "manifest.json", 0) != 0 && errno != ENOENT) {
		fprintf(stderr, "dpagen batch: %s/manifest.json: cannot remove the previous manifest: %s\n", dir,
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int
setup(batch *b, const dpa_batch_opts *o, arena *base_mem, dpa_diags *d)
{
	b->base = dpa_load_tree(base_mem, o->base, d);
	/* The tree comes back despite a duplicate key: look at the count. */
	if (!b->base || d->errors)
		return -1;
	/* A --set that does not parse fails the run once, not each customer. */
	ynode *probe = b->base;
	for (size_t i = 0; i < o->nsets; i++)
		dpa_apply_set(base_mem, &probe, o->sets[i], (unsigned)i + 1, d);
	if (d->errors || !(b->list = customers_open(o->customers, o->separator, d)))
		return -1;
	b->info = customers_info(b->list);
	if (o->verbose && b->info->csv)
		fprintf(stderr, "dpagen batch: %s: separator %s%s%s\n", o->customers,
		    b->info->sep == '\t' ? "tab" : b->info->sep == ';' ? "\";\"" : b->info->sep == ',' ? "\",\"" : "\"|\"",
		    b->info->sep_detected ? " (from the header row)" : "",
		    b->info->cp1252 ? "; not UTF-8, read as Windows-1252" : "");
	for (int l = 0; l < DPA_LANG__MAX; l++)
		if (!(b->t[l] = tmpl_compile(o->templates, (dpa_lang)l, d)))
			return -1;
	if ((b->dirfd = open_dir(o->outdir)) < 0)
		return -1;
	size_t n = b->info->count, k = o->nshards ? o->nshards : 1;
	b->ntodo = o->nshards ? (n + k - o->shard) / k : n;
	if (nameset_open(&b->names, b->ntodo, b->dirfd) != 0) {
		fprintf(stderr, "dpagen batch: %s: cannot make a temporary file: %s\n", o->outdir, strerror(errno));
		return -1;
	}
	return manifest_open(b);
}

static void
summary(const batch *b)
{
	size_t written = b->committed - b->invalid - b->failed;
	if (b->o->progress || b->o->verbose)
		fprintf(stderr, "dpagen batch: %zu customers, %zu written, %u not valid, %u with check errors\n",
		    b->committed, written, b->invalid, b->failed);
	else if (b->invalid || b->failed)   /* quiet for CI, but not about skipped customers */
		fprintf(stderr, "dpagen batch: written %zu, skipped %u (see above)\n", written, b->invalid + b->failed);
}

int
batch_run(const dpa_batch_opts *o)
{
	batch b = { .o = o, .dirfd = -1, .names = { .fd = -1 }, .man = { .fd = -1 } };
	arena base_mem = {0};
	dpa_diags d = {0};
	int rc = 2;
	bool man_open = false;
	pthread_mutex_init(&b.mu, NULL);
	pthread_cond_init(&b.space, NULL);
	/* The parser's extension registry is global: set it up before threads. */
	doc_setup();
	if (setup(&b, o, &base_mem, &d) != 0)
		goto out;
	man_open = true;
	unsigned jobs = o->jobs ? o->jobs : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	b.nslots = 2 * (size_t)(jobs < 1 ? 1 : jobs > 64 ? 64 : jobs) + 2;
	b.slots = xcalloc(b.nslots, sizeof *b.slots);
	run_workers(&b);
	diags_sort(&b.list_d);
	diags_print(&b.list_d, stderr);
	man_open = false;
	int man = manifest_close(&b, !b.read_failed);
	rc = man != 0 || b.invalid ? 2 : b.failed ? 1 : 0;
	summary(&b);
out:
	if (man_open)
		manifest_close(&b, false);
	diags_sort(&d);
	diags_print(&d, stderr);
	for (size_t i = 0; b.slots && i < b.nslots; i++)
		arena_free(&b.slots[i].in);
	free(b.slots);
	diags_free(&b.list_d);
	for (int l = 0; l < DPA_LANG__MAX; l++)
		tmpl_free(b.t[l]);
	customers_close(b.list);
	nameset_close(&b.names);
	arena_free(&base_mem);
	diags_free(&d);
	if (b.dirfd >= 0)
		close(b.dirfd);
	pthread_mutex_destroy(&b.mu);
	pthread_cond_destroy(&b.space);
	return rc;
}
