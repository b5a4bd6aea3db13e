/* batch.c - customer lists, naming, workers and the manifest. */
#define _GNU_SOURCE /* mkdir, strcasecmp, O_DIRECTORY, fstatat */
#include "batch.h"

#include <csv.h>
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

/* ---- customer lists ---------------------------------------------------- */

static int
yaml_customers(dpa_customers *c, const char *path, const buf *data, dpa_diags *d)
{
	ynode *root = NULL;
	size_t before = d->errors;
	/* A duplicate key is reported without failing the parse. */
	if (ytree_parse(&c->mem, path, data->data, data->len, d, &root) != 0 || d->errors > before)
		return -1;
	if (!root || root->kind != Y_SEQ) {
		diag_add(d, DPA_SEV_ERROR, root ? root->loc : (dpa_loc){ path, 1, 1 }, NULL,
		    "a customer list is a YAML list of overlays (\"- controller: {name: ...}\") or a .csv file");
		return -1;
	}
	c->v = arena_alloc(&c->mem, (root->n + 1) * sizeof *c->v);
	int rc = 0;
	for (size_t i = 0; i < root->n; i++) {
		ynode *e = root->items[i];
		if (e->kind != Y_MAP) {
			diag_add(d, DPA_SEV_ERROR, e->loc, NULL, "customer %zu: an entry must be a map of config keys", i + 1);
			rc = -1;
			continue;
		}
		c->v[c->n++] = (dpa_customer){ .number = (unsigned)i + 1, .loc = e->loc, .overlay = e };
	}
	return rc;
}

/* "controler.name": the path with the unknown name at s (len bytes)
 * replaced by the nearest field of def, for a "did you mean"; or NULL. */
static const char *
path_hint(arena *a, const char *path, const char *s, size_t len, const dpa_struct_def *def)
{
	const char *names[128];
	size_t n = 0;
	for (; def && n < def->nfields && n < 128; n++)
		names[n] = def->fields[n].name;
	char *word = arena_strndup(a, s, len);
	const char *best = closest_word(word, names, n);
	if (!best)
		return NULL;
	return arena_printf(a, "%.*s%s%s", (int)(s - path), path, best, s + len);
}

/* A dotted config path as a CSV header names it: every name a field of
 * the config, a number after each list (or [N], as messages print it).
 * NULL, or why not, in a. */
static const char *
check_path(arena *a, const char *path)
{
	const dpa_struct_def *def = &dpa_model_def;
	const dpa_field *f = NULL;
	bool want_index = false;
	if (!*path)
		return "an empty header cell: each column names a config path";
	for (const char *s = path; *s;) {
		const char *dot = s + strcspn(s, ".[");
		size_t len = (size_t)(dot - s);
		if (want_index) {
			if (len == 0 || strspn(s, "0123456789") < len - (s[len - 1] == ']'))
				return "a list needs a number next (e.g. sub_processors.list.0.name)";
			want_index = false;
			def = f->elem == DPA_T_STRUCT ? f->sub : NULL;
		} else {
			if (!def || !(f = dpa_field_find(def, s, len))) {
				const char *hint = path_hint(a, path, s, len, def);
				if (hint)
					return arena_printf(a, "not a config field (did you mean \"%s\"?)", hint);
				return "not a config field (see docs/config.md)";
			}
			want_index = f->type == DPA_T_LIST;
			def = f->type == DPA_T_STRUCT ? f->sub : NULL;
		}
		s = *dot ? dot + 1 : dot;
	}
	return want_index ? "a list needs a number next (e.g. sub_processors.list.0.name)" : NULL;
}

typedef struct csv_state {
	dpa_customers *c;
	dpa_diags *d;
	const char *file, *data;
	size_t pos, field_start, row_start;
	uint32_t line, row_line;        /* the current line, and where the row began */
	char **header;
	dpa_loc *header_loc;
	size_t ncols, col, rows;
	dpa_customer cur;
	dpa_loc row_loc;                /* where the current row's first field is */
	int rc;
	bool full;                      /* DPA_MAX_CUSTOMERS reached: stop reading */
	size_t vcap;                    /* room in c->v */
	size_t loc_off;                 /* csv_loc()'s last place, its line and column */
	uint32_t loc_line, loc_col;
} csv_state;

/* Line and column of byte off.  Fields come in order, so the scan goes
 * on from the last place instead of from the start (from the start it
 * was quadratic: minutes for a list of 100,000 customers). */
