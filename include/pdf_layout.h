/* pdf_layout.h - PDF layout for render_pdf.c: fonts and glyph widths,
 * line breaking with justification, and pagination into a display list.
 *
 * Layout never draws: it fills pages with positioned items, so that page
 * numbers (table of contents, "Page X of Y", link targets) are known
 * before anything is drawn.  A pdf_layout owns its pages and strings (its
 * arena); pdf_layout_free() releases them.  The HPDF_Doc is the caller's.
 */
#ifndef DPAGEN_PDF_LAYOUT_H
#define DPAGEN_PDF_LAYOUT_H

#include "hpdf_lazy.h"
#include <hyphen.h>

#include "diag.h"
#include "util.h"

enum { FACE_REGULAR, FACE_BOLD, FACE_ITALIC, FACE_BOLDITALIC, FACE__MAX };

enum {
	GL_MARK = 1,               /* glyph flag: a value from the config */
	GL_DEL = 2,                /* a redline's deleted text: struck through */
	GL_INS = 4,                /* its inserted text: underlined */
};

/* One character of inline text, measured. */
typedef struct glyph {
	int32_t cp;
	uint8_t face, flags;
	int16_t link;               /* index in the layout's links, or -1 */
	float w;                    /* advance at the run's size */
	float size;
} glyph;

typedef struct glyphs {
	glyph *v;
	size_t n, cap;
	bool mark;                  /* inside the engine's review marks */
	uint8_t rev;                /* inside the redline's: GL_DEL, GL_INS or 0 */
} glyphs;

typedef enum pitem_kind { PI_TEXT, PI_LINE, PI_FILL, PI_LINK, PI_PAGENUM } pitem_kind;

/* One thing on a page, in PDF points (origin bottom left). */
typedef struct pitem {
	pitem_kind kind;
	uint8_t face;
	float size;
	float x, y, w, h;           /* TEXT: baseline start; LINE: from (x,y) by (w,h); FILL, LINK: box;
	                             * PAGENUM: right end of the number's baseline, leader from x - w */
	float r, g, b;              /* TEXT, LINE, FILL colour */
	float line_width;           /* LINE */
	size_t text;                /* TEXT: where its UTF-8 starts in the page's chars */
	float word_space;           /* TEXT: extra advance of each space (justified) */
	int link;                   /* LINK, PAGENUM: index in the layout's links */
} pitem;

typedef struct ppage {
	pitem *v;
	size_t n, cap;
	char *chars;                /* the items' text, each NUL-terminated */
	size_t nchars, capchars;
} ppage;

/* A link target: an internal destination (an index entry) or a URI. */
typedef struct plink {
	int entry;                  /* index entry, or -1 */
	const char *uri;
} plink;

/* The layout's own bounds: a document that reaches one stops laying out
 * and render_pdf() fails with the message in stop (exit 2).  Memory is
 * what the display list holds (items and their text); the per-block
 * arrays (glyphs, lines) are checked for failure but not counted. */
#define PDF_MAX_PAGES 2000
#define PDF_MAX_LAYOUT_MIB 128
#define PDF_NO_MEMORY "out of memory laying out the PDF"

typedef struct pdf_layout {
	HPDF_Doc pdf;
	HPDF_Font font[FACE__MAX];
	const char *font_path[FACE__MAX];
	int16_t *widths[FACE__MAX]; /* per code point below WIDTH_CACHE, -1 unknown */
	arena mem;
	ppage *pages;
	size_t npages, cappages;
	float width, height;        /* page */
	float left, right, top, bottom;   /* the text area */
	float y;                    /* next baseline's top: the text area's cursor */
	plink *links;
	size_t nlinks, caplinks;
	int failed;                 /* a font could not be loaded */
	HyphenDict *hyph;           /* the language's patterns (shared, read-only), or NULL */
	bool winansi;               /* simple fonts in WinAnsiEncoding (see pdf_winansi_ok) */
	bool hyph_latin1;           /* the dictionary is ISO 8859-1, not UTF-8 */
	bool no_hyphen;             /* while set, words break only at their own hyphens */
	size_t used;                /* bytes of the display list */
	const char *stop;           /* why the layout stopped (a limit, no memory), or NULL */
	pitem scratch;              /* where items go once stopped */
} pdf_layout;

enum { WIDTH_CACHE = 0x2600 };

