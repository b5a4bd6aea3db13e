/* cmd_diff.c - `dpagen diff OLD NEW`: what changes in the agreement, part
 * by part, words inside; exit status as diff(1). */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "cli.h"
#include "diff.h"
#include "lang.h"
#include "pipeline.h"

typedef struct diff_args {
	cli_config cfg;             /* NEW, and the options both configs share */
	const char *old, *output, *format;
	bool stat, summary, color_given, color;
} diff_args;

static int
parse_args(int argc, char **argv, diff_args *a)
{
	enum { OPT_STAT = 0x200, OPT_COLOR, OPT_NO_COLOR, OPT_SUMMARY };
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "stat", no_argument, NULL, OPT_STAT },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "color", no_argument, NULL, OPT_COLOR },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
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
		case ':':
			return cli_usage_error("diff", "%s needs a value", argv[optind - 1]);
		default:
			if (!cli_config_opt(&a->cfg, c, optarg))
				return cli_unknown_option("diff", opts, argv[optind - 1]);
		}
	}
	if (a->format && strcmp(a->format, "txt") != 0 && strcmp(a->format, "md") != 0)
		return cli_usage_error("diff", "unknown format \"%s\" (formats: txt, md)", a->format);
	return cli_old_new("diff", argc, argv, &a->old, &a->cfg);
}

typedef struct marks {
	const char *del_on, *del_off, *ins_on, *ins_off;
} marks;

static const marks plain = { "[-", "-]", "{+", "+}" };
static const marks ansi = { "\033[31;9m", "\033[0m", "\033[32;4m", "\033[0m" };
static const marks markdown = { "~~", "~~", "<ins>", "</ins>" };

/* A table row deleted or inserted: each cell marked, so it stays a row.
 * The delimiter row of a table whose columns changed is shown as NEW has
 * it only: two would end the table. */
static void
put_row(buf *out, const char *p, size_t n, const char *on, const char *off, bool del)
{
	bool delim = strspn(p, "|-: ") >= n;
	if (delim) {
		if (!del)
			buf_put(out, p, n);
		return;
	}
	const char *start = p, *end = p + n;
	while (p < end) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		const char *stop = bar ? bar : end;
		const char *a = p, *b = stop;
		while (a < b && *a == ' ')
			a++;
		while (b > a && b[-1] == ' ')
			b--;
		if (b > a)
			buf_printf(out, " %s%.*s%s ", on, (int)(b - a), a, off);
		else if (bar && p > start)
			buf_putc(out, ' ');   /* an empty cell stays a cell */
		if (bar)
			buf_putc(out, '|');
		p = bar ? bar + 1 : end;
	}
}

/* A span's text with its marks around each line's words, so a mark never
 * spans a line (a table row, a list item) and Markdown stays Markdown. */
static void
put_span(buf *out, const dpa_span *s, const marks *mk)
{
	if (s->op == DPA_SAME) {
		buf_put(out, s->s, s->len);
		return;
	}
	const char *on = s->op == DPA_DEL ? mk->del_on : mk->ins_on;
	const char *off = s->op == DPA_DEL ? mk->del_off : mk->ins_off;
	const char *p = s->s, *end = s->s + s->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		if (*p == '|' && (p > s->s || s->row))
			put_row(out, p, (size_t)(stop - p), on, off, s->op == DPA_DEL);
		else if (stop > p)
			buf_printf(out, "%s%.*s%s", on, (int)(stop - p), p, off);
		if (nl)
			buf_putc(out, '\n');
		p = nl ? nl + 1 : end;
	}
}

/* Does the last line of out (from start) begin a table row? */
static bool
in_row(const buf *out, size_t start)
{
	size_t i = out->len;
	while (i > start && out->data[i - 1] != '\n')
		i--;
	return i < out->len && out->data[i] == '|';
}

/* Does the line before the (empty) last one begin a table row? */
static bool
after_row(const buf *out, size_t start)
{
	if (out->len <= start || out->data[out->len - 1] != '\n')
		return false;
	size_t i = out->len - 1;
	while (i > start && out->data[i - 1] != '\n')
		i--;
	return out->data[i] == '|';
}

/* Spans join with a space on a line; a row deleted next to its
 * replacement goes on a line of its own, and text after a row starts a
 * new paragraph, so a table stays a table. */
static void
put_unit(buf *out, const dpa_unit_diff *u, const marks *mk)
{
	size_t start = out->len;
	for (size_t i = 0; i < u->nspans; i++) {
		const dpa_span *s = &u->spans[i];
		bool mid = out->len > start && out->data[out->len - 1] != '\n';
		if (mid && s->row)
			buf_putc(out, '\n');
		else if (mid && s->s[0] != '\n')
			buf_putc(out, ' ');
		else if (!mid && !s->row && s->s[0] != '\n' && out->len > start + 1 &&
		    in_row(out, start) == false && after_row(out, start))
			buf_putc(out, '\n');   /* text after a table starts a paragraph */
		put_span(out, s, mk);
	}
	buf_puts(out, "\n\n");
}

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
write_diff(buf *out, const dpa_diff *d, const marks *mk, bool md)
{
	for (size_t i = 0; i < d->n;) {
		const dpa_unit_diff *u = &d->units[i];
		if (u->state == DPA_UNIT_SAME) {
			size_t j = i;
			while (j + 1 < d->n && d->units[j + 1].state == DPA_UNIT_SAME)
				j++;
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
		put_unit(out, u, mk);
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
	const marks *mk = md ? &markdown : (a->color_given ? a->color : tty) ? &ansi : &plain;
	if (a->summary)
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
