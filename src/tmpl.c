/* tmpl.c - compile template sets and render them against a model.
 *
 * Compiling turns each file into a tree of ops and resolves every path
 * against the field tables, so a template that names an unknown field or
 * filter fails at compile time with its file:line:col.  Rendering runs
 * twice: the first pass numbers clauses, annexes, sections and sub-clauses
 * (it runs the conditions and loops but writes no text or value); the
 * second writes the Markdown with every cross-reference and the table
 * of contents resolved, so forward references work and a reference to an
 * id that does not exist is an error instead of silent text.
 */
#define _POSIX_C_SOURCE 200809L /* openat, fstatat, O_NOFOLLOW */
#include "tmpl.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "embedded.h"
#include "tmpl_int.h"

enum { MAX_PATH = 8, MAX_FILTERS = 6, MAX_INCLUDE_DEPTH = 16, MAX_FILES = 128,
	MAX_SCOPES = 16 };

/* Rendering limits: includes and nested {{#each}} multiply, so a small
 * template set could otherwise write without end (ten files that each
 * include the next ten times make 10^10 copies). */
enum { MAX_OUTPUT = 16 * 1024 * 1024, MAX_STEPS = 10 * 1000 * 1000 };

/* {{optional}} in a table's header cell: the column goes when every body
 * cell of it is empty (U+E002, private use like the highlight marks). */
#define MARK_OPTIONAL "\xEE\x80\x82"

static void drop_optional_columns(buf *md);

/* Is MARK_OPTIONAL in s[0..n)?  (memmem is a GNU extension.) */
static bool
has_optional_mark(const char *s, size_t n)
{
	size_t m = sizeof MARK_OPTIONAL - 1;
	for (const char *p = s; (p = memchr(p, MARK_OPTIONAL[0], n - (size_t)(p - s))) != NULL; p++)
		if ((size_t)(s + n - p) >= m && memcmp(p, MARK_OPTIONAL, m) == 0)
			return true;
	return false;
}

/* ---- the document values (doc.*) -------------------------------------- */

typedef struct docinfo {
	dpa_hdr h;
	dpa_str fingerprint, generator;
	dpa_int annexes_only;
} docinfo;

static const dpa_field doc_fields[] = {
	{ .name = "fingerprint", .type = DPA_T_STR, .offset = offsetof(docinfo, fingerprint),
	  .doc = "short SHA-256 of config and templates" },
	{ .name = "generator", .type = DPA_T_STR, .offset = offsetof(docinfo, generator),
	  .doc = "dpagen and its version" },
	{ .name = "annexes_only", .type = DPA_T_BOOL, .offset = offsetof(docinfo, annexes_only),
	  .doc = "rendering the annexes only" },
};
static const dpa_struct_def doc_def = { "doc", sizeof(docinfo), doc_fields,
	sizeof doc_fields / sizeof doc_fields[0], "document values" };

/* ---- compiled form ------------------------------------------------------ */

typedef enum op_kind {
	OP_TEXT, OP_VALUE, OP_IF, OP_EACH, OP_INCLUDE, OP_HEAD, OP_SUB, OP_TOC,
	OP_FOOTER, OP_REF, OP_TITLE
} op_kind;

typedef enum base_kind { BASE_SCOPE, BASE_DOC, BASE_DOT, BASE_LOOP, BASE_EXTRA } base_kind;
typedef enum loop_attr { LOOP_NUMBER, LOOP_FIRST, LOOP_LAST } loop_attr;
typedef enum cmp_op { CMP_TRUTH, CMP_GIVEN, CMP_EQ, CMP_NE, CMP_GT, CMP_LT, CMP_GE, CMP_LE,
	CMP_HAS } cmp_op;

typedef struct binding {
	base_kind base;
	int scope;                       /* scope index (0 = top level) */
	loop_attr attr;
	dpa_type type;                   /* type of the result */
	int depth;                       /* fields named after the base */
	size_t offset;                   /* of the result in the base: the named fields
	                                  * are nested structs, so their offsets add up */
	const dpa_field *field;          /* field of the result (DOT: the list) */
} binding;

typedef struct filter_call {
	const filter_def *def;
	const char *args[FILTER_MAX_ARGS];
} filter_call;

typedef struct tfile tfile;
typedef struct op op;
/* Most ops are TEXT; what the others need lies out of line or in few
 * bytes, since a template set compiles to some thousand ops per run. */
struct op {
	op_kind kind;
	cmp_op cmp;                      /* IF */
	bool negate;                     /* #unless */
	int nf;
	const filter_call *f;            /* VALUE: nf filters, in the arena */
	dpa_loc loc;
	op *next;
	const char *text;                /* TEXT; HEAD title */
	size_t len;
	binding b;                       /* VALUE IF EACH */
	const char *lit;
	long num;
	op *body, *alt;                  /* IF EACH */
	op *where;                       /* IF EACH on a list: the items that count */
	tfile *inc;                      /* INCLUDE */
	dpa_head_kind head;              /* HEAD SUB */
	const char *id;                  /* HEAD SUB REF TITLE */
};

struct tfile {
	const char *key;                 /* include name */
	const char *path;                /* shown in diagnostics */
	const char *src;
	size_t len;
	uint8_t sha[SHA256_DIGEST_SIZE]; /* of src; the set's digest combines them */
	op *ops;
	bool compiling;
};

struct dpa_tmpl {
	arena mem;
	dpa_lang lang;
	const char *dir;                 /* NULL: built in */
	const char *langdir;             /* "da/" or "" */
	int dirfd;                       /* the set's folder, while compiling */
	tfile *files[MAX_FILES];
	size_t nfiles;
	tfile *root;
	dpa_tmpl_root extra;             /* a second document's own values, or zero */
	unsigned char digest[SHA256_DIGEST_SIZE];
};

/* ---- loading files ------------------------------------------------------ */

/* Offset of the first byte of s that is not UTF-8 text (an overlong
 * form, a surrogate, a stray continuation byte) or starts a control
 * character other than a tab or a line break (C0, DEL, C1), or n. */
static size_t
utf8_bad(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F ||
		    (c == 0xC2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F))
			return i;
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t k = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
		if (!k || i + k >= n)
			return i;
		for (size_t j = 1; j <= k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return i;
		if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0) ||
		    (c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] >= 0x90))
			return i;
		i += k + 1;
	}
	return n;
}

/* An include names a template of the set, never a path: no '/' or '\',
 * no "..", no leading '.' (a hidden file). */
static bool
include_name_ok(const char *key)
{
	return key[0] && key[0] != '.' && !strpbrk(key, "/\\") && !strstr(key, "..");
}

/* A file of a set on disk: name.md in the set's folder, a regular file
 * and no symbolic link (so neither leads out of the set), read without
 * waiting on a FIFO; BOM and CR line ends dropped.  Returns the length
 * in b, or -1 with the problem reported. */
