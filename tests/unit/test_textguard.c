/* test_textguard.c - the characters a value may hold (textguard.h), the
 * Markdown a Markdown value may hold (doc_check_value) and what check reads
 * of it (doc_value_text), and the loader's use of them (issue 18). */
#include "helpers.h"

#include "doc.h"
#include "textguard.h"

static void
classes(void **state)
{
	(void)state;
	static const uint32_t bidi[] = { 0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
		0x2066, 0x2067, 0x2068, 0x2069 };
	for (size_t i = 0; i < sizeof bidi / sizeof bidi[0]; i++)
		assert_int_equal(textguard_class(bidi[i]), TG_BIDI);
	static const uint32_t invisible[] = { 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x2062, 0x180E,
		0xFE0F, 0xE0041, 0xE0100, 0x034F, 0x3164, 0x115F };
	for (size_t i = 0; i < sizeof invisible / sizeof invisible[0]; i++)
		assert_int_equal(textguard_class(invisible[i]), TG_INVISIBLE);
	static const uint32_t control[] = { 0x00, 0x07, 0x0D, 0x1B, 0x7F, 0x80, 0x85, 0x9B, 0x9F };
	for (size_t i = 0; i < sizeof control / sizeof control[0]; i++)
		assert_int_equal(textguard_class(control[i]), TG_CONTROL);
	static const uint32_t fine[] = { '\t', '\n', ' ', 'a', 0xA0, 0xC6, 0xE5, 0xF8, 0x0435, 0x2013,
		0x20AC, 0xE000, 0x4F1A, 0x1F600 };
	for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
		assert_int_equal(textguard_class(fine[i]), TG_OK);
	assert_int_equal(textguard_class(0xAD), TG_SOFT_HYPHEN);
	assert_int_equal(textguard_class(0x2028), TG_SEPARATOR);
	assert_int_equal(textguard_class(0x2029), TG_SEPARATOR);
}

static void
names(void **state)
{
	(void)state;
	char b[96];
	assert_string_equal(textguard_describe(0x202E, b, sizeof b), "U+202E RIGHT-TO-LEFT OVERRIDE");
	assert_string_equal(textguard_describe(0x200B, b, sizeof b), "U+200B ZERO WIDTH SPACE");
	assert_string_equal(textguard_describe(0x2060, b, sizeof b), "U+2060 WORD JOINER");
	assert_string_equal(textguard_describe(0x061C, b, sizeof b), "U+061C ARABIC LETTER MARK");
	assert_string_equal(textguard_describe(0xFE0F, b, sizeof b), "U+FE0F VARIATION SELECTOR-16");
	assert_string_equal(textguard_describe(0xE0101, b, sizeof b), "U+E0101 VARIATION SELECTOR-18");
	assert_string_equal(textguard_describe(0xE0041, b, sizeof b), "U+E0041 TAG 'A'");
	assert_string_equal(textguard_describe(0x1B, b, sizeof b), "U+001B, a control character");
	assert_string_equal(textguard_describe(0x0600, b, sizeof b), "U+0600, a format character");
}

/* textguard_value on s: NULL and the bound text in *out, or the reason. */
static const char *
screen(arena *a, const char *s, bool md, const char **out)
{
	*out = s;
	return textguard_value(a, out, md);
}

static void
values(void **state)
{
	(void)state;
	arena a = {0};
	const char *out;
	const char *ascii = "Kunde A/S";
	assert_null(screen(&a, ascii, false, &out));
	assert_ptr_equal(out, ascii);            /* nothing to change: not copied */
	const char *nfc = "\xC3\x85se";          /* Åse */
	assert_null(screen(&a, nfc, false, &out));
	assert_ptr_equal(out, nfc);
	assert_null(screen(&a, "A\xCC\x8Ase", false, &out));   /* A + COMBINING RING ABOVE */
	assert_string_equal(out, nfc);
	assert_null(screen(&a, "Pri\xC2\xADvacy Shield", false, &out));
	assert_string_equal(out, "Privacy Shield");
	assert_string_equal(screen(&a, "Data slettes senest \xE2\x80\xAE" "03\xE2\x80\xAC dage", false, &out),
	    "U+202E RIGHT-TO-LEFT OVERRIDE at column 21 of the value: a bidirectional control changes "
	    "the order in which the text is shown, so a reader can see other words or digits than "
	    "check read; remove it");
	assert_string_equal(screen(&a, "Første linje.\nPrivacy\xE2\x80\x8BShield", false, &out),
	    "U+200B ZERO WIDTH SPACE at line 2, column 8 of the value: an invisible character can "
	    "hide a word from check while the agreement shows it; remove it");
	assert_non_null(strstr(screen(&a, "Safe\xE2\x80\x8DHarbour", false, &out), "U+200D ZERO WIDTH JOINER at column 5"));
	assert_non_null(strstr(screen(&a, "Safe\xE2\x81\xA0Harbour", false, &out), "U+2060 WORD JOINER at column 5"));
	assert_non_null(strstr(screen(&a, "x\xEF\xBB\xBFy", false, &out), "U+FEFF ZERO WIDTH NO-BREAK SPACE"));
	assert_non_null(strstr(screen(&a, "a\x1b[31m", false, &out), "U+001B, a control character at column 2"));
	assert_non_null(strstr(screen(&a, "a\xC2\x9B", false, &out), "U+009B, a control character"));
	assert_non_null(strstr(screen(&a, "a\xE2\x80\xA8" "b", false, &out), "U+2028 LINE SEPARATOR"));
	assert_string_equal(screen(&a, "a\xFF", false, &out), "a byte that is not UTF-8; a config holds UTF-8 text");
	arena_free(&a);
}


