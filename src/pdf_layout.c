/* pdf_layout.c - fonts, measuring, line breaking and pagination for the
 * PDF back-end (see pdf_layout.h). */
#define _GNU_SOURCE /* glob, memfd_create */
#include "pdf_layout.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <glob.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "font_subset.h"
#include "hyph.h"

static const char *const face_suffix[FACE__MAX] = {
	"Regular",     /* FACE_REGULAR */
	"Bold",        /* FACE_BOLD */
	"Italic",      /* FACE_ITALIC */
	"BoldItalic",  /* FACE_BOLDITALIC */
};

#define DEFAULT_FONT_DIR "/usr/share/fonts/truetype/liberation2"

/* A4 in points, and the text area inside margins of about 25 mm. */
#define PAGE_W 595.276f
#define PAGE_H 841.89f

#define STR_(x) #x
#define STR(x) STR_(x)

static const char *
find_face(arena *a, const char *dir, int face)
{
	if (!dir)
		return arena_printf(a, "%s/LiberationSerif-%s.ttf", DEFAULT_FONT_DIR, face_suffix[face]);
	char *pattern = arena_printf(a, "%s/*-%s.ttf", dir, face_suffix[face]);
	glob_t g;
	const char *found = NULL;
	if (glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc > 0)
		found = arena_strdup(a, g.gl_pathv[0]);
	globfree(&g);
	return found;
}

static void
load_hyphenation(pdf_layout *l, const char *lang)
{
	l->hyph = hyph_dict(lang);
	l->hyph_latin1 = l->hyph && strncmp(l->hyph->cset, "UTF-8", 5) != 0;
}

int
pdf_layout_init(pdf_layout *l, HPDF_Doc pdf, const char *font_dir, const char *lang, dpa_diags *d)
{
	memset(l, 0, sizeof *l);
	l->pdf = pdf;
	load_hyphenation(l, lang);
	for (int f = 0; f < FACE__MAX; f++) {
		l->font_path[f] = find_face(&l->mem, font_dir, f);
		FILE *fp = l->font_path[f] ? fopen(l->font_path[f], "rb") : NULL;
		if (!fp) {
			diag_add(d, DPA_SEV_ERROR, (dpa_loc){ font_dir ? font_dir : DEFAULT_FONT_DIR, 0, 0 },
			    NULL, "no %s TrueType font (*-%s.ttf) to embed%s", face_suffix[f], face_suffix[f],
			    font_dir ? "" : " (install fonts-liberation2, or set DPAGEN_FONT_DIR)");
			return -1;
		}
		fclose(fp);
	}
	l->width = PAGE_W;
	l->height = PAGE_H;
	l->left = 72;
	l->right = PAGE_W - 72;
	l->top = PAGE_H - 78;
	l->bottom = 72;
	pdf_new_page(l);
	return 0;
}

void
pdf_layout_free(pdf_layout *l)
{
	for (size_t i = 0; i < l->npages; i++) {
		free(l->pages[i].v);
		free(l->pages[i].chars);
	}
	free(l->pages);
	for (int f = 0; f < FACE__MAX; f++)
		free(l->widths[f]);
	free(l->links);
	arena_free(&l->mem);
}

/* CP1252's 0x80-0x9F; the rest of its codes are Latin-1's. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

int
pdf_cp1252(int32_t cp)
{
	if ((cp >= 0x20 && cp < 0x80) || (cp >= 0xA0 && cp <= 0xFF) || cp == '\n')
		return cp;
	for (int i = 0; i < 32; i++)
		if (cp1252_high[i] && cp1252_high[i] == cp)
			return 0x80 + i;
	return -1;
}

/* ---- fonts ------------------------------------------------------------- */

/* Each face cut to the CP1252 repertoire (font_subset.h), once per process:
 * batch renders many documents with the same fonts. */
static struct cut {
	char *path;          /* the font file it was cut from */
	buf bytes;
	bool ok;
} cuts[FACE__MAX];
static pthread_mutex_t cuts_lock = PTHREAD_MUTEX_INITIALIZER;

