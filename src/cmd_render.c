/* cmd_render.c - `dpagen render`: config -> agreement in one format. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "pipeline.h"

typedef struct render_args {
	cli_config cfg;
	const char *output, *format;
	bool annexes_only, fragment, highlight, force;
} render_args;

static int
parse_args(int argc, char **argv, render_args *a)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "annexes-only", no_argument, NULL, 'a' },
		{ "fragment", no_argument, NULL, 'F' },
		{ "highlight", no_argument, NULL, 'H' },
		{ "force", no_argument, NULL, 'R' },
		{ "fsync", no_argument, NULL, 'Y' },
		CLI_CONFIG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'f': a->format = optarg; break;
		case 'o': a->output = optarg; break;
		case 'a': a->annexes_only = true; break;
		case 'F': a->fragment = true; break;
		case 'H': a->highlight = true; break;
		case 'R': a->force = true; break;
		case 'Y': atomic_set_durable(true); break;
		case ':':
			return cli_usage_error("render", "%s needs a value", argv[optind - 1]);
		default:
			if (!cli_config_opt(&a->cfg, c, optarg))
				return cli_unknown_option("render", opts, argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("render", "missing CONFIG (a YAML file, or - for standard input)");
	if (optind + 1 < argc)
		return cli_usage_error("render", "unexpected argument \"%s\"", argv[optind + 1]);
	a->cfg.path = argv[optind];
	return cli_config_check("render", &a->cfg);
}

/* -f and the -o extension must agree (a PDF named .html opens as
 * garbage); options the format has no use for are named once. */
static bool
format_fits(const render_args *a, const dpa_backend *b)
{
	const dpa_backend *by_ext = a->output && a->format ? backend_for_path(a->output) : NULL;
	if (by_ext && by_ext != b) {
		cli_usage_error("render", "-f %s and -o \"%s\" disagree (%s in a file named as %s): "
		    "drop -f, or name the file .%s", b->name, a->output, b->name, by_ext->name, b->name);
		return false;
	}
	if (a->highlight && strcmp(b->name, "md") == 0)
		fputs("dpagen render: warning: --highlight does nothing for md (it marks values in "
		    "html, pdf and preview)\n", stderr);
	if (a->fragment && strcmp(b->name, "html") != 0)
		fprintf(stderr, "dpagen render: warning: --fragment does nothing for %s (it is for "
		    "html only)\n", b->name);
	return true;
}

static const dpa_backend *
pick_backend(const render_args *a)
{
	buf names = {0};
	backend_names(&names);
	const dpa_backend *b = NULL;
	if (a->format) {
		b = backend_find(a->format);
		if (!b)
			cli_usage_error("render", "unknown format \"%s\" (formats: %s)", a->format, names.data);
	} else if (a->output && strcmp(a->output, "-") != 0) {
		/* A device or pipe (-o /dev/null) has no extension to go by: like
		 * standard output, it gets Markdown. */
		struct stat st;
		b = backend_for_path(a->output);
		if (!b && stat(a->output, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
			b = backend_find("md");
		if (!b)
			cli_usage_error("render", "cannot tell the format from \"%s\"; give -f (formats: %s)",
			    a->output, names.data);
	} else {
		b = backend_find("md");
	}
	buf_free(&names);
	return b && format_fits(a, b) ? b : NULL;
}

/* Render first: a template that does not render is invalid input (2);
 * then the check gate (1, unless --force); then the back-end and the file.
 * One render serves both: with marks for the check, which are then taken
 * out unless --highlight asked for them.  --annexes-only renders less than
 * the check reads, so the check renders the whole agreement itself. */
static int
produce(const render_args *a, cli_loaded *l, const dpa_backend *be, const char *out_path,
    dpa_diags *d)
{
	dpa_job job = { .t = l->t, .tree = l->doc.tree, .m = l->doc.m,
		.annexes_only = a->annexes_only, .highlight = a->highlight || !a->annexes_only };
	dpa_backend_opts bo = { .fragment = a->fragment, .highlight = a->highlight };
	dpa_rendered r = {0};
	dpa_ast ast = {0};
	buf out = {0};
	char fp[DPA_FP_HEX + 1], err[256];
	int rc = EXIT_INPUT;
	if (pipeline_rendered(&job, &r, NULL, fp, d) != 0)
		goto out;
	buf forced = {0};
	rc = check_gate("render", l->doc.m, l->t, a->annexes_only ? NULL : &r, a->force, &forced);
	if (forced.len)
		rendered_mark_draft(&r, forced.data);
	buf_free(&forced);
	if (rc != EXIT_OK)
		goto out;
	rc = EXIT_INPUT;
	if (!a->highlight)
		rendered_unmark(&r);
	/* r owns what it holds and d copies its file names: the config and
	 * the templates go now, so the Markdown tree and the output reuse
	 * their memory instead of touching new pages (a page costs ~2 us).
	 * A PDF keeps the config, to locate a character its fonts lack. */
	job = (dpa_job){ 0 };
	if (strcmp(be->name, "pdf") == 0)
		bo.source = l->doc.tree;
	else
		cli_loaded_free(l);
	if (be->needs_ast && doc_parse(&r, &ast, d) != 0)
		goto out;
	if (be->render(&r, be->needs_ast ? &ast : NULL, &bo, &out, d) != 0)
		goto out;
	if (write_atomic(out_path, out.data ? out.data : "", out.len, err, sizeof err) != 0) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ out_path, 0, 0 }, NULL, "%s", err);
		goto out;
	}
	rc = EXIT_OK;
out:
	buf_free(&out);
	doc_free(&ast);
	rendered_free(&r);
	return rc;
}

static int
render(const render_args *a, const dpa_backend *be, const char *out_path)
{
	cli_loaded l;
	int rc = cli_config_load(&a->cfg, &l);
	if (rc == EXIT_OK) {
		dpa_diags d = {0};
		rc = produce(a, &l, be, out_path, &d);
		cli_print_diags(&d);
		diags_free(&d);
	}
	cli_loaded_free(&l);
	return rc;
}

int
cmd_render(int argc, char **argv)
{
	render_args a = {0};
	int rc = parse_args(argc, argv, &a);
	const dpa_backend *be = rc == EXIT_OK ? pick_backend(&a) : NULL;
	const char *out_path = a.output ? a.output : "-";
	if (!be)
		rc = EXIT_INPUT;
	else if (be->binary && strcmp(out_path, "-") == 0 && isatty(STDOUT_FILENO))
		rc = cli_usage_error("render", "will not write %s to a terminal; give -o FILE", be->name);
	else
		rc = render(&a, be, out_path);
	cli_config_free(&a.cfg);
	return rc;
}
