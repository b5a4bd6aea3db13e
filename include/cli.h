/* cli.h - the command line: one function per command (cmd_*.c), each
 * returning the process exit code.  Thin: parsing, calls, exit codes. */
#ifndef DPAGEN_CLI_H
#define DPAGEN_CLI_H

#include "diag.h"
#include "load.h"
#include "tmpl.h"

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_INPUT = 2 };

int cmd_render(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_preview(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_notice(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_clauses(int argc, char **argv);
int cmd_templates(int argc, char **argv);

/* The options of every command that reads a config, for getopt_long
 * tables (CLI_CONFIG_OPTIONS) and cli_config_opt(). */
enum { CLI_OPT_LANG = 0x100, CLI_OPT_TEMPLATES, CLI_OPT_SET };
#define CLI_CONFIG_OPTIONS \
	{ "lang", required_argument, NULL, CLI_OPT_LANG }, \
	{ "templates", required_argument, NULL, CLI_OPT_TEMPLATES }, \
	{ "set", required_argument, NULL, CLI_OPT_SET }

typedef struct cli_config {
	const char *path;         /* CONFIG, or "-" */
	const char *templates, *lang;
	char **sets;              /* --set KEY=VALUE, in order */
	size_t nsets;
} cli_config;

/* Take opt if it is one of CLI_CONFIG_OPTIONS; true if it was. */
bool cli_config_opt(cli_config *c, int opt, char *arg);
/* Check the values given (--lang); EXIT_OK or a usage error. */
int cli_config_check(const char *cmd, const cli_config *c);
void cli_config_free(cli_config *c);

/* diff and notice: the arguments left after the options must be OLD NEW;
 * OLD goes to *old, NEW to c->path.  EXIT_OK or a usage error. */
int cli_old_new(const char *cmd, int argc, char **argv, const char **old, cli_config *c);

/* A loaded config and its compiled template set; problems are printed. */
typedef struct cli_loaded {
	dpa_doc doc;
	dpa_tmpl *t;
	dpa_diags d;
} cli_loaded;

int cli_config_load(const cli_config *c, cli_loaded *l);   /* EXIT_OK or EXIT_INPUT */
void cli_loaded_free(cli_loaded *l);                       /* may be called again */

/* Print "dpagen COMMAND: message" and the usage line, return EXIT_INPUT. */
int cli_usage_error(const char *cmd, const char *fmt, ...) DPA_PRINTF(2, 3);

/* An unknown option arg (as typed) for cmd: a usage error that suggests
 * the nearest of opts' long names ("--output-dir": "did you mean
 * --output?"), not the whole usage.  Returns EXIT_INPUT. */
struct option;
int cli_unknown_option(const char *cmd, const struct option *opts, const char *arg);

/* The nearest of names to word for a "did you mean" hint, or NULL: a
 * close spelling, else a name that word starts with ("output-dir" ->
 * "output"). */
const char *cli_suggest(const char *word, const char *const *names, size_t n);

/* Print d sorted to stderr. */
void cli_print_diags(dpa_diags *d);

/* Parse --lang's value; -1 if it is not da or en. */
int cli_lang(const char *s);

/* render's gate (cmd_check.c): run check on m with the set t (and the
 * agreement r rendered with marks, or NULL: see check_run()).  With
 * error-level findings, print them and return EXIT_FINDINGS, unless force:
 * then say so on stderr, put the rules' ids in forced ("DPA035, DPA036";
 * left empty without errors) and return EXIT_OK. */
struct dpa_model;
struct dpa_tmpl;
struct dpa_rendered;
int check_gate(const char *cmd, const struct dpa_model *m, const struct dpa_tmpl *t,
    const struct dpa_rendered *r, bool force, buf *forced);

/* --separator C of a CSV customer list: , ; | tab (or its name); the
 * character in *out, or a usage error. */
int cli_separator(const char *cmd, const char *s, char *out);

#endif /* !DPAGEN_CLI_H */
