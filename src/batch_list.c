/* batch_list.c - customer lists for batch: a CSV file read as a stream
 * (checked whole once, then read again row by row, so that its size never
 * adds to memory), or a YAML list of overlays (parsed whole; the YAML node
 * limit bounds it). */
#define _GNU_SOURCE /* strcasecmp */
#include "batch.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

enum { CSV_LIMIT = 64 * 1024 * 1024, CHUNK = 64 * 1024 };

/* Where the bytes come from: a regular file is read again for each pass
 * (pread, so nothing of it is kept); anything else (a pipe, `<(cmd)`) is
 * read into memory once. */
typedef struct source {
	int fd;                    /* regular file, or -1 */
	buf whole;                 /* otherwise its bytes */
	char chunk[CHUNK];
} source;

typedef struct csv_state {
	dpa_customer_list *l;
	dpa_diags *d;
	arena *a;                  /* where the current row's values go */
	bool checking;             /* the first pass: header, syntax, count */
	size_t pos;                /* offset of the byte being fed */
	uint32_t line, col;        /* ... and its place */
	size_t field_start;
	dpa_loc field_loc;         /* where the current field began */
	size_t ncols, col_no, rows;
	dpa_customer cur;
	dpa_loc row_loc;           /* where the current row's first field is */
	bool row_done;             /* the stream pass: a customer is ready */
	int rc;
	bool full;                 /* DPA_MAX_CUSTOMERS reached: stop reading */
} csv_state;

struct dpa_customer_list {
	dpa_list_info info;
	arena mem;                 /* the file name, the header; YAML: the list */
	const char *file;
	source src;
	char **header;
	dpa_loc *header_loc;
	/* YAML */
	ynode *root;
	size_t next_item;
	/* CSV, the stream pass */
	struct csv_parser p;
	bool parser_on;
	csv_state st;
	size_t off;                /* file offset after the chunk */
	const char *cdata;         /* the chunk */
	size_t clen, cpos;         /* its bytes, and the next one */
	bool eof;
};

/* ---- reading ------------------------------------------------------------- */

/* Up to CHUNK bytes at off into src->chunk (or a pointer into the whole
 * buffer); their number, 0 at the end, -1 on a read error. */
static ssize_t
source_read(source *src, size_t off, const char **out)
{
	if (src->fd < 0) {
		size_t n = off < src->whole.len ? src->whole.len - off : 0;
		*out = src->whole.data ? src->whole.data + off : "";
		return (ssize_t)(n < CHUNK ? n : CHUNK);
	}
	for (;;) {
		ssize_t n = pread(src->fd, src->chunk, CHUNK, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		*out = src->chunk;
		return n;
	}
}

static int
source_open(source *src, const char *path, dpa_diags *d)
{
	char err[256];
	src->fd = -1;
	struct stat st;
	int fd = strcmp(path, "-") == 0 ? -1 : open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((size_t)st.st_size > CSV_LIMIT) {
			diag_add(d, DPA_SEV_ERROR, (dpa_loc){ path, 0, 0 }, NULL, "file is larger than the %d KiB limit",
			    CSV_LIMIT / 1024);
			close(fd);
			return -1;
		}
		src->fd = fd;
		return 0;
	}
	if (fd >= 0)
		close(fd);
	if (read_file(path, CSV_LIMIT, &src->whole, err, sizeof err) != 0) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ path, 0, 0 }, NULL, "%s", err);
		return -1;
	}
	return 0;
}

static void
source_close(source *src)
{
	if (src->fd >= 0)
		close(src->fd);
	buf_free(&src->whole);
}

static void
read_error(dpa_customer_list *l, dpa_diags *d)
{
	diag_add(d, DPA_SEV_ERROR, (dpa_loc){ l->file, 0, 0 }, NULL, "cannot read: %s", strerror(errno));
}

/* ---- YAML ------------------------------------------------------------------ */