static long
read_set_file(dpa_tmpl *t, tfile *f, dpa_loc from, buf *b, dpa_diags *d)
{
	char err[256];
	const char *name = arena_printf(&t->mem, "%s.md", f->key);
	if (read_file_at(t->dirfd, name, RF_REGULAR | RF_NOFOLLOW, 1024 * 1024, b, err, sizeof err) != 0) {
		diag_add(d, DPA_SEV_ERROR, from.file ? from : (dpa_loc){ f->path, 0, 0 }, NULL,
		    "template %s: %s", f->path, err);
		return -1;
	}
	/* An editor's BOM and CRLF (or CR) line ends are not part of the
	 * text: the set renders (and fingerprints) as with LF, and lines
	 * are counted as cmark counts them, which ties each heading in the
	 * index to its node (a lone CR was a line end for cmark only). */
	size_t skip = b->len >= 3 && memcmp(b->data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, o = 0;
	for (size_t i = skip; i < b->len; i++) {
		if (b->data[i] == '\r' && i + 1 < b->len && b->data[i + 1] == '\n')
			continue;
		b->data[o++] = b->data[i] == '\r' ? '\n' : b->data[i];
	}
	return (long)o;
}

static tfile *
load_file(dpa_tmpl *t, const char *key, dpa_loc from, dpa_diags *d)
{
	if (!include_name_ok(key)) {
		diag_add(d, DPA_SEV_ERROR, from, NULL, "{{> %s}}: an include names a template of the set "
		    "(no \"/\", no \"..\", no leading \".\")", key);
		return NULL;
	}
	for (size_t i = 0; i < t->nfiles; i++)
		if (strcmp(t->files[i]->key, key) == 0)
			return t->files[i];
	if (t->nfiles == MAX_FILES) {
		diag_add(d, DPA_SEV_ERROR, from, NULL, "more than %d template files", MAX_FILES);
		return NULL;
	}
	tfile *f = arena_alloc(&t->mem, sizeof *f);
	f->key = arena_strdup(&t->mem, key);
	if (!t->dir) {
		const char *name = arena_printf(&t->mem, "%s%s.md", t->langdir, key);
		const dpa_embedded_file *e = dpa_embedded_find(name);
		if (!e) {
			diag_add(d, DPA_SEV_ERROR, from, NULL, "no template \"%s\" in the built-in set", key);
			return NULL;
		}
		f->path = arena_printf(&t->mem, "templates/%s", name);
		f->src = e->data;
		f->len = e->len;
		memcpy(f->sha, e->sha256, sizeof f->sha);
	} else {
		f->path = arena_printf(&t->mem, "%s/%s%s.md", t->dir, t->langdir, key);
		buf b = {0};
		long got = read_set_file(t, f, from, &b, d);
		if (got < 0) {
			buf_free(&b);
			return NULL;
		}
		size_t o = (size_t)got;
		size_t bad = utf8_bad((const unsigned char *)b.data, o);
		if (bad < o) {
			dpa_loc at = { f->path, 1, 1 };
			for (size_t i = 0; i < bad; i++) {
				if (b.data[i] == '\n') {
					at.line++;
					at.col = 1;
				} else if (((unsigned char)b.data[i] & 0xC0) != 0x80) {
					at.col++;
				}
			}
			unsigned char c = (unsigned char)b.data[bad], next = (unsigned char)b.data[bad + 1];
			bool c1 = c == 0xC2 && next >= 0x80 && next <= 0x9F;
			if (c == 0)
				diag_add(d, DPA_SEV_ERROR, at, NULL, "a NUL byte; a template must be UTF-8 text");
			else if (c < 0x20 || c == 0x7F || c1)
				diag_add(d, DPA_SEV_ERROR, at, NULL,
				    "the control character U+%04X; a template must be UTF-8 text", c1 ? next : c);
			else
				diag_add(d, DPA_SEV_ERROR, at, NULL, "a byte that is not UTF-8; a template must be UTF-8 text");
			buf_free(&b);
			return NULL;
		}
		f->src = arena_strndup(&t->mem, b.data, o);
		f->len = o;
		struct sha256_ctx ctx;
		sha256_init(&ctx);
		sha256_update(&ctx, f->len, (const uint8_t *)f->src);
		sha256_digest(&ctx, sizeof f->sha, f->sha);
		buf_free(&b);
	}
	t->files[t->nfiles++] = f;
	return f;
}

/* ---- tokens --------------------------------------------------------------- */

typedef enum tag_kind {
	T_TEXT, T_VALUE, T_IF, T_UNLESS, T_EACH, T_ELSE, T_CLOSE, T_INCLUDE, T_COMMENT,
	T_CLAUSE, T_ANNEX, T_SECTION, T_PART, T_SUB, T_TOC, T_FOOTER, T_REF, T_TITLE, T_OPTIONAL
} tag_kind;

typedef struct token {
	tag_kind kind;
	const char *s;          /* TEXT: the text; tags: the content after the keyword */
	size_t len;
	const char *title;      /* headings */
	size_t title_len;
	dpa_loc loc;
} token;

typedef struct lexer {
	dpa_tmpl *t;
	tfile *f;
	dpa_diags *d;
	token *tok;
	size_t ntok, cap, pos;
	int errors;
	size_t loc_off;              /* lex_loc()'s place, and its line and column */
	uint32_t loc_line, loc_col;
} lexer;

static void
lex_err(lexer *lx, dpa_loc loc, const char *fmt, ...) DPA_PRINTF(3, 4);

static void
lex_err(lexer *lx, dpa_loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(lx->d, DPA_SEV_ERROR, NULL, loc, NULL, fmt, ap);
	va_end(ap);
	lx->errors++;
}

static void
push_token(lexer *lx, token tk)
{
	if (lx->ntok == lx->cap) {
		lx->cap = lx->cap ? lx->cap * 2 : 64;
		lx->tok = xrealloc(lx->tok, lx->cap * sizeof *lx->tok);
	}
	lx->tok[lx->ntok++] = tk;
}

/* Position (1-based line, column in code points) of byte off.  Offsets
 * come in increasing order while tokenizing, so the scan goes on from
 * the last position instead of from the start (which made compiling
 * quadratic in a file's size). */
static dpa_loc
lex_loc(lexer *lx, size_t off)
{
	const tfile *f = lx->f;
	if (off < lx->loc_off) {
		lx->loc_off = 0;
		lx->loc_line = lx->loc_col = 1;
	}
	/* Whole lines are skipped with memchr; columns count characters of
	 * the last line only. */
	const char *p = f->src + lx->loc_off, *end = f->src + off;
	for (const char *nl; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1) {
		lx->loc_line++;
		lx->loc_col = 1;
	}
	for (; p < end; p++)
		lx->loc_col += ((unsigned char)*p & 0xC0) != 0x80;
	lx->loc_off = off;
	return (dpa_loc){ f->path, lx->loc_line, lx->loc_col };
}

static bool
word_is(const char *s, size_t len, const char *w, size_t *rest)
{
	size_t n = strlen(w);
	if (len < n || memcmp(s, w, n) != 0 || (len > n && !isspace((unsigned char)s[n])))
		return false;
	*rest = n;
	return true;
}

static tag_kind
classify(const char *s, size_t len, size_t *rest)
{
	static const struct { const char *word; tag_kind kind; } words[] = {
		{ "#if", T_IF }, { "#unless", T_UNLESS }, { "#each", T_EACH }, { "else", T_ELSE },
		{ "clause", T_CLAUSE }, { "annex", T_ANNEX }, { "section", T_SECTION },
		{ "part", T_PART }, { "sub", T_SUB }, { "toc", T_TOC }, { "footer", T_FOOTER },
		{ "ref", T_REF }, { "title", T_TITLE }, { "optional", T_OPTIONAL },
	};
	*rest = 0;
	if (len && s[0] == '/') {
		*rest = 1;
		return T_CLOSE;
	}
	if (len && s[0] == '>') {
		*rest = 1;
		return T_INCLUDE;
	}
	if (len && s[0] == '!')
		return T_COMMENT;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (word_is(s, len, words[i].word, rest))
			return words[i].kind;
	return T_VALUE;
}

static bool
has_tag(const char *s, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if (s[i] == '{' && s[i + 1] == '{')
			return true;
	return false;
}

static bool
standalone_kind(tag_kind k)
{
	return k == T_IF || k == T_UNLESS || k == T_EACH || k == T_ELSE || k == T_CLOSE ||
	    k == T_INCLUDE || k == T_COMMENT || k == T_TOC || k == T_FOOTER;
}

static void
trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* Split a file into text and tags.  A line holding only a block tag
 * vanishes with its newline; heading tags take the rest of their line. */
static void
tokenize(lexer *lx)
{
	const tfile *f = lx->f;
	const char *src = f->src;
	size_t n = f->len, text_start = 0, i = 0;
	while (i < n) {
		const char *brace = memchr(src + i, '{', n - i);
		if (!brace)
			break;
		i = (size_t)(brace - src);
		if (!(i + 1 < n && src[i + 1] == '{')) {
			i++;
			continue;
		}
		size_t open = i, close = i + 2;
		dpa_loc text_loc = lex_loc(lx, text_start);   /* before the tag's: in order */
		while (close + 1 < n && src[close] != '\n' && !(src[close] == '}' && src[close + 1] == '}'))
			close++;
		if (close + 1 >= n || src[close] != '}') {
			lex_err(lx, lex_loc(lx, open), "unclosed \"{{\": a tag must end with \"}}\" on the same line");
			return;
		}
		const char *content = src + open + 2;
		size_t clen = close - open - 2;
		trim(&content, &clen);
		size_t rest;
		tag_kind kind = classify(content, clen, &rest);
		/* "title" alone or with filters is the field of that name (people,
		 * measure groups and terms have one); "title ID" is the tag. */
		if (kind == T_TITLE) {
			const char *r = content + rest;
			while (r < content + clen && isspace((unsigned char)*r))
				r++;
			if (r == content + clen || *r == '|') {
				kind = T_VALUE;
				rest = 0;
			}
		}
		token tk = { .kind = kind, .s = content + rest, .len = clen - rest, .loc = lex_loc(lx, open) };
		trim(&tk.s, &tk.len);
		size_t after = close + 2;

		/* Where the current line starts and whether only blanks precede the tag. */
		size_t ls = open;
		while (ls > text_start && (src[ls - 1] == ' ' || src[ls - 1] == '\t'))
			ls--;
		bool line_start = ls == 0 || src[ls - 1] == '\n';
		if (line_start && ls < text_start)
			line_start = false;
		size_t le = after;
		while (le < n && (src[le] == ' ' || src[le] == '\t' || src[le] == '\r'))
			le++;
		bool line_end = le >= n || src[le] == '\n';

		size_t text_end = open;
		if (kind == T_CLAUSE || kind == T_ANNEX || kind == T_SECTION || kind == T_PART) {
			if (!(line_start && ls == open))
				lex_err(lx, tk.loc, "a heading tag must start its line");
			size_t eol = after;
			while (eol < n && src[eol] != '\n')
				eol++;
			tk.title = src + after;
			tk.title_len = eol - after;
			trim(&tk.title, &tk.title_len);
			if (!tk.title_len)
				lex_err(lx, tk.loc, "a heading tag needs a title after it on the same line");
			else if (has_tag(tk.title, tk.title_len))
				lex_err(lx, tk.loc, "a heading's title is plain text; tags are not allowed in it");
			after = eol < n ? eol + 1 : eol;
		} else if (kind == T_SUB) {
			if (!(line_start && ls == open))
				lex_err(lx, tk.loc, "{{sub}} must start a paragraph (the start of a line)");
			while (after < n && (src[after] == ' ' || src[after] == '\t'))
				after++;	/* the engine writes the space after the number */
		} else if (standalone_kind(kind) && line_start && line_end) {
			text_end = ls;
			after = le < n ? le + 1 : le;
		}
		if (text_end > text_start)
			push_token(lx, (token){ .kind = T_TEXT, .s = src + text_start,
			    .len = text_end - text_start, .loc = text_loc });
		if (kind != T_COMMENT)
			push_token(lx, tk);
		i = text_start = after;
	}
	if (n > text_start)
		push_token(lx, (token){ .kind = T_TEXT, .s = src + text_start, .len = n - text_start,
		    .loc = lex_loc(lx, text_start) });
}

/* ---- parsing ---------------------------------------------------------------- */

typedef struct scope {
	const dpa_struct_def *def;   /* fields of the current item, NULL for scalars */
	const dpa_field *list;       /* the list iterated (NULL at top level) */
} scope;

typedef struct parser {
	lexer *lx;
	dpa_tmpl *t;
	scope scopes[MAX_SCOPES];
	int nscopes;
	int depth;                   /* include depth */
} parser;

static int compile_file(parser *p, tfile *f);

static bool
valid_id(const char *s, size_t len)
{
	if (!len || !islower((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '-')
			return false;
	return true;
}

/* Resolve a dotted path against the scopes (innermost first), doc.* and
 * the loop values. */
static bool
resolve(parser *p, const char *s, size_t len, dpa_loc loc, binding *b)
{
	memset(b, 0, sizeof *b);
	int inner = p->nscopes - 1;
	if (len == 1 && s[0] == '.') {
		if (inner == 0) {
			lex_err(p->lx, loc, "\"{{.}}\" is only meaningful inside {{#each}}");
			return false;
		}
		b->base = BASE_DOT;
		b->scope = inner;
		b->field = p->scopes[inner].list;
		b->type = b->field->elem;
		return true;
	}
	if (len && s[0] == '@') {
		static const char *const attrs[] = { "@number", "@first", "@last" };
		for (int i = 0; i < 3; i++)
			if (strlen(attrs[i]) == len && memcmp(attrs[i], s, len) == 0 && inner > 0) {
				b->base = BASE_LOOP;
				b->scope = inner;
				b->attr = (loop_attr)i;
				b->type = i == LOOP_NUMBER ? DPA_T_INT : DPA_T_BOOL;
				return true;
			}
		lex_err(p->lx, loc, "\"%.*s\": only @number, @first and @last exist, inside {{#each}}",
		    (int)len, s);
		return false;
	}
	const char *seg = s, *end = s + len;
	const char *dot = memchr(seg, '.', len);
	size_t seglen = dot ? (size_t)(dot - seg) : len;
	const dpa_struct_def *def = NULL;
	const dpa_tmpl_root *x = &p->t->extra;
	if (seglen == 3 && memcmp(seg, "doc", 3) == 0 && dot) {
		b->base = BASE_DOC;
		def = &doc_def;
		seg = dot + 1;
	} else if (x->prefix && seglen == strlen(x->prefix) && memcmp(seg, x->prefix, seglen) == 0 && dot) {
		b->base = BASE_EXTRA;
		def = x->def;
		seg = dot + 1;
	} else {
		for (int i = inner; i >= 0; i--)
			if (p->scopes[i].def && dpa_field_find(p->scopes[i].def, seg, seglen)) {
				b->base = BASE_SCOPE;
				b->scope = i;
				def = p->scopes[i].def;
				break;
			}
		if (!def) {
			lex_err(p->lx, loc, "unknown field \"%.*s\" (see `dpagen schema` for the config's fields)",
			    (int)len, s);
			return false;
		}
	}
	while (seg < end) {
		dot = memchr(seg, '.', (size_t)(end - seg));
		seglen = dot ? (size_t)(dot - seg) : (size_t)(end - seg);
		const dpa_field *f = def ? dpa_field_find(def, seg, seglen) : NULL;
		if (!f) {
			lex_err(p->lx, loc, "\"%.*s\" has no field \"%.*s\"", (int)(seg - s - 1), s,
			    (int)seglen, seg);
			return false;
		}
		if (b->depth == MAX_PATH) {
			lex_err(p->lx, loc, "path is too long");
			return false;
		}
		b->depth++;
		b->offset += f->offset;
		b->field = f;
		b->type = f->type;
		def = f->type == DPA_T_STRUCT ? f->sub : NULL;
		if (dot && f->type == DPA_T_LIST) {
			lex_err(p->lx, loc, "\"%.*s\" is a list: go through its items with {{#each}}",
			    (int)(dot - s), s);
			return false;
		}
		seg = dot ? dot + 1 : end;
	}
	return true;
}

static ttype
static_type(dpa_type t, const dpa_field *f)
{
	switch (t) {
	case DPA_T_STR: case DPA_T_TEXT: case DPA_T_EMAIL: case DPA_T_ENUM:
		return (ttype){ V_TEXT, V_NONE };
	case DPA_T_MD:
		return (ttype){ V_MD, V_NONE };
	case DPA_T_COUNTRY:
		return (ttype){ V_COUNTRY, V_NONE };
	case DPA_T_DATE:
		return (ttype){ V_DATE, V_NONE };
	case DPA_T_INT:
		return (ttype){ V_INT, V_NONE };
	case DPA_T_BOOL:
		return (ttype){ V_BOOL, V_NONE };
	case DPA_T_LIST:
		return (ttype){ V_LIST, static_type(f->elem, f).k };
	default:
		return (ttype){ V_NONE, V_NONE };
	}
}

static const char *
skip_ws(const char *s, const char *end)
{
	while (s < end && isspace((unsigned char)*s))
		s++;
	return s;
}

static const char *
path_end(const char *s, const char *end)
{
	while (s < end && (isalnum((unsigned char)*s) || *s == '_' || *s == '.' || *s == '@'))
		s++;
	return s;
}

/* A quoted argument; returns the position after it or NULL. */
static const char *
read_quoted(parser *p, const char *s, const char *end, const char **out)
{
	if (s >= end || *s != '"')
		return NULL;
	const char *q = memchr(s + 1, '"', (size_t)(end - s - 1));
	if (!q)
		return NULL;
	*out = arena_strndup(&p->t->mem, s + 1, (size_t)(q - s - 1));
	return q + 1;
}

static bool
parse_value(parser *p, const token *tk, op *o)
{
	const char *s = tk->s, *end = tk->s + tk->len;
	const char *pe = path_end(s, end);
	if (pe == s) {
		lex_err(p->lx, tk->loc, "expected a field name in \"{{%.*s}}\"", (int)tk->len, tk->s);
		return false;
	}
	if (!resolve(p, s, (size_t)(pe - s), tk->loc, &o->b))
		return false;
	if (o->b.type == DPA_T_STRUCT ||
	    (o->b.type == DPA_T_LIST && o->b.field->elem == DPA_T_STRUCT)) {
		lex_err(p->lx, tk->loc, "\"%.*s\" holds groups of fields: name one field%s",
		    (int)(pe - s), s, o->b.type == DPA_T_LIST ? " inside {{#each}}" : "");
		return false;
	}
	ttype ty = static_type(o->b.type, o->b.field);
	filter_call fs[MAX_FILTERS];
	s = skip_ws(pe, end);
	while (s < end) {
		if (*s != '|') {
			lex_err(p->lx, tk->loc, "expected \"|\" and a filter after the field name");
			return false;
		}
		s = skip_ws(s + 1, end);
		const char *ne = s;
		while (ne < end && isalpha((unsigned char)*ne))
			ne++;
		const filter_def *fd = filter_find(s, (size_t)(ne - s));
		if (!fd) {
			buf names = {0};
			filter_names(&names);
			lex_err(p->lx, tk->loc, "unknown filter \"%.*s\" (filters: %s)", (int)(ne - s), s,
			    names.data);
			buf_free(&names);
			return false;
		}
		if (o->nf == MAX_FILTERS) {
			lex_err(p->lx, tk->loc, "too many filters");
			return false;
		}
		filter_call *fc = &fs[o->nf++];
		*fc = (filter_call){ .def = fd };
		int nargs = 0;
		s = skip_ws(ne, end);
		while (s < end && *s == '"' && nargs < FILTER_MAX_ARGS) {
			s = read_quoted(p, s, end, &fc->args[nargs]);
			if (!s) {
				lex_err(p->lx, tk->loc, "unterminated \"quoted\" argument");
				return false;
			}
			nargs++;
			s = skip_ws(s, end);
		}
		if ((fd->nargs >= 0 && nargs != fd->nargs) || (fd->nargs < 0 && nargs > 1)) {
			lex_err(p->lx, tk->loc, "filter \"%s\" takes %s", fd->name,
			    fd->nargs == 0 ? "no arguments" : fd->nargs == 1 ? "one \"quoted\" argument" :
			    fd->nargs == 2 ? "two \"quoted\" arguments" : "at most one \"quoted\" argument");
			return false;
		}
		ttype out = fd->type(ty);
		if (out.k == V__MAX) {
			lex_err(p->lx, tk->loc, "filter \"%s\" does not apply to %s%s%s", fd->name,
			    vkind_name(ty.k), ty.k == V_LIST ? " of " : "", ty.k == V_LIST ? vkind_name(ty.elem) : "");
			return false;
		}
		ty = out;
	}
	if (o->nf) {
		filter_call *f = arena_alloc(&p->t->mem, (size_t)o->nf * sizeof *f);
		memcpy(f, fs, (size_t)o->nf * sizeof *f);
		o->f = f;
	}
	return true;
}

static bool parse_cond(parser *p, const token *tk, op *o);
static op *new_op(parser *p, op_kind k, const token *tk);

/* LIST where COND: COND is compiled with the list's items in scope, and
 * the condition (or loop) sees only the items for which it holds. */
static bool
parse_where(parser *p, const token *tk, op *o, const char *cond)
{
	const dpa_field *f = o->b.field;
	if (o->b.type != DPA_T_LIST || f->elem != DPA_T_STRUCT) {
		lex_err(p->lx, tk->loc, "\"where\" follows a list of maps");
		return false;
	}
	if (p->nscopes == MAX_SCOPES) {
		lex_err(p->lx, tk->loc, "\"where\" nested too deeply");
		return false;
	}
	token sub = *tk;
	sub.s = skip_ws(cond, tk->s + tk->len);
	sub.len = (size_t)(tk->s + tk->len - sub.s);
	p->scopes[p->nscopes++] = (scope){ f->sub, f };
	o->where = new_op(p, OP_IF, tk);
	bool ok = parse_cond(p, &sub, o->where);
	p->nscopes--;
	if (ok && o->where->where) {
		lex_err(p->lx, tk->loc, "one \"where\" per condition");
		return false;
	}
	return ok;
}

static bool
parse_cond(parser *p, const token *tk, op *o)
{
	const char *s = tk->s, *end = tk->s + tk->len;
	/* "given PATH": the config states the value, even as an empty list
	 * ("special_categories: []" says there are none; leaving it out says
	 * nothing). */
	bool given = (size_t)(end - s) > 6 && memcmp(s, "given ", 6) == 0;
	if (given)
		s = skip_ws(s + 6, end);
	const char *pe = path_end(s, end);
	if (pe == s) {
		lex_err(p->lx, tk->loc, "expected a field name in the condition");
		return false;
	}
	if (!resolve(p, s, (size_t)(pe - s), tk->loc, &o->b))
		return false;
	s = skip_ws(pe, end);
	if (s == end) {
		o->cmp = given ? CMP_GIVEN : CMP_TRUTH;
		return true;
	}
	if (given) {
		lex_err(p->lx, tk->loc, "\"given\" takes a field name only");
		return false;
	}
	size_t rest;
	if (word_is(s, (size_t)(end - s), "where", &rest))
		return parse_where(p, tk, o, s + rest);
	if (word_is(s, (size_t)(end - s), "has", &rest)) {
		s = read_quoted(p, skip_ws(s + rest, end), end, &o->lit);
		const dpa_field *f = o->b.field;
		o->cmp = CMP_HAS;
		if (!s || skip_ws(s, end) != end || o->b.type != DPA_T_LIST || f->elem == DPA_T_STRUCT) {
			lex_err(p->lx, tk->loc, "\"has\" tests a list of values for a \"quoted\" word");
			return false;
		}
		if (f->elem == DPA_T_ENUM && dpa_enum_find(f->enums, o->lit) < 0) {
			lex_err(p->lx, tk->loc, "\"%s\" is not a value of %s", o->lit, f->name);
			return false;
		}
		return true;
	}
	static const struct { const char *tok; cmp_op op; } ops[] = {
		{ "==", CMP_EQ }, { "!=", CMP_NE }, { ">=", CMP_GE }, { "<=", CMP_LE },
		{ ">", CMP_GT }, { "<", CMP_LT },
	};
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		size_t n = strlen(ops[i].tok);
		if ((size_t)(end - s) < n || memcmp(s, ops[i].tok, n) != 0)
			continue;
		o->cmp = ops[i].op;
		s = skip_ws(s + n, end);
		if (o->cmp == CMP_EQ || o->cmp == CMP_NE) {
			s = read_quoted(p, s, end, &o->lit);
			if (!s || skip_ws(s, end) != end) {
				lex_err(p->lx, tk->loc, "compare with a \"quoted\" word");
				return false;
			}
			if (o->b.type == DPA_T_ENUM && dpa_enum_find(o->b.field->enums, o->lit) < 0) {
				lex_err(p->lx, tk->loc, "\"%s\" is not a value of %s", o->lit, o->b.field->name);
				return false;
			}
			return true;
		}
		char *num_end;
		o->num = strtol(s, &num_end, 10);
		if (num_end == s || skip_ws(num_end, end) != end ||
		    (o->b.type != DPA_T_INT && o->b.type != DPA_T_LIST)) {
			lex_err(p->lx, tk->loc, "\"%s\" compares a number field or a list's length with a "
			    "whole number", ops[i].tok);
			return false;
		}
		return true;
	}
	lex_err(p->lx, tk->loc, "unexpected \"%.*s\" in a condition", (int)(end - s), s);
	return false;
}

static op *
new_op(parser *p, op_kind k, const token *tk)
{
	op *o = arena_alloc(&p->t->mem, sizeof *o);
	o->kind = k;
	o->loc = tk->loc;
	return o;
}

static op *parse_block(parser *p, const token **closer);

/* {{#each LIST}}: the body is compiled with the items' fields in scope. */
static bool
open_each(parser *p, const token *tk, op *o)
{
	if (o->cmp != CMP_TRUTH || o->b.type != DPA_T_LIST) {
		lex_err(p->lx, tk->loc, "{{#each}} needs a list field");
		return false;
	}
	if (p->nscopes == MAX_SCOPES) {
		lex_err(p->lx, tk->loc, "{{#each}} nested too deeply");
		return false;
	}
	const dpa_field *f = o->b.field;
	p->scopes[p->nscopes++] = (scope){ f->elem == DPA_T_STRUCT ? f->sub : NULL, f };
	return true;
}

/* {{#if}}, {{#unless}}, {{#each}}: the condition, the body, an optional
 * {{else}}, and the matching close. */
static op *
parse_section(parser *p, const token *tk)
{
	bool each = tk->kind == T_EACH;
	op *o = new_op(p, each ? OP_EACH : OP_IF, tk);
	o->negate = tk->kind == T_UNLESS;
	bool ok = parse_cond(p, tk, o);
	bool scoped = ok && each && open_each(p, tk, o);
	ok = ok && (!each || scoped);
	const token *end;
	o->body = parse_block(p, &end);
	if (end && end->kind == T_ELSE) {
		if (each)
			lex_err(p->lx, end->loc, "{{else}} is not allowed in {{#each}}");
		o->alt = parse_block(p, &end);
	}
	if (scoped)
		p->nscopes--;
	const char *want = each ? "each" : tk->kind == T_IF ? "if" : "unless";
	if (!end)
		lex_err(p->lx, tk->loc, "{{#%s}} is never closed with {{/%s}}", want, want);
	else if (end->kind != T_CLOSE || end->len != strlen(want) || memcmp(end->s, want, end->len) != 0)
		lex_err(p->lx, end->loc, "expected {{/%s}} to close {{#%s}} of line %u", want, want,
		    tk->loc.line);
	return ok ? o : NULL;
}

/* {{> name}}: the file is compiled once, in the top-level scope. */
static op *
parse_include(parser *p, const token *tk)
{
	lexer *lx = p->lx;
	char *key = arena_strndup(&p->t->mem, tk->s, tk->len);
	if (p->nscopes > 1) {
		lex_err(lx, tk->loc, "{{> %s}}: includes are allowed outside {{#each}} only", key);
		return NULL;
	}
	tfile *f = load_file(p->t, key, tk->loc, lx->d);
	if (!f) {
		lx->errors++;
		return NULL;
	}
	if (f->compiling) {
		lex_err(lx, tk->loc, "\"%s\" includes itself", key);
		return NULL;
	}
	if (p->depth >= MAX_INCLUDE_DEPTH) {
		lex_err(lx, tk->loc, "includes nested more than %d deep", MAX_INCLUDE_DEPTH);
		return NULL;
	}
	if (!f->ops && compile_file(p, f) != 0)
		return NULL;
	op *o = new_op(p, OP_INCLUDE, tk);
	o->inc = f;
	return o;
}

/* Headings, sub-clauses, references and titles: an id, and a title for
 * headings. */
static op *
parse_structure(parser *p, const token *tk)
{
	static const op_kind kinds[] = { [T_CLAUSE] = OP_HEAD, [T_ANNEX] = OP_HEAD,
		[T_SECTION] = OP_HEAD, [T_PART] = OP_HEAD, [T_SUB] = OP_SUB,
		[T_REF] = OP_REF, [T_TITLE] = OP_TITLE };
	static const dpa_head_kind heads[] = { [T_CLAUSE] = DPA_HEAD_CLAUSE,
		[T_ANNEX] = DPA_HEAD_ANNEX, [T_SECTION] = DPA_HEAD_SECTION,
		[T_PART] = DPA_HEAD_PART, [T_SUB] = DPA_HEAD_SUB };
	bool need_id = tk->kind != T_SUB || tk->len;
	if (need_id && !valid_id(tk->s, tk->len)) {
		lex_err(p->lx, tk->loc, "\"%.*s\" is not an id (lower-case letters, digits, hyphens)",
		    (int)tk->len, tk->s);
		return NULL;
	}
	op *o = new_op(p, kinds[tk->kind], tk);
	o->head = tk->kind <= T_SUB ? heads[tk->kind] : DPA_HEAD_CLAUSE;
	o->id = tk->len ? arena_strndup(&p->t->mem, tk->s, tk->len) : NULL;
	if (tk->title) {
		o->text = arena_strndup(&p->t->mem, tk->title, tk->title_len);
		o->len = tk->title_len;
	}
	return o;
}

/* Parse tokens into ops until a closing tag (returned through *closer). */
static op *
parse_block(parser *p, const token **closer)
{
	lexer *lx = p->lx;
	op head = {0}, *tail = &head;
	*closer = NULL;
	while (lx->pos < lx->ntok) {
		const token *tk = &lx->tok[lx->pos++];
		op *o = NULL;
		switch (tk->kind) {
		case T_TEXT:
			o = new_op(p, OP_TEXT, tk);
			o->text = tk->s;
			o->len = tk->len;
			break;
		case T_VALUE:
			o = new_op(p, OP_VALUE, tk);
			if (!parse_value(p, tk, o))
				o = NULL;
			break;
		case T_IF: case T_UNLESS: case T_EACH:
			o = parse_section(p, tk);
			break;
		case T_ELSE: case T_CLOSE:
			*closer = tk;
			return head.next;
		case T_INCLUDE:
			o = parse_include(p, tk);
			break;
		case T_CLAUSE: case T_ANNEX: case T_SECTION: case T_PART: case T_SUB:
		case T_REF: case T_TITLE:
			o = parse_structure(p, tk);
			break;
		case T_TOC: case T_FOOTER:
			o = new_op(p, tk->kind == T_TOC ? OP_TOC : OP_FOOTER, tk);
			o->head = tk->kind == T_TOC ? DPA_HEAD_TOC : DPA_HEAD_FOOTER;
			break;
		case T_OPTIONAL:
			/* A mark for drop_optional_columns(), in a table's header. */
			o = new_op(p, OP_TEXT, tk);
			o->text = MARK_OPTIONAL;
			o->len = sizeof MARK_OPTIONAL - 1;
			break;
		case T_COMMENT:
			break;
		}
		if (o) {
			tail->next = o;
			tail = o;
		}
	}
	return head.next;
}

static int
compile_file(parser *p, tfile *f)
{
	lexer *outer = p->lx;
	lexer lx = { .t = p->t, .f = f, .d = outer->d, .loc_line = 1, .loc_col = 1 };
	p->lx = &lx;
	f->compiling = true;
	p->depth++;
	tokenize(&lx);
	if (!lx.errors) {
		const token *closer;
		f->ops = parse_block(p, &closer);
		if (closer)
			lex_err(&lx, closer->loc, "{{%s%.*s}} without an opening tag",
			    closer->kind == T_ELSE ? "else" : "/", (int)closer->len, closer->s);
	}
	p->depth--;
	f->compiling = false;
	free(lx.tok);
	int errors = lx.errors;
	p->lx = outer;
	outer->errors += errors;
	return errors ? -1 : 0;
}

static int
cmp_file(const void *a, const void *b)
{
	return strcmp((*(tfile *const *)a)->key, (*(tfile *const *)b)->key);
}

/* The set's digest: SHA-256 over each file's name, length and SHA-256, in
 * name order.  The built-in files' hashes are computed at build time. */
static void
compute_digest(dpa_tmpl *t)
{
	tfile *sorted[MAX_FILES];
	memcpy(sorted, t->files, t->nfiles * sizeof *sorted);
	qsort(sorted, t->nfiles, sizeof *sorted, cmp_file);
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	for (size_t i = 0; i < t->nfiles; i++) {
		sha256_update(&ctx, strlen(sorted[i]->key) + 1, (const uint8_t *)sorted[i]->key);
		char len[32];
		int n = snprintf(len, sizeof len, "%zu:", sorted[i]->len);
		sha256_update(&ctx, (size_t)n, (const uint8_t *)len);
		sha256_update(&ctx, sizeof sorted[i]->sha, sorted[i]->sha);
	}
	sha256_digest(&ctx, sizeof t->digest, t->digest);
}

/* The set's folder, opened: DIR/da (DIR/en) when it holds document.md,
 * one folder per language, else DIR itself.  Every file is read relative
 * to it.  Returns the descriptor, or -1 with the problem reported. */
static int
open_set(dpa_tmpl *t, const char *dir, const char *code, dpa_diags *d)
{
	dpa_loc at = { dir, 0, 0 };
	struct stat st;
	int top = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), sub = -1;
	if (top < 0) {
		diag_add(d, DPA_SEV_ERROR, at, NULL, "template set: cannot open the folder: %s", strerror(errno));
		return -1;
	}
	if (fstatat(top, code, &st, AT_SYMLINK_NOFOLLOW) != 0 || !(S_ISDIR(st.st_mode) || S_ISLNK(st.st_mode))) {
		t->langdir = "";
		return top;
	}
	sub = openat(top, code, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sub < 0) {
		diag_add(d, DPA_SEV_ERROR, at, NULL, "template set: %s/%s: %s", dir, code,
		    S_ISLNK(st.st_mode) ? "is a symbolic link, which is not followed here" : strerror(errno));
		close(top);
		return -1;
	}
	if (fstatat(sub, "document.md", &st, AT_SYMLINK_NOFOLLOW) != 0) {
		close(sub);
		t->langdir = "";
		return top;
	}
	close(top);
	return sub;
}

dpa_tmpl *
tmpl_compile(const char *dir, dpa_lang lang, dpa_diags *d)
{
	static const dpa_tmpl_root agreement = { "document", NULL, NULL };
	return tmpl_compile_root(dir, lang, &agreement, d);
}

dpa_tmpl *
tmpl_compile_root(const char *dir, dpa_lang lang, const dpa_tmpl_root *root, dpa_diags *d)
{
	dpa_tmpl *t = xcalloc(1, sizeof *t);
	t->lang = lang;
	t->extra = *root;
	const char *code = dpa_lang_code(lang);
	t->langdir = arena_printf(&t->mem, "%s/", code);
	t->dirfd = -1;
	if (dir) {
		t->dir = arena_strdup(&t->mem, dir);
		if ((t->dirfd = open_set(t, dir, code, d)) < 0) {
			tmpl_free(t);
			return NULL;
		}
	}
	lexer top = { .t = t, .d = d };
	parser p = { .lx = &top, .t = t, .nscopes = 1 };
	p.scopes[0] = (scope){ &dpa_model_def, NULL };
	dpa_loc none = { dir ? dir : "templates", 0, 0 };
	t->root = load_file(t, root->name, none, d);
	bool ok = t->root && compile_file(&p, t->root) == 0 && !top.errors;
	if (t->dirfd >= 0)
		close(t->dirfd);
	t->dirfd = -1;
	if (!ok) {
		tmpl_free(t);
		return NULL;
	}
	compute_digest(t);
	return t;
}

void
tmpl_free(dpa_tmpl *t)
{
	if (!t)
		return;
	arena_free(&t->mem);
	free(t);
}

const unsigned char *
tmpl_digest(const dpa_tmpl *t)
{
	return t->digest;
}

/* ---- rendering ------------------------------------------------------------- */

typedef struct reg_ent {
	dpa_heading h;
	bool kept;
	dpa_loc loc;
} reg_ent;

typedef struct frame {
	const void *ptr;
	size_t index, count;
} frame;

typedef struct rstate {
	const dpa_tmpl *t;
	const dpa_model *m;
	const dpa_render_opts *o;
	const dpa_lang_strings *ls;
	dpa_diags *d;
	arena *tmp;
	arena *strs;                 /* numbers and titles of the index */
	docinfo doc;
	frame frames[MAX_SCOPES];
	int nframes;
	/* output, normalised as it is written */
	buf *out;
	int nl;                      /* newlines at the end of out */
	size_t spaces;               /* spaces held back until a non-blank */
	uint32_t line;
	bool suppress;
	/* numbering */
	int pass;
	int clause_no, annex_no, sub_no, top;
	reg_ent *reg;
	size_t nreg, capreg;
	const reg_ent *known;        /* pass 1's registry, used by pass 2 */
	size_t nknown;
	int errors;
	size_t steps;                /* ops run, against MAX_STEPS */
	size_t dry_len;              /* pass 1: template text it would have written */
	bool over;                   /* a rendering limit was reached */
} rstate;

static void
out_putc(rstate *r, char c)
{
	if (r->suppress)
		return;
	if (c == ' ') {
		r->spaces++;
		return;
	}
	if (c == '\n') {
		r->spaces = 0;
		if (r->nl >= 2)
			return;
		buf_putc(r->out, '\n');
		r->nl++;
		r->line++;
		return;
	}
	for (; r->spaces; r->spaces--)
		buf_putc(r->out, ' ');
	buf_putc(r->out, c);
	r->nl = 0;
}

/* Text is copied a line at a time: only blanks before a line break (which
 * are dropped) and the line breaks themselves need out_putc(). */
static void
out_put(rstate *r, const char *s, size_t len)
{
	if (r->suppress)
		return;
	size_t i = 0;
	while (i < len) {
		if (s[i] == '\n') {
			out_putc(r, s[i++]);
			continue;
		}
		const char *nl = memchr(s + i, '\n', len - i);
		size_t j = nl ? (size_t)(nl - s) : len, k = j;
		while (k > i && s[k - 1] == ' ')
			k--;
		if (k > i) {
			for (; r->spaces; r->spaces--)
				buf_putc(r->out, ' ');
			buf_put(r->out, s + i, k - i);
			r->nl = 0;
		}
		r->spaces += j - k;
		i = j;
	}
}

static void
out_puts(rstate *r, const char *s)
{
	out_put(r, s, strlen(s));
}

static void
out_blank_line(rstate *r)
{
	if (r->suppress || r->out->len == 0)
		return;
	r->spaces = 0;
	while (r->nl < 2)
		out_putc(r, '\n');
}

/* Follow a binding to the value it names. */
static const void *
lookup(rstate *r, const binding *b, dpa_type *type, const dpa_field **field)
{
	const char *p;
	switch (b->base) {
	case BASE_DOC:
		p = (const char *)&r->doc;
		break;
	case BASE_EXTRA:
		p = r->o->extra;
		break;
	case BASE_DOT:
		*type = b->type;
		*field = b->field;
		return r->frames[b->scope].ptr;
	case BASE_LOOP:
		*field = NULL;
		*type = b->type;
		return &r->frames[b->scope];
	default:
		p = r->frames[b->scope].ptr;
		break;
	}
	p += b->offset;
	*type = b->type;
	*field = b->field;
	return p;
}

static tval
to_tval(rstate *r, const void *p, dpa_type t, const dpa_field *f)
{
	switch (t) {
	case DPA_T_STR: case DPA_T_TEXT: case DPA_T_EMAIL: case DPA_T_MD: case DPA_T_COUNTRY: {
		const dpa_str *s = p;
		if (!s->h.set || !s->s)
			return (tval){ .k = V_NONE };
		return (tval){ .k = t == DPA_T_MD ? V_MD : t == DPA_T_COUNTRY ? V_COUNTRY : V_TEXT, .s = s->s };
	}
	case DPA_T_INT: case DPA_T_BOOL: case DPA_T_ENUM: {
		const dpa_int *v = p;
		if (!v->h.set)
			return (tval){ .k = V_NONE };
		if (t == DPA_T_ENUM)
			return (tval){ .k = V_TEXT, .s = f->enums[v->v].label[r->t->lang] };
		return (tval){ .k = t == DPA_T_INT ? V_INT : V_BOOL, .i = v->v };
	}
	case DPA_T_DATE: {
		const dpa_date *v = p;
		if (!v->h.set)
			return (tval){ .k = V_NONE };
		return (tval){ .k = V_DATE, .y = v->y, .m = v->m, .d = v->d };
	}
	case DPA_T_LIST: {
		const dpa_list *l = p;
		tval out = { .k = V_LIST, .n = l->n };
		if (!l->h.set || l->n == 0)
			return (tval){ .k = V_LIST, .n = 0 };
		size_t es = dpa_type_size(f->elem, f->sub);
		out.items = arena_alloc(r->tmp, l->n * sizeof *out.items);
		for (size_t i = 0; i < l->n; i++)
			out.items[i] = to_tval(r, (const char *)l->v + i * es, f->elem, f);
		return out;
	}
	default:
		return (tval){ .k = V_NONE };
	}
}

static tval
eval(rstate *r, const binding *b)
{
	dpa_type t;
	const dpa_field *f;
	const void *p = lookup(r, b, &t, &f);
	if (b->base == BASE_LOOP) {
		const frame *fr = p;
		if (b->attr == LOOP_NUMBER)
			return (tval){ .k = V_INT, .i = (long)fr->index + 1 };
		bool v = b->attr == LOOP_FIRST ? fr->index == 0 : fr->index + 1 == fr->count;
		return (tval){ .k = V_BOOL, .i = v };
	}
	return to_tval(r, p, t, f);
}

static bool
truthy(tval v)
{
	switch (v.k) {
	case V_NONE:
		return false;
	case V_TEXT: case V_MD: case V_BLOCK: case V_COUNTRY:
		return v.s && *v.s;
	case V_BOOL:
		return v.i != 0;
	case V_LIST:
		return v.n > 0;
	default:
		return true;
	}
}

static bool test_cond(rstate *r, const op *o);

/* Does item i of list l (of o's binding) pass o's "where"? */
static bool
item_passes(rstate *r, const op *o, const dpa_list *l, size_t es, size_t i)
{
	if (!o->where)
		return true;
	/* Each test is a step: "where" inside nested loops multiplies too. */
	if (r->nframes == MAX_SCOPES || ++r->steps > MAX_STEPS)
		return false;
	r->frames[r->nframes++] = (frame){ (const char *)l->v + i * es, i, l->n };
	bool ok = test_cond(r, o->where);
	r->nframes--;
	return ok;
}

/* The list o binds, its element size, and how many items pass "where". */
static const dpa_list *
list_of(rstate *r, const op *o, size_t *es, size_t *passing)
{
	dpa_type t;
	const dpa_field *f;
	const dpa_list *l = lookup(r, &o->b, &t, &f);
	*es = dpa_type_size(f->elem, f->sub);
	*passing = 0;
	for (size_t i = 0; l->h.set && i < l->n; i++)
		*passing += item_passes(r, o, l, *es, i);
	return l;
}

/* Does a list hold the value lit (an enum's name, or a text)? */
static bool
list_has(rstate *r, const op *o)
{
	dpa_type t;
	const dpa_field *f;
	const dpa_list *l = lookup(r, &o->b, &t, &f);
	size_t es = dpa_type_size(f->elem, f->sub);
	for (size_t i = 0; l->h.set && i < l->n; i++) {
		const void *p = (const char *)l->v + i * es;
		const char *have = f->elem == DPA_T_ENUM ? f->enums[((const dpa_int *)p)->v].name :
		    ((const dpa_str *)p)->s;
		if (have && strcmp(have, o->lit) == 0)
			return true;
	}
	return false;
}

static bool
test_cond(rstate *r, const op *o)
{
	bool res;
	size_t es, n = 0;
	if (o->b.type == DPA_T_LIST && o->cmp != CMP_GIVEN && o->cmp != CMP_HAS)
		list_of(r, o, &es, &n);
	if (o->cmp == CMP_HAS) {
		res = list_has(r, o);
	} else if (o->cmp == CMP_TRUTH && o->b.type == DPA_T_LIST) {
		res = n > 0;
	} else if (o->cmp == CMP_TRUTH) {
		res = truthy(eval(r, &o->b));
	} else if (o->cmp == CMP_GIVEN) {
		dpa_type t;
		const dpa_field *f;
		const void *p = lookup(r, &o->b, &t, &f);
		res = o->b.base != BASE_LOOP && ((const dpa_hdr *)p)->set;
	} else if (o->cmp == CMP_EQ || o->cmp == CMP_NE) {
		dpa_type t;
		const dpa_field *f;
		const void *p = lookup(r, &o->b, &t, &f);
		const char *have = NULL;
		if (t == DPA_T_ENUM && ((const dpa_int *)p)->h.set)
			have = f->enums[((const dpa_int *)p)->v].name;
		else if (t != DPA_T_ENUM)
			have = tval_text(r->tmp, r->ls, eval(r, &o->b));
		bool eq = have && strcmp(have, o->lit) == 0;
		res = o->cmp == CMP_EQ ? eq : !eq;
	} else {
		tval v = o->b.type == DPA_T_LIST ? (tval){ .k = V_INT, .i = (long)n } : eval(r, &o->b);
		if (v.k != V_INT)
			res = false;
		else if (o->cmp == CMP_GT)
			res = v.i > o->num;
		else if (o->cmp == CMP_LT)
			res = v.i < o->num;
		else if (o->cmp == CMP_GE)
			res = v.i >= o->num;
		else
			res = v.i <= o->num;
	}
	return o->negate ? !res : res;
}

/* True when what is written next starts a block's text: only blanks and
 * list or quote markers precede it on its line, so "- x" or "1. x" in a
 * value would be read as syntax there (and only there). */
static bool
at_block_start(const rstate *r)
{
	const buf *b = r->out;
	size_t i = b->len;
	while (i > 0 && b->data[i - 1] != '\n')
		i--;
	const char *s = b->data ? b->data + i : "", *end = b->data ? b->data + b->len : s;
	while (s < end) {
		if (*s == ' ' || *s == '>' ) {
			s++;
		} else if ((*s == '-' || *s == '*' || *s == '+') && (s + 1 == end || s[1] == ' ')) {
			s++;
		} else if (isdigit((unsigned char)*s)) {
			while (s < end && isdigit((unsigned char)*s))
				s++;
			if (s == end || (*s != '.' && *s != ')'))
				return false;
			s++;
		} else {
			return false;
		}
	}
	return true;
}

/* Whether a value was written in the config (or --set): it then has a
 * location.  Defaults, document values and loop counters have none, and
 * neither has a template's `default` text, so review mode marks only what
 * differs per customer. */
static bool
in_config(rstate *r, const binding *b)
{
	if (b->base == BASE_LOOP || b->base == BASE_DOC)
		return false;
	dpa_type t;
	const dpa_field *f;
	const dpa_hdr *h = lookup(r, b, &t, &f);
	return h->set && h->loc.file != NULL;
}

/* Write a value; in highlight mode each run of text is wrapped in marks. */
static void
emit_value(rstate *r, const op *o)
{
	tval v = eval(r, &o->b);
	bool from_config = in_config(r, &o->b);
	for (int i = 0; i < o->nf; i++)
		v = o->f[i].def->apply(r->tmp, r->ls, v, o->f[i].args);
	buf b = {0};
	tval_emit(&b, r->tmp, r->ls, v, at_block_start(r));
	if (!b.len) {
		buf_free(&b);
		return;
	}
	if (!r->o->highlight || v.k == V_MD || !from_config) {
		out_put(r, b.data, b.len);
	} else {
		/* One mark pair per paragraph, so marks never span blocks. */
		const char *s = b.data, *end = b.data + b.len;
		while (s < end) {
			const char *brk = strstr(s, "\n\n");
			const char *e = brk ? brk : end;
			out_puts(r, DPA_MARK_ON);
			out_put(r, s, (size_t)(e - s));
			out_puts(r, DPA_MARK_OFF);
			if (!brk)
				break;
			out_puts(r, "\n\n");
			s = brk + 2;
		}
	}
	buf_free(&b);
}

static const reg_ent *
find_known(const rstate *r, const char *id)
{
	for (size_t i = 0; i < r->nknown; i++)
		if (r->known[i].h.id && strcmp(r->known[i].h.id, id) == 0)
			return &r->known[i];
	return NULL;
}

static void
rerr(rstate *r, dpa_loc loc, const char *fmt, ...) DPA_PRINTF(3, 4);

static void
rerr(rstate *r, dpa_loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(r->d, DPA_SEV_ERROR, NULL, loc, NULL, fmt, ap);
	va_end(ap);
	r->errors++;
}

static void
letters(char *out, int n)
{
	out[0] = (char)('A' + n - 1);
	out[1] = '\0';
}

static void
do_head(rstate *r, const op *o)
{
	char num[32] = "";
	dpa_head_kind k = o->head;
	if (k == DPA_HEAD_CLAUSE || k == DPA_HEAD_PART)
		r->suppress = r->o->annexes_only;
	else if (k == DPA_HEAD_ANNEX)
		r->suppress = false;
	if (k == DPA_HEAD_CLAUSE) {
		snprintf(num, sizeof num, "%d", ++r->clause_no);
		r->sub_no = 0;
	} else if (k == DPA_HEAD_ANNEX) {
		if (r->annex_no == 26) {
			rerr(r, o->loc, "more than 26 annexes");
			return;
		}
		letters(num, ++r->annex_no);
		r->sub_no = 0;
	} else if (k == DPA_HEAD_SECTION || k == DPA_HEAD_SUB) {
		if (r->top < 0 || r->reg[r->top].h.kind == DPA_HEAD_PART) {
			rerr(r, o->loc, "{{%s}} outside a clause or annex", k == DPA_HEAD_SUB ? "sub" : "section");
			return;
		}
		snprintf(num, sizeof num, "%s.%d", r->reg[r->top].h.number, ++r->sub_no);
	}
	if (o->id && r->pass == 1)
		for (size_t i = 0; i < r->nreg; i++)
			if (r->reg[i].h.id && strcmp(r->reg[i].h.id, o->id) == 0)
				rerr(r, o->loc, "id \"%s\" is already used at %s:%u:%u", o->id,
				    r->reg[i].loc.file, r->reg[i].loc.line, r->reg[i].loc.col);
	if (k != DPA_HEAD_SUB)
		out_blank_line(r);
	if (k == DPA_HEAD_FOOTER && r->nreg && r->reg[r->nreg - 1].h.kind == DPA_HEAD_FOOTER) {
		rerr(r, o->loc, "a second {{footer}}");
		return;
	}
	if (r->nreg == r->capreg) {
		r->capreg = r->capreg ? r->capreg * 2 : 64;
		r->reg = xrealloc(r->reg, r->capreg * sizeof *r->reg);
	}
	reg_ent *e = &r->reg[r->nreg];
	*e = (reg_ent){ .kept = !r->suppress, .loc = o->loc };
	e->h.kind = k;
	e->h.id = o->id;
	e->h.number = arena_strdup(r->strs, num);
	e->h.title = o->text;
	e->h.parent = (k == DPA_HEAD_SECTION || k == DPA_HEAD_SUB) ? r->top : -1;
	e->h.line = r->suppress ? 0 : r->line;
	if (k == DPA_HEAD_CLAUSE || k == DPA_HEAD_ANNEX || k == DPA_HEAD_PART)
		r->top = (int)r->nreg;
	r->nreg++;
	switch (k) {
	case DPA_HEAD_CLAUSE:
		out_puts(r, "## ");
		out_puts(r, num);
		out_puts(r, ". ");
		break;
	case DPA_HEAD_ANNEX:
		out_puts(r, "## ");
		out_puts(r, r->ls->annex);
		out_puts(r, " ");
		out_puts(r, num);
		out_puts(r, " – ");
		break;
	case DPA_HEAD_SECTION:
		out_puts(r, "### ");
		out_puts(r, num);
		out_puts(r, " ");
		break;
	case DPA_HEAD_PART:
		out_puts(r, "## ");
		break;
	case DPA_HEAD_SUB:
		out_puts(r, "**");
		out_puts(r, num);
		out_puts(r, ".** ");
		return;
	case DPA_HEAD_FOOTER:
	case DPA_HEAD_TOC:
		return;
	case DPA_HEAD__MAX:
		break;
	}
	out_put(r, o->text, o->len);
	out_puts(r, "\n\n");
}

static void
emit_entry_title(rstate *r, const reg_ent *e)
{
	if (e->h.kind == DPA_HEAD_CLAUSE)
		out_puts(r, arena_printf(r->tmp, "%s. %s", e->h.number, e->h.title));
	else if (e->h.kind == DPA_HEAD_ANNEX)
		out_puts(r, arena_printf(r->tmp, "%s %s – %s", r->ls->annex, e->h.number, e->h.title));
	else
		out_puts(r, e->h.title ? e->h.title : e->h.number);
}

static void
do_toc(rstate *r, const op *o)
{
	out_blank_line(r);
	size_t at = r->nreg, written = 0;
	do_head(r, o);	/* records where the list starts */
	const char *self = r->top >= 0 ? r->reg[r->top].h.id : NULL;
	for (size_t i = 0; r->pass == 2 && i < r->nknown; i++) {
		const reg_ent *e = &r->known[i];
		if (e->h.kind == DPA_HEAD_SECTION || e->h.kind == DPA_HEAD_SUB ||
		    e->h.kind == DPA_HEAD_FOOTER || e->h.kind == DPA_HEAD_TOC || !e->kept)
			continue;
		if (self && e->h.id && strcmp(self, e->h.id) == 0)
			continue;
		out_puts(r, "- [");
		emit_entry_title(r, e);
		out_puts(r, "](#");
		out_puts(r, e->h.id);
		out_puts(r, ")\n");
		written++;
	}
	/* An empty table of contents has no list: whatever block comes next
	 * (a template's own list) must not be taken for it (fuzz_tmpl: the
	 * PDF back-end read an empty item of that list as a TOC entry). */
	if (r->pass == 2 && !written && r->nreg > at)
		r->reg[at].h.line = 0;
	out_blank_line(r);
}

static void
do_ref(rstate *r, const op *o)
{
	if (r->pass == 1)
		return;
	const reg_ent *e = find_known(r, o->id);
	if (!e) {
		rerr(r, o->loc, "reference to \"%s\", which no clause, annex, section or part defines", o->id);
		return;
	}
	if (o->kind == OP_TITLE) {
		out_puts(r, e->h.title ? e->h.title : e->h.number);
		return;
	}
	if (!e->kept) {
		out_puts(r, e->h.number);
		return;
	}
	out_puts(r, "[");
	out_puts(r, e->h.number);
	out_puts(r, "](#");
	out_puts(r, o->id);
	out_puts(r, ")");
}

static void run(rstate *r, const op *o);

static void
do_each(rstate *r, const op *o)
{
	size_t es, n;
	const dpa_list *l = list_of(r, o, &es, &n);
	if (!n)
		return;
	/* @number, @first and @last count the items that pass "where". */
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (!item_passes(r, o, l, es, i))
			continue;
		int fi = r->nframes++;
		r->frames[fi] = (frame){ (const char *)l->v + i * es, k++, n };
		run(r, o->body);
		r->nframes--;
	}
}

