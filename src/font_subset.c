/* font_subset.c - TrueType glyph subsetting (see font_subset.h).  Every
 * read is bounds-checked: DPAGEN_FONT_DIR may name any file, and a font
 * this code cannot read is embedded as it is. */
#include "font_subset.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tables libharu embeds (hpdf_fontdef_tt.c: REQUIRED_TAGS), and
 * 'gasp'; in tag order, as the table directory must be. */
static const char *const kept_tags[] = {
	"OS/2", "cmap", "cvt ", "fpgm", "gasp", "glyf", "head", "hhea", "hmtx", "loca", "maxp",
	"name", "post", "prep",
};
enum { NKEPT = sizeof kept_tags / sizeof kept_tags[0] };

typedef struct table {
	const unsigned char *p;   /* NULL if the font has none */
	size_t len;
} table;

typedef struct font {
	const unsigned char *data;
	size_t len;
	table t[NKEPT];
	unsigned nglyphs, nmetrics;   /* maxp's glyphs, hhea's long metrics */
	bool long_loca;
	char *err;
	size_t errlen;
} font;

static int
fail(font *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->err, f->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static unsigned
u16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t
u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
put16(buf *b, unsigned v)
{
	unsigned char x[2] = { (unsigned char)(v >> 8), (unsigned char)v };
	buf_put(b, x, 2);
}

static void
put32(buf *b, uint32_t v)
{
	unsigned char x[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
		(unsigned char)(v >> 8), (unsigned char)v };
	buf_put(b, x, 4);
}

static void
set32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* The place of tag in kept_tags, or -1. */
static int
tag_index(const void *tag)
{
	for (int i = 0; i < NKEPT; i++)
		if (memcmp(kept_tags[i], tag, 4) == 0)
			return i;
	return -1;
}

static table *
find(font *f, const char *tag)
{
	int i = tag_index(tag);
	return i >= 0 ? &f->t[i] : NULL;
}

static int
read_directory(font *f)
{
	if (f->len < 12 || (u32(f->data) != 0x00010000 && memcmp(f->data, "true", 4) != 0))
		return fail(f, "not a TrueType font");
	unsigned n = u16(f->data + 4);
	if (12 + 16 * (size_t)n > f->len)
		return fail(f, "table directory past the end of the file");
	for (unsigned i = 0; i < n; i++) {
		const unsigned char *r = f->data + 12 + 16 * i;
		uint32_t off = u32(r + 8), len = u32(r + 12);
		int k = tag_index(r);
		table *t = k >= 0 ? &f->t[k] : NULL;
		if (!t)
			continue;
		if (off > f->len || len > f->len - off)
			return fail(f, "table %.4s past the end of the file", (const char *)r);
		t->p = f->data + off;
		t->len = len;
	}
	const char *need[] = { "head", "hhea", "maxp", "loca", "glyf", "cmap", "hmtx", "post" };
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if (!find(f, need[i])->p)
			return fail(f, "no '%s' table", need[i]);
	const table *head = find(f, "head"), *maxp = find(f, "maxp"), *loca = find(f, "loca"),
	    *hhea = find(f, "hhea"), *hmtx = find(f, "hmtx");
	if (!hhea->p || hhea->len < 36 || head->len < 54 || maxp->len < 6 || find(f, "post")->len < 32)
		return fail(f, "a short head, hhea, maxp or post table");
	f->long_loca = u16(head->p + 50) != 0;
	f->nglyphs = u16(maxp->p + 4);
	f->nmetrics = u16(hhea->p + 34);
	if (loca->len < ((size_t)f->nglyphs + 1) * (f->long_loca ? 4 : 2))
		return fail(f, "a short loca table");
	if (!f->nglyphs || !f->nmetrics || f->nmetrics > f->nglyphs ||
	    hmtx->len < 4 * (size_t)f->nmetrics + 2 * (size_t)(f->nglyphs - f->nmetrics))
		return fail(f, "a short hmtx table");
	return 0;
}

/* Glyph g's bytes in 'glyf': [*start, *end). */
static int
glyph_range(font *f, unsigned g, size_t *start, size_t *end)
{
	const table *loca = find(f, "loca"), *glyf = find(f, "glyf");
	if (f->long_loca) {
		*start = u32(loca->p + 4 * g);
		*end = u32(loca->p + 4 * g + 4);
	} else {
		*start = 2 * (size_t)u16(loca->p + 2 * g);
		*end = 2 * (size_t)u16(loca->p + 2 * g + 2);
	}
	if (*start > *end || *end > glyf->len)
		return fail(f, "glyph %u past the end of 'glyf'", g);
	return 0;
}

/* The glyph of code point cp in the cmap subtable of format 4 at sub
 * (sublen bytes), or 0. */
static unsigned
cmap4_lookup(const unsigned char *sub, size_t sublen, int32_t cp)
{
	if (cp < 0 || cp > 0xFFFF || sublen < 14)
		return 0;
	unsigned segs = u16(sub + 6) / 2;
	size_t ends = 14, starts = ends + 2 * (size_t)segs + 2, deltas = starts + 2 * (size_t)segs,
	    ranges = deltas + 2 * (size_t)segs;
	if (ranges + 2 * (size_t)segs > sublen)
		return 0;
	for (unsigned i = 0; i < segs; i++) {
		unsigned end = u16(sub + ends + 2 * i), start = u16(sub + starts + 2 * i);
		if ((unsigned)cp > end)
			continue;
		if ((unsigned)cp < start)
			return 0;
		unsigned delta = u16(sub + deltas + 2 * i), range = u16(sub + ranges + 2 * i);
		if (!range)
			return ((unsigned)cp + delta) & 0xFFFF;
		size_t at = ranges + 2 * (size_t)i + range + 2 * ((unsigned)cp - start);
		if (at + 2 > sublen)
			return 0;
		unsigned g = u16(sub + at);
		return g ? (g + delta) & 0xFFFF : 0;
	}
	return 0;
}

/* The Unicode BMP subtable (3,1) or (0,3) of format 4. */
static int
cmap4(font *f, const unsigned char **sub, size_t *sublen)
{
	const table *cmap = find(f, "cmap");
	if (cmap->len < 4)
		return fail(f, "a short cmap table");
	unsigned n = u16(cmap->p + 2);
	for (unsigned i = 0; i < n && 4 + 8 * (size_t)i + 8 <= cmap->len; i++) {
		const unsigned char *r = cmap->p + 4 + 8 * i;
		unsigned plat = u16(r), enc = u16(r + 2);
		uint32_t off = u32(r + 4);
		if (!((plat == 3 && enc == 1) || (plat == 0 && enc == 3)) || off + 4 > cmap->len)
			continue;
		if (u16(cmap->p + off) != 4)
			continue;
		size_t len = u16(cmap->p + off + 2);
		*sub = cmap->p + off;
		*sublen = len < cmap->len - off ? len : cmap->len - off;
		return 0;
	}
	return fail(f, "no Unicode cmap of format 4");
}

/* Mark glyph g, and the parts of a composite glyph (depth-limited: a
 * composite may not contain itself).  A glyph is empty or has its 10-byte
 * header, and a composite's parts end inside it: the cut pads each glyph
 * to 4 bytes, and a 9-byte glyph that was taken for an empty one became
 * a composite cut short when the cut font was read back (fuzz_font). */
static int
mark(font *f, unsigned char *used, unsigned g, int depth)
{
	if (g >= f->nglyphs || used[g])
		return 0;
	if (depth > 8)
		return fail(f, "composite glyphs nested too deep");
	used[g] = 1;
	size_t start, end;
	if (glyph_range(f, g, &start, &end) != 0)
		return -1;
	const unsigned char *p = find(f, "glyf")->p + start;
	size_t len = end - start;
	if (len == 0)
		return 0;
	if (len < 10)
		return fail(f, "glyph %u is shorter than its header", g);
	if ((int16_t)u16(p) >= 0)
		return 0;
	size_t at = 10;
	for (;;) {
		if (at + 4 > len)
			return fail(f, "composite glyph %u is cut short", g);
		unsigned flags = u16(p + at), part = u16(p + at + 2);
		if (mark(f, used, part, depth + 1) != 0)
			return -1;
		at += 4 + (flags & 0x0001 ? 4 : 2);
		at += flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0;
		if (at > len)
			return fail(f, "composite glyph %u is cut short", g);
		if (!(flags & 0x0020))
			return 0;
	}
}

static uint32_t
checksum(const unsigned char *p, size_t len)
{
	uint32_t sum = 0;
	size_t i = 0;
	for (; i + 4 <= len; i += 4)
		sum += u32(p + i);
	if (i < len) {
		unsigned char last[4] = { 0 };
		memcpy(last, p + i, len - i);
		sum += u32(last);
	}
	return sum;
}

/* The cut font's glyphs: old ids in order, and each old id's new one. */
typedef struct glyph_map {
	unsigned *old;          /* [n] */
	unsigned *new_id;       /* [nglyphs], 0 for a glyph left out */
	unsigned n;
} glyph_map;

/* A composite glyph's bytes with its parts renumbered. */
static int
renumber_parts(font *f, const glyph_map *gm, unsigned char *p, size_t len)
{
	if (len < 10 || (int16_t)u16(p) >= 0)
		return 0;
	for (size_t at = 10;;) {
		if (at + 4 > len)
			return fail(f, "a composite glyph is cut short");
		unsigned flags = u16(p + at), part = u16(p + at + 2);
		unsigned id = part < f->nglyphs ? gm->new_id[part] : 0;
		p[at + 2] = (unsigned char)(id >> 8);
		p[at + 3] = (unsigned char)id;
		at += 4 + (flags & 0x0001 ? 4 : 2);
		at += flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0;
		if (!(flags & 0x0020))
			return 0;
	}
}

/* The new 'glyf' and 'loca' (long offsets) of the kept glyphs. */
static int
cut_glyphs(font *f, const glyph_map *gm, buf *glyf, buf *loca)
{
	for (unsigned k = 0; k <= gm->n; k++) {
		put32(loca, (uint32_t)glyf->len);
		if (k == gm->n)
			break;
		size_t start, end, at = glyf->len;
		if (glyph_range(f, gm->old[k], &start, &end) != 0)
			return -1;
		buf_put(glyf, find(f, "glyf")->p + start, end - start);
		if (renumber_parts(f, gm, (unsigned char *)glyf->data + at, end - start) != 0)
			return -1;
		while (glyf->len % 4)
			buf_putc(glyf, 0);
	}
	return 0;
}

/* 'hmtx' with a long metric (advance, left side bearing) per kept glyph. */
static void
cut_metrics(font *f, const glyph_map *gm, buf *hmtx)
{
	const unsigned char *m = find(f, "hmtx")->p;
	for (unsigned k = 0; k < gm->n; k++) {
		unsigned g = gm->old[k], last = f->nmetrics - 1;
		put16(hmtx, u16(m + 4 * (g < f->nmetrics ? g : last)));
		put16(hmtx, g < f->nmetrics ? u16(m + 4 * g + 2) : u16(m + 4 * f->nmetrics + 2 * (g - f->nmetrics)));
	}
}

/* A cmap of one subtable (3,1) of format 4: each code point of cps that
 * has a glyph, runs of consecutive code points and glyphs as one segment. */
static void
cut_cmap(const glyph_map *gm, const int32_t *cps, const unsigned *gids, size_t n, buf *cmap)
{
	unsigned (*seg)[3] = xcalloc(n + 1, sizeof *seg);   /* start, end, first glyph */
	size_t nseg = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned cp = (unsigned)cps[i], g = gm->new_id[gids[i]];
		if (!g)
			continue;
		if (nseg && seg[nseg - 1][1] + 1 == cp && seg[nseg - 1][2] + (cp - seg[nseg - 1][0]) == g)
			seg[nseg - 1][1] = cp;
		else
			memcpy(seg[nseg++], ((unsigned[3]){ cp, cp, g }), sizeof *seg);
	}
	memcpy(seg[nseg++], ((unsigned[3]){ 0xFFFF, 0xFFFF, 0 }), sizeof *seg);  /* the required end */
	unsigned pow = 1, log = 0;
	while (pow * 2 <= nseg) {
		pow *= 2;
		log++;
	}
	put16(cmap, 0);                      /* version */
	put16(cmap, 1);                      /* one subtable: Windows, Unicode BMP */
	put16(cmap, 3);
	put16(cmap, 1);
	put32(cmap, 12);
	put16(cmap, 4);                      /* format 4 */
	put16(cmap, (unsigned)(16 + 8 * nseg));
	put16(cmap, 0);                      /* language */
	put16(cmap, (unsigned)(2 * nseg));
	put16(cmap, 2 * pow);
	put16(cmap, log);
	put16(cmap, (unsigned)(2 * nseg - 2 * pow));
	for (size_t i = 0; i < nseg; i++)
		put16(cmap, seg[i][1]);
	put16(cmap, 0);                      /* reservedPad */
	for (size_t i = 0; i < nseg; i++)
		put16(cmap, seg[i][0]);
	for (size_t i = 0; i < nseg; i++)   /* idDelta: glyph - code point, mod 65536 */
		put16(cmap, (seg[i][2] - seg[i][0]) & 0xFFFF);
	for (size_t i = 0; i < nseg; i++)
		put16(cmap, 0);                  /* idRangeOffset */
	free(seg);
}

