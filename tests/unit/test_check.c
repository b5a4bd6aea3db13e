/* test_check.c - the rules of `dpagen check`: each has a failing and a
 * passing case on a clean config changed by --set overrides; the rule
 * table; the text, JSON and SARIF writers. */
#include "helpers.h"

#include <jansson.h>

#include "check.h"
#include "tmpl.h"

/* A config every rule passes; each test breaks one thing with --set. */
static const char CLEAN[] =
    "dpagen: 1\n"
    "agreement:\n  date: 2026-03-01\n  service: Booking af tider\n"
    "controller:\n  name: Kunde A/S\n  signatories: [{name: Lars Holm}]\n"
    "  registration: CVR 12345678\n  address: Algade 1\n  postcode: \"8000\"\n  city: Aarhus C\n"
    "processor:\n  name: Leverandør ApS\n  signatories: [{name: Peter Eksempel}]\n"
    "  registration: CVR 87654321\n  address: Havnevej 2\n  postcode: \"5000\"\n  city: Odense C\n"
    "processing:\n  purpose: Drift af bookingsystemet\n  nature: Opbevaring\n"
    "  data_types: [Navn, E-mail]\n  data_subjects: [Kunder]\n  duration: Aftalens løbetid\n"
    "  special_categories: []\n  criminal_offences: []\n  cpr_numbers: false\n"
    "sub_processors:\n  authorisation: general\n  notice_days: 30\n  objection_days: 14\n"
    "  list:\n    - {name: Hosting GmbH, country: DE, service: Hosting, approved_since: 2026-01-01,\n"
    "       registration: HRB 12345, address: \"Industriestr. 1, 91710 Gunzenhausen\"}\n"
    "instructions:\n  subject_matter: Hosting af bookingsystemet\n"
    "security:\n  level: normal\n"
    "  measures:\n    - {category: access, items: [Tofaktorgodkendelse for alle medarbejdere]}\n"
    "breach:\n  notify_hours: 24\n"
    "retention:\n  period: Aftalens løbetid\n  backup_days: 30\n"
    "audit:\n  method: documentation\n";

static dpa_tmpl *builtin[DPA_LANG__MAX];

static int
setup(void **state)
{
	(void)state;
	dpa_diags d = {0};
	for (int l = 0; l < DPA_LANG__MAX; l++)
		builtin[l] = tmpl_compile(NULL, (dpa_lang)l, &d);
	diags_free(&d);
	return builtin[0] && builtin[1] ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	for (int l = 0; l < DPA_LANG__MAX; l++)
		tmpl_free(builtin[l]);
	return 0;
}

typedef struct outcome {
	size_t n;            /* findings of the rule asked about */
	size_t total;        /* findings of every rule */
	dpa_sev sev;
	char first[1024];    /* the rule's first: "L:C: path: message" */
} outcome;

#define SETS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* Check CLEAN changed by sets (NULL-terminated), rendered with t (NULL:
 * no text rules), and count the findings of rule. */
static outcome
check_with(const char *const *sets, const dpa_tmpl *t, const char *rule)
{
	outcome o;
	memset(&o, 0, sizeof o);
	size_t nsets = 0;
	while (sets && sets[nsets])
		nsets++;
	dpa_doc doc;
	dpa_diags ld = {0}, f = {0};
	if (load_yaml("check.yaml", CLEAN, sets, nsets, &doc, &ld) != 0) {
		diags_print(&ld, stderr);
		fail_msg("the config does not load");
	}
	check_run(doc.m, t, NULL, &f);
	diags_sort(&f);
	for (size_t i = 0; i < f.n; i++) {
		assert_non_null(f.v[i].rule);
		o.total++;
		if (strcmp(f.v[i].rule, rule) != 0 || o.n++)
			continue;
		snprintf(o.first, sizeof o.first, "%s", diag_text(&f, i));
		o.sev = f.v[i].sev;
	}
	dpa_doc_free(&doc);
	diags_free(&ld);
	diags_free(&f);
	return o;
}

/* rule reports want findings on CLEAN changed by sets; with want > 0,
 * the first contains text (if not NULL). */
static void
expect_text(const char *rule, size_t want, const char *text, const char *const *sets)
{
	outcome o = check_with(sets, NULL, rule);
	if (o.n != want)
		fail_msg("%s: %zu findings, wanted %zu (first: %s)", rule, o.n, want, o.first);
	if (want && text && !strstr(o.first, text))
		fail_msg("%s: \"%s\" has no \"%s\"", rule, o.first, text);
	assert_int_equal(o.sev, want ? check_rule_find(rule)->sev : 0);
}

static void
expect(const char *rule, size_t want, const char *const *sets)
{
	expect_text(rule, want, NULL, sets);
}

/* ---- the table and the clean config ------------------------------------ */

static void
rule_table(void **state)
{
	(void)state;
	assert_true(check_rule_count() >= 33);
	for (size_t i = 0; i < check_rule_count(); i++) {
		const dpa_rule *r = check_rule_at(i);
		char id[32];
		snprintf(id, sizeof id, "DPA%03zu", i);
		assert_string_equal(r->id, id);   /* in order, none left out */
		assert_true(r->sev == DPA_SEV_ERROR || r->sev == DPA_SEV_WARNING || r->sev == DPA_SEV_NOTE);
		assert_true(strlen(r->title) > 10 && strlen(r->basis) > 5 && strlen(r->explain) > 40);
		assert_ptr_equal(check_rule_find(r->id), r);
	}
	assert_string_equal(check_rule_find("dpa012")->id, "DPA012");
	assert_string_equal(check_rule_find("12")->id, "DPA012");
	assert_string_equal(check_rule_find("DPA12")->id, "DPA012");
	assert_string_equal(check_rule_find("DPA000")->id, "DPA000");
	assert_null(check_rule_find("DPA999"));
	assert_null(check_rule_find("privacy"));
	assert_null(check_rule_find(""));
	assert_null(check_rule_at(check_rule_count()));
}

static void
clean_is_clean(void **state)
{
	(void)state;
	for (int l = 0; l < DPA_LANG__MAX; l++) {
		outcome o = check_with(SETS(l ? "language=en" : "language=da"), builtin[l], "DPA001");
		if (o.total)
			fail_msg("the clean config has %zu findings", o.total);
	}
}

/* ---- Art. 28(3) content -------------------------------------------------- */

static void
art28_empty(void **state)
{
	(void)state;
	expect_text("DPA001", 1, "processing.duration: is empty: the agreement must state the duration",
	    SETS("processing.duration=\"  \""));
	expect_text("DPA001", 1, "processing.data_types[1]", SETS("processing.data_types=[Navn, \" \"]"));
	expect("DPA001", 1, SETS("instructions.subject_matter=\"\\n\""));
	expect("DPA002", 0, SETS("processing.duration=\"  \""));
	expect("DPA001", 0, SETS("processing.duration=\"Et år\""));
	/* A blank value is not rendered (the renderer cannot take it) but
	 * still found. */
	assert_int_equal(check_with(SETS("processing.purpose=\" \""), builtin[0], "DPA001").n, 1);
}

static void
empty_value(void **state)
{
	(void)state;
	expect_text("DPA002", 1, "agreement.service: is empty", SETS("agreement.service=\"\""));
	expect_text("DPA002", 1, "(clause 2)", SETS("agreement.service=\"\""));
	expect_text("DPA002", 1, "(annex A.2)", SETS("processing.activities=[Hosting, \"  \"]"));
	expect("DPA002", 0, SETS("processing.activities=[Hosting]"));
	expect("DPA002", 0, NULL);
}