static void
run(rstate *r, const op *o)
{
	for (; o; o = o->next) {
		if (r->over)
			return;
		if (++r->steps > MAX_STEPS || (r->pass == 1 ? r->dry_len : r->out->len) > MAX_OUTPUT) {
			r->over = true;
			if (r->steps > MAX_STEPS)
				rerr(r, o->loc, "the templates run more than %d steps (limit): includes or "
				    "{{#each}} repeat too much", MAX_STEPS);
			else
				rerr(r, o->loc, "the agreement is more than %d MiB of Markdown (limit): a "
				    "template repeats too much", MAX_OUTPUT / (1024 * 1024));
			return;
		}
		switch (o->kind) {
		case OP_TEXT:
			/* Pass 1 only numbers: text and values change no number,
			 * but a template that writes too much must still stop. */
			if (r->pass == 1)
				r->dry_len += r->suppress ? 0 : o->len;
			else
				out_put(r, o->text, o->len);
			break;
		case OP_VALUE:
			if (r->pass == 2)
				emit_value(r, o);
			break;
		case OP_IF:
			run(r, test_cond(r, o) ? o->body : o->alt);
			break;
		case OP_EACH:
			do_each(r, o);
			break;
		case OP_INCLUDE:
			run(r, o->inc->ops);
			break;
		case OP_HEAD:
		case OP_SUB:
			do_head(r, o);
			break;
		case OP_TOC:
			do_toc(r, o);
			break;
		case OP_FOOTER:
			r->suppress = false;
			r->top = -1;
			do_head(r, o);
			break;
		case OP_REF:
		case OP_TITLE:
			do_ref(r, o);
			break;
		}
	}
}

