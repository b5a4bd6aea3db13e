/* fuzz_batchname.c - how batch names a customer's files (issue 18):
 * bytes as an agreement.reference, screened and normalised to NFC by
 * textguard_value() as the loader does, then batch_slug() as
 * name_customer() calls it; resolve_names() refuses an empty name and
 * compares names with strcasecmp.
 *
 * Input: SIZE REFERENCE.  Asserted: the name is at most DPA_MAX_NAME
 * bytes (and shorter than a small buffer SIZE gives), of the characters
 * [A-Za-z0-9._-] only (so no '/', no NUL inside, valid UTF-8), not "." or
 * "..", not starting with '.' or '-'; the raw bytes (not screened) give
 * such a name too; and the bound reference in upper case and in lower case
 * (per code point, utf8proc's simple case mapping) gives a name equal to
 * the reference's but for case, so that resolve_names() sees two
 * customers whose references differ only in case as one name. */
#include "fuzz.h"

#include <strings.h>
#include <utf8proc.h>

#include "batch.h"
#include "textguard.h"

static void
need(bool ok, const char *what, const char *name)
{
	if (!ok) {
		fprintf(stderr, "fuzz_batchname: %s: \"%s\"\n", what, name);
		abort();
	}
}

static void
check_name(const char *n, size_t size)
{
	size_t len = strlen(n);
	need(len <= DPA_MAX_NAME && len < size, "too long", n);
	for (size_t i = 0; i < len; i++) {
		char c = n[i];
		need((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-', "a character outside [A-Za-z0-9._-]", n);
	}
	need(n[0] != '.' && n[0] != '-', "starts with '.' or '-'", n);
	need(strcmp(n, ".") != 0 && strcmp(n, "..") != 0, "\".\" or \"..\"", n);
}

/* s with every code point mapped by f; NULL if s is not UTF-8. */
static char *
map_case(const char *s, utf8proc_int32_t (*f)(utf8proc_int32_t))
{
	buf b = {0};
	buf_puts(&b, "");
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
	for (utf8proc_ssize_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, len - i, &cp);
		if (n <= 0) {
			buf_free(&b);
			return NULL;
		}
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t m = utf8proc_encode_char(f(cp), enc);
		buf_put(&b, enc, (size_t)m);
		i += n;
	}
	return buf_detach(&b);
}

/* The name the loader and batch give the reference s, into out (empty if
 * the loader refuses s); the reference as bound (NFC), or NULL. */
static const char *
name_of(arena *a, const char *s, char *out, size_t size)
{
	out[0] = '\0';
	bool ok = textguard_value(a, &s, false) == NULL && !strchr(s, '\n');   /* a DPA_T_STR: one line */
	if (ok)
		batch_slug(s, out, size);
	check_name(out, size);
	return ok ? s : NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t small = 1 + data[0] % 16;
	char *ref = xmalloc(size);
	memcpy(ref, data + 1, size - 1);
	ref[size - 1] = '\0';              /* a NUL inside ends the reference */
	char name[DPA_MAX_NAME + 1], tiny[17];
	batch_slug(ref, name, sizeof name); /* raw bytes, never screened */
	check_name(name, sizeof name);
	batch_slug(ref, tiny, small);
	check_name(tiny, small);
	arena a = {0};
	/* The case of the reference as the loader binds it: mapped before
	 * NFC, a mark's case (U+0345 to a capital iota) reorders differently. */
	const char *bound = name_of(&a, ref, name, sizeof name);
	if (name[0]) {
		utf8proc_int32_t (*const f[2])(utf8proc_int32_t) = { utf8proc_toupper, utf8proc_tolower };
		for (int i = 0; i < 2; i++) {
			char *v = map_case(bound, f[i]);
			if (!v)
				continue;
			char other[DPA_MAX_NAME + 1];
			name_of(&a, v, other, sizeof other);
			/* A variant the loader refuses (a case mapping that makes a
			 * refused character) names nothing: nothing to collide. */
			if (other[0] && strcasecmp(name, other) != 0) {
				fprintf(stderr, "fuzz_batchname: \"%s\" and its %s case \"%s\" are named \"%s\" "
				    "and \"%s\"\n", ref, i ? "lower" : "upper", v, name, other);
				abort();
			}
			free(v);
		}
	}
	arena_free(&a);
	free(ref);
	return 0;
}