/* ---- breach -------------------------------------------------------------- */

static void
breach_deadline(void **state)
{
	(void)state;
	expect_text("DPA003", 1, "breach.notify_hours: no breach notification deadline",
	    SETS("breach.notify_hours=~"));
	expect("DPA003", 1, SETS("breach=~"));
	expect("DPA003", 0, NULL);
	/* The boundary: above 72 an error, above 48 up to 72 a warning. */
	expect("DPA004", 1, SETS("breach.notify_hours=73"));
	expect("DPA005", 0, SETS("breach.notify_hours=73"));
	expect("DPA004", 0, SETS("breach.notify_hours=72"));
	expect_text("DPA005", 1, "72 hours leaves the controller", SETS("breach.notify_hours=72"));
	expect("DPA005", 1, SETS("breach.notify_hours=49"));
	expect("DPA005", 0, SETS("breach.notify_hours=48"));
	expect("DPA004", 0, SETS("breach.notify_hours=48"));
}

static void
breach_contents(void **state)
{
	(void)state;
	expect_text("DPA006", 1, "Art. 33(3)(d)", SETS("breach.contents=[\"En beskrivelse af bruddet\", "
	    "\"De mulige konsekvenser\"]"));
	expect("DPA006", 3, SETS("breach.contents=[\"Kontaktperson\"]"));
	expect("DPA006", 0, SETS("breach.contents=[\"What happened\", \"Likely consequences\", "
	    "\"Measures taken to contain it\"]"));
	expect("DPA006", 0, NULL);
}

/* ---- special categories -------------------------------------------------- */

static void
art9_normal(void **state)
{
	(void)state;
	expect_text("DPA007", 1, "security.level: is normal, but Annex A lists special categories",
	    SETS("processing.special_categories=[Helbredsoplysninger]"));
	expect_text("DPA007", 1, "criminal offence data",
	    SETS("processing.criminal_offences=[Straffeattester]"));
	expect("DPA007", 0, SETS("processing.special_categories=[Helbredsoplysninger]",
	    "security.level=high"));
	expect("DPA007", 0, NULL);
}

static void
art9_as_ordinary(void **state)
{
	(void)state;
	expect_text("DPA008", 1, "processing.data_types[1]: \"Helbredsoplysninger\" looks like a special",
	    SETS("processing.data_types=[Navn, Helbredsoplysninger]"));
	expect_text("DPA008", 1, "move it to processing.criminal_offences",
	    SETS("processing.data_types=[Navn, Oplysninger om strafbare forhold]"));
	expect("DPA008", 2, SETS("processing.data_types=[Trade union membership, Criminal records]"));
	expect("DPA008", 0, SETS("processing.data_types=[Membership information, Racerbiler]"));
}

static void
art9_claim(void **state)
{
	(void)state;
	const char *claim = "security.rationale=\"Behandlingen omfatter særlige kategorier af "
	    "personoplysninger efter artikel 9.\"";
	expect_text("DPA009", 1, "processing.special_categories lists none", SETS(claim));
	expect("DPA009", 0, SETS(claim, "processing.special_categories=[Helbred]", "security.level=high"));
	expect("DPA009", 0, SETS("security.rationale=\"Der behandles ikke særlige kategorier af "
	    "personoplysninger. Mængden begrunder niveauet.\""));
	expect_text("DPA009", 1, "criminal offence data", SETS("security.rationale=\"Data on criminal "
	    "convictions under Article 10 are processed.\""));
	expect("DPA009", 1, SETS("security.rationale=\"Data efter art. 9 behandles i stort omfang.\""));
}

/* ---- security measures --------------------------------------------------- */

static void
generic_toms(void **state)
{
	(void)state;
	expect_text("DPA010", 1, "no security measures", SETS("security.measures=~"));
	expect_text("DPA010", 1, "only restates Art. 32(1)", SETS("security.measures=["
	    "{category: encryption, items: [\"Pseudonymisering og kryptering af personoplysninger.\"]},"
	    "{category: availability, items: [\"Evnen til at sikre vedvarende fortrolighed, integritet, "
	    "tilgængelighed og robusthed.\", \"En procedure for regelmæssig afprøvning.\"]}]"));
	expect("DPA010", 0, SETS("security.measures=["
	    "{category: encryption, items: [\"Pseudonymisation and encryption.\", "
	    "\"Backups are encrypted with AES-256.\"]}]"));
}

/* ---- sub-processors ------------------------------------------------------ */

static void
notice(void **state)
{
	(void)state;
	expect_text("DPA011", 1, "general authorisation without a notice period",
	    SETS("sub_processors.notice_days=~"));
	expect_text("DPA011", 1, "0 days", SETS("sub_processors.notice_days=0",
	    "sub_processors.objection_days=0"));
	expect("DPA011", 1, SETS("sub_processors=~"));
	expect("DPA011", 0, SETS("sub_processors.authorisation=specific", "sub_processors.notice_days=~"));
	expect("DPA011", 0, NULL);
}

static void
list_empty(void **state)
{
	(void)state;
	expect_text("DPA012", 1, "sub_processors.list: general authorisation, but no sub-processor",
	    SETS("sub_processors.list=[]"));
	expect("DPA012", 1, SETS("sub_processors.list=~"));
	expect("DPA012", 0, SETS("sub_processors.list=[]", "sub_processors.authorisation=specific"));
	expect("DPA012", 0, NULL);
}

static void
objection_longer(void **state)
{
	(void)state;
	expect_text("DPA013", 1, "40 days to object is longer than the 30 days of notice",
	    SETS("sub_processors.objection_days=40"));
	expect("DPA013", 0, SETS("sub_processors.objection_days=30"));
	expect("DPA013", 0, SETS("sub_processors.objection_days=~"));
}

static void
objection_terminates(void **state)
{
	(void)state;
	expect_text("DPA014", 1, "other_terms[0].text: an objection", SETS("other_terms=[{title: Indsigelse, "
	    "text: \"Kunden kan gøre indsigelse mod en ny underdatabehandler. I så fald betragtes alle "
	    "aftaler mellem parterne som opsagt.\"}]"));
	expect("DPA014", 1, SETS("other_terms=[{title: Objection, text: \"If the customer objects to a new "
	    "sub-processor, all agreements between the parties terminate.\"}]"));
	expect("DPA014", 0, SETS("other_terms=[{title: Indsigelse, text: \"Gør kunden indsigelse, tager "
	    "leverandøren ikke underdatabehandleren i brug.\"}]"));
	expect("DPA014", 0, SETS("processing.duration=\"Aftalen ophører automatisk med hovedaftalen.\""));
}

static void
duplicate(void **state)
{
	(void)state;
	expect_text("DPA015", 1, "sub_processors.list[1].name: \"hosting gmbh \" is listed twice",
	    SETS("sub_processors.list=[{name: Hosting GmbH, country: DE, service: A}, "
	    "{name: \"hosting gmbh \", country: DE, service: B}]"));
	expect("DPA015", 0, SETS("sub_processors.list=[{name: Hosting GmbH, country: DE, service: A}, "
	    "{name: Hosting AB, country: SE, service: B}]"));
}

/* ---- transfers ----------------------------------------------------------- */

#define SUB(fields) "sub_processors.list=[{name: Cloud Inc, service: Hosting, " fields "}]"