static dpa_loc
csv_loc(csv_state *s, size_t off)
{
	if (off < s->loc_off || s->loc_line == 0) {
		s->loc_off = 0;
		s->loc_line = s->loc_col = 1;
	}
	for (; s->loc_off < off; s->loc_off++) {
		if (s->data[s->loc_off] == '\n') {
			s->loc_line++;
			s->loc_col = 1;
		} else if (((unsigned char)s->data[s->loc_off] & 0xC0) != 0x80) {
			s->loc_col++;
		}
	}
	return (dpa_loc){ s->file, s->loc_line, s->loc_col };
}

/* A cell must be UTF-8 text without control characters, as a YAML file
 * must be: libyaml checks that, libcsv passes any byte on to the outputs. */
static const char *
cell_problem(arena *a, const char *s, size_t len, bool cp1252)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0 && cp1252)
			return "a byte that Windows-1252 does not define (the file is not UTF-8, so it was "
			       "read as Windows-1252); save the file as UTF-8";
		if (n <= 0)
			return "a byte that is not UTF-8; the file must be UTF-8 text";
		/* A CR only before a LF: alone it ends a Markdown line unseen. */
		bool crlf = cp == '\r' && i + 1 < len && s[i + 1] == '\n';
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && !crlf) || (cp >= 0x7F && cp <= 0x9F))
			return arena_printf(a, "value contains the control character U+%04X; a CSV file holds text",
			    (unsigned)cp);
		i += (size_t)n;
	}
	return NULL;
}

static void
on_field(void *field, size_t len, void *arg)
{
	csv_state *s = arg;
	dpa_loc at = csv_loc(s, s->field_start);
	s->field_start = s->pos + 1;
	size_t col = s->col++;
	if (col == 0)
		s->row_loc = at;
	if (s->rows == 0) {               /* the header: dotted config paths */
		s->header = xrealloc(s->header, (col + 1) * sizeof *s->header);
		s->header_loc = xrealloc(s->header_loc, (col + 1) * sizeof *s->header_loc);
		/* CSV_EMPTY_IS_NULL: an empty header cell comes as NULL. */
		s->header[col] = arena_strndup(&s->c->mem, field ? field : "", len);
		s->header_loc[col] = at;
		const char *why = check_path(&s->c->mem, s->header[col]);
		if (!why && strchr(s->header[col], '['))   /* list[0] as list.0: duplicates */
			s->header[col] = arena_strdup(&s->c->mem, ytree_dotted_path(&s->c->mem, s->header[col]));
		if (why) {
			diag_add(s->d, DPA_SEV_ERROR, at, s->header[col], "%s", why);
			s->rc = -1;
		}
		s->ncols = col + 1;
		return;
	}
	if (col >= s->ncols) {
		if (!s->cur.problem) {
			s->cur.problem = arena_printf(&s->c->mem, "line %u has more fields than the header's %zu",
			    s->row_loc.line, s->ncols);
			s->cur.problem_at = at;
		}
		return;
	}
	if (len == 0)
		return;                    /* an empty cell keeps the base value */
	if (len > YT_MAX_SCALAR) {     /* the limit of a value in a YAML file */
		if (!s->cur.problem) {
			s->cur.problem = arena_printf(&s->c->mem, "value is %zu bytes, more than the %d KiB limit",
			    len, YT_MAX_SCALAR / 1024);
			s->cur.problem_at = at;
		}
		return;
	}
	const char *why = cell_problem(&s->c->mem, field, len, s->c->cp1252);
	if (why) {
		if (!s->cur.problem) {
			s->cur.problem = why;
			s->cur.problem_at = at;
		}
		return;
	}
	ynode *v = arena_alloc(&s->c->mem, sizeof *v);
	v->kind = Y_SCALAR;            /* plain: "30" binds as a number, "true" as true */
	v->s = arena_strndup(&s->c->mem, field, len);
	v->len = len;
	v->loc = at;
	v->weight = 1;
	dpa_customer *cu = &s->cur;
	cu->sets = xrealloc(cu->sets, (cu->nsets + 1) * sizeof *cu->sets);
	cu->sets[cu->nsets++] = (dpa_setting){ s->header[col], v, s->header_loc[col] };
}

