/* confusable.c - look-alike letters with ICU's spoof checker, loaded
 * with dlopen() when first needed (see confusable.h). */
#include "confusable.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <utf8proc.h>

/* The ICU the headers describe: its functions' names carry its version
 * ("uspoof_open_72"), which the headers' macros add. */
#define ICU_SONAME "libicui18n.so." U_ICU_VERSION_SHORT
#define ICU_NAME2(f) #f
#define ICU_NAME(f) ICU_NAME2(f)

#define ICU_FUNCS(X) \
	X(uspoof_open) X(uspoof_setChecks) X(uspoof_setRestrictionLevel) \
	X(uspoof_getSkeletonUTF8) X(uspoof_check2UTF8) X(uscript_getScript) X(uscript_getName) \
	X(u_charName)

enum { NASCII = 62 };   /* A-Z, a-z, 0-9 */

static struct {
#define ICU_MEMBER(f) __typeof__(f) *p_##f;
	ICU_FUNCS(ICU_MEMBER)
#undef ICU_MEMBER
	USpoofChecker *sc;          /* configured once, then only read */
	char skel[NASCII][8];       /* skeleton of each of ascii_chars */
} icu;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[256];

static const char ascii_chars[NASCII + 1] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "function pointers fit void *");

/* Never closed: the table is used until the process ends. */
static void
load(void)
{
	void *lib = dlopen(ICU_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		snprintf(load_error, sizeof load_error, "%s", dlerror());
		return;
	}
	void *sym;
#define ICU_LOAD(f) \
	if (!(sym = dlsym(lib, ICU_NAME(f)))) { \
		snprintf(load_error, sizeof load_error, ICU_SONAME " has no %s", ICU_NAME(f)); \
		return; \
	} \
	memcpy(&icu.p_##f, &sym, sizeof sym);
	ICU_FUNCS(ICU_LOAD)
#undef ICU_LOAD
	UErrorCode st = U_ZERO_ERROR;
	USpoofChecker *sc = icu.p_uspoof_open(&st);
	icu.p_uspoof_setChecks(sc, USPOOF_RESTRICTION_LEVEL | USPOOF_MIXED_SCRIPT_CONFUSABLE, &st);
	if (U_SUCCESS(st))
		icu.p_uspoof_setRestrictionLevel(sc, USPOOF_MODERATELY_RESTRICTIVE);
	for (int i = 0; i < NASCII && U_SUCCESS(st); i++) {
		char in[2] = { ascii_chars[i], '\0' };
		icu.p_uspoof_getSkeletonUTF8(sc, 0, in, 1, icu.skel[i], sizeof icu.skel[i], &st);
	}
	if (U_FAILURE(st)) {
		snprintf(load_error, sizeof load_error, "ICU's spoof checker failed (error %d)", (int)st);
		return;
	}
	icu.sc = sc;
}

static bool
icu_ready(void)
{
	pthread_once(&once, load);
	return icu.sc != NULL;
}

static bool
all_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* The ASCII letter or digit whose skeleton is sk, into out: of those
 * that share it ("l", "I" and "1" all have "l"), one of the source's kind
 * first (an upper-case letter for an upper-case one, a digit for a digit);
 * else sk itself when it is short ASCII.  False if sk is not ASCII. */
static bool
pick(const char *sk, utf8proc_category_t cat, char out[8])
{
	if (!*sk || !all_ascii(sk))
		return false;
	/* Offsets into ascii_chars: upper case at 0, lower at 26, digits at 52. */
	static const int upper[3] = { 0, 26, 52 }, lower[3] = { 26, 0, 52 }, digit[3] = { 52, 26, 0 };
	const int *order = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT ? upper :
	    cat == UTF8PROC_CATEGORY_ND || cat == UTF8PROC_CATEGORY_NL || cat == UTF8PROC_CATEGORY_NO ?
	    digit : lower;
	for (int k = 0; k < 3; k++)
		for (int i = order[k]; i < order[k] + (order[k] == 52 ? 10 : 26); i++)
			if (strcmp(sk, icu.skel[i]) == 0) {
				snprintf(out, 8, "%c", ascii_chars[i]);
				return true;
			}
	if (strlen(sk) >= 8)
		return false;
	snprintf(out, 8, "%s", sk);
	return true;
}

/* ICU's skeleton of code point cp after the utf8proc options, into sk. */
static bool
skeleton(int32_t cp, int options, char *sk, size_t size)
{
	utf8proc_uint8_t in[8] = {0}, *base = NULL;
	utf8proc_encode_char(cp, in);
	if (utf8proc_map(in, 0, &base, UTF8PROC_NULLTERM | options) < 0) {
		free(base);
		return false;
	}
	UErrorCode st = U_ZERO_ERROR;
	icu.p_uspoof_getSkeletonUTF8(icu.sc, 0, (const char *)base, -1, sk, (int32_t)size, &st);
	free(base);
	return U_SUCCESS(st);
}

/* The Latin letter or digit (or short ASCII) that a letter or digit of
 * another script looks like, into out (at most 7 bytes); empty when it
 * looks like none, or ICU is not there.  Compatibility forms (fullwidth
 * ａ) and marks (ё) go first: the confusables list leaves them to
 * normalisation.  The letter as written decides (Cyrillic Н looks like H,
 * its н like no Latin letter); failing that, its case-folded form (Greek
 * Ι is I, though as written its skeleton is l's). */
static void
fold_letter(int32_t cp, char out[8])
{
	out[0] = '\0';
	if (!icu_ready())
		return;
	utf8proc_category_t cat = utf8proc_category(cp);
	char sk[32];
	const int as_written = UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK;
	if (skeleton(cp, as_written, sk, sizeof sk) && pick(sk, cat, out) && !(out[1] == '\0' &&
	    (cat == UTF8PROC_CATEGORY_LU) != (out[0] >= 'A' && out[0] <= 'Z') && out[0] > '9'))
		return;
	out[0] = '\0';
	if (!skeleton(cp, as_written | UTF8PROC_CASEFOLD, sk, sizeof sk) || !pick(sk, UTF8PROC_CATEGORY_LL, out)) {
		out[0] = '\0';
		return;
	}
	if ((cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) && out[0] >= 'a' &&
	    out[0] <= 'z' && !out[1])
		out[0] = (char)(out[0] - 'a' + 'A');
}

/* fold_letter through a small cache per thread: a text in another
 * script repeats its few dozen letters. */
static const char *
fold_cached(int32_t cp)
{
	static _Thread_local struct { int32_t cp; char out[8]; } cache[256];
	unsigned h = (unsigned)cp * 2654435761u >> 24;
	if (cache[h].cp != cp) {
		fold_letter(cp, cache[h].out);
		cache[h].cp = cp;
	}
	return cache[h].out;
}

/* Any code point from U+0100 on (a lead byte from 0xC4)?  check asks it
 * of every value: ASCII is passed over eight bytes at a time. */
static bool
beyond_latin1(const char *s)
{
	size_t n = strlen(s), i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, sizeof w);
		if (!(w & UINT64_C(0x8080808080808080)))
			continue;
		for (size_t k = i; k < i + 8; k++)
			if ((unsigned char)s[k] >= 0xC4)
				return true;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] >= 0xC4)
			return true;
	return false;
}

