/* check_terms.c - rules on what the config's free text agrees to, read by
 * word stems (Snowball, Danish and English) so that one entry finds every
 * inflection: "inspektion" finds "inspektioner" and "inspektionerne",
 * "audit" finds "audits".  A rule is a set of concepts that must meet in
 * one sentence, and one that, when present, turns the sentence into the
 * lawful statement it resembles ("does not limit the right to inspect"). */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"

/* A concept: phrases, each of one or more words; any one of them counts. */
typedef const char *const concept[];

typedef struct term_rule {
	const char *const *all[3];   /* each must occur in the sentence (NULL ends) */
	const char *const *unless;   /* none of these may occur, or NULL */
	const char *message;         /* what the sentence does, for the finding */
	const char *const *skip;     /* config paths (prefixes) not read, or NULL */
} term_rule;

/* Words allowed between two words of a phrase ("ikke berettiget til"). */
enum { GAP = 2 };

/* A sentence read is at most this long: a value of one endless sentence
 * must not make the check slow or big. */
enum { MAX_SENTENCE = 16 * 1024 };

/* Each concept's phrases, stemmed once per run (or per memo). */
enum { MAX_CONCEPTS = 32 };
struct terms_cache {
	const char *const *con[MAX_CONCEPTS];
	stem_words *phrases[MAX_CONCEPTS];
	size_t n[MAX_CONCEPTS], used;
};

/* What a text rule found in a text: the sentence, or -1. */
typedef struct seen {
	const char *rule;          /* the rule's message: one per rule */
	uint64_t hash;
	char *text;                /* owned; NULL: a free slot */
	size_t len;
	int hit;
} seen;

enum { MEMO_SLOTS = 4096, MEMO_BYTES = 4 * 1024 * 1024 };

struct check_memo {
	stem_ctx *stem;
	struct terms_cache *terms;
	seen slot[MEMO_SLOTS];
	size_t used, bytes;
};

check_memo *
check_memo_new(void)
{
	check_memo *m = calloc(1, sizeof *m);
	if (!m)
		dpa_oom();
	return m;
}

static void
memo_forget(check_memo *m)
{
	for (size_t i = 0; i < MEMO_SLOTS; i++)
		free(m->slot[i].text);
	memset(m->slot, 0, sizeof m->slot);
	m->used = m->bytes = 0;
}

static void
terms_free(struct terms_cache *tc)
{
	for (size_t i = 0; tc && i < tc->used; i++) {
		for (size_t k = 0; k < tc->n[i]; k++)
			stem_words_free(&tc->phrases[i][k]);
		free(tc->phrases[i]);
	}
	free(tc);
}

void
check_memo_free(check_memo *m)
{
	if (!m)
		return;
	memo_forget(m);
	terms_free(m->terms);
	stem_free(m->stem);
	free(m);
}

static void
stemmer(ctx *c)
{
	if (c->memo && !c->stem) {
		c->stem = c->memo->stem;
		c->terms = c->memo->terms;
	}
	if (!c->stem)
		c->stem = stem_new();
	if (!c->terms)
		c->terms = calloc(1, sizeof *c->terms);
	if (!c->stem || !c->terms)
		dpa_oom();
	if (c->memo) {
		c->memo->stem = c->stem;
		c->memo->terms = c->terms;
	}
}

void
terms_done(ctx *c)
{
	for (size_t i = 0; c->sentences && i < c->ntexts; i++) {
		for (size_t k = 0; c->sentences[i] && k < c->texts[i].ns; k++)
			stem_words_free(&c->sentences[i][k]);
		free(c->sentences[i]);
	}
	free(c->sentences);
	c->sentences = NULL;
	if (!c->memo) {            /* the memo keeps them for the next run */
		terms_free(c->terms);
		stem_free(c->stem);
	}
	c->terms = NULL;
	c->stem = NULL;
}

