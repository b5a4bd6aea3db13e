/* cmd_diff.c - `dpagen diff OLD NEW`: what changes in the agreement, part
 * by part, words inside; exit status as diff(1). */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "cli.h"
#include "diff.h"
#include "lang.h"
#include "pipeline.h"
#include "redline.h"

typedef struct diff_args {
	cli_config cfg;             /* NEW, and the options both configs share */
	const char *old, *output, *format, *author;
	const dpa_backend *be;      /* html, pdf, docx: the redline; NULL: txt or md */
	bool stat, summary, color_given, color;
} diff_args;

/* The format: -f, else -o's extension as render has it (.md, .html,
 * .pdf, .docx), else txt.  -f and the extension must agree. */
static int
pick_format(diff_args *a)
{
	const dpa_backend *by_ext = a->output ? backend_for_path(a->output) : NULL;
	const char *f = a->format ? a->format : by_ext ? by_ext->name : "txt";
	bool ours = strcmp(f, "txt") == 0 || strcmp(f, "md") == 0;
	const dpa_backend *be = ours ? NULL : backend_find(f);
	if (!ours && !be)
		return cli_usage_error("diff", "unknown format \"%s\" (formats: txt, md, html, pdf, docx)", f);
	if (a->format && by_ext && strcmp(by_ext->name, f) != 0)
		return cli_usage_error("diff", "-f %s and -o \"%s\" disagree (%s in a file named as %s): "
		    "drop -f, or name the file .%s", f, a->output, f, by_ext->name, be ? be->ext + 1 : f);
	a->format = f;
	a->be = be;
	if (be && be->binary && (!a->output || strcmp(a->output, "-") == 0) && isatty(STDOUT_FILENO))
		return cli_usage_error("diff", "will not write %s to a terminal; give -o FILE", f);
	if (a->author && (!be || strcmp(f, "docx") != 0))
		fprintf(stderr, "dpagen diff: warning: --author does nothing for %s (it names the "
		    "tracked changes in docx)\n", f);
	if (be && (a->stat || a->summary))
		return cli_usage_error("diff", "--stat and --summary print text: drop -f %s", f);
	return EXIT_OK;
}

static int
parse_args(int argc, char **argv, diff_args *a)
{
	enum { OPT_STAT = 0x200, OPT_COLOR, OPT_NO_COLOR, OPT_SUMMARY, OPT_AUTHOR };
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "stat", no_argument, NULL, OPT_STAT },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "color", no_argument, NULL, OPT_COLOR },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "author", required_argument, NULL, OPT_AUTHOR },
		CLI_CONFIG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'f': a->format = optarg; break;
		case 'o': a->output = optarg; break;
		case OPT_STAT: a->stat = true; break;
		case OPT_SUMMARY: a->summary = true; break;
		case OPT_COLOR: a->color_given = a->color = true; break;
		case OPT_NO_COLOR: a->color_given = true; a->color = false; break;
		case OPT_AUTHOR: a->author = optarg; break;
		case ':':
			return cli_usage_error("diff", "%s needs a value", argv[optind - 1]);
		default:
			if (!cli_config_opt(&a->cfg, c, optarg))
				return cli_unknown_option("diff", opts, argv[optind - 1]);
		}
	}
	int rc = pick_format(a);
	return rc != EXIT_OK ? rc : cli_old_new("diff", argc, argv, &a->old, &a->cfg);
}

static const dpa_marks plain = { "[-", "-]", "{+", "+}", false, false };
static const dpa_marks ansi = { "\033[31;9m", "\033[0m", "\033[32;4m", "\033[0m", false, false };
/* After list and heading markers ("- <ins>item</ins>", not "<ins>- item</ins>",
 * which is no list), but around emphasis, where <ins> nests as HTML must. */
static const dpa_marks markdown = { "~~", "~~", "<ins>", "</ins>", true, false };

static const char *
unit_label(const dpa_unit_diff *u)
{
	return *u->key == '(' ? "front matter" : u->number && *u->number ? u->number : u->key;
}

