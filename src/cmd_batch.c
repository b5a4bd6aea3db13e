/* cmd_batch.c - `dpagen batch`: one agreement per customer. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"

/* "md,html,pdf" into the back-ends; each at most once. */
static int
parse_formats(const char *list, dpa_batch_opts *o)
{
	char *copy = xstrdup(list), *save = NULL;
	int rc = EXIT_OK;
	for (char *f = strtok_r(copy, ",", &save); f && rc == EXIT_OK; f = strtok_r(NULL, ",", &save)) {
		const dpa_backend *be = backend_find(f);
		for (size_t i = 0; be && i < o->nformats; i++)
			if (o->formats[i] == be)
				be = NULL;
		if (!be || o->nformats == 4)
			rc = cli_usage_error("batch", "-f takes formats md, html, pdf, each once: not \"%s\"", f);
		else
			o->formats[o->nformats++] = be;
	}
	free(copy);
	return rc;
}

static int
parse_shard(const char *s, dpa_batch_opts *o)
{
	char tail;
	if (sscanf(s, "%u/%u%c", &o->shard, &o->nshards, &tail) != 2 || o->nshards < 1 ||
	    o->shard < 1 || o->shard > o->nshards)
		return cli_usage_error("batch", "--shard takes K/N with 1 <= K <= N, e.g. 2/4");
	return EXIT_OK;
}

int
cmd_batch(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "shard", required_argument, NULL, 's' },
		{ "templates", required_argument, NULL, 't' },
		{ "annexes-only", no_argument, NULL, 'a' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "separator", required_argument, NULL, 'S' },
		{ "lang", required_argument, NULL, 'l' },
		{ "set", required_argument, NULL, 'E' },
		{ "fsync", no_argument, NULL, 'Y' },
		{ "merge", no_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 },
	};
	dpa_batch_opts o = {0};
	cli_config cfg = {0};
	int c, rc = EXIT_OK, others = 0;
	bool merge = false;
	opterr = 0;
	while (rc == EXIT_OK && (c = getopt_long(argc, argv, ":o:f:j:v", opts, NULL)) != -1) {
		switch (c) {
		case 'o': o.outdir = optarg; break;
		case 'f': rc = parse_formats(optarg, &o); break;
		case 's': rc = parse_shard(optarg, &o); break;
		case 't': o.templates = optarg; break;
		case 'a': o.annexes_only = true; break;
		case 'v': o.verbose = true; break;
		case 'S': rc = cli_separator("batch", optarg, &o.separator); break;
		case 'l': o.lang = optarg; break;
		case 'Y': atomic_set_durable(true); break;
		case 'M': merge = true; others--; break;
		case 'E': cli_config_opt(&cfg, CLI_OPT_SET, optarg); break;
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 64)
				rc = cli_usage_error("batch", "-j takes a number of workers from 1 to 64");
			o.jobs = (unsigned)n;
			break;
		}
		case ':':
			rc = cli_usage_error("batch", "%s needs a value", argv[optind - 1]);
			break;
		default:
			rc = cli_unknown_option("batch", opts, argv[optind - 1]);
			break;
		}
		others += c != 'o';
	}
	if (rc == EXIT_OK && merge) {
		if (others > 0)
			rc = cli_usage_error("batch", "--merge takes only -o DIR and the shards' manifests (or folders)");
		else if (!o.outdir || optind >= argc)
			rc = cli_usage_error("batch", "--merge -o DIR SHARD...: the folder for the merged manifest, "
			    "and each shard's manifest.json or folder");
		else
			rc = batch_merge(o.outdir, argv + optind, (size_t)(argc - optind));
		cli_config_free(&cfg);
		return rc;
	}
	if (rc == EXIT_OK && o.lang && cli_lang(o.lang) < 0)
		rc = cli_usage_error("batch", "--lang takes da or en, not \"%s\"", o.lang);
	else if (rc == EXIT_OK && argc - optind != 2)
		rc = cli_usage_error("batch", "takes BASE and CUSTOMERS (a .yaml list or a .csv file)");
	else if (rc == EXIT_OK && !o.outdir)
		rc = cli_usage_error("batch", "-o DIR is required: the folder for the outputs");
	if (rc == EXIT_OK) {
		o.base = argv[optind];
		o.customers = argv[optind + 1];
		o.sets = (const char *const *)cfg.sets;
		o.nsets = cfg.nsets;
		if (o.nformats == 0)
			o.formats[o.nformats++] = backend_find("pdf");
		o.progress = isatty(STDERR_FILENO);
		rc = batch_run(&o);
	}
	cli_config_free(&cfg);
	return rc;
}
