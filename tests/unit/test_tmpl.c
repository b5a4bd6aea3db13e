/* test_tmpl.c - the template engine: paths, sections, conditionals,
 * filters, escaping, numbering, cross-references and template errors. */
#include "helpers.h"

#include "standard.h"
#include "tmpl.h"

typedef struct result {
	int rc;
	char md[16384];
	dpa_diags d;
	dpa_rendered r;
} result;

/* Compile files, load MINIMAL + yaml, render.  rc: 0 ok, -1 compile or
 * load failed, -2 render failed. */
static void
render(const char *const *files, const char *yaml, const dpa_render_opts *o, result *res)
{
	memset(res, 0, sizeof *res);
	char cfg[4096];
	snprintf(cfg, sizeof cfg, "%s%s", MINIMAL, yaml ? yaml : "");
	dpa_doc doc;
	dpa_render_opts def = { .fingerprint = "abc123" };
	if (load_yaml("cfg.yaml", cfg, NULL, 0, &doc, &res->d) != 0) {
		diags_print(&res->d, stderr);
		fail();
	}
	dpa_tmpl *t = tmpl_compile(put_template_set(files), dpa_model_lang(doc.m), &res->d);
	if (!t) {
		res->rc = -1;
	} else {
		res->rc = tmpl_render(t, doc.m, o ? o : &def, &res->r, &res->d) ? -2 : 0;
		snprintf(res->md, sizeof res->md, "%s", res->r.md.data);
	}
	diags_sort(&res->d);
	tmpl_free(t);
	dpa_doc_free(&doc);
}

static void
done(result *res)
{
	rendered_free(&res->r);
	diags_free(&res->d);
}

/* Render a one-file set and compare the Markdown. */
static void
expect_md(const char *tpl, const char *yaml, const char *want)
{
	const char *files[] = { "document", tpl, NULL };
	result res;
	render(files, yaml, NULL, &res);
	if (res.rc)
		diags_print(&res.d, stderr);
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.md, want);
	done(&res);
}

/* Compile or render a one-file set; the first error starts with want
 * ("L:C: message"; some messages go on with a temporary path). */
static void
expect_error(const char *tpl, const char *want)
{
	const char *files[] = { "document", tpl, NULL };
	result res;
	render(files, NULL, NULL, &res);
	assert_int_not_equal(res.rc, 0);
	assert_true(res.d.n >= 1);
	const char *got = diag_text(&res.d, 0);
	if (strncmp(got, want, strlen(want)) != 0)
		fail_msg("got \"%s\"\nwant \"%s...\"", got, want);
	assert_non_null(strstr(res.d.v[0].loc.file, "document.md"));
	done(&res);
}

static void
values_and_paths(void **state)
{
	(void)state;
	expect_md("{{processor.name}} / {{security.level}} / {{doc.fingerprint}}\n",
	    NULL, "Leverandør ApS / normalt / abc123\n");
	/* A field called "title" is a value; "title ID" is the tag. */
	expect_md("{{#each other_terms}}{{title}}/{{title | default \"-\"}}{{/each}}\n",
	    "other_terms: [{title: Ansvar, text: x}]\n", "Ansvar/Ansvar\n");
	/* Absent values render as nothing. */
	expect_md("[{{agreement.reference}}]\n", NULL, "[]\n");
}