/* Write the font: directory, then the tables in tag order, each padded
 * to 4 bytes, with checksums and head's checkSumAdjustment. */
static void
write_font(const table *repl, buf *out)
{
	size_t base = out->len;
	unsigned n = 0;
	for (int i = 0; i < NKEPT; i++)
		n += repl[i].p != NULL;
	unsigned pow = 1, log = 0;
	while (pow * 2 <= n) {
		pow *= 2;
		log++;
	}
	put32(out, 0x00010000);
	put16(out, n);
	put16(out, pow * 16);
	put16(out, log);
	put16(out, n * 16 - pow * 16);
	size_t off = 12 + 16 * (size_t)n, head_at = 0;
	for (int i = 0; i < NKEPT; i++) {
		if (!repl[i].p)
			continue;
		buf_put(out, kept_tags[i], 4);
		put32(out, checksum(repl[i].p, repl[i].len));
		put32(out, (uint32_t)off);
		put32(out, (uint32_t)repl[i].len);
		if (strcmp(kept_tags[i], "head") == 0)
			head_at = off;
		off += (repl[i].len + 3) & ~(size_t)3;
	}
	for (int i = 0; i < NKEPT; i++) {
		if (!repl[i].p)
			continue;
		buf_put(out, repl[i].p, repl[i].len);
		while ((out->len - base) % 4)
			buf_putc(out, 0);
	}
	/* head's checksum was taken with checkSumAdjustment as the source had
	 * it; the standard takes it as 0. */
	unsigned char *head = (unsigned char *)out->data + base + head_at;
	set32(head + 8, 0);
	for (unsigned i = 0; i < n; i++) {
		unsigned char *r = (unsigned char *)out->data + base + 12 + 16 * i;
		if (memcmp(r, "head", 4) == 0)
			set32(r + 4, checksum(head, repl[tag_index("head")].len));
	}
	set32(head + 8, 0xB1B0AFBAu - checksum((unsigned char *)out->data + base, out->len - base));
}

