/* cli.h - the command line: one function per command (cmd_*.c), each
 * returning the process exit code.  Thin: parsing, calls, exit codes. */
#ifndef DPAGEN_CLI_H
#define DPAGEN_CLI_H

#include "diag.h"

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_INPUT = 2 };

int cmd_render(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_preview(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_clauses(int argc, char **argv);
int cmd_templates(int argc, char **argv);

/* Print "dpagen COMMAND: message" and the usage line, return EXIT_INPUT. */
int cli_usage_error(const char *cmd, const char *fmt, ...) DPA_PRINTF(2, 3);

/* Print d sorted to stderr. */
void cli_print_diags(dpa_diags *d);

/* Parse --lang's value; -1 if it is not da or en. */
int cli_lang(const char *s);

/* render's gate (cmd_check.c): run check on m with the set t.  With
 * error-level findings, print them and return EXIT_FINDINGS, unless force:
 * then say so on stderr and return EXIT_OK. */
struct dpa_model;
struct dpa_tmpl;
int check_gate(const char *cmd, const struct dpa_model *m, const struct dpa_tmpl *t, bool force);

#endif /* !DPAGEN_CLI_H */