static int
yaml_open(dpa_customer_list *l, dpa_diags *d)
{
	buf *data = &l->src.whole;
	if (l->src.fd >= 0) {      /* parsed whole: read it whole */
		const char *p;
		for (ssize_t n; (n = source_read(&l->src, data->len, &p)) != 0;) {
			if (n < 0) {
				read_error(l, d);
				return -1;
			}
			buf_put(data, p, (size_t)n);
		}
	}
	size_t before = d->errors;
	/* A duplicate key is reported without failing the parse. */
	if (ytree_parse(&l->mem, l->file, data->data ? data->data : "", data->len, d, &l->root) != 0 ||
	    d->errors > before)
		return -1;
	if (!l->root || l->root->kind != Y_SEQ) {
		diag_add(d, DPA_SEV_ERROR, l->root ? l->root->loc : (dpa_loc){ l->file, 1, 1 }, NULL,
		    "a customer list is a YAML list of overlays (\"- controller: {name: ...}\") or a .csv file");
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < l->root->n; i++) {
		ynode *e = l->root->items[i];
		if (e->kind != Y_MAP) {
			diag_add(d, DPA_SEV_ERROR, e->loc, NULL, "customer %zu: an entry must be a map of config keys", i + 1);
			rc = -1;
		}
	}
	l->info.count = l->root->n;
	return rc;
}

static int
yaml_next(dpa_customer_list *l, dpa_customer *cu)
{
	if (l->next_item >= l->root->n)
		return 0;
	size_t i = l->next_item++;
	ynode *e = l->root->items[i];
	*cu = (dpa_customer){ .number = (unsigned)i + 1, .loc = e->loc, .overlay = e };
	return 1;
}

/* ---- CSV: header paths --------------------------------------------------- */

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
	dpa_customer_list *l = s->l;
	column *v = xmalloc((s->ncols + 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < s->ncols; i++)
		if (l->header[i][0])
			v[n++] = (column){ canon_path(&l->mem, l->header[i]), i };
	qsort(v, n, sizeof *v, cmp_column);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (strcmp(v[i].key, v[first].key) != 0) {
			first = i;
			continue;
		}
		dpa_loc at = l->header_loc[v[i].col], was = l->header_loc[v[first].col];
		diag_add(s->d, DPA_SEV_ERROR, at, l->header[v[i].col],
		    "duplicate column (first at line %u, column %u): each config path once", was.line, was.col);
		s->rc = -1;
	}
	free(v);
}

static void
header_field(csv_state *s, const char *field, size_t len, size_t col)
{
	dpa_customer_list *l = s->l;
	l->header = xrealloc(l->header, (col + 1) * sizeof *l->header);
	l->header_loc = xrealloc(l->header_loc, (col + 1) * sizeof *l->header_loc);
	/* CSV_EMPTY_IS_NULL: an empty header cell comes as NULL. */
	l->header[col] = arena_strndup(&l->mem, field ? field : "", len);
	l->header_loc[col] = s->field_loc;
	const char *why = check_path(&l->mem, l->header[col]);
	if (!why && strchr(l->header[col], '['))   /* list[0] as list.0: duplicates */
		l->header[col] = arena_strdup(&l->mem, ytree_dotted_path(&l->mem, l->header[col]));
	if (why) {
		diag_add(s->d, DPA_SEV_ERROR, s->field_loc, l->header[col], "%s", why);
		s->rc = -1;
	}
	s->ncols = col + 1;
}

/* ---- CSV: cells ------------------------------------------------------------ */

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
row_problem(csv_state *s, const char *why, dpa_loc at)
{
	if (!s->cur.problem) {
		s->cur.problem = why;
		s->cur.problem_at = at;
	}
}