static void
render_pass(rstate *r, int pass, buf *out)
{
	r->pass = pass;
	r->out = out;
	r->nl = 2;
	r->spaces = 0;
	r->line = 1;
	r->suppress = false;
	r->clause_no = r->annex_no = r->sub_no = 0;
	r->top = -1;
	r->nreg = 0;
	r->nframes = 1;
	r->frames[0] = (frame){ r->m, 0, 1 };
	run(r, r->t->root->ops);
}

static const char *
meta_str(arena *a, const dpa_str *s)
{
	return s->h.set && s->s ? arena_strdup(a, s->s) : NULL;
}

static void
fill_meta(dpa_docmeta *meta, arena *a, const dpa_model *m, const char *fingerprint)
{
	meta->controller = meta_str(a, &m->controller.name);
	meta->processor = meta_str(a, &m->processor.name);
	meta->reference = meta_str(a, &m->agreement.reference);
	meta->version = meta_str(a, &m->agreement.version);
	meta->fingerprint = fingerprint ? arena_strdup(a, fingerprint) : NULL;
	if (m->agreement.date.h.set) {
		meta->year = m->agreement.date.y;
		meta->month = m->agreement.date.m;
		meta->day = m->agreement.date.d;
	}
}

int
tmpl_render(const dpa_tmpl *t, const dpa_model *m, const dpa_render_opts *o,
    dpa_rendered *out, dpa_diags *d)
{
	memset(out, 0, sizeof *out);
	out->lang = t->lang;
	arena tmp = {0};
	rstate r = { .t = t, .m = m, .o = o, .ls = lang_strings(t->lang), .d = d, .tmp = &tmp,
		.strs = &out->mem };
	r.doc.fingerprint = (dpa_str){ { { NULL, 0, 0 }, true }, o->fingerprint ? o->fingerprint : "", false };
	r.doc.generator = (dpa_str){ { { NULL, 0, 0 }, true }, "dpagen " DPAGEN_VERSION, false };
	r.doc.annexes_only = (dpa_int){ { { NULL, 0, 0 }, true }, o->annexes_only };

	buf scratch = {0};
	render_pass(&r, 1, &scratch);
	buf_free(&scratch);
	reg_ent *known = r.reg;
	r.known = known;
	r.nknown = r.nreg;
	r.reg = NULL;
	r.nreg = r.capreg = 0;
	if (!r.errors) {
		render_pass(&r, 2, &out->md);
		drop_optional_columns(&out->md);
	}
	if (!out->md.data)
		buf_puts(&out->md, "");

	fill_meta(&out->meta, &out->mem, m, o->fingerprint);
	out->nindex = r.nreg;
	out->index = arena_alloc(&out->mem, (r.nreg ? r.nreg : 1) * sizeof *out->index);
	/* The index owns its strings: it outlives the template set. */
	for (size_t i = 0; i < r.nreg; i++) {
		out->index[i] = r.reg[i].h;
		if (r.reg[i].h.id)
			out->index[i].id = arena_strdup(&out->mem, r.reg[i].h.id);
		if (r.reg[i].h.title)
			out->index[i].title = arena_strdup(&out->mem, r.reg[i].h.title);
	}
	free(r.reg);
	free(known);
	arena_free(&tmp);
	return r.errors ? -1 : 0;
}