/* A header path with its list numbers as numbers: "list.01" is "list.1". */
static const char *
canon_path(arena *a, const char *path)
{
	buf b = {0};
	for (const char *p = path;;) {
		size_t len = strcspn(p, ".");
		while (len > 1 && *p == '0' && strspn(p, "0123456789") >= len) {
			p++;
			len--;
		}
		buf_put(&b, p, len);
		if (!p[len])
			break;
		buf_putc(&b, '.');
		p += len + 1;
	}
	const char *r = arena_strndup(a, b.data ? b.data : "", b.len);
	buf_free(&b);
	return r;
}

typedef struct column {
	const char *key;
	size_t col;
} column;

static int
cmp_column(const void *pa, const void *pb)
{
	const column *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->col > b->col) - (a->col < b->col);
}

/* A column named twice would set one value twice, the last silently
 * winning: an error, as a duplicate key is in YAML.  Sorted, not compared
 * pairwise: a header may have many thousand cells. */
static void
check_columns(csv_state *s)
{
	column *v = xmalloc((s->ncols + 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < s->ncols; i++)
		if (s->header[i][0])
			v[n++] = (column){ canon_path(&s->c->mem, s->header[i]), i };
	qsort(v, n, sizeof *v, cmp_column);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (strcmp(v[i].key, v[first].key) != 0) {
			first = i;
			continue;
		}
		dpa_loc at = s->header_loc[v[i].col], was = s->header_loc[v[first].col];
		diag_add(s->d, DPA_SEV_ERROR, at, s->header[v[i].col],
		    "duplicate column (first at line %u, column %u): each config path once", was.line, was.col);
		s->rc = -1;
	}
	free(v);
}

static void
on_row(int term, void *arg)
{
	(void)term;
	csv_state *s = arg;
	if (s->rows == 0)
		check_columns(s);
	if (s->rows > 0) {
		dpa_loc row_at = s->col ? s->row_loc : csv_loc(s, s->row_start);
		if (s->col < s->ncols && !s->cur.problem) {
			s->cur.problem = arena_printf(&s->c->mem, "line %u has %zu fields, the header %zu",
			    row_at.line, s->col, s->ncols);
			s->cur.problem_at = row_at;
		}
		if (s->c->n >= DPA_MAX_CUSTOMERS) {
			diag_add(s->d, DPA_SEV_ERROR, row_at, NULL,
			    "more than %d customers (limit)", DPA_MAX_CUSTOMERS);
			s->rc = -1;
			s->full = true;
			free(s->cur.sets);
		} else {
			dpa_customer *cu = &s->cur;
			cu->number = (unsigned)s->rows;
			cu->loc = row_at;
			/* Move the row's settings into the arena. */
			dpa_setting *sets = arena_alloc(&s->c->mem, (cu->nsets + 1) * sizeof *sets);
			if (cu->nsets)
				memcpy(sets, cu->sets, cu->nsets * sizeof *sets);
			free(cu->sets);
			cu->sets = sets;
			if (s->c->n == s->vcap) {  /* doubling: one realloc per row was quadratic */
				s->vcap = s->vcap ? 2 * s->vcap : 64;
				s->c->v = xrealloc(s->c->v, s->vcap * sizeof *s->c->v);
			}
			s->c->v[s->c->n++] = *cu;
		}
	}
	memset(&s->cur, 0, sizeof s->cur);
	s->rows++;
	s->col = 0;
	/* A row ends at the \r of \r\n: the next one starts after the \n. */
	size_t next = s->pos + 1;
	if (s->data[s->pos] == '\r' && s->data[next] == '\n')
		next++;
	s->row_start = s->field_start = next;
}

/* The separator the header row (the first line, outside quotes) has
 * most of: ',' ';' or tab; ',' when it has none. */
static char
detect_separator(const char *data, size_t len)
{
	static const char cand[] = { ',', ';', '\t' };
	size_t count[3] = {0};
	bool quoted = false;
	for (size_t i = 0; i < len && (quoted || (data[i] != '\n' && data[i] != '\r')); i++) {
		if (data[i] == '"')
			quoted = !quoted;
		for (int k = 0; k < 3 && !quoted; k++)
			count[k] += data[i] == cand[k];
	}
	int best = 0;
	for (int k = 1; k < 3; k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}

/* Windows-1252, not UTF-8: bytes that are not UTF-8 and not one UTF-8
 * letter of more than a byte.  A UTF-8 file with a stray byte stays
 * UTF-8 (and the byte an error), rather than turning every æ into Ã¦. */
static bool
looks_cp1252(const char *s, size_t len)
{
	size_t bad = 0;
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		    (utf8proc_ssize_t)(len - i), &cp);
		if (n > 1)
			return false;
		bad += n <= 0;
		i += n > 0 ? (size_t)n : 1;
	}
	return bad > 0;
}