/* A copy of table tag with the 16-bit value at off set to v. */
static table
patched(font *f, const char *tag, size_t off, unsigned v, unsigned char *copy, size_t size)
{
	const table *t = find(f, tag);
	size_t n = t->len < size ? t->len : size;
	memcpy(copy, t->p, n);
	copy[off] = (unsigned char)(v >> 8);
	copy[off + 1] = (unsigned char)v;
	return (table){ copy, n };
}

static int
cmp_cp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

int
font_subset(const unsigned char *data, size_t len, const int32_t *cps_in, size_t ncps, buf *out,
    char *err, size_t errlen)
{
	font f = { .data = data, .len = len, .err = err, .errlen = errlen };
	const unsigned char *sub = NULL;
	size_t sublen = 0;
	if (read_directory(&f) != 0 || cmap4(&f, &sub, &sublen) != 0)
		return -1;
	int32_t *cps = xmalloc((ncps ? ncps : 1) * sizeof *cps);
	unsigned *gids = xmalloc((ncps ? ncps : 1) * sizeof *gids);
	unsigned char *used = xcalloc(f.nglyphs, 1);
	glyph_map gm = { xmalloc(f.nglyphs * sizeof *gm.old), xcalloc(f.nglyphs, sizeof *gm.new_id), 0 };
	memcpy(cps, cps_in, ncps * sizeof *cps);
	qsort(cps, ncps, sizeof *cps, cmp_cp);
	size_t uniq = 0;
	for (size_t i = 0; i < ncps; i++)
		if (!uniq || cps[i] != cps[uniq - 1])
			cps[uniq++] = cps[i];
	ncps = uniq;
	buf glyf = {0}, loca = {0}, hmtx = {0}, cmap = {0};
	int rc = mark(&f, used, 0, 0);
	for (size_t i = 0; rc == 0 && i < ncps; i++) {
		gids[i] = cmap4_lookup(sub, sublen, cps[i]);
		if (gids[i] >= f.nglyphs)   /* a cmap that points past the glyphs */
			gids[i] = 0;
		rc = mark(&f, used, gids[i], 0);
	}
	for (unsigned g = 0; rc == 0 && g < f.nglyphs; g++)
		if (used[g]) {
			gm.new_id[g] = gm.n;
			gm.old[gm.n++] = g;
		}
	if (rc == 0)
		rc = cut_glyphs(&f, &gm, &glyf, &loca);
	if (rc == 0) {
		table repl[NKEPT];
		unsigned char post[32], head[54], hhea[36], maxp[32];
		memcpy(repl, f.t, sizeof repl);
		cut_metrics(&f, &gm, &hmtx);
		cut_cmap(&gm, cps, gids, ncps, &cmap);
		memcpy(post, find(&f, "post")->p, sizeof post);
		set32(post, 0x00030000);   /* format 3: no glyph names */
		repl[tag_index("post")] = (table){ post, sizeof post };
		repl[tag_index("head")] = patched(&f, "head", 50, 1, head, sizeof head);  /* long loca */
		repl[tag_index("hhea")] = patched(&f, "hhea", 34, gm.n, hhea, sizeof hhea);
		repl[tag_index("maxp")] = patched(&f, "maxp", 4, gm.n, maxp, sizeof maxp);
		/* Empty glyphs only would leave glyf.data NULL: still a table. */
		repl[tag_index("glyf")] = (table){ (const unsigned char *)(glyf.data ? glyf.data : ""),
			glyf.len };
		repl[tag_index("loca")] = (table){ (const unsigned char *)loca.data, loca.len };
		repl[tag_index("hmtx")] = (table){ (const unsigned char *)hmtx.data, hmtx.len };
		repl[tag_index("cmap")] = (table){ (const unsigned char *)cmap.data, cmap.len };
		write_font(repl, out);
	}
	free(cps);
	free(gids);
	free(used);
	free(gm.old);
	free(gm.new_id);
	buf_free(&glyf);
	buf_free(&loca);
	buf_free(&hmtx);
	buf_free(&cmap);
	return rc;
}
