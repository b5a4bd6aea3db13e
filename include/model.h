/* model.h - the agreement as C structs, and one field table per struct.
 *
 * The field tables are the single source of truth about the config: the
 * loader binds YAML by them, validation reads their types and limits,
 * `dpagen schema` and the docs are generated from them, `--set` paths and
 * template look-ups are resolved through them.  A model and every string in
 * it live in the arena of the dpa_doc that owns it (see load.h).
 */
#ifndef DPAGEN_MODEL_H
#define DPAGEN_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* ---- value types ----------------------------------------------------- */

/* Every value records where it came from; set is false when the config
 * left it out and no default applied. */
typedef struct dpa_hdr {
	dpa_loc loc;
	bool set;
} dpa_hdr;

typedef struct dpa_str {        /* STR TEXT MD EMAIL COUNTRY */
	dpa_hdr h;
	const char *s;
	/* STR TEXT MD given per language ({da: ..., en: ...}) without text in
	 * the document's language: s is the other language's text. */
	bool other_lang;
} dpa_str;

typedef struct dpa_int {        /* INT BOOL ENUM (v is the enum index) */
	dpa_hdr h;
	long v;
} dpa_int;

typedef struct dpa_date {
	dpa_hdr h;
	int y, m, d;
} dpa_date;

typedef struct dpa_list {       /* n elements of the field's element type */
	dpa_hdr h;
	size_t n;
	void *v;
} dpa_list;

typedef enum dpa_type {
	DPA_T_STR,      /* one line of plain text */
	DPA_T_TEXT,     /* plain text; blank lines separate paragraphs */
	DPA_T_MD,       /* Markdown: emphasis, lists, links (never raw HTML) */
	DPA_T_EMAIL,
	DPA_T_COUNTRY,  /* ISO 3166-1 alpha-2 */
	DPA_T_DATE,     /* ISO 8601 YYYY-MM-DD */
	DPA_T_INT,
	DPA_T_BOOL,
	DPA_T_ENUM,
	DPA_T_STRUCT,
	DPA_T_LIST,
	DPA_T__MAX
} dpa_type;

/* Languages of the document: enum order of the `language` field. */
typedef enum dpa_lang { DPA_LANG_DA, DPA_LANG_EN, DPA_LANG__MAX } dpa_lang;

typedef struct dpa_enum_val {
	const char *name;                 /* as written in YAML */
	const char *label[DPA_LANG__MAX]; /* as written in the agreement */
	const char *doc;
} dpa_enum_val;

enum {
	DPA_F_REQUIRED = 1 << 0,  /* must be present */
	DPA_F_NONEMPTY = 1 << 1,  /* a list that must have at least one element */
	DPA_F_NO_REGION = 1 << 2, /* COUNTRY: one country's code, never a region (EU, EEA) */
	DPA_F_ONE_OR_LIST = 1 << 3, /* LIST: a single value stands for a list of one */
	DPA_F_SIGNED = 1 << 4,    /* REQUIRED only in a signed agreement, not one accepted online */
};

typedef struct dpa_struct_def dpa_struct_def;

typedef struct dpa_field {
	const char *name;
	dpa_type type;
	dpa_type elem;               /* LIST: element type */
	size_t offset;
	unsigned flags;
	const dpa_struct_def *sub;   /* STRUCT, LIST of STRUCT */
	const dpa_enum_val *enums;   /* ENUM (or LIST of ENUM); ends with {NULL} */
	long min, max;               /* INT bounds (max 0: none); LIST max length */
	const char *def;             /* default, as YAML text, or NULL */
	const char *clause;          /* the standard DPA part it fills, or NULL */
	const char *doc;
} dpa_field;

struct dpa_struct_def {
	const char *name;
	size_t size;
	const dpa_field *fields;
	size_t nfields;
	const char *doc;
};

/* ---- the agreement --------------------------------------------------- */

typedef struct dpa_person {
	dpa_hdr h;
	dpa_str name, title, email, phone;
} dpa_person;

typedef struct dpa_party {
	dpa_hdr h;
	dpa_str name, registration, address, postcode, city, country;
	dpa_list contacts;     /* dpa_person */
	dpa_list signatories;  /* dpa_person */
	dpa_person dpo;
} dpa_party;

