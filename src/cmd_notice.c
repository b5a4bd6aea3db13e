/* cmd_notice.c - `dpagen notice OLD NEW`: the notice of intended changes
 * to sub-processors, dated by the notice period OLD agreed. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "doc.h"
#include "fingerprint.h"
#include "notice.h"
#include "render.h"

typedef struct notice_args {
	cli_config cfg;             /* NEW, and the options both configs share */
	const char *old, *output, *format, *date;
	bool force;
} notice_args;

static int
parse_args(int argc, char **argv, notice_args *a)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "date", required_argument, NULL, 'd' },
		{ "force", no_argument, NULL, 'R' },
		CLI_CONFIG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'f': a->format = optarg; break;
		case 'o': a->output = optarg; break;
		case 'd': a->date = optarg; break;
		case 'R': a->force = true; break;
		case ':':
			return cli_usage_error("notice", "%s needs a value", argv[optind - 1]);
		default:
			if (!cli_config_opt(&a->cfg, c, optarg))
				return cli_unknown_option("notice", opts, argv[optind - 1]);
		}
	}
	return cli_old_new("notice", argc, argv, &a->old, &a->cfg);
}

/* The notice's date: --date, else SOURCE_DATE_EPOCH, else today (UTC). */
static bool
notice_date(const char *arg, dpa_date *out)
{
	if (arg) {
		int y, m, d;
		char end;
		if (sscanf(arg, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
			return false;
		days_to_date(date_to_days(y, m, d), out);
		return out->y == y && out->m == m && out->d == d;
	}
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t now = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
	days_to_date((long)(now / 86400), out);
	return true;
}

/* Text: the terminal back-end without colour, at e-mail width. */
static int
render_text(const dpa_rendered *r, const dpa_ast *a, const dpa_backend_opts *o, buf *out, dpa_diags *d)
{
	dpa_backend_opts to = *o;
	to.color = false;
	to.width = 72;
	return render_term(r, a, &to, out, d);
}

static const dpa_backend text_backend = { "txt", ".txt", false, true, render_text };

/* The back-end a file name asks for: .txt (any case) or the table's. */
static const dpa_backend *
backend_of_path(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (dot && !strchr(dot, '/') && strcasecmp(dot, ".txt") == 0)
		return &text_backend;
	return backend_for_path(path);
}

/* -f, else the -o extension, else text; -f and an -o extension that name
 * different formats are an error, as for render. */
static const dpa_backend *
pick_backend(const notice_args *a)
{
	const char *f = a->format;
	bool file = a->output && strcmp(a->output, "-") != 0;
	const dpa_backend *by_name = file ? backend_of_path(a->output) : NULL;
	const dpa_backend *b = !f ? NULL : strcmp(f, "txt") == 0 ? &text_backend : backend_find(f);
	if (f && !b) {
		cli_usage_error("notice", "unknown format \"%s\" (formats: txt, md, html, pdf)", f);
		return NULL;
	}
	if (b && by_name && b != by_name) {
		cli_usage_error("notice", "-f %s and -o \"%s\" disagree (%s in a file named as %s): drop -f, "
		    "or name the file %s", b->name, a->output, b->name, by_name->name, b->ext);
		return NULL;
	}
	if (!b && file && !by_name) {
		cli_usage_error("notice", "cannot tell the format from \"%s\"; give -f (txt, md, html, pdf)",
		    a->output);
		return NULL;
	}
	return b ? b : by_name ? by_name : &text_backend;
}

/* OLD and NEW must describe one agreement in one language. */
static bool
comparable(const notice_args *a, const dpa_doc *old, const dpa_doc *new, const dpa_date *date,
    dpa_diags *d)
{
	bool ok = true;
	if (dpa_model_lang(old->m) != dpa_model_lang(new->m)) {
		diag_add(d, DPA_SEV_ERROR, new->m->language.h.set ? new->m->language.h.loc :
		    (dpa_loc){ a->cfg.path, 0, 0 }, "language", "NEW is in %s, OLD (%s) in %s: give both "
		    "the same language (or --lang)", dpa_lang_code(dpa_model_lang(new->m)), a->old,
		    dpa_lang_code(dpa_model_lang(old->m)));
		ok = false;
	}
	const dpa_date *ad = &old->m->agreement.date;
	if (ad->h.set && date_to_days(date->y, date->m, date->d) < date_to_days(ad->y, ad->m, ad->d)) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ "--date", 0, 0 }, NULL, "the notice date "
		    "%04d-%02d-%02d is before the agreement's date %04d-%02d-%02d (%s:%u:%u)", date->y,
		    date->m, date->d, ad->y, ad->m, ad->d, ad->h.loc.file ? ad->h.loc.file : a->old,
		    ad->h.loc.line, ad->h.loc.col);
		ok = false;
	}
	return ok;
}

