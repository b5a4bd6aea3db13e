/* test_diff.c - the clause-level comparison: units keyed by id, words
 * inside, renumbering and cross-references that only moved are no change. */
#include "helpers.h"

#include "diff.h"

/* A rendered agreement by hand: md and its index (kind, id, number, line). */
typedef struct fake {
	dpa_rendered r;
	dpa_heading h[8];
} fake;

static void
make(fake *f, const char *md, const dpa_heading *h, size_t n)
{
	memset(f, 0, sizeof *f);
	buf_puts(&f->r.md, md);
	memcpy(f->h, h, n * sizeof *h);
	f->r.index = f->h;
	f->r.nindex = n;
}

static const dpa_unit_diff *
unit(const dpa_diff *d, const char *key)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->units[i].key, key) == 0)
			return &d->units[i];
	fail_msg("no unit %s", key);
	return NULL;
}

/* The text of a unit's spans with [-del-] and {+ins+}. */
static const char *
marked(arena *a, const dpa_unit_diff *u)
{
	buf b = {0};
	for (size_t i = 0; i < u->nspans; i++) {
		const dpa_span *s = &u->spans[i];
		buf_printf(&b, "%s%s%.*s%s", i ? " " : "", s->op == DPA_DEL ? "[-" : s->op == DPA_INS ? "{+" : "",
		    (int)s->len, s->s, s->op == DPA_DEL ? "-]" : s->op == DPA_INS ? "+}" : "");
	}
	const char *out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

static void
renumbering_is_no_change(void **state)
{
	(void)state;
	static const dpa_heading ho[] = {
		{ DPA_HEAD_CLAUSE, "a", "1", "A", -1, 3 },
		{ DPA_HEAD_CLAUSE, "b", "2", "B", -1, 7 },
		{ DPA_HEAD_SUB, NULL, "2.1", NULL, 1, 9 },
		{ DPA_HEAD_FOOTER, NULL, "", NULL, -1, 11 },
	};
	static const dpa_heading hn[] = {
		{ DPA_HEAD_CLAUSE, "new", "1", "New", -1, 3 },
		{ DPA_HEAD_CLAUSE, "a", "2", "A", -1, 7 },
		{ DPA_HEAD_CLAUSE, "b", "3", "B", -1, 11 },
		{ DPA_HEAD_SUB, NULL, "3.1", NULL, 2, 13 },
		{ DPA_HEAD_FOOTER, NULL, "", NULL, -1, 15 },
	};
	fake o, n;
	make(&o, "# T\n\n## 1. A\n\nText a, see [2](#b).\n\n## 2. B\n\n**2.1.** Notice within 24 hours.\n\nfooter 1\n",
	    ho, 4);
	make(&n, "# T\n\n## 1. New\n\nAll new.\n\n## 2. A\n\nText a, see [3](#b).\n\n## 3. B\n\n"
	    "**3.1.** Notice within 48 hours.\n\nfooter 2\n", hn, 5);
	arena a = {0};
	dpa_diff d;
	diff_rendered(&a, &o.r, &n.r, &d);
	assert_int_equal(unit(&d, "(front)")->state, DPA_UNIT_SAME);
	assert_int_equal(unit(&d, "new")->state, DPA_UNIT_ADDED);
	/* Moved from 1 to 2, its reference from [2] to [3]: the same. */
	assert_int_equal(unit(&d, "a")->state, DPA_UNIT_SAME);
	assert_int_equal(unit(&d, "b")->state, DPA_UNIT_SAME);
	const dpa_unit_diff *u = unit(&d, "b/1");
	assert_int_equal(u->state, DPA_UNIT_CHANGED);
	assert_string_equal(marked(&a, u), "**3.1.** Notice within [-24-] {+48+} hours.");
	assert_int_equal(u->words_del, 1);
	assert_int_equal(u->words_ins, 1);
	assert_int_equal(d.changed, 2);   /* the footer is not compared */
	arena_free(&a);
	buf_free(&o.r.md);
	buf_free(&n.r.md);
}

static void
removed_and_short_runs(void **state)
{
	(void)state;
	static const dpa_heading ho[] = {
		{ DPA_HEAD_CLAUSE, "a", "1", "A", -1, 1 },
		{ DPA_HEAD_CLAUSE, "gone", "2", "Gone", -1, 3 },
		{ DPA_HEAD_CLAUSE, "c", "3", "C", -1, 5 },
	};
	static const dpa_heading hn[] = {
		{ DPA_HEAD_CLAUSE, "a", "1", "A", -1, 1 },
		{ DPA_HEAD_CLAUSE, "c", "2", "C", -1, 3 },
	};
	fake o, n;
	make(&o, "## 1. A\n\n## 2. Gone\n\n## 3. C\n\nred apples or green pears\n", ho, 3);
	make(&n, "## 1. A\n\n## 2. C\n\nblue plums or yellow figs\n", hn, 2);
	arena a = {0};
	dpa_diff d;
	diff_rendered(&a, &o.r, &n.r, &d);
	assert_int_equal(d.n, 4);
	assert_string_equal(d.units[2].key, "gone");   /* where it stood */
	assert_int_equal(d.units[2].state, DPA_UNIT_REMOVED);
	/* "or" between two changes joins them: one change, not three. */
	assert_string_equal(marked(&a, unit(&d, "c")),
	    "## 2. C\n\n [-red apples or green pears-] {+blue plums or yellow figs+}");
	arena_free(&a);
	buf_free(&o.r.md);
	buf_free(&n.r.md);
}

/* Rows are matched by their first cell (a sub-processor's name): a
 * changed row shows its changed cells, others are removed or added whole. */
static void
rows_by_name(void **state)
{
	(void)state;
	static const dpa_heading h[] = { { DPA_HEAD_SECTION, "b", "B.1", "Subs", -1, 1 } };
	fake o, n;
	make(&o, "### B.1 Subs\n\n| Name | Country |\n|---|---|\n| Acme | DE |\n| Gone | DK |\n", h, 1);
	make(&n, "### B.1 Subs\n\n| Name | Country |\n|---|---|\n| Acme | DE, AT |\n| New | US |\n", h, 1);
	arena a = {0};
	dpa_diff d;
	diff_rendered(&a, &o.r, &n.r, &d);
	const dpa_unit_diff *u = unit(&d, "b");
	assert_int_equal(u->state, DPA_UNIT_CHANGED);
	assert_string_equal(marked(&a, u), "### B.1 Subs\n\n| Name | Country |\n|---|---|\n [-| Gone | DK |-] "
	    "\n| Acme | [-DE-] {+DE, AT+} |\n {+| New | US |+}");
	/* The added row starts a row; the cells after a changed one do not. */
	assert_true(u->spans[u->nspans - 1].row);
	assert_false(u->spans[u->nspans - 2].row);
	arena_free(&a);
	buf_free(&o.r.md);
	buf_free(&n.r.md);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(renumbering_is_no_change),
		cmocka_unit_test(removed_and_short_runs),
		cmocka_unit_test(rows_by_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
