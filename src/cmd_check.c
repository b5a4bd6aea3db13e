/* cmd_check.c - `dpagen check`: run the rules on a config and report the
 * findings as text, JSON or SARIF; and the gate `render` passes through. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "load.h"
#include "tmpl.h"

typedef struct check_args {
	cli_config cfg;
	const char *config, *format, *explain;
	bool strict, list, markdown;
} check_args;

static int
parse_opts(int argc, char **argv, check_args *a)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "strict", no_argument, NULL, 'S' },
		{ "explain", required_argument, NULL, 'e' },
		{ "list", no_argument, NULL, 'L' },
		{ "markdown", no_argument, NULL, 'M' },
		CLI_CONFIG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:", opts, NULL)) != -1) {
		switch (c) {
		case 'f': a->format = optarg; break;
		case 'S': a->strict = true; break;
		case 'e': a->explain = optarg; break;
		case 'L': a->list = true; break;
		case 'M': a->markdown = true; break;
		case ':':
			return cli_usage_error("check", "%s needs a value", argv[optind - 1]);
		default:
			if (!cli_config_opt(&a->cfg, c, optarg))
				return cli_unknown_option("check", opts, argv[optind - 1]);
		}
	}
	return EXIT_OK;
}

static int
parse_args(int argc, char **argv, check_args *a)
{
	int rc = parse_opts(argc, argv, a);
	if (rc != EXIT_OK)
		return rc;
	if (a->markdown && !a->list)
		return cli_usage_error("check", "--markdown goes with --list");
	if (optind + 1 < argc)
		return cli_usage_error("check", "unexpected argument \"%s\"", argv[optind + 1]);
	a->config = optind < argc ? argv[optind] : NULL;
	if (a->list && a->config)
		return cli_usage_error("check", "--list takes no CONFIG");
	if (!a->config && !a->list && !a->explain)
		return cli_usage_error("check", "missing CONFIG (a YAML file, or - for standard input)");
	if (!a->format)
		a->format = "text";
	if (strcmp(a->format, "text") != 0 && strcmp(a->format, "json") != 0 &&
	    strcmp(a->format, "sarif") != 0)
		return cli_usage_error("check", "unknown format \"%s\" (formats: text, json, sarif)", a->format);
	a->cfg.path = a->config;
	return cli_config_check("check", &a->cfg);
}

static int
print_out(const buf *b)
{
	char err[256];
	if (write_atomic("-", b->data ? b->data : "", b->len, err, sizeof err) != 0) {
		fprintf(stderr, "dpagen check: %s\n", err);
		return EXIT_INPUT;
	}
	return EXIT_OK;
}

static int
list_or_explain(const check_args *a)
{
	buf out = {0};
	int rc = EXIT_OK;
	if (a->list) {
		check_write_list(a->markdown, &out);
	} else {
		const dpa_rule *r = check_rule_find(a->explain);
		if (!r) {
			buf_free(&out);
			return cli_usage_error("check", "no rule \"%s\" (dpagen check --list shows them)", a->explain);
		}
		check_write_explain(r, &out);
	}
	rc = print_out(&out);
	buf_free(&out);
	return rc;
}

static bool
use_color(void)
{
	const char *nc = getenv("NO_COLOR");
	return isatty(STDOUT_FILENO) && !(nc && *nc);
}

static int
report(const check_args *a, const dpa_diags *f)
{
	buf out = {0};
	if (strcmp(a->format, "json") == 0)
		check_write_json(f, strcmp(a->config, "-") == 0 ? "<stdin>" : a->config, &out);
	else if (strcmp(a->format, "sarif") == 0)
		check_write_sarif(f, &out);
	else
		check_write_text(f, use_color(), &out);
	int rc = print_out(&out);
	buf_free(&out);
	if (rc != EXIT_OK)
		return rc;
	size_t errors = check_count(f, DPA_SEV_ERROR), warnings = check_count(f, DPA_SEV_WARNING);
	return errors || (a->strict && warnings) ? EXIT_FINDINGS : EXIT_OK;
}

/* Findings on standard output (they are what the command produces);
 * problems loading the config or the templates on standard error. */
static int
run_check(const check_args *a)
{
	cli_loaded l;
	dpa_diags f = {0};
	int rc = cli_config_load(&a->cfg, &l);
	if (rc == EXIT_OK) {
		check_run(l.doc.m, l.t, NULL, &f);
		rc = report(a, &f);
	} else if (strcmp(a->format, "text") != 0) {
		/* Code scanning reads only the document: what stopped the load
		 * is its finding, at its place, and the exit status stays 2. */
		for (size_t i = 0; i < l.d.n; i++)
			if (!l.d.v[i].rule)
				l.d.v[i].rule = "DPA000";
		if (report(a, &l.d) != EXIT_OK)
			rc = EXIT_INPUT;
	}
	cli_loaded_free(&l);
	diags_free(&f);
	return rc;
}

int
cmd_check(int argc, char **argv)
{
	check_args a = {0};
	int rc = parse_args(argc, argv, &a);
	if (rc == EXIT_OK)
		rc = a.list || a.explain ? list_or_explain(&a) : run_check(&a);
	cli_config_free(&a.cfg);
	return rc;
}

int
check_gate(const char *cmd, const struct dpa_model *m, const struct dpa_tmpl *t,
    const struct dpa_rendered *r, bool force, buf *forced)
{
	dpa_diags f = {0};
	check_run(m, t, r, &f);
	size_t errors = check_count(&f, DPA_SEV_ERROR);
	int rc = EXIT_OK;
	if (errors) {
		buf ids = {0}, text = {0};
		check_rule_ids(&f, DPA_SEV_ERROR, &ids);
		if (!force) {
			check_write_text(&f, false, &text);
			fputs(text.data, stderr);
			rc = EXIT_FINDINGS;
		}
		/* A notice is no draft agreement: it announces the one NEW describes. */
		bool notice = strcmp(cmd, "notice") == 0;
		fprintf(stderr, "dpagen %s: %s %zu error-level finding%s (%s)%s\n", cmd,
		    force ? "writing despite" : notice ? "not writing the notice: the new config has" :
		    "not writing the agreement:", errors, errors == 1 ? "" : "s", ids.data,
		    !force ? "; fix them (dpagen check CONFIG) or give --force" : notice ?
		    ", because of --force" : ", because of --force; it is marked as a draft");
		if (force && forced)
			buf_puts(forced, ids.data);
		buf_free(&ids);
		buf_free(&text);
	}
	diags_free(&f);
	return rc;
}