/* The notice's fingerprint: NEW's config (whose sub-processors it
 * announces) and the notice templates, as the agreement's is made. */
static int
write_notice(const notice_args *a, const dpa_tmpl *t, const dpa_doc *new, const dpa_notice *n,
    const dpa_backend *be, dpa_diags *d)
{
	char fp[DPA_FP_HEX + 1];
	fingerprint(new->tree, tmpl_digest(t), fp);
	fp[DPA_FP_SHORT] = '\0';
	const dpa_model *m = new->m;
	dpa_render_opts ro = { .extra = n, .fingerprint = fp };
	dpa_backend_opts bo = {0};
	dpa_rendered r = {0};
	dpa_ast ast = {0};
	buf out = {0};
	char err[256];
	int rc = EXIT_INPUT;
	const char *path = a->output ? a->output : "-";
	if (tmpl_render(t, m, &ro, &r, d) != 0)
		goto out;
	if (be->needs_ast && doc_parse(&r, &ast, d) != 0)
		goto out;
	if (be->render(&r, be->needs_ast ? &ast : NULL, &bo, &out, d) != 0)
		goto out;
	if (write_atomic(path, out.data ? out.data : "", out.len, err, sizeof err) != 0) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ path, 0, 0 }, NULL, "%s", err);
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
notice(const notice_args *a, const dpa_backend *be)
{
	static const dpa_tmpl_root root = { "notice", "notice", &dpa_notice_def };
	dpa_doc old = {0}, new = {0};
	dpa_diags d = {0};
	dpa_tmpl *t = NULL;
	dpa_notice n;
	dpa_date date = {0};
	int rc = EXIT_INPUT;
	dpa_load_opts lo = { .lang = a->cfg.lang };
	if (!notice_date(a->date, &date)) {
		rc = cli_usage_error("notice", "--date takes a date as YYYY-MM-DD, not \"%s\"", a->date);
		goto out;
	}
	dpa_load_opts nlo = { .lang = a->cfg.lang, .sets = (const char *const *)a->cfg.sets,
		.nsets = a->cfg.nsets };
	if (dpa_load(&old, a->old, &lo, &d) != 0 || dpa_load(&new, a->cfg.path, &nlo, &d) != 0 ||
	    !comparable(a, &old, &new, &date, &d))
		goto out;
	if (!notice_build(&new.mem, old.m, new.m, &date, &n)) {
		fprintf(stderr, "dpagen notice: no sub-processor is added, removed or changed: no notice "
		    "written%s\n", notice_procedure_changes(&n) ? "; the notice procedure itself changes, "
		    "which needs the controller's agreement, not a notice" : "");
		rc = EXIT_OK;
		goto out;
	}
	/* A notice announces the agreement NEW describes: it must pass check,
	 * as render requires (a new US sub-processor without a basis). */
	dpa_tmpl *agreement = tmpl_compile(a->cfg.templates, dpa_model_lang(new.m), &d);
	buf forced = {0};
	rc = agreement ? check_gate("notice", new.m, agreement, NULL, a->force, &forced) : EXIT_INPUT;
	buf_free(&forced);
	tmpl_free(agreement);
	if (rc != EXIT_OK)
		goto out;
	t = tmpl_compile_root(a->cfg.templates, dpa_model_lang(new.m), &root, &d);
	rc = t ? write_notice(a, t, &new, &n, be, &d) : EXIT_INPUT;
out:
	cli_print_diags(&d);
	diags_free(&d);
	tmpl_free(t);
	dpa_doc_free(&old);
	dpa_doc_free(&new);
	return rc;
}

int
cmd_notice(int argc, char **argv)
{
	notice_args a = {0};
	int rc = parse_args(argc, argv, &a);
	const dpa_backend *be = rc == EXIT_OK ? pick_backend(&a) : NULL;
	if (!be)
		rc = EXIT_INPUT;
	else if (be->binary && (!a.output || strcmp(a.output, "-") == 0) && isatty(STDOUT_FILENO))
		rc = cli_usage_error("notice", "will not write %s to a terminal; give -o FILE", be->name);
	else
		rc = notice(&a, be);
	cli_config_free(&a.cfg);
	return rc;
}
