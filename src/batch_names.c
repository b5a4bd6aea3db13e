/* batch_names.c - the set of file names a batch run gives out, kept on
 * disk so that memory does not grow with the customer list. */
#define _GNU_SOURCE /* O_TMPFILE, strcasecmp */
#include "batch_int.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

int
nameset_open(nameset *s, size_t expect, int dirfd)
{
	memset(s, 0, sizeof *s);
	s->cap = 64;
	while (s->cap < 2 * (uint64_t)expect + 2)
		s->cap *= 2;
	/* Unpredictable slots: a key the list's author cannot know. */
	if (getrandom(s->key, sizeof s->key, GRND_NONBLOCK) != (ssize_t)sizeof s->key) {
		uint64_t t = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)s;
		memcpy(s->key, &t, sizeof t);
	}
	s->fd = openat(dirfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (s->fd < 0) {               /* a file system without O_TMPFILE */
		FILE *f = tmpfile();
		s->fd = f ? fcntl(fileno(f), F_DUPFD_CLOEXEC, 0) : -1;
		if (f)
			fclose(f);
	}
	if (s->fd < 0)
		return -1;
	/* Sparse: only the slots used take room. */
	if (ftruncate(s->fd, (off_t)(s->cap * sizeof(name_rec))) != 0) {
		int e = errno;
		close(s->fd);
		s->fd = -1;
		errno = e;
		return -1;
	}
	return 0;
}

static uint64_t
slot_of(const nameset *s, const char *name)
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	char low[DPA_MAX_NAME + 1];
	size_t n = 0;
	for (; name[n] && n < DPA_MAX_NAME; n++)
		low[n] = (char)(name[n] >= 'A' && name[n] <= 'Z' ? name[n] - 'A' + 'a' : name[n]);
	sha256_init(&ctx);
	sha256_update(&ctx, sizeof s->key, s->key);
	sha256_update(&ctx, n, (const uint8_t *)low);
	sha256_digest(&ctx, sizeof digest, digest);
	uint64_t h;
	memcpy(&h, digest, sizeof h);
	return h & (s->cap - 1);
}

static int
rec_io(const nameset *s, uint64_t at, name_rec *rec, bool write)
{
	off_t off = (off_t)(at * sizeof *rec);
	for (;;) {
		ssize_t n = write ? pwrite(s->fd, rec, sizeof *rec, off) : pread(s->fd, rec, sizeof *rec, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == (ssize_t)sizeof *rec)
			return 0;
		if (n >= 0)
			errno = EIO;
		return -1;
	}
}

int
nameset_find(nameset *s, const char *name, name_rec *rec, uint64_t *at)
{
	uint64_t i = slot_of(s, name);
	for (uint64_t tries = 0; tries < s->cap; tries++, i = (i + 1) & (s->cap - 1)) {
		if (rec_io(s, i, rec, false) != 0)
			return -1;
		rec->name[DPA_MAX_NAME] = '\0';
		if (!rec->used) {
			*at = i;
			return 0;
		}
		if (strcasecmp(rec->name, name) == 0) {
			*at = i;
			return 1;
		}
	}
	errno = ENOSPC;
	return -1;
}

int
nameset_put(nameset *s, uint64_t at, const name_rec *rec)
{
	/* Kept at most half full, so that a probe stays short. */
	if (2 * (s->n + 1) > s->cap) {
		errno = ENOSPC;
		return -1;
	}
	name_rec r = *rec;
	r.used = 1;
	if (rec_io(s, at, &r, true) != 0)
		return -1;
	s->n++;
	return 0;
}

int
nameset_update(nameset *s, uint64_t at, const name_rec *rec)
{
	name_rec r = *rec;
	r.used = 1;
	return rec_io(s, at, &r, true);
}

void
nameset_close(nameset *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}