static void
transfer_basis(void **state)
{
	(void)state;
	expect_text("DPA016", 1, "Cloud Inc is established or processes data in IN", SETS(SUB("country: IN")));
	expect_text("DPA016", 1, "the adequacy decision for US is partial", SETS(SUB("country: US")));
	expect_text("DPA016", 1, "sub_processors.list[0].transfer_basis", SETS(SUB("country: DE, locations: [DE, IN]")));
	expect("DPA016", 0, SETS(SUB("country: IN, transfer_basis: scc"), "transfers.allowed=true"));
	expect("DPA016", 0, SETS(SUB("country: GB")));
	expect("DPA016", 0, SETS(SUB("country: DE, locations: [NO, IS]")));
	/* The processor's own location needs a basis in transfers.list. */
	expect_text("DPA016", 1, "locations[0].country: the processor processes data in IN",
	    SETS("locations=[{country: IN}]"));
	expect("DPA016", 0, SETS("locations=[{country: IN}]", "transfers.allowed=true",
	    "transfers.list=[{recipient: Leverandør ApS, country: IN, basis: scc}]"));
	expect("DPA017", 0, SETS("locations=[{country: DK}]"));
}

static void
adequacy_note(void **state)
{
	(void)state;
	expect_text("DPA017", 1, "rests on the adequacy decision", SETS(SUB("country: GB"),
	    "transfers.allowed=true"));
	expect("DPA017", 0, SETS(SUB("country: GB, transfer_basis: adequacy"), "transfers.allowed=true"));
	expect("DPA017", 0, SETS(SUB("country: US")));
	expect("DPA017", 1, SETS("locations=[{country: CH}]", "transfers.allowed=true"));
}

static void
privacy_shield(void **state)
{
	(void)state;
	expect_text("DPA018", 1, "Cloud Inc: the EU-US Privacy Shield is no transfer basis",
	    SETS(SUB("country: US, transfer_basis: privacy_shield"), "transfers.allowed=true"));
	expect("DPA018", 1, SETS("transfers.allowed=true",
	    "transfers.list=[{recipient: X, country: US, basis: privacy_shield}]"));
	expect_text("DPA018", 1, "names the EU-US Privacy Shield (\"Privacy Shield\")", SETS(
	    "transfers.instruction=\"Overførsel sker efter EU-Kommissionens standardkontrakter eller Privacy\\nShield.\""));
	expect("DPA018", 1, SETS("other_terms=[{title: T, text: \"Decision 2016/1250 applies.\"}]"));
	expect("DPA018", 0, SETS("other_terms=[{title: T, text: \"Privacy Shield er ugyldig siden 16. juli "
	    "2020.\"}]"));
	expect("DPA018", 0, SETS(SUB("country: US, transfer_basis: dpf, dpf_certified: true"),
	    "transfers.allowed=true"));
}

static void
safe_harbour(void **state)
{
	(void)state;
	expect("DPA019", 1, SETS(SUB("country: US, transfer_basis: safe_harbour"), "transfers.allowed=true"));
	expect_text("DPA019", 1, "(\"Safe Harbor\")", SETS("other_terms=[{title: T, text: \"Transfers rely "
	    "on the Safe Harbor principles.\"}]"));
	expect("DPA019", 0, SETS("other_terms=[{title: T, text: \"Safe harbourside storage.\"}]"));
}

static void
old_scc(void **state)
{
	(void)state;
	expect("DPA020", 1, SETS(SUB("country: IN, transfer_basis: scc_2010"), "transfers.allowed=true"));
	expect_text("DPA020", 1, "\"2010/87\"", SETS("transfers.allowed=true", "transfers.instruction="
	    "\"Standardkontraktbestemmelserne i afgørelse 2010/87/EU.\""));
	expect("DPA020", 0, SETS("transfers.allowed=true", "transfers.instruction="
	    "\"Standardkontraktbestemmelserne i afgørelse (EU) 2021/914 erstatter 2010/87/EU.\""));
	expect("DPA020", 0, SETS("transfers.allowed=true", "transfers.instruction="
	    "\"Standardkontraktbestemmelserne i afgørelse (EU) 2021/914.\""));
}

static void
directive(void **state)
{
	(void)state;
	expect_text("DPA021", 1, "security.rationale: names Directive 95/46/EC", SETS(
	    "security.rationale=\"Niveauet følger direktiv 95/46/EF.\""));
	expect("DPA021", 0, SETS("security.rationale=\"Se sag 195/46 og 95/461.\""));
}

static void
persondataloven(void **state)
{
	(void)state;
	expect_text("DPA022", 1, "(\"persondataloven\")", SETS("security.rationale=\"Vi følger GDPR og "
	    "persondataloven.\""));
	expect("DPA022", 1, SETS("security.rationale=\"Efter Persondatalovens § 41.\""));
	expect("DPA022", 0, SETS("security.rationale=\"Vi følger GDPR og databeskyttelsesloven.\""));
	expect("DPA022", 0, SETS("security.rationale=\"Vi følger den gældende persondatalovgivning.\""));
	expect("DPA022", 0, SETS("security.rationale=\"Databeskyttelsesloven afløste persondataloven "
	    "i 2018.\""));
}

static void
dpf_verify(void **state)
{
	(void)state;
	expect_text("DPA023", 1, "sub_processors.list[0].dpf_certified: Cloud Inc relies on the EU-US",
	    SETS(SUB("country: US, transfer_basis: dpf"), "transfers.allowed=true"));
	expect("DPA023", 0, SETS(SUB("country: US, transfer_basis: dpf, dpf_certified: true"),
	    "transfers.allowed=true"));
	expect_text("DPA023", 1, "use transfer_basis: dpf", SETS(SUB("country: US, transfer_basis: adequacy"),
	    "transfers.allowed=true"));
	expect_text("DPA023", 1, "adequacy decision for JP is partial", SETS(SUB("country: JP, "
	    "transfer_basis: adequacy"), "transfers.allowed=true"));
	expect("DPA023", 0, SETS(SUB("country: CH, transfer_basis: adequacy"), "transfers.allowed=true"));
	expect_text("DPA023", 1, "until then the transfer rests on the next basis listed",
	    SETS(SUB("country: US, transfer_basis: [dpf, scc], tia: T"), "transfers.allowed=true"));
	/* US adequacy with a fallback: not relied on without a certification. */
	expect("DPA023", 0, SETS(SUB("country: US, locations: [GB], transfer_basis: [adequacy, scc]"),
	    "transfers.allowed=true"));
}

static void
basis_mismatch(void **state)
{
	(void)state;
	expect_text("DPA024", 1, "IN has no EU adequacy decision", SETS(SUB("country: IN, "
	    "transfer_basis: adequacy"), "transfers.allowed=true"));
	expect_text("DPA024", 1, "covers only organisations in US (United States), not GB",
	    SETS(SUB("country: GB, transfer_basis: dpf, dpf_certified: true"), "transfers.allowed=true"));
	expect("DPA024", 1, SETS("transfers.allowed=true",
	    "transfers.list=[{recipient: X, country: IN, basis: adequacy}]"));
	expect("DPA024", 0, SETS(SUB("country: GB, transfer_basis: adequacy"), "transfers.allowed=true"));
	expect("DPA024", 0, SETS(SUB("country: US, transfer_basis: dpf, dpf_certified: true"),
	    "transfers.allowed=true"));
	/* Several bases: each third country needs one that can apply there;
	 * one that applies nowhere is still wrong. */
	expect_text("DPA024", 1, "Cloud Inc processes data in IN, and none of its transfer bases can "
	    "apply there (it has no EU adequacy decision): add scc, bcr or art49",
	    SETS(SUB("country: US, locations: [US, IN], transfer_basis: dpf, dpf_certified: true"),
	    "transfers.allowed=true"));
	expect("DPA024", 0, SETS(SUB("country: US, locations: [US, IN], transfer_basis: [dpf, scc], "
	    "dpf_certified: true, tia: T1"), "transfers.allowed=true"));
	expect_text("DPA024", 1, "transfer_basis[0]: Cloud Inc: the Data Privacy Framework covers only",
	    SETS(SUB("country: IN, transfer_basis: [dpf, scc]"), "transfers.allowed=true"));
	expect("DPA024", 0, SETS(SUB("country: US, locations: [GB], transfer_basis: [adequacy, scc]"),
	    "transfers.allowed=true"));
}

