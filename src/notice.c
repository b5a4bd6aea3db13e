/* notice.c - compare two configs' sub-processors for the change notice.
 * Sub-processors are matched by name (case and spacing ignored): a renamed
 * one is one removed and one added, as the controller must see it. */
#include "notice.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

#define FIELD(st, fname, ty, doc_, ...) \
	{ .name = #fname, .type = (ty), .offset = offsetof(st, fname), .doc = (doc_), __VA_ARGS__ }
#define TABLE(st, nm, arr, doc_) \
	{ nm, sizeof(st), arr, sizeof arr / sizeof arr[0], doc_ }

static const dpa_field change_fields[] = {
	FIELD(dpa_sub_change, before, DPA_T_STRUCT, "the sub-processor as listed so far",
	    .sub = &dpa_subprocessor_def),
	FIELD(dpa_sub_change, after, DPA_T_STRUCT, "the sub-processor as it will be",
	    .sub = &dpa_subprocessor_def),
	FIELD(dpa_sub_change, registration, DPA_T_BOOL, "its registration number changes", .flags = 0),
	FIELD(dpa_sub_change, address, DPA_T_BOOL, "its address changes", .flags = 0),
	FIELD(dpa_sub_change, country, DPA_T_BOOL, "its country of establishment changes", .flags = 0),
	FIELD(dpa_sub_change, locations, DPA_T_BOOL, "its processing locations change", .flags = 0),
	FIELD(dpa_sub_change, service, DPA_T_BOOL, "the processing it carries out changes", .flags = 0),
	FIELD(dpa_sub_change, contact, DPA_T_BOOL, "its contact person changes", .flags = 0),
	FIELD(dpa_sub_change, transfer, DPA_T_BOOL, "its transfer basis, module, TIA or measures change", .flags = 0),
};
static const dpa_struct_def change_def = TABLE(dpa_sub_change, "sub_processor_change",
    change_fields, "A sub-processor in both lists whose entry changes.");

static const dpa_field notice_fields[] = {
	FIELD(dpa_notice, date, DPA_T_DATE, "the date the notice is given", .flags = 0),
	FIELD(dpa_notice, effective, DPA_T_DATE, "the date the changes take effect", .flags = 0),
	FIELD(dpa_notice, objection_by, DPA_T_DATE, "the last day to object, when a period is agreed", .flags = 0),
	FIELD(dpa_notice, notice_days, DPA_T_INT, "the notice period agreed so far", .flags = 0),
	FIELD(dpa_notice, added, DPA_T_LIST, "sub-processors to be added",
	    .elem = DPA_T_STRUCT, .sub = &dpa_subprocessor_def),
	FIELD(dpa_notice, removed, DPA_T_LIST, "sub-processors to be removed",
	    .elem = DPA_T_STRUCT, .sub = &dpa_subprocessor_def),
	FIELD(dpa_notice, changed, DPA_T_LIST, "sub-processors whose entry changes",
	    .elem = DPA_T_STRUCT, .sub = &change_def),
	FIELD(dpa_notice, shorter_notice, DPA_T_BOOL, "the new config shortens the notice period", .flags = 0),
	FIELD(dpa_notice, shorter_objection, DPA_T_BOOL, "the new config shortens the objection period", .flags = 0),
	FIELD(dpa_notice, specific_to_general, DPA_T_BOOL,
	    "specific authorisation becomes general authorisation", .flags = 0),
	FIELD(dpa_notice, objection_exit, DPA_T_BOOL,
	    "the right to terminate on objection becomes an offer of an alternative first", .flags = 0),
	FIELD(dpa_notice, before, DPA_T_STRUCT, "the procedure agreed so far", .sub = &dpa_subprocessors_def),
};
const dpa_struct_def dpa_notice_def = TABLE(dpa_notice, "notice", notice_fields,
    "The notice of intended changes to sub-processors.");

long
date_to_days(int y, int m, int d)
{
	/* H. Hinnant's days_from_civil. */
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
days_to_date(long z, dpa_date *out)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	out->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	out->m = (int)(mp < 10 ? mp + 3 : mp - 9);
	out->y = (int)(yoe + era * 400 + (out->m <= 2));
	out->h.set = true;
}

/* Names are the same ignoring case and runs of white space. */
static bool
same_name(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	for (;;) {
		while (isspace((unsigned char)*a) && (a[1] == '\0' || isspace((unsigned char)a[1])))
			a++;
		while (isspace((unsigned char)*b) && (b[1] == '\0' || isspace((unsigned char)b[1])))
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		bool sa = isspace((unsigned char)*a), sb = isspace((unsigned char)*b);
		if (sa != sb || (!sa && tolower((unsigned char)*a) != tolower((unsigned char)*b)))
			return false;
		a++;
		b++;
	}
}

static const dpa_subprocessor *
find_sub(const dpa_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++) {
		const dpa_subprocessor *s = (const dpa_subprocessor *)l->v + i;
		if (same_name(s->name.s, name))
			return s;
	}
	return NULL;
}

static bool
str_eq(const dpa_str *a, const dpa_str *b)
{
	bool sa = a->h.set && a->s, sb = b->h.set && b->s;
	return sa == sb && (!sa || strcmp(a->s, b->s) == 0);
}