/* The cells of a table line "| a | b |": their starts and ends in *c
 * (unescaped '|' separate them); the count, or 0 for no table line. */
enum { MAX_COLS = 64 };
typedef struct cell { const char *s, *e; } cell;

static size_t
table_cells(const char *line, const char *end, cell *c)
{
	if (line >= end || *line != '|')
		return 0;
	size_t n = 0;
	const char *s = line + 1;
	for (const char *p = s; p < end; p++) {
		if (*p == '\\' && p + 1 < end) {
			p++;
			continue;
		}
		if (*p == '|') {
			if (n == MAX_COLS)
				return 0;
			c[n++] = (cell){ s, p };
			s = p + 1;
		}
	}
	return n;
}

static bool
cell_blank(cell c)
{
	static const size_t m = sizeof DPA_MARK_ON - 1;
	for (const char *p = c.s; p < c.e; p++) {
		if (*p == ' ' || *p == '\t')
			continue;
		if ((size_t)(c.e - p) >= m && (memcmp(p, DPA_MARK_ON, m) == 0 || memcmp(p, DPA_MARK_OFF, m) == 0)) {
			p += m - 1;
			continue;
		}
		return false;
	}
	return true;
}

static bool
cell_optional(cell c)
{
	size_t m = sizeof MARK_OPTIONAL - 1;
	for (const char *p = c.s; p + m <= c.e; p++)
		if (memcmp(p, MARK_OPTIONAL, m) == 0)
			return true;
	return false;
}

