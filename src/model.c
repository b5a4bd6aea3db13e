/* model.c - the field tables: every config key, its type, default, limits,
 * the part of the standard DPA it fills and its documentation. */
#include "model.h"

#include <string.h>

#define LANGS(da, en) { da, en }
#define FIELD(st, fname, ty, cl, doc_, ...) \
	{ .name = #fname, .type = (ty), .offset = offsetof(st, fname), \
	  .clause = (cl), .doc = (doc_), __VA_ARGS__ }
#define TABLE(st, nm, arr, doc_) \
	{ nm, sizeof(st), arr, sizeof arr / sizeof arr[0], doc_ }

enum { LIST_MAX = 1000, SMALL_LIST = 200 };

/* ---- enumerations ---------------------------------------------------- */

static const dpa_enum_val langs[] = {
	{ "da", LANGS("dansk", "Danish"), "Danish (the default)" },
	{ "en", LANGS("engelsk", "English"), "English" },
	{ NULL, { NULL, NULL }, NULL },
};

static const dpa_enum_val auths[] = {
	{ "general", LANGS("generel forhåndsgodkendelse", "general prior authorisation"),
	  "the processor may engage sub-processors on the list and give notice of changes" },
	{ "specific", LANGS("specifik forhåndsgodkendelse", "specific prior authorisation"),
	  "each sub-processor needs the controller's specific approval in advance" },
	{ NULL, { NULL, NULL }, NULL },
};

static const dpa_enum_val effectives[] = {
	{ "signature", LANGS("ved begge parters underskrift", "when both parties have signed"),
	  "the agreement takes effect when both parties have signed it" },
	{ "date", LANGS("på den aftalte dato", "on the agreed date"),
	  "the agreement takes effect on agreement.date, which must be given" },
	{ NULL, { NULL, NULL }, NULL },
};

static const dpa_enum_val forms[] = {
	{ "signed", LANGS("underskrevet af parterne", "signed by the parties"),
	  "a separate agreement that both parties sign (default)" },
	{ "online", LANGS("accepteret online", "accepted online"),
	  "part of the service's terms (agreement.main_agreement), accepted online by the customer; "
	  "no signatures, and the customer need not be named" },
	{ NULL, { NULL, NULL }, NULL },
};

static const dpa_enum_val acceptances[] = {
	{ "sign_up", LANGS("ved oprettelse af en konto", "on sign-up"),
	  "when the customer signs up and accepts the main terms (default)" },
	{ "upgrade", LANGS("ved opgradering til en plan", "on an upgrade to a plan"),
	  "when the customer upgrades to the plan named in agreement.plan" },
	{ "date", LANGS("på en fastsat dato", "on a stated date"),
	  "on agreement.date, or later when the customer accepts the main terms after that date" },
	{ NULL, { NULL, NULL }, NULL },
};

static const dpa_enum_val liabilities[] = {
	{ "main_agreement", LANGS("hovedaftalens ansvarsregulering", "the main agreement's liability terms"),
	  "the main agreement's liability terms and limitation apply (default when main_agreement is given)" },
	{ "cap", LANGS("et aftalt loft", "an agreed cap"),
	  "liability is capped as agreement.liability_cap says" },
	{ "law", LANGS("de almindelige regler", "the general rules of law"),
	  "the governing law's general rules apply, without a limitation (default otherwise)" },
	{ NULL, { NULL, NULL }, NULL },
};

static const dpa_enum_val objections[] = {
	{ "alternative", LANGS("alternativ eller opsigelse", "alternative or termination"),
	  "the processor first offers a reasonable alternative; failing that, the controller may "
	  "terminate the affected service (default)" },
	{ "terminate", LANGS("opsigelse", "termination"),
	  "the controller may terminate the affected service before the change takes effect" },
	{ NULL, { NULL, NULL }, NULL },
};

static const dpa_enum_val charges[] = {
	{ "included", LANGS("indeholdt i vederlaget", "included in the price"),
	  "assistance is part of the service and costs nothing extra" },
	{ "costs", LANGS("rimelige, dokumenterede omkostninger", "reasonable, documented costs"),
	  "the processor may charge reasonable, documented costs, announced in advance (default)" },
	{ "rates", LANGS("aftalte satser", "agreed rates"),
	  "the processor charges the rates in assistance.fees, announced in advance" },
	{ NULL, { NULL, NULL }, NULL },
};

static const dpa_enum_val levels[] = {
	{ "normal", LANGS("normalt", "normal"), "ordinary personal data, ordinary risk" },
	{ "high", LANGS("højt", "high"), "special categories, large volumes or otherwise high risk" },
	{ NULL, { NULL, NULL }, NULL },
};

