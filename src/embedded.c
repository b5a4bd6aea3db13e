/* embedded.c - look-up in the files compiled into the binary. */
#include "embedded.h"

#include <string.h>

const dpa_embedded_file *
dpa_embedded_find(const char *name)
{
	for (const dpa_embedded_file *f = dpa_embedded; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}
