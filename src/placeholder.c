/* placeholder.c - known placeholders: the starter configs' values, read
 * once from the embedded init files, and the usual stand-ins. */
#include "placeholder.h"

#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "embedded.h"
#include "ytree.h"

/* ---- the values `dpagen init` writes ------------------------------------ */

/* Copied into static storage, so nothing is allocated for the process's
 * life; the starters hold far less (a test asserts that every one of
 * their values is found, so an overflow would fail it). */
enum { POOL = 16384, MAX_VALUES = 512 };
static char init_pool[POOL];
static size_t pool_used;
static const char *init_values[MAX_VALUES];
static size_t n_init;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Keys whose values are choices, numbers or codes, never stand-ins, and
 * lists whose starter items are real content ("Navn", "E-mailadresse"). */
static const char *const not_text[] = {
	"dpagen", "language", "level", "category", "authorisation", "at_end", "method", "cost",
	"sub_processor_method", "on_objection", "charge", "effective", "liability",
	"prevailing_language", "country", "locations", "governing_law", "data_types", "data_subjects",
	"version", "date", "approved_since", "extends", NULL,
};

static bool
in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

static bool norm(const char *s, char *out, size_t size);

/* Kept normalised (norm()), so that a value is compared without work. */
static void
keep(const char *raw)
{
	char s[256];
	if (!norm(raw, s, sizeof s))
		return;
	size_t n = strlen(s) + 1;
	if (n < 4 || n_init == MAX_VALUES || pool_used + n > POOL)
		return;
	memcpy(init_pool + pool_used, s, n);
	init_values[n_init++] = init_pool + pool_used;
	pool_used += n;
}

static void
collect(const ynode *n, const char *key)
{
	if (!n)
		return;
	if (n->kind == Y_SCALAR) {
		if (key && !in_list(not_text, key))
			keep(n->s);
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		if (n->kind == Y_SEQ)
			collect(n->items[i], key);
		else
			collect(n->items[2 * i + 1], n->items[2 * i]->s);
	}
}

static void
load_init_values(void)
{
	static const char *const files[] = { "init-da.yaml", "init-en.yaml" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		const dpa_embedded_file *f = dpa_embedded_find(files[i]);
		arena a = {0};
		dpa_diags d = {0};
		ynode *root = NULL;
		if (f && ytree_parse(&a, files[i], f->data, f->len, &d, &root) == 0)
			collect(root, NULL);
		diags_free(&d);
		arena_free(&a);
	}
}

/* ---- matching ----------------------------------------------------------- */

/* s without surrounding blanks and a final full stop, lower-cased (ASCII)
 * into out; false if it does not fit. */
static bool
norm(const char *s, char *out, size_t size)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '.'))
		n--;
	if (n + 1 > size)
		return false;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[n] = '\0';
	return true;
}

/* Stand-ins for a whole value, in both languages (lower case). */
static const char *const stand_ins[] = {
	"kundens navn", "kundens navn a/s", "underskriverens navn", "kontaktpersonens navn",
	"databehandlerens navn", "dataansvarliges navn", "virksomhedens navn", "firmanavn", "navn",
	"adresse", "kundens adresse", "registreringsnummer", "cvr-nummer", "cvr-nr", "cvr",
	"stilling", "titel", "postnummer", "by", "e-mail", "telefon", "telefonnummer",
	"customer name", "company name", "signatory name", "name of signatory", "contact name",
	"name", "address", "registration number", "company number", "position", "job title", "title",
	"postcode", "postal code", "zip code", "city", "email", "phone", "phone number",
	"lorem ipsum", NULL,
};

/* Roles written where a person's name belongs. */
static const char *const role_prefixes[] = {
	"tegningsberettiget", "underskriver", "kontaktperson", "authorised signatory",
	"authorized signatory", "signatory", "contact person", NULL,
};

static bool
zeros_only(const char *s)
{
	size_t digits = 0;
	for (; *s; s++)
		if (isdigit((unsigned char)*s) && (digits++, *s != '0'))
			return false;
	return digits >= 3;
}

/* RFC 2606 and 6761: names that never belong to anybody. */
static bool
reserved_domain(const char *v)
{
	const char *at = strrchr(v, '@');
	if (!at)
		return false;
	static const char *const tlds[] = { ".example", ".test", ".invalid", ".localhost", NULL };
	static const char *const slds[] = { "example.com", "example.net", "example.org", NULL };
	size_t n = strlen(at + 1);
	for (const char *const *t = tlds; *t; t++)
		if (n >= strlen(*t) && strcmp(at + 1 + n - strlen(*t), *t) == 0)
			return true;
	for (const char *const *t = slds; *t; t++) {
		size_t k = strlen(*t);
		if (n >= k && strcmp(at + 1 + n - k, *t) == 0 && (n == k || at[1 + n - k - 1] == '.'))
			return true;
	}
	return false;
}

/* The last segment of a path ("name" of "processor.signatories[0].name")
 * and whether its parent is a person (signatory, contact, DPO). */
static const char *
field_of(const char *path, bool *person)
{
	const char *dot = strrchr(path, '.');
	const char *field = dot ? dot + 1 : path;
	*person = dot && ((dot - path >= 4 && strncmp(dot - 4, ".dpo", 4) == 0) ||
	    strstr(path, "signatories[") || strstr(path, "contacts["));
	return field;
}

const char *
placeholder_why(const char *path, const char *value)
{
	if (!path || !value || strstr(path, "data_types") || strstr(path, "data_subjects"))
		return NULL;
	pthread_once(&once, load_init_values);
	bool person;
	const char *field = field_of(path, &person);
	char v[256];
	if (!norm(value, v, sizeof v) || !*v)
		return NULL;
	for (size_t i = 0; i < n_init; i++)
		if (strcmp(v, init_values[i]) == 0)
			return "the value `dpagen init` writes";
	if ((!strcmp(field, "registration") || !strcmp(field, "phone") || !strcmp(field, "postcode")) &&
	    zeros_only(v))
		return "a number of only zeros";
	if (reserved_domain(v))
		return "an address at a reserved example domain";
	if (in_list(stand_ins, v))
		return "a stand-in for the real value";
	for (const char *const *p = role_prefixes; person && !strcmp(field, "name") && *p; p++)
		if (strncmp(v, *p, strlen(*p)) == 0)
			return "a role, not the name of a person";
	return NULL;
}