/* Are two values of type t the same? */
static bool
value_eq(const dpa_field *f, dpa_type t, const void *a, const void *b)
{
	switch (t) {
	case DPA_T_INT: case DPA_T_BOOL: case DPA_T_ENUM: {
		const dpa_int *x = a, *y = b;
		return x->h.set == y->h.set && (!x->h.set || x->v == y->v);
	}
	case DPA_T_DATE: {
		const dpa_date *x = a, *y = b;
		return x->h.set == y->h.set && (!x->h.set || (x->y == y->y && x->m == y->m && x->d == y->d));
	}
	case DPA_T_LIST: {
		const dpa_list *x = a, *y = b;
		size_t es = dpa_type_size(f->elem, f->sub);
		if (x->n != y->n)
			return false;
		for (size_t i = 0; i < x->n; i++)
			if (!value_eq(f, f->elem, (const char *)x->v + i * es, (const char *)y->v + i * es))
				return false;
		return true;
	}
	case DPA_T_STRUCT:
		return true;    /* a sub-processor has none */
	default:
		return str_eq(a, b);
	}
}

/* Which flag of a change each field of a sub-processor sets; the name is
 * the identity, the approval date no change of the processing. */
static const struct { const char *field; size_t flag; } flag_of[] = {
	{ "registration", offsetof(dpa_sub_change, registration) },
	{ "address", offsetof(dpa_sub_change, address) },
	{ "country", offsetof(dpa_sub_change, country) },
	{ "locations", offsetof(dpa_sub_change, locations) },
	{ "service", offsetof(dpa_sub_change, service) },
	{ "contact", offsetof(dpa_sub_change, contact) },
	{ "transfer_basis", offsetof(dpa_sub_change, transfer) },
	{ "scc_module", offsetof(dpa_sub_change, transfer) },
	{ "tia", offsetof(dpa_sub_change, transfer) },
	{ "transfer_note", offsetof(dpa_sub_change, transfer) },
	{ "dpf_certified", offsetof(dpa_sub_change, transfer) },
};

/* Fill c's flags; true if anything that is notified changed. */
static bool
compare_sub(dpa_sub_change *c)
{
	bool any = false;
	const dpa_struct_def *def = &dpa_subprocessor_def;
	for (size_t i = 0; i < def->nfields; i++) {
		const dpa_field *f = &def->fields[i];
		for (size_t k = 0; k < sizeof flag_of / sizeof flag_of[0]; k++) {
			if (strcmp(flag_of[k].field, f->name) != 0)
				continue;
			dpa_int *flag = (dpa_int *)((char *)c + flag_of[k].flag);
			flag->h.set = true;
			if (!value_eq(f, f->type, (const char *)&c->before + f->offset,
			    (const char *)&c->after + f->offset)) {
				flag->v = 1;
				any = true;
			}
		}
	}
	return any;
}

static void
set_bool(dpa_int *v, bool b)
{
	*v = (dpa_int){ { { NULL, 0, 0 }, true }, b };
}

static void
procedure(dpa_notice *n, const dpa_subprocessors *o, const dpa_subprocessors *w, const dpa_date *date)
{
	n->before = *o;
	n->notice_days = o->notice_days;
	set_bool(&n->shorter_notice, w->notice_days.v < o->notice_days.v);
	set_bool(&n->shorter_objection, o->objection_days.v > 0 && w->objection_days.v > 0 &&
	    w->objection_days.v < o->objection_days.v);
	set_bool(&n->specific_to_general, o->authorisation.v == DPA_AUTH_SPECIFIC &&
	    w->authorisation.v == DPA_AUTH_GENERAL);
	set_bool(&n->objection_exit, o->on_objection.v == DPA_OBJECTION_TERMINATE &&
	    w->on_objection.v != DPA_OBJECTION_TERMINATE);
	long day = date_to_days(date->y, date->m, date->d);
	n->date = *date;
	n->date.h.set = true;
	/* The period agreed so far governs this notice, whatever the new
	 * config proposes. */
	if (o->notice_days.v > 0)
		days_to_date(day + o->notice_days.v, &n->effective);
	if (o->objection_days.v > 0)
		days_to_date(day + o->objection_days.v, &n->objection_by);
}

static void *
grow(arena *a, dpa_list *l, size_t es, size_t cap)
{
	if (!l->v)
		l->v = arena_alloc(a, (cap ? cap : 1) * es);
	l->h.set = true;
	return (char *)l->v + l->n++ * es;
}

size_t
notice_build(arena *a, const dpa_model *old, const dpa_model *new, const dpa_date *date,
    dpa_notice *out)
{
	memset(out, 0, sizeof *out);
	out->h.set = true;
	const dpa_list *ol = &old->sub_processors.list, *nl = &new->sub_processors.list;
	procedure(out, &old->sub_processors, &new->sub_processors, date);
	for (size_t i = 0; i < nl->n; i++) {
		const dpa_subprocessor *s = (const dpa_subprocessor *)nl->v + i;
		const dpa_subprocessor *was = find_sub(ol, s->name.s);
		if (!was) {
			*(dpa_subprocessor *)grow(a, &out->added, sizeof *s, nl->n) = *s;
			continue;
		}
		dpa_sub_change c = { .h = { s->h.loc, true }, .before = *was, .after = *s };
		if (compare_sub(&c))
			*(dpa_sub_change *)grow(a, &out->changed, sizeof c, nl->n) = c;
	}
	for (size_t i = 0; i < ol->n; i++) {
		const dpa_subprocessor *s = (const dpa_subprocessor *)ol->v + i;
		if (!find_sub(nl, s->name.s))
			*(dpa_subprocessor *)grow(a, &out->removed, sizeof *s, ol->n) = *s;
	}
	return out->added.n + out->removed.n + out->changed.n;
}

bool
notice_procedure_changes(const dpa_notice *n)
{
	return n->shorter_notice.v || n->shorter_objection.v || n->specific_to_general.v ||
	    n->objection_exit.v;
}
