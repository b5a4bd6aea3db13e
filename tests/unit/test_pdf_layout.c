/* test_pdf_layout.c - the typesetting rules of pdf_layout.c (issue 20
 * item 2), on lines and pages it lays out with Liberation Serif and the
 * Danish patterns: values are not hyphenated; at most two hyphenated
 * lines in a row; no paragraph leaves one line alone at a page's foot
 * (orphan) or top (widow); a lead-in keeps two lines of what follows. */
#include "helpers.h"

#include "pdf_layout.h"

typedef struct fixture {
	HPDF_Doc pdf;
	pdf_layout l;
	dpa_diags d;
} fixture;

static int
setup(void **state)
{
	char why[256];
	if (hpdf_load(why, sizeof why) != 0)
		fail_msg("%s", why);
	fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	assert_non_null(f->pdf = HPDF_New(NULL, NULL));
	HPDF_UseUTFEncodings(f->pdf);
	assert_int_equal(pdf_layout_init(&f->l, f->pdf, NULL, "da", &f->d), 0);
	f->l.winansi = true;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;
	pdf_layout_free(&f->l);
	HPDF_Free(f->pdf);
	diags_free(&f->d);
	free(f);
	return 0;
}

/* Lines of text broken at width: how many end in an added hyphen, the
 * longest run of them, and whether word (whole) was cut. */
typedef struct broken {
	pdf_lines lines;
	glyphs g;
} broken;

static void
break_text(fixture *f, broken *b, const char *text, float width)
{
	memset(b, 0, sizeof *b);
	b->lines.l = &f->l;
	glyphs_add(&f->l, &b->g, text, FACE_REGULAR, 10.5f, 0, -1);
	pdf_break_lines(&f->l, &b->g, width, pdf_collect_line, &b->lines);
}

static void
free_broken(broken *b)
{
	free(b->lines.v);
	glyphs_free(&b->g);
}

/* Whether "og WORD", at a width just short of it, hyphenates WORD. */
static bool
hyphenates(fixture *f, const char *word)
{
	char text[128];
	snprintf(text, sizeof text, "og %s", word);
	glyphs g = {0};
	glyphs_add(&f->l, &g, text, FACE_REGULAR, 10.5f, 0, -1);
	float w = glyphs_width(&g, 0, g.n);
	glyphs_free(&g);
	broken b;
	break_text(f, &b, text, w - 4);
	bool hy = b.lines.n > 0 && b.lines.v[0].hyphen;
	free_broken(&b);
	return hy;
}

static void
values_not_hyphenated(void **state)
{
	fixture *f = *state;
	/* Prose is hyphenated ... */
	assert_true(hyphenates(f, "personoplysningerne"));
	assert_true(hyphenates(f, "behandlingssikkerheden"));
	/* ... names, places, numbers and addresses are not (the same words
	 * capitalised, which the patterns would break as well). */
	assert_false(hyphenates(f, "Personoplysningerne"));
	assert_false(hyphenates(f, "Behandlingssikkerheden"));
	assert_false(hyphenates(f, "Gunzenhausen"));
	assert_false(hyphenates(f, "behandlingssikkerheden2"));
	/* An e-mail address wider than the line is cut without a hyphen. */
	broken b;
	break_text(f, &b, "kontakt@tandlaegeklinikken-fjordbyen.dk", 90);
	assert_true(b.lines.n >= 2);
	for (size_t i = 0; i < b.lines.n; i++)
		assert_false(b.lines.v[i].hyphen);
	free_broken(&b);
	/* A slash or hyphen breaks a word only with two glyphs either side:
	 * "Datacenter A/" and "S" would split a company form. */
	glyphs whole = {0};
	glyphs_add(&f->l, &whole, "Eksempel Datacenter A/S", FACE_REGULAR, 10.5f, 0, -1);
	float full = glyphs_width(&whole, 0, whole.n);
	glyphs_free(&whole);
	break_text(f, &b, "Eksempel Datacenter A/S", full - 2);
	assert_int_equal(b.lines.n, 2);
	for (size_t i = 0; i < b.lines.n; i++) {
		const pdf_line *ln = &b.lines.v[i];
		assert_false(ln->end > ln->start && b.g.v[ln->end - 1].cp == '/');
	}
	free_broken(&b);
	/* The signature page's switch turns off all hyphenation. */
	f->l.no_hyphen = true;
	assert_false(hyphenates(f, "personoplysningerne"));
	f->l.no_hyphen = false;
}

