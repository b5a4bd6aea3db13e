/* fuzz_mdvalue.c - the screening of config values (issue 18): a
 * Markdown value (other_terms[].text) and a plain text value through
 * textguard_value() as the loader calls it, then, when accepted, inserted
 * into a small agreement as the engine inserts them (the Markdown as it
 * stands, the text escaped by md_escape_inline/md_escape_paragraphs) and
 * parsed as doc_parse() parses an agreement.
 *
 * Input: MARKDOWN [NUL TEXT].  Asserted for an accepted value: every
 * heading of the agreement (clauses, annex, section, signatures) is still
 * a top-level heading and no other heading of level 1 to 3 appears; the
 * signatures' table, the rule and the footer end the document; no raw
 * HTML and no code block in the tree; no text of the tree holds a
 * character textguard refuses (control, bidi, zero-width, soft hyphen),
 * entities decoded; an escaped text value reads back as itself. */
#include "fuzz.h"

#include <cmark-gfm-core-extensions.h>
#include <utf8proc.h>

#include "doc.h"
#include "textguard.h"
#include "tmpl.h"

/* The agreement around the values: the end of the clauses and annex D,
 * the signatures and the footer, as templates/da renders them. */
static const char *const before =
    "## 13. Parternes aftale om andre forhold\n\n"
    "Tekst.\n\n"
    "## Bilag D – Parternes regulering af andre forhold\n\n"
    "### D.4 Andre forhold\n\n"
    "**";
static const char *const after =
    "## Underskrifter\n\n"
    "**For den dataansvarlige: Kunde A/S**\n\n"
    "| Navn | Titel |\n|---|---|\n| Lars | Direktør |\n\n"
    "---\n\n"
    "Reference FUZZ · Fingeraftryk 0123456789ab\n";
static const char *const heads[] = {
	"13. Parternes aftale om andre forhold",
	"Bilag D – Parternes regulering af andre forhold",
	"D.4 Andre forhold",
	"Underskrifter",
};
enum { NHEADS = sizeof heads / sizeof heads[0] };

static void
need(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_mdvalue: %s\n", what);
		abort();
	}
}

static cmark_node *
parse(const char *s, size_t len, cmark_parser **pp)
{
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	cmark_syntax_extension *table = cmark_find_syntax_extension("table");
	need(p && table && cmark_parser_attach_syntax_extension(p, table), "parser");
	cmark_parser_feed(p, s, len);
	cmark_node *root = cmark_parser_finish(p);
	need(root != NULL, "parse");
	*pp = p;
	return root;
}

/* Every character of a text node is one textguard lets through. */
static void
clean_text(const char *s)
{
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
	for (utf8proc_ssize_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, len - i, &cp);
		need(n > 0, "text of the tree is not UTF-8");
		need(textguard_class((uint32_t)cp) == TG_OK && !textguard_is_mark((uint32_t)cp),
		    "a refused character in the tree's text");
		i += n;
	}
}

static void
plain(cmark_node *n, buf *out)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_TEXT)
			buf_puts(out, cmark_node_get_literal(c));
		else
			buf_puts(out, "\x01");   /* anything else: no match */
	}
}

/* The agreement's structure survived; returns the top-level node after
 * the title paragraph (the first of the values). */