/* Categories of technical and organisational measures (Annex C.2). */
static const dpa_enum_val categories[] = {
	{ "physical", LANGS("Fysisk sikkerhed", "Physical security"), "premises, data centres" },
	{ "organisational", LANGS("Organisatoriske foranstaltninger", "Organisational measures"), "policies, roles" },
	{ "access", LANGS("Adgangsstyring", "Access control"), "authentication, authorisation, reviews" },
	{ "encryption", LANGS("Kryptering", "Encryption"), "at rest, keys" },
	{ "transmission", LANGS("Beskyttelse af data under overførsel", "Protection of data in transit"), "TLS, VPN" },
	{ "availability", LANGS("Tilgængelighed og robusthed", "Availability and resilience"), "backup, redundancy, restore" },
	{ "logging", LANGS("Logning og overvågning", "Logging and monitoring"), "audit logs, monitoring" },
	{ "development", LANGS("Udvikling og ændringsstyring", "Development and change management"), "secure development, patching" },
	{ "personnel", LANGS("Medarbejdere", "Personnel"), "confidentiality, training, screening" },
	{ "incident", LANGS("Hændelseshåndtering", "Incident management"), "detection, response" },
	{ "testing", LANGS("Regelmæssig test og evaluering", "Regular testing and evaluation"), "Art. 32(1)(d)" },
	{ "other", LANGS("Øvrige foranstaltninger", "Other measures"), "anything else; give a title" },
	{ NULL, { NULL, NULL }, NULL },
};

static const dpa_enum_val at_ends[] = {
	{ "delete", LANGS("sletning", "deletion"), "delete all personal data and certify it" },
	{ "return", LANGS("tilbagelevering", "return"), "return all personal data, then delete remaining copies" },
	{ NULL, { NULL, NULL }, NULL },
};

/* Chapter V transfer bases.  The last three are kept so that `check` can
 * explain why they are no longer valid instead of a bare type error. */
static const dpa_enum_val bases[] = {
	{ "adequacy", LANGS("afgørelse om tilstrækkeligt beskyttelsesniveau (artikel 45)",
	  "adequacy decision (Article 45)"), "the country has an EU adequacy decision" },
	{ "scc", LANGS("EU-Kommissionens standardkontraktbestemmelser, afgørelse (EU) 2021/914",
	  "standard contractual clauses, Commission Implementing Decision (EU) 2021/914"),
	  "standard contractual clauses 2021/914 (Article 46(2)(c)); the module is scc_module" },
	{ "bcr", LANGS("bindende virksomhedsregler (artikel 47)", "binding corporate rules (Article 47)"),
	  "binding corporate rules (Article 47)" },
	{ "dpf", LANGS("EU-US Data Privacy Framework, afgørelse (EU) 2023/1795",
	  "EU-US Data Privacy Framework, Decision (EU) 2023/1795"),
	  "the US recipient is certified under the EU-US Data Privacy Framework" },
	{ "art49", LANGS("undtagelse efter artikel 49", "derogation under Article 49"),
	  "a derogation for a specific situation (Article 49)" },
	{ "privacy_shield", LANGS("EU-US Privacy Shield", "EU-US Privacy Shield"),
	  "invalid since 16 July 2020 (CJEU C-311/18); check reports it" },
	{ "safe_harbour", LANGS("Safe Harbour", "Safe Harbour"),
	  "invalid since 6 October 2015 (CJEU C-362/14); check reports it" },
	{ "scc_2010", LANGS("standardkontraktbestemmelser 2010/87/EU", "standard contractual clauses 2010/87/EU"),
	  "repealed; 2021/914 applies; check reports it" },
	{ NULL, { NULL, NULL }, NULL },
};

static const dpa_enum_val methods[] = {
	{ "documentation", LANGS("skriftlig dokumentation", "written documentation"),
	  "the processor sends documentation on request" },
	{ "self_assessment", LANGS("selvevaluering", "self-assessment"), "the processor's own assessment" },
	{ "isae3000", LANGS("ISAE 3000-erklæring", "ISAE 3000 assurance report"),
	  "an independent auditor's ISAE 3000 report" },
	{ "isae3402", LANGS("ISAE 3402-erklæring", "ISAE 3402 assurance report"),
	  "an independent auditor's ISAE 3402 report" },
	{ "soc2", LANGS("SOC 2-erklæring", "SOC 2 report"), "an independent SOC 2 type II report" },
	{ "iso27001", LANGS("ISO/IEC 27001-certificering", "ISO/IEC 27001 certification"),
	  "a current ISO/IEC 27001 certificate" },
	{ "inspection", LANGS("inspektion", "inspection"), "an inspection by the controller or its auditor" },
	{ NULL, { NULL, NULL }, NULL },
};

static const dpa_enum_val inspections[] = {
	{ "allowed", LANGS("tilladt", "allowed"),
	  "the controller or its auditor may inspect, as Art. 28(3)(h) requires (default)" },
	{ "excluded", LANGS("udelukket", "excluded"),
	  "the processor refuses inspections: check reports an error (Art. 28(3)(h))" },
	{ NULL, { NULL, NULL }, NULL },
};