/* Write a table line with the columns of keep[], the optional marks out. */
static void
put_row(buf *out, const cell *c, size_t n, const bool *keep)
{
	size_t m = sizeof MARK_OPTIONAL - 1;
	buf_putc(out, '|');
	for (size_t i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		for (const char *p = c[i].s; p < c[i].e; p++)
			if ((size_t)(c[i].e - p) >= m && memcmp(p, MARK_OPTIONAL, m) == 0)
				p += m - 1;
			else
				buf_putc(out, *p);
		buf_putc(out, '|');
	}
}

/* One table at *p (its header line): the columns marked {{optional}} whose
 * body cells are all empty are left out, in every output format alike,
 * before anything is parsed.  Lines are kept, so line numbers hold. */
static const char *
drop_columns(const char *p, const char *end, buf *out)
{
	cell head[MAX_COLS], row[MAX_COLS];
	const char *eol = memchr(p, '\n', (size_t)(end - p));
	const char *hend = eol ? eol : end;
	size_t n = table_cells(p, hend, head);
	bool keep[MAX_COLS];
	for (size_t i = 0; i < n; i++)
		keep[i] = !cell_optional(head[i]);
	/* Body rows start after the delimiter row. */
	const char *q = eol ? eol + 1 : end;
	const char *delim_end = memchr(q, '\n', (size_t)(end - q));
	const char *body = delim_end ? delim_end + 1 : end;
	for (const char *b = body; b < end && *b == '|';) {
		const char *be = memchr(b, '\n', (size_t)(end - b));
		if (!be)
			be = end;
		if (table_cells(b, be, row) == n)
			for (size_t i = 0; i < n; i++)
				keep[i] = keep[i] || !cell_blank(row[i]);
		b = be < end ? be + 1 : end;
	}
	/* Now write header, delimiter and body with the kept columns. */
	const char *line = p;
	while (line < end && (line == p || *line == '|')) {
		const char *le = memchr(line, '\n', (size_t)(end - line));
		if (!le)
			le = end;
		if (table_cells(line, le, row) == n)
			put_row(out, row, n, keep);
		else
			buf_put(out, line, (size_t)(le - line));
		if (le < end)
			buf_putc(out, '\n');
		line = le < end ? le + 1 : end;
	}
	return line;
}