/* Set up A4 pages with the fonts in dir (NULL: Liberation Serif from
 * fonts-liberation2) and hyphenation for lang ("da", "en", built in:
 * hyph.h).  Returns 0, or -1 with a message in d. */
int pdf_layout_init(pdf_layout *l, HPDF_Doc pdf, const char *font_dir, const char *lang,
    dpa_diags *d);
void pdf_layout_free(pdf_layout *l);

/* Whether text can use simple TrueType fonts in WinAnsiEncoding (CP1252)
 * instead of Unicode CID fonts: true when every character of text has a
 * CP1252 code, as Danish and English agreements do (æøå, „“, –, §, €).
 * Such fonts embed in about half the time (libharu builds a 65,536-entry
 * glyph map for each CID font) and extract correctly.  Set l->winansi
 * before the first font is used. */
bool pdf_winansi_ok(const char *text, size_t len);

/* The CP1252 code of cp, or -1. */
int pdf_cp1252(int32_t cp);

/* The font of a face, loaded on first use. */
HPDF_Font pdf_font(pdf_layout *l, int face);

/* Advance of cp in face at size, in points. */
float pdf_advance(pdf_layout *l, int face, float size, int32_t cp);

/* Append UTF-8 text to g in face at size. */
void glyphs_add(pdf_layout *l, glyphs *g, const char *s, int face, float size, uint8_t flags, int link);
float glyphs_width(const glyphs *g, size_t from, size_t to);
void glyphs_free(glyphs *g);

/* Links: an index entry (>= 0) or a URI; returns its number. */
int pdf_link(pdf_layout *l, int entry, const char *uri);

/* Room for need elements of elem bytes in the array v of *cap: v, or v
 * grown (doubling), or NULL (v untouched) once the layout has stopped or
 * when growing it stops the layout: memory ran out, or, when count, the
 * display list would pass its limit. */
void *pdf_grow(pdf_layout *l, void *v, size_t *cap, size_t need, size_t elem, bool count);

/* Pages.  Once the layout has stopped, a new page only moves the cursor
 * back to the top and items go to l->scratch: a runaway document costs
 * time in proportion to its text, no more memory. */
ppage *pdf_page(pdf_layout *l);          /* the current page */
void pdf_new_page(pdf_layout *l);
/* Start a new page unless h points fit below the cursor (or it is at the top). */
void pdf_need(pdf_layout *l, float h);
bool pdf_at_top(const pdf_layout *l);
pitem *pdf_item(pdf_layout *l, pitem_kind kind);

/* A block of text broken into lines of width from x; lead is the distance
 * between baselines.  Justified lines but the last when justify.  A marker
 * (a list bullet, a clause number) is set at marker_x on the first line.
 * Lines that do not fit go on to the next page, never one alone: not the
 * first line at a page's foot nor the last at its top. */
#define LEAD_NEXT 14.4f         /* a line of what follows a lead-in */
typedef struct pdf_para {
	float x, width, lead, size;
	bool justify;
	bool keep_next;             /* a lead-in ("... as follows:"): kept with what follows */
	const glyphs *marker;
	float marker_x;
} pdf_para;

void pdf_paragraph(pdf_layout *l, const glyphs *g, const pdf_para *p);

/* A line: glyphs [start, end), the last of its block, ended by a hard
 * break, or by a hyphen the line adds after end. */
typedef struct pdf_line {
	size_t start, end;
	bool last, hard, hyphen;
} pdf_line;

/* Break g into lines of width, at spaces, else at a hyphenation point,
 * else inside a word too wide for a line.  Calls fn for each line;
 * returns the number of lines. */
typedef void (*pdf_line_fn)(void *arg, const pdf_line *line);
size_t pdf_break_lines(pdf_layout *l, const glyphs *g, float width, pdf_line_fn fn, void *arg);

/* Lines collected by pdf_collect_line() (a pdf_line_fn); a line that
 * finds no room is dropped: the layout has stopped.  free(v) when done. */
typedef struct pdf_lines {
	pdf_layout *l;
	pdf_line *v;
	size_t n, cap;
} pdf_lines;

void pdf_collect_line(void *arg, const pdf_line *line);

/* Put a line on the current page at baseline (x, y), spread to width
 * when justify (else width is ignored). */
void pdf_place_line(pdf_layout *l, const glyphs *g, const pdf_line *line, float x, float y,
    float width, bool justify);

#endif /* !DPAGEN_PDF_LAYOUT_H */
