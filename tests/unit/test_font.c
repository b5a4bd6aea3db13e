/* test_font.c - the TrueType cutter: each Liberation Serif face cut to
 * CP1252 is a quarter of its size or less and reads back (cutting it again
 * gives the same bytes); damaged fonts (cut short, bytes overwritten, the
 * cases fuzz_font found) fail cleanly or cut and read back.  That the cut glyphs draw
 * as the system font's is checked on the PDF (tests/cli/pdf.sh). */
#include "helpers.h"

#include "font_subset.h"

#define DIR "/usr/share/fonts/truetype/liberation2/LiberationSerif-"

static int32_t cps[300];
static size_t ncps;

static void
repertoire(void)
{
	ncps = 0;
	for (int32_t c = 0x20; c < 0x100; c++)
		if (c < 0x7F || c >= 0xA0)
			cps[ncps++] = c;
	static const int32_t more[] = { 0x20AC, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017D, 0x2018, 0x2019, 0x201C, 0x201D,
		0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x017E, 0x0178 };
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
		cps[ncps++] = more[i];
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	buf b = {0};
	char err[128];
	if (read_file(path, 4 << 20, &b, err, sizeof err) != 0)
		fail_msg("%s: %s", path, err);
	*len = b.len;
	return (unsigned char *)buf_detach(&b);
}

static void
faces_cut_and_read_back(void **state)
{
	(void)state;
	repertoire();
	const char *faces[] = { "Regular", "Bold", "Italic", "BoldItalic" };
	for (size_t i = 0; i < 4; i++) {
		char path[128];
		snprintf(path, sizeof path, DIR "%s.ttf", faces[i]);
		size_t len;
		unsigned char *font = slurp(path, &len);
		buf out = {0}, again = {0};
		char err[128] = "";
		if (font_subset(font, len, cps, ncps, &out, err, sizeof err) != 0)
			fail_msg("%s: %s", path, err);
		assert_true(out.len > 10000 && out.len < len / 4);
		assert_int_equal(font_subset((unsigned char *)out.data, out.len, cps, ncps, &again, err,
		    sizeof err), 0);
		assert_int_equal(again.len, out.len);
		assert_memory_equal(again.data, out.data, out.len);
		buf_free(&out);
		buf_free(&again);
		free(font);
	}
}

/* Cut at len (0: whole) with byte patches {offset, value}, as fuzz_font. */
static int
cut_damaged(const unsigned char *font, size_t flen, size_t len, const unsigned *patch, size_t npatch)
{
	len = len && len < flen ? len : flen;
	unsigned char *copy = xmalloc(len);
	memcpy(copy, font, len);
	for (size_t i = 0; i + 1 < npatch; i += 2)
		copy[patch[i] % len] = (unsigned char)patch[i + 1];
	buf out = {0}, again = {0};
	char err[128];
	int rc = font_subset(copy, len, cps, ncps, &out, err, sizeof err);
	if (rc != 0)
		assert_true(err[0] != '\0');
	/* A cut that succeeds reads back, as fuzz_font asserts. */
	if (rc == 0) {
		if (font_subset((unsigned char *)out.data, out.len, cps, ncps, &again, err, sizeof err) != 0)
			fail_msg("the cut font does not read back: %s", err);
		assert_int_equal(again.len, out.len);
		assert_memory_equal(again.data, out.data, out.len);
	}
	buf_free(&out);
	buf_free(&again);
	free(copy);
	return rc;
}

static void
damaged_fonts(void **state)
{
	(void)state;
	repertoire();
	size_t len;
	unsigned char *font = slurp(DIR "Regular.ttf", &len);
	/* Cut short anywhere: the directory, the tables, the last glyph. */
	for (size_t n = 1; n < 600; n += 7)
		assert_int_equal(cut_damaged(font, len, n, NULL, 0), -1);
	for (size_t n = 600; n < len; n += 4099)
		cut_damaged(font, len, n, NULL, 0);
	/* fuzz_font: a cmap that maps a character past the last glyph. */
	const unsigned cmap_past_glyphs[] = { 0x7a0000, 0x40, 0x002b00, 0x2b };
	cut_damaged(font, len, 0, cmap_past_glyphs, 4);
	/* fuzz_font (review finding 18): a 'loca' byte left glyph 70 nine
	 * bytes long, taken for empty; padded in the cut, it read back as a
	 * composite cut short.  Refused now (tests/fuzz/corpus/font/loca-9). */
	const unsigned loca_byte[] = { 16427, 0xFF };
	assert_int_equal(cut_damaged(font, len, 0, loca_byte, 2), -1);
	/* Bytes overwritten here and there (a fixed sequence, so it repeats). */
	unsigned x = 12345;
	for (int round = 0; round < 300; round++) {
		unsigned patch[16];
		for (size_t i = 0; i < 16; i += 2) {
			x = x * 1103515245u + 12345u;
			patch[i] = round % 2 ? (x >> 8) % 2048 : x >> 4;   /* half in the directory */
			patch[i + 1] = x >> 24;
		}
		cut_damaged(font, len, 0, patch, 16);
	}
	free(font);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(faces_cut_and_read_back),
		cmocka_unit_test(damaged_fonts),
	};
	return cmocka_run_group_tests_name("font", tests, NULL, NULL);
}
