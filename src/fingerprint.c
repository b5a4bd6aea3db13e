/* fingerprint.c - SHA-256 (nettle) of config and templates. */
#include "fingerprint.h"

#include <nettle/sha2.h>
#include <stdio.h>

static void
to_hex(const uint8_t *d, char *out)
{
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

void
fingerprint(const ynode *tree, const unsigned char *tmpl_digest, char out[DPA_FP_HEX + 1])
{
	buf canon = {0};
	ytree_canon(tree, &canon);
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	sha256_update(&ctx, 17, (const uint8_t *)"dpagen config v1\n");
	sha256_update(&ctx, canon.len, (const uint8_t *)canon.data);
	sha256_update(&ctx, SHA256_DIGEST_SIZE, tmpl_digest);
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_digest(&ctx, sizeof d, d);
	to_hex(d, out);
	buf_free(&canon);
}

void
sha256_hex(const void *data, size_t len, char out[DPA_FP_HEX + 1])
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_digest(&ctx, sizeof d, d);
	to_hex(d, out);
}