static void
on_field(void *field, size_t len, void *arg)
{
	csv_state *s = arg;
	dpa_loc at = s->field_loc;
	s->field_start = s->pos + 1;
	size_t col = s->col_no++;
	if (col == 0)
		s->row_loc = at;
	if (s->rows == 0) {               /* the header: dotted config paths */
		if (s->checking)
			header_field(s, field, len, col);
		return;
	}
	if (s->checking)
		return;                    /* the values are read in the stream pass */
	if (col >= s->ncols) {
		row_problem(s, arena_printf(s->a, "line %u has more fields than the header's %zu",
		    s->row_loc.line, s->ncols), at);
		return;
	}
	if (len == 0)
		return;                    /* an empty cell keeps the base value */
	if (len > YT_MAX_SCALAR) {     /* the limit of a value in a YAML file */
		row_problem(s, arena_printf(s->a, "value is %zu bytes, more than the %d KiB limit",
		    len, YT_MAX_SCALAR / 1024), at);
		return;
	}
	const char *why = cell_problem(s->a, field, len, s->l->info.cp1252);
	if (why) {
		row_problem(s, why, at);
		return;
	}
	ynode *v = arena_alloc(s->a, sizeof *v);
	v->kind = Y_SCALAR;            /* plain: "30" binds as a number, "true" as true */
	v->s = arena_strndup(s->a, field, len);
	v->len = len;
	v->loc = at;
	v->weight = 1;
	dpa_customer *cu = &s->cur;
	cu->sets = xrealloc(cu->sets, (cu->nsets + 1) * sizeof *cu->sets);
	cu->sets[cu->nsets++] = (dpa_setting){ s->l->header[col], v, s->l->header_loc[col] };
}

static void
on_row(int term, void *arg)
{
	(void)term;
	csv_state *s = arg;
	if (s->rows == 0 && s->checking)
		check_columns(s);
	if (s->rows > 0) {
		dpa_loc row_at = s->col_no ? s->row_loc : s->field_loc;
		if (s->col_no < s->ncols && !s->checking)
			row_problem(s, arena_printf(s->a, "line %u has %zu fields, the header %zu",
			    row_at.line, s->col_no, s->ncols), row_at);
		if (s->checking && s->rows > DPA_MAX_CUSTOMERS) {
			diag_add(s->d, DPA_SEV_ERROR, row_at, NULL, "more than %d customers (limit)", DPA_MAX_CUSTOMERS);
			s->rc = -1;
			s->full = true;
		} else if (!s->checking) {
			dpa_customer *cu = &s->cur;
			cu->number = (unsigned)s->rows;
			cu->loc = row_at;
			/* Move the row's settings into the customer's arena. */
			dpa_setting *sets = arena_alloc(s->a, (cu->nsets + 1) * sizeof *sets);
			if (cu->nsets)
				memcpy(sets, cu->sets, cu->nsets * sizeof *sets);
			free(cu->sets);
			cu->sets = sets;
			s->row_done = true;
		}
	}
	if (!s->row_done) {
		free(s->cur.sets);
		memset(&s->cur, 0, sizeof s->cur);
	}
	s->rows++;
	s->col_no = 0;
	s->field_start = s->pos + 1;
}

/* Feed one byte, knowing its place: a field's location is the place of
 * its first byte; line ends before a row's first field are skipped (\r\n
 * ends a row at the \r). */
static int
feed(csv_state *s, struct csv_parser *p, char ch)
{
	if (s->pos == s->field_start) {
		if (s->col_no == 0 && (ch == '\r' || ch == '\n'))
			s->field_start++;
		s->field_loc = (dpa_loc){ s->l->file, s->line, s->col };
	}
	if (csv_parse(p, &ch, 1, on_field, on_row, s) != 1)
		return -1;          /* the place stays the failing byte's */
	if (ch == '\n') {
		s->line++;
		s->col = 1;
	} else if (((unsigned char)ch & 0xC0) != 0x80) {
		s->col++;
	}
	s->pos++;
	return 0;
}

/* ---- CSV: encoding and separator ----------------------------------------------- */

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
 * UTF-8 (and the byte an error), rather than turning every æ into Ã¦.
 * Read in chunks; a letter cut by a chunk's end waits for the next. */