static void
sections(void **state)
{
	(void)state;
	expect_md("{{#each processing.data_types}}{{@number}}={{.}}{{#unless @last}}, {{/unless}}{{/each}}\n",
	    NULL, "1=navn, 2=e-mail\n");
	expect_md("{{#if agreement.reference}}yes{{else}}no{{/if}}\n", NULL, "no\n");
	expect_md("{{#if security.level == \"normal\"}}N{{/if}}{{#if security.level != \"high\"}}!H{{/if}}\n",
	    NULL, "N!H\n");
	expect_md("{{#if breach.notify_hours > 48}}late{{else}}ok{{/if}}\n",
	    "breach: {notify_hours: 72}\n", "late\n");
	/* {{optional}}: a column whose body cells are all empty goes, in the
	 * Markdown itself (so in every format), the mark never shows. */
	static const char table[] = "| A | {{optional}}B | {{optional}}C |\n|---|---|---|\n"
	    "{{#each sub_processors.list}}| {{name}} | {{registration}} | {{address}} |\n{{/each}}";
	expect_md(table, "sub_processors:\n  list:\n    - {name: S1, country: SE, service: x}\n"
	    "    - {name: S2, country: DE, service: y, address: Vej 1}\n",
	    "| A | C |\n|---|---|\n| S1 |  |\n| S2 | Vej 1 |\n");
	expect_md("| A | {{optional}}B |\n|---|---|\n| a | b |\n", NULL, "| A | B |\n|---|---|\n| a | b |\n");
	expect_md("| A | B |\n|---|---|\n| a | |\n", NULL, "| A | B |\n|---|---|\n| a | |\n");
	/* "given": stated, even as an empty list; left out is not stated. */
	static const char given[] = "{{#if given sub_processors.list}}{{#if sub_processors.list}}some"
	    "{{else}}none{{/if}}{{else}}unstated{{/if}}\n";
	expect_md(given, NULL, "unstated\n");
	expect_md(given, "sub_processors:\n  list: []\n", "none\n");
	expect_md(given, "sub_processors:\n  list: [{name: S, country: SE, service: x}]\n", "some\n");
	expect_md("{{#unless given processing.cpr_numbers}}?{{/unless}}\n", NULL, "?\n");
	/* Inside #each the item's fields come first, then the top level. */
	expect_md("{{#each sub_processors.list}}{{name}} for {{processor.name}}\n{{/each}}",
	    "sub_processors:\n  list:\n    - {name: S1, country: SE, service: x}\n    - {name: S2, country: DE, service: y}\n",
	    "S1 for Leverandør ApS\nS2 for Leverandør ApS\n");
}

/* "has", "where" and a list's length: C.6 explains each basis once,
 * naming the sub-processors it covers. */
static void
lists_filtered(void **state)
{
	(void)state;
	static const char subs[] = "sub_processors:\n  list:\n"
	    "    - {name: A, country: US, service: x, transfer_basis: [dpf, scc], dpf_certified: true}\n"
	    "    - {name: B, country: DE, service: y}\n"
	    "    - {name: C, country: IN, service: z, transfer_basis: scc}\n"
	    "    - {name: D, country: US, service: w, transfer_basis: [scc]}\n";
	static const char names[] = "{{#each sub_processors.list where transfer_basis has \"scc\"}}"
	    "{{#unless @first}}{{#if @last}} and {{else}}, {{/if}}{{/unless}}{{@number}}.{{name}}{{/each}}\n";
	expect_md(names, subs, "1.A, 2.C and 3.D\n");
	expect_md("{{#if sub_processors.list where transfer_basis has \"bcr\"}}bcr{{else}}none{{/if}}"
	    "{{#if sub_processors.list where transfer_basis has \"dpf\"}} dpf{{/if}}\n", subs, "none dpf\n");
	expect_md("{{#each sub_processors.list where transfer_basis > 1}}{{name}}{{/each}}"
	    "{{#each sub_processors.list where dpf_certified}}{{name}}{{/each}}"
	    "{{#if sub_processors.list > 3}} four{{/if}}"
	    "{{#if sub_processors.list where transfer_basis < 1}} none{{/if}}\n", subs, "AA four none\n");
	expect_md("{{#each sub_processors.list}}{{#if transfer_basis has \"scc\"}}{{name}}{{/if}}{{/each}}"
	    "{{#each sub_processors.list}}{{#each transfer_basis}}{{#if . == \"dpf\"}}+{{/if}}{{/each}}{{/each}}\n",
	    subs, "ACD+\n");
	expect_md("[{{#each sub_processors.list where transfer_basis}}x{{/each}}]\n", NULL, "[]\n");
}

static void
standalone_lines_vanish(void **state)
{
	(void)state;
	expect_md("a\n{{#if processor.name}}\nb\n{{/if}}\n{{! a comment }}\nc\n", NULL, "a\nb\nc\n");
	/* Blank lines never pile up, trailing spaces go. */
	expect_md("a   \n\n\n\n{{#if agreement.reference}}\nx\n{{/if}}\n\nb\n", NULL, "a\n\nb\n");
}