static const dpa_enum_val costs[] = {
	{ "balanced", LANGS("fordelt efter revisionens art", "allocated by kind of audit"),
	  "the processor pays for its own reports and documentation; the controller pays for its "
	  "inspections unless one reveals a material breach (default)" },
	{ "controller", LANGS("den dataansvarlige", "the controller"), "the controller pays" },
	{ "processor", LANGS("databehandleren", "the processor"), "the processor pays" },
	{ "shared", LANGS("hver part sine egne omkostninger", "each party its own costs"),
	  "each party bears its own costs" },
	{ NULL, { NULL, NULL }, NULL },
};

/* ---- structs --------------------------------------------------------- */

static const dpa_field person_fields[] = {
	FIELD(dpa_person, name, DPA_T_STR, NULL, "full name", .flags = DPA_F_REQUIRED),
	FIELD(dpa_person, title, DPA_T_STR, NULL, "job title or role", .flags = 0),
	FIELD(dpa_person, email, DPA_T_EMAIL, NULL, "e-mail address", .flags = 0),
	FIELD(dpa_person, phone, DPA_T_STR, NULL, "telephone number", .flags = 0),
};
static const dpa_struct_def person_def = TABLE(dpa_person, "person", person_fields,
    "A person: contact, signatory or data protection officer.");

static const dpa_field party_fields[] = {
	FIELD(dpa_party, name, DPA_T_STR, "heading",
	    "legal name (the controller's is optional when agreement.form is \"online\")",
	    .flags = DPA_F_REQUIRED | DPA_F_SIGNED),
	FIELD(dpa_party, registration, DPA_T_STR, "heading",
	    "registration number as written, e.g. \"CVR 12345678\" or \"org.nr. 559205-2400\"", .flags = 0),
	FIELD(dpa_party, address, DPA_T_STR, "heading", "street address", .flags = 0),
	FIELD(dpa_party, postcode, DPA_T_STR, "heading", "postal code", .flags = 0),
	FIELD(dpa_party, city, DPA_T_STR, "heading", "city", .flags = 0),
	FIELD(dpa_party, country, DPA_T_COUNTRY, "heading", "country of establishment (ISO 3166-1 alpha-2)",
	    .def = "DK", .flags = DPA_F_NO_REGION),
	FIELD(dpa_party, contacts, DPA_T_LIST, "15", "contact persons for the agreement",
	    .elem = DPA_T_STRUCT, .sub = &person_def, .max = SMALL_LIST),
	FIELD(dpa_party, signatories, DPA_T_LIST, "signatures", "who signs for the party",
	    .elem = DPA_T_STRUCT, .sub = &person_def, .max = SMALL_LIST),
	FIELD(dpa_party, dpo, DPA_T_STRUCT, "15", "data protection officer, if any", .sub = &person_def),
};
static const dpa_struct_def party_def = TABLE(dpa_party, "party", party_fields,
    "A party to the agreement: the controller or the processor.");

static const dpa_field version_fields[] = {
	FIELD(dpa_version, version, DPA_T_STR, "front", "the version", .flags = DPA_F_REQUIRED),
	FIELD(dpa_version, date, DPA_T_DATE, "front", "its date", .flags = DPA_F_REQUIRED),
	FIELD(dpa_version, summary, DPA_T_TEXT, "front",
	    "what changed (`dpagen diff --summary OLD NEW` prints a line to start from)",
	    .flags = DPA_F_REQUIRED),
};
static const dpa_struct_def version_def = TABLE(dpa_version, "version", version_fields,
    "One version of the agreement in its history.");

