/* cmd_render.c - `dpagen render`: config -> agreement in one format. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fingerprint.h"
#include "load.h"
#include "render.h"
#include "tmpl.h"

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

typedef struct render_args {
	const char *config, *output, *format, *templates, *lang;
	const char **sets;
	size_t nsets;
	bool annexes_only, fragment, highlight, force;
} render_args;

static int
parse_args(int argc, char **argv, render_args *a)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "lang", required_argument, NULL, 'l' },
		{ "templates", required_argument, NULL, 't' },
		{ "set", required_argument, NULL, 's' },
		{ "annexes-only", no_argument, NULL, 'a' },
		{ "fragment", no_argument, NULL, 'F' },
		{ "highlight", no_argument, NULL, 'H' },
		{ "force", no_argument, NULL, 'X' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'f': a->format = optarg; break;
		case 'o': a->output = optarg; break;
		case 'l': a->lang = optarg; break;
		case 't': a->templates = optarg; break;
		case 'a': a->annexes_only = true; break;
		case 'F': a->fragment = true; break;
		case 'H': a->highlight = true; break;
		case 'X': a->force = true; break;
		case 's':
			a->sets = xrealloc(a->sets, (a->nsets + 1) * sizeof *a->sets);
			a->sets[a->nsets++] = optarg;
			break;
		case ':':
			return cli_usage_error("render", "%s needs a value", argv[optind - 1]);
		default:
			return cli_usage_error("render", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("render", "missing CONFIG (a YAML file, or - for standard input)");
	if (optind + 1 < argc)
		return cli_usage_error("render", "unexpected argument \"%s\"", argv[optind + 1]);
	a->config = argv[optind];
	if (a->lang && cli_lang(a->lang) < 0)
		return cli_usage_error("render", "--lang takes da or en, not \"%s\"", a->lang);
	return EXIT_OK;
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
		b = backend_for_path(a->output);
		if (!b)
			cli_usage_error("render", "cannot tell the format from \"%s\"; give -f (formats: %s)",
			    a->output, names.data);
	} else {
		b = backend_find("md");
	}
	buf_free(&names);
	return b;
}

int
cmd_render(int argc, char **argv)
{
	render_args a = {0};
	int rc = parse_args(argc, argv, &a);
	const dpa_backend *be = rc == EXIT_OK ? pick_backend(&a) : NULL;
	if (!be) {
		free(a.sets);
		return EXIT_INPUT;
	}
	const char *out_path = a.output ? a.output : "-";
	if (be->binary && strcmp(out_path, "-") == 0 && isatty(STDOUT_FILENO)) {
		free(a.sets);
		return cli_usage_error("render", "will not write %s to a terminal; give -o FILE", be->name);
	}

	dpa_diags d = {0};
	dpa_doc doc;
	dpa_load_opts lo = { .sets = a.sets, .nsets = a.nsets, .lang = a.lang };
	dpa_tmpl *t = NULL;
	dpa_rendered r = {0};
	dpa_ast ast = {0};
	buf out = {0};
	rc = EXIT_INPUT;
	if (dpa_load(&doc, a.config, &lo, &d) != 0)
		goto done;
	t = tmpl_compile(a.templates, dpa_model_lang(doc.m), &d);
	if (!t)
		goto done;
	char fp[DPA_FP_HEX + 1];
	fingerprint(doc.tree, tmpl_digest(t), fp);
	fp[DPA_FP_SHORT] = '\0';
	dpa_render_opts ro = { .annexes_only = a.annexes_only, .highlight = a.highlight,
		.fingerprint = fp };
	if (tmpl_render(t, doc.m, &ro, &r, &d) != 0)
		goto done;
	/* No agreement that check finds errors in, unless --force (exit 1). */
	if (check_gate("render", doc.m, t, a.force) != EXIT_OK) {
		rc = EXIT_FINDINGS;
		goto done;
	}
	if (be->needs_ast && doc_parse(&r, &ast, &d) != 0)
		goto done;
	dpa_backend_opts bo = { .fragment = a.fragment, .highlight = a.highlight };
	if (be->render(&r, be->needs_ast ? &ast : NULL, &bo, &out, &d) != 0)
		goto done;
	char err[256];
	if (write_atomic(out_path, out.data ? out.data : "", out.len, err, sizeof err) != 0) {
		diag_add(&d, DPA_SEV_ERROR, (dpa_loc){ out_path, 0, 0 }, NULL, "%s", err);
		goto done;
	}
	rc = EXIT_OK;
done:
	cli_print_diags(&d);
	buf_free(&out);
	doc_free(&ast);
	rendered_free(&r);
	tmpl_free(t);
	dpa_doc_free(&doc);
	diags_free(&d);
	free(a.sets);
	return rc;
}