static void
filters(void **state)
{
	(void)state;
	const char *yaml = "agreement: {date: 2026-03-01}\nbreach: {notify_hours: 1}\n"
	    "assistance: {response_days: 30}\n"
	    "sub_processors: {list: [{name: S, country: DE, locations: [DE, FI, NO], service: x}]}\n";
	expect_md("Dato: {{agreement.date | date}}; {{agreement.date}}\n", yaml, "Dato: 1. marts 2026; 2026-03-01\n");
	/* At the start of a line "1." would open a list: escaped there. */
	expect_md("{{agreement.date | date}}\n", yaml, "1\\. marts 2026\n");
	expect_md("{{#each sub_processors.list}}{{locations | country | join}}; {{locations | join \"eller\"}}{{/each}}\n",
	    yaml, "Tyskland, Finland og Norge; DE, FI eller NO\n");
	expect_md("{{breach.notify_hours | count \"time\" \"timer\"}}, {{assistance.response_days | count \"dag\" \"dage\"}}\n",
	    yaml, "1 time, 30 dage\n");
	expect_md("{{agreement.venue | default \"Retten\"}}\n", yaml, "Retten\n");
	expect_md("{{processing.data_types | join}}\n", NULL, "navn og e-mail\n");
	/* English words and dates with language: en. */
	expect_md("{{agreement.date | date}}; {{processing.data_types | join}}\n",
	    "language: en\nagreement: {date: 2026-03-01}\n", "1 March 2026; navn and e-mail\n");
	/* A value of nothing but blanks renders as nothing (it once crashed). */
	expect_md("[{{agreement.service | paragraphs}}][{{agreement.service}}]\n",
	    "agreement: {service: \"   \\n\\n  \"}\n", "[][]\n");
	expect_md("{{agreement.service | paragraphs}}\n",
	    "agreement: {service: \"one\\nline\\n\\n\\n- two\"}\n", "one line\n\n\\- two\n");
}

static void
escaping(void **state)
{
	(void)state;
	expect_md("{{agreement.venue}}\n",
	    "agreement: {venue: \"*Acme* _x_ [a](b) <script>alert(1)</script> `c` {{processing.purpose}} | ~ & #\"}\n",
	    "\\*Acme\\* \\_x\\_ \\[a\\](b) \\<script\\>alert(1)\\</script\\> \\`c\\` {{processing.purpose}} \\| \\~ \\& \\#\n");
	/* What only matters at the start of a line. */
	expect_md("{{agreement.venue}}\n", "agreement: {venue: \"- item\"}\n", "\\- item\n");
	expect_md("- {{agreement.venue}}\n", "agreement: {venue: \"- item\"}\n", "- \\- item\n");
	expect_md("{{agreement.venue}}\n", "agreement: {venue: \"1. first\"}\n", "1\\. first\n");
	expect_md("{{agreement.venue}}\n", "agreement: {venue: \"===\"}\n", "\\===\n");
	expect_md("{{agreement.venue}}\n", "agreement: {venue: \"- - -\"}\n", "\\- - -\n");
	/* Tabs are judged as the spaces they become: "-- -" is a break too. */
	expect_md("{{agreement.venue}}\n", "agreement: {venue: \"--\\t-\"}\n", "\\-- -\n");
	/* What is not a marker stays as it is, even at the start of a line. */
	expect_md("{{agreement.venue}}\n", "agreement: {venue: \"1.0 -5 =x +45 1)x\"}\n", "1.0 -5 =x +45 1)x\n");
	/* The same text in mid-sentence needs no escape. */
	expect_md("On {{agreement.venue}}\n", "agreement: {venue: \"1. first - x\"}\n", "On 1. first - x\n");
	/* Line breaks in plain text never start a new block. */
	expect_md("{{agreement.service}}\n", "agreement: {service: \"a\\n# b\"}\n", "a \\# b\n");
	/* A Markdown field is inserted as Markdown. */
	expect_md("{{#each other_terms}}{{text}}{{/each}}\n", "other_terms: [{title: T, text: \"*yes*\"}]\n", "*yes*\n");
}

