/* fingerprint.h - SHA-256 of the canonical config and the template set,
 * printed in every output so a signed copy can be traced to its source. */
#ifndef DPAGEN_FINGERPRINT_H
#define DPAGEN_FINGERPRINT_H

#include "ytree.h"

enum { DPA_FP_HEX = 64, DPA_FP_SHORT = 12 };

/* Hex SHA-256 (64 digits + NUL) of tree's canonical form and tmpl_digest. */
void fingerprint(const ynode *tree, const unsigned char *tmpl_digest, char out[DPA_FP_HEX + 1]);

/* Hex SHA-256 of bytes. */
void sha256_hex(const void *data, size_t len, char out[DPA_FP_HEX + 1]);

#endif /* !DPAGEN_FINGERPRINT_H */
