/* font_subset.h - a TrueType font cut down to the glyphs of a character
 * repertoire, before libharu embeds it.
 *
 * libharu's cost of embedding a font grows with the size of the font file
 * (it reads and copies every table, and the glyph names of 'post'), not
 * with the glyphs a document uses: for Liberation Serif that was a third
 * of a PDF's time (issue 8).  The cut font keeps glyph 0, the glyphs of
 * the repertoire and the parts of the composites among them, renumbered
 * in their order (with a new 'cmap' and 'hmtx'); the tables libharu does
 * not embed are left out, and 'post' keeps its header only (format 3: no
 * names).  A font with a damaged glyph among those is refused.
 * The cut font never leaves the process; the PDF embeds libharu's subset
 * of it as before.
 */
#ifndef DPAGEN_FONT_SUBSET_H
#define DPAGEN_FONT_SUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* The font in font[0..len) with only the glyphs of the code points cps
 * (found through its Unicode 'cmap') and glyph 0, appended to out.
 * Returns 0, or -1 with a message in err for a font it cannot read (the
 * caller embeds the file as it is). */
int font_subset(const unsigned char *font, size_t len, const int32_t *cps, size_t ncps, buf *out,
    char *err, size_t errlen);

#endif /* !DPAGEN_FONT_SUBSET_H */
