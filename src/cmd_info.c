/* cmd_info.c - commands that print what dpagen knows: schema, init,
 * clauses. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "standard.h"
#include "embedded.h"
#include "schema.h"
#include "tmpl.h"

static int
print_all(const char *cmd, const char *data, size_t len)
{
	char err[256];
	if (write_atomic("-", data, len, err, sizeof err) != 0) {
		fprintf(stderr, "dpagen %s: %s\n", cmd, err);
		return EXIT_INPUT;
	}
	return EXIT_OK;
}

/* Options shared by init and clauses: --lang, --templates. */
static int
lang_opts(const char *cmd, int argc, char **argv, int *lang, const char **templates)
{
	static const struct option opts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "templates", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	opterr = 0;
	*lang = DPA_LANG_DA;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'l' && (*lang = cli_lang(optarg)) >= 0)
			continue;
		if (c == 'l')
			return cli_usage_error(cmd, "--lang takes da or en, not \"%s\"", optarg);
		if (c == 't' && templates) {
			*templates = optarg;
			continue;
		}
		if (c == ':')
			return cli_usage_error(cmd, "%s needs a value", argv[optind - 1]);
		return cli_unknown_option(cmd, opts, argv[optind - 1]);
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument \"%s\"", argv[optind]);
	return EXIT_OK;
}

int
cmd_schema(int argc, char **argv)
{
	bool markdown = argc == 2 && strcmp(argv[1], "--markdown") == 0;
	bool man = argc == 2 && strcmp(argv[1], "--man") == 0;
	if (argc > 1 && !markdown && !man)
		return cli_usage_error("schema", "takes no arguments but --markdown or --man");
	buf b = {0};
	if (markdown)
		schema_write_markdown(&b);
	else if (man)
		schema_write_man(&b);
	else
		schema_write(&b);
	int rc = print_all("schema", b.data, b.len);
	buf_free(&b);
	return rc;
}

/* init's arguments: --lang, -o FILE, --force. */
static int
init_args(int argc, char **argv, int *lang, const char **out, bool *force)
{
	static const struct option opts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'F' },
		{ "fsync", no_argument, NULL, 'Y' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	opterr = 0;
	*lang = DPA_LANG_DA;
	while ((c = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
		if (c == 'l' && (*lang = cli_lang(optarg)) < 0)
			return cli_usage_error("init", "--lang takes da or en, not \"%s\"", optarg);
		else if (c == 'o')
			*out = optarg;
		else if (c == 'F')
			*force = true;
		else if (c == 'Y')
			atomic_set_durable(true);
		else if (c == ':')
			return cli_usage_error("init", "%s needs a value", argv[optind - 1]);
		else if (c != 'l')
			return cli_unknown_option("init", opts, argv[optind - 1]);
	}
	if (optind < argc)
		return cli_usage_error("init", "unexpected argument \"%s\" (to write a file: "
		    "dpagen init -o %s)", argv[optind], argv[optind]);
	return EXIT_OK;
}

int
cmd_init(int argc, char **argv)
{
	int lang;
	const char *out = "-";
	bool force = false;
	int rc = init_args(argc, argv, &lang, &out, &force);
	if (rc != EXIT_OK)
		return rc;
	const char *name = lang == DPA_LANG_EN ? "init-en.yaml" : "init-da.yaml";
	const dpa_embedded_file *f = dpa_embedded_find(name);
	if (!f) {
		fprintf(stderr, "dpagen init: the starter config %s is missing from this build\n", name);
		return EXIT_INPUT;
	}
	/* A config is work: it is not replaced by a starter unless asked. */
	struct stat st;
	if (strcmp(out, "-") != 0 && !force && stat(out, &st) == 0 && S_ISREG(st.st_mode)) {
		fprintf(stderr, "dpagen init: %s exists; give --force to replace it\n", out);
		return EXIT_INPUT;
	}
	char err[256];
	if (write_atomic(out, f->data, f->len, err, sizeof err) != 0) {
		fprintf(stderr, "dpagen init: %s: %s\n", out, err);
		return EXIT_INPUT;
	}
	return EXIT_OK;
}

static void
print_outline(void *ctx, dpa_head_kind kind, const char *number, const char *id, const char *title)
{
	buf *b = ctx;
	/* A sub-clause written in both branches of an {{#if}} is one part. */
	static char last[96];
	char key[96];
	snprintf(key, sizeof key, "%s %s", number, id ? id : "");
	if (kind == DPA_HEAD_SUB && strcmp(key, last) == 0)
		return;
	snprintf(last, sizeof last, "%s", key);
	const char *indent = kind == DPA_HEAD_SECTION || kind == DPA_HEAD_SUB ? "  " : "";
	/* Where the set numbers a part of the standard differently, say so:
	 * "pkt. 7.3" must mean the same clause as in the standard. */
	const char *std = id ? standard_number(id) : NULL;
	buf_printf(b, "%s%-*s  %-28s  %s", indent, *indent ? 4 : 6, *number ? number : "-", id,
	    title ? title : "");
	if (std && strcmp(std, number) != 0)
		buf_printf(b, "  (the standard's %s)", std);
	while (b->len && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
	buf_puts(b, "\n");
}

int
cmd_clauses(int argc, char **argv)
{
	int lang;
	const char *templates = NULL;
	int rc = lang_opts("clauses", argc, argv, &lang, &templates);
	if (rc != EXIT_OK)
		return rc;
	dpa_diags d = {0};
	dpa_tmpl *t = tmpl_compile(templates, (dpa_lang)lang, &d);
	if (!t) {
		cli_print_diags(&d);
		diags_free(&d);
		return EXIT_INPUT;
	}
	buf b = {0};
	tmpl_outline(t, print_outline, &b);
	rc = print_all("clauses", b.data ? b.data : "", b.len);
	buf_free(&b);
	tmpl_free(t);
	diags_free(&d);
	return rc;
}