static void
numbering_and_refs(void **state)
{
	(void)state;
	const char *files[] = {
		"document", "# Title\n\n{{clause toc}} Contents\n\n{{toc}}\n{{> c2}}\n{{annex annex-a}} First annex\n\n"
		    "{{section a-one}} One\n\nSee {{ref breach-notify}} and {{title annex-a}}.\n\n"
		    "{{part signatures}} Signatures\n\nx\n\n{{footer}}\nend\n",
		"c2", "{{clause breach}} Breach\n\n{{sub}} First.\n\n{{sub breach-notify}} Within {{ref a-one}} of {{ref annex-a}}.\n",
		NULL,
	};
	result res;
	render(files, NULL, NULL, &res);
	if (res.rc)
		diags_print(&res.d, stderr);
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.md,
	    "# Title\n\n## 1. Contents\n\n"
	    "- [2. Breach](#breach)\n- [Bilag A – First annex](#annex-a)\n- [Signatures](#signatures)\n\n"
	    "## 2. Breach\n\n**2.1.** First.\n\n**2.2.** Within [A.1](#a-one) of [A](#annex-a).\n\n"
	    "## Bilag A – First annex\n\n### A.1 One\n\nSee [2.2](#breach-notify) and First annex.\n\n"
	    "## Signatures\n\nx\n\nend\n");
	/* The clause index: kind, id, number and the line it starts on. */
	assert_int_equal(res.r.nindex, 9);
	assert_int_equal(res.r.index[1].kind, DPA_HEAD_TOC);
	assert_int_equal(res.r.index[1].line, 5);
	assert_string_equal(res.r.index[4].id, "breach-notify");
	assert_string_equal(res.r.index[4].number, "2.2");
	assert_int_equal(res.r.index[4].kind, DPA_HEAD_SUB);
	assert_int_equal(res.r.index[4].line, 13);
	assert_int_equal(res.r.index[2].line, 9);
	assert_int_equal(res.r.index[8].kind, DPA_HEAD_FOOTER);
	assert_int_equal(res.r.index[8].line, 25);
	done(&res);

	dpa_render_opts ao = { .annexes_only = true, .fingerprint = "f" };
	render(files, NULL, &ao, &res);
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.md, "# Title\n\n## Bilag A – First annex\n\n### A.1 One\n\n"
	    "See 2.2 and First annex.\n\nend\n");
	done(&res);
}

static void
highlight_marks_values(void **state)
{
	(void)state;
	const char *files[] = { "document", "By {{agreement.venue}}{{agreement.reference}}.\n", NULL };
	dpa_render_opts o = { .highlight = true };
	result res;
	render(files, "agreement: {venue: Retten}\n", &o, &res);
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.md, "By " DPA_MARK_ON "Retten" DPA_MARK_OFF ".\n");
	done(&res);
	/* User text cannot forge the marks: the loader refuses them (the
	 * engine, which drops them, would show other text than check read). */
	char cfg[4096];
	snprintf(cfg, sizeof cfg, "%s%s", MINIMAL, "agreement: {venue: \"a\xEE\x80\x80" "b\"}\n");
	dpa_doc doc;
	dpa_diags d = {0};
	assert_int_not_equal(load_yaml("cfg.yaml", cfg, NULL, 0, &doc, &d), 0);
	assert_non_null(strstr(diag_text(&d, 0), "agreement.venue: U+E000, a private-use character"));
	dpa_doc_free(&doc);
	diags_free(&d);
}

static void
template_errors_located(void **state)
{
	(void)state;
	expect_error("ok\n  {{processor.nmae}}\n", "2:3: \"processor\" has no field \"nmae\"");
	expect_error("{{nothing}}\n", "1:1: unknown field \"nothing\" (see `dpagen schema` for the config's fields)");
	expect_error("x {{processor.name | shout}}\n",
	    "1:3: unknown filter \"shout\" (filters: date, country, join, number, count, default, paragraphs)");
	expect_error("{{processor.name | date}}\n", "1:1: filter \"date\" does not apply to text");
	expect_error("{{#if given processor.name == \"x\"}}y{{/if}}\n",
	    "1:1: \"given\" takes a field name only");
	expect_error("{{#if processor.name}}\nx\n", "1:1: {{#if}} is never closed with {{/if}}");
	expect_error("{{#each processing.data_types}}\n{{/if}}\n",
	    "2:1: expected {{/each}} to close {{#each}} of line 1");
	expect_error("a {{processor.name\nb\n", "1:3: unclosed \"{{\": a tag must end with \"}}\" on the same line");
	expect_error("{{ref nowhere}}\n",
	    "1:1: reference to \"nowhere\", which no clause, annex, section or part defines");
	expect_error("{{> missing}}\n", "1:1: template ");
	expect_error("{{clause a}} A\n\n{{clause a}} B\n", "3:1: id \"a\" is already used at ");
	expect_error("{{#if security.level == \"hihg\"}}x{{/if}}\n", "1:1: \"hihg\" is not a value of level");
	expect_error("{{sub}} x\n", "1:1: {{sub}} outside a clause or annex");
	expect_error("{{#if processing.data_types where x}}y{{/if}}\n", "1:1: \"where\" follows a list of maps");
	expect_error("{{#each sub_processors.list where nmae}}{{/each}}\n", "1:1: unknown field \"nmae\"");
	expect_error("{{#if processor.name has \"x\"}}y{{/if}}\n",
	    "1:1: \"has\" tests a list of values for a \"quoted\" word");
	expect_error("{{#each sub_processors.list}}{{#if transfer_basis has \"dfp\"}}y{{/if}}{{/each}}\n",
	    "1:30: \"dfp\" is not a value of transfer_basis");
	expect_error("{{#each sub_processors.list}}{{> x}}{{/each}}\n",
	    "1:30: {{> x}}: includes are allowed outside {{#each}} only");
}

