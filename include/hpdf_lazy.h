/* hpdf_lazy.h - libharu, loaded when the first PDF is made.
 *
 * Most runs make Markdown or HTML, and mapping libharu with zlib and
 * libpng cost every process about 0.4 ms of its 4 (issue 8).  The PDF
 * modules include this header instead of <hpdf.h>: each libharu function
 * they call is a pointer in a table that hpdf_load() fills with dlopen()
 * and dlsym(), and a macro of the function's own name calls through it,
 * so the calling code reads as plain libharu.  A function added to the
 * PDF code must be added to HPDF_FUNCS (the compiler says so: the name is
 * then an undefined symbol at link time).
 */
#ifndef DPAGEN_HPDF_LAZY_H
#define DPAGEN_HPDF_LAZY_H

#include <hpdf.h>
#include <hpdf_doc.h>   /* the object functions (/ID in the trailer) */
#include <hpdf_font.h>  /* a font's definition: which characters it has */
#include <hpdf_streams.h>
#include <stddef.h>

#define HPDF_FUNCS(X) \
	X(HPDF_AddPage) X(HPDF_Array_Add) X(HPDF_Array_New) X(HPDF_Binary_New) \
	X(HPDF_CreateOutline) X(HPDF_Destination_SetFitH) X(HPDF_Dict_Add) \
	X(HPDF_Font_GetUnicodeWidth) X(HPDF_Free) X(HPDF_GetEncoder) X(HPDF_GetError) \
	X(HPDF_GetFont) X(HPDF_GetStreamSize) X(HPDF_LinkAnnot_SetBorderStyle) \
	X(HPDF_LoadTTFontFromFile) X(HPDF_New) X(HPDF_Outline_SetDestination) \
	X(HPDF_Outline_SetOpened) X(HPDF_Page_BeginText) X(HPDF_Page_CreateDestination) \
	X(HPDF_Page_CreateLinkAnnot) X(HPDF_Page_CreateURILinkAnnot) X(HPDF_Page_EndText) \
	X(HPDF_Page_Fill) X(HPDF_Page_LineTo) X(HPDF_Page_MoveTo) X(HPDF_Page_Rectangle) \
	X(HPDF_Page_SetFontAndSize) X(HPDF_Page_SetLineWidth) X(HPDF_Page_SetRGBFill) \
	X(HPDF_Page_SetRGBStroke) X(HPDF_Page_SetSize) X(HPDF_Page_SetWordSpace) \
	X(HPDF_Page_Stroke) X(HPDF_Page_TextOut) X(HPDF_ReadFromStream) X(HPDF_SaveToStream) \
	X(HPDF_SetCompressionMode) X(HPDF_SetCurrentEncoder) X(HPDF_SetInfoAttr) \
	X(HPDF_SetInfoDateAttr) X(HPDF_SetPageMode) X(HPDF_UseUTFEncodings) \
	X(HPDF_Box_Array_New) X(HPDF_DictStream_New) X(HPDF_Dict_AddName) X(HPDF_Dict_AddNumber) \
	X(HPDF_Dict_GetItem) X(HPDF_Dict_New) X(HPDF_GetInfoAttr) X(HPDF_MemStream_FreeData) \
	X(HPDF_Stream_Write) X(HPDF_String_New) X(HPDF_TTFontDef_GetGlyphid) X(HPDF_Xref_Add)

/* The table: one pointer per function, typed from <hpdf.h>'s prototype. */
typedef struct hpdf_api {
#define HPDF_LAZY_MEMBER(f) __typeof__(f) *p_##f;
	HPDF_FUNCS(HPDF_LAZY_MEMBER)
#undef HPDF_LAZY_MEMBER
} hpdf_api;

extern hpdf_api hpdf_lazy;

/* Load libharu (once per process; thread-safe).  Returns 0, or -1 with
 * why in err: no PDF can be made then. */
int hpdf_load(char *err, size_t errlen);