static const dpa_field agreement_fields[] = {
	FIELD(dpa_agreement, reference, DPA_T_STR, "footer",
	    "the agreement's reference or id; names batch outputs", .flags = 0),
	FIELD(dpa_agreement, version, DPA_T_STR, "footer", "version of this agreement", .flags = 0),
	FIELD(dpa_agreement, date, DPA_T_DATE, "14",
	    "date of the agreement; the date it takes effect when effective is \"date\"", .flags = 0),
	FIELD(dpa_agreement, effective, DPA_T_ENUM, "14.1", "when the agreement takes effect",
	    .enums = effectives, .def = "signature"),
	FIELD(dpa_agreement, title, DPA_T_STR, "heading", "title instead of the standard one", .flags = 0),
	FIELD(dpa_agreement, main_agreement, DPA_T_STR, "2",
	    "the main (service) agreement this DPA belongs to", .flags = 0),
	FIELD(dpa_agreement, service, DPA_T_TEXT, "2", "the service the processor delivers", .flags = 0),
	FIELD(dpa_agreement, governing_law, DPA_T_COUNTRY, "13",
	    "law that governs the agreement (default: the controller's country, if in the EU/EEA)",
	    .flags = DPA_F_NO_REGION),
	FIELD(dpa_agreement, venue, DPA_T_STR, "13", "court or venue for disputes", .flags = 0),
	FIELD(dpa_agreement, supervisory_authority, DPA_T_STR, "9.2",
	    "the competent supervisory authority (default: the authority of the controller's country; "
	    "required where that country has several, e.g. DE)", .flags = 0),
	FIELD(dpa_agreement, prevailing_language, DPA_T_ENUM, "13",
	    "the language version that prevails (default: the config's language)", .enums = langs),
	FIELD(dpa_agreement, liability, DPA_T_ENUM, "13, D", "how the parties' liability is regulated",
	    .enums = liabilities),
	FIELD(dpa_agreement, liability_cap, DPA_T_TEXT, "D",
	    "the cap on liability, e.g. \"the fees paid in the 12 months before the claim\"", .flags = 0),
	FIELD(dpa_agreement, cure_days, DPA_T_INT, "14, D",
	    "days the processor has to restore compliance after a suspension before the controller may "
	    "terminate", .min = 1, .max = 365, .def = "30"),
	FIELD(dpa_agreement, history, DPA_T_LIST, "front",
	    "the versions so far, oldest first; rendered as a table after the front matter",
	    .elem = DPA_T_STRUCT, .sub = &version_def, .max = SMALL_LIST),
	FIELD(dpa_agreement, form, DPA_T_ENUM, "front, 14",
	    "signed by both parties, or accepted online as part of the main terms", .enums = forms,
	    .def = "signed"),
	FIELD(dpa_agreement, accepted, DPA_T_ENUM, "14.1",
	    "when an online agreement is accepted (form \"online\" only; default sign_up)",
	    .enums = acceptances),
	FIELD(dpa_agreement, plan, DPA_T_STR, "14.1",
	    "the plan whose purchase accepts the agreement, when accepted is \"upgrade\"", .flags = 0),
	FIELD(dpa_agreement, main_agreement_url, DPA_T_STR, "front, 2",
	    "web address where the main agreement (the service's terms) is published", .flags = 0),
};
static const dpa_struct_def agreement_def = TABLE(dpa_agreement, "agreement", agreement_fields,
    "The agreement itself: reference, version, date, main agreement, law.");

static const dpa_field own_processing_fields[] = {
	FIELD(dpa_own_processing, by, DPA_T_STR, "A.1",
	    "who is the independent controller (default: the processor), e.g. a payment provider",
	    .flags = 0),
	FIELD(dpa_own_processing, activity, DPA_T_TEXT, "A.1",
	    "the processing and its purpose, e.g. \"invoicing and bookkeeping of the subscription\"",
	    .flags = DPA_F_REQUIRED),
};
static const dpa_struct_def own_processing_def = TABLE(dpa_own_processing, "own_processing",
    own_processing_fields, "Processing outside these Clauses, done by an independent controller.");

static const dpa_field processing_fields[] = {
	FIELD(dpa_processing, purpose, DPA_T_TEXT, "A.1", "purpose of the processing", .flags = DPA_F_REQUIRED),
	FIELD(dpa_processing, nature, DPA_T_TEXT, "A.2", "nature of the processing", .flags = DPA_F_REQUIRED),
	FIELD(dpa_processing, activities, DPA_T_LIST, "A.2", "processing activities",
	    .elem = DPA_T_STR, .max = SMALL_LIST),
	FIELD(dpa_processing, data_types, DPA_T_LIST, "A.3", "types of ordinary personal data",
	    .elem = DPA_T_STR, .flags = DPA_F_REQUIRED | DPA_F_NONEMPTY, .max = SMALL_LIST),
	FIELD(dpa_processing, special_categories, DPA_T_LIST, "A.3",
	    "special categories of personal data (Article 9); [] states that there are none", .elem = DPA_T_STR, .max = SMALL_LIST),
	FIELD(dpa_processing, criminal_offences, DPA_T_LIST, "A.3",
	    "data on criminal convictions and offences (Article 10); [] states that there are none", .elem = DPA_T_STR, .max = SMALL_LIST),
	FIELD(dpa_processing, cpr_numbers, DPA_T_BOOL, "A.3",
	    "Danish CPR numbers are processed (databeskyttelsesloven section 11); state true or false", .flags = 0),
	FIELD(dpa_processing, data_subjects, DPA_T_LIST, "A.4", "categories of data subjects",
	    .elem = DPA_T_STR, .flags = DPA_F_REQUIRED | DPA_F_NONEMPTY, .max = SMALL_LIST),
	FIELD(dpa_processing, duration, DPA_T_TEXT, "A.5", "duration of the processing", .flags = DPA_F_REQUIRED),
	FIELD(dpa_processing, independent_controller, DPA_T_LIST, "A.1",
	    "processing the processor (or a named third party) does as an independent controller for its "
	    "own purposes, e.g. billing: stated as outside these Clauses",
	    .elem = DPA_T_STRUCT, .sub = &own_processing_def, .max = SMALL_LIST),
};
static const dpa_struct_def processing_def = TABLE(dpa_processing, "processing", processing_fields,
    "The processing (Annex A): purpose, nature, data, data subjects, duration.");

