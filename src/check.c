/* check.c - the findings of `dpagen check` as text, JSON and SARIF 2.1.0,
 * and the rule table as text or as docs/checks.md.  The rules themselves
 * are in check_rules.c. */
#include "check.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const sev_word[DPA_SEV__MAX] = {
	"error",   /* DPA_SEV_ERROR */
	"warning", /* DPA_SEV_WARNING */
	"note",    /* DPA_SEV_NOTE */
};

/* Terminal colours of the severity words. */
static const char *const sev_color[DPA_SEV__MAX] = {
	"\033[1;31m", /* DPA_SEV_ERROR: bold red */
	"\033[1;33m", /* DPA_SEV_WARNING: bold yellow */
	"\033[1;36m", /* DPA_SEV_NOTE: bold cyan */
};

static int
strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int
cmp_finding(const void *pa, const void *pb)
{
	const dpa_diag *a = *(const dpa_diag *const *)pa, *b = *(const dpa_diag *const *)pb;
	int c;
	if (a->sev != b->sev)
		return a->sev < b->sev ? -1 : 1;
	if ((c = strcmp0(a->loc.file, b->loc.file)) != 0)
		return c;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.col != b->loc.col)
		return a->loc.col < b->loc.col ? -1 : 1;
	if ((c = strcmp0(a->rule, b->rule)) != 0)
		return c;
	if ((c = strcmp0(a->path, b->path)) != 0)
		return c;
	return strcmp0(a->msg, b->msg);
}

/* The findings of d (diagnostics with a rule id) in output order:
 * severity, file, line, column, rule.  The caller frees the array. */
static const dpa_diag **
findings(const dpa_diags *d, size_t *n)
{
	const dpa_diag **v = xcalloc(d->n ? d->n : 1, sizeof *v);
	*n = 0;
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].rule)
			v[(*n)++] = &d->v[i];
	if (*n > 1)
		qsort(v, *n, sizeof *v, cmp_finding);
	return v;
}

size_t
check_count(const dpa_diags *d, dpa_sev sev)
{
	/* d->errors and d->warnings count what the cap dropped; the cap only
	 * drops the last diagnostics, and findings come after loading. */
	size_t kept = 0, other = 0;
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].sev == sev && d->v[i].rule)
			kept++;
		else if (d->v[i].sev == sev)
			other++;
	if (sev == DPA_SEV_ERROR)
		return d->errors - other;
	if (sev == DPA_SEV_WARNING)
		return d->warnings - other;
	return kept;
}

void
check_rule_ids(const dpa_diags *d, dpa_sev sev, buf *out)
{
	buf_puts(out, "");
	size_t start = out->len;
	for (size_t r = 0; r < check_rule_count(); r++) {
		const char *id = check_rule_at(r)->id;
		for (size_t i = 0; i < d->n; i++)
			if (d->v[i].sev == sev && d->v[i].rule && strcmp(d->v[i].rule, id) == 0) {
				buf_printf(out, "%s%s", out->len > start ? ", " : "", id);
				break;
			}
	}
}

static const char *
basis_of(const dpa_diag *x)
{
	const dpa_rule *r = check_rule_find(x->rule);
	return r ? r->basis : "";
}

/* ---- text -------------------------------------------------------------- */

static void
put_loc(buf *out, dpa_loc loc)
{
	if (loc.file && loc.line)
		buf_printf(out, "%s:%u:%u: ", loc.file, loc.line, loc.col);
	else if (loc.file)
		buf_printf(out, "%s: ", loc.file);
	else
		buf_puts(out, "dpagen: ");
}

static void
put_count(buf *out, size_t n, const char *word, const char *sep)
{
	buf_printf(out, "%s%zu %s%s", sep, n, word, n == 1 ? "" : "s");
}

void
check_write_text(const dpa_diags *d, bool color, buf *out)
{
	size_t n;
	const dpa_diag **v = findings(d, &n);
	buf_puts(out, "");
	for (size_t i = 0; i < n; i++) {
		const dpa_diag *x = v[i];
		put_loc(out, x->loc);
		if (color)
			buf_printf(out, "%s%s\033[0m: ", sev_color[x->sev], sev_word[x->sev]);
		else
			buf_printf(out, "%s: ", sev_word[x->sev]);
		buf_printf(out, "%s: ", x->rule);
		if (x->path)
			buf_printf(out, "%s: ", x->path);
		buf_printf(out, "%s (%s)\n", x->msg, basis_of(x));
	}
	if (d->dropped)
		buf_printf(out, "dpagen: %zu more finding%s not shown\n", d->dropped, d->dropped == 1 ? "" : "s");
	size_t notes = check_count(d, DPA_SEV_NOTE);
	put_count(out, check_count(d, DPA_SEV_ERROR), "error", "");
	put_count(out, check_count(d, DPA_SEV_WARNING), "warning", ", ");
	if (notes)
		put_count(out, notes, "note", ", ");
	buf_putc(out, '\n');
	free(v);
}

/* ---- JSON -------------------------------------------------------------- */

/* A JSON string, or null; bytes that are not UTF-8 (a file name may have
 * them) become '?'. */