typedef enum { DPA_EFFECTIVE_SIGNATURE, DPA_EFFECTIVE_DATE } dpa_effective;
typedef enum { DPA_FORM_SIGNED, DPA_FORM_ONLINE } dpa_form;
typedef enum { DPA_ACCEPTED_SIGN_UP, DPA_ACCEPTED_UPGRADE, DPA_ACCEPTED_DATE } dpa_accepted;
typedef enum { DPA_LIABILITY_MAIN_AGREEMENT, DPA_LIABILITY_CAP, DPA_LIABILITY_LAW } dpa_liability;

typedef struct dpa_version {
	dpa_hdr h;
	dpa_str version;
	dpa_date date;
	dpa_str summary;
} dpa_version;

typedef struct dpa_agreement {
	dpa_hdr h;
	dpa_str reference, version, title, main_agreement, service;
	dpa_date date;
	dpa_int effective;            /* dpa_effective */
	dpa_str governing_law, venue, supervisory_authority;
	dpa_int prevailing_language;  /* dpa_lang */
	dpa_int liability;            /* dpa_liability */
	dpa_str liability_cap;
	dpa_int cure_days;
	dpa_list history;             /* dpa_version, oldest first */
	dpa_int form;                 /* dpa_form */
	dpa_int accepted;             /* dpa_accepted; online only */
	dpa_str plan, main_agreement_url;
} dpa_agreement;

/* Processing the processor (or another named party) does for its own
 * purposes, as an independent controller: outside these Clauses. */
typedef struct dpa_own_processing {
	dpa_hdr h;
	dpa_str by, activity;
} dpa_own_processing;

typedef struct dpa_processing {
	dpa_hdr h;
	dpa_str purpose, nature;
	dpa_list activities, data_types, special_categories, criminal_offences; /* dpa_str */
	dpa_int cpr_numbers;
	dpa_list data_subjects;   /* dpa_str */
	dpa_str duration;
	dpa_list independent_controller; /* dpa_own_processing */
} dpa_processing;

typedef enum { DPA_BASIS_ADEQUACY, DPA_BASIS_SCC, DPA_BASIS_BCR, DPA_BASIS_DPF,
	DPA_BASIS_ART49, DPA_BASIS_PRIVACY_SHIELD, DPA_BASIS_SAFE_HARBOUR,
	DPA_BASIS_SCC_2010 } dpa_basis;

typedef struct dpa_subprocessor {
	dpa_hdr h;
	dpa_str name, registration, address, country;
	dpa_list locations;       /* dpa_str, COUNTRY */
	dpa_str service, contact;
	/* dpa_int (dpa_basis) in the order relied on: each applies where the
	 * ones before it are not available for the country concerned */
	dpa_list transfer_basis;
	dpa_int scc_module;       /* 2021/914 module: 2 or 3 */
	dpa_str tia, transfer_note;
	dpa_int dpf_certified;
	dpa_date approved_since;
} dpa_subprocessor;

typedef enum { DPA_AUTH_GENERAL, DPA_AUTH_SPECIFIC } dpa_auth;
typedef enum { DPA_OBJECTION_ALTERNATIVE, DPA_OBJECTION_TERMINATE } dpa_on_objection;

typedef struct dpa_subprocessors {
	dpa_hdr h;
	dpa_int authorisation;    /* dpa_auth */
	dpa_int notice_days, objection_days;
	dpa_int on_objection;     /* dpa_on_objection */
	dpa_str published_list, announcement;
	dpa_list list;            /* dpa_subprocessor */
} dpa_subprocessors;

typedef struct dpa_instructions {
	dpa_hdr h;
	dpa_str subject_matter, instruction;
} dpa_instructions;

typedef enum { DPA_LEVEL_NORMAL, DPA_LEVEL_HIGH } dpa_level;

typedef struct dpa_measure_group {
	dpa_hdr h;
	dpa_int category;         /* index in dpa_measure_categories */
	dpa_str title;
	dpa_list items;           /* dpa_str */
} dpa_measure_group;

typedef struct dpa_security {
	dpa_hdr h;
	dpa_int level;            /* dpa_level */
	dpa_str rationale;
	dpa_list measures;        /* dpa_measure_group */
	dpa_list certifications;  /* dpa_str */
} dpa_security;

typedef enum { DPA_CHARGE_INCLUDED, DPA_CHARGE_COSTS, DPA_CHARGE_RATES } dpa_charge;