static int
cut_file(const char *path, buf *out)
{
	/* CP1252's repertoire: printable ASCII and Latin-1, and the letters and
	 * punctuation of its 0x80-0x9F. */
	int32_t cps[96 + 96 + 32];
	size_t n = 0;
	for (int32_t c = 0x20; c <= 0xFF; c++)
		if (c < 0x7F || c >= 0xA0)
			cps[n++] = c;
	for (int i = 0; i < 32; i++)
		if (cp1252_high[i])
			cps[n++] = cp1252_high[i];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || st.st_size <= 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	char err[128];
	int rc = font_subset(map, (size_t)st.st_size, cps, n, out, err, sizeof err);
	munmap(map, (size_t)st.st_size);
	return rc;
}

/* A descriptor of an in-memory file holding the face cut from path, or -1
 * (the font cannot be cut, or no memfd): the caller closes it. */
static int
cut_font_fd(int face, const char *path)
{
	pthread_mutex_lock(&cuts_lock);
	struct cut *c = &cuts[face];
	if (!c->path || strcmp(c->path, path) != 0) {
		free(c->path);
		buf_reset(&c->bytes);
		c->path = xstrdup(path);
		c->ok = cut_file(path, &c->bytes) == 0;
	}
	int fd = c->ok ? memfd_create("dpagen-font", MFD_CLOEXEC) : -1;
	for (size_t done = 0; fd >= 0 && done < c->bytes.len;) {
		ssize_t k = write(fd, c->bytes.data + done, c->bytes.len - done);
		if (k <= 0) {
			close(fd);
			fd = -1;
		} else {
			done += (size_t)k;
		}
	}
	pthread_mutex_unlock(&cuts_lock);
	return fd;
}

/* Fonts are embedded only when used.  A document in WinAnsi fonts embeds
 * each face cut to CP1252, which libharu reads and copies in a fraction of
 * the time of the whole file; libharu opens it by name, so through
 * /proc/self/fd.  Anything that fails there embeds the file as it is. */
HPDF_Font
pdf_font(pdf_layout *l, int face)
{
	if (!l->font[face] && !l->failed) {
		const char *path = l->font_path[face];
		char proc[40];
		int fd = l->winansi ? cut_font_fd(face, path) : -1, probe = -1;
		if (fd >= 0) {
			snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
			if ((probe = open(proc, O_RDONLY | O_CLOEXEC)) >= 0)
				path = proc;
		}
		const char *name = HPDF_LoadTTFontFromFile(l->pdf, path, HPDF_TRUE);
		if (probe >= 0)
			close(probe);
		if (fd >= 0)
			close(fd);
		l->font[face] = name ? HPDF_GetFont(l->pdf, name, l->winansi ? "WinAnsiEncoding" : "UTF-8") : NULL;
		if (!l->font[face])
			l->failed = 1;
	}
	return l->font[face] ? l->font[face] : l->font[FACE_REGULAR];
}

/* The widths of a face's first WIDTH_CACHE code points, filled in as
 * asked for; NULL without memory for it (the layout stops). */
static int16_t *
width_cache(pdf_layout *l, int face)
{
	if (!l->widths[face]) {
		if (!(l->widths[face] = malloc(WIDTH_CACHE * sizeof *l->widths[face]))) {
			l->stop = l->stop ? l->stop : PDF_NO_MEMORY;
			return NULL;
		}
		for (int i = 0; i < WIDTH_CACHE; i++)
			l->widths[face][i] = -1;
	}
	return l->widths[face];
}

float
pdf_advance(pdf_layout *l, int face, float size, int32_t cp)
{
	int16_t *cache = cp < WIDTH_CACHE ? width_cache(l, face) : NULL;
	if (cache && cache[cp] >= 0)
		return cache[cp] * size / 1000.0f;
	HPDF_Font f = pdf_font(l, face);
	int w = f ? (int)HPDF_Font_GetUnicodeWidth(f, (HPDF_UNICODE)cp) : 500;
	if (cache)
		cache[cp] = (int16_t)w;
	return (float)w * size / 1000.0f;
}