/* doc_check_value on s: NULL if it passes, else its message. */
static const char *
md_check(const char *s)
{
	static char why[256];
	return doc_check_value(s, strlen(s), why, sizeof why) == 0 ? NULL : why;
}

static void
md_expect(const char *s, const char *want)
{
	const char *got = md_check(s);
	if (!got || !strstr(got, want))
		fail_msg("\"%s\": got \"%s\", wanted \"%s\"", s, got ? got : "(passes)", want);
}

static void
markdown_allowed(void **state)
{
	(void)state;
	assert_null(md_check("Et afsnit med *kursiv*, **fed** og et [link](https://x.example).\n\n"
	    "- punkt\n- punkt med <https://y.example> og <kontakt@x.example>\n\n1. et\n2. to\n\n"
	    "#### Overskrift på niveau 4\n\n###### og 6\n\nLinje  \nskift, 3 < 4 og a \\<b\\>.\n"));
	assert_null(md_check("[mail](mailto:dpo@x.example) [HTTP](HTTP://X.EXAMPLE \"titel\")"));
	assert_null(md_check("Kunden står for opsætningen, herunder:\n\n- krypteret forbindelse;\n"
	    "- S/MIME.\n"));
	assert_null(md_check("&amp; &copy; &#229; &#x2013;"));
}

static void
markdown_refused(void **state)
{
	(void)state;
	/* Finding 06: an HTML block that would run to the end. */
	md_expect("Ingen.\n\n<!--", "raw HTML \"<!--\" at line 3 of the value: a Markdown value may hold "
	    "paragraphs, emphasis, lists, links and headings of level 4 to 6; write < as \\<");
	md_expect("Ingen.\n\n<script>", "raw HTML \"<script>\" at line 3");
	md_expect("Ingen.\n\n<pre>", "raw HTML \"<pre>\" at line 3");
	md_expect("Ingen.\n\n<style>", "raw HTML \"<style>\" at line 3");
	md_expect("a <i onclick=x>raw</i>", "raw HTML \"<i onclick=x>\" at line 1");
	/* Finding 20: a heading at a clause's level. */
	md_expect("Ingen.\n\n## 16. Ansvarsbegrænsning\n\nx",
	    "a heading of level 2 (\"16. Ansvarsbegrænsning\") at line 3 of the value");
	md_expect("Titel\n=====\n", "a heading of level 1 (\"Titel\") at line 1");
	md_expect("### C.9 Ekstra", "a heading of level 3");
	/* Finding 08: entities that make control or format characters. */
	md_expect("x &#27;]0;PWNED&#7;", "an entity or escape that makes U+001B, a control character at line 1");
	md_expect("x &#155;", "U+009B");
	md_expect("x &#127;", "U+007F");
	md_expect("\n\nx &#x202E;", "an entity or escape that makes U+202E RIGHT-TO-LEFT OVERRIDE at line 3");
	md_expect("Privacy&#8203;Shield", "U+200B ZERO WIDTH SPACE");
	md_expect("Pri&shy;vacy", "U+00AD SOFT HYPHEN");
	md_expect("[a](https://x.example \"t&#8203;\")", "a link title with U+200B");
	/* Fences, code, and what the field does not document. */
	md_expect("x\n\n```\nkode", "an unclosed fenced code block (```) at line 3 of the value");
	md_expect("~~~~\nkode\n~~~", "an unclosed fenced code block (~~~) at line 1");
	md_expect("```\nkode\n```\n", "a code block (a ``` fence, or a line indented 4 spaces) at line 1");
	md_expect("x\n\n    indrykket", "a code block");
	md_expect("a `kode`", "code (`...`)");
	md_expect("![i](http://x/y.png)", "an image at line 1");
	md_expect("> citat", "a block quote (>)");
	md_expect("x\n\n---\n", "a horizontal rule (---) at line 3");
	md_expect("|a|b|\n|-|-|\n|c|d|", "a table (a row like \"|---|\") at line 2");
	md_expect("[c](javascript:alert(1))", "a link to \"javascript:alert(1)\" at line 1 of the value: "
	    "a Markdown value may hold paragraphs, emphasis, lists, links and headings of level 4 to 6; "
	    "links go to http, https and mailto addresses only");
	md_expect("[c](javascript&#58;alert(1))", "a link to \"javascript:alert(1)\"");
	md_expect("[c](side.html)", "a link to \"side.html\"");
	md_expect("[c](#breach)", "a link to \"#breach\"");
	md_expect("a\n\n[x]: javascript:alert(1)\n", "a link reference definition (\"[label]: URL\") at "
	    "line 3 of the value: a Markdown value may hold paragraphs, emphasis, lists, links and "
	    "headings of level 4 to 6; write the link as [text](URL) where it is used");
	md_expect("- [x]: https://y.example", "a link reference definition");
}

