/* cmd_notice.c - `dpagen notice OLD NEW`: the notice of intended changes
 * to sub-processors, dated by the notice period OLD agreed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch_int.h"
#include "check.h"
#include "cli.h"
#include "load.h"
#include "doc.h"
#include "fingerprint.h"
#include "notice.h"
#include "render.h"

typedef struct notice_args {
	cli_config cfg;             /* NEW, and the options both configs share */
	const char *old, *output, *format, *date;
	const char *customers;      /* --customers: one notice per customer */
	char separator;
	bool force, verbose;
} notice_args;

static int
parse_args(int argc, char **argv, notice_args *a)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "date", required_argument, NULL, 'd' },
		{ "force", no_argument, NULL, 'R' },
		{ "customers", required_argument, NULL, 'C' },
		{ "separator", required_argument, NULL, 'S' },
		{ "verbose", no_argument, NULL, 'v' },
		CLI_CONFIG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:v", opts, NULL)) != -1) {
		switch (c) {
		case 'C': a->customers = optarg; break;
		case 'v': a->verbose = true; break;
		case 'S':
			if (cli_separator("notice", optarg, &a->separator) != EXIT_OK)
				return EXIT_INPUT;
			break;
		case 'f': a->format = optarg; break;
		case 'o': a->output = optarg; break;
		case 'd': a->date = optarg; break;
		case 'R': a->force = true; break;
		case ':':
			return cli_usage_error("notice", "%s needs a value", argv[optind - 1]);
		default:
			if (!cli_config_opt(&a->cfg, c, optarg))
				return cli_unknown_option("notice", opts, argv[optind - 1]);
		}
	}
	return cli_old_new("notice", argc, argv, &a->old, &a->cfg);
}

/* The notice's date: --date, else SOURCE_DATE_EPOCH, else today (UTC). */
static bool
notice_date(const char *arg, dpa_date *out)
{
	if (arg) {
		int y, m, d;
		char end;
		if (sscanf(arg, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
			return false;
		days_to_date(date_to_days(y, m, d), out);
		return out->y == y && out->m == m && out->d == d;
	}
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t now = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
	days_to_date((long)(now / 86400), out);
	return true;
}

/* Text: the terminal back-end without colour, at e-mail width. */
static int
render_text(const dpa_rendered *r, const dpa_ast *a, const dpa_backend_opts *o, buf *out, dpa_diags *d)
{
	dpa_backend_opts to = *o;
	to.color = false;
	to.width = 72;
	return render_term(r, a, &to, out, d);
}

static const dpa_backend text_backend = { "txt", ".txt", false, true, render_text };

/* The back-end a file name asks for: .txt (any case) or the table's. */
static const dpa_backend *
backend_of_path(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (dot && !strchr(dot, '/') && strcasecmp(dot, ".txt") == 0)
		return &text_backend;
	return backend_for_path(path);
}

/* -f, else the -o extension, else text; -f and an -o extension that name
 * different formats are an error, as for render. */
static const dpa_backend *
pick_backend(const notice_args *a)
{
	const char *f = a->format;
	/* With --customers, -o names a folder, not a format. */
	bool file = a->output && strcmp(a->output, "-") != 0 && !a->customers;
	const dpa_backend *by_name = file ? backend_of_path(a->output) : NULL;
	const dpa_backend *b = !f ? NULL : strcmp(f, "txt") == 0 ? &text_backend : backend_find(f);
	if (f && !b) {
		cli_usage_error("notice", "unknown format \"%s\" (formats: txt, md, html, pdf)", f);
		return NULL;
	}
	if (b && by_name && b != by_name) {
		cli_usage_error("notice", "-f %s and -o \"%s\" disagree (%s in a file named as %s): drop -f, "
		    "or name the file %s", b->name, a->output, b->name, by_name->name, b->ext);
		return NULL;
	}
	if (!b && file && !by_name) {
		cli_usage_error("notice", "cannot tell the format from \"%s\"; give -f (txt, md, html, pdf)",
		    a->output);
		return NULL;
	}
	return b ? b : by_name ? by_name : &text_backend;
}

/* OLD and NEW must describe one agreement in one language. */
static bool
comparable(const char *old_path, const char *new_path, const dpa_model *old, const dpa_model *new,
    const dpa_date *date, dpa_diags *d)
{
	bool ok = true;
	if (dpa_model_lang(old) != dpa_model_lang(new)) {
		diag_add(d, DPA_SEV_ERROR, new->language.h.set ? new->language.h.loc :
		    (dpa_loc){ new_path, 0, 0 }, "language", "NEW is in %s, OLD (%s) in %s: give both "
		    "the same language (or --lang)", dpa_lang_code(dpa_model_lang(new)), old_path,
		    dpa_lang_code(dpa_model_lang(old)));
		ok = false;
	}
	const dpa_date *ad = &old->agreement.date;
	if (ad->h.set && date_to_days(date->y, date->m, date->d) < date_to_days(ad->y, ad->m, ad->d)) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ "--date", 0, 0 }, NULL, "the notice date "
		    "%04d-%02d-%02d is before the agreement's date %04d-%02d-%02d (%s:%u:%u)", date->y,
		    date->m, date->d, ad->y, ad->m, ad->d, ad->h.loc.file ? ad->h.loc.file : old_path,
		    ad->h.loc.line, ad->h.loc.col);
		ok = false;
	}
	return ok;
}