/* Windows-1252 (what Excel writes in a Danish locale) as UTF-8.  The five
 * bytes the code page leaves undefined stay as they are, so that the
 * cell holding one is refused as not UTF-8, at its line and column. */
static void
cp1252_to_utf8(const buf *in, buf *out)
{
	static const uint16_t hi[32] = {
		0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
		0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
	};
	for (size_t i = 0; i < in->len; i++) {
		unsigned char ch = (unsigned char)in->data[i];
		unsigned cp = ch >= 0x80 && ch < 0xA0 ? hi[ch - 0x80] : ch;
		if (ch < 0x80 || (ch < 0xA0 && cp == ch)) {
			buf_putc(out, (char)ch);
			continue;
		}
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, enc);
		buf_put(out, enc, (size_t)n);
	}
}

static int
csv_customers(dpa_customers *c, const char *path, const buf *data, dpa_diags *d)
{
	c->csv = true;
	struct csv_parser p;
	if (csv_init(&p, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
		dpa_oom();
	size_t skip = data->len >= 3 && memcmp(data->data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	if (!c->sep) {
		c->sep = detect_separator(data->data + skip, data->len - skip);
		c->sep_detected = true;
	}
	csv_set_delim(&p, (unsigned char)c->sep);
	csv_state s = { .c = c, .d = d, .file = path, .data = data->data, .pos = skip,
		.field_start = skip, .row_start = skip };
	/* Byte by byte, so each field's line and column are known. */
	for (; s.pos < data->len && !s.full; s.pos++)
		if (csv_parse(&p, data->data + s.pos, 1, on_field, on_row, &s) != 1) {
			diag_add(d, DPA_SEV_ERROR, csv_loc(&s, s.pos), NULL, "CSV: %s",
			    csv_strerror(csv_error(&p)));
			s.rc = -1;
			break;
		}
	if (s.rc == 0 && csv_fini(&p, on_field, on_row, &s) != 0) {
		diag_add(d, DPA_SEV_ERROR, csv_loc(&s, data->len), NULL, "CSV: %s",
		    csv_strerror(csv_error(&p)));
		s.rc = -1;
	}
	csv_free(&p);
	free(s.cur.sets);
	free(s.header);
	free(s.header_loc);
	if (s.rows == 0) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ path, 1, 1 }, NULL,
		    "an empty CSV file: the first row names config paths (controller.name, ...)");
		return -1;
	}
	return s.rc;
}

int
customers_load_sep(dpa_customers *c, const char *path, char sep, dpa_diags *d)
{
	memset(c, 0, sizeof *c);
	buf data = {0};
	char err[256];
	if (read_file(path, 64 * 1024 * 1024, &data, err, sizeof err) != 0) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ path, 0, 0 }, NULL, "%s", err);
		buf_free(&data);
		return -1;
	}
	size_t n = strlen(path);
	bool csv = n > 4 && strcasecmp(path + n - 4, ".csv") == 0;
	const char *file = arena_strdup(&c->mem, path);
	if (csv && looks_cp1252(data.data, data.len)) {
		buf conv = {0};
		cp1252_to_utf8(&data, &conv);
		buf_free(&data);
		data = conv;
		c->cp1252 = true;
	}
	c->sep = sep;
	int rc = csv ? csv_customers(c, file, &data, d) : yaml_customers(c, file, &data, d);
	buf_free(&data);
	return rc;
}

int
customers_load(dpa_customers *c, const char *path, dpa_diags *d)
{
	return customers_load_sep(c, path, 0, d);
}

void
customers_free(dpa_customers *c)
{
	if (c->csv)
		free(c->v);
	arena_free(&c->mem);
	memset(c, 0, sizeof *c);
}

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
	const dpa_backend *be;
	char sha[DPA_FP_HEX + 1];
	dpa_file_id id;             /* the file as written, checked before the manifest */
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

typedef struct batch {
	const dpa_batch_opts *o;
	const dpa_customers *c;
	ynode *base;
	dpa_tmpl *t[DPA_LANG__MAX];
	result *res;
	size_t *todo;               /* indexes of this shard's customers */
	size_t ntodo;
	atomic_size_t next, done;
	int pass;                   /* 1: bind and name; 2: render and write */
	int dirfd;                  /* the output folder: every file is made inside it */
} batch;