static void
two_hyphens_in_a_row(void **state)
{
	fixture *f = *state;
	broken b;
	break_text(f, &b, "af databehandleraftalen personoplysningerne og underdatabehandlerne af "
	    "behandlingssikkerheden med databeskyttelsesforordningen og tilsynsmyndigheden for "
	    "underretningspligten med afprøvningsprocedurerne og sikkerhedsforanstaltningerne", 120);
	size_t run = 0, worst = 0, any = 0;
	for (size_t i = 0; i < b.lines.n; i++) {
		run = b.lines.v[i].hyphen ? run + 1 : 0;
		any += b.lines.v[i].hyphen;
		if (run > worst)
			worst = run;
	}
	assert_true(any >= 2);
	assert_true(worst <= 2);
	free_broken(&b);
}

/* Lines on a page: its text items' distinct baselines. */
static size_t
lines_on(const ppage *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n; i++)
		n += p->v[i].kind == PI_TEXT && (i == 0 || p->v[i].y != p->v[i - 1].y);
	return n;
}

/* Lines of a paragraph on each page, laid out with the cursor at y. */
static void
lay_out(fixture *f, const char *text, float y, bool keep_next, size_t *first, size_t *second)
{
	pdf_layout *l = &f->l;
	while (l->npages)
		free(l->pages[--l->npages].v), free(l->pages[l->npages].chars);
	pdf_new_page(l);
	l->y = y;
	glyphs g = {0};
	glyphs_add(l, &g, text, FACE_REGULAR, 10.5f, 0, -1);
	pdf_para p = { .x = l->left, .width = 200, .lead = 14.4f, .size = 10.5f, .keep_next = keep_next };
	pdf_paragraph(l, &g, &p);
	glyphs_free(&g);
	*first = lines_on(&l->pages[0]);
	*second = l->npages > 1 ? lines_on(&l->pages[1]) : 0;
}

static const char FIVE[] = "Databehandleren behandler alene personoplysninger efter dokumenteret "
    "instruks fra den dataansvarlige, herunder for så vidt angår overførsel af personoplysninger "
    "til et tredjeland eller en international organisation, medmindre det kræves i henhold til "
    "EU-retten eller medlemsstaternes nationale ret.";

static void
no_orphan_no_widow(void **state)
{
	fixture *f = *state;
	pdf_layout *l = &f->l;
	size_t a, b, total;
	lay_out(f, FIVE, l->top, false, &total, &b);
	assert_true(total >= 5);
	assert_int_equal(b, 0);
	/* Room for one line: none stays alone at the foot. */
	lay_out(f, FIVE, l->bottom + 20, false, &a, &b);
	assert_int_equal(a, 0);
	assert_int_equal(b, total);
	/* Room for all but the last: the last does not go alone to the top. */
	lay_out(f, FIVE, l->bottom + 14.4f * (float)(total - 1) + 1, false, &a, &b);
	assert_true(a > 0 && b >= 2);
	assert_int_equal(a + b, total);
}

static void
lead_in_keeps_with_next(void **state)
{
	fixture *f = *state;
	pdf_layout *l = &f->l;
	size_t a, b;
	/* Room for the lead-in's line, not for what follows it. */
	lay_out(f, "Ydelsen er beskrevet således:", l->bottom + 20, true, &a, &b);
	assert_int_equal(a, 0);
	assert_true(b > 0);
	lay_out(f, "Ydelsen er beskrevet således.", l->bottom + 20, false, &a, &b);
	assert_true(a > 0);
	assert_int_equal(b, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(values_not_hyphenated, setup, teardown),
		cmocka_unit_test_setup_teardown(two_hyphens_in_a_row, setup, teardown),
		cmocka_unit_test_setup_teardown(no_orphan_no_widow, setup, teardown),
		cmocka_unit_test_setup_teardown(lead_in_keeps_with_next, setup, teardown),
	};
	return cmocka_run_group_tests_name("pdf_layout", tests, NULL, NULL);
}
