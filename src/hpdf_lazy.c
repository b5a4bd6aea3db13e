/* hpdf_lazy.c - libharu through dlopen() (see hpdf_lazy.h). */
#include "hpdf_lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define HPDF_SONAME "libhpdf-2.3.0.so"

hpdf_api hpdf_lazy;

/* dlsym() gives an object pointer; POSIX makes it a function's too. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "function pointers fit void *");

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[256];

/* Never closed: the table is used until the process ends. */
static void
load(void)
{
	void *lib = dlopen(HPDF_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		snprintf(load_error, sizeof load_error, "%s", dlerror());
		return;
	}
	void *sym;
#define HPDF_LAZY_LOAD(f) \
	if (!(sym = dlsym(lib, #f))) { \
		snprintf(load_error, sizeof load_error, HPDF_SONAME " has no %s", #f); \
		return; \
	} \
	memcpy(&hpdf_lazy.p_##f, &sym, sizeof sym);
	HPDF_FUNCS(HPDF_LAZY_LOAD)
#undef HPDF_LAZY_LOAD
}

int
hpdf_load(char *err, size_t errlen)
{
	pthread_once(&once, load);
	if (!load_error[0])
		return 0;
	snprintf(err, errlen, "PDF output needs libharu (Debian package libhpdf-2.3.0): %s", load_error);
	return -1;
}
