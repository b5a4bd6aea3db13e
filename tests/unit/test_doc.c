/* test_doc.c - the rendered agreement parses with cmark-gfm into the
 * expected headings, and the clause index finds each of them. */
#include "helpers.h"

#include <glob.h>
#include <stdbool.h>

#include "doc.h"
#include "fingerprint.h"
#include "render.h"
#include "tmpl.h"

/* Text of a heading's first text node. */
static const char *
heading_text(cmark_node *h)
{
	cmark_node *c = cmark_node_first_child(h);
	return c && cmark_node_get_type(c) == CMARK_NODE_TEXT ? cmark_node_get_literal(c) : "";
}

/* Rendering with highlight marks and taking them out gives the plain
 * render byte for byte, so render's check gate and its output share one
 * render (cmd_render.c). */
static void
same_unmarked(const dpa_tmpl *t, const dpa_model *m, const dpa_render_opts *plain_o,
    const dpa_rendered *plain)
{
	dpa_render_opts o = *plain_o;
	o.highlight = true;
	dpa_rendered r;
	dpa_diags d = {0};
	assert_int_equal(tmpl_render(t, m, &o, &r, &d), 0);
	assert_non_null(strstr(r.md.data, DPA_MARK_ON));
	rendered_unmark(&r);
	assert_null(strstr(r.md.data, "\xEE\x80"));
	assert_int_equal(r.md.len, plain->md.len);
	assert_string_equal(r.md.data, plain->md.data);
	assert_int_equal(r.nindex, plain->nindex);
	for (size_t i = 0; i < r.nindex; i++)
		assert_int_equal(r.index[i].line, plain->index[i].line);
	rendered_free(&r);
	diags_free(&d);
}

static void
check_example(const char *path, const char *lang, bool annexes_only)
{
	dpa_diags d = {0};
	dpa_doc doc;
	dpa_load_opts lo = { .lang = lang };
	if (dpa_load(&doc, path, &lo, &d) != 0) {
		diags_print(&d, stderr);
		fail_msg("%s does not load", path);
	}
	dpa_tmpl *t = tmpl_compile(NULL, dpa_model_lang(doc.m), &d);
	assert_non_null(t);
	dpa_rendered r;
	dpa_render_opts o = { .fingerprint = "0123456789ab", .annexes_only = annexes_only };
	if (tmpl_render(t, doc.m, &o, &r, &d) != 0) {
		diags_print(&d, stderr);
		fail_msg("%s (%s) does not render", path, lang);
	}
	same_unmarked(t, doc.m, &o, &r);
	dpa_ast a;
	assert_int_equal(doc_parse(&r, &a, &d), 0);

	size_t clauses = 0, annexes = 0, h2 = 0, tables = 0, present = 0;
	for (size_t i = 0; i < r.nindex; i++) {
		if (!r.index[i].line)
			continue;
		present++;
		if (!a.node_of[i])
			fail_msg("%s: index entry %s (%s) has no node", path, r.index[i].number,
			    r.index[i].id ? r.index[i].id : "-");
		clauses += r.index[i].kind == DPA_HEAD_CLAUSE;
		annexes += r.index[i].kind == DPA_HEAD_ANNEX;
		if (r.index[i].kind == DPA_HEAD_CLAUSE) {
			/* The heading reads "N. Title", N its place in order. */
			char want[16];
			snprintf(want, sizeof want, "%zu. ", clauses);
			assert_int_equal(strncmp(heading_text(a.node_of[i]), want, strlen(want)), 0);
		}
	}
	cmark_iter *it = cmark_iter_new(a.root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 2)
			h2++;
		if (doc_is_table(n))
			tables++;
	}
	cmark_iter_free(it);
	assert_int_equal(clauses, annexes_only ? 0 : 15);
	assert_int_equal(annexes, 4);
	/* Every level-2 heading is a clause, an annex or a part (signatures). */
	size_t parts = 0;
	for (size_t i = 0; i < r.nindex; i++)
		parts += r.index[i].line && r.index[i].kind == DPA_HEAD_PART;
	assert_int_equal(h2, clauses + annexes + parts);
	assert_true(present > 40 || annexes_only);
	/* Signature tables at least, and GFM tables parse as tables. */
	assert_true(tables >= (annexes_only ? 0u : 2u));

	doc_free(&a);
	rendered_free(&r);
	tmpl_free(t);
	dpa_doc_free(&doc);
	diags_free(&d);
}

static void
examples_parse(void **state)
{
	(void)state;
	glob_t g;
	assert_int_equal(glob("examples/*.yaml", 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 6);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		check_example(g.gl_pathv[i], "da", false);
		check_example(g.gl_pathv[i], "en", false);
		check_example(g.gl_pathv[i], "da", true);
	}
	globfree(&g);
}

static void
html_of(const dpa_rendered *r, const dpa_ast *a, buf *out)
{
	dpa_backend_opts bo = {0};
	dpa_diags d = {0};
	assert_int_equal(backend_find("html")->render(r, a, &bo, out, &d), 0);
	diags_free(&d);
}

/* The first tree of a thread lives in its pool (doc.h); a second tree
 * alive at the same time uses malloc.  Both render the same HTML (which
 * makes cmark allocate after parsing), freed in either order, and the
 * next tree takes the pool again. */
static void
two_trees_on_one_thread(void **state)
{
	(void)state;
	dpa_diags d = {0};
	dpa_doc doc;
	dpa_load_opts lo = {0};
	assert_int_equal(dpa_load(&doc, "examples/screenpublisher.yaml", &lo, &d), 0);
	dpa_tmpl *t = tmpl_compile(NULL, dpa_model_lang(doc.m), &d);
	dpa_rendered r;
	dpa_render_opts o = { .fingerprint = "0123456789ab" };
	assert_int_equal(tmpl_render(t, doc.m, &o, &r, &d), 0);
	buf h1 = {0}, h2 = {0}, h3 = {0};
	for (int order = 0; order < 2; order++) {
		dpa_ast a, b;
		assert_int_equal(doc_parse(&r, &a, &d), 0);
		assert_int_equal(doc_parse(&r, &b, &d), 0);
		assert_int_equal(a.mem != NULL, DOC_POOL);
		assert_null(b.mem);
		buf_reset(&h1);
		buf_reset(&h2);
		html_of(&r, &a, &h1);
		html_of(&r, &b, &h2);
		assert_string_equal(h1.data, h2.data);
		doc_free(order ? &a : &b);
		doc_free(order ? &b : &a);
	}
	dpa_ast c;
	assert_int_equal(doc_parse(&r, &c, &d), 0);
	assert_int_equal(c.mem != NULL, DOC_POOL);
	html_of(&r, &c, &h3);
	assert_string_equal(h1.data, h3.data);
	doc_free(&c);
	buf_free(&h1);
	buf_free(&h2);
	buf_free(&h3);
	rendered_free(&r);
	tmpl_free(t);
	dpa_doc_free(&doc);
	diags_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(examples_parse),
		cmocka_unit_test(two_trees_on_one_thread),
	};
	int rc = cmocka_run_group_tests_name("doc", tests, NULL, NULL);
	doc_shutdown();
	return rc;
}
