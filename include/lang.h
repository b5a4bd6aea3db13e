/* lang.h - the words the engine and back-ends write themselves, per
 * document language (templates carry all other wording). */
#ifndef DPAGEN_LANG_H
#define DPAGEN_LANG_H

#include "model.h"

typedef struct dpa_lang_strings {
	const char *code;          /* "da" */
	const char *annex;         /* word before an annex letter */
	const char *and_word;      /* last separator of a joined list */
	const char *months[12];
	const char *day_suffix;    /* after the day of a date: "1. marts" */
	char thousands;            /* digit group separator */
	const char *yes, *no;
	const char *page, *of;     /* "Side 3 af 12" */
	const char *fingerprint;   /* word before the fingerprint */
	const char *toc;           /* bookmark of the table of contents */
	const char *draft;         /* the mark of a draft: "UDKAST – ikke klar til underskrift" */
	const char *draft_why;     /* before the rule ids in the draft banner */
	const char *changes[3];    /* diff --summary, lower case: changed, added, removed */
	const char *front;         /* diff --summary: the part before clause 1 */
} dpa_lang_strings;

const dpa_lang_strings *lang_strings(dpa_lang l);

#endif /* !DPAGEN_LANG_H */
