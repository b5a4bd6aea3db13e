/* textguard.c - screening and normalising config text (see textguard.h). */
#include "textguard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "doc.h"

static bool
is_bidi(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

tg_class
textguard_class(uint32_t cp)
{
	if (cp < 0x80)
		return cp < 0x20 && cp != '\t' && cp != '\n' ? TG_CONTROL : cp == 0x7F ? TG_CONTROL : TG_OK;
	if (cp <= 0x9F)
		return TG_CONTROL;
	if (cp == 0xAD)
		return TG_SOFT_HYPHEN;
	if (cp < 0x300)
		return TG_OK;    /* Latin-1 and Latin Extended: no format character */
	if (is_bidi(cp))
		return TG_BIDI;
	if (cp == 0x2028 || cp == 0x2029)
		return TG_SEPARATOR;
	/* Zero-width characters, the BOM, variation selectors, tags, fillers:
	 * every format character and every default-ignorable code point (not
	 * drawn, or drawn as nothing). */
	const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
	if (p->category == UTF8PROC_CATEGORY_CF || p->ignorable)
		return TG_INVISIBLE;
	return TG_OK;
}

/* Names of the refused characters a user is likely to meet (the bidi and
 * zero-width ones by the review's findings), from UnicodeData.txt. */
static const struct { uint32_t cp; const char *name; } names[] = {
	{ 0x00AD, "SOFT HYPHEN" },
	{ 0x034F, "COMBINING GRAPHEME JOINER" },
	{ 0x061C, "ARABIC LETTER MARK" },
	{ 0x115F, "HANGUL CHOSEONG FILLER" },
	{ 0x1160, "HANGUL JUNGSEONG FILLER" },
	{ 0x17B4, "KHMER VOWEL INHERENT AQ" },
	{ 0x17B5, "KHMER VOWEL INHERENT AA" },
	{ 0x180E, "MONGOLIAN VOWEL SEPARATOR" },
	{ 0x200B, "ZERO WIDTH SPACE" },
	{ 0x200C, "ZERO WIDTH NON-JOINER" },
	{ 0x200D, "ZERO WIDTH JOINER" },
	{ 0x200E, "LEFT-TO-RIGHT MARK" },
	{ 0x200F, "RIGHT-TO-LEFT MARK" },
	{ 0x2028, "LINE SEPARATOR" },
	{ 0x2029, "PARAGRAPH SEPARATOR" },
	{ 0x202A, "LEFT-TO-RIGHT EMBEDDING" },
	{ 0x202B, "RIGHT-TO-LEFT EMBEDDING" },
	{ 0x202C, "POP DIRECTIONAL FORMATTING" },
	{ 0x202D, "LEFT-TO-RIGHT OVERRIDE" },
	{ 0x202E, "RIGHT-TO-LEFT OVERRIDE" },
	{ 0x2060, "WORD JOINER" },
	{ 0x2061, "FUNCTION APPLICATION" },
	{ 0x2062, "INVISIBLE TIMES" },
	{ 0x2063, "INVISIBLE SEPARATOR" },
	{ 0x2064, "INVISIBLE PLUS" },
	{ 0x2066, "LEFT-TO-RIGHT ISOLATE" },
	{ 0x2067, "RIGHT-TO-LEFT ISOLATE" },
	{ 0x2068, "FIRST STRONG ISOLATE" },
	{ 0x2069, "POP DIRECTIONAL ISOLATE" },
	{ 0x3164, "HANGUL FILLER" },
	{ 0xFEFF, "ZERO WIDTH NO-BREAK SPACE (byte order mark)" },
	{ 0xFFA0, "HALFWIDTH HANGUL FILLER" },
	{ 0xFFF9, "INTERLINEAR ANNOTATION ANCHOR" },
	{ 0xFFFA, "INTERLINEAR ANNOTATION SEPARATOR" },
	{ 0xFFFB, "INTERLINEAR ANNOTATION TERMINATOR" },
	{ 0xE0001, "LANGUAGE TAG" },
	{ 0xE007F, "CANCEL TAG" },
};

const char *
textguard_describe(uint32_t cp, char *out, size_t size)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].cp == cp) {
			snprintf(out, size, "U+%04X %s", (unsigned)cp, names[i].name);
			return out;
		}
	if (cp >= 0xFE00 && cp <= 0xFE0F)
		snprintf(out, size, "U+%04X VARIATION SELECTOR-%u", (unsigned)cp, (unsigned)(cp - 0xFE00 + 1));
	else if (cp >= 0xE0100 && cp <= 0xE01EF)
		snprintf(out, size, "U+%04X VARIATION SELECTOR-%u", (unsigned)cp, (unsigned)(cp - 0xE0100 + 17));
	else if (cp >= 0xE0020 && cp < 0xE007F)
		snprintf(out, size, "U+%04X TAG '%c'", (unsigned)cp, (char)(cp - 0xE0000));
	else if (textguard_is_mark(cp))
		snprintf(out, size, "U+%04X, a private-use character", (unsigned)cp);
	else if (textguard_class(cp) == TG_CONTROL)
		snprintf(out, size, "U+%04X, a control character", (unsigned)cp);
	else
		snprintf(out, size, "U+%04X, a format character", (unsigned)cp);
	return out;
}

