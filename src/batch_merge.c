/* batch_merge.c - `dpagen batch --merge`: the manifests of the shards of
 * one batch (--shard 1/N ... N/N) as the one manifest a single run writes.
 * Each manifest is read a line at a time (batch writes a customer per
 * line) and the customers merged in list order, so memory stays flat. */
#define _GNU_SOURCE /* getline, strcasecmp */
#include "batch_int.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct shard_in {
	const char *path;           /* the manifest */
	FILE *f;
	json_t *head;
	unsigned k, n;              /* shard k of n */
	char *line;                 /* the next customer's line, or NULL at the end */
	size_t cap;
	long number;                /* its row or entry */
	uint32_t lineno;
} shard_in;

typedef struct merge {
	shard_in *in;
	size_t nin;
	const char *key;            /* "row" (CSV) or "entry" (YAML) */
	int rc;
} merge;

static void merge_error(merge *m, const shard_in *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "dpagen batch --merge: FILE:LINE: message", exit status 2. */
static void
merge_error(merge *m, const shard_in *s, const char *fmt, ...)
{
	va_list ap;
	fputs("dpagen batch --merge: ", stderr);
	if (s && s->lineno)
		fprintf(stderr, "%s:%u: ", s->path, s->lineno);
	else if (s)
		fprintf(stderr, "%s: ", s->path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	m->rc = 2;
}

static ssize_t
next_line(shard_in *s)
{
	ssize_t n = getline(&s->line, &s->cap, s->f);
	if (n > 0) {
		s->lineno++;
		if (s->line[n - 1] == '\n')
			s->line[--n] = '\0';
	}
	return n;
}

/* The head: every line before the customers' list, closed as JSON. */
static int
read_head(merge *m, shard_in *s)
{
	buf text = {0};
	ssize_t n;
	while ((n = next_line(s)) >= 0 && strcmp(s->line, "  \"customers\": [") != 0)
		buf_put(&text, s->line, (size_t)n), buf_putc(&text, '\n');
	if (n < 0) {
		buf_free(&text);
		merge_error(m, s, "%s", "not a manifest that dpagen batch wrote (no \"customers\" list)");
		return -1;
	}
	buf_puts(&text, "\"customers\": []}");
	json_error_t e;
	s->head = json_loads(text.data, 0, &e);
	buf_free(&text);
	const char *shard = NULL;
	char tail;
	if (!s->head || json_unpack(s->head, "{s:s}", "shard", &shard) != 0 ||
	    sscanf(shard, "%u/%u%c", &s->k, &s->n, &tail) != 2 || s->k < 1 || s->k > s->n) {
		merge_error(m, s, "%s", "not a manifest that dpagen batch wrote (no \"shard\": \"K/N\")");
		return -1;
	}
	return 0;
}

/* The next customer of a shard: its line and number; NULL at the end. */
static void
advance(merge *m, shard_in *s)
{
	free(s->line);
	s->line = NULL;
	s->cap = 0;
	ssize_t n = next_line(s);
	if (n < 0 || strcmp(s->line, "  ]") == 0) {
		free(s->line);
		s->line = NULL;
		return;
	}
	if (n > 0 && s->line[n - 1] == ',')
		s->line[--n] = '\0';
	json_error_t e;
	json_t *c = strncmp(s->line, "    {", 5) == 0 ? json_loads(s->line + 4, 0, &e) : NULL;
	json_int_t num = 0;
	if (!c || json_unpack(c, "{s:I}", m->key, &num) != 0 || num < 1) {
		merge_error(m, s, "not a customer's line of a batch manifest (each has its \"%s\")", m->key);
		free(s->line);
		s->line = NULL;
	}
	s->number = (long)num;
	json_decref(c);
}

/* The shards must be the parts of one run: the same base, list, formats
 * and generator, shards 1/N to N/N each once. */
static int
same_run(merge *m)
{
	static const char *const keys[] = { "version", "generator", "base", "customer_list", "formats" };
	shard_in *first = &m->in[0];
	bool *seen = xcalloc(first->n + 1, sizeof *seen);
	for (size_t i = 0; i < m->nin && !m->rc; i++) {
		shard_in *s = &m->in[i];
		for (size_t k = 0; k < sizeof keys / sizeof keys[0] && !m->rc; k++)
			if (!json_equal(json_object_get(s->head, keys[k]), json_object_get(first->head, keys[k])))
				merge_error(m, s, "its \"%s\" differs from the first manifest's: shards of different runs", keys[k]);
		if (!m->rc && s->n != first->n)
			merge_error(m, s, "%s", "its shard count differs from the first manifest's");
		else if (!m->rc && seen[s->k])
			merge_error(m, s, "%s", "the same shard twice");
		else if (!m->rc)
			seen[s->k] = true;
	}
	for (unsigned k = 1; k <= first->n && !m->rc; k++)
		if (!seen[k]) {
			char what[32];
			snprintf(what, sizeof what, "%u/%u", k, first->n);
			merge_error(m, NULL, "shard %s is missing", what);
		}
	free(seen);
	return m->rc ? -1 : 0;
}

/* A name that two shards both gave out: a single run would have refused
 * the later customer, so the merged manifest could not be the same. */
static void
check_name(merge *m, nameset *names, shard_in *s)
{
	json_t *c = json_loads(s->line + 4, 0, NULL);
	const char *name = NULL, *status = NULL;
	if (json_unpack(c, "{s:s, s?s}", "status", &status, "name", &name) == 0 && name &&
	    (strcmp(status, "ok") == 0 || strcmp(status, "check") == 0)) {
		name_rec rec;
		uint64_t at;
		int found = nameset_find(names, name, &rec, &at);
		if (found == 1) {
			char msg[300];
			snprintf(msg, sizeof msg, "%s %ld is named \"%s\" like %s %u of another shard: a single run "
			    "refuses the later one; give them distinct agreement.reference values",
			    m->key, s->number, name, m->key, rec.who);
			merge_error(m, s, "%s", msg);
		} else if (found == 0) {
			memset(&rec, 0, sizeof rec);
			snprintf(rec.name, sizeof rec.name, "%s", name);
			rec.who = (uint32_t)s->number;
			if (nameset_put(names, at, &rec) != 0)
				found = -1;
		}
		if (found < 0)
			merge_error(m, NULL, "cannot keep the names: %s", strerror(errno));
	}
	json_decref(c);
}

/* Customers in list order: the shard whose next customer comes first. */
static void
merge_lines(merge *m, nameset *names, atomic_file *out)
{
	for (size_t written = 0; !m->rc; written++) {
		shard_in *best = NULL;
		for (size_t i = 0; i < m->nin; i++)
			if (m->in[i].line && (!best || m->in[i].number < best->number))
				best = &m->in[i];
		if (!best)
			break;
		check_name(m, names, best);
		atomic_write(out, written ? ",\n" : "\n", written ? 2 : 1);
		atomic_write(out, best->line, strlen(best->line));
		advance(m, best);
	}
}

static const char *
manifest_path(arena *a, const char *arg)
{
	struct stat st;
	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
		return arena_printf(a, "%s/manifest.json", arg);
	return arg;
}

static int
open_inputs(merge *m, arena *a, char *const *shards, size_t n)
{
	m->in = xcalloc(n, sizeof *m->in);
	m->nin = n;
	for (size_t i = 0; i < n && !m->rc; i++) {
		shard_in *s = &m->in[i];
		s->path = manifest_path(a, shards[i]);
		if (!(s->f = fopen(s->path, "re"))) {
			merge_error(m, s, "cannot open: %s", strerror(errno));
			break;
		}
		if (read_head(m, s) != 0)
			break;
	}
	if (m->rc || same_run(m) != 0)
		return -1;
	const char *list = json_string_value(json_object_get(m->in[0].head, "customer_list"));
	size_t len = list ? strlen(list) : 0;
	m->key = len > 4 && strcasecmp(list + len - 4, ".csv") == 0 ? "row" : "entry";
	for (size_t i = 0; i < n && !m->rc; i++)
		advance(m, &m->in[i]);
	return m->rc ? -1 : 0;
}

static void
write_head(const merge *m, atomic_file *out)
{
	json_t *h = m->in[0].head, *fm = json_object_get(h, "formats");
	const char *names[4];
	size_t nf = 0;
	for (size_t k = 0; k < json_array_size(fm) && nf < 4; k++)
		names[nf++] = json_string_value(json_array_get(fm, k));
	buf head = {0};
	batch_manifest_head(&head, json_string_value(json_object_get(h, "generator")),
	    json_string_value(json_object_get(h, "base")),
	    json_string_value(json_object_get(h, "customer_list")), names, nf, "1/1");
	atomic_write(out, head.data, head.len);
	buf_free(&head);
}

int
batch_merge(const char *outdir, char *const *shards, size_t n)
{
	merge m = {0};
	arena a = {0};
	nameset names = { .fd = -1 };
	atomic_file out = { .fd = -1 };
	char err[256];
	int dirfd = -1;
	bool opened = false;
	if (open_inputs(&m, &a, shards, n) != 0)
		goto done;
	if (make_dirs(outdir) != 0 || (dirfd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "dpagen batch --merge: %s: cannot use the folder: %s\n", outdir, strerror(errno));
		m.rc = 2;
		goto done;
	}
	if (nameset_open(&names, DPA_MAX_CUSTOMERS, dirfd) != 0 || atomic_open(&out, dirfd, "manifest.json", err, sizeof err) != 0) {
		fprintf(stderr, "dpagen batch --merge: %s/manifest.json: %s\n", outdir,
		    names.fd < 0 ? strerror(errno) : err);
		m.rc = 2;
		goto done;
	}
	opened = true;
	write_head(&m, &out);
	merge_lines(&m, &names, &out);
	atomic_write(&out, "\n  ]\n}\n", 7);
done:
	if (opened && atomic_close(&out, m.rc == 0, NULL, err, sizeof err) != 0 && m.rc == 0) {
		fprintf(stderr, "dpagen batch --merge: %s/manifest.json: %s\n", outdir, err);
		m.rc = 2;
	}
	for (size_t i = 0; i < m.nin; i++) {
		if (m.in[i].f)
			fclose(m.in[i].f);
		json_decref(m.in[i].head);
		free(m.in[i].line);
	}
	free(m.in);
	nameset_close(&names);
	if (dirfd >= 0)
		close(dirfd);
	arena_free(&a);
	return m.rc;
}