static const dpa_field subprocessor_fields[] = {
	FIELD(dpa_subprocessor, name, DPA_T_STR, "B.1", "legal name", .flags = DPA_F_REQUIRED),
	FIELD(dpa_subprocessor, registration, DPA_T_STR, "B.1", "registration number as written", .flags = 0),
	FIELD(dpa_subprocessor, address, DPA_T_STR, "B.1", "address", .flags = 0),
	FIELD(dpa_subprocessor, country, DPA_T_COUNTRY, "B.1", "country of establishment", .flags = DPA_F_REQUIRED),
	FIELD(dpa_subprocessor, locations, DPA_T_LIST, "B.1",
	    "countries where it processes the data (default: its own country)",
	    .elem = DPA_T_COUNTRY, .max = SMALL_LIST),
	FIELD(dpa_subprocessor, service, DPA_T_TEXT, "B.1", "what it does with the data", .flags = DPA_F_REQUIRED),
	FIELD(dpa_subprocessor, contact, DPA_T_STR, "B.1",
	    "contact person: name, position and contact details", .flags = 0),
	FIELD(dpa_subprocessor, transfer_basis, DPA_T_LIST, "8, C.6",
	    "Chapter V basis when it or a location is outside the EU/EEA; several in the order relied "
	    "on, each applying where the ones before it are not available (e.g. [dpf, scc])",
	    .elem = DPA_T_ENUM, .enums = bases, .flags = DPA_F_ONE_OR_LIST, .max = 4),
	FIELD(dpa_subprocessor, scc_module, DPA_T_INT, "C.6",
	    "module of the 2021/914 clauses: 3 processor to processor (default with scc), "
	    "2 controller to processor", .min = 2, .max = 3),
	FIELD(dpa_subprocessor, tia, DPA_T_STR, "C.6",
	    "the transfer impact assessment: its date or reference", .flags = 0),
	FIELD(dpa_subprocessor, transfer_note, DPA_T_TEXT, "C.6", "supplementary measures or details", .flags = 0),
	FIELD(dpa_subprocessor, dpf_certified, DPA_T_BOOL, "C.6",
	    "certification under the EU-US Data Privacy Framework was verified", .def = "false"),
	FIELD(dpa_subprocessor, approved_since, DPA_T_DATE, "B.1", "date it was approved", .flags = 0),
};
const dpa_struct_def dpa_subprocessor_def = TABLE(dpa_subprocessor, "sub_processor",
    subprocessor_fields, "One approved sub-processor (a row of Annex B.1).");

static const dpa_field subprocessors_fields[] = {
	FIELD(dpa_subprocessors, authorisation, DPA_T_ENUM, "7.2, B.2",
	    "general or specific prior authorisation", .enums = auths, .def = "general"),
	FIELD(dpa_subprocessors, notice_days, DPA_T_INT, "7.3, B.2",
	    "days of notice before a sub-processor is added or replaced", .min = 0, .max = 3650),
	FIELD(dpa_subprocessors, objection_days, DPA_T_INT, "B.2",
	    "days the controller has to object after notice", .min = 0, .max = 3650),
	FIELD(dpa_subprocessors, on_objection, DPA_T_ENUM, "B.2",
	    "what follows when the controller objects to a new sub-processor", .enums = objections,
	    .def = "alternative"),
	FIELD(dpa_subprocessors, published_list, DPA_T_STR, "B.2",
	    "web address where the processor keeps the current list of sub-processors", .flags = 0),
	FIELD(dpa_subprocessors, announcement, DPA_T_TEXT, "B.2",
	    "how changes are announced, e.g. \"by e-mail to the controller's contacts in clause 15\"",
	    .flags = 0),
	FIELD(dpa_subprocessors, list, DPA_T_LIST, "B.1", "the approved sub-processors",
	    .elem = DPA_T_STRUCT, .sub = &dpa_subprocessor_def, .max = LIST_MAX),
};
const dpa_struct_def dpa_subprocessors_def = TABLE(dpa_subprocessors, "sub_processors",
    subprocessors_fields, "Use of sub-processors (clause 7, Annex B).");

static const dpa_field instructions_fields[] = {
	FIELD(dpa_instructions, subject_matter, DPA_T_TEXT, "C.1",
	    "subject matter of the processing", .flags = DPA_F_REQUIRED),
	FIELD(dpa_instructions, instruction, DPA_T_TEXT, "C.1",
	    "the controller's instruction, beyond the subject matter", .flags = 0),
};
static const dpa_struct_def instructions_def = TABLE(dpa_instructions, "instructions",
    instructions_fields, "The controller's instruction (Annex C.1).");

