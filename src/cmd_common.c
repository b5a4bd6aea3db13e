/* cmd_common.c - what the commands share: usage errors, printing
 * diagnostics, and the options and steps of reading a config
 * (--lang, --templates, --set; load, then compile the templates). */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "dpagen %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n(see: dpagen help %s)\n", cmd);
	va_end(ap);
	return EXIT_INPUT;
}

const char *
cli_suggest(const char *word, const char *const *names, size_t n)
{
	const char *best = closest_word(word, names, n);
	size_t bestlen = 0;
	for (size_t i = 0; !best && i < n; i++) {
		size_t l = strlen(names[i]);
		if (l >= 3 && l > bestlen && strncmp(word, names[i], l) == 0 && word[l] &&
		    strchr("-_", word[l])) {
			bestlen = l;
			best = names[i];
		}
	}
	return best;
}

int
cli_unknown_option(const char *cmd, const struct option *opts, const char *arg)
{
	const char *names[64];
	size_t n = 0;
	for (; n < 64 && opts[n].name; n++)
		names[n] = opts[n].name;
	/* The word as typed, without its dashes and any =VALUE. */
	char word[65];
	const char *w = arg + strspn(arg, "-");
	snprintf(word, sizeof word, "%.*s", (int)strcspn(w, "="), w);
	const char *hint = strncmp(arg, "--", 2) == 0 && *word ? cli_suggest(word, names, n) : NULL;
	if (hint)
		return cli_usage_error(cmd, "unknown option %s (did you mean --%s?)", arg, hint);
	return cli_usage_error(cmd, "unknown option %s", arg);
}

void
cli_print_diags(dpa_diags *d)
{
	diags_sort(d);
	diags_print(d, stderr);
}

int
cli_lang(const char *s)
{
	if (strcmp(s, "da") == 0)
		return DPA_LANG_DA;
	if (strcmp(s, "en") == 0)
		return DPA_LANG_EN;
	return -1;
}

bool
cli_config_opt(cli_config *c, int opt, char *arg)
{
	switch (opt) {
	case CLI_OPT_LANG:
		c->lang = arg;
		return true;
	case CLI_OPT_TEMPLATES:
		c->templates = arg;
		return true;
	case CLI_OPT_SET:
		c->sets = xrealloc(c->sets, (c->nsets + 1) * sizeof *c->sets);
		c->sets[c->nsets++] = arg;
		return true;
	default:
		return false;
	}
}

int
cli_config_check(const char *cmd, const cli_config *c)
{
	if (c->lang && cli_lang(c->lang) < 0)
		return cli_usage_error(cmd, "--lang takes da or en, not \"%s\"", c->lang);
	return EXIT_OK;
}

int
cli_old_new(const char *cmd, int argc, char **argv, const char **old, cli_config *c)
{
	if (argc - optind != 2)
		return cli_usage_error(cmd, argc - optind < 2 ? "needs OLD and NEW (two configs)" :
		    "unexpected argument \"%s\"", argv[argc - 1]);
	*old = argv[optind];
	c->path = argv[optind + 1];
	return cli_config_check(cmd, c);
}

int
cli_config_load(const cli_config *c, cli_loaded *l)
{
	memset(l, 0, sizeof *l);
	dpa_load_opts lo = { .sets = (const char *const *)c->sets, .nsets = c->nsets, .lang = c->lang };
	if (dpa_load(&l->doc, c->path, &lo, &l->d) == 0)
		l->t = tmpl_compile(c->templates, dpa_model_lang(l->doc.m), &l->d);
	cli_print_diags(&l->d);
	return l->t ? EXIT_OK : EXIT_INPUT;
}

void
cli_loaded_free(cli_loaded *l)
{
	tmpl_free(l->t);
	l->t = NULL;
	dpa_doc_free(&l->doc);
	diags_free(&l->d);
}

void
cli_config_free(cli_config *c)
{
	free(c->sets);
	c->sets = NULL;
}

/* --separator: one character, or a name for the ones a shell makes hard. */
int
cli_separator(const char *cmd, const char *s, char *out)
{
	if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0)
		*out = '\t';
	else if (strcmp(s, "semicolon") == 0)
		*out = ';';
	else if (strcmp(s, "comma") == 0)
		*out = ',';
	else if (strlen(s) == 1 && strchr(",;|\t", *s))
		*out = *s;
	else
		return cli_usage_error(cmd, "--separator takes , ; | or tab, not \"%s\"", s);
	return EXIT_OK;
}