/* The engine's review marks (U+E000, U+E001) are dropped from a value it
 * inserts: "\uE001## 16. X" passed the Markdown check as a paragraph and
 * became a clause heading (fuzz_mdvalue, corpus/mdvalue/review-mark-heading). */
static void
review_marks(void **state)
{
	(void)state;
	arena a = {0};
	const char *out;
	assert_string_equal(screen(&a, "Tekst\n\n\xEE\x80\x81## 16. X", true, &out),
	    "U+E001, a private-use character at line 3, column 1 of the value: a private-use "
	    "character dpagen uses to mark values for review or changes in a redline; remove it");
	assert_non_null(strstr(screen(&a, "Privacy\xEE\x80\x80 Shield", false, &out),
	    "U+E000, a private-use character at column 8"));
	assert_null(screen(&a, "a\xEE\x80\x82", false, &out));      /* U+E002: not a mark */
	/* The redline's (U+E003-U+E006): a value would show words as deleted
	 * or inserted that the diff did not find. */
	assert_non_null(strstr(screen(&a, "a\xEE\x80\x83" "b", false, &out), "U+E003, a private-use"));
	assert_non_null(strstr(screen(&a, "a\xEE\x80\x86" "b", false, &out), "U+E006, a private-use"));
	assert_null(screen(&a, "a\xEE\x80\x87", false, &out));      /* U+E007: none */
	assert_non_null(strstr(md_check("&#xE005;x"), "U+E005"));
	assert_int_equal(textguard_class(0xE001), TG_OK);           /* the back-ends read them */
	assert_non_null(strstr(md_check("&#xE000;x"), "U+E000"));
	arena_free(&a);
}

static void
markdown_text(void **state)
{
	(void)state;
	buf b = {0};
	doc_value_text("Under Privacy **Shield** og&#32;[Safe Harbour](https://x.example).\n\n- et\n- to\n",
	    strlen("Under Privacy **Shield** og&#32;[Safe Harbour](https://x.example).\n\n- et\n- to\n"), &b);
	assert_string_equal(b.data, "Under Privacy Shield og Safe Harbour.\n\net\n\nto\n\n");
	buf_free(&b);
}

/* Through the loader: located errors, NFC in the model. */
static void
loader(void **state)
{
	(void)state;
	dpa_doc doc;
	dpa_diags d = {0};
	assert_int_equal(load_yaml("t.yaml", MINIMAL, (const char *const[]){
	    "agreement.reference=\"A\\u030Ase\"", "processor.name=\"Lever\\u00ADand\\u00F8r ApS\"" }, 2,
	    &doc, &d), 0);
	assert_string_equal(doc.m->agreement.reference.s, "\xC3\x85se");
	assert_string_equal(doc.m->processor.name.s, "Leverandør ApS");
	dpa_doc_free(&doc);
	diags_free(&d);

	char yaml[2048];
	snprintf(yaml, sizeof yaml, "%sretention:\n  period: \"Senest \\u202e03\\u202c dage\"\n"
	    "other_terms:\n  - title: Vilkår\n    text: |\n      Ingen.\n\n      <!--\n", MINIMAL);
	assert_int_equal(load_yaml("t.yaml", yaml, NULL, 0, &doc, &d), -1);
	assert_int_equal(d.n, 2);
	assert_string_equal(diag_text(&d, 0), "17:11: retention.period: U+202E RIGHT-TO-LEFT OVERRIDE at "
	    "column 8 of the value: a bidirectional control changes the order in which the text is "
	    "shown, so a reader can see other words or digits than check read; remove it");
	assert_string_equal(diag_text(&d, 1), "20:11: other_terms[0].text: raw HTML \"<!--\" at line 3 "
	    "of the value: a Markdown value may hold paragraphs, emphasis, lists, links and headings "
	    "of level 4 to 6; write < as \\<");
	dpa_doc_free(&doc);
	diags_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(classes),
		cmocka_unit_test(names),
		cmocka_unit_test(values),
		cmocka_unit_test(markdown_allowed),
		cmocka_unit_test(markdown_refused),
		cmocka_unit_test(review_marks),
		cmocka_unit_test(markdown_text),
		cmocka_unit_test(loader),
	};
	return cmocka_run_group_tests_name("textguard", tests, NULL, NULL);
}