/* The notice in be's format into out.  Its fingerprint: NEW's config
 * (whose sub-processors it announces) and the notice templates, as the
 * agreement's is made. */
static int
render_notice(const dpa_tmpl *t, const ynode *tree, const dpa_model *m, const dpa_notice *n,
    const dpa_backend *be, buf *out, dpa_diags *d)
{
	char fp[DPA_FP_HEX + 1];
	fingerprint(tree, tmpl_digest(t), fp);
	fp[DPA_FP_SHORT] = '\0';
	dpa_render_opts ro = { .extra = n, .fingerprint = fp };
	dpa_backend_opts bo = {0};
	dpa_rendered r = {0};
	dpa_ast ast = {0};
	int rc = -1;
	if (tmpl_render(t, m, &ro, &r, d) == 0 && (!be->needs_ast || doc_parse(&r, &ast, d) == 0) &&
	    be->render(&r, be->needs_ast ? &ast : NULL, &bo, out, d) == 0)
		rc = 0;
	doc_free(&ast);
	rendered_free(&r);
	return rc;
}

static int
write_notice(const notice_args *a, const dpa_tmpl *t, const dpa_doc *new, const dpa_notice *n,
    const dpa_backend *be, dpa_diags *d)
{
	buf out = {0};
	char err[256];
	int rc = EXIT_INPUT;
	const char *path = a->output ? a->output : "-";
	if (render_notice(t, new->tree, new->m, n, be, &out, d) != 0)
		goto out;
	if (write_atomic(path, out.data ? out.data : "", out.len, err, sizeof err) != 0) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ path, 0, 0 }, NULL, "%s", err);
		goto out;
	}
	rc = EXIT_OK;
out:
	buf_free(&out);
	return rc;
}

