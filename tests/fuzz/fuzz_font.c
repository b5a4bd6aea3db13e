/* fuzz_font.c - the TrueType cutter (font_subset.c) on Liberation Serif
 * with damage: the input says where to cut the file short and which bytes
 * to overwrite, so the corpus needs no font of its own.  A cut that
 * succeeds must read back: cutting it again gives the same bytes.
 *
 * Input: LEN (4 bytes, big-endian: keep this many bytes of the font, 0 for
 * all) then patches of 4 bytes each: OFFSET (3 bytes, modulo the length)
 * and the byte to write there. */
#include "fuzz.h"

#include "font_subset.h"

#define FONT "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"

static unsigned char *font;
static size_t font_len;
static int32_t cps[256];
static size_t ncps;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	FILE *f = fopen(FONT, "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0 || (font_len = (size_t)ftell(f)) == 0)
		abort();
	rewind(f);
	font = malloc(font_len);
	if (!font || fread(font, 1, font_len, f) != font_len)
		abort();
	fclose(f);
	for (int32_t c = 0x20; c < 0x100; c++)
		if (c < 0x7F || c >= 0xA0)
			cps[ncps++] = c;
	cps[ncps++] = 0x2013;
	cps[ncps++] = 0x201E;
	cps[ncps++] = 0x1F600;    /* outside the cmap's plane */
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	size_t len = (size_t)data[0] << 24 | (size_t)data[1] << 16 | (size_t)data[2] << 8 | data[3];
	len = len && len < font_len ? len : font_len;
	unsigned char *copy = malloc(len);
	if (!copy)
		abort();
	memcpy(copy, font, len);
	for (size_t i = 4; i + 4 <= size; i += 4)
		copy[((size_t)data[i] << 16 | (size_t)data[i + 1] << 8 | data[i + 2]) % len] = data[i + 3];
	buf out = {0}, again = {0};
	char err[128];
	if (font_subset(copy, len, cps, ncps, &out, err, sizeof err) == 0) {
		if (font_subset((const unsigned char *)out.data, out.len, cps, ncps, &again, err, sizeof err) != 0 ||
		    again.len != out.len || memcmp(again.data, out.data, out.len) != 0)
			abort();
	}
	buf_free(&out);
	buf_free(&again);
	free(copy);
	return 0;
}