static int
looks_cp1252(dpa_customer_list *l, bool *out)
{
	unsigned char carry[8];
	size_t ncarry = 0, bad = 0;
	buf w = {0};
	const char *p;
	size_t off = 0;
	for (ssize_t n;; off += (size_t)n) {
		n = source_read(&l->src, off, &p);
		if (n < 0) {
			buf_free(&w);
			return -1;
		}
		buf_reset(&w);
		buf_put(&w, carry, ncarry);
		buf_put(&w, p, (size_t)n);
		ncarry = 0;
		const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)(w.data ? w.data : "");
		for (size_t i = 0; i < w.len;) {
			utf8proc_int32_t cp;
			if (n > 0 && w.len - i < 4 && s[i] >= 0xC0) {
				ncarry = w.len - i;
				memcpy(carry, s + i, ncarry);
				break;
			}
			utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(w.len - i), &cp);
			if (k > 1) {
				buf_free(&w);
				*out = false;
				return 0;
			}
			bad += k <= 0;
			i += k > 0 ? (size_t)k : 1;
		}
		if (n == 0)
			break;
	}
	buf_free(&w);
	*out = bad > 0;
	return 0;
}

/* Windows-1252 (what Excel writes in a Danish locale) as UTF-8.  The five
 * bytes the code page leaves undefined stay as they are, so that the
 * cell holding one is refused as not UTF-8, at its line and column. */
static size_t
cp1252_char(unsigned char ch, char out[4])
{
	static const uint16_t hi[32] = {
		0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
		0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
	};
	unsigned cp = ch >= 0x80 && ch < 0xA0 ? hi[ch - 0x80] : ch;
	if (ch < 0x80 || (ch < 0xA0 && cp == ch)) {
		out[0] = (char)ch;
		return 1;
	}
	return (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)out);
}

/* ---- CSV: the passes ---------------------------------------------------------- */

static void
csv_start(dpa_customer_list *l, csv_state *s, dpa_diags *d, bool checking)
{
	if (csv_init(&l->p, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
		dpa_oom();
	csv_set_delim(&l->p, (unsigned char)l->info.sep);
	l->parser_on = true;
	size_t skip = l->info.bom ? 3 : 0;
	*s = (csv_state){ .l = l, .d = d, .checking = checking, .pos = skip, .line = 1, .col = 1,
		.field_start = skip, .ncols = checking ? 0 : l->info.ncols };
	l->off = skip;
	l->clen = l->cpos = 0;
	l->eof = false;
}

/* Feed bytes until a row is complete (the stream pass), or to the end.
 * 1 a row, 0 the end, -1 an error (in d). */
static int
csv_pump(dpa_customer_list *l, csv_state *s)
{
	static const char *const nothing = "";
	for (;;) {
		if (s->row_done || s->full || s->rc)
			return s->rc ? -1 : s->row_done;
		if (l->cpos == l->clen) {
			if (l->eof)
				return 0;
			const char *p = nothing;
			ssize_t n = source_read(&l->src, l->off, &p);
			if (n < 0) {
				read_error(l, s->d);
				return -1;
			}
			if (n == 0) {
				l->eof = true;
				if (csv_fini(&l->p, on_field, on_row, s) != 0) {
					diag_add(s->d, DPA_SEV_ERROR, (dpa_loc){ l->file, s->line, s->col }, NULL, "CSV: %s",
					    csv_strerror(csv_error(&l->p)));
					s->rc = -1;
				}
				continue;
			}
			l->cdata = p;
			l->off += (size_t)n;
			l->clen = (size_t)n;
			l->cpos = 0;
		}
		unsigned char ch = (unsigned char)l->cdata[l->cpos++];
		char enc[4];
		size_t k = l->info.cp1252 ? cp1252_char(ch, enc) : (enc[0] = (char)ch, 1);
		for (size_t i = 0; i < k; i++)
			if (feed(s, &l->p, enc[i]) != 0 && !s->rc) {
				diag_add(s->d, DPA_SEV_ERROR, (dpa_loc){ l->file, s->line, s->col }, NULL, "CSV: %s",
				    csv_strerror(csv_error(&l->p)));
				s->rc = -1;
			}
	}
}

static void
csv_stop(dpa_customer_list *l, csv_state *s)
{
	if (l->parser_on)
		csv_free(&l->p);
	l->parser_on = false;
	free(s->cur.sets);
	memset(&s->cur, 0, sizeof s->cur);
}

static int
csv_open(dpa_customer_list *l, char sep, dpa_diags *d)
{
	l->info.csv = true;
	bool cp = false;
	const char *p = "";
	ssize_t n = 0;
	if (looks_cp1252(l, &cp) != 0 || (n = source_read(&l->src, 0, &p)) < 0) {
		read_error(l, d);
		return -1;
	}
	size_t len = (size_t)n;
	l->info.bom = len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0;
	l->info.cp1252 = cp;
	l->info.sep = sep;
	if (!sep) {
		size_t skip = l->info.bom ? 3 : 0;
		l->info.sep = detect_separator(p + skip, len - skip);
		l->info.sep_detected = true;
	}
	csv_state s;
	arena scratch = {0};
	csv_start(l, &s, d, true);
	s.a = &scratch;
	int rc = csv_pump(l, &s);
	if (s.rc)
		rc = -1;
	l->info.ncols = s.ncols;
	l->info.count = s.rows > 0 ? s.rows - 1 : 0;
	if (rc == 0 && s.rows == 0) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ l->file, 1, 1 }, NULL,
		    "an empty CSV file: the first row names config paths (controller.name, ...)");
		rc = -1;
	}
	csv_stop(l, &s);
	arena_free(&scratch);
	if (rc != 0)
		return -1;
	csv_start(l, &l->st, d, false);   /* the stream pass, row by row */
	return 0;
}