typedef struct dpa_assistance {
	dpa_hdr h;
	dpa_int response_days;
	dpa_str description;
	dpa_int charge;           /* dpa_charge */
	dpa_str fees;
} dpa_assistance;

typedef struct dpa_breach {
	dpa_hdr h;
	dpa_int notify_hours;     /* at the latest */
	dpa_int target_hours;     /* if possible within; below notify_hours */
	dpa_str channel;
	dpa_list contents;        /* dpa_str */
	dpa_str procedure;
} dpa_breach;

typedef enum { DPA_END_DELETE, DPA_END_RETURN } dpa_at_end;

typedef struct dpa_retention {
	dpa_hdr h;
	dpa_str period;
	dpa_int backup_days;
	dpa_int log_days;
	dpa_int at_end;           /* dpa_at_end */
	dpa_int deletion_days;
	dpa_str legal_requirement;
} dpa_retention;

typedef struct dpa_location {
	dpa_hdr h;
	dpa_str name, address, country;
} dpa_location;

typedef struct dpa_transfer {
	dpa_hdr h;
	dpa_str recipient, country;
	dpa_int basis;            /* dpa_basis */
	dpa_str note;
} dpa_transfer;

typedef struct dpa_transfers {
	dpa_hdr h;
	dpa_int allowed;
	dpa_str instruction;
	dpa_list list;            /* dpa_transfer */
} dpa_transfers;

typedef enum { DPA_AUDIT_DOCUMENTATION, DPA_AUDIT_SELF_ASSESSMENT, DPA_AUDIT_ISAE3000,
	DPA_AUDIT_ISAE3402, DPA_AUDIT_SOC2, DPA_AUDIT_ISO27001, DPA_AUDIT_INSPECTION } dpa_audit_method;

typedef enum { DPA_INSPECTIONS_ALLOWED, DPA_INSPECTIONS_EXCLUDED } dpa_inspections;
typedef enum { DPA_COST_BALANCED, DPA_COST_CONTROLLER, DPA_COST_PROCESSOR,
	DPA_COST_SHARED } dpa_audit_cost;

typedef struct dpa_audit {
	dpa_hdr h;
	dpa_int method;           /* dpa_audit_method */
	dpa_int interval_months;
	dpa_int notice_days;
	dpa_int inspections;      /* dpa_inspections */
	dpa_int max_per_year;     /* inspections a year; 0: no cap */
	dpa_int cost;             /* dpa_audit_cost */
	dpa_str description;
	dpa_int sub_processor_method;
	dpa_str sub_processors;
	dpa_str fee;              /* what the processor charges for taking part */
} dpa_audit;

typedef struct dpa_term {
	dpa_hdr h;
	dpa_str title, text;
} dpa_term;

typedef struct dpa_model {
	dpa_hdr h;
	dpa_int dpagen;
	dpa_int language;         /* dpa_lang */
	dpa_str extends;
	dpa_agreement agreement;
	dpa_party controller, processor;
	dpa_processing processing;
	dpa_subprocessors sub_processors;
	dpa_instructions instructions;
	dpa_security security;
	dpa_assistance assistance;
	dpa_breach breach;
	dpa_retention retention;
	dpa_list locations;       /* dpa_location */
	dpa_transfers transfers;
	dpa_audit audit;
	dpa_list other_terms;     /* dpa_term */
} dpa_model;

/* The root table; every other table hangs off it. */
extern const dpa_struct_def dpa_model_def;
extern const dpa_struct_def dpa_subprocessor_def, dpa_subprocessors_def;

/* Size in bytes of one element or value of a (non-list) type. */
size_t dpa_type_size(dpa_type t, const dpa_struct_def *sub);

/* Name of a type as documentation shows it ("string", "list of ..."). */
const char *dpa_type_name(dpa_type t);

/* Field by name in a table, or NULL. */
const dpa_field *dpa_field_find(const dpa_struct_def *def, const char *name, size_t len);

/* Enum index by name, or -1. */
long dpa_enum_find(const dpa_enum_val *e, const char *name);

/* Does a transfer_basis list name basis b? */
bool dpa_has_basis(const dpa_list *bases, dpa_basis b);

/* The config's name of a basis ("scc"). */
const char *dpa_basis_name(dpa_basis b);

/* Language code ("da"/"en") of a dpa_lang. */
const char *dpa_lang_code(dpa_lang l);

#endif /* !DPAGEN_MODEL_H */
