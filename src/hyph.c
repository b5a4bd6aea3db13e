/* hyph.c - libhyphen dictionaries from the tables compiled in at build
 * time (see hyph.h). */
#include "hyph.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

static HyphenDict *
build(const hyph_source *src)
{
	HyphenDict *first = NULL, **link = &first;
	for (int lv = 0; lv < src->nlevels; lv++) {
		const hyph_level *l = &src->levels[lv];
		HyphenDict *d = xcalloc(1, sizeof *d);
		d->lhmin = (char)l->lhmin;
		d->rhmin = (char)l->rhmin;
		d->clhmin = (char)l->clhmin;
		d->crhmin = (char)l->crhmin;
		d->nohyphen = l->nohyphen >= 0 ? src->pool + l->nohyphen : NULL;
		d->nohyphenl = l->nohyphenl;
		d->num_states = l->nstates;
		snprintf(d->cset, sizeof d->cset, "%s", l->cset);
		d->utf8 = l->utf8;
		d->states = xcalloc((size_t)(l->nstates ? l->nstates : 1), sizeof *d->states);
		HyphenTrans *t = l->trans;
		for (int i = 0; i < l->nstates; i++) {
			const hyph_state *st = &l->states[i];
			d->states[i] = (HyphenState){
				.match = st->match >= 0 ? src->pool + st->match : NULL,
				.repl = st->repl >= 0 ? src->pool + st->repl : NULL,
				.replindex = st->replindex,
				.replcut = st->replcut,
				.fallback_state = st->fallback,
				.num_trans = st->ntrans,
				.trans = t,
			};
			t += st->ntrans;
		}
		*link = d;
		link = &d->nextlevel;
	}
	return first;
}

/* Built once per process (batch renders on several threads), then only
 * read; never freed. */
static HyphenDict *dicts[2];
static pthread_once_t once[2] = { PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT };

static void
build_da(void)
{
	dicts[0] = build(&hyph_da);
}

static void
build_en(void)
{
	dicts[1] = build(&hyph_en);
}

HyphenDict *
hyph_dict(const char *lang)
{
	int i = strcmp(lang, "en") == 0 ? 1 : strcmp(lang, "da") == 0 ? 0 : -1;
	if (i < 0)
		return NULL;
	pthread_once(&once[i], i ? build_en : build_da);
	return dicts[i];
}