static json_t *
jstr(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (j)
		return j;
	char *copy = xstrdup(s);
	for (char *p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(copy);
	free(copy);
	return j;
}

static void
dump(json_t *root, buf *out)
{
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!s)
		dpa_oom();
	buf_puts(out, s);
	buf_putc(out, '\n');
	free(s);
	json_decref(root);
}

void
check_write_json(const dpa_diags *d, const char *file, buf *out)
{
	size_t n;
	const dpa_diag **v = findings(d, &n);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const dpa_diag *x = v[i];
		json_t *f = json_object();
		json_object_set_new(f, "rule", jstr(x->rule));
		json_object_set_new(f, "severity", json_string(sev_word[x->sev]));
		json_object_set_new(f, "file", jstr(x->loc.file));
		json_object_set_new(f, "line", json_integer(x->loc.line));
		json_object_set_new(f, "column", json_integer(x->loc.col));
		json_object_set_new(f, "path", jstr(x->path));
		json_object_set_new(f, "message", jstr(x->msg));
		json_object_set_new(f, "basis", jstr(basis_of(x)));
		json_array_append_new(list, f);
	}
	json_t *root = json_object();
	json_object_set_new(root, "version", json_integer(1));
	json_object_set_new(root, "file", jstr(file));
	json_object_set_new(root, "findings", list);
	json_object_set_new(root, "errors", json_integer((json_int_t)check_count(d, DPA_SEV_ERROR)));
	json_object_set_new(root, "warnings", json_integer((json_int_t)check_count(d, DPA_SEV_WARNING)));
	json_object_set_new(root, "notes", json_integer((json_int_t)check_count(d, DPA_SEV_NOTE)));
	json_object_set_new(root, "not_shown", json_integer((json_int_t)d->dropped));
	dump(root, out);
	free(v);
}

/* ---- SARIF 2.1.0 ------------------------------------------------------- */

static const char sarif_schema[] =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

static json_t *
text_of(const char *s)
{
	json_t *m = json_object();
	json_object_set_new(m, "text", jstr(s));
	return m;
}

/* A relative or absolute path as a URI reference: bytes outside the
 * unreserved set and '/' percent-encoded. */
static json_t *
uri_of(const char *path)
{
	buf b = {0};
	buf_puts(&b, "");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	json_t *j = json_string(b.data);
	buf_free(&b);
	return j;
}

static json_t *
sarif_rules(void)
{
	json_t *rules = json_array();
	for (size_t i = 0; i < check_rule_count(); i++) {
		const dpa_rule *r = check_rule_at(i);
		buf help = {0};
		buf_printf(&help, "%s\n\nLegal basis: %s", r->explain, r->basis);
		json_t *j = json_object();
		json_object_set_new(j, "id", json_string(r->id));
		json_object_set_new(j, "shortDescription", text_of(r->title));
		json_object_set_new(j, "fullDescription", text_of(r->explain));
		json_object_set_new(j, "help", text_of(help.data));
		json_object_set_new(j, "defaultConfiguration",
		    json_pack("{s:s}", "level", sev_word[r->sev]));
		json_object_set_new(j, "properties", json_pack("{s:s}", "legalBasis", r->basis));
		json_array_append_new(rules, j);
		buf_free(&help);
	}
	return rules;
}

static json_t *
sarif_location(const dpa_diag *x)
{
	json_t *phys = json_object();
	json_object_set_new(phys, "artifactLocation", json_pack("{s:o}", "uri", uri_of(x->loc.file)));
	if (x->loc.line)
		json_object_set_new(phys, "region", json_pack("{s:I, s:I}", "startLine",
		    (json_int_t)x->loc.line, "startColumn", (json_int_t)(x->loc.col ? x->loc.col : 1)));
	json_t *loc = json_pack("{s:o}", "physicalLocation", phys);
	if (x->path)
		json_object_set_new(loc, "logicalLocations", json_pack("[{s:o, s:s}]",
		    "fullyQualifiedName", jstr(x->path), "kind", "member"));
	return loc;
}

static json_t *
sarif_result(const dpa_diag *x)
{
	const dpa_rule *r = check_rule_find(x->rule);
	buf msg = {0};
	buf_printf(&msg, "%s%s%s (%s)", x->path ? x->path : "", x->path ? ": " : "", x->msg,
	    r ? r->basis : "");
	json_t *j = json_object();
	json_object_set_new(j, "ruleId", jstr(x->rule));
	for (size_t i = 0; r && i < check_rule_count(); i++)
		if (check_rule_at(i) == r)
			json_object_set_new(j, "ruleIndex", json_integer((json_int_t)i));
	json_object_set_new(j, "level", json_string(sev_word[x->sev]));
	json_object_set_new(j, "message", text_of(msg.data));
	if (x->loc.file)
		json_object_set_new(j, "locations", json_pack("[o]", sarif_location(x)));
	buf_free(&msg);
	return j;
}