/* The customer's config: base plus overlay, or base with the row's values. */
static ynode *
customer_tree(arena *a, const batch *b, const dpa_customer *cu, dpa_diags *d)
{
	if (cu->overlay)
		return ytree_merge(a, b->base, ytree_without(a, cu->overlay, "extends"));
	ynode *t = b->base;
	for (size_t i = 0; i < cu->nsets; i++) {
		const char *why = NULL;
		ynode *n = ytree_set(a, t, cu->sets[i].path, cu->sets[i].value, &why);
		if (!n)
			diag_add(d, DPA_SEV_ERROR, cu->sets[i].value->loc, cu->sets[i].path, "%s", why);
		else
			t = n;
	}
	return t;
}

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

/* Render once, then each format from the same agreement and AST. */
static void
write_outputs(batch *b, const dpa_model *m, ynode *tree, result *r)
{
	dpa_job job = { .t = b->t[dpa_model_lang(m)], .tree = tree, .m = m,
		.annexes_only = b->o->annexes_only };
	bool need_ast = false;
	for (size_t f = 0; f < b->o->nformats; f++)
		need_ast |= b->o->formats[f]->needs_ast;
	dpa_rendered rd = {0};
	dpa_ast ast = {0};
	buf bytes = {0};
	if (pipeline_rendered(&job, &rd, need_ast ? &ast : NULL, r->fp, &r->d) != 0)
		r->status = ST_INVALID;
	for (size_t f = 0; f < b->o->nformats && r->status == ST_OK; f++) {
		const dpa_backend *be = b->o->formats[f];
		dpa_backend_opts bo = {0};
		buf_reset(&bytes);
		if (be->render(&rd, be->needs_ast ? &ast : NULL, &bo, &bytes, &r->d) != 0) {
			r->status = ST_INVALID;
			break;
		}
		char name[DPA_MAX_NAME + 16], err[256];
		snprintf(name, sizeof name, "%s%s", r->name, be->ext);
		if (write_atomic_at(b->dirfd, name, bytes.data ? bytes.data : "", bytes.len, &r->out[f].id,
		    err, sizeof err) != 0) {
			out_error(b, r, name, err);
			break;
		}
		r->out[f].be = be;
		sha256_hex(bytes.data ? bytes.data : "", bytes.len, r->out[f].sha);
	}
	buf_free(&bytes);
	doc_free(&ast);
	rendered_free(&rd);
}

static void
do_customer(batch *b, size_t k)
{
	const dpa_customer *cu = &b->c->v[k];
	result *r = &b->res[k];
	if (b->pass == 2 && r->status != ST_OK)
		return;
	arena a = {0};
	dpa_diags scratch = {0};
	dpa_diags *d = b->pass == 1 ? &r->d : &scratch;
	size_t before = d->errors;
	if (cu->problem)
		diag_add(d, DPA_SEV_ERROR, cu->problem_at, NULL, "%s", cu->problem);
	ynode *tree = customer_tree(&a, b, cu, d);
	/* --set and --lang have the last word, as in render. */
	for (size_t i = 0; i < b->o->nsets; i++)
		dpa_apply_set(&a, &tree, b->o->sets[i], (unsigned)i + 1, d);
	dpa_model *m = d->errors == before ? dpa_bind_lang(&a, &tree, cu->loc.file, b->o->lang, d) : NULL;
	if (!m) {
		r->status = ST_INVALID;
		if (b->pass == 1 && tree)
			name_invalid(tree, r);
	} else if (b->pass == 1) {
		name_customer(m, r);
		check_run(m, b->t[dpa_model_lang(m)], NULL, d);
		if (check_count(d, DPA_SEV_ERROR))
			r->status = ST_CHECK;
	} else {
		write_outputs(b, m, tree, r);
	}
	diags_free(&scratch);
	arena_free(&a);
}

static void *
worker(void *arg)
{
	batch *b = arg;
	for (;;) {
		size_t i = atomic_fetch_add(&b->next, 1);
		if (i >= b->ntodo)
			break;
		do_customer(b, b->todo[i]);
		atomic_fetch_add(&b->done, 1);
	}
	return NULL;
}

/* ---- the run ---------------------------------------------------------------- */

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
show_progress(const batch *b, double start, bool final)
{
	size_t done = atomic_load(&b->done);
	double t = now() - start, rate = t > 0 ? (double)done / t : 0;
	double eta = rate > 0 ? (double)(b->ntodo - done) / rate : 0;
	fprintf(stderr, "\r%s %zu/%zu  %.0f/s  ETA %.0fs   %s", b->pass == 1 ? "checking" : "rendering",
	    done, b->ntodo, rate, eta, final ? "\n" : "");
	fflush(stderr);
}