static void
check_tree(cmark_node *root, const char *textpara)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	size_t h = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node_type t = cmark_node_get_type(n);
		need(t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_HTML_INLINE, "raw HTML in the tree");
		need(t != CMARK_NODE_CODE_BLOCK, "a code block in the tree");
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
			clean_text(cmark_node_get_literal(n));
		if (t == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) <= 3) {
			need(h < NHEADS && cmark_node_parent(n) == root, "a heading of level 1 to 3 added");
			buf b = {0};
			plain(n, &b);
			need(b.data && strcmp(b.data, heads[h]) == 0, "a heading of the agreement changed");
			buf_free(&b);
			h++;
		}
	}
	cmark_iter_free(it);
	need(h == NHEADS, "a heading of the agreement lost");
	/* The end: heading, party, table, rule, footer. */
	cmark_node *n = cmark_node_last_child(root);
	buf b = {0};
	need(n && cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH, "footer lost");
	plain(n, &b);
	need(b.data && strcmp(b.data, "Reference FUZZ · Fingeraftryk 0123456789ab") == 0, "footer changed");
	buf_free(&b);
	n = cmark_node_previous(n);
	need(n && cmark_node_get_type(n) == CMARK_NODE_THEMATIC_BREAK, "rule lost");
	n = cmark_node_previous(n);
	need(n && strcmp(cmark_node_get_type_string(n), "table") == 0, "signature table lost");
	n = cmark_node_previous(cmark_node_previous(n));
	need(n && cmark_node_get_type(n) == CMARK_NODE_HEADING, "signatures heading moved");
	/* The escaped text value: one paragraph after the title that reads
	 * back as the value. */
	if (textpara) {
		cmark_node *p = cmark_node_first_child(root);
		while (p && !(cmark_node_get_type(p) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(p) == 3))
			p = cmark_node_next(p);
		p = p ? cmark_node_next(cmark_node_next(p)) : NULL;   /* past the title */
		need(p && cmark_node_get_type(p) == CMARK_NODE_PARAGRAPH, "text value not a paragraph");
		buf_puts(&b, "");
		plain(p, &b);
		need(strcmp(b.data, textpara) == 0, "escaped text value reads back differently");
		buf_free(&b);
	}
}

/* value as the engine's tval_emit writes a V_MD value: review marks out. */
static void
emit_md(buf *out, const char *v)
{
	size_t len = strlen(v);
	for (size_t i = 0; i < len; i++) {
		if (i + 2 < len && (unsigned char)v[i] == 0xEE && (unsigned char)v[i + 1] == 0x80 &&
		    ((unsigned char)v[i + 2] == 0x80 || (unsigned char)v[i + 2] == 0x81)) {
			i += 2;
			continue;
		}
		buf_putc(out, v[i]);
	}
}

/* What a reader sees of an inline text value: line breaks and tabs as
 * spaces, trimmed, review marks out. */
static char *
expected_inline(const char *v)
{
	buf b = {0};
	buf_puts(&b, "");
	emit_md(&b, v);
	char *s = b.data;
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	size_t i = 0, n = strlen(s);
	while (s[i] == ' ')
		i++;
	while (n > i && s[n - 1] == ' ')
		n--;
	memmove(s, s + i, n - i);
	s[n - i] = '\0';
	return s;
}

static void
one(const char *md, const char *text)
{
	buf doc = {0};
	buf_puts(&doc, before);
	if (text)
		md_escape_inline(&doc, text, strlen(text), false);   /* the title, inside ** */
	buf_puts(&doc, "Titel**\n\n");
	char *want = NULL;
	if (text) {
		size_t mark = doc.len;
		md_escape_inline(&doc, text, strlen(text), true);      /* a value starting a block */
		want = expected_inline(text);
		if (doc.len == mark)                                     /* empty: nothing to find */
			free(want), want = NULL;
		buf_puts(&doc, "\n\n");
		md_escape_paragraphs(&doc, text, strlen(text));
		buf_puts(&doc, "\n\n");
	}
	if (md) {
		emit_md(&doc, md);
		buf_puts(&doc, "\n\n");
	}
	buf_puts(&doc, after);
	cmark_parser *p;
	cmark_node *root = parse(doc.data, doc.len, &p);
	check_tree(root, want);
	cmark_node_free(root);
	cmark_parser_free(p);
	free(want);
	buf_free(&doc);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	doc_setup();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *part[2];
	size_t plen[2];
	fz_split(data, size, 2, part, plen);
	char *v[2];
	for (int i = 0; i < 2; i++) {
		v[i] = xmalloc(plen[i] + 1);
		memcpy(v[i], part[i], plen[i]);
		v[i][plen[i]] = '\0';
	}
	arena a = {0};
	const char *md = v[0], *text = v[1];
	if (textguard_value(&a, &md, true) != NULL)
		md = NULL;
	else
		clean_text(md);
	if (textguard_value(&a, &text, false) != NULL)
		text = NULL;
	else
		clean_text(text);
	if (md || text)
		one(md, text);
	/* The Markdown value alone, as check reads it. */
	if (md) {
		buf b = {0};
		doc_value_text(md, strlen(md), &b);
		if (b.data)
			clean_text(b.data);
		buf_free(&b);
	}
	arena_free(&a);
	free(v[0]);
	free(v[1]);
	return 0;
}