const char *
textguard_why(tg_class k)
{
	switch (k) {
	case TG_CONTROL:
		return "a control character; a config holds text";
	case TG_BIDI:
		return "a bidirectional control changes the order in which the text is shown, so a "
		    "reader can see other words or digits than check read; remove it";
	case TG_INVISIBLE:
		return "an invisible character can hide a word from check while the agreement shows "
		    "it; remove it";
	case TG_SEPARATOR:
		return "a Unicode line or paragraph separator; use a line break";
	case TG_MARK:
		return "a private-use character dpagen uses to mark values for review or changes in a "
		    "redline; remove it";
	case TG_OK:
	case TG_SOFT_HYPHEN:
		break;
	}
	return "";
}

/* The first refused character of s, its class in *k and its place (line
 * and column of the value, 1-based, columns in code points); 0 if none,
 * -1 if s is not UTF-8.  *shy counts the soft hyphens met, *top is the
 * highest code point. */
static int
first_refused(const char *s, uint32_t *cp_out, tg_class *k, uint32_t *line, uint32_t *col,
    size_t *shy, uint32_t *top)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	*line = 1;
	*col = 1;
	*shy = 0;
	*top = 0;
	for (;;) {
		/* Printable ASCII, most of any value, in a tight loop. */
		const utf8proc_uint8_t *run = p;
		while (*p >= 0x20 && *p < 0x7F)
			p++;
		*col += (uint32_t)(p - run);
		if (!*p)
			break;
		utf8proc_int32_t cp = *p;
		utf8proc_ssize_t n = 1;
		if (cp == 0xC3 && (p[1] & 0xC0) == 0x80) {
			/* U+00C0-00FF, the Latin-1 letters (æ, ø, å): always fine,
			 * and most of a Danish value's non-ASCII text. */
			cp = 0xC0 | (p[1] & 0x3F);
			n = 2;
		} else if (cp >= 0x80 && (n = utf8proc_iterate(p, -1, &cp)) < 0) {
			return -1;
		}
		tg_class c = textguard_is_mark((uint32_t)cp) ? TG_MARK : textguard_class((uint32_t)cp);
		if ((uint32_t)cp > *top)
			*top = (uint32_t)cp;
		if (c == TG_SOFT_HYPHEN) {
			(*shy)++;
		} else if (c != TG_OK) {
			*cp_out = (uint32_t)cp;
			*k = c;
			return 1;
		}
		if (cp == '\n') {
			(*line)++;
			*col = 0;
		}
		(*col)++;
		p += n;
	}
	return 0;
}

/* s without soft hyphens (shy of them), in NFC: s itself when that is
 * the same, else a copy in a. */
static const char *
normalise(arena *a, const char *s, size_t shy)
{
	buf plain = {0};
	for (const char *p = s; shy && *p;) {
		if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xAD)
			p += 2;
		else
			buf_putc(&plain, *p++);
	}
	const char *from = shy ? (plain.data ? plain.data : "") : s;
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)from, 0, &nfc,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n == UTF8PROC_ERROR_NOMEM)
		dpa_oom();
	/* from was read as UTF-8 before: no other error can come. */
	const char *out = s;
	if (n >= 0 && strcmp((const char *)nfc, s) != 0)
		out = arena_strndup(a, (const char *)nfc, (size_t)n);
	else if (n < 0 && shy)
		out = arena_strdup(a, from);
	free(nfc);
	buf_free(&plain);
	return out;
}

const char *
textguard_value(arena *a, const char **s, bool markdown)
{
	const char *v = *s;
	uint32_t cp = 0, line, col, top;
	tg_class k = TG_OK;
	size_t shy;
	int r = first_refused(v, &cp, &k, &line, &col, &shy, &top);
	if (r < 0)
		return "a byte that is not UTF-8; a config holds UTF-8 text";
	if (r > 0) {
		char what[80], at[48] = "";
		if (line > 1)
			snprintf(at, sizeof at, "line %u, ", (unsigned)line);
		return arena_printf(a, "%s at %scolumn %u of the value: %s",
		    textguard_describe(cp, what, sizeof what), at, (unsigned)col, textguard_why(k));
	}
	/* Below U+0300 (ASCII, Latin-1, Latin Extended: Danish) every
	 * character is NFC as it stands: no utf8proc_map for most values. */
	if (shy || top >= 0x300)
		v = normalise(a, v, shy);
	if (markdown) {
		char why[256];
		if (doc_check_value(v, strlen(v), why, sizeof why) != 0)
			return arena_strdup(a, why);
	}
	*s = v;
	return NULL;
}