/* FNV-1a: only to place a text; a hit is compared in full. */
static uint64_t
text_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
	return h;
}

/* The slot of (rule, text): the one holding it, or the free one where it
 * would go. */
static seen *
memo_slot(check_memo *m, const char *rule, const char *text, size_t len, uint64_t h)
{
	size_t i = (size_t)((h ^ (uintptr_t)rule) & (MEMO_SLOTS - 1));
	for (;; i = (i + 1) & (MEMO_SLOTS - 1)) {
		seen *e = &m->slot[i];
		if (!e->text || (e->rule == rule && e->hash == h && e->len == len && memcmp(e->text, text, len) == 0))
			return e;
	}
}

static void
memo_put(check_memo *m, const char *rule, const char *text, size_t len, uint64_t h, int hit)
{
	if (m->used + 1 > MEMO_SLOTS * 3 / 4 || m->bytes + len > MEMO_BYTES)
		memo_forget(m);
	seen *e = memo_slot(m, rule, text, len, h);
	if (e->text)
		return;
	if (!(e->text = malloc(len + 1)))
		dpa_oom();
	memcpy(e->text, text, len);
	e->text[len] = '\0';
	*e = (seen){ rule, h, e->text, len, hit };
	m->used++;
	m->bytes += len;
}

static size_t
concept_slot(ctx *c, const char *const *con)
{
	struct terms_cache *tc = c->terms;
	for (size_t i = 0; i < tc->used; i++)
		if (tc->con[i] == con)
			return i;
	if (tc->used == MAX_CONCEPTS)
		abort();   /* a table of this file outgrew the cache: a bug any test finds */
	size_t i = tc->used++, n = 0;
	while (con[n])
		n++;
	tc->con[i] = con;
	tc->n[i] = n;
	tc->phrases[i] = calloc(n ? n : 1, sizeof *tc->phrases[i]);
	if (!tc->phrases[i])
		dpa_oom();
	for (size_t k = 0; k < n; k++)
		if (stem_text(c->stem, con[k], strlen(con[k]), &tc->phrases[i][k]) != 0)
			dpa_oom();
	return i;
}

static bool
has_concept(ctx *c, const stem_words *w, const char *const *con)
{
	if (!con)
		return false;
	size_t i = concept_slot(c, con);
	for (size_t k = 0; k < c->terms->n[i]; k++)
		if (stem_find(w, &c->terms->phrases[i][k], GAP, NULL))
			return true;
	return false;
}

static bool
skipped(const char *path, const char *const *skip)
{
	for (; skip && *skip; skip++)
		if (strncmp(path, *skip, strlen(*skip)) == 0)
			return true;
	return false;
}

/* The words of sentence k of text t (a text of c->texts), stemmed once
 * for all the rules of a run. */
static const stem_words *
sentence_words(ctx *c, const text_ref *t, size_t k)
{
	size_t i = (size_t)(t - c->texts);
	if (!c->sentences && !(c->sentences = calloc(c->ntexts ? c->ntexts : 1, sizeof *c->sentences)))
		dpa_oom();
	if (!c->sentences[i]) {
		if (!(c->sentences[i] = calloc(t->ns ? t->ns : 1, sizeof *c->sentences[i])))
			dpa_oom();
		for (size_t j = 0; j < t->ns; j++) {
			size_t n = t->sv[j].n < MAX_SENTENCE ? t->sv[j].n : MAX_SENTENCE;
			if (stem_text(c->stem, t->sv[j].s, n, &c->sentences[i][j]) != 0)
				dpa_oom();
		}
	}
	return &c->sentences[i][k];
}

/* Does sentence k of t state what r looks for? */
static bool
sentence_states(ctx *c, const text_ref *t, size_t k, const term_rule *r)
{
	const stem_words *w = sentence_words(c, t, k);
	bool hit = true;
	for (size_t i = 0; hit && i < 3 && r->all[i]; i++)
		hit = has_concept(c, w, r->all[i]);
	if (hit && r->unless)
		hit = !has_concept(c, w, r->unless);
	return hit;
}