static const dpa_field group_fields[] = {
	FIELD(dpa_measure_group, category, DPA_T_ENUM, "C.2", "kind of measures", .enums = categories,
	    .flags = DPA_F_REQUIRED),
	FIELD(dpa_measure_group, title, DPA_T_STR, "C.2", "heading instead of the category's name", .flags = 0),
	FIELD(dpa_measure_group, items, DPA_T_LIST, "C.2", "the concrete measures",
	    .elem = DPA_T_TEXT, .flags = DPA_F_REQUIRED | DPA_F_NONEMPTY, .max = SMALL_LIST),
};
static const dpa_struct_def group_def = TABLE(dpa_measure_group, "measure_group", group_fields,
    "A group of security measures of one category.");

static const dpa_field security_fields[] = {
	FIELD(dpa_security, level, DPA_T_ENUM, "C.2", "security level", .enums = levels,
	    .flags = DPA_F_REQUIRED),
	FIELD(dpa_security, rationale, DPA_T_TEXT, "C.2", "why this level fits the processing", .flags = 0),
	FIELD(dpa_security, measures, DPA_T_LIST, "6, C.2", "measures grouped by category",
	    .elem = DPA_T_STRUCT, .sub = &group_def, .max = SMALL_LIST),
	FIELD(dpa_security, certifications, DPA_T_LIST, "C.2",
	    "certifications held, e.g. ISO/IEC 27001", .elem = DPA_T_STR, .max = SMALL_LIST),
};
static const dpa_struct_def security_def = TABLE(dpa_security, "security", security_fields,
    "Security of processing (clause 6, Annex C.2).");

static const dpa_field assistance_fields[] = {
	FIELD(dpa_assistance, response_days, DPA_T_INT, "9, C.3",
	    "days within which the processor answers a request for assistance", .min = 1, .max = 365),
	FIELD(dpa_assistance, description, DPA_T_TEXT, "C.3", "how the processor assists", .flags = 0),
	FIELD(dpa_assistance, charge, DPA_T_ENUM, "C.3", "whether and how assistance is paid for",
	    .enums = charges, .def = "costs"),
	FIELD(dpa_assistance, fees, DPA_T_TEXT, "C.3", "the rates, when charge is \"rates\"", .flags = 0),
};
static const dpa_struct_def assistance_def = TABLE(dpa_assistance, "assistance", assistance_fields,
    "Assistance to the controller (clause 9, Annex C.3).");

static const dpa_field breach_fields[] = {
	FIELD(dpa_breach, notify_hours, DPA_T_INT, "10.2",
	    "hours within which the processor notifies the controller of a breach, at the latest",
	    .min = 1, .max = 8760),
	FIELD(dpa_breach, target_hours, DPA_T_INT, "10.2",
	    "hours within which the processor notifies if possible (below notify_hours)", .min = 1, .max = 8760),
	FIELD(dpa_breach, channel, DPA_T_STR, "10, D", "how the notice is given, e.g. by e-mail to the contacts",
	    .flags = 0),
	FIELD(dpa_breach, contents, DPA_T_LIST, "10.3", "what the notice contains (default: Article 33(3))",
	    .elem = DPA_T_TEXT, .max = SMALL_LIST),
	FIELD(dpa_breach, procedure, DPA_T_TEXT, "D", "the processor's breach procedure", .flags = 0),
};
static const dpa_struct_def breach_def = TABLE(dpa_breach, "breach", breach_fields,
    "Notification of personal data breach (clause 10).");

static const dpa_field retention_fields[] = {
	FIELD(dpa_retention, period, DPA_T_TEXT, "C.4", "how long the data are stored", .flags = 0),
	FIELD(dpa_retention, backup_days, DPA_T_INT, "C.4", "days until deleted data leave the backups",
	    .min = 0, .max = 3650),
	FIELD(dpa_retention, log_days, DPA_T_INT, "C.4",
	    "days that logs holding personal data are kept", .min = 0, .max = 3650),
	FIELD(dpa_retention, at_end, DPA_T_ENUM, "11", "delete or return at termination", .enums = at_ends,
	    .def = "delete"),
	FIELD(dpa_retention, deletion_days, DPA_T_INT, "11, C.4",
	    "days after termination by which data are deleted or returned", .min = 0, .max = 3650),
	FIELD(dpa_retention, legal_requirement, DPA_T_TEXT, "11",
	    "law that requires the processor to keep data after termination", .flags = 0),
};
static const dpa_struct_def retention_def = TABLE(dpa_retention, "retention", retention_fields,
    "Storage, deletion and return (clause 11, Annex C.4).");

