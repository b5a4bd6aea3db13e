/* doc.h - the rendered Markdown as one cmark-gfm AST (GFM tables on, raw
 * HTML never passed through), with the clause index tied to its nodes.
 * The only module that calls the Markdown parser; every back-end except
 * Markdown walks this tree.  doc_free() releases the tree and the parser.
 */
#ifndef DPAGEN_DOC_H
#define DPAGEN_DOC_H

#include <cmark-gfm.h>

#include "tmpl.h"

typedef struct dpa_ast {
	cmark_parser *parser;     /* kept: its extensions render tables */
	cmark_node *root;
	const dpa_rendered *r;
	cmark_node **node_of;     /* per clause-index entry: its heading or
	                           * paragraph node, NULL if left out */
	pool *mem;                /* the tree's memory, if in a pool */
} dpa_ast;

/* Register the parser's extensions; doc_parse() does it too, but threads
 * must find it done (the registry is global). */
void doc_setup(void);

/* Parse r->md.  Returns 0, or -1 with a message in d.  The tree a thread
 * parses lives in a pool that doc_free() drops whole, so parse and free
 * it on the same thread; a second tree alive at the same time on that
 * thread uses malloc().  Under AddressSanitizer every tree uses malloc,
 * so the sanitizer sees each of cmark's blocks (DOC_POOL 0). */
#if defined(__SANITIZE_ADDRESS__)
#define DOC_POOL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DOC_POOL 0
#endif
#endif
#ifndef DOC_POOL
#define DOC_POOL 1
#endif

int doc_parse(const dpa_rendered *r, dpa_ast *a, dpa_diags *d);
void doc_free(dpa_ast *a);

/* GFM table node types are assigned when the extension registers. */
bool doc_is_table(cmark_node *n);
bool doc_is_table_row(cmark_node *n);
bool doc_is_table_cell(cmark_node *n);

/* The top-level nodes [*first, *last] that sel covers: a clause number
 * ("9"), a sub-clause or section ("9.2", "C.2"), an annex letter ("B") or
 * an id ("breach").  A clause runs to the next clause, annex, part or the
 * footer; a section or sub-clause to the next of its kind.  Returns the
 * index entry, or -1 if sel names nothing in this agreement. */
int doc_select(const dpa_ast *a, const char *sel, cmark_node **first, cmark_node **last);

/* Append the plain text below n (marks dropped, also a redline's: its
 * deleted and inserted words both stay; breaks as spaces). */
void doc_plain_text(cmark_node *n, buf *out);

/* Release the parser's global extension registry (at exit, for leak
 * checkers). */
void doc_shutdown(void);

/* A Markdown value of the config (DPA_T_MD: other_terms[].text), parsed
 * on its own as the agreement would parse it.  Returns 0 if it holds only
 * paragraphs, emphasis, lists, links to http, https and mailto addresses
 * and headings of level 4 to 6; else -1 with what it holds instead and
 * the line of the value in why: raw HTML, an unclosed fence or any code,
 * an entity that makes a character textguard refuses, a table, an image,
 * a block quote, a rule, a reference definition.  Thread-safe. */
int doc_check_value(const char *s, size_t len, char *why, size_t whylen);

/* The text a reader sees of a Markdown value, appended to out: entities
 * decoded, emphasis and link syntax gone, a blank line after each
 * paragraph and heading.  What check reads of such a value. */
void doc_value_text(const char *s, size_t len, buf *out);

/* Lettered lists: a bullet list whose items each begin with their letter
 * and ")" in sequence ("- a) ...", "- b) ..."; at most 26), the
 * templates' way to write the standard's lettered points.  Every back-end
 * shows the letter instead of a bullet, each its own way.  For an item of
 * such a list, doc_item_letter() puts its marker ("a)") in out and
 * returns how many bytes of the item's first text node the letter, its
 * ")" and the space after it take (so a back-end can skip them); for any
 * other node it returns 0. */
bool doc_is_lettered(cmark_node *list);
size_t doc_item_letter(cmark_node *item, char out[3]);

/* Index entry whose node is n, or -1. */
int doc_entry_of(const dpa_ast *a, cmark_node *n);

#endif /* !DPAGEN_DOC_H */
