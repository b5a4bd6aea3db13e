/* main.c - dpagen's entry point: command dispatch, help and version. */
#include <cmark-gfm.h>
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cli.h"
#include "fingerprint.h"
#include "model.h"
#include "tmpl.h"

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *synopsis;
	const char *help;
} command;

static const command commands[] = {
	{ "render", cmd_render,
	  "render CONFIG [-f md|html|pdf|docx] [-o FILE|-] [--lang da|en] [--templates DIR]\n"
	  "              [--set KEY=VALUE]... [--annexes-only] [--highlight] [--fragment] [--force]\n"
	  "              [--fsync]",
	  "Render the agreement described by CONFIG (a YAML file, or - for standard\n"
	  "input).\n\n"
	  "  -f, --format FORMAT   md, html, pdf or docx (Word) (default: from the -o\n"
	  "                        extension, in any case, else md); with -o x.html,\n"
	  "                        -f must be html; a PDF or DOCX is never written\n"
	  "                        to a terminal: give -o FILE\n"
	  "  -o, --output FILE     write to FILE (written atomically); - or none: standard output\n"
	  "      --lang da|en      language of the agreement (overrides `language:`)\n"
	  "      --templates DIR   render with the template set in DIR instead of the built-in one\n"
	  "      --set KEY=VALUE   override one config value, e.g. --set processor.name=\"Acme ApS\"\n"
	  "                        (dotted path, list index as .0 or [0]; VALUE is YAML, so\n"
	  "                        quote text with \": \" or \" #\": 'KEY=\"a: b\"'); repeatable\n"
	  "      --annexes-only    only the front matter, annexes A-D and the footer\n"
	  "      --highlight       mark every value that came from the config (HTML and\n"
	  "                        PDF: a background colour, also in print), for review;\n"
	  "                        md has no way to show it (a warning says so)\n"
	  "      --fragment        HTML: only the <article>, for embedding in a page\n"
	  "                        (other formats: a warning, and the whole document)\n"
	  "      --fsync           flush the output to the disk before it replaces the old\n"
	  "                        one (also DPAGEN_FSYNC=1), to survive a power loss\n"
	  "      --force           write even when `dpagen check` finds errors, marked as a\n"
	  "                        draft (without it, render names the failed rules, writes\n"
	  "                        nothing and exits 1)\n" },
	{ "check", cmd_check,
	  "check CONFIG [--format text|json|sarif] [--strict] [--lang da|en]\n"
	  "              [--templates DIR] [--set KEY=VALUE]...\n"
	  "       dpagen check --explain RULE | --list [--markdown]",
	  "Check the agreement described by CONFIG against the rules a DPA must pass: the\n"
	  "Art. 28(3) GDPR elements, transfers outside the EU/EEA, breach deadlines,\n"
	  "sub-processor terms, outdated instruments (Privacy Shield, 95/46, persondataloven)\n"
	  "and placeholders left in the agreement.  Each finding gives its rule id, file,\n"
	  "line, column, field path, message and legal basis, on standard output.\n\n"
	  "  -f, --format FORMAT   text (default; errors first, coloured on a terminal),\n"
	  "                        json (stable shape) or sarif (SARIF 2.1.0, for code scanning)\n"
	  "      --strict          warnings count as errors for the exit status\n"
	  "      --lang da|en      language the agreement is rendered in for the text rules\n"
	  "      --templates DIR   check the text rendered with the template set in DIR\n"
	  "      --set KEY=VALUE   override one config value, as for render; repeatable\n"
	  "      --explain RULE    print why rule RULE (e.g. DPA012) exists and how to fix it\n"
	  "      --list            print the rules; with --markdown, as docs/checks.md\n\n"
	  "Exit status: 0 no errors (warnings allowed), 1 at least one error (or, with\n"
	  "--strict, a warning), 2 the config cannot be loaded or a usage error.\n" },
	{ "preview", cmd_preview,
	  "preview CONFIG [CLAUSE...] [--lang da|en] [--templates DIR] [--set KEY=VALUE]...\n"
	  "              [--highlight]",
	  "Show the agreement, or the clauses named, in the terminal.  CLAUSE is a number\n"
	  "(9), a sub-clause (9.2), an annex (B), an annex section (C.2) or an id (breach;\n"
	  "see `dpagen clauses`).\n\n"
	  "Text is wrapped to the terminal's width (else $COLUMNS, else 80), tables are\n"
	  "drawn with box characters, and it goes through $PAGER (default less -R) when\n"
	  "taller than the screen.  Bold and colour only on a terminal, never with\n"
	  "NO_COLOR set.  --highlight shows values from the config in reverse video.\n" },
	{ "batch", cmd_batch,
	  "batch BASE CUSTOMERS -o DIR [-f md,html,pdf,docx] [-j N] [--shard K/N]\n"
	  "              [--annexes-only] [--templates DIR] [--lang da|en]\n"
	  "              [--set KEY=VALUE]... [--separator C] [--fsync] [-v]\n"
	  "       dpagen batch --merge -o DIR SHARD...",
	  "Render one agreement per customer.  BASE is the processor's config;\n"
	  "CUSTOMERS is a YAML list of overlays (each merged over BASE like `extends`)\n"
	  "or a CSV file whose header row names config paths (controller.name,\n"
	  "agreement.reference, sub_processors.list.0.name or list[0].name, ...).\n"
	  "A CSV file may be UTF-8 (with or without BOM) or, as Excel saves it,\n"
	  "Windows-1252; its separator is the one of , ; and tab that the header row\n"
	  "has most of, unless --separator gives it.  Messages name the file's lines.\n\n"
	  "  -o, --output DIR      the folder for the outputs and manifest.json\n"
	  "                        (created, with parents, if missing)\n"
	  "  -f, --format LIST     md, html, pdf and/or docx, comma-separated (default pdf)\n"
	  "  -j, --jobs N          workers (default: the number of cores); the outputs\n"
	  "                        are the same whatever N is\n"
	  "      --shard K/N       only the K-th of N stable slices (customer i goes to\n"
	  "                        slice i mod N); the shards together make the whole\n"
	  "      --merge           write DIR/manifest.json from the shards' manifests\n"
	  "                        (each SHARD a manifest.json or the folder holding it):\n"
	  "                        the manifest one run over the whole list writes\n"
	  "      --annexes-only    customer-specific annex packs\n"
	  "      --lang da|en      language of every agreement (overrides `language:`)\n"
	  "      --set KEY=VALUE   override one value for every customer, after its row\n"
	  "                        or entry, as for render; repeatable\n"
	  "      --separator C     the CSV separator: , ; | or tab (default: detected)\n"
	  "      --fsync           flush each output to the disk, as for render\n"
	  "  -v, --verbose         the CSV separator and encoding used, and a line per\n"
	  "                        customer, on stderr\n\n"
	  "Each output is named DIR/REFERENCE.EXT from agreement.reference, else from\n"
	  "the controller's name; Danish letters are spelt out (oe, aa), anything else\n"
	  "but letters, digits, '.', '_' and '-' becomes '-'.  Two customers with one\n"
	  "name, or none, are errors.  A customer that is not valid, or fails `check`,\n"
	  "is reported with its entry or row and gets no file; the others are still\n"
	  "written.  DIR/manifest.json lists every customer's outputs with their\n"
	  "SHA-256, fingerprint and check findings, written last.  Exit status: 2 if\n"
	  "any customer was not valid, else 1 if any failed check, else 0.  Progress\n"
	  "(count, rate, ETA) on stderr when it is a terminal; otherwise quiet, but\n"
	  "for one line \"written N, skipped M\" when customers were skipped.\n\n"
	  "Memory does not grow with the list: a CSV file is checked whole, then read\n"
	  "a row at a time, and customers are written and listed in list order while\n"
	  "the next ones render.\n" },
	{ "notice", cmd_notice,
	  "notice OLD NEW [-f txt|md|html|pdf] [-o FILE|-] [--date YYYY-MM-DD]\n"
	  "              [--lang da|en] [--templates DIR] [--set KEY=VALUE]... [--force]\n"
	  "              [--customers LIST -o DIR [--separator C] [-v]]",
	  "Write the notice of intended changes to sub-processors (Art. 28(2) GDPR,\n"
	  "clause 7.3 and Annex B.2) from two configs of one agreement: OLD as agreed,\n"
	  "NEW with the sub-processors as they are to be.  It lists each sub-processor\n"
	  "added, removed or changed (matched by name, case and spacing ignored), the\n"
	  "date the changes take effect (the notice date plus the notice period OLD\n"
	  "agreed), the last day to object and how.  A NEW that shortens the notice or\n"
	  "objection period or weakens the objection right is said to need the\n"
	  "controller's agreement: the notice does not make that change.\n\n"
	  "  -f, --format FORMAT   txt (default; plain text for an e-mail), md, html or pdf\n"
	  "                        (default: from the -o extension)\n"
	  "  -o, --output FILE     write to FILE (atomically); - or none: standard output\n"
	  "      --date DATE       the notice's date (default: SOURCE_DATE_EPOCH, else today)\n"
	  "      --lang da|en      the language of both configs' notice\n"
	  "      --templates DIR   a template set with notice.md\n"
	  "      --set KEY=VALUE   override one value of NEW, as for render; repeatable\n"
	  "      --force           write it even when `dpagen check` finds errors in NEW\n"
	  "      --customers LIST  one notice per customer of a batch customer list (YAML\n"
	  "                        or CSV), each row applied to OLD and NEW, into the\n"
	  "                        folder -o DIR with DIR/manifest.json; a customer\n"
	  "                        without changes gets no file\n"
	  "      --separator C     the CSV separator, as for batch\n"
	  "  -v, --verbose         with --customers, a line per customer on stderr\n\n"
	  "Exit status: 0 written, or nothing to notify (said on stderr); 1 NEW fails\n"
	  "check (nothing written); 2 a config\n"
	  "does not load, OLD and NEW differ in language, the date is before the\n"
	  "agreement's, or a usage error.  With --customers: 2 if any customer was not\n"
	  "valid, else 1 if any failed check, else 0.\n" },
	{ "diff", cmd_diff,
	  "diff OLD NEW [-f txt|md|html|pdf|docx] [-o FILE|-] [--stat|--summary]\n"
	  "              [--color|--no-color] [--author NAME] [--lang da|en] [--templates DIR]\n"
	  "              [--set KEY=VALUE]...",
	  "Show what changes in the agreement from config OLD to config NEW (last year's\n"
	  "and this year's, or a base before and after a change).  Both are rendered and\n"
	  "compared part by part by the clause, annex, section and sub-clause ids, so a\n"
	  "renumbering is no change; words inside a changed part are marked deleted\n"
	  "[-like this-] and inserted {+like this+} (red and green on a terminal);\n"
	  "unchanged parts collapse to one line per run.\n\n"
	  "  -f, --format FORMAT   txt (default) or md (~~deleted~~, <ins>inserted</ins>,\n"
	  "                        as GitHub and GitLab show them); html, pdf or docx: the\n"
	  "                        redline, a summary of the changes (the versions, the\n"
	  "                        parts changed, linked) and the changed parts with\n"
	  "                        deleted words struck through, inserted ones underlined;\n"
	  "                        in docx as Word's tracked changes.  Without -f, -o's\n"
	  "                        extension (.md, .html, .pdf, .docx) gives the format\n"
	  "  -o, --output FILE     write to FILE (atomically); - or none: standard output\n"
	  "                        (not pdf or docx to a terminal)\n"
	  "      --stat            one line per changed part: state, number, id, words +/-\n"
	  "      --summary         one line in the agreement's language (\"Ændret 10.2, B.1.\")\n"
	  "                        to start agreement.history's summary from\n"
	  "      --color, --no-color   colour regardless of the terminal (NO_COLOR is obeyed)\n"
	  "      --author NAME     docx: the tracked changes' author (default: NEW's processor);\n"
	  "                        their date is SOURCE_DATE_EPOCH's, else NEW's agreement date\n"
	  "      --lang, --templates   as for render, for both; --set overrides NEW's values\n\n"
	  "Exit status as diff(1): 0 the same, 1 different, 2 trouble (a config that\n"
	  "does not load, OLD and NEW in different languages).\n" },
	{ "clauses", cmd_clauses,
	  "clauses [--lang da|en] [--templates DIR]",
	  "List the clauses, annexes, sections, parts and sub-clauses with an id of the\n"
	  "template set: number, id and title.  Ids are what `{{ref ID}}` and preview take.\n"
	  "Where the set numbers a part of Datatilsynet's standard differently from the\n"
	  "standard, the line says \"(the standard's N)\"; the bundled sets never do.\n" },
	{ "init", cmd_init,
	  "init [--lang da|en] [-o FILE [--force] [--fsync]]",
	  "Write a commented starter config to standard output, or to FILE:\n"
	  "  dpagen init -o dpa.yaml          (or: dpagen init > dpa.yaml)\n\n"
	  "  -o, --output FILE   write to FILE (atomically); an existing FILE is kept\n"
	  "                      unless --force is given\n"
	  "      --force         replace an existing FILE\n"
	  "      --fsync         flush FILE to the disk, as for render\n" },
	{ "schema", cmd_schema,
	  "schema [--markdown | --man]",
	  "Print the JSON Schema (draft 2020-12) of the config, for editors:\n"
	  "  dpagen schema > dpagen.schema.json\n"
	  "and in the config:  # yaml-language-server: $schema=dpagen.schema.json\n\n"
	  "  --markdown   print the config reference (docs/config.md) instead\n"
	  "  --man        print the manual page dpagen-config(5) (mdoc) instead\n" },
	{ "templates", cmd_templates,
	  "templates [--lang da|en] [--export DIR]",
	  "List the files of the built-in template sets, or write them to DIR to start\n"
	  "a custom set that --templates DIR renders with:\n"
	  "  dpagen templates --export my-set && dpagen render dpa.yaml --templates my-set\n\n"
	  "  --lang da|en   only that language's set; exported as DIR/document.md ...\n"
	  "                 (without --lang: DIR/da/ and DIR/en/)\n"
	  "  --export DIR   write the files to DIR (created, with parents, if\n"
	  "                 missing); an existing file stops the export before\n"
	  "                 anything is written\n" },
};

enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static void
usage(FILE *fp)
{
	fputs("usage: dpagen COMMAND [ARGS]\n\n", fp);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  dpagen %s\n", commands[i].synopsis);
	fputs("  dpagen help COMMAND | --help | --version\n\n"
	    "Exit status: 0 success, 1 check found errors, 2 usage error, invalid input\n"
	    "or I/O failure.  See dpagen(1).\n", fp);
}

static const command *
find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* "unknown command" with the nearest command, and where to look, instead
 * of the whole usage. */
static int
unknown_command(const char *name)
{
	const char *names[NCOMMANDS + 3] = { "help", "--help", "--version" };
	for (size_t i = 0; i < NCOMMANDS; i++)
		names[i + 3] = commands[i].name;
	const char *hint = cli_suggest(name, names, NCOMMANDS + 3);
	fprintf(stderr, "dpagen: unknown command \"%s\"", name);
	if (hint)
		fprintf(stderr, " (did you mean \"%s\"?)", hint);
	fputs("\n(see: dpagen --help)\n", stderr);
	return EXIT_INPUT;
}

static int
help(const char *name)
{
	const command *c = name ? find_command(name) : NULL;
	if (!name) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!c)
		return unknown_command(name);
	printf("usage: dpagen %s\n\n%s", c->synopsis, c->help);
	return EXIT_OK;
}