static void
history_in_order(void **state)
{
	(void)state;
	expect_text("DPA051", 1, "agreement.history[1].date: 2025-03-01 is earlier than the version before it",
	    SETS("agreement.history=[{version: \"1\", date: 2026-01-01, summary: a}, "
	    "{version: \"2\", date: 2025-03-01, summary: b}]"));
	expect_text("DPA051", 1, "the latest version in the history is 1, but agreement.version is 2",
	    SETS("agreement.version=\"2\"", "agreement.history=[{version: \"1\", date: 2026-01-01, summary: a}]"));
	expect("DPA051", 0, SETS("agreement.version=\"2\"", "agreement.history=[{version: \"1\", "
	    "date: 2026-01-01, summary: a}, {version: \"2\", date: 2026-01-01, summary: b}]"));
	expect("DPA051", 0, SETS("agreement.history=[{version: \"1\", date: 2026-01-01, summary: a}]"));
}

/* Clause 14 of 2021/914: the basis relied on decides whether a transfer
 * impact assessment is needed. */
static void
tia_needed(void **state)
{
	(void)state;
	expect_text("DPA050", 1, "sub_processors.list[0].tia: the transfer to Cloud Inc in IN rests on "
	    "standard contractual clauses", SETS(SUB("country: IN, transfer_basis: scc"), "transfers.allowed=true"));
	expect("DPA050", 0, SETS(SUB("country: IN, transfer_basis: scc, tia: TIA-7"), "transfers.allowed=true"));
	expect("DPA050", 0, SETS(SUB("country: US, transfer_basis: [dpf, scc], dpf_certified: true"),
	    "transfers.allowed=true"));
	expect_text("DPA050", 1, "in US rests on standard contractual clauses",
	    SETS(SUB("country: US, transfer_basis: [dpf, scc]"), "transfers.allowed=true"));
	expect_text("DPA050", 1, "binding corporate rules", SETS(SUB("country: IN, transfer_basis: bcr"),
	    "transfers.allowed=true"));
	expect("DPA050", 0, SETS(SUB("country: GB, transfer_basis: [adequacy, scc]"), "transfers.allowed=true"));
	/* The TIA of a transfer that is not made is a note about nothing. */
	expect_text("DPA040", 1, "sub_processors.list[0].tia: Cloud Inc is established",
	    SETS(SUB("country: DE, tia: T1")));
}

static void
transfer_instruction(void **state)
{
	(void)state;
	/* Approved processing outside the EU/EEA that C.6 forbids: an error. */
	expect_text("DPA052", 1, "sub_processors.list[0].locations[1]: Cloud Inc processes data in GB",
	    SETS(SUB("country: DE, locations: [DE, GB], transfer_basis: adequacy")));
	expect("DPA025", 0, SETS(SUB("country: DE, locations: [DE, GB], transfer_basis: adequacy")));
	expect("DPA052", 0, SETS(SUB("country: DE, locations: [DE, GB], transfer_basis: adequacy"),
	    "transfers.allowed=true"));
	expect("DPA052", 0, SETS(SUB("country: DE, locations: [DE, SE], transfer_basis: adequacy")));
	expect_text("DPA025", 1, "no transfer is described", SETS("transfers.allowed=true"));
	expect("DPA025", 0, SETS("transfers.allowed=true", "transfers.instruction=\"Kun til Norge.\""));
	expect_text("DPA025", 1, "DE is in the EU/EEA", SETS("transfers.allowed=true",
	    "transfers.list=[{recipient: X, country: DE, basis: scc}]"));
	expect_text("DPA025", 1, "the agreement leaves them out",
	    SETS("transfers.list=[{recipient: X, country: IN, basis: scc}]"));
	expect_text("DPA052", 1, "locations[0].country: processing in CH",
	    SETS("locations=[{country: CH}]"));
}

/* ---- retention, audit, signatures, dates, assistance --------------------- */

static void
retention(void **state)
{
	(void)state;
	expect_text("DPA026", 1, "1:1: retention: no retention section", SETS("retention=~"));
	expect_text("DPA026", 1, "retention.backup_days", SETS("retention.backup_days=~"));
	expect("DPA026", 1, SETS("retention.period=~"));
	expect("DPA026", 2, SETS("retention.period=~", "retention.backup_days=~"));
	expect("DPA026", 0, SETS("retention.backup_days=0"));
}

static void
audit(void **state)
{
	(void)state;
	expect_text("DPA027", 1, "choose one of documentation, self_assessment", SETS("audit=~"));
	expect("DPA027", 1, SETS("audit.method=~", "audit.interval_months=12"));
	expect("DPA027", 0, SETS("audit.method=inspection"));
}

static void
signatories(void **state)
{
	(void)state;
	expect_text("DPA028", 1, "processor.signatories: nobody signs for the processor",
	    SETS("processor.signatories=[]"));
	expect("DPA028", 1, SETS("controller.signatories=~"));
	expect("DPA028", 2, SETS("controller.signatories=~", "processor.signatories=~"));
	expect("DPA028", 0, NULL);
}

/* Accepted online (agreement.form: online): nobody signs, the customer is
 * not named, and only the processor must be identified. */
#define ONLINE "agreement.form=online", "agreement.main_agreement=Vilkår for kunder", \
	"controller.signatories=~", "processor.signatories=~"

static void
online_agreement(void **state)
{
	(void)state;
	expect("DPA028", 0, SETS(ONLINE));
	expect("DPA036", 0, SETS(ONLINE, "controller=~"));
	expect("DPA036", 0, SETS(ONLINE, "controller.registration=", "controller.address="));
	expect_text("DPA036", 1, "processor: Leverandør ApS is not identified: give its address",
	    SETS(ONLINE, "controller=~", "processor.address="));
	outcome o = check_with(SETS(ONLINE, "controller=~"), builtin[DPA_LANG_DA], "DPA028");
	if (o.total)
		fail_msg("an online agreement with no customer named: %zu findings, first: %s", o.total,
		    o.first);
	o = check_with(SETS(ONLINE, "controller=~"), builtin[DPA_LANG_EN], "DPA028");
	assert_int_equal(o.total, 0);
}

static void
date_order(void **state)
{
	(void)state;
	expect_text("DPA029", 1, "approved on 2026-06-01, after the agreement's date 2026-03-01",
	    SETS("sub_processors.list.0.approved_since=2026-06-01"));
	expect("DPA029", 0, SETS("sub_processors.list.0.approved_since=2026-03-01"));
	expect("DPA029", 0, SETS("sub_processors.list.0.approved_since=2030-01-01", "agreement.date=~"));
}