static void
run_pass(batch *b, int pass)
{
	b->pass = pass;
	atomic_store(&b->next, 0);
	atomic_store(&b->done, 0);
	unsigned n = b->o->jobs ? b->o->jobs : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if (n > 64)
		n = 64;
	pthread_t th[64];
	unsigned started = 0;
	for (; started < n - 1; started++)
		if (pthread_create(&th[started], NULL, worker, b) != 0)
			break;
	double start = now();
	if (b->o->progress) {
		/* This thread reports while the others work, then joins in. */
		while (atomic_load(&b->next) < b->ntodo && started > 0) {
			show_progress(b, start, false);
			struct timespec ts = { 0, 200 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	worker(b);
	for (unsigned i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	if (b->o->progress)
		show_progress(b, start, true);
}

typedef struct named {
	const char *name;
	size_t pos;                 /* place in the shard's order */
} named;

static int
cmp_named(const void *pa, const void *pb)
{
	const named *a = pa, *b = pb;
	int c = strcasecmp(a->name, b->name);
	return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

/* A customer as the user finds it: "line 6" of a CSV file (the file's
 * line, not the row's count), "customer 5" of a YAML list. */
static const char *
who(const batch *b, const dpa_customer *cu, char *out, size_t size)
{
	if (b->c->csv)
		snprintf(out, size, "line %u", cu->loc.line);
	else
		snprintf(out, size, "customer %u", cu->number);
	return out;
}

/* Names must be unique and not empty: the later of two customers with
 * one name gets an error, whatever order the workers ran in.  Names that
 * differ only in case are one name: on a case-insensitive file system
 * (macOS, SMB, vfat) they are one file. */
static void
resolve_names(batch *b)
{
	named *v = xmalloc((b->ntodo + 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < b->ntodo; i++) {
		result *r = &b->res[b->todo[i]];
		const dpa_customer *cu = &b->c->v[b->todo[i]];
		if (r->status == ST_INVALID)
			continue;
		if (!r->name[0]) {
			char w[32];
			diag_add(&r->d, DPA_SEV_ERROR, cu->loc, NULL,
			    "%s has no usable name: give agreement.reference", who(b, cu, w, sizeof w));
			r->status = ST_INVALID;
			continue;
		}
		v[n++] = (named){ r->name, i };
	}
	qsort(v, n, sizeof *v, cmp_named);
	for (size_t i = 1; i < n; i++) {
		if (strcasecmp(v[i].name, v[i - 1].name) != 0)
			continue;
		size_t first = i - 1;
		while (first > 0 && strcasecmp(v[first - 1].name, v[i].name) == 0)
			first--;
		result *r = &b->res[b->todo[v[i].pos]];
		const dpa_customer *cu = &b->c->v[b->todo[v[i].pos]];
		bool cased = strcmp(v[first].name, r->name) != 0;
		char w[32], w1[32];
		diag_add(&r->d, DPA_SEV_ERROR, cu->loc, NULL,
		    "%s would be written as \"%s\" like %s%s%s%s: give a distinct agreement.reference",
		    who(b, cu, w, sizeof w), r->name, who(b, &b->c->v[b->todo[v[first].pos]], w1, sizeof w1),
		    cased ? " (\"" : "", cased ? v[first].name : "", cased ? "\", the same name but for case)" : "");
		r->status = ST_INVALID;
	}
	free(v);
}

/* ---- the folder matches the manifest ------------------------------------------ */

/* An output is listed only if it is still the regular file written, in
 * the folder: not replaced, rewritten or chmod-ed since. */
static void
verify_outputs(batch *b)
{
	for (size_t i = 0; i < b->ntodo; i++) {
		result *r = &b->res[b->todo[i]];
		for (size_t f = 0; f < b->o->nformats && r->status == ST_OK; f++) {
			char name[DPA_MAX_NAME + 16];
			snprintf(name, sizeof name, "%s%s", r->name, b->o->formats[f]->ext);
			if (!file_is(b->dirfd, name, &r->out[f].id))
				out_error(b, r, name, "was changed or replaced after it was written");
		}
	}
}

static int
cmp_name(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* A customer that is not written leaves no file of its own: its files of
 * an earlier run (and of this one, if a later format failed) are removed,
 * and the removals recorded.  Only regular files, and never a name that a
 * customer written in this run has (in any case). */
static void
remove_stale(batch *b)
{
	const char **ok = xmalloc((b->ntodo + 1) * sizeof *ok);
	size_t n = 0;
	for (size_t i = 0; i < b->ntodo; i++)
		if (b->res[b->todo[i]].status == ST_OK)
			ok[n++] = b->res[b->todo[i]].name;
	qsort(ok, n, sizeof *ok, cmp_name);
	for (size_t i = 0; i < b->ntodo; i++) {
		result *r = &b->res[b->todo[i]];
		const char *key = stem(r);
		if (r->status == ST_OK || !key[0] || bsearch(&key, ok, n, sizeof *ok, cmp_name))
			continue;
		for (size_t f = 0; f < b->o->nformats; f++) {
			char name[DPA_MAX_NAME + 16], err[300];
			struct stat st;
			snprintf(name, sizeof name, "%s%s", key, b->o->formats[f]->ext);
			r->out[f].be = NULL;
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
	free(ok);
}

/* ---- the manifest -------------------------------------------------------------- */

static json_t *
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

static json_t *
manifest_entry(const batch *b, size_t i)
{
	const result *r = &b->res[b->todo[i]];
	const dpa_customer *cu = &b->c->v[b->todo[i]];
	json_t *outs = json_array(), *removed = r->removed ? json_array() : NULL;
	for (size_t f = 0; f < b->o->nformats; f++) {
		if (r->out[f].be)
			json_array_append_new(outs, json_pack("{s:s, s:s+, s:s}", "format", r->out[f].be->name,
			    "file", r->name, r->out[f].be->ext, "sha256", r->out[f].sha));
		if (r->removed & 1u << f)
			json_array_append_new(removed, json_pack("s+", stem(r), b->o->formats[f]->ext));
	}
	return json_pack("{s:i, s:s, s:s?, s:s?, s:s?, s:s?, s:o, s:o*, s:o}",
	    b->c->csv ? "row" : "entry", (int)cu->number, "status", status_name[r->status],
	    "name", r->name[0] ? r->name : NULL, "controller", r->controller,
	    "reference", r->reference, "fingerprint", r->fp[0] ? r->fp : NULL,
	    "outputs", outs, "removed", removed, "findings", findings_json(&r->d));
}

static int
dump_to(const char *text, size_t size, void *arg)
{
	atomic_write(arg, text, size);
	return 0;
}

static void
put(atomic_file *f, const char *s)
{
	atomic_write(f, s, strlen(s));
}

/* The manifest is streamed one customer at a time, so its size never
 * adds to the batch's memory; it is renamed into place when complete. */
static int
write_manifest(const batch *b)
{
	char path[4096], err[256], shard[32];
	snprintf(path, sizeof path, "%s/manifest.json", b->o->outdir);
	snprintf(shard, sizeof shard, "%u/%u", b->o->shard ? b->o->shard : 1, b->o->nshards ? b->o->nshards : 1);
	atomic_file f;
	if (atomic_open(&f, b->dirfd, "manifest.json", err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", path, err);
		return -1;
	}
	json_t *formats = json_array();
	for (size_t k = 0; k < b->o->nformats; k++)
		json_array_append_new(formats, json_string(b->o->formats[k]->name));
	json_t *head = json_pack("{s:i, s:s, s:s, s:s, s:o, s:s}", "version", 1,
	    "generator", "dpagen " DPAGEN_VERSION, "base", b->o->base, "customer_list", b->o->customers,
	    "formats", formats, "shard", shard);
	char *text = json_dumps(head, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(head);
	if (!text)
		dpa_oom();
	atomic_write(&f, text, strlen(text) - 2);        /* all but the closing "\n}" */
	free(text);
	put(&f, ",\n  \"customers\": [");
	for (size_t i = 0; i < b->ntodo; i++) {
		json_t *e = manifest_entry(b, i);
		put(&f, i ? ",\n    " : "\n    ");
		json_dump_callback(e, dump_to, &f, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(e);
	}
	put(&f, "\n  ]\n}\n");
	if (atomic_close(&f, true, NULL, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", path, err);
		return -1;
	}
	return 0;
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
setup(batch *b, const dpa_batch_opts *o, dpa_customers *c, arena *base_mem, dpa_diags *d)
{
	b->base = dpa_load_tree(base_mem, o->base, d);
	/* The tree comes back despite a duplicate key: look at the count. */
	if (!b->base || d->errors)
		return -1;
	/* A --set that does not parse fails the run once, not each customer. */
	ynode *probe = b->base;
	for (size_t i = 0; i < o->nsets; i++)
		dpa_apply_set(base_mem, &probe, o->sets[i], (unsigned)i + 1, d);
	if (d->errors || customers_load_sep(c, o->customers, o->separator, d) != 0)
		return -1;
	if (o->verbose && c->csv)
		fprintf(stderr, "dpagen batch: %s: separator %s%s%s\n", o->customers,
		    c->sep == '\t' ? "tab" : c->sep == ';' ? "\";\"" : c->sep == ',' ? "\",\"" : "\"|\"",
		    c->sep_detected ? " (from the header row)" : "",
		    c->cp1252 ? "; not UTF-8, read as Windows-1252" : "");
	for (int l = 0; l < DPA_LANG__MAX; l++)
		if (!(b->t[l] = tmpl_compile(o->templates, (dpa_lang)l, d)))
			return -1;
	return (b->dirfd = open_dir(o->outdir)) < 0 ? -1 : 0;
}

static void
report(const batch *b, unsigned *invalid, unsigned *failed)
{
	for (size_t i = 0; i < b->ntodo; i++) {
		result *r = &b->res[b->todo[i]];
		const dpa_customer *cu = &b->c->v[b->todo[i]];
		*invalid += r->status == ST_INVALID || r->status == ST_IO;
		*failed += r->status == ST_CHECK;
		char w[32];
		if (r->status != ST_OK) {
			fprintf(stderr, "dpagen batch: %s%s%s%s: %s\n", who(b, cu, w, sizeof w),
			    r->name[0] ? " (" : "", r->name, r->name[0] ? ")" : "",
			    r->status == ST_CHECK ? "check errors, nothing written" : "not written");
			diags_sort(&r->d);
			diags_print(&r->d, stderr);
			for (size_t f = 0; f < b->o->nformats; f++)
				if (r->removed & 1u << f)
					fprintf(stderr, "dpagen batch: %s/%s%s: removed: an earlier run's file of a customer not written now\n",
					    b->o->outdir, stem(r), b->o->formats[f]->ext);
		} else if (b->o->verbose) {
			fprintf(stderr, "dpagen batch: %s: %s\n", who(b, cu, w, sizeof w), r->name);
		}
	}
}

int
batch_run(const dpa_batch_opts *o)
{
	batch b = { .o = o, .dirfd = -1 };
	dpa_customers c = {0};
	arena base_mem = {0};
	dpa_diags d = {0};
	int rc = 2;
	/* The parser's extension registry is global: set it up before threads. */
	doc_setup();
	if (setup(&b, o, &c, &base_mem, &d) != 0)
		goto out;
	b.c = &c;
	b.res = xcalloc(c.n + 1, sizeof *b.res);
	b.todo = xmalloc((c.n + 1) * sizeof *b.todo);
	for (size_t i = 0; i < c.n; i++)
		if (!o->nshards || i % o->nshards == o->shard - 1)
			b.todo[b.ntodo++] = i;
	run_pass(&b, 1);
	resolve_names(&b);
	run_pass(&b, 2);
	verify_outputs(&b);
	remove_stale(&b);
	unsigned invalid = 0, failed = 0;
	report(&b, &invalid, &failed);
	rc = write_manifest(&b) != 0 || invalid ? 2 : failed ? 1 : 0;
	if (o->progress || o->verbose)
		fprintf(stderr, "dpagen batch: %zu customers, %zu written, %u not valid, %u with check errors\n",
		    b.ntodo, b.ntodo - invalid - failed, invalid, failed);
	else if (invalid || failed)   /* quiet for CI, but not about skipped customers */
		fprintf(stderr, "dpagen batch: written %zu, skipped %u (see above)\n",
		    b.ntodo - invalid - failed, invalid + failed);
out:
	diags_sort(&d);
	diags_print(&d, stderr);
	for (size_t i = 0; b.res && i < c.n; i++) {
		diags_free(&b.res[i].d);
		free(b.res[i].controller);
		free(b.res[i].reference);
	}
	free(b.res);
	free(b.todo);
	for (int l = 0; l < DPA_LANG__MAX; l++)
		tmpl_free(b.t[l]);
	customers_free(&c);
	arena_free(&base_mem);
	diags_free(&d);
	if (b.dirfd >= 0)
		close(b.dirfd);
	return rc;
}