/* Could the sentence (lower, lower-cased) hold the rule's first concept
 * at all?  A Snowball stem is (nearly always) the start of the words it
 * stands for, so a sentence without any first-word stem of the concept is
 * not stemmed. */
static bool
may_hold(ctx *c, const char *lower, size_t n, const char *const *con)
{
	size_t i = concept_slot(c, con);
	for (size_t k = 0; k < c->terms->n[i]; k++) {
		const stem_words *p = &c->terms->phrases[i][k];
		if (!p->n)
			continue;
		const char *da = p->pool + p->v[0].da, *en = p->pool + p->v[0].en;
		if (memmem(lower, n, da, strlen(da)) || memmem(lower, n, en, strlen(en)))
			return true;
	}
	return false;
}

/* The first sentence of t that states what r looks for, or -1. */
static int
first_stating(ctx *c, const text_ref *t, const term_rule *r)
{
	buf lower = {0};
	int hit = -1;
	for (size_t i = 0; i < t->ns && hit < 0; i++) {
		const sentence *st = &t->sv[i];
		buf_reset(&lower);
		buf_put(&lower, st->s, st->n < MAX_SENTENCE ? st->n : MAX_SENTENCE);
		for (size_t k = 0; k < lower.len; k++)
			if (lower.data[k] >= 'A' && lower.data[k] <= 'Z')
				lower.data[k] = (char)(lower.data[k] | 0x20);
		if (may_hold(c, lower.data, lower.len, r->all[0]) && sentence_states(c, t, i, r))
			hit = (int)i;
	}
	buf_free(&lower);
	return hit;
}

/* One finding per value.  With a memo, a text already read for this rule
 * (the base config's, in every customer of a batch) is not read again:
 * its sentences, and so the answer, follow from its text alone. */
static void
term_text(ctx *c, const text_ref *t, void *arg)
{
	const term_rule *r = arg;
	if (skipped(t->path, r->skip))
		return;
	int hit;
	size_t len = strlen(t->s);
	uint64_t h = c->memo ? text_hash(t->s, len) : 0;
	seen *e = c->memo ? memo_slot(c->memo, r->message, t->s, len, h) : NULL;
	if (e && e->text) {
		hit = e->hit;
	} else {
		hit = first_stating(c, t, r);
		if (c->memo)
			memo_put(c->memo, r->message, t->s, len, h, hit);
	}
	if (hit < 0 || (size_t)hit >= t->ns)
		return;
	const sentence *st = &t->sv[hit];
	char ex[96];
	finding(c, t->v->h.loc, t->path, "%s: \"%s\"", r->message, excerpt(st->s, st->n, ex, sizeof ex));
}

static void
run_terms(ctx *c, const term_rule *r)
{
	stemmer(c);
	term_rule copy = *r;   /* walk_texts passes a mutable argument */
	walk_texts(c, term_text, &copy);
}

/* ---- inspections excluded in words (DPA044) ----------------------------- */

static concept inspection = {
	"inspektion", "kontrolbesøg", "fysisk revision", "fysisk tilsyn", "revisionsbesøg",
	"inspection", "on-site", "onsite", "site visit", "audit on site", "audit the premises",
	NULL,
};
static concept denied = {
	"ikke ret", "ingen ret", "ikke berettiget", "ikke adgang", "ingen adgang", "ikke mulighed",
	"udelukket", "ikke tilladt", "ikke omfatte", "omfatter ikke", "kan ikke", "må ikke", "ingen",
	"no right", "not entitled", "not permitted", "not allowed", "excluded", "exclude", "shall not",
	"may not", "cannot", "will not", "no on-site", "not include", "does not extend",
	NULL,
};
static concept upheld = {
	"begrænser ikke", "ikke begrænse", "uanset", "not limit", "not restrict", "without prejudice",
	"notwithstanding", "does not affect", "berører ikke", "ikke berøre",
	NULL,
};

