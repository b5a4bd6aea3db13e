/* test_redline.c - a diff written as a redline: its marks sit inside
 * Markdown's syntax, so the marked text parses as the unmarked text does,
 * and the summary links each change to its label. */
#include "helpers.h"

#include <cmark-gfm.h>

#include "redline.h"

#define DEL DPA_DEL_ON
#define DEL_ DPA_DEL_OFF
#define INS DPA_INS_ON
#define INS_ DPA_INS_OFF

static const dpa_marks marks = { DEL, DEL_, INS, INS_, true, true };

/* One unit of the given spans, written with the redline's marks. */
static void
write_unit(buf *out, dpa_span *s, size_t n)
{
	dpa_unit_diff u = { .state = DPA_UNIT_CHANGED, .key = "k", .spans = s, .nspans = n };
	buf_reset(out);
	diff_put_unit(out, &u, &marks);
}

/* The type of the first block cmark makes of md. */
static cmark_node_type
first_block(const char *md)
{
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	cmark_node_type t = cmark_node_get_type(cmark_node_first_child(doc));
	cmark_node_free(doc);
	return t;
}

static void
marks_inside_markdown(void **state)
{
	(void)state;
	buf out = {0};
	dpa_span heading[] = { { DPA_INS, "## 9. New title", 15, false } };
	write_unit(&out, heading, 1);
	assert_string_equal(out.data, "## " INS "9. New title" INS_ "\n\n");
	assert_int_equal(first_block(out.data), CMARK_NODE_HEADING);

	dpa_span item[] = { { DPA_DEL, "- a) gone\n- b) too", 18, false } };
	write_unit(&out, item, 1);
	assert_string_equal(out.data, "- " DEL "a) gone" DEL_ "\n- " DEL "b) too" DEL_ "\n\n");
	assert_int_equal(first_block(out.data), CMARK_NODE_LIST);

	/* "**Bold.**" then a mark would not close: the delimiters stay out. */
	dpa_span strong[] = { { DPA_SAME, "Text", 4, false }, { DPA_INS, "**Bold.**", 9, false } };
	write_unit(&out, strong, 2);
	assert_string_equal(out.data, "Text **" INS "Bold." INS_ "**\n\n");
	cmark_node *doc = cmark_parse_document(out.data, out.len, CMARK_OPT_DEFAULT);
	cmark_node *para = cmark_node_first_child(doc);
	assert_int_equal(cmark_node_get_type(cmark_node_last_child(para)), CMARK_NODE_STRONG);
	cmark_node_free(doc);

	/* An escaped star is text, not a delimiter. */
	dpa_span esc[] = { { DPA_DEL, "x\\*", 3, false } };
	write_unit(&out, esc, 1);
	assert_string_equal(out.data, DEL "x\\*" DEL_ "\n\n");

	/* A table row: each cell marked, the row stays a row. */
	dpa_span row[] = { { DPA_SAME, "| A | B |\n|---|---|\n", 20, false },
		{ DPA_INS, "| **x** | y |", 13, true } };
	write_unit(&out, row, 2);
	assert_string_equal(out.data, "| A | B |\n|---|---|\n| **" INS "x" INS_ "** | " INS "y" INS_ " |\n\n");
	buf_free(&out);
}

static void
summary_links_labels(void **state)
{
	(void)state;
	dpa_span sp[] = { { DPA_SAME, "**10.2.** Within", 16, false }, { DPA_DEL, "24", 2, false },
		{ DPA_INS, "48", 2, false }, { DPA_SAME, "hours.", 6, false } };
	dpa_unit_diff u[] = {
		{ .state = DPA_UNIT_SAME, .key = "(front)", .number = "", .kind = DPA_HEAD_PART },
		{ .state = DPA_UNIT_CHANGED, .key = "breach/2", .number = "10.2", .kind = DPA_HEAD_SUB,
		  .parent_title = "Breach",
		  .spans = sp, .nspans = 4, .words_del = 1, .words_ins = 1 },
	};
	dpa_diff d = { u, 2, 1 };
	dpa_rendered o = { .lang = DPA_LANG_EN }, n = { .lang = DPA_LANG_EN };
	n.meta.reference = "REF-1";
	dpa_rendered r;
	redline_build(&d, &(dpa_redline_side){ "old.yaml", &o }, &(dpa_redline_side){ "new_1.yaml", &n }, &r);
	assert_non_null(strstr(r.md.data, "- **Previous version:** old.yaml\n"));
	assert_non_null(strstr(r.md.data, "- **New version:** new\\_1.yaml, reference REF-1\n"));
	assert_non_null(strstr(r.md.data, "1 changed, 0 added and 0 removed of the agreement's 2 parts."));
	assert_non_null(strstr(r.md.data, "- [10.2](#changed-breach.2) (Breach): changed\n"));
	assert_non_null(strstr(r.md.data, "*the opening: unchanged*\n\n*10.2: changed*\n\n**10.2.** Within "
	    DEL "24" DEL_ " " INS "48" INS_ " hours.\n\n"));
	/* The index entry is the label's line, its id the link's target. */
	assert_int_equal(r.nindex, 1);
	assert_string_equal(r.index[0].id, "changed-breach.2");
	const char *p = r.md.data;
	for (uint32_t line = 1; line < r.index[0].line; line++)
		p = strchr(p, '\n') + 1;
	assert_true(strncmp(p, "*10.2: changed*", 15) == 0);
	assert_null(r.meta.fingerprint);
	rendered_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(marks_inside_markdown),
		cmocka_unit_test(summary_links_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