static void
period_conflict(void **state)
{
	(void)state;
	const char *term = "other_terms=[{title: Varsel, text: \"Varslingsperioden for nye "
	    "underdatabehandlere er 3 måneder.\"}]";
	expect_text("DPA030", 1, "says \"3 måneder\", but sub_processors.notice_days is 60 days",
	    SETS(term, "sub_processors.notice_days=60"));
	expect("DPA030", 0, SETS(term, "sub_processors.notice_days=90"));
	expect_text("DPA030", 1, "breach.procedure: says \"72 timer\"", SETS("breach.procedure=\"Vi "
	    "underretter om brud senest 72 timer efter, at vi har fået kendskab til det.\""));
	expect("DPA030", 0, SETS("breach.procedure=\"Vi underretter om brud inden for 24 timer, så den "
	    "dataansvarlige kan anmelde bruddet til Datatilsynet inden 72 timer.\""));
	expect("DPA030", 0, SETS("breach.procedure=\"Ved brud ringer vi inden 1 døgn.\""));
	/* "Art. 33" does not end the sentence. */
	expect("DPA030", 0, SETS("breach.procedure=\"Ved brud bistår vi med anmeldelsen efter art. 33 "
	    "inden 72 timer.\""));
	/* Without the number in the config, two texts disagree. */
	expect_text("DPA030", 1, "but breach.channel says \"48-hour\"", SETS("breach.notify_hours=~",
	    "breach.channel=\"A 48-hour e-mail notice of the breach.\"",
	    "breach.procedure=\"Breaches are reported within 24 hours.\""));
	const char *obj = "other_terms=[{title: Indsigelse, text: \"Indsigelse mod en ny "
	    "underdatabehandler skal ske senest 2 uger efter varslet.\"}]";
	expect("DPA030", 0, SETS(obj));
	expect_text("DPA030", 1, "sub_processors.objection_days is 10 days", SETS(obj,
	    "sub_processors.objection_days=10"));
}

static void
assistance_deadline(void **state)
{
	(void)state;
	expect_text("DPA031", 1, "30 days uses up", SETS("assistance.response_days=30"));
	expect("DPA031", 1, SETS("assistance.response_days=28"));
	expect("DPA031", 0, SETS("assistance.response_days=27"));
	expect("DPA031", 0, NULL);
}

/* ---- the agreement's text ------------------------------------------------ */

static void
placeholder_values(void **state)
{
	(void)state;
	expect_text("DPA032", 1, "processor.registration: a placeholder is left: \"XXXXXXXX\"",
	    SETS("processor.registration=CVR XXXXXXXX"));
	expect_text("DPA032", 1, "\"[indsæt navn]\"", SETS("agreement.service=\"Ydelsen [indsæt navn].\""));
	expect_text("DPA032", 1, "\"<insert\"", SETS("agreement.service=\"<insert name\""));
	expect_text("DPA032", 1, "\"[X]\"", SETS("agreement.service=\"Ydelsen [X]\""));
	expect("DPA032", 1, SETS("agreement.service=\"Ydelsen [...]\""));
	expect("DPA032", 1, SETS("agreement.service=\"Pris: ___ kr.\""));
	expect("DPA032", 1, SETS("agreement.service=\"TODO\""));
	expect("DPA032", 0, SETS("agreement.service=\"XXL-skærme og todo-lister [link](https://x.example)\""));
}

/* Known placeholders: what init writes and the usual stand-ins; the
 * near misses are real values that look alike. */
static void
placeholder_known(void **state)
{
	(void)state;
	expect_text("DPA032", 1, "\"CVR 00000000\" is the value `dpagen init` writes",
	    SETS("controller.registration=CVR 00000000"));
	expect_text("DPA032", 1, "is a number of only zeros", SETS("controller.registration=00000000"));
	expect_text("DPA032", 1, "an address at a reserved example domain",
	    SETS("controller.contacts=[{name: Mette Jensen, email: mette@kunde.example}]"));
	expect_text("DPA032", 1, "an address at a reserved example domain",
	    SETS("processor.dpo={name: Ida Berg, email: dpo@example.com}"));
	expect_text("DPA032", 1, "\"Tegningsberettiget for Leverandør ApS\" is a role, not the name",
	    SETS("processor.signatories=[{name: Tegningsberettiget for Leverandør ApS}]"));
	expect_text("DPA032", 1, "\"Kundens navn A/S\" is the value `dpagen init` writes",
	    SETS("controller.name=Kundens navn A/S"));
	expect_text("DPA032", 1, "\"Registration number\" is the value `dpagen init` writes",
	    SETS("sub_processors.list.0.registration=Registration number"));
	expect_text("DPA032", 1, "is a stand-in", SETS("controller.postcode=Postal code."));
	/* Near misses. */
	expect("DPA032", 0, SETS("controller.registration=CVR 10203040"));
	expect("DPA032", 0, SETS("controller.contacts=[{name: Mette Jensen, email: mette@example.dk}]"));
	expect("DPA032", 0, SETS("processor.signatories=[{name: Ida Berg, title: Tegningsberettiget}]"));
	expect("DPA032", 0, SETS("processing.data_types=[Navn, E-mailadresse, Name]"));
	expect("DPA032", 0, SETS("processor.address=Adressevej 4"));
}

static void
placeholder_template(void **state)
{
	(void)state;
	/* A rule line of underscores is no placeholder. */
	const char *files[] = { "document", "{{clause a}} Første\n\nTekst.\n\n___\n\n{{clause b}} Anden\n\n"
	    "{{sub}} Prisen er [X] kr. for {{processor.name}}.\n", NULL };
	dpa_diags d = {0};
	dpa_tmpl *t = tmpl_compile(put_template_set(files), DPA_LANG_DA, &d);
	assert_non_null(t);
	outcome o = check_with(SETS("processor.name=\"Firma [X]\""), t, "DPA032");
	assert_int_equal(o.n, 2);   /* the value, and the template's own */
	o = check_with(NULL, t, "DPA032");
	assert_int_equal(o.n, 1);
	if (!strstr(o.first, "1:1: the template set leaves a placeholder in clause 2.1 of the agreement"))
		fail_msg("got %s", o.first);
	assert_int_equal(check_with(NULL, builtin[0], "DPA032").n, 0);
	tmpl_free(t);
	diags_free(&d);
}

static void
render_fails(void **state)
{
	(void)state;
	const char *files[] = { "document", "{{clause a}} A\n\nSe {{ref nowhere}}.\n", NULL };
	dpa_diags d = {0};
	dpa_tmpl *t = tmpl_compile(put_template_set(files), DPA_LANG_DA, &d);
	assert_non_null(t);
	outcome o = check_with(NULL, t, "DPA033");
	assert_int_equal(o.n, 1);
	if (!strstr(o.first, "3:4: reference to \"nowhere\""))
		fail_msg("got %s", o.first);
	assert_int_equal(check_with(NULL, builtin[1], "DPA033").n, 0);
	assert_int_equal(check_with(NULL, NULL, "DPA033").n, 0);
	tmpl_free(t);
	diags_free(&d);
}

/* DPA042: a part the template set defines is swallowed by the block
 * before it; t compiled from document text doc. */
static outcome
parts_lost(const char *doc)
{
	const char *files[] = { "document", doc, NULL };
	dpa_diags d = {0};
	dpa_tmpl *t = tmpl_compile(put_template_set(files), DPA_LANG_DA, &d);
	if (!t)
		diags_print(&d, stderr);
	assert_non_null(t);
	outcome o = check_with(NULL, t, "DPA042");
	tmpl_free(t);
	diags_free(&d);
	return o;
}