static int
csv_next(dpa_customer_list *l, arena *a, dpa_customer *cu, dpa_diags *d)
{
	csv_state *s = &l->st;
	s->d = d;
	s->a = a;
	s->row_done = false;
	memset(&s->cur, 0, sizeof s->cur);
	int rc = csv_pump(l, s);
	if (rc == 0 && (s->rows ? s->rows - 1 : 0) < l->info.count) {   /* it shrank */
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ l->file, 0, 0 }, NULL, "the file changed while it was read");
		return -1;
	}
	if (rc != 1)
		return rc;
	*cu = s->cur;
	memset(&s->cur, 0, sizeof s->cur);
	if (s->rows - 1 > l->info.count) {   /* the file grew since it was checked */
		diag_add(d, DPA_SEV_ERROR, cu->loc, NULL, "the file changed while it was read");
		return -1;
	}
	return 1;
}

/* ---- the list ------------------------------------------------------------------- */

dpa_customer_list *
customers_open(const char *path, char sep, dpa_diags *d)
{
	dpa_customer_list *l = xcalloc(1, sizeof *l);
	l->file = arena_strdup(&l->mem, path);
	size_t n = strlen(path);
	bool csv = n > 4 && strcasecmp(path + n - 4, ".csv") == 0;
	int rc = source_open(&l->src, l->file, d);
	if (rc == 0)
		rc = csv ? csv_open(l, sep, d) : yaml_open(l, d);
	if (rc != 0) {
		customers_close(l);
		return NULL;
	}
	return l;
}

const dpa_list_info *
customers_info(const dpa_customer_list *l)
{
	return &l->info;
}

int
customers_next(dpa_customer_list *l, arena *a, dpa_customer *cu, dpa_diags *d)
{
	memset(cu, 0, sizeof *cu);
	return l->info.csv ? csv_next(l, a, cu, d) : yaml_next(l, cu);
}

void
customers_close(dpa_customer_list *l)
{
	if (!l)
		return;
	csv_stop(l, &l->st);
	source_close(&l->src);
	free(l->header);
	free(l->header_loc);
	arena_free(&l->mem);
	free(l);
}

/* The customer's config: base plus overlay, or base with the row's values. */
ynode *
customer_config(arena *a, ynode *base, const dpa_customer *cu, dpa_diags *d)
{
	if (cu->overlay)
		return ytree_merge(a, base, ytree_without(a, cu->overlay, "extends"));
	ynode *t = base;
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
