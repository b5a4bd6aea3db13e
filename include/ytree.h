/* ytree.h - YAML text -> a small located tree (maps, lists, scalars).
 *
 * The tree is composed from libyaml's events rather than its document API
 * so that the limits below are enforced while parsing: nesting depth,
 * nodes after alias expansion, scalar size, one document.  Duplicate keys
 * are rejected.  Overlays (`extends`, --set, batch customers) merge trees
 * before the model is bound.  Duplicate keys are reported without stopping
 * the parse (the first one wins), so the caller must also look at the error
 * count.  Nodes live in the caller's arena; an alias
 * makes two parents share one node, so the tree is a DAG, never a cycle.
 */
#ifndef DPAGEN_YTREE_H
#define DPAGEN_YTREE_H

#include "diag.h"
#include "util.h"

/* Documented limits (README, dpagen-config(5)). */
enum {
	YT_MAX_FILE = 4 * 1024 * 1024,  /* bytes in one config file */
	YT_MAX_DEPTH = 32,              /* nesting of maps and lists */
	YT_MAX_NODES = 100000,          /* nodes, counting each alias use in full */
	YT_MAX_SCALAR = 64 * 1024,      /* bytes in one value */
};

typedef enum ykind { Y_SCALAR, Y_SEQ, Y_MAP } ykind;

typedef struct ynode ynode;
struct ynode {
	ykind kind;
	bool quoted;        /* scalar was quoted or a block scalar */
	bool hash_comment;  /* empty plain scalar with a "#" comment after it on its line */
	dpa_loc loc;
	const char *s;      /* scalar text, NUL-terminated */
	size_t len;
	ynode **items;      /* SEQ: n items; MAP: n pairs as key, value, key, ... */
	size_t n;
	size_t weight;      /* nodes below and including this one */
};

/* Parse data (len bytes) named file.  Returns 0 and the root in *root
 * (NULL for an empty document), or -1 with diagnostics added.  line_base
 * and col_base shift reported positions (for --set values). */
int ytree_parse(arena *a, const char *file, const char *data, size_t len,
    dpa_diags *d, ynode **root);

/* Like ytree_parse, positions reported at line, col + offset (1-based). */
int ytree_parse_at(arena *a, const char *file, uint32_t line, uint32_t col,
    const char *data, size_t len, dpa_diags *d, ynode **root);

/* True for a scalar that means "no value": empty plain, ~, null. */
bool ytree_is_null(const ynode *n);

/* Value of key in a map, or NULL. */
ynode *ytree_get(const ynode *map, const char *key);

/* base overlaid by over: maps merge key by key, anything else is replaced;
 * a null value in over removes the key.  Shares unchanged subtrees. */
ynode *ytree_merge(arena *a, ynode *base, ynode *over);

/* New map without key (the same map if it has no such key). */
ynode *ytree_without(arena *a, ynode *map, const char *key);

/* Set the value at a dotted path ("a.b.0.c", or "a.b[0].c" as messages
 * print it), creating maps (and a list for index 0) on the way.
 * Returns the new root, or NULL with *why set to a reason. */
ynode *ytree_set(arena *a, ynode *root, const char *path, ynode *value, const char **why);

/* "a.b[0].c" as "a.b.0.c" (path itself when it has no '['), in a. */
const char *ytree_dotted_path(arena *a, const char *path);

/* The first scalar in document order (keys too) whose text holds needle,
 * its path ("controller.name", "sub_processors.list[1].name") appended
 * to path; NULL if none. */
const ynode *ytree_find_text(const ynode *root, const char *needle, buf *path);

/* Canonical serialisation (keys sorted, scalars as JSON strings), for the
 * fingerprint: the same config in any layout gives the same bytes. */
void ytree_canon(const ynode *n, buf *out);

#endif /* !DPAGEN_YTREE_H */
