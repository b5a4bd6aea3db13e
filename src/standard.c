/* standard.c - the standard's numbers of the parts the templates name. */
#include "standard.h"

#include <string.h>

/* Reconstructed from the published filled copies of the standard (see
 * ../shared/reference/standard-dpa-structure.md); dpagen's additions
 * (13.2 governing law, 13.3 language versions, 7.8 a sub-processor's
 * failure) come after the standard's own sub-clauses and are not listed. */
static const dpa_std_part parts[] = {
	{ "toc", "1", "table of contents" },
	{ "preamble", "2", "preamble" },
	{ "preamble-service", "2.3", "the service the processing belongs to" },
	{ "preamble-annexes", "2.5", "the four annexes form part of the clauses" },
	{ "controller", "3", "the controller's rights and obligations" },
	{ "instructions", "4", "the processor acts on instructions" },
	{ "instructions-documented", "4.1", "documented instructions; legal requirements" },
	{ "instructions-unlawful", "4.2", "an instruction that infringes the law" },
	{ "confidentiality", "5", "confidentiality" },
	{ "confidentiality-access", "5.1", "access only under confidentiality, need to know" },
	{ "security", "6", "security of processing" },
	{ "sub-processors", "7", "use of sub-processors" },
	{ "sub-processors-conditions", "7.1", "the conditions of Art. 28(2) and (4)" },
	{ "sub-processors-authorisation", "7.3", "specific or general authorisation, notice" },
	{ "sub-processors-flow-down", "7.4", "the same obligations for the sub-processor" },
	{ "sub-processors-liability", "7.7", "the processor remains fully liable" },
	{ "transfers", "8", "transfers to third countries" },
	{ "transfers-instruction", "8.1", "transfers only on documented instructions" },
	{ "assistance", "9", "assistance to the controller" },
	{ "assistance-rights", "9.1", "data subjects' rights (Chapter III)" },
	{ "assistance-breach-dpia", "9.2", "Art. 33 to 36" },
	{ "breach", "10", "notification of personal data breach" },
	{ "breach-notify", "10.2", "the processor's deadline" },
	{ "breach-content", "10.3", "what the notification holds" },
	{ "breach-annex", "10.4", "the details in Annex D" },
	{ "erasure", "11", "erasure and return of data" },
	{ "erasure-choice", "11.1", "delete or return at termination" },
	{ "audit", "12", "audit and inspection" },
	{ "audit-information", "12.1", "information and audits, including inspections" },
	{ "other-terms", "13", "the parties' agreement on other terms" },
	{ "termination", "14", "commencement and termination" },
	{ "termination-effective", "14.1", "when the clauses take effect" },
	{ "contacts", "15", "contacts" },
	{ "annex-processing", "A", "information about the processing" },
	{ "a-purpose", "A.1", "purpose" },
	{ "a-nature", "A.2", "nature" },
	{ "a-data", "A.3", "types of personal data" },
	{ "a-subjects", "A.4", "categories of data subjects" },
	{ "a-duration", "A.5", "duration" },
	{ "annex-sub-processors", "B", "authorised sub-processors" },
	{ "b-approved", "B.1", "approved sub-processors" },
	{ "b-notice", "B.2", "prior notice for the authorisation of sub-processors" },
	{ "annex-instruction", "C", "instruction pertaining to the use of personal data" },
	{ "c-subject", "C.1", "the subject of and instruction for the processing" },
	{ "c-security", "C.2", "security of processing" },
	{ "c-assistance", "C.3", "assistance to the controller" },
	{ "c-retention", "C.4", "storage period and erasure procedures" },
	{ "c-location", "C.5", "processing location" },
	{ "c-transfers", "C.6", "instruction on transfers to third countries" },
	{ "c-audit", "C.7", "audits of the processor" },
	{ "c-sub-audit", "C.8", "audits of sub-processors" },
	{ "annex-other", "D", "the parties' terms on other subjects" },
};

enum { NPARTS = sizeof parts / sizeof parts[0] };

/* Sub-clauses per clause 1-15 (clause 1 is the table of contents). */
static const int subs[16] = { 0, 0, 11, 3, 2, 2, 4, 7, 5, 3, 4, 2, 3, 1, 5, 3 };

int
standard_subs(int clause)
{
	return clause >= 1 && clause <= 15 ? subs[clause] : 0;
}

size_t
standard_count(void)
{
	return NPARTS;
}

const dpa_std_part *
standard_at(size_t i)
{
	return i < NPARTS ? &parts[i] : NULL;
}

const char *
standard_number(const char *id)
{
	for (size_t i = 0; id && i < NPARTS; i++)
		if (strcmp(parts[i].id, id) == 0)
			return parts[i].number;
	return NULL;
}