void
rule_inspection_text(ctx *c, const void *data)
{
	(void)data;
	static const term_rule r = { { inspection, denied, NULL }, upheld,
		"the text takes away the controller's right to inspect (Art. 28(3)(h))", NULL };
	run_terms(c, &r);
}

/* ---- a unilateral right to change the agreement (DPA045) ---------------- */

static concept unilateral = {
	"ensidig", "ensidigt", "unilateral", "unilaterally", "til enhver tid", "at any time",
	"uden samtykke", "uden den dataansvarliges samtykke", "uden godkendelse", "without consent",
	"without the controller's consent", "without the customer's consent", "at its discretion",
	"efter eget skøn",
	NULL,
};
static concept change = {
	"ændre", "ændring", "opdatere", "amend", "change", "modify", "update", "revise", NULL,
};
static concept terms = {
	"vilkår", "aftale", "bestemmelse", "databehandleraftale", "terms", "agreement", "clauses",
	"dpa", "data processing agreement", "addendum",
	NULL,
};
static concept instruction = { "instruks", "instruction", "instruere", "instruct", NULL };

void
rule_unilateral_change(ctx *c, const void *data)
{
	(void)data;
	static const term_rule r = { { unilateral, change, terms }, instruction,
		"the text lets one party change the agreement alone", NULL };
	run_terms(c, &r);
}

/* ---- a price on objecting (DPA046) -------------------------------------- */

static concept objection = {
	"indsigelse", "gøre indsigelse", "modsætte", "afslå", "afslag", "object", "objection", "refuse",
	"refusal",
	NULL,
};
static concept payment = {
	"gebyr", "betale", "betaling", "vederlag", "kompensation", "godtgørelse", "omkostning", "bod",
	"fee", "pay", "payment", "charge", "penalty", "compensation", "cost", "surcharge",
	NULL,
};
static concept free_of = {
	"uden", "ikke betale", "vederlagsfri", "gratis", "omkostningsfri", "without", "no fee", "free of",
	"not pay", "at no",
	NULL,
};

void
rule_objection_penalty(ctx *c, const void *data)
{
	(void)data;
	static const term_rule r = { { objection, payment, NULL }, free_of,
		"the text puts a price on objecting to a sub-processor (Art. 28(2))", NULL };
	run_terms(c, &r);
}

/* ---- Art. 9, Art. 10 and CPR data the config says there are none (DPA047) */

static concept art9 = {
	"helbred", "helbredsoplysning", "sundhedsoplysning", "sygdom", "diagnose", "patient",
	"patientjournal", "etnisk", "race", "politisk overbevisning", "religiøs", "religion",
	"filosofisk overbevisning", "fagforening", "fagforeningsmæssig", "genetisk", "biometrisk",
	"seksuel", "følsomme oplysninger", "særlige kategorier", "artikel 9",
	"health", "medical", "diagnosis", "ethnic", "racial", "political opinion", "religious",
	"philosophical belief", "trade union", "genetic", "biometric", "sexual", "sensitive data",
	"special categories", "article 9",
	NULL,
};
static concept art10 = {
	"strafbar", "strafbare forhold", "straffeattest", "kriminalitet", "artikel 10", "criminal",
	"conviction", "offence", "offense", "criminal record", "article 10",
	NULL,
};
static concept cpr = {
	"cpr", "cpr-nummer", "personnummer", "personnumre", "personal identification number",
	"social security number", "national identification number", "national id number",
	NULL,
};
static concept negation = {
	"ikke", "ingen", "aldrig", "undlade", "forbudt", "not", "no", "never", "must not", "shall not",
	"prohibit", "avoid", "without",
	NULL,
};