static const dpa_field location_fields[] = {
	FIELD(dpa_location, name, DPA_T_STR, "C.5", "site or data centre", .flags = 0),
	FIELD(dpa_location, address, DPA_T_STR, "C.5", "address", .flags = 0),
	FIELD(dpa_location, country, DPA_T_COUNTRY, "C.5", "country", .flags = DPA_F_REQUIRED),
};
static const dpa_struct_def location_def = TABLE(dpa_location, "location", location_fields,
    "A place where processing may take place (Annex C.5).");

static const dpa_field transfer_fields[] = {
	FIELD(dpa_transfer, recipient, DPA_T_STR, "C.6", "who receives the data", .flags = 0),
	FIELD(dpa_transfer, country, DPA_T_COUNTRY, "C.6", "third country",
	    .flags = DPA_F_REQUIRED | DPA_F_NO_REGION),
	FIELD(dpa_transfer, basis, DPA_T_ENUM, "C.6", "Chapter V basis", .enums = bases,
	    .flags = DPA_F_REQUIRED),
	FIELD(dpa_transfer, note, DPA_T_TEXT, "C.6", "details or supplementary measures", .flags = 0),
};
static const dpa_struct_def transfer_def = TABLE(dpa_transfer, "transfer", transfer_fields,
    "An instructed transfer to a third country.");

static const dpa_field transfers_fields[] = {
	FIELD(dpa_transfers, allowed, DPA_T_BOOL, "8, C.6",
	    "the controller instructs transfers to third countries", .def = "false"),
	FIELD(dpa_transfers, instruction, DPA_T_TEXT, "C.6", "the transfer instruction in words", .flags = 0),
	FIELD(dpa_transfers, list, DPA_T_LIST, "C.6", "instructed transfers and their bases",
	    .elem = DPA_T_STRUCT, .sub = &transfer_def, .max = SMALL_LIST),
};
static const dpa_struct_def transfers_def = TABLE(dpa_transfers, "transfers", transfers_fields,
    "Transfers to third countries (clause 8, Annex C.6).");

static const dpa_field audit_fields[] = {
	FIELD(dpa_audit, method, DPA_T_ENUM, "12, C.7", "how compliance is demonstrated", .enums = methods),
	FIELD(dpa_audit, interval_months, DPA_T_INT, "C.7",
	    "months between regular audits (0: on request only)", .min = 0, .max = 120),
	FIELD(dpa_audit, notice_days, DPA_T_INT, "C.7", "days of notice before an inspection",
	    .min = 0, .max = 365, .def = "30"),
	FIELD(dpa_audit, inspections, DPA_T_ENUM, "12.1, C.7",
	    "whether the controller may inspect the processor's premises and systems",
	    .enums = inspections, .def = "allowed"),
	FIELD(dpa_audit, max_per_year, DPA_T_INT, "C.7",
	    "inspections a year the controller may ask for (0: no cap); never limits inspections after "
	    "a breach, on indications of non-compliance or when an authority requires one",
	    .min = 0, .max = 12, .def = "1"),
	FIELD(dpa_audit, cost, DPA_T_ENUM, "C.7", "who bears the cost of audits", .enums = costs,
	    .def = "balanced"),
	FIELD(dpa_audit, description, DPA_T_TEXT, "C.7", "further audit procedure", .flags = 0),
	FIELD(dpa_audit, sub_processor_method, DPA_T_ENUM, "C.8",
	    "how the processor audits its sub-processors", .enums = methods),
	FIELD(dpa_audit, sub_processors, DPA_T_TEXT, "C.8", "further procedure for sub-processors", .flags = 0),
	FIELD(dpa_audit, fee, DPA_T_TEXT, "C.7",
	    "what the processor charges for taking part in an inspection the controller pays for, e.g. "
	    "\"EUR 1,200 per day\" (cost \"balanced\" or \"controller\" only)", .flags = 0),
};
static const dpa_struct_def audit_def = TABLE(dpa_audit, "audit", audit_fields,
    "Audits and inspections (clause 12, Annex C.7 and C.8).");

static const dpa_field term_fields[] = {
	FIELD(dpa_term, title, DPA_T_STR, "D", "heading", .flags = DPA_F_REQUIRED),
	FIELD(dpa_term, text, DPA_T_MD, "D", "the term, in Markdown", .flags = DPA_F_REQUIRED),
};
static const dpa_struct_def term_def = TABLE(dpa_term, "term", term_fields,
    "A further term (Annex D) that must not contradict the clauses.");