/* The built-in template sets' versions: the first 12 hex digits of each
 * set's SHA-256 (tmpl_digest: file names and contents). */
static void
template_versions(void)
{
	fputs("templates", stdout);
	for (int l = 0; l < DPA_LANG__MAX; l++) {
		dpa_diags d = {0};
		dpa_tmpl *t = tmpl_compile(NULL, (dpa_lang)l, &d);
		printf("%s %s ", l ? "," : "", dpa_lang_code((dpa_lang)l));
		if (!t)
			fputs("(does not compile)", stdout);
		for (int i = 0; t && i < DPA_FP_SHORT / 2; i++)
			printf("%02x", tmpl_digest(t)[i]);
		tmpl_free(t);
		diags_free(&d);
	}
	putchar('\n');
}

static int
version(void)
{
	printf("dpagen %s (config schema 1)\n", DPAGEN_VERSION);
	printf("libyaml %s, cmark-gfm %s, libharu %s\n", yaml_get_version_string(),
	    cmark_version_string(), HPDF_VERSION_TEXT);
	template_versions();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("dpagen: standard output");
		return EXIT_INPUT;
	}
	return EXIT_OK;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_INPUT;
	}
	const char *cmd = argv[1];
	const char *fs = getenv("DPAGEN_FSYNC");
	if (fs && *fs && strcmp(fs, "0") != 0)
		atomic_set_durable(true);
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
		return help(NULL);
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0)
		return version();
	if (strcmp(cmd, "help") == 0)
		return help(argc > 2 ? argv[2] : NULL);
	const command *c = find_command(cmd);
	if (!c)
		return unknown_command(cmd);
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return help(cmd);
	return c->run(argc - 1, argv + 1);
}