static void
parts_swallowed(void **state)
{
	(void)state;
	static const char tail[] = "{{part signatures}} Underskrifter\n\nNavn.\n{{footer}}\n\n---\n\nRef.\n";
	char doc[512];
	snprintf(doc, sizeof doc, "{{clause a}} A\n\nTekst.\n\n%s", tail);
	assert_int_equal(parts_lost(doc).n, 0);
	snprintf(doc, sizeof doc, "{{clause a}} A\n\nTekst.\n\n<!-- en note -->\n\n%s", tail);
	assert_int_equal(parts_lost(doc).n, 0);   /* closed: nothing lost */
	static const char *const openers[] = { "<!--", "<pre>", "<script>", "<style>", "```", NULL };
	for (const char *const *op = openers; *op; op++) {
		snprintf(doc, sizeof doc, "{{clause a}} A\n\nTekst.\n\n%s\n\n{{clause b}} B\n\nMere.\n\n%s",
		    *op, tail);
		outcome o = parts_lost(doc);
		assert_int_equal(o.n, 1);
		if (!strstr(o.first, "clause 2 is lost from the rendered agreement, and with it the "
		    "signatures and the footer: from line 7 of its Markdown on, 3 parts are inside the ") ||
		    !strstr(o.first, "that starts at line 5"))
			fail_msg("%s: got %s", *op, o.first);
		assert_int_equal(o.sev, DPA_SEV_ERROR);
	}
	for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		assert_int_equal(check_with(NULL, builtin[i], "DPA042").n, 0);
}

/* The text rules read what a reader sees: look-alike letters (ICU's
 * confusables) folded, a Markdown value's text without its syntax. */
static void
look_alikes_folded(void **state)
{
	(void)state;
	/* Cyrillic е, а, о; Greek Ι; fullwidth letters. */
	expect_text("DPA018", 1, "(\"Privacy Shield\")",
	    SETS("other_terms=[{title: T, text: \"Overførsel under EU-US Privacy Shi\u0435ld.\"}]"));
	expect("DPA019", 1, SETS("agreement.service=\"Overførsel under Safe H\u0430rbour.\""));
	expect("DPA022", 1, SETS("processing.purpose=\"Efter persondatal\u043Even.\""));
	expect("DPA018", 1, SETS("agreement.service=\"PR\u0399VACY SHIELD\""));
	expect("DPA018", 1, SETS("agreement.service=\"\uFF30\uFF52\uFF49\uFF56\uFF41\uFF43\uFF59 Shield\""));
	expect_text("DPA032", 1, "\"[XX]\"", SETS("agreement.service=\"Pris [\u0425\u0425] kr.\""));
	/* Read directly by their rules: data types, measures, names. */
	expect("DPA008", 1, SETS("processing.data_types=[navn, \"helbredsoplysning\u0435r\"]"));
	expect("DPA015", 1, SETS("sub_processors.list=[{name: Hetzner, country: DE, service: x}, "
	    "{name: \"H\u0435tzner\", country: DE, service: y}]"));
	/* Markdown: emphasis and entities are not in the text a reader sees. */
	expect("DPA018", 1, SETS("other_terms=[{title: T, text: \"Under Privacy **Shield**.\"}]"));
	expect("DPA018", 1, SETS("other_terms=[{title: T, text: \"Under Privacy&#32;Shield.\"}]"));
	expect("DPA018", 0, SETS("other_terms=[{title: T, text: \"Privacy Shield er ugyldig.\"}]"));
	/* Danish letters stay Danish. */
	expect("DPA032", 1, SETS("agreement.service=\"Ydelsen [indsæt navn].\""));
}

static void
mixed_scripts(void **state)
{
	(void)state;
	expect_text("DPA043", 1, "processor.name: \"Micr\u043Esoft\" mixes Latin and Cyrillic letters: "
	    "U+043E CYRILLIC SMALL LETTER O at character 5", SETS("processor.name=\"Micr\u043Esoft\""));
	expect_text("DPA043", 1, "U+0410 CYRILLIC CAPITAL LETTER A at character 1",
	    SETS("controller.name=\"\u0410pple\""));
	expect_text("DPA043", 1, "sub_processors.list[0].name: \"p\u0430ypal\" mixes Latin and Cyrillic",
	    SETS("sub_processors.list=[{name: \"p\u0430ypal\", country: DK, service: x}]"));
	expect("DPA043", 0, SETS("processor.name=\"\u041E\u041E\u041E \u0420\u043E\u0433\u0430\""));  /* all Cyrillic */
	expect("DPA043", 0, SETS("processor.name=\"Kunde \u0141\u00F3d\u017A Sp. z o.o.\""));
	expect("DPA043", 0, SETS("processor.name=\"\u682A\u5F0F\u4F1A\u793E Sony\""));   /* Han and Latin */
	expect("DPA043", 0, SETS("processor.name=\"Leverandør ÆØÅ ApS\""));
}

/* ---- writers ------------------------------------------------------------- */

/* Findings of CLEAN changed by sets, in d (the caller frees it). */
static void
findings_of(const char *const *sets, dpa_diags *f)
{
	size_t nsets = 0;
	while (sets[nsets])
		nsets++;
	dpa_doc doc;
	dpa_diags ld = {0};
	assert_int_equal(load_yaml("w.yaml", CLEAN, sets, nsets, &doc, &ld), 0);
	check_run(doc.m, NULL, NULL, f);
	dpa_doc_free(&doc);
	diags_free(&ld);
}

static const char *const DEFECTS[] = { "breach.notify_hours=60", "audit=~",
	"sub_processors.list=[{name: X, country: GB, service: S, registration: \"CRN 123\", address: \"1 High St, London\"}]", "transfers.allowed=true", NULL };

/* DPA034: a per-language value without text in the agreement's language. */
static void
other_language(void **state)
{
	(void)state;
	expect_text("DPA034", 1, "processing.purpose: has no text in English", SETS("language=en",
	    "processing.purpose={da: Drift af bookingsystemet}"));
	expect_text("DPA034", 1, "has no text in Danish", SETS("processing.purpose={en: Running it}"));
	expect("DPA034", 0, SETS("language=en", "processing.purpose={da: Drift, en: Running it}"));
	expect("DPA034", 0, SETS("processing.purpose={da: Drift af bookingsystemet}"));
}

/* DPA035: Annex A states Art. 9, Art. 10 and CPR data only from the
 * config; an empty list is a statement, leaving it out is not. */
static void
sensitive_unstated(void **state)
{
	(void)state;
	expect_text("DPA035", 1, "processing.special_categories: the config does not say",
	    SETS("processing.special_categories="));
	expect_text("DPA035", 1, "processing.criminal_offences", SETS("processing.criminal_offences="));
	expect_text("DPA035", 1, "write true or false", SETS("processing.cpr_numbers="));
	expect("DPA035", 0, SETS("processing.special_categories=[Helbred]", "security.level=high"));
	expect("DPA035", 0, NULL);
}

/* DPA036, DPA037: the parties and sub-processors identified. */
static void
identification(void **state)
{
	(void)state;
	expect_text("DPA036", 1, "controller: Kunde A/S is not identified: give its registration (",
	    SETS("controller.registration="));
	expect_text("DPA036", 1, "give its registration, address and postcode and city",
	    SETS("processor.registration=", "processor.address=", "processor.postcode=", "processor.city="));
	expect("DPA036", 0, SETS("processor.postcode="));   /* the city alone places it */
	expect("DPA036", 2, SETS("controller.address=", "processor.address=\" \""));
	expect_text("DPA037", 1, "sub_processors.list[0]: Hosting GmbH is not identified: give its "
	    "address (as the columns of Annex B.1 show it)", SETS("sub_processors.list.0.address="));
	expect("DPA037", 0, NULL);
	assert_int_equal(check_rule_find("DPA036")->sev, DPA_SEV_ERROR);
	assert_int_equal(check_rule_find("DPA037")->sev, DPA_SEV_WARNING);
}