static void
drop_optional_columns(buf *md)
{
	if (!md->data || !has_optional_mark(md->data, md->len))
		return;
	buf out = {0};
	const char *p = md->data, *end = md->data + md->len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;
		if (*p == '|' && has_optional_mark(p, (size_t)(le - p))) {
			p = drop_columns(p, end, &out);
			continue;
		}
		buf_put(&out, p, (size_t)(le - p) + (eol ? 1 : 0));
		p = eol ? eol + 1 : end;
	}
	buf_free(md);
	*md = out;
}

void
rendered_mark_draft(dpa_rendered *r, const char *ids)
{
	const dpa_lang_strings *ls = lang_strings(r->lang);
	buf md = {0};
	buf_printf(&md, "**%s.** %s %s.\n\n", ls->draft, ls->draft_why, ids);
	uint32_t lines = 2;
	const char *old = r->md.data ? r->md.data : "";
	/* The footer's fingerprint line says so too: after its last mention. */
	const char *fp = r->meta.fingerprint, *at = NULL;
	for (const char *p = old; fp && *fp && (p = strstr(p, fp)) != NULL; p++)
		at = p;
	const char *eol = at ? at + strcspn(at, "\n") : NULL;
	if (eol) {
		buf_put(&md, old, (size_t)(eol - old));
		buf_printf(&md, " · %s", ls->draft);
		buf_puts(&md, eol);
	} else {
		buf_puts(&md, old);
	}
	buf_free(&r->md);
	r->md = md;
	for (size_t i = 0; i < r->nindex; i++)
		if (r->index[i].line)
			r->index[i].line += lines;
	r->draft = true;
}