bool
pdf_winansi_ok(const char *text, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	utf8proc_ssize_t n = (utf8proc_ssize_t)len;
	while (n > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, n, &cp);
		if (k <= 0)
			return false;
		/* The engine's and the redline's marks are never drawn; a tab is a space. */
		if (!(cp >= 0xE000 && cp <= 0xE006) && cp != '\t' && pdf_cp1252(cp) < 0)
			return false;
		p += k;
		n -= k;
	}
	return true;
}

void *
pdf_grow(pdf_layout *l, void *v, size_t *cap, size_t need, size_t elem, bool count)
{
	static const size_t limit = (size_t)PDF_MAX_LAYOUT_MIB << 20;
	if (l->stop)
		return NULL;
	if (need <= *cap)
		return v;
	size_t n = *cap > 8 ? *cap : 8;
	while (n < need && n <= SIZE_MAX / 4 / elem)
		n *= 2;
	if (n < need || n > SIZE_MAX / 2 / elem) {
		l->stop = PDF_NO_MEMORY;
		return NULL;
	}
	if (count && l->used + (n - *cap) * elem > limit) {
		l->stop = "the PDF layout needs more than " STR(PDF_MAX_LAYOUT_MIB) " MiB of memory (limit)";
		return NULL;
	}
	void *nv = realloc(v, n * elem);
	if (!nv) {
		l->stop = PDF_NO_MEMORY;
		return NULL;
	}
	if (count)
		l->used += (n - *cap) * elem;
	*cap = n;
	return nv;
}

/* A glyph that finds no room is dropped: the layout has stopped. */
static void
glyph_push(pdf_layout *l, glyphs *g, glyph x)
{
	if (g->n == g->cap) {
		glyph *nv = pdf_grow(l, g->v, &g->cap, g->n + 1, sizeof *nv, false);
		if (!nv)
			return;
		g->v = nv;
	}
	g->v[g->n++] = x;
}

void
glyphs_add(pdf_layout *l, glyphs *g, const char *s, int face, float size, uint8_t flags, int link)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
	while (len > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, len, &cp);
		if (n <= 0) {
			cp = 0xFFFD;
			n = 1;
		}
		p += n;
		len -= n;
		if (cp == 0xE000 || cp == 0xE001) {     /* the engine's review marks */
			g->mark = cp == 0xE000;
			continue;
		}
		if (cp >= 0xE003 && cp <= 0xE006) {     /* the redline's */
			g->rev = cp == 0xE003 ? GL_DEL : cp == 0xE005 ? GL_INS : 0;
			continue;
		}
		if (cp == '\t' || cp == '\r')
			cp = ' ';
		if (cp < 0x20 && cp != '\n')
			continue;
		if (cp > 0xFFFF)          /* the embedded font covers the BMP only */
			cp = '?';
		glyph x = { cp, (uint8_t)face, (uint8_t)(flags | (g->mark ? GL_MARK : 0) | g->rev), (int16_t)link,
			cp == '\n' ? 0 : pdf_advance(l, face, size, cp), size };
		glyph_push(l, g, x);
	}
}

float
glyphs_width(const glyphs *g, size_t from, size_t to)
{
	float w = 0;
	for (size_t i = from; i < to; i++)
		w += g->v[i].w;
	return w;
}

void
glyphs_free(glyphs *g)
{
	free(g->v);
	memset(g, 0, sizeof *g);
}

int
pdf_link(pdf_layout *l, int entry, const char *uri)
{
	if (l->nlinks == l->caplinks) {
		l->caplinks = l->caplinks ? l->caplinks * 2 : 32;
		l->links = xrealloc(l->links, l->caplinks * sizeof *l->links);
	}
	l->links[l->nlinks] = (plink){ entry, uri ? arena_strdup(&l->mem, uri) : NULL };
	return (int)l->nlinks++;
}

/* ---- pages --------------------------------------------------------------- */

ppage *
pdf_page(pdf_layout *l)
{
	return &l->pages[l->npages - 1];
}

