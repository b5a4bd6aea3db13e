/* textguard.h - the characters a config value may hold (issue 18).
 *
 * What the signer sees must be what `check` read.  Characters that are not
 * drawn, or that reorder what is drawn, break that: a bidirectional
 * control makes "03" show as "30", a zero-width space hides "Privacy
 * Shield" from the rules.  The loader passes every text value through
 * textguard_value() once: such characters are load errors naming the
 * character, the soft hyphen is removed, the text is normalised to NFC,
 * and a Markdown value is parsed on its own (doc_check_value) so that it
 * can hold only what the field documents.  utf8proc only: no ICU here, the
 * loader runs for every render (confusable.h has the look-alikes).
 */
#ifndef DPAGEN_TEXTGUARD_H
#define DPAGEN_TEXTGUARD_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

typedef enum tg_class {
	TG_OK,          /* an ordinary character */
	TG_SOFT_HYPHEN, /* U+00AD: removed at load */
	TG_CONTROL,     /* C0 but tab and line feed, DEL, C1 */
	TG_BIDI,        /* U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C */
	TG_INVISIBLE,   /* zero-width (U+200B-200D, U+2060, U+FEFF) and every other
	                 * format or default-ignorable character */
	TG_SEPARATOR,   /* U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR */
	TG_MARK,        /* U+E000, U+E001: the engine's review marks (DPA_MARK_ON/OFF),
	                 * U+E003-U+E006: the redline's (DPA_DEL_ON ... DPA_INS_OFF);
	                 * refused in values, but textguard_class() leaves them TG_OK
	                 * for the back-ends, which read them in the rendered text */
} tg_class;

/* Is cp one of the engine's review marks, or the redline's?  The engine
 * drops review marks from a value it inserts, so a value holding one shows
 * other text than check read ("\uE001## 16." is a paragraph to the
 * loader, a clause heading in the agreement: found by fuzz_mdvalue); a
 * redline mark in a value would show words as deleted or inserted that
 * the diff did not find. */
static inline bool
textguard_is_mark(uint32_t cp)
{
	return cp == 0xE000 || cp == 0xE001 || (cp >= 0xE003 && cp <= 0xE006);
}

/* The class of code point cp. */
tg_class textguard_class(uint32_t cp);

/* "U+202E RIGHT-TO-LEFT OVERRIDE" (or "U+0600, a format character" for
 * one without a name in the table) into out; returns out. */
const char *textguard_describe(uint32_t cp, char *out, size_t size);

/* Why a character of class k is refused, for a message ("a bidirectional
 * control: it changes the order in which the text is shown"). */
const char *textguard_why(tg_class k);

/* Screen the value *s (NUL-terminated UTF-8) and normalise it.  Returns
 * NULL with *s replaced by the text to bind (NFC, soft hyphens removed;
 * the same pointer when nothing changes, else a copy in a), or the reason
 * the value is refused, allocated in a: the character and where in the
 * value it is ("U+200B ZERO WIDTH SPACE at column 8 of the value: ...").
 * markdown: the value is Markdown (DPA_T_MD) and is also checked as such. */
const char *textguard_value(arena *a, const char **s, bool markdown);

#endif /* !DPAGEN_TEXTGUARD_H */