/* From here on a libharu call goes through the table. */
#define HPDF_AddPage (*hpdf_lazy.p_HPDF_AddPage)
#define HPDF_Array_Add (*hpdf_lazy.p_HPDF_Array_Add)
#define HPDF_Array_New (*hpdf_lazy.p_HPDF_Array_New)
#define HPDF_Binary_New (*hpdf_lazy.p_HPDF_Binary_New)
#define HPDF_CreateOutline (*hpdf_lazy.p_HPDF_CreateOutline)
#define HPDF_Destination_SetFitH (*hpdf_lazy.p_HPDF_Destination_SetFitH)
#define HPDF_Dict_Add (*hpdf_lazy.p_HPDF_Dict_Add)
#define HPDF_Font_GetUnicodeWidth (*hpdf_lazy.p_HPDF_Font_GetUnicodeWidth)
#define HPDF_Free (*hpdf_lazy.p_HPDF_Free)
#define HPDF_GetEncoder (*hpdf_lazy.p_HPDF_GetEncoder)
#define HPDF_GetError (*hpdf_lazy.p_HPDF_GetError)
#define HPDF_GetFont (*hpdf_lazy.p_HPDF_GetFont)
#define HPDF_GetStreamSize (*hpdf_lazy.p_HPDF_GetStreamSize)
#define HPDF_LinkAnnot_SetBorderStyle (*hpdf_lazy.p_HPDF_LinkAnnot_SetBorderStyle)
#define HPDF_LoadTTFontFromFile (*hpdf_lazy.p_HPDF_LoadTTFontFromFile)
#define HPDF_New (*hpdf_lazy.p_HPDF_New)
#define HPDF_Outline_SetDestination (*hpdf_lazy.p_HPDF_Outline_SetDestination)
#define HPDF_Outline_SetOpened (*hpdf_lazy.p_HPDF_Outline_SetOpened)
#define HPDF_Page_BeginText (*hpdf_lazy.p_HPDF_Page_BeginText)
#define HPDF_Page_CreateDestination (*hpdf_lazy.p_HPDF_Page_CreateDestination)
#define HPDF_Page_CreateLinkAnnot (*hpdf_lazy.p_HPDF_Page_CreateLinkAnnot)
#define HPDF_Page_CreateURILinkAnnot (*hpdf_lazy.p_HPDF_Page_CreateURILinkAnnot)
#define HPDF_Page_EndText (*hpdf_lazy.p_HPDF_Page_EndText)
#define HPDF_Page_Fill (*hpdf_lazy.p_HPDF_Page_Fill)
#define HPDF_Page_LineTo (*hpdf_lazy.p_HPDF_Page_LineTo)
#define HPDF_Page_MoveTo (*hpdf_lazy.p_HPDF_Page_MoveTo)
#define HPDF_Page_Rectangle (*hpdf_lazy.p_HPDF_Page_Rectangle)
#define HPDF_Page_SetFontAndSize (*hpdf_lazy.p_HPDF_Page_SetFontAndSize)
#define HPDF_Page_SetLineWidth (*hpdf_lazy.p_HPDF_Page_SetLineWidth)
#define HPDF_Page_SetRGBFill (*hpdf_lazy.p_HPDF_Page_SetRGBFill)
#define HPDF_Page_SetRGBStroke (*hpdf_lazy.p_HPDF_Page_SetRGBStroke)
#define HPDF_Page_SetSize (*hpdf_lazy.p_HPDF_Page_SetSize)
#define HPDF_Page_SetWordSpace (*hpdf_lazy.p_HPDF_Page_SetWordSpace)
#define HPDF_Page_Stroke (*hpdf_lazy.p_HPDF_Page_Stroke)
#define HPDF_Page_TextOut (*hpdf_lazy.p_HPDF_Page_TextOut)
#define HPDF_ReadFromStream (*hpdf_lazy.p_HPDF_ReadFromStream)
#define HPDF_SaveToStream (*hpdf_lazy.p_HPDF_SaveToStream)
#define HPDF_SetCompressionMode (*hpdf_lazy.p_HPDF_SetCompressionMode)
#define HPDF_SetCurrentEncoder (*hpdf_lazy.p_HPDF_SetCurrentEncoder)
#define HPDF_SetInfoAttr (*hpdf_lazy.p_HPDF_SetInfoAttr)
#define HPDF_SetInfoDateAttr (*hpdf_lazy.p_HPDF_SetInfoDateAttr)
#define HPDF_SetPageMode (*hpdf_lazy.p_HPDF_SetPageMode)
#define HPDF_UseUTFEncodings (*hpdf_lazy.p_HPDF_UseUTFEncodings)
/* PDF/A, the language, signature fields, ToUnicode maps (render_pdf.c) */
#define HPDF_Box_Array_New (*hpdf_lazy.p_HPDF_Box_Array_New)
#define HPDF_DictStream_New (*hpdf_lazy.p_HPDF_DictStream_New)
#define HPDF_Dict_AddName (*hpdf_lazy.p_HPDF_Dict_AddName)
#define HPDF_Dict_AddNumber (*hpdf_lazy.p_HPDF_Dict_AddNumber)
#define HPDF_Dict_GetItem (*hpdf_lazy.p_HPDF_Dict_GetItem)
#define HPDF_Dict_New (*hpdf_lazy.p_HPDF_Dict_New)
#define HPDF_GetInfoAttr (*hpdf_lazy.p_HPDF_GetInfoAttr)
#define HPDF_MemStream_FreeData (*hpdf_lazy.p_HPDF_MemStream_FreeData)
#define HPDF_Stream_Write (*hpdf_lazy.p_HPDF_Stream_Write)
#define HPDF_String_New (*hpdf_lazy.p_HPDF_String_New)
#define HPDF_TTFontDef_GetGlyphid (*hpdf_lazy.p_HPDF_TTFontDef_GetGlyphid)
#define HPDF_Xref_Add (*hpdf_lazy.p_HPDF_Xref_Add)

#endif /* !DPAGEN_HPDF_LAZY_H */