void
pdf_new_page(pdf_layout *l)
{
	l->y = l->top;
	if (l->npages == PDF_MAX_PAGES && !l->stop)
		l->stop = "the PDF has more than " STR(PDF_MAX_PAGES) " pages (limit)";
	if (l->stop)
		return;
	if (l->npages == l->cappages) {
		ppage *nv = pdf_grow(l, l->pages, &l->cappages, l->npages + 1, sizeof *nv, true);
		if (!nv)
			return;
		l->pages = nv;
	}
	memset(&l->pages[l->npages++], 0, sizeof *l->pages);
}

bool
pdf_at_top(const pdf_layout *l)
{
	return l->y >= l->top;
}

void
pdf_need(pdf_layout *l, float h)
{
	if (l->y - h < l->bottom && !pdf_at_top(l))
		pdf_new_page(l);
}

pitem *
pdf_item(pdf_layout *l, pitem_kind kind)
{
	pitem *it = &l->scratch;
	ppage *p = l->stop ? NULL : pdf_page(l);
	if (p && p->n == p->cap) {
		pitem *nv = pdf_grow(l, p->v, &p->cap, p->n + 1, sizeof *nv, true);
		if (nv)
			p->v = nv;
		else
			p = NULL;
	}
	if (p)
		it = &p->v[p->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->link = -1;
	return it;
}

/* ---- lines ----------------------------------------------------------------- */

static bool
is_letter(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* Values are never hyphenated: a name, an address, a number, an e-mail
 * address.  The engine marks values only for --highlight, so a word
 * counts as one if it is marked, or starts with a capital (in Danish and
 * English prose, names do; a sentence's first word loses hyphenation, no
 * more), or holds a digit or an "@". */
static bool
is_value_word(const glyphs *g, size_t ws, size_t we)
{
	size_t i = ws;
	while (i < we && !is_letter(g->v[i].cp) && !(g->v[i].cp >= '0' && g->v[i].cp <= '9'))
		i++;
	if (i < we && utf8proc_get_property(g->v[i].cp)->category == UTF8PROC_CATEGORY_LU)
		return true;
	for (i = ws; i < we; i++)
		if ((g->v[i].flags & GL_MARK) || g->v[i].cp == '@' || (g->v[i].cp >= '0' && g->v[i].cp <= '9'))
			return true;
	return false;
}

/* Where the word [ws, we) may be broken: brk[i - ws] after glyph i.  After
 * a hyphen or slash already in the word; inside its letters where the
 * language's patterns allow, keeping two letters before a break and three
 * after.  Returns false when there is no such place. */
static bool
break_points(pdf_layout *l, const glyphs *g, size_t ws, size_t we, bool must, bool *brk)
{
	bool any = false;
	size_t cs = ws, ce = we;
	for (size_t i = ws; i < we; i++)
		if (g->v[i].cp == '@')
			return false;          /* an e-mail address is never broken */
	/* Two glyphs either side: "A/S" and "e-mail" stay whole. */
	for (size_t i = ws + 2; i + 3 <= we; i++)
		if (g->v[i].cp == '-' || g->v[i].cp == '/')
			any = brk[i - ws] = true;
	while (cs < ce && !is_letter(g->v[cs].cp))
		cs++;
	while (ce > cs && !is_letter(g->v[ce - 1].cp))
		ce--;
	if (!l->hyph || ce - cs < 5 || ce - cs > 100 ||
	    (!must && (l->no_hyphen || is_value_word(g, ws, we))))
		return any;
	char word[401];                    /* 100 letters of up to 4 bytes, and a NUL */
	size_t last_byte[100], nb = 0;
	for (size_t i = cs; i < ce; i++) {
		int32_t cp = utf8proc_tolower(g->v[i].cp);
		if (!is_letter(cp))
			return any;            /* not a plain word: only the hyphens */
		if (l->hyph_latin1) {
			if (cp > 0xFF)
				return any;
			word[nb++] = (char)cp;
		} else {
			nb += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)word + nb);
		}
		last_byte[i - cs] = nb - 1;
	}
	/* libhyphen looks for the dictionary's NOHYPHEN strings with strstr():
	 * without the NUL it read past the word (valgrind, hostile.sh). */
	word[nb] = '\0';
	char hyphens[405];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	if (hnj_hyphen_hyphenate2(l->hyph, word, (int)nb, hyphens, NULL, &rep, &pos, &cut) == 0)
		for (size_t i = cs + 1; i + 3 < ce; i++)
			if (hyphens[last_byte[i - cs]] & 1)
				any = brk[i - ws] = true;
	if (rep) {
		for (size_t i = 0; i < nb; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	return any;
}

/* The longest start of the word [ws, we) that fits in room, with the
 * hyphen it needs; 0 if none.  must: the word cannot stay whole (a value
 * or a table cell's word wider than the line is then hyphenated too). */
static size_t
hyphenate(pdf_layout *l, const glyphs *g, size_t ws, size_t we, float room, bool must,
    bool *add_hyphen)
{
	bool brk[256] = { false };
	if (we - ws > 256 || !break_points(l, g, ws, we, must, brk))
		return 0;
	float w = 0;
	size_t best = 0;
	for (size_t i = ws; i + 1 < we; i++) {
		w += g->v[i].w;
		bool own = g->v[i].cp == '-' || g->v[i].cp == '/';
		float hw = own ? 0 : pdf_advance(l, g->v[i].face, g->v[i].size, '-');
		if (w + hw > room)
			break;
		if (brk[i - ws]) {
			best = i + 1;
			*add_hyphen = !own;
		}
	}
	return best;
}

/* Whether the word around glyph at is an e-mail address (within 256
 * glyphs either way: a long word is not scanned whole for each line). */
static bool
in_address(const glyphs *g, size_t at)
{
	for (size_t i = at; i < g->n && i - at < 256 && g->v[i].cp != ' ' && g->v[i].cp != '\n'; i++)
		if (g->v[i].cp == '@')
			return true;
	for (size_t i = at; i > 0 && at - i < 256 && g->v[i - 1].cp != ' ' && g->v[i - 1].cp != '\n'; i--)
		if (g->v[i - 1].cp == '@')
			return true;
	return false;
}

/* A word wider than the line, from start, overflows at line->end after
 * w points: cut it there, or, between two letters, a little before with a
 * hyphen when there is room for one.  Digits and signs are cut as they
 * are: a hyphen in a number or an address would read as part of it. */
static void
cut_word(pdf_layout *l, const glyphs *g, size_t start, float width, float w, pdf_line *line)
{
	const glyph *v = g->v;
	size_t end = line->end;
	float hw = pdf_advance(l, v[end - 1].face, v[end - 1].size, '-');
	if (in_address(g, start))
		return;                 /* a hyphen would read as part of the address */
	while (end > start + 1 && w + hw > width)
		w -= v[--end].w;
	if (w + hw <= width && is_letter(v[end - 1].cp) && is_letter(v[end].cp)) {
		line->end = end;
		line->hyphen = true;
	}
}

size_t
pdf_break_lines(pdf_layout *l, const glyphs *g, float width, pdf_line_fn fn, void *arg)
{
	size_t start = 0, lines = 0, n = g->n;
	const glyph *v = g->v;
	int hyphens = 0;                /* lines in a row that end in a hyphen */
	while (start < n) {
		while (start < n && v[start].cp == ' ')
			start++;
		if (start >= n)
			break;
		float w = 0;
		size_t i = start, space = 0;
		while (i < n && v[i].cp != '\n') {
			if (v[i].cp == ' ')
				space = i;
			if (w + v[i].w > width && i > start)
				break;
			w += v[i].w;
			i++;
		}
		pdf_line line = { start, i, i >= n, i < n && v[i].cp == '\n', false };
		size_t next = line.hard ? i + 1 : i;
		if (!line.last && !line.hard) {
			/* The word that does not fit: hyphenate it, else break before it. */
			size_t ws = space > start ? space + 1 : start, we = i;
			/* (Past 256 glyphs hyphenate() gives up: a long word is not
			 * scanned to its end for each of its lines.) */
			while (we < n && we - ws <= 256 && v[we].cp != ' ' && v[we].cp != '\n')
				we++;
			/* At most two hyphenated lines in a row: the third breaks at a space. */
			/* A value wider than a whole line, alone on it, must break:
			 * where the patterns allow rather than anywhere (cut_word). */
			bool must = ws == start && glyphs_width(g, ws, we) > width;
			size_t cut = hyphens >= 2 && space > start ? 0 :
			    hyphenate(l, g, ws, we, width - glyphs_width(g, start, ws), must, &line.hyphen);
			if (cut > ws) {
				line.end = next = cut;
			} else if (space > start) {
				line.end = space;
				next = space + 1;
			} else {
				cut_word(l, g, start, width, w, &line);
				next = line.end;
			}
		}
		while (line.end > start && v[line.end - 1].cp == ' ')
			line.end--;
		line.last = line.last || (line.hard && next >= n);
		hyphens = line.hyphen || (line.end > start && v[line.end - 1].cp == '-') ? hyphens + 1 : 0;
		fn(arg, &line);
		lines++;
		start = next;
	}
	return lines;
}

/* One run of glyphs of one face, flags and link: its review mark behind
 * it, the text, and the link box over it; returns its width.  (No item
 * pointer is kept past the next pdf_item(): the page's array may move.) */
static float
text_item(pdf_layout *l, const glyphs *g, size_t from, size_t to, float x, float y, float size,
    float word_space)
{
	const glyph *first = &g->v[from];
	float w = glyphs_width(g, from, to);
	for (size_t i = from; i < to; i++)
		w += g->v[i].cp == ' ' ? word_space : 0;
	if (first->flags & GL_MARK)
		*pdf_item(l, PI_FILL) = (pitem){ .kind = PI_FILL, .x = x - 0.5f, .y = y - size * 0.22f,
			.w = w + 1, .h = size * 1.1f, .r = 1, .g = 0.94f, .b = 0.66f, .link = -1 };
	pitem *it = pdf_item(l, PI_TEXT);
	it->face = first->face;
	it->size = size;
	it->x = x;
	it->y = y;
	it->w = w;
	it->word_space = word_space;
	/* The text, in UTF-8, goes in its page's characters (unless the item
	 * is l->scratch). */
	ppage *p = l->stop ? NULL : pdf_page(l);
	char *chars = p ? pdf_grow(l, p->chars, &p->capchars, p->nchars + 4 * (to - from) + 1, 1, true) : NULL;
	if (chars) {
		p->chars = chars;
		it->text = p->nchars;
		for (size_t i = from; i < to; i++)
			p->nchars += (size_t)utf8proc_encode_char(g->v[i].cp, (utf8proc_uint8_t *)chars + p->nchars);
		chars[p->nchars++] = '\0';
	}
	/* A redline: deleted text red and struck through, inserted text green
	 * and underlined (the lines read in grey print too); links in the
	 * accent colour. */
	bool del = first->flags & GL_DEL, ins = first->flags & GL_INS;
	float rgb[3] = { del ? 0.69f : 0.04f, del ? 0.11f : 0.40f, del ? 0.11f : 0.18f };
	if (del || ins) {
		it->r = rgb[0];
		it->g = rgb[1];
		it->b = rgb[2];
		*pdf_item(l, PI_LINE) = (pitem){ .kind = PI_LINE, .x = x, .y = y + (del ? size * 0.3f : -size * 0.12f),
			.w = w, .h = 0, .r = rgb[0], .g = rgb[1], .b = rgb[2], .line_width = size * 0.055f, .link = -1 };
	} else if (first->link >= 0) {
		it->r = 0.11f;
		it->g = 0.25f;
		it->b = 0.43f;
	}
	if (first->link >= 0) {
		*pdf_item(l, PI_LINK) = (pitem){ .kind = PI_LINK, .x = x, .y = y - size * 0.22f,
			.w = w, .h = size * 1.1f, .link = first->link };
	}
	return w;
}

static bool
same_run(const glyph *a, const glyph *b)
{
	return a->face == b->face && a->flags == b->flags && a->link == b->link && a->size == b->size;
}

/* A line is drawn as runs of glyphs that share face, size, flags and link.
 * With WinAnsi fonts a run spans spaces and justification is the PDF's
 * word spacing (Tw applies to the single-byte space only): a line is
 * mostly one text item.  Unicode (CID) fonts get a run per word, placed. */
void
pdf_place_line(pdf_layout *l, const glyphs *g, const pdf_line *line, float x, float y,
    float width, bool justify)
{
	size_t start = line->start, end = line->end;
	if (start >= end)
		return;
	const glyph *tail = &g->v[end - 1];
	float size = tail->size;
	float hyphen = line->hyphen ? pdf_advance(l, tail->face, size, '-') : 0;
	float natural = glyphs_width(g, start, end) + hyphen, extra = 0;
	size_t spaces = 0;
	for (size_t i = start; i < end; i++)
		spaces += g->v[i].cp == ' ';
	/* Justify unless the gaps would gape (a line of a few long words). */
	if (justify && spaces && width > natural && (width - natural) / (float)spaces < size * 0.8f)
		extra = (width - natural) / (float)spaces;
	size_t i = start;
	while (i < end) {
		if (g->v[i].cp == ' ') {
			x += g->v[i].w + extra;
			i++;
			continue;
		}
		size_t j = i;
		while (j < end && (l->winansi || g->v[j].cp != ' ') && same_run(&g->v[j], &g->v[i]))
			j++;
		while (j > i + 1 && g->v[j - 1].cp == ' ')   /* spaces after a run: placed */
			j--;
		float ws = l->winansi ? extra : 0;
		x += text_item(l, g, i, j, x, y, g->v[i].size, ws);
		i = j;
	}
	if (line->hyphen) {
		glyphs h = {0};
		glyphs_add(l, &h, "-", tail->face, size, tail->flags, -1);
		text_item(l, &h, 0, h.n, x, y, size, 0);
		glyphs_free(&h);
	}
}

void
pdf_collect_line(void *arg, const pdf_line *line)
{
	pdf_lines *s = arg;
	if (s->n == s->cap) {
		pdf_line *nv = pdf_grow(s->l, s->v, &s->cap, s->n + 1, sizeof *nv, false);
		if (!nv)
			return;
		s->v = nv;
	}
	s->v[s->n++] = *line;
}

void
pdf_paragraph(pdf_layout *l, const glyphs *g, const pdf_para *p)
{
	pdf_lines s = { .l = l };
	pdf_break_lines(l, g, p->width, pdf_collect_line, &s);
	if (s.n == 0 && p->marker)
		pdf_collect_line(&s, &(pdf_line){ 0, 0, true, false, false });
	/* Never one line alone at the foot of a page (an orphan) or at the top
	 * of one (a widow): the first two lines go together, and so do the
	 * last two; a paragraph of three lines or fewer is not split.  A
	 * lead-in (keep_next) keeps its last lines with two of what follows. */
	size_t n = s.n;
	float keep = p->keep_next ? 2 * LEAD_NEXT : 0;
	pdf_need(l, (float)(n <= 3 ? n : 2) * p->lead + (n <= 3 ? keep : 0));
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && n >= 4 && i == n - 2)
			pdf_need(l, 2 * p->lead + keep);
		else if (i > 0)
			pdf_need(l, p->lead);
		float base = l->y - p->size;
		if (i == 0 && p->marker && p->marker->n)
			pdf_place_line(l, p->marker, &(pdf_line){ 0, p->marker->n, true, false, false },
			    p->marker_x, base, 0, false);
		pdf_place_line(l, g, &s.v[i], p->x, base, p->width,
		    p->justify && !s.v[i].last && !s.v[i].hard);
		l->y -= p->lead;
	}
	free(s.v);
}
