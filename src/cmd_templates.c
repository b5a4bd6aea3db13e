/* cmd_templates.c - `dpagen templates`: list the built-in template sets or
 * export them to a folder, the starting point of a custom set. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "embedded.h"
#include "model.h"

/* The language folder of an embedded name ("da/10-breach.md" -> DA), or -1
 * for a file outside the sets (the starter configs). */
static int
file_lang(const char *name)
{
	for (int l = 0; l < DPA_LANG__MAX; l++) {
		const char *code = dpa_lang_code((dpa_lang)l);
		size_t n = strlen(code);
		if (strncmp(name, code, n) == 0 && name[n] == '/')
			return l;
	}
	return -1;
}

/* Create dir unless it is already a folder. */
static int
make_dir(const char *dir)
{
	if (make_dirs(dir) == 0)
		return 0;
	fprintf(stderr, "dpagen templates: %s: %s\n", dir,
	    errno == ENOTDIR ? "it, or a folder above it, is not a folder" : strerror(errno));
	return -1;
}

/* Where an embedded file goes: DIR/da/x.md for both sets, DIR/x.md for one
 * (--lang), the two layouts --templates reads. */
static void
export_path(buf *b, const char *dir, const char *name, bool one_lang)
{
	buf_reset(b);
	buf_printf(b, "%s/%s", dir, one_lang ? strchr(name, '/') + 1 : name);
}

/* Write the files of the sets chosen to dir.  Nothing is overwritten: an
 * existing file stops the export before anything is written. */
static int
export_sets(const char *dir, int lang)
{
	buf path = {0};
	int rc = EXIT_INPUT;
	struct stat st;
	for (const dpa_embedded_file *f = dpa_embedded; f->name; f++) {
		int l = file_lang(f->name);
		if (l < 0 || (lang >= 0 && l != lang))
			continue;
		export_path(&path, dir, f->name, lang >= 0);
		if (lstat(path.data, &st) == 0) {
			fprintf(stderr, "dpagen templates: %s exists; export into a new or empty folder\n",
			    path.data);
			goto out;
		}
	}
	if (make_dir(dir) != 0)
		goto out;
	for (int l = 0; lang < 0 && l < DPA_LANG__MAX; l++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, dpa_lang_code((dpa_lang)l));
		if (make_dir(path.data) != 0)
			goto out;
	}
	for (const dpa_embedded_file *f = dpa_embedded; f->name; f++) {
		int l = file_lang(f->name);
		if (l < 0 || (lang >= 0 && l != lang))
			continue;
		export_path(&path, dir, f->name, lang >= 0);
		char err[256];
		if (write_atomic(path.data, f->data, f->len, err, sizeof err) != 0) {
			fprintf(stderr, "dpagen templates: %s\n", err);
			goto out;
		}
	}
	rc = EXIT_OK;
out:
	buf_free(&path);
	return rc;
}

static int
list_sets(int lang)
{
	buf b = {0};
	for (const dpa_embedded_file *f = dpa_embedded; f->name; f++) {
		int l = file_lang(f->name);
		if (l >= 0 && (lang < 0 || l == lang))
			buf_printf(&b, "%s\n", f->name);
	}
	char err[256];
	int rc = EXIT_OK;
	if (write_atomic("-", b.data ? b.data : "", b.len, err, sizeof err) != 0) {
		fprintf(stderr, "dpagen templates: %s\n", err);
		rc = EXIT_INPUT;
	}
	buf_free(&b);
	return rc;
}

int
cmd_templates(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "export", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	int c, lang = -1;
	const char *dir = NULL;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'l' && (lang = cli_lang(optarg)) < 0)
			return cli_usage_error("templates", "--lang takes da or en, not \"%s\"", optarg);
		else if (c == 'e' && !*optarg)
			return cli_usage_error("templates", "--export needs a folder");
		else if (c == 'e')
			dir = optarg;
		else if (c == ':')
			return cli_usage_error("templates", "%s needs a value", argv[optind - 1]);
		else if (c != 'l')
			return cli_unknown_option("templates", opts, argv[optind - 1]);
	}
	if (optind < argc)
		return cli_usage_error("templates", "unexpected argument \"%s\"", argv[optind]);
	return dir ? export_sets(dir, lang) : list_sets(lang);
}