bool
confusable_fold(const char *s, buf *out)
{
	if (!beyond_latin1(s))
		return false;
	buf b = {0};
	bool changed = false;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0) {
			buf_free(&b);
			return false;    /* the loader let no such text through */
		}
		const char *rep = NULL;
		if (cp >= 0x100) {
			switch (utf8proc_category(cp)) {
			case UTF8PROC_CATEGORY_ZS: rep = " "; break;
			case UTF8PROC_CATEGORY_PD: rep = "-"; break;
			case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_ME: rep = ""; break;
			case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
			case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
			case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
				rep = fold_cached(cp);
				rep = *rep ? rep : NULL;
				break;
			default:
				break;
			}
		}
		if (rep) {
			buf_puts(&b, rep);
			changed = true;
		} else {
			buf_put(&b, p, (size_t)n);
		}
		p += n;
	}
	if (changed)
		buf_puts(out, b.data ? b.data : "");
	buf_free(&b);
	return changed;
}

/* The letters of name by script: the script with most letters, and the
 * first letter (code point, its place) of any other. */
typedef struct scripts {
	UScriptCode code[4];
	size_t count[4];
	size_t n;
} scripts;

static void
count_script(scripts *sv, UScriptCode sc)
{
	for (size_t i = 0; i < sv->n; i++)
		if (sv->code[i] == sc) {
			sv->count[i]++;
			return;
		}
	if (sv->n < 4) {
		sv->code[sv->n] = sc;
		sv->count[sv->n++] = 1;
	}
}

static UScriptCode
script_of(int32_t cp)
{
	UErrorCode st = U_ZERO_ERROR;
	UScriptCode sc = icu.p_uscript_getScript(cp, &st);
	return U_FAILURE(st) || sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED ? USCRIPT_INVALID_CODE : sc;
}

int
confusable_mixed(const char *name, char *why, size_t size)
{
	if (!beyond_latin1(name))
		return 0;    /* ASCII and Latin-1: Latin letters only */
	if (!icu_ready()) {
		snprintf(why, size, "%s", load_error);
		return -1;
	}
	UErrorCode st = U_ZERO_ERROR;
	int32_t r = icu.p_uspoof_check2UTF8(icu.sc, name, -1, NULL, &st);
	if (U_FAILURE(st) || !(r & (USPOOF_RESTRICTION_LEVEL | USPOOF_MIXED_SCRIPT_CONFUSABLE)))
		return 0;
	scripts sv = { .n = 0 };
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)name;
	utf8proc_int32_t cp;
	for (utf8proc_ssize_t n; *p && (n = utf8proc_iterate(p, -1, &cp)) > 0; p += n) {
		UScriptCode sc = script_of(cp);
		if (sc != USCRIPT_INVALID_CODE)
			count_script(&sv, sc);
	}
	size_t most = 0;
	for (size_t i = 1; i < sv.n; i++)
		if (sv.count[i] > sv.count[most])
			most = i;
	if (sv.n < 2) {
		snprintf(why, size, "mixes scripts in a way that can pass for another name");
		return 1;
	}
	/* The first letter outside the main script, and its place. */
	size_t at = 1;
	p = (const utf8proc_uint8_t *)name;
	for (utf8proc_ssize_t n; *p && (n = utf8proc_iterate(p, -1, &cp)) > 0; p += n, at++) {
		UScriptCode sc = script_of(cp);
		if (sc != USCRIPT_INVALID_CODE && sc != sv.code[most])
			break;
	}
	char cname[96] = "";
	st = U_ZERO_ERROR;
	icu.p_u_charName(cp, U_UNICODE_CHAR_NAME, cname, (int32_t)sizeof cname, &st);
	snprintf(why, size, "mixes %s and %s letters: U+%04X %s at character %zu",
	    icu.p_uscript_getName(sv.code[most]), icu.p_uscript_getName(script_of(cp)), (unsigned)cp,
	    U_SUCCESS(st) ? cname : "", at);
	return 1;
}