static void
builtin_sets_compile(void **state)
{
	(void)state;
	for (int l = 0; l < DPA_LANG__MAX; l++) {
		dpa_diags d = {0};
		dpa_tmpl *t = tmpl_compile(NULL, (dpa_lang)l, &d);
		if (!t)
			diags_print(&d, stderr);
		assert_non_null(t);
		tmpl_free(t);
		diags_free(&d);
	}
}

/* The bundled sets number every part of the standard they name as the
 * standard does ("pkt. 7.3" means the same clause), and keep at least the
 * standard's sub-clauses in each clause, for every example in both
 * languages (the numbers are counted as rendered, branches included). */
static void
standard_numbers_kept(void **state)
{
	(void)state;
	static const char *const examples[] = { "examples/minimal.yaml", "examples/onlime.yaml",
		"examples/onecom.yaml", "examples/orbit.yaml", "examples/screenpublisher.yaml",
		"examples/uptime.yaml", "examples/saas-online.yaml" };
	for (size_t e = 0; e < sizeof examples / sizeof examples[0]; e++)
		for (int l = 0; l < DPA_LANG__MAX; l++) {
			dpa_doc doc;
			dpa_diags d = {0};
			dpa_load_opts lo = { .lang = l ? "en" : "da" };
			assert_int_equal(dpa_load(&doc, examples[e], &lo, &d), 0);
			dpa_tmpl *t = tmpl_compile(NULL, (dpa_lang)l, &d);
			dpa_render_opts o = { .fingerprint = "x" };
			dpa_rendered r;
			assert_int_equal(tmpl_render(t, doc.m, &o, &r, &d), 0);
			int subs[16] = {0}, clause = 0;
			size_t found = 0;
			for (size_t i = 0; i < r.nindex; i++) {
				const dpa_heading *h = &r.index[i];
				if (h->kind == DPA_HEAD_CLAUSE)
					clause = atoi(h->number);
				else if (h->kind == DPA_HEAD_SUB && clause >= 1 && clause <= 15)
					subs[clause]++;
				const char *std = h->id ? standard_number(h->id) : NULL;
				if (!std)
					continue;
				found++;
				if (strcmp(std, h->number) != 0)
					fail_msg("%s (%s): %s is %s, the standard's %s", examples[e], l ? "en" : "da",
					    h->id, h->number, std);
			}
			if (found != standard_count())
				fail_msg("%s: %zu of the standard's %zu parts found", examples[e], found,
				    standard_count());
			for (int c = 1; c <= 15; c++)
				if (subs[c] < standard_subs(c))
					fail_msg("%s (%s): clause %d has %d sub-clauses, the standard %d", examples[e],
					    l ? "en" : "da", c, subs[c], standard_subs(c));
			rendered_free(&r);
			tmpl_free(t);
			dpa_doc_free(&doc);
			diags_free(&d);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_and_paths),
		cmocka_unit_test(sections),
		cmocka_unit_test(lists_filtered),
		cmocka_unit_test(standalone_lines_vanish),
		cmocka_unit_test(filters),
		cmocka_unit_test(escaping),
		cmocka_unit_test(numbering_and_refs),
		cmocka_unit_test(highlight_marks_values),
		cmocka_unit_test(template_errors_located),
		cmocka_unit_test(builtin_sets_compile),
		cmocka_unit_test(standard_numbers_kept),
	};
	return cmocka_run_group_tests_name("tmpl", tests, NULL, NULL);
}