/* DPA038 vs DPA029: a year after the agreement is a typing error, a day
 * after is a late approval. */
static void
impossible_dates(void **state)
{
	(void)state;
	expect_text("DPA038", 1, "3653 days after the agreement's date 2026-03-01",
	    SETS("sub_processors.list.0.approved_since=2036-03-01"));
	expect("DPA029", 0, SETS("sub_processors.list.0.approved_since=2036-03-01"));
	expect("DPA038", 0, SETS("sub_processors.list.0.approved_since=2026-03-02"));
	expect("DPA029", 1, SETS("sub_processors.list.0.approved_since=2026-03-02"));
	expect("DPA038", 0, SETS("sub_processors.list.0.approved_since=2027-03-02"));   /* 366 days */
	expect("DPA038", 1, SETS("sub_processors.list.0.approved_since=2027-03-03"));
}

/* DPA016 for the processor's own establishment; DPA039-DPA041. */
static void
terms_to_work_with(void **state)
{
	(void)state;
	expect_text("DPA016", 1, "processor.country: the processor is established in US",
	    SETS("processor.country=US"));
	expect("DPA016", 0, SETS("processor.country=US", "transfers.allowed=true",
	    "transfers.list=[{recipient: Leverandør Inc, country: US, basis: scc}]"));
	expect_text("DPA017", 1, "established in CH", SETS("processor.country=CH"));
	expect("DPA016", 0, SETS("processor.country=NO"));
	expect_text("DPA039", 1, "2 days' notice", SETS("sub_processors.notice_days=2",
	    "sub_processors.objection_days=1"));
	expect("DPA039", 0, SETS("sub_processors.notice_days=14"));
	expect_text("DPA040", 1, "Hosting GmbH is established and processes data inside the EU/EEA",
	    SETS("sub_processors.list.0.transfer_basis=scc"));
	expect("DPA040", 0, SETS("sub_processors.list.0.transfer_basis=scc",
	    "sub_processors.list.0.locations=[DE, US]", "transfers.allowed=true"));
	expect_text("DPA041", 1, "the controller may not inspect", SETS("audit.inspections=excluded"));
	expect("DPA041", 0, SETS("audit.inspections=allowed"));
}

/* DPA030 for deletion and backup periods: one deadline, stated once. */
static void
deletion_periods_once(void **state)
{
	(void)state;
	expect_text("DPA030", 1, "says \"90 days\", but retention.deletion_days is 30 days",
	    SETS("retention.deletion_days=30",
	    "retention.period=Data are deleted within 90 days after termination."));
	expect_text("DPA030", 1, "retention.backup_days is 30 days",
	    SETS("retention.period=Sikkerhedskopier slettes efter 60 dage."));
	expect("DPA030", 0, SETS("retention.deletion_days=30",
	    "retention.period=Data slettes senest 30 dage efter aftalens ophør."));
	expect("DPA030", 0, SETS("retention.deletion_days=30",
	    "retention.period=Bookinger opbevares i 90 dage efter besøget."));
}

/* DPA044-DPA049: what the free text agrees to, read by word stems in
 * both languages; each with a near miss that must not fire. */
#define TERM(text) "other_terms=[{title: Vilkår, text: \"" text "\"}]"

static void
terms_by_stem(void **state)
{
	(void)state;
	expect_text("DPA044", 1, "takes away the controller's right to inspect",
	    SETS(TERM("Den dataansvarlige har ikke ret til at foretage inspektioner.")));
	expect("DPA044", 1, SETS(TERM("The controller is not entitled to on-site audits.")));
	expect("DPA044", 1, SETS("audit.description=Inspektionerne er udelukket."));
	expect("DPA044", 0, SETS(TERM("Dette begrænser ikke den dataansvarliges ret til inspektion.")));
	expect("DPA044", 0, SETS(TERM("This does not limit the controller's right to inspections.")));
	expect_text("DPA045", 1, "change the agreement alone",
	    SETS(TERM("Databehandleren kan ensidigt ændre vilkårene.")));
	expect("DPA045", 1, SETS(TERM("We may update this data processing agreement at any time.")));
	expect("DPA045", 0, SETS(TERM("Den dataansvarlige kan til enhver tid ændre sin instruks.")));
	expect("DPA046", 1, SETS(TERM("Gør den dataansvarlige indsigelse, betales et gebyr på 5.000 kr.")));
	expect("DPA046", 1, SETS(TERM("An objection to a sub-processor carries a fee of EUR 500.")));
	expect("DPA046", 0, SETS(TERM("An objection is free of charge.")));
	expect("DPA047", 1, SETS(TERM("Systemet rummer patientjournaler.")));
	expect("DPA047", 1, SETS(TERM("The files hold criminal records.")));
	expect("DPA047", 0, SETS(TERM("Kunden må ikke uploade helbredsoplysninger.")));
	expect("DPA047", 0, SETS(TERM("Systemet rummer patientjournaler."), "security.level=high",
	    "processing.special_categories=[Helbredsoplysninger]"));
	expect_text("DPA048", 1, "names a kind of measure", SETS("security.measures=[{category: "
	    "encryption, items: [Kryptering]}]"));
	expect_text("DPA048", 1, "refers to Art. 32", SETS("security.measures=[{category: other, "
	    "title: T, items: [The measures required by Article 32 of the GDPR]}]"));
	expect("DPA048", 0, NULL);
	expect_text("DPA049", 1, "ISO/IEC 27001:2013", SETS("security.certifications=[ISO/IEC 27001:2013]"));
	expect("DPA049", 0, SETS("security.certifications=[ISO/IEC 27001:2013]", "agreement.date=2025-06-01"));
	expect("DPA049", 0, SETS("security.certifications=[ISO/IEC 27001:2022]"));
}

static void
text_output(void **state)
{
	(void)state;
	dpa_diags f = {0};
	findings_of(DEFECTS, &f);
	assert_int_equal(check_count(&f, DPA_SEV_ERROR), 1);
	assert_int_equal(check_count(&f, DPA_SEV_WARNING), 1);
	assert_int_equal(check_count(&f, DPA_SEV_NOTE), 1);
	buf b = {0};
	check_write_text(&f, false, &b);
	const char *e = strstr(b.data, ": error: DPA027: audit.method: ");
	const char *w = strstr(b.data, ": warning: DPA005: breach.notify_hours: 60 hours");
	const char *n = strstr(b.data, ": note: DPA017: ");
	assert_true(e && w && n && e < w && w < n);   /* errors first */
	assert_non_null(strstr(b.data, "(Art. 28(3)(h) GDPR; Annex C.7 of the standard)\n"));
	assert_non_null(strstr(b.data, "\n1 error, 1 warning, 1 note\n"));
	assert_null(strchr(b.data, '\033'));
	buf_reset(&b);
	check_write_text(&f, true, &b);
	assert_non_null(strstr(b.data, "\033[1;31merror\033[0m: DPA027"));
	assert_non_null(strstr(b.data, "\033[1;33mwarning\033[0m: DPA005"));
	buf_reset(&b);
	check_rule_ids(&f, DPA_SEV_ERROR, &b);
	assert_string_equal(b.data, "DPA027");
	buf_free(&b);
	diags_free(&f);
}

