/* util.c - arena, buffers, whole-file reads and atomic writes. */
#define _DEFAULT_SOURCE /* realpath */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary file of this thread's atomic write in progress, removed
 * if we die of memory exhaustion. */
static _Thread_local char *pending_tmp;

_Noreturn void
dpa_oom(void)
{
	if (pending_tmp)
		unlink(pending_tmp);
	fputs("dpagen: out of memory\n", stderr);
	exit(2);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		dpa_oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		dpa_oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		dpa_oom();
	return q;
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

/* ---- arena ---------------------------------------------------------- */

struct arena_block {
	arena_block *next;
	size_t used, cap;
	_Alignas(16) unsigned char mem[];
};

enum { ARENA_BLOCK = 64 * 1024 };

void *
arena_alloc(arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	arena_block *b = a->head;
	if (!b || b->cap - b->used < n) {
		/* Blocks grow from 1 KiB to 64 KiB: many arenas hold a few
		 * strings (a finding, a diagnostic) and must stay small. */
		size_t cap = b ? (b->cap < ARENA_BLOCK ? b->cap * 2 : ARENA_BLOCK) : 1024;
		if (cap < n)
			cap = n;
		b = xmalloc(sizeof *b + cap);
		b->used = 0;
		b->cap = cap;
		/* A big one-off block goes behind the head so the head keeps
		 * serving small allocations. */
		if (a->head && n > ARENA_BLOCK / 4) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->mem + b->used;
	b->used += n;
	a->used_total += n;
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

void
arena_free(arena *a)
{
	arena_block *b = a->head;
	while (b) {
		arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used_total = 0;
}

/* ---- pool ----------------------------------------------------------- */

/* Before each block: its class.  16 bytes keep the arena's alignment. */
typedef struct pool_head {
	size_t cls, unused;
} pool_head;

/* Bytes a block of class c holds: 16-byte steps, then powers of 2. */
static size_t
pool_class_size(size_t c)
{
	return c < POOL_SMALL ? 16 * (c + 1) : (size_t)2048 << (c - POOL_SMALL);
}

static size_t
pool_class(size_t n)
{
	if (n <= 16 * POOL_SMALL)
		return n ? (n - 1) / 16 : 0;
	size_t c = POOL_SMALL;
	while (pool_class_size(c) < n)
		if (++c == POOL_CLASSES || pool_class_size(c - 1) > SIZE_MAX / 2)
			dpa_oom();
	return c;
}

void *
pool_alloc(pool *p, size_t n)
{
	size_t c = pool_class(n), size = pool_class_size(c);
	pool_head *h = p->free[c];
	if (h) {
		p->free[c] = *(void **)(h + 1);
		memset(h + 1, 0, size);
	} else {
		h = arena_alloc(&p->mem, sizeof *h + size);
		h->cls = c;
	}
	return h + 1;
}

void
pool_free(pool *p, void *block)
{
	if (!block)
		return;
	pool_head *h = (pool_head *)block - 1;
	*(void **)block = p->free[h->cls];
	p->free[h->cls] = h;
}

void *
pool_realloc(pool *p, void *old, size_t n)
{
	if (!old)
		return pool_alloc(p, n);
	size_t size = pool_class_size(((pool_head *)old - 1)->cls);
	if (n <= size)
		return old;
	void *q = pool_alloc(p, n);
	memcpy(q, old, size);
	pool_free(p, old);
	return q;
}

void
pool_release(pool *p)
{
	arena_free(&p->mem);
	memset(p->free, 0, sizeof p->free);
}

/* ---- buffer --------------------------------------------------------- */

void
buf_grow(buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void
buf_put(buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_vprintf(buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	if (n > 0) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
		b->len += (size_t)n;
	}
	va_end(ap2);
}

void
buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
buf_detach(buf *b)
{
	char *p = b->data ? b->data : xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_reset(buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
buf_free(buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* ---- files ---------------------------------------------------------- */

int
read_file(const char *path, size_t limit, buf *out, char *err, size_t errlen)
{
	int fd = 0;
	bool is_stdin = strcmp(path, "-") == 0;
	if (!is_stdin && (fd = open(path, O_RDONLY)) < 0) {
		int e = errno;
		snprintf(err, errlen, "cannot open: %s", strerror(e));
		return e;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "is a directory, not a file");
		if (!is_stdin)
			close(fd);
		return EISDIR;
	}
	buf_reset(out);
	for (;;) {
		buf_grow(out, 65536);
		ssize_t n = read(fd, out->data + out->len, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			snprintf(err, errlen, "cannot read: %s", strerror(e));
			if (!is_stdin)
				close(fd);
			return e;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
		if (out->len > limit) {
			snprintf(err, errlen, "file is larger than the %zu KiB limit", limit / 1024);
			if (!is_stdin)
				close(fd);
			return EFBIG;
		}
	}
	if (!is_stdin)
		close(fd);
	buf_grow(out, 0);
	out->data[out->len] = '\0';
	return 0;
}

static int replace_file(const char *path, const void *data, size_t len, char *err, size_t errlen);

static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A device or FIFO (/dev/null, /dev/stdout, a pipe) is written in place:
 * renaming over it would replace the device with a file. */
static int
write_in_place(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
	int fd = strcmp(path, "-") == 0 ? STDOUT_FILENO : open(path, O_WRONLY | O_TRUNC);
	if (fd < 0 || write_all(fd, data, len) != 0) {
		snprintf(err, errlen, "cannot write: %s", strerror(errno));
		if (fd > STDOUT_FILENO)
			close(fd);
		return -1;
	}
	if (fd != STDOUT_FILENO && close(fd) != 0) {
		snprintf(err, errlen, "cannot write: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int
write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
	struct stat st;
	if (strcmp(path, "-") == 0 || (stat(path, &st) == 0 && !S_ISREG(st.st_mode)))
		return write_in_place(path, data, len, err, errlen);
	/* Through a symbolic link, replace the file it points to (even one
	 * that does not exist yet), not the link. */
	char *real = NULL;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		real = realpath(path, NULL);
		if (!real) {
			char target[4096];
			ssize_t k = readlink(path, target, sizeof target - 1);
			if (k > 0) {
				target[k] = '\0';
				arena a = {0};
				const char *dir = path_dir(&a, path);
				real = xmalloc(strlen(dir) + (size_t)k + 2);
				sprintf(real, "%s/%s", target[0] == '/' ? "" : dir, target);
				arena_free(&a);
			}
		}
		if (real)
			path = real;
	}
	int rc = replace_file(path, data, len, err, errlen);
	free(real);
	return rc;
}

/* A new temporary file beside path: O_EXCL makes the name ours, and the
 * mode 0666 lets the umask decide, as for any file a program creates. */
static int
open_temp(const char *path, char **tmp)
{
	static atomic_uint counter;
	size_t n = strlen(path) + 48;
	*tmp = xmalloc(n);
	for (int tries = 0; tries < 100; tries++) {
		snprintf(*tmp, n, "%s.tmp%ld.%u", path, (long)getpid(), atomic_fetch_add(&counter, 1));
		int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

static int
replace_file(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
	char *tmp;
	int fd = open_temp(path, &tmp);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create a file beside it: %s", strerror(errno));
		free(tmp);
		return -1;
	}
	pending_tmp = tmp;
	/* No fsync: the rename is what makes the write atomic (no reader ever
	 * sees a partial file), and flushing every document cost more than
	 * rendering it (8 ms of 19), ten thousand times in a batch. */
	int rc = write_all(fd, data, len);
	int e = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		rc = -1;
		e = errno;
	}
	if (rc != 0) {
		snprintf(err, errlen, "cannot write: %s", strerror(e));
		unlink(tmp);
	}
	pending_tmp = NULL;
	free(tmp);
	return rc;
}

int
atomic_open(atomic_file *f, const char *path, char *err, size_t errlen)
{
	memset(f, 0, sizeof *f);
	f->fd = open_temp(path, &f->tmp);
	if (f->fd < 0) {
		snprintf(err, errlen, "cannot create a file beside it: %s", strerror(errno));
		free(f->tmp);
		f->tmp = NULL;
		return -1;
	}
	f->path = xstrdup(path);
	return 0;
}

void
atomic_write(atomic_file *f, const void *data, size_t len)
{
	if (!f->failed && write_all(f->fd, data, len) != 0)
		f->failed = errno ? errno : EIO;
}

int
atomic_close(atomic_file *f, bool commit, char *err, size_t errlen)
{
	int rc = 0;
	if (close(f->fd) != 0 && !f->failed)
		f->failed = errno;
	if (commit && !f->failed && rename(f->tmp, f->path) != 0)
		f->failed = errno;
	if (!commit || f->failed) {
		unlink(f->tmp);
		rc = commit ? -1 : 0;
		if (commit)
			snprintf(err, errlen, "cannot write: %s", strerror(f->failed));
	}
	free(f->tmp);
	free(f->path);
	memset(f, 0, sizeof *f);
	return rc;
}

char *
path_dir(arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return arena_strdup(a, ".");
	if (slash == path)
		return arena_strdup(a, "/");
	return arena_strndup(a, path, (size_t)(slash - path));
}

/* ---- hints ---------------------------------------------------------- */

int
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return 99;
	int row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			int best = diag + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *
closest_word(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	int bestd = 99;
	size_t wl = strlen(word);
	int limit = wl <= 3 ? 1 : wl <= 6 ? 2 : 3;
	for (size_t i = 0; i < n; i++) {
		int d = edit_distance(word, cands[i]);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return bestd <= limit ? best : NULL;
}