static int
notice(const notice_args *a, const dpa_backend *be)
{
	static const dpa_tmpl_root root = { "notice", "notice", &dpa_notice_def };
	dpa_doc old = {0}, new = {0};
	dpa_diags d = {0};
	dpa_tmpl *t = NULL;
	dpa_notice n;
	dpa_date date = {0};
	int rc = EXIT_INPUT;
	dpa_load_opts lo = { .lang = a->cfg.lang };
	if (!notice_date(a->date, &date)) {
		rc = cli_usage_error("notice", "--date takes a date as YYYY-MM-DD, not \"%s\"", a->date);
		goto out;
	}
	dpa_load_opts nlo = { .lang = a->cfg.lang, .sets = (const char *const *)a->cfg.sets,
		.nsets = a->cfg.nsets };
	if (dpa_load(&old, a->old, &lo, &d) != 0 || dpa_load(&new, a->cfg.path, &nlo, &d) != 0 ||
	    !comparable(a->old, a->cfg.path, old.m, new.m, &date, &d))
		goto out;
	if (!notice_build(&new.mem, old.m, new.m, &date, &n)) {
		fprintf(stderr, "dpagen notice: no sub-processor is added, removed or changed: no notice "
		    "written%s\n", notice_procedure_changes(&n) ? "; the notice procedure itself changes, "
		    "which needs the controller's agreement, not a notice" : "");
		rc = EXIT_OK;
		goto out;
	}
	/* A notice announces the agreement NEW describes: it must pass check,
	 * as render requires (a new US sub-processor without a basis). */
	dpa_tmpl *agreement = tmpl_compile(a->cfg.templates, dpa_model_lang(new.m), &d);
	buf forced = {0};
	rc = agreement ? check_gate("notice", new.m, agreement, NULL, a->force, &forced) : EXIT_INPUT;
	buf_free(&forced);
	tmpl_free(agreement);
	if (rc != EXIT_OK)
		goto out;
	t = tmpl_compile_root(a->cfg.templates, dpa_model_lang(new.m), &root, &d);
	rc = t ? write_notice(a, t, &new, &n, be, &d) : EXIT_INPUT;
out:
	cli_print_diags(&d);
	diags_free(&d);
	tmpl_free(t);
	dpa_doc_free(&old);
	dpa_doc_free(&new);
	return rc;
}


/* ---- one notice per customer (--customers) --------------------------------- */

typedef struct notice_list {
	const notice_args *a;
	const dpa_backend *be;
	dpa_date date;
	arena mem;
	ynode *old_base, *new_base;
	dpa_tmpl *agreement[DPA_LANG__MAX], *notice[DPA_LANG__MAX];
	dpa_customer_list *list;
	int dirfd;
	nameset names;
	atomic_file man;
	buf mb;
	size_t n;
	unsigned invalid, failed, written;
} notice_list;

typedef struct one {
	const char *status;        /* ok, no-change, invalid, check, io-error */
	char name[DPA_MAX_NAME + 1];
	char sha[DPA_FP_HEX + 1];
	size_t added, removed, changed;
	dpa_date effective, objection_by;
	const char *controller, *reference;
	bool file_removed;
	uint64_t at;               /* its place among the run's names */
	dpa_diags d;
} one;

/* The template sets of a language, compiled when first needed. */
static bool
list_templates(notice_list *L, dpa_lang lang, dpa_diags *d)
{
	static const dpa_tmpl_root root = { "notice", "notice", &dpa_notice_def };
	if (!L->agreement[lang])
		L->agreement[lang] = tmpl_compile(L->a->cfg.templates, lang, d);
	if (L->agreement[lang] && !L->notice[lang])
		L->notice[lang] = tmpl_compile_root(L->a->cfg.templates, lang, &root, d);
	return L->agreement[lang] && L->notice[lang];
}

static void
date_json(json_t *o, const char *key, const dpa_date *dt)
{
	char s[16];
	if (!dt->h.set)
		return;
	snprintf(s, sizeof s, "%04d-%02d-%02d", dt->y, dt->m, dt->d);
	json_object_set_new(o, key, json_string(s));
}

