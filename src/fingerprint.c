/* fingerprint.c - SHA-256 (libmd) of config and templates. */
#include "fingerprint.h"

#include <sha2.h>
#include <stdio.h>

static void
to_hex(const uint8_t *d, char *out)
{
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

void
fingerprint(const ynode *tree, const unsigned char *tmpl_digest, char out[DPA_FP_HEX + 1])
{
	buf canon = {0};
	ytree_canon(tree, &canon);
	SHA2_CTX ctx;
	SHA256Init(&ctx);
	SHA256Update(&ctx, (const uint8_t *)"dpagen config v1\n", 17);
	SHA256Update(&ctx, (const uint8_t *)canon.data, canon.len);
	SHA256Update(&ctx, tmpl_digest, SHA256_DIGEST_LENGTH);
	uint8_t d[SHA256_DIGEST_LENGTH];
	SHA256Final(d, &ctx);
	to_hex(d, out);
	buf_free(&canon);
}

void
sha256_hex(const void *data, size_t len, char out[DPA_FP_HEX + 1])
{
	SHA2_CTX ctx;
	SHA256Init(&ctx);
	SHA256Update(&ctx, data, len);
	uint8_t d[SHA256_DIGEST_LENGTH];
	SHA256Final(d, &ctx);
	to_hex(d, out);
}
