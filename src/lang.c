/* lang.c - per-language words written by the engine and back-ends. */
#include "lang.h"

static const dpa_lang_strings strings[DPA_LANG__MAX] = {
	{ /* DPA_LANG_DA */
		"da", "Bilag", "og",
		{ "januar", "februar", "marts", "april", "maj", "juni", "juli",
		  "august", "september", "oktober", "november", "december" },
		".", '.', "ja", "nej", "Side", "af", "Fingeraftryk", "Indhold",
		"UDKAST – ikke klar til underskrift",
		"dpagen check har fundet fejl, som skal rettes, før aftalen underskrives:",
		{ "ændret", "tilføjet", "udgået" }, "indledningen",
	},
	{ /* DPA_LANG_EN */
		"en", "Annex", "and",
		{ "January", "February", "March", "April", "May", "June", "July",
		  "August", "September", "October", "November", "December" },
		"", ',', "yes", "no", "Page", "of", "Fingerprint", "Contents",
		"DRAFT – not for signature",
		"dpagen check found errors that must be corrected before this agreement is signed:",
		{ "changed", "added", "removed" }, "the opening",
	},
};

const dpa_lang_strings *
lang_strings(dpa_lang l)
{
	return &strings[l < DPA_LANG__MAX ? l : DPA_LANG_DA];
}