static void
list_entry(notice_list *L, const dpa_customer *cu, const one *o)
{
	json_t *e = json_pack("{s:i, s:s, s:s?, s:s?, s:s?}", customers_info(L->list)->csv ? "row" : "entry",
	    (int)cu->number, "status", o->status, "name", o->name[0] ? o->name : NULL,
	    "controller", o->controller, "reference", o->reference);
	if (strcmp(o->status, "ok") == 0) {
		char file[DPA_MAX_NAME + 16];
		snprintf(file, sizeof file, "%s%s", o->name, L->be->ext);
		json_object_set_new(e, "file", json_string(file));
		json_object_set_new(e, "sha256", json_string(o->sha));
	}
	if (o->added + o->removed + o->changed) {
		json_object_set_new(e, "added", json_integer((json_int_t)o->added));
		json_object_set_new(e, "removed", json_integer((json_int_t)o->removed));
		json_object_set_new(e, "changed", json_integer((json_int_t)o->changed));
		date_json(e, "effective", &o->effective);
		date_json(e, "objection_by", &o->objection_by);
	}
	if (o->file_removed)
		json_object_set_new(e, "removed_file", json_pack("s+", o->name, L->be->ext));
	json_object_set_new(e, "findings", findings_json(&o->d));
	buf_puts(&L->mb, L->n ? ",\n    " : "\n    ");
	if (json_dump_callback(e, json_to_buf, &L->mb, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0)
		dpa_oom();
	json_decref(e);
	if (L->mb.len >= 65536) {
		atomic_write(&L->man, L->mb.data, L->mb.len);
		buf_reset(&L->mb);
	}
}

/* The customer's name, once in this run: as batch names its agreement. */
static bool
list_name(notice_list *L, const dpa_customer *cu, const dpa_model *m, one *o)
{
	const char *from = m->agreement.reference.h.set ? m->agreement.reference.s : m->controller.name.s;
	batch_slug(from ? from : "", o->name, sizeof o->name);
	const char *what = customers_info(L->list)->csv ? "line" : "customer";
	unsigned who = customers_info(L->list)->csv ? cu->loc.line : cu->number;
	name_rec rec;
	uint64_t at;
	int found = o->name[0] ? nameset_find(&L->names, o->name, &rec, &at) : 0;
	if (!o->name[0])
		diag_add(&o->d, DPA_SEV_ERROR, cu->loc, NULL, "%s %u has no usable name: give agreement.reference",
		    what, who);
	else if (found == 1)
		diag_add(&o->d, DPA_SEV_ERROR, cu->loc, NULL, "%s %u would be written as \"%s\" like %s %u: give a "
		    "distinct agreement.reference", what, who, o->name, what, rec.who);
	else if (found < 0)
		diag_add(&o->d, DPA_SEV_ERROR, cu->loc, NULL, "cannot keep the run's names: %s", strerror(errno));
	if (!o->name[0] || found != 0)
		return false;
	memset(&rec, 0, sizeof rec);
	snprintf(rec.name, sizeof rec.name, "%s", o->name);
	rec.who = who;
	o->at = at;
	if (nameset_put(&L->names, at, &rec) != 0) {
		diag_add(&o->d, DPA_SEV_ERROR, cu->loc, NULL, "cannot keep the run's names: %s", strerror(errno));
		return false;
	}
	return true;
}

/* Check NEW as this customer's agreement, then render and write its notice. */
static void
list_write(notice_list *L, const ynode *tree, const dpa_model *m, const dpa_notice *n, one *o)
{
	dpa_lang lang = dpa_model_lang(m);
	if (!list_templates(L, lang, &o->d)) {
		o->status = "invalid";
		return;
	}
	check_run(m, L->agreement[lang], NULL, &o->d);
	if (check_count(&o->d, DPA_SEV_ERROR) && !L->a->force) {
		o->status = "check";
		return;
	}
	buf out = {0};
	char file[DPA_MAX_NAME + 16], err[256];
	snprintf(file, sizeof file, "%s%s", o->name, L->be->ext);
	if (render_notice(L->notice[lang], tree, m, n, L->be, &out, &o->d) != 0) {
		o->status = "invalid";
	} else if (write_atomic_at(L->dirfd, file, out.data ? out.data : "", out.len, NULL, err, sizeof err) != 0) {
		diag_add(&o->d, DPA_SEV_ERROR, (dpa_loc){ arena_printf(&L->mem, "%s/%s", L->a->output, file), 0, 0 },
		    NULL, "%s", err);
		o->status = "io-error";
	} else {
		sha256_hex(out.data ? out.data : "", out.len, o->sha);
		name_rec rec;   /* written: no later customer may remove it */
		if (nameset_find(&L->names, o->name, &rec, &o->at) == 1) {
			rec.written = 1;
			nameset_update(&L->names, o->at, &rec);
		}
	}
	buf_free(&out);
}


static void
list_report(notice_list *L, const dpa_customer *cu, one *o)
{
	char w[32];
	snprintf(w, sizeof w, "%s %u", customers_info(L->list)->csv ? "line" : "customer",
	    customers_info(L->list)->csv ? cu->loc.line : cu->number);
	bool ok = strcmp(o->status, "ok") == 0, quiet = ok || strcmp(o->status, "no-change") == 0;
	L->written += ok;
	L->invalid += strcmp(o->status, "invalid") == 0 || strcmp(o->status, "io-error") == 0;
	L->failed += strcmp(o->status, "check") == 0;
	diags_sort(&o->d);
	if (!quiet) {
		fprintf(stderr, "dpagen notice: %s%s%s%s: %s\n", w, o->name[0] ? " (" : "", o->name,
		    o->name[0] ? ")" : "", strcmp(o->status, "check") == 0 ?
		    "the new config fails check, no notice written" : "no notice written");
		diags_print(&o->d, stderr);
	} else if (L->a->verbose) {
		fprintf(stderr, "dpagen notice: %s: %s\n", w, ok ? o->name : "no sub-processor changes, no notice");
	}
}

static void
list_customer(notice_list *L, const dpa_customer *cu)
{
	arena a = {0};
	one o = { .status = "ok" };
	const notice_args *args = L->a;
	if (cu->problem)
		diag_add(&o.d, DPA_SEV_ERROR, cu->problem_at, NULL, "%s", cu->problem);
	ynode *ot = customer_config(&a, L->old_base, cu, &o.d);
	ynode *nt = customer_config(&a, L->new_base, cu, &o.d);
	/* --set changes NEW, as without --customers. */
	for (size_t i = 0; i < args->cfg.nsets; i++)
		dpa_apply_set(&a, &nt, args->cfg.sets[i], (unsigned)i + 1, &o.d);
	dpa_model *om = o.d.errors ? NULL : dpa_bind_lang(&a, &ot, args->old, args->cfg.lang, &o.d);
	dpa_model *nm = om ? dpa_bind_lang(&a, &nt, args->cfg.path, args->cfg.lang, &o.d) : NULL;
	dpa_notice n;
	if (!om || !nm || !comparable(args->old, args->cfg.path, om, nm, &L->date, &o.d) || !list_name(L, cu, nm, &o)) {
		o.status = "invalid";
	} else {
		o.controller = nm->controller.name.s;
		o.reference = nm->agreement.reference.h.set ? nm->agreement.reference.s : NULL;
		if (!notice_build(&a, om, nm, &L->date, &n)) {
			o.status = "no-change";
		} else {
			o.added = n.added.n, o.removed = n.removed.n, o.changed = n.changed.n;
			o.effective = n.effective, o.objection_by = n.objection_by;
			list_write(L, nt, nm, &n, &o);
		}
	}
	/* A customer without a notice now keeps none of an earlier run, unless
	 * a customer before it was written under that name. */
	struct stat st;
	char file[DPA_MAX_NAME + 16];
	name_rec rec;
	uint64_t at;
	snprintf(file, sizeof file, "%s%s", o.name, L->be->ext);
	if (strcmp(o.status, "ok") != 0 && o.name[0] &&
	    !(nameset_find(&L->names, o.name, &rec, &at) == 1 && rec.written) &&
	    fstatat(L->dirfd, file, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
	    unlinkat(L->dirfd, file, 0) == 0)
		o.file_removed = true;
	list_report(L, cu, &o);
	list_entry(L, cu, &o);
	L->n++;
	diags_free(&o.d);
	arena_free(&a);
}


static int
list_open(notice_list *L, dpa_diags *d)
{
	const notice_args *a = L->a;
	char err[256];
	if (!(L->old_base = dpa_load_tree(&L->mem, a->old, d)) || !(L->new_base = dpa_load_tree(&L->mem, a->cfg.path, d)) ||
	    d->errors)
		return -1;
	ynode *probe = L->new_base;   /* a --set that does not parse fails once */
	for (size_t i = 0; i < a->cfg.nsets; i++)
		dpa_apply_set(&L->mem, &probe, a->cfg.sets[i], (unsigned)i + 1, d);
	if (d->errors || !(L->list = customers_open(a->customers, a->separator, d)))
		return -1;
	if (make_dirs(a->output) != 0 || (L->dirfd = open(a->output, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ a->output, 0, 0 }, NULL, "cannot use the folder: %s", strerror(errno));
		return -1;
	}
	if (nameset_open(&L->names, customers_info(L->list)->count, L->dirfd) != 0 ||
	    atomic_open(&L->man, L->dirfd, "manifest.json", err, sizeof err) != 0) {
		diag_add(d, DPA_SEV_ERROR, (dpa_loc){ arena_printf(&L->mem, "%s/manifest.json", a->output), 0, 0 }, NULL,
		    "%s", L->names.fd < 0 ? strerror(errno) : err);
		return -1;
	}
	char date[16];
	snprintf(date, sizeof date, "%04d-%02d-%02d", L->date.y, L->date.m, L->date.d);
	json_t *head = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s}", "version", 1, "generator",
	    "dpagen " DPAGEN_VERSION, "old", a->old, "new", a->cfg.path, "customer_list", a->customers,
	    "format", L->be->name, "date", date);
	char *text = head ? json_dumps(head, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(head);
	if (!text)
		dpa_oom();
	buf_put(&L->mb, text, strlen(text) - 2);
	free(text);
	buf_puts(&L->mb, ",\n  \"customers\": [");
	return 0;
}

/* One notice per customer of a list into -o DIR, with DIR/manifest.json:
 * OLD and NEW each with the customer's row or entry, --set on NEW. */
static int
notice_list_run(const notice_args *a, const dpa_backend *be)
{
	notice_list L = { .a = a, .be = be, .dirfd = -1, .names = { .fd = -1 }, .man = { .fd = -1 } };
	dpa_diags d = {0};
	int rc = EXIT_INPUT;
	if (!notice_date(a->date, &L.date)) {
		rc = cli_usage_error("notice", "--date takes a date as YYYY-MM-DD, not \"%s\"", a->date);
		goto out;
	}
	if (list_open(&L, &d) != 0)
		goto out;
	arena in = {0};
	dpa_customer cu;
	int got;
	while ((got = customers_next(L.list, &in, &cu, &d)) == 1) {
		list_customer(&L, &cu);
		arena_free(&in);
	}
	arena_free(&in);
	buf_puts(&L.mb, "\n  ]\n}\n");
	atomic_write(&L.man, L.mb.data, L.mb.len);
	char err[256];
	if (atomic_close(&L.man, got == 0, NULL, err, sizeof err) != 0)
		diag_add(&d, DPA_SEV_ERROR, (dpa_loc){ arena_printf(&L.mem, "%s/manifest.json", a->output), 0, 0 },
		    NULL, "%s", err);
	rc = got != 0 || d.errors || L.invalid ? EXIT_INPUT : L.failed ? EXIT_FINDINGS : EXIT_OK;
	if (a->verbose || L.invalid || L.failed)
		fprintf(stderr, "dpagen notice: %zu customers: %u notices written, %zu without changes, %u not valid, "
		    "%u failing check\n", L.n, L.written, L.n - L.written - L.invalid - L.failed, L.invalid, L.failed);
out:
	if (L.man.fd >= 0)
		atomic_close(&L.man, false, NULL, (char[8]){0}, 8);
	cli_print_diags(&d);
	diags_free(&d);
	buf_free(&L.mb);
	for (int l = 0; l < DPA_LANG__MAX; l++) {
		tmpl_free(L.agreement[l]);
		tmpl_free(L.notice[l]);
	}
	customers_close(L.list);
	nameset_close(&L.names);
	if (L.dirfd >= 0)
		close(L.dirfd);
	arena_free(&L.mem);
	return rc;
}

int
cmd_notice(int argc, char **argv)
{
	notice_args a = {0};
	int rc = parse_args(argc, argv, &a);
	const dpa_backend *be = rc == EXIT_OK ? pick_backend(&a) : NULL;
	if (!be)
		rc = EXIT_INPUT;
	else if (a.customers && (!a.output || strcmp(a.output, "-") == 0))
		rc = cli_usage_error("notice", "--customers needs -o DIR: the folder for one notice per customer");
	else if (a.customers)
		rc = notice_list_run(&a, be);
	else if (be->binary && (!a.output || strcmp(a.output, "-") == 0) && isatty(STDOUT_FILENO))
		rc = cli_usage_error("notice", "will not write %s to a terminal; give -o FILE", be->name);
	else
		rc = notice(&a, be);
	cli_config_free(&a.cfg);
	return rc;
}