static void
json_output(void **state)
{
	(void)state;
	dpa_diags f = {0};
	findings_of(DEFECTS, &f);
	buf b = {0};
	check_write_json(&f, "w.yaml", &b);
	json_error_t err;
	json_t *j = json_loads(b.data, 0, &err);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 1);
	assert_string_equal(json_string_value(json_object_get(j, "file")), "w.yaml");
	assert_int_equal(json_integer_value(json_object_get(j, "errors")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "warnings")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "notes")), 1);
	json_t *list = json_object_get(j, "findings");
	assert_int_equal(json_array_size(list), 3);
	json_t *first = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(first, "rule")), "DPA027");
	assert_string_equal(json_string_value(json_object_get(first, "severity")), "error");
	assert_string_equal(json_string_value(json_object_get(first, "path")), "audit.method");
	assert_int_equal(json_integer_value(json_object_get(first, "line")), 1);
	assert_non_null(strstr(json_string_value(json_object_get(first, "basis")), "28(3)(h)"));
	json_decref(j);
	buf_free(&b);
	diags_free(&f);
}

static void
sarif_output(void **state)
{
	(void)state;
	dpa_diags f = {0};
	findings_of(DEFECTS, &f);
	buf b = {0};
	check_write_sarif(&f, &b);
	json_error_t err;
	json_t *j = json_loads(b.data, 0, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "version")), "2.1.0");
	json_t *run = json_array_get(json_object_get(j, "runs"), 0);
	json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
	assert_string_equal(json_string_value(json_object_get(driver, "name")), "dpagen");
	json_t *rules = json_object_get(driver, "rules");
	assert_int_equal(json_array_size(rules), check_rule_count());
	json_t *r5 = json_array_get(rules, 5);
	assert_string_equal(json_string_value(json_object_get(r5, "id")), "DPA005");
	assert_string_equal(json_string_value(json_object_get(json_object_get(r5,
	    "defaultConfiguration"), "level")), "warning");
	json_t *res = json_object_get(run, "results");
	assert_int_equal(json_array_size(res), 3);
	json_t *r0 = json_array_get(res, 0);
	assert_string_equal(json_string_value(json_object_get(r0, "ruleId")), "DPA027");
	assert_int_equal(json_integer_value(json_object_get(r0, "ruleIndex")), 27);
	json_t *phys = json_object_get(json_array_get(json_object_get(r0, "locations"), 0),
	    "physicalLocation");
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(phys,
	    "artifactLocation"), "uri")), "w.yaml"));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(phys, "region"),
	    "startLine")), 1);
	json_decref(j);
	buf_free(&b);
	diags_free(&f);
}

static void
list_and_explain(void **state)
{
	(void)state;
	buf b = {0};
	check_write_list(false, &b);
	assert_non_null(strstr(b.data, "DPA018  error    Privacy Shield cited (CJEU C-311/18"));
	buf_reset(&b);
	check_write_list(true, &b);
	assert_non_null(strstr(b.data, "| [DPA012](#dpa012) | error | "));
	assert_non_null(strstr(b.data, "\n### DPA012\n"));
	buf_reset(&b);
	check_write_explain(check_rule_find("DPA004"), &b);
	assert_non_null(strstr(b.data, "DPA004 (error): Breach notification deadline over 72 hours\n"
	    "Legal basis: Art. 33(1) and (2) GDPR\n\n"));
	buf_free(&b);
}


/* A memo shared by many runs (a batch worker's) gives every run the
 * findings it gives without one: the same text at another place, a text
 * seen before that a later config drops, a rule's hit in the second
 * sentence. */
static void
memo_same_findings(void **state)
{
	(void)state;
	static const char *const texts[] = {
		TERM("Databehandleren kan ensidigt ændre vilkårene."),
		TERM("Vilkårene gælder. Databehandleren kan ensidigt ændre vilkårene."),
		"processing.purpose=Databehandleren kan ensidigt ændre vilkårene.",
		TERM("Den dataansvarlige kan til enhver tid ændre sin instruks."),
		TERM("Databehandleren kan ensidigt ændre vilkårene."),
		"processing.purpose=Levering af tjenesten.",
	};
	check_memo *memo = check_memo_new();
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
			const char *sets[] = { texts[i] };
			dpa_doc doc;
			dpa_diags ld = {0}, plain = {0}, memod = {0};
			assert_int_equal(load_yaml("check.yaml", CLEAN, sets, 1, &doc, &ld), 0);
			check_run(doc.m, NULL, NULL, &plain);
			check_run_memo(doc.m, NULL, NULL, memo, &memod);
			diags_sort(&plain);
			diags_sort(&memod);
			assert_int_equal(plain.n, memod.n);
			for (size_t k = 0; k < plain.n; k++) {
				char a[1024];
				snprintf(a, sizeof a, "%s", diag_text(&plain, k));
				assert_string_equal(a, diag_text(&memod, k));
			}
			dpa_doc_free(&doc);
			diags_free(&ld);
			diags_free(&plain);
			diags_free(&memod);
		}
	}
	check_memo_free(memo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rule_table),
		cmocka_unit_test(clean_is_clean),
		cmocka_unit_test(art28_empty),
		cmocka_unit_test(empty_value),
		cmocka_unit_test(breach_deadline),
		cmocka_unit_test(breach_contents),
		cmocka_unit_test(art9_normal),
		cmocka_unit_test(art9_as_ordinary),
		cmocka_unit_test(art9_claim),
		cmocka_unit_test(generic_toms),
		cmocka_unit_test(notice),
		cmocka_unit_test(list_empty),
		cmocka_unit_test(objection_longer),
		cmocka_unit_test(objection_terminates),
		cmocka_unit_test(duplicate),
		cmocka_unit_test(transfer_basis),
		cmocka_unit_test(tia_needed),
		cmocka_unit_test(history_in_order),
		cmocka_unit_test(adequacy_note),
		cmocka_unit_test(privacy_shield),
		cmocka_unit_test(safe_harbour),
		cmocka_unit_test(old_scc),
		cmocka_unit_test(directive),
		cmocka_unit_test(persondataloven),
		cmocka_unit_test(dpf_verify),
		cmocka_unit_test(basis_mismatch),
		cmocka_unit_test(transfer_instruction),
		cmocka_unit_test(retention),
		cmocka_unit_test(audit),
		cmocka_unit_test(signatories),
		cmocka_unit_test(online_agreement),
		cmocka_unit_test(date_order),
		cmocka_unit_test(period_conflict),
		cmocka_unit_test(assistance_deadline),
		cmocka_unit_test(placeholder_values),
		cmocka_unit_test(placeholder_template),
		cmocka_unit_test(render_fails),
		cmocka_unit_test(other_language),
		cmocka_unit_test(sensitive_unstated),
		cmocka_unit_test(identification),
		cmocka_unit_test(impossible_dates),
		cmocka_unit_test(placeholder_known),
		cmocka_unit_test(terms_to_work_with),
		cmocka_unit_test(parts_swallowed),
		cmocka_unit_test(look_alikes_folded),
		cmocka_unit_test(mixed_scripts),
		cmocka_unit_test(deletion_periods_once),
		cmocka_unit_test(terms_by_stem),
		cmocka_unit_test(text_output),
		cmocka_unit_test(memo_same_findings),
		cmocka_unit_test(json_output),
		cmocka_unit_test(sarif_output),
		cmocka_unit_test(list_and_explain),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
