/* cmd_preview.c - `dpagen preview`: read clauses in the terminal. */
#define _GNU_SOURCE
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "pipeline.h"

typedef struct preview_args {
	cli_config cfg;
	bool highlight;
	char **clauses;
	size_t nclauses;
} preview_args;

static int
parse_args(int argc, char **argv, preview_args *a)
{
	static const struct option opts[] = {
		{ "highlight", no_argument, NULL, 'H' },
		CLI_CONFIG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'H')
			a->highlight = true;
		else if (c == ':')
			return cli_usage_error("preview", "%s needs a value", argv[optind - 1]);
		else if (!cli_config_opt(&a->cfg, c, optarg))
			return cli_unknown_option("preview", opts, argv[optind - 1]);
	}
	if (optind >= argc)
		return cli_usage_error("preview", "missing CONFIG (a YAML file, or - for standard input)");
	a->cfg.path = argv[optind];
	a->clauses = argv + optind + 1;
	a->nclauses = (size_t)(argc - optind - 1);
	return cli_config_check("preview", &a->cfg);
}

/* What a CLAUSE argument may name, for the error message. */
static void
list_clauses(const dpa_rendered *r, buf *b)
{
	for (size_t i = 0; i < r->nindex; i++) {
		const dpa_heading *h = &r->index[i];
		if (!h->line || (h->kind != DPA_HEAD_CLAUSE && h->kind != DPA_HEAD_ANNEX && h->kind != DPA_HEAD_PART))
			continue;
		buf_printf(b, "%s%s%s%s", b->len ? ", " : "", h->number, *h->number ? " " : "", h->id);
	}
}

static int
terminal_size(int *cols, int *rows)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0)
		return -1;
	*rows = ws.ws_row;
	if (ws.ws_col == 0)
		return -1;
	*cols = ws.ws_col;
	return 0;
}

/* Is the program a pager command line starts (its first word) there to
 * run?  Searched in PATH as the shell would; a first word the shell
 * interprets (an assignment, a quote) is left to the shell to judge. */
static bool
pager_runnable(const char *cmd)
{
	size_t n = strcspn(cmd, " \t");
	char prog[4096];
	if (n == 0 || n >= sizeof prog || strpbrk(cmd, "=\"'\\$`") != NULL)
		return true;
	memcpy(prog, cmd, n);
	prog[n] = '\0';
	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	const char *path = getenv("PATH");
	for (const char *d = path ? path : "/usr/bin:/bin"; ; d += strcspn(d, ":") + 1) {
		char full[8192];
		int dl = (int)strcspn(d, ":");
		snprintf(full, sizeof full, "%.*s/%s", dl, dl ? d : ".", prog);
		if (access(full, X_OK) == 0)
			return true;
		if (d[dl] == '\0')
			return false;
	}
}

/* Text to the pager; false if it could not be started (the shell found
 * no such program, or could not run it).  A pager quit before the end
 * closes the pipe: that is the reader's choice, not a failure. */
static bool
page(const char *pager, const buf *text)
{
	setenv("LESS", "R", 0);
	fflush(stdout);
	FILE *p = popen(pager, "w");
	if (!p)
		return false;
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	fwrite(text->data, 1, text->len, p);
	int st = pclose(p);
	signal(SIGPIPE, old);
	return st != -1 && !(WIFEXITED(st) && (WEXITSTATUS(st) == 126 || WEXITSTATUS(st) == 127));
}

/* Through $PAGER when the text is taller than the terminal; straight to
 * the terminal, with one line saying why, if the pager cannot start. */
static int
show(const buf *text, bool tty, int rows)
{
	size_t lines = 0;
	for (size_t i = 0; i < text->len; i++)
		lines += text->data[i] == '\n';
	if (tty && rows > 0 && lines >= (size_t)rows) {
		const char *pager = getenv("PAGER");
		if (!pager || !*pager)
			pager = "less -R";
		if (!pager_runnable(pager))
			fprintf(stderr, "dpagen preview: cannot start the pager \"%s\" (not found; set PAGER); "
			    "printing directly\n", pager);
		else if (page(pager, text))
			return EXIT_OK;
		else
			fprintf(stderr, "dpagen preview: the pager \"%s\" could not be started; printing directly\n",
			    pager);
	}
	char err[256];
	if (write_atomic("-", text->data ? text->data : "", text->len, err, sizeof err) != 0) {
		fprintf(stderr, "dpagen preview: %s\n", err);
		return EXIT_INPUT;
	}
	return EXIT_OK;
}

/* The clauses named, as ranges of the AST; -1 (and a message listing
 * what exists) if one names nothing. */
static int
select_clauses(const preview_args *a, const dpa_rendered *r, const dpa_ast *ast, dpa_backend_opts *bo)
{
	bo->sel = xcalloc(2 * a->nclauses + 1, sizeof *bo->sel);
	for (size_t i = 0; i < a->nclauses; i++) {
		if (doc_select(ast, a->clauses[i], &bo->sel[2 * i], &bo->sel[2 * i + 1]) < 0) {
			buf known = {0};
			list_clauses(r, &known);
			fprintf(stderr, "dpagen preview: no clause \"%s\" in this agreement; there are: %s "
			    "(and their sections and sub-clauses, such as C.2 or 9.2)\n", a->clauses[i], known.data);
			buf_free(&known);
			return -1;
		}
		bo->nsel++;
	}
	return 0;
}

static int
preview(const preview_args *a, dpa_backend_opts *bo, bool tty, int rows)
{
	cli_loaded l;
	int rc = cli_config_load(&a->cfg, &l);
	if (rc != EXIT_OK) {
		cli_loaded_free(&l);
		return rc;
	}
	dpa_job job = { .t = l.t, .tree = l.doc.tree, .m = l.doc.m, .highlight = a->highlight };
	dpa_rendered r = {0};
	dpa_ast ast = {0};
	dpa_diags d = {0};
	buf out = {0};
	char fp[DPA_FP_HEX + 1];
	rc = EXIT_INPUT;
	if (pipeline_rendered(&job, &r, &ast, fp, &d) == 0 && select_clauses(a, &r, &ast, bo) == 0 &&
	    render_term(&r, &ast, bo, &out, &d) == 0)
		rc = show(&out, tty, rows);
	cli_print_diags(&d);
	free(bo->sel);
	buf_free(&out);
	doc_free(&ast);
	rendered_free(&r);
	diags_free(&d);
	cli_loaded_free(&l);
	return rc;
}

int
cmd_preview(int argc, char **argv)
{
	preview_args a = {0};
	int rc = parse_args(argc, argv, &a);
	if (rc == EXIT_OK) {
		bool tty = isatty(STDOUT_FILENO);
		int cols = 80, rows = 0;
		if (!tty || terminal_size(&cols, &rows) != 0) {
			const char *c = getenv("COLUMNS");
			cols = c && atoi(c) > 0 ? atoi(c) : 80;
		}
		const char *nc = getenv("NO_COLOR");
		dpa_backend_opts bo = { .highlight = a.highlight, .width = cols, .color = tty && !(nc && *nc) };
		rc = preview(&a, &bo, tty, rows);
	}
	cli_config_free(&a.cfg);
	return rc;
}
