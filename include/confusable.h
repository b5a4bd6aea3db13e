/* confusable.h - look-alike letters, for `check` (issue 18).
 *
 * One Cyrillic "е" in "Privacy Shiеld" hid the name from the rules while
 * the PDF showed it; "Micrоsoft" with a Cyrillic "о" is another company.
 * ICU's spoof checker carries Unicode's confusables and script data
 * (UTS #39).  Linking ICU cost every process about 2 ms of its 3 (it
 * brings libstdc++ and 30 MB of data), so it is loaded with dlopen() by
 * the first text that needs it: one with a letter or digit beyond
 * Latin-1.  Danish and English configs have none, so neither render nor
 * check loads it for them.  Thread-safe.
 */
#ifndef DPAGEN_CONFUSABLE_H
#define DPAGEN_CONFUSABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* The form of s that check's text rules match, appended to out: letters
 * and digits of other scripts that look like Latin ones become those
 * (Cyrillic е -> e, Greek Ο -> O, fullwidth ａ -> a), combining marks
 * beyond Latin-1 are dropped, other spaces become ' ' and dashes '-'.
 * ASCII and Latin-1 (æ, ø, å) stay as they are.  Returns false, with out
 * untouched, when the form is s itself; also when ICU cannot be loaded
 * (then only spaces, dashes and marks would differ, and s is matched). */
bool confusable_fold(const char *s, buf *out);

/* Does name mix letters of several scripts in a way that can pass for
 * another name (ICU: beyond moderately restrictive, or a mixed-script
 * confusable)?  Returns 1 with a message in why ("mixes Latin and
 * Cyrillic letters: U+043E CYRILLIC SMALL LETTER O at character 5"), 0
 * if not, -1 with the reason in why if ICU cannot be loaded. */
int confusable_mixed(const char *name, char *why, size_t size);

#endif /* !DPAGEN_CONFUSABLE_H */