static const dpa_field model_fields[] = {
	FIELD(dpa_model, dpagen, DPA_T_INT, NULL, "config schema version: 1",
	    .flags = DPA_F_REQUIRED, .min = 1, .max = 1),
	FIELD(dpa_model, language, DPA_T_ENUM, NULL, "language of the agreement", .enums = langs, .def = "da"),
	FIELD(dpa_model, extends, DPA_T_STR, NULL,
	    "base config this file overlays (maps merge, lists are replaced)", .flags = 0),
	FIELD(dpa_model, agreement, DPA_T_STRUCT, "2, 14", "the agreement", .sub = &agreement_def),
	FIELD(dpa_model, controller, DPA_T_STRUCT, "heading, 15",
	    "the data controller (the customer); optional when agreement.form is \"online\"",
	    .sub = &party_def, .flags = DPA_F_REQUIRED | DPA_F_SIGNED),
	FIELD(dpa_model, processor, DPA_T_STRUCT, "heading, 15", "the data processor",
	    .sub = &party_def, .flags = DPA_F_REQUIRED),
	FIELD(dpa_model, processing, DPA_T_STRUCT, "A", "the processing", .sub = &processing_def,
	    .flags = DPA_F_REQUIRED),
	FIELD(dpa_model, sub_processors, DPA_T_STRUCT, "7, B", "sub-processors", .sub = &dpa_subprocessors_def),
	FIELD(dpa_model, instructions, DPA_T_STRUCT, "C.1", "the instruction", .sub = &instructions_def,
	    .flags = DPA_F_REQUIRED),
	FIELD(dpa_model, security, DPA_T_STRUCT, "6, C.2", "security of processing", .sub = &security_def,
	    .flags = DPA_F_REQUIRED),
	FIELD(dpa_model, assistance, DPA_T_STRUCT, "9, C.3", "assistance", .sub = &assistance_def),
	FIELD(dpa_model, breach, DPA_T_STRUCT, "10, D", "personal data breaches", .sub = &breach_def),
	FIELD(dpa_model, retention, DPA_T_STRUCT, "11, C.4", "retention and deletion", .sub = &retention_def),
	FIELD(dpa_model, locations, DPA_T_LIST, "C.5", "where processing may take place",
	    .elem = DPA_T_STRUCT, .sub = &location_def, .max = SMALL_LIST),
	FIELD(dpa_model, transfers, DPA_T_STRUCT, "8, C.6", "third-country transfers", .sub = &transfers_def),
	FIELD(dpa_model, audit, DPA_T_STRUCT, "12, C.7, C.8", "audits and inspections", .sub = &audit_def),
	FIELD(dpa_model, other_terms, DPA_T_LIST, "13, D", "further terms (liability, fees, ...)",
	    .elem = DPA_T_STRUCT, .sub = &term_def, .max = SMALL_LIST),
};
const dpa_struct_def dpa_model_def = TABLE(dpa_model, "dpagen config", model_fields,
    "A dpagen config, schema version 1.");

/* ---- helpers --------------------------------------------------------- */

size_t
dpa_type_size(dpa_type t, const dpa_struct_def *sub)
{
	switch (t) {
	case DPA_T_STR: case DPA_T_TEXT: case DPA_T_MD: case DPA_T_EMAIL: case DPA_T_COUNTRY:
		return sizeof(dpa_str);
	case DPA_T_DATE:
		return sizeof(dpa_date);
	case DPA_T_INT: case DPA_T_BOOL: case DPA_T_ENUM:
		return sizeof(dpa_int);
	case DPA_T_STRUCT:
		return sub->size;
	case DPA_T_LIST:
		return sizeof(dpa_list);
	case DPA_T__MAX:
		break;
	}
	return 0;
}

static const char *const type_names[DPA_T__MAX] = {
	"string",       /* DPA_T_STR */
	"text",         /* DPA_T_TEXT */
	"Markdown",     /* DPA_T_MD */
	"e-mail",       /* DPA_T_EMAIL */
	"country code", /* DPA_T_COUNTRY */
	"date",         /* DPA_T_DATE */
	"integer",      /* DPA_T_INT */
	"boolean",      /* DPA_T_BOOL */
	"one of",       /* DPA_T_ENUM */
	"map",          /* DPA_T_STRUCT */
	"list",         /* DPA_T_LIST */
};

const char *
dpa_type_name(dpa_type t)
{
	return t < DPA_T__MAX ? type_names[t] : "?";
}

const dpa_field *
dpa_field_find(const dpa_struct_def *def, const char *name, size_t len)
{
	for (size_t i = 0; i < def->nfields; i++)
		if (strlen(def->fields[i].name) == len && memcmp(def->fields[i].name, name, len) == 0)
			return &def->fields[i];
	return NULL;
}

long
dpa_enum_find(const dpa_enum_val *e, const char *name)
{
	for (long i = 0; e[i].name; i++)
		if (strcmp(e[i].name, name) == 0)
			return i;
	return -1;
}

const char *
dpa_lang_code(dpa_lang l)
{
	return langs[l < DPA_LANG__MAX ? l : 0].name;
}

bool
dpa_has_basis(const dpa_list *list, dpa_basis b)
{
	for (size_t i = 0; i < list->n; i++)
		if (((const dpa_int *)list->v)[i].v == (long)b)
			return true;
	return false;
}

const char *
dpa_basis_name(dpa_basis b)
{
	return bases[b].name;
}