/* The processing lists and Annex A.3's own values are other rules' (DPA007-
 * DPA009); a sentence that keeps the data out ("the controller shall not
 * upload health data") is what a config with none should say. */
static const char *const sensitive_skip[] = {
	"processing.special_categories", "processing.criminal_offences", "processing.data_types",
	"security.rationale", NULL,
};

void
rule_sensitive_in_text(ctx *c, const void *data)
{
	(void)data;
	const dpa_processing *p = &c->m->processing;
	static const term_rule r9 = { { art9, NULL, NULL }, negation, "the text speaks of special "
		"categories of data (Art. 9), but processing.special_categories says there are none",
		sensitive_skip };
	static const term_rule r10 = { { art10, NULL, NULL }, negation, "the text speaks of criminal "
		"offence data (Art. 10), but processing.criminal_offences says there are none", sensitive_skip };
	static const term_rule rcpr = { { cpr, NULL, NULL }, negation, "the text speaks of CPR "
		"numbers, but processing.cpr_numbers is false", sensitive_skip };
	if (p->special_categories.h.set && !p->special_categories.n)
		run_terms(c, &r9);
	if (p->criminal_offences.h.set && !p->criminal_offences.n)
		run_terms(c, &r10);
	if (p->cpr_numbers.h.set && !p->cpr_numbers.v)
		run_terms(c, &rcpr);
}

/* ---- measures that name no measure (DPA048) ------------------------------ */

enum { MIN_MEASURE_WORDS = 3 };

static concept art32 = { "artikel 32", "article 32", "art. 32", "art 32", NULL };

void
rule_vague_measures(ctx *c, const void *data)
{
	(void)data;
	stemmer(c);
	const dpa_list *groups = &c->m->security.measures;
	for (size_t g = 0; g < groups->n; g++) {
		const dpa_measure_group *mg = ITEM(*groups, dpa_measure_group, g);
		for (size_t i = 0; i < mg->items.n; i++) {
			const dpa_str *v = ITEM(mg->items, dpa_str, i);
			stem_words w = {0};
			size_t len = strlen(v->s);
			if (stem_text(c->stem, v->s, len < MAX_SENTENCE ? len : MAX_SENTENCE, &w) != 0)
				dpa_oom();
			char path[96], ex[96];
			snprintf(path, sizeof path, "security.measures[%zu].items[%zu]", g, i);
			if (w.n < MIN_MEASURE_WORDS)
				finding(c, v->h.loc, path, "\"%s\" names a kind of measure, not a measure: say what "
				    "is done, with what and how often (e.g. \"disks encrypted with AES-256\")",
				    excerpt(v->s, strlen(v->s), ex, sizeof ex));
			else if (has_concept(c, &w, art32))
				finding(c, v->h.loc, path, "\"%s\" refers to Art. 32 instead of saying what is done",
				    excerpt(v->s, strlen(v->s), ex, sizeof ex));
			stem_words_free(&w);
		}
	}
}

/* ---- a lapsed certificate (DPA049) ------------------------------------- */

/* ISO/IEC 27001:2013 certificates lapsed when the transition to the 2022
 * edition ended on 31 October 2025. */
static const int iso2013_end = 20251031;

static void
stale_iso(ctx *c, const text_ref *t, void *arg)
{
	(void)arg;
	const char *hit = strstr(t->s, "27001:2013");
	if (!hit)
		hit = strstr(t->s, "27001: 2013");
	if (hit)
		finding(c, t->v->h.loc, t->path, "cites ISO/IEC 27001:2013, whose certificates lapsed on "
		    "31 October 2025: cite the certificate to ISO/IEC 27001:2022");
}

void
rule_stale_certificate(ctx *c, const void *data)
{
	(void)data;
	const dpa_date *d = &c->m->agreement.date;
	if (d->h.set && d->y * 10000 + d->m * 100 + d->d <= iso2013_end)
		return;
	walk_texts(c, stale_iso, NULL);
}