static void
write_stat(buf *out, const dpa_diff *d)
{
	static const char *const state[] = { "=", "changed", "added", "removed" };
	for (size_t i = 0; i < d->n; i++) {
		const dpa_unit_diff *u = &d->units[i];
		if (u->state != DPA_UNIT_SAME)
			buf_printf(out, "%-8s %-8s %-32s +%zu -%zu\n", state[u->state], unit_label(u), u->key,
			    u->words_ins, u->words_del);
	}
	buf_printf(out, "%zu of %zu parts changed\n", d->changed, d->n);
}

/* word with its first letter in upper case ("ændret" -> "Ændret"). */
static void
put_capital(buf *out, const char *word)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)word, -1, &cp);
	if (n <= 0) {
		buf_printf(out, "%s ", word);
		return;
	}
	utf8proc_uint8_t up[4];
	utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), up);
	buf_put(out, up, (size_t)m);
	buf_printf(out, "%s ", word + n);
}

/* One line in the agreement's language for agreement.history: the
 * changed, added and removed parts by number (clauses with their title). */
static void
write_summary(buf *out, const dpa_diff *d, dpa_lang lang)
{
	const dpa_lang_strings *ls = lang_strings(lang);
	bool any = false;
	for (int st = DPA_UNIT_CHANGED; st <= DPA_UNIT_REMOVED; st++) {
		size_t n = 0;
		for (size_t i = 0; i < d->n; i++) {
			const dpa_unit_diff *u = &d->units[i];
			if ((int)u->state != st)
				continue;
			const char *word = ls->changes[st - DPA_UNIT_CHANGED];
			if (!n && any)
				buf_printf(out, "; %s ", word);
			else if (!n)
				put_capital(out, word);
			buf_printf(out, "%s%s", n++ ? ", " : "", *u->key == '(' ? ls->front :
			    u->number && *u->number ? u->number : u->key);
			if (u->title && u->kind == DPA_HEAD_CLAUSE)
				buf_printf(out, " (%s)", u->title);
			any = true;
		}
	}
	if (any)
		buf_puts(out, ".\n");
}

/* Unchanged runs collapse to one line; changed parts are shown whole. */
static void
write_diff(buf *out, const dpa_diff *d, const dpa_marks *mk, bool md)
{
	for (size_t i = 0; i < d->n;) {
		const dpa_unit_diff *u = &d->units[i];
		if (u->state == DPA_UNIT_SAME) {
			size_t j = diff_same_run(d, i);
			const char *a = unit_label(u), *b = unit_label(&d->units[j]);
			buf_printf(out, md ? "*%s%s%s: unchanged*\n\n" : "= %s%s%s unchanged\n\n", a,
			    j > i ? " – " : "", j > i ? b : "");
			i = j + 1;
			continue;
		}
		static const char *const what[] = { "", "changed", "added", "removed" };
		buf_printf(out, md ? "---\n\n*%s %s (%s)*\n\n" : "%s %s (%s) %s\n\n",
		    md ? unit_label(u) : u->state == DPA_UNIT_ADDED ? "+" : u->state == DPA_UNIT_REMOVED ?
		    "-" : "~", md ? what[u->state] : unit_label(u), u->key, md ? "" : what[u->state]);
		diff_put_unit(out, u, mk);
		i++;
	}
}

static int
load_render(const char *path, const diff_args *a, bool sets, dpa_doc *doc, dpa_tmpl **t,
    dpa_rendered *r, dpa_diags *d)
{
	dpa_load_opts lo = { .lang = a->cfg.lang };
	if (sets) {
		lo.sets = (const char *const *)a->cfg.sets;
		lo.nsets = a->cfg.nsets;
	}
	if (dpa_load(doc, path, &lo, d) != 0)
		return -1;
	*t = tmpl_compile(a->cfg.templates, dpa_model_lang(doc->m), d);
	if (!*t)
		return -1;
	dpa_job job = { .t = *t, .tree = doc->tree, .m = doc->m };
	char fp[DPA_FP_HEX + 1];
	return pipeline_rendered(&job, r, NULL, fp, d);
}

/* w:date of the tracked changes: SOURCE_DATE_EPOCH, else NEW's date,
 * else none (Word shows no date); never the clock. */