void
rendered_unmark(dpa_rendered *r)
{
	static const size_t mark = sizeof DPA_MARK_ON - 1;
	if (!r->md.data)
		return;
	char *w = r->md.data;
	const char *s = w, *end = w + r->md.len;
	/* Copy the runs between marks; a mark is EE 80 80 or EE 80 81, and the
	 * NUL after the text ends any partial match. */
	for (const char *p = s; (p = memchr(p, 0xEE, (size_t)(end - p))) != NULL;) {
		if (p[1] != DPA_MARK_ON[1] || (p[2] != DPA_MARK_ON[2] && p[2] != DPA_MARK_OFF[2])) {
			p++;
			continue;
		}
		memmove(w, s, (size_t)(p - s));
		w += p - s;
		s = p += mark;
	}
	memmove(w, s, (size_t)(end - s));
	w += end - s;
	r->md.len = (size_t)(w - r->md.data);
	*w = '\0';
}

void
rendered_free(dpa_rendered *r)
{
	buf_free(&r->md);
	arena_free(&r->mem);
	r->index = NULL;
	r->nindex = 0;
}

/* ---- outline ------------------------------------------------------------------ */

typedef struct outline {
	tmpl_outline_fn fn;
	void *ctx;
	int clause, annex, sub;
	char top[16];
} outline;

static void
walk_outline(outline *ol, const op *o)
{
	for (; o; o = o->next) {
		if (o->kind == OP_INCLUDE)
			walk_outline(ol, o->inc->ops);
		else if (o->kind == OP_IF || o->kind == OP_EACH) {
			/* Each branch counts from here; what follows counts on
			 * from the branch with more sub-clauses. */
			int from = ol->sub;
			walk_outline(ol, o->body);
			int body = ol->sub;
			ol->sub = from;
			walk_outline(ol, o->alt);
			if (body > ol->sub)
				ol->sub = body;
		} else if (o->kind == OP_HEAD) {
			char num[32] = "";
			if (o->head == DPA_HEAD_CLAUSE) {
				snprintf(ol->top, sizeof ol->top, "%d", ++ol->clause);
				snprintf(num, sizeof num, "%s", ol->top);
				ol->sub = 0;
			} else if (o->head == DPA_HEAD_ANNEX) {
				letters(ol->top, ++ol->annex);
				snprintf(num, sizeof num, "%s", ol->top);
				ol->sub = 0;
			} else if (o->head == DPA_HEAD_SECTION) {
				snprintf(num, sizeof num, "%s.%d", ol->top, ++ol->sub);
			}
			ol->fn(ol->ctx, o->head, num, o->id, o->text);
		} else if (o->kind == OP_SUB) {
			ol->sub++;
			if (o->id) {
				char num[48];
				snprintf(num, sizeof num, "%s.%d", ol->top, ol->sub);
				ol->fn(ol->ctx, DPA_HEAD_SUB, num, o->id, NULL);
			}
		}
	}
}

void
tmpl_outline(const dpa_tmpl *t, tmpl_outline_fn fn, void *ctx)
{
	outline ol = { .fn = fn, .ctx = ctx };
	walk_outline(&ol, t->root->ops);
}