void
check_write_sarif(const dpa_diags *d, buf *out)
{
	size_t n;
	const dpa_diag **v = findings(d, &n);
	json_t *results = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(results, sarif_result(v[i]));
	json_t *driver = json_pack("{s:s, s:s, s:o}", "name", "dpagen", "version", DPAGEN_VERSION,
	    "rules", sarif_rules());
	json_t *run = json_pack("{s:{s:o}, s:s, s:o}", "tool", "driver", driver,
	    "columnKind", "unicodeCodePoints", "results", results);
	json_t *root = json_pack("{s:s, s:s, s:[o]}", "$schema", sarif_schema, "version", "2.1.0",
	    "runs", run);
	dump(root, out);
	free(v);
}

/* ---- the rule table ---------------------------------------------------- */

static const char md_intro[] =
    "# Check rules\n\n"
    "<!-- Generated by `dpagen check --list --markdown` from the rule table in\n"
    "     src/check_rules.c; tests/cli/check.sh fails when this file is stale. -->\n\n"
    "`dpagen check CONFIG` runs every rule below on the loaded config and on the agreement\n"
    "rendered from it, and reports each finding with its rule id, severity, the place in the\n"
    "config (file, line, column and field path), a one-line message and the legal basis.\n"
    "`dpagen check --explain DPA012` prints a rule's explanation; `dpagen check --list` the\n"
    "table. Rule ids are stable: a rule is never renumbered, and a retired id is not reused.\n\n"
    "Exit status: 0 no error-level findings (warnings and notes allowed), 1 at least one\n"
    "error (with `--strict`, at least one error or warning), 2 the config or the template set\n"
    "cannot be loaded, or a usage error. `dpagen render` refuses to write an agreement whose\n"
    "config has error-level findings, names the rules and exits 1, unless `--force` is given.\n\n"
    "When the config does not load, text output lists the errors on standard error; with\n"
    "`--format json` or `--format sarif` each error is also a finding of rule DPA000 at its\n"
    "file, line and column in a valid document on standard output, so that code scanning\n"
    "shows it on the config's line. The exit status stays 2.\n\n"
    "## Output\n\n"
    "- **text** (default, on standard output): errors, then warnings, then notes, each group\n"
    "  in file and line order, one per line,\n"
    "  `FILE:LINE:COL: error: DPA012: PATH: MESSAGE (BASIS)`, then a summary line\n"
    "  `N errors, M warnings` (`, K notes` when there are notes). The severity words are\n"
    "  coloured only when standard output is a terminal and `NO_COLOR` is not set.\n"
    "- **json** (`--format json`), a stable shape (version 1):\n"
    "  `{\"version\": 1, \"file\": CONFIG, \"findings\": [{\"rule\", \"severity\", \"file\", \"line\",\n"
    "  \"column\", \"path\", \"message\", \"basis\"}], \"errors\": N, \"warnings\": M, \"notes\": K,\n"
    "  \"not_shown\": X}`. `severity` is `error`, `warning` or `note`; `path` is null for a\n"
    "  finding about the whole agreement; `not_shown` counts findings past the limit of 50.\n"
    "  New keys may be added; existing ones keep their meaning.\n"
    "- **sarif** (`--format sarif`): SARIF 2.1.0 for code scanning in CI, one run of the tool\n"
    "  `dpagen` with every rule's metadata (`shortDescription`, `fullDescription`, `help`,\n"
    "  `defaultConfiguration.level`, `properties.legalBasis`) and each result's\n"
    "  `physicalLocation` (file, `startLine`, `startColumn`; columns count characters) and\n"
    "  field path as a `logicalLocation`.\n\n"
    "## Rules\n\n"
    "| Rule | Severity | What it finds | Legal basis |\n"
    "|---|---|---|---|\n";

static void
md_cell(buf *out, const char *s)
{
	for (; *s; s++)
		if (*s == '|')
			buf_puts(out, "\\|");
		else
			buf_putc(out, *s);
}

void
check_write_list(bool markdown, buf *out)
{
	buf_puts(out, markdown ? md_intro : "");
	for (size_t i = 0; i < check_rule_count(); i++) {
		const dpa_rule *r = check_rule_at(i);
		if (!markdown) {
			buf_printf(out, "%s  %-7s  %s (%s)\n", r->id, sev_word[r->sev], r->title, r->basis);
			continue;
		}
		buf_printf(out, "| [%s](#%c%c%c%s) | %s | ", r->id, 'd', 'p', 'a', r->id + 3, sev_word[r->sev]);
		md_cell(out, r->title);
		buf_puts(out, " | ");
		md_cell(out, r->basis);
		buf_puts(out, " |\n");
	}
	for (size_t i = 0; markdown && i < check_rule_count(); i++) {
		const dpa_rule *r = check_rule_at(i);
		buf_printf(out, "\n### %s\n\n**%s** (%s). Legal basis: %s.\n\n%s\n", r->id, r->title,
		    sev_word[r->sev], r->basis, r->explain);
	}
}

void
check_write_explain(const dpa_rule *r, buf *out)
{
	buf_printf(out, "%s (%s): %s\nLegal basis: %s\n\n%s\n", r->id, sev_word[r->sev], r->title,
	    r->basis, r->explain);
}