static const char *
rev_date(const dpa_rendered *rn, char out[32])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t = sde && *sde ? strtoll(sde, &end, 10) : -1;
	struct tm tm;
	time_t tt = (time_t)t;
	if (t >= 0 && !*end && gmtime_r(&tt, &tm)) {
		strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
		return out;
	}
	if (!rn->meta.year)
		return NULL;
	snprintf(out, 32, "%04d-%02d-%02dT00:00:00Z", rn->meta.year, rn->meta.month, rn->meta.day);
	return out;
}

/* The redline in a back-end's format (html, pdf, docx) into out. */
static int
write_redline(const diff_args *a, const dpa_diff *df, const dpa_rendered *ro,
    const dpa_rendered *rn, buf *out, dpa_diags *d)
{
	dpa_rendered rl;
	dpa_ast ast = {0};
	/* NEW is the config with its --set values: the summary says so. */
	buf label = {0};
	buf_puts(&label, a->cfg.path);
	for (size_t i = 0; i < a->cfg.nsets; i++)
		buf_printf(&label, "%s--set %s%s", i ? ", " : " (", a->cfg.sets[i], i + 1 == a->cfg.nsets ? ")" : "");
	redline_build(df, &(dpa_redline_side){ a->old, ro }, &(dpa_redline_side){ label.data, rn }, &rl);
	buf_free(&label);
	char date[32];
	dpa_backend_opts bo = { .redline = true, .author = a->author ? a->author : rn->meta.processor,
		.rev_date = rev_date(rn, date) };
	int rc = -1;
	if (doc_parse(&rl, &ast, d) == 0) {
		redline_links(ast.root, df);
		rc = a->be->render(&rl, &ast, &bo, out, d) == 0 ? 0 : -1;
	}
	doc_free(&ast);
	rendered_free(&rl);
	return rc;
}

static int
diff(const diff_args *a)
{
	dpa_doc old = {0}, new = {0};
	dpa_tmpl *to = NULL, *tn = NULL;
	dpa_rendered ro = {0}, rn = {0};
	dpa_diags d = {0};
	arena mem = {0};
	buf out = {0};
	char err[256];
	int rc = EXIT_INPUT;
	if (load_render(a->old, a, false, &old, &to, &ro, &d) != 0 ||
	    load_render(a->cfg.path, a, true, &new, &tn, &rn, &d) != 0)
		goto out;
	if (ro.lang != rn.lang) {
		diag_add(&d, DPA_SEV_ERROR, (dpa_loc){ a->cfg.path, 0, 0 }, "language", "NEW is in %s, "
		    "OLD (%s) in %s: compare agreements in one language (or give --lang)",
		    dpa_lang_code(rn.lang), a->old, dpa_lang_code(ro.lang));
		goto out;
	}
	dpa_diff df;
	diff_rendered(&mem, &ro, &rn, &df);
	bool md = a->format && strcmp(a->format, "md") == 0;
	bool tty = !a->output && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	const dpa_marks *mk = md ? &markdown : (a->color_given ? a->color : tty) ? &ansi : &plain;
	if (a->be) {
		if (write_redline(a, &df, &ro, &rn, &out, &d) != 0)
			goto out;
	} else if (a->summary)
		write_summary(&out, &df, rn.lang);
	else if (a->stat)
		write_stat(&out, &df);
	else
		write_diff(&out, &df, mk, md);
	if (write_atomic(a->output ? a->output : "-", out.data ? out.data : "", out.len, err,
	    sizeof err) != 0) {
		diag_add(&d, DPA_SEV_ERROR, (dpa_loc){ a->output, 0, 0 }, NULL, "%s", err);
		goto out;
	}
	rc = df.changed ? EXIT_FINDINGS : EXIT_OK;
out:
	cli_print_diags(&d);
	diags_free(&d);
	buf_free(&out);
	arena_free(&mem);
	rendered_free(&ro);
	rendered_free(&rn);
	tmpl_free(to);
	tmpl_free(tn);
	dpa_doc_free(&old);
	dpa_doc_free(&new);
	return rc;
}

int
cmd_diff(int argc, char **argv)
{
	diff_args a = {0};
	int rc = parse_args(argc, argv, &a);
	if (rc == EXIT_OK)
		rc = diff(&a);
	cli_config_free(&a.cfg);
	return rc;
}
