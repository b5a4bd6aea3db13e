/* util.c - arena, buffers, whole-file reads and atomic writes. */
#define _GNU_SOURCE /* realpath, O_NOFOLLOW, fstatat, st_ctim */
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
#include <time.h>
#include <unistd.h>

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

/* What a file that is not a regular one is, for messages. */
static const char *
file_kind(mode_t m)
{
	return S_ISDIR(m) ? "a folder" : S_ISLNK(m) ? "a symbolic link" :
	    S_ISFIFO(m) ? "a FIFO (named pipe)" : S_ISCHR(m) ? "a character device" :
	    S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

static int
read_all(int fd, size_t limit, buf *out, char *err, size_t errlen)
{
	buf_reset(out);
	for (;;) {
		buf_grow(out, 65536);
		ssize_t n = read(fd, out->data + out->len, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			snprintf(err, errlen, "cannot read: %s", strerror(e));
			return e;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
		if (out->len > limit) {
			snprintf(err, errlen, "file is larger than the %zu KiB limit", limit / 1024);
			return EFBIG;
		}
	}
	buf_grow(out, 0);
	out->data[out->len] = '\0';
	return 0;
}

/* Open for reading without waiting: O_NONBLOCK makes opening a FIFO that
 * nobody writes to return at once instead of hanging. */
static int
open_input(int dirfd, const char *path, unsigned flags, char *err, size_t errlen)
{
	int fd = openat(dirfd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
	    (flags & RF_NOFOLLOW ? O_NOFOLLOW : 0));
	if (fd >= 0)
		return fd;
	int e = errno;
	struct stat st;
	if (e == ELOOP && (flags & RF_NOFOLLOW) && fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode))
		snprintf(err, errlen, "is a symbolic link, which is not followed here");
	else
		snprintf(err, errlen, "cannot open: %s", strerror(e));
	errno = e;
	return -1;
}

int
read_file_at(int dirfd, const char *path, unsigned flags, size_t limit, buf *out, char *err,
    size_t errlen)
{
	bool is_stdin = strcmp(path, "-") == 0;
	int fd = is_stdin ? STDIN_FILENO : open_input(dirfd, path, flags, err, errlen);
	if (fd < 0)
		return errno;
	struct stat st;
	int rc = 0;
	if (fstat(fd, &st) != 0) {
		rc = errno;
		snprintf(err, errlen, "cannot read: %s", strerror(rc));
	} else if (S_ISDIR(st.st_mode)) {
		rc = EISDIR;
		snprintf(err, errlen, "is a directory, not a file");
	} else if ((flags & RF_REGULAR) && !S_ISREG(st.st_mode)) {
		rc = EINVAL;
		snprintf(err, errlen, "is %s, not a regular file", file_kind(st.st_mode));
	} else if (!is_stdin && !S_ISREG(st.st_mode)) {
		/* A pipe or device named on the command line (`<(cmd)`): read
		 * it as it comes.  A FIFO without a writer reads as empty. */
		int fl = fcntl(fd, F_GETFL);
		if (fl == -1 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
			rc = errno;
			snprintf(err, errlen, "cannot read: %s", strerror(rc));
		}
	}
	if (rc == 0)
		rc = read_all(fd, limit, out, err, errlen);
	if (!is_stdin)
		close(fd);
	return rc;
}

int
read_file(const char *path, size_t limit, buf *out, char *err, size_t errlen)
{
	return read_file_at(AT_FDCWD, path, 0, limit, out, err, errlen);
}

/* ---- temporary files, and removing them on a fatal signal ------------- */

/* The temporary files being written, for the signal handler and dpa_oom()
 * to remove.  A fixed table, so the handler needs no lock and no memory:
 * a slot is free (0), being filled (1) or armed (2), and only an armed
 * slot's folder and name are read.  Batch keeps at most DPA_MAX_PENDING
 * customers' files written but not yet renamed (its window), four
 * formats each, and then the manifest. */
enum { PENDING_MAX = DPA_MAX_PENDING * 4 + 8, PENDING_NAME = 256, TMP_STEM = 200 };

typedef struct pending_tmp {
	atomic_int state;
	int dirfd;
	char name[PENDING_NAME];
} pending_tmp;

static pending_tmp pending[PENDING_MAX];
static atomic_int creating;        /* threads between taking a slot and creating its file */
static atomic_int dying;           /* a fatal signal came: create nothing more */
static _Thread_local volatile sig_atomic_t creating_here;
static atomic_flag handlers_set = ATOMIC_FLAG_INIT;

static void
remove_pending(void)
{
	for (int i = 0; i < PENDING_MAX; i++)
		if (atomic_load(&pending[i].state) == 2)
			unlinkat(pending[i].dirfd, pending[i].name, 0);
}

/* SIGINT, SIGTERM, SIGHUP: remove the temporary files, then die of the
 * signal as before.  Another thread may be creating a file right now: wait
 * (at most a second) until it is done, so that its file is in the table;
 * after `dying` is set no thread starts another. */
static void
on_fatal_signal(int sig)
{
	static const struct sigaction dfl = { .sa_handler = SIG_DFL };
	atomic_store(&dying, 1);
	int own = creating_here;
	for (int i = 0; i < 1000 && atomic_load(&creating) > own; i++) {
		struct timespec ts = { 0, 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	remove_pending();
	sigaction(sig, &dfl, NULL);
	raise(sig);             /* delivered when the handler returns */
}

/* Once per process, before the first temporary file; a signal that is
 * ignored (nohup, a background job) stays ignored. */
static void
install_handlers(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	if (atomic_flag_test_and_set(&handlers_set))
		return;
	struct sigaction sa = { .sa_handler = on_fatal_signal }, old;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
			sigaction(sigs[i], &sa, NULL);
}

/* A new temporary file for name in the folder dirfd, NAME.tmpPID.N:
 * O_EXCL|O_NOFOLLOW make it a new file of ours, never something already
 * there, and mode 0666 lets the umask decide.  Its name is in the table
 * before the file exists.  Returns the descriptor and the slot, or -1. */
static int
temp_create(int dirfd, const char *name, int *slot)
{
	static atomic_uint counter;
	install_handlers();
	creating_here = 1;
	atomic_fetch_add(&creating, 1);
	int fd = -1, s = -1, e = EINTR;
	for (int i = 0; i < PENDING_MAX && s < 0 && !atomic_load(&dying); i++) {
		int free_slot = 0;
		if (atomic_compare_exchange_strong(&pending[i].state, &free_slot, 1))
			s = i;
	}
	if (s >= 0) {
		pending_tmp *p = &pending[s];
		p->dirfd = dirfd;
		for (int tries = 0; tries < 100; tries++) {
			atomic_store(&p->state, 1);
			snprintf(p->name, sizeof p->name, "%.*s.tmp%ld.%u", TMP_STEM, name, (long)getpid(),
			    atomic_fetch_add(&counter, 1));
			atomic_store(&p->state, 2);
			fd = openat(dirfd, p->name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
			if (fd >= 0 || errno != EEXIST)
				break;
		}
		e = errno;
		if (fd < 0) {
			atomic_store(&p->state, 0);
			s = -1;
		}
	} else if (!atomic_load(&dying)) {
		e = EAGAIN;
	}
	atomic_fetch_sub(&creating, 1);
	creating_here = 0;
	*slot = s;
	errno = e;
	return fd;
}

_Noreturn void
dpa_oom(void)
{
	remove_pending();
	fputs("dpagen: out of memory\n", stderr);
	exit(2);
}

/* ---- atomic output -------------------------------------------------- */

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

int
atomic_open(atomic_file *f, int dirfd, const char *name, char *err, size_t errlen)
{
	memset(f, 0, sizeof *f);
	f->fd = f->slot = -1;
	f->keep_mode = -1;
	struct stat st;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (!S_ISREG(st.st_mode)) {
			snprintf(err, errlen, "is %s, not a regular file: not written through (remove it)",
			    file_kind(st.st_mode));
			return -1;
		}
		f->keep_mode = (int)(st.st_mode & 0777);   /* a 0600 file stays 0600 */
	} else if (errno != ENOENT) {
		snprintf(err, errlen, "cannot write: %s", strerror(errno));
		return -1;
	}
	f->fd = temp_create(dirfd, name, &f->slot);
	if (f->fd < 0) {
		snprintf(err, errlen, "cannot create a file beside it: %s", strerror(errno));
		return -1;
	}
	f->dirfd = dirfd;
	f->name = xstrdup(name);
	return 0;
}

void
atomic_write(atomic_file *f, const void *data, size_t len)
{
	if (!f->failed && write_all(f->fd, data, len) != 0)
		f->failed = errno ? errno : EIO;
}

/* The file's identity once in place, for file_is(): what a rename, a
 * write or a chmod would change. */
static void
file_id_of(const struct stat *st, dpa_file_id *id)
{
	id->dev = (uint64_t)st->st_dev;
	id->ino = (uint64_t)st->st_ino;
	id->size = (uint64_t)st->st_size;
	id->ctime_s = (int64_t)st->st_ctim.tv_sec;
	id->ctime_ns = (long)st->st_ctim.tv_nsec;
	id->mode = (unsigned)st->st_mode;
}

static atomic_bool durable;

void
atomic_set_durable(bool on)
{
	atomic_store(&durable, on);
}

/* No fsync by default: the rename is what makes the write atomic (no
 * reader ever sees a partial file), and flushing every document cost more
 * than rendering it (8 ms of 19), ten thousand times in a batch.  Durable
 * (--fsync): the data before the rename, the folder's entry after it. */
int
atomic_finish(atomic_file *f, char *err, size_t errlen)
{
	if (!f->failed && f->keep_mode >= 0 && fchmod(f->fd, (mode_t)f->keep_mode) != 0)
		f->failed = errno;
	if (!f->failed && fstat(f->fd, &f->mine) != 0)
		f->failed = errno;
	if (atomic_load(&durable) && !f->failed && fsync(f->fd) != 0)
		f->failed = errno;
	if (close(f->fd) != 0 && !f->failed)
		f->failed = errno;
	f->fd = -1;
	if (!f->failed)
		return 0;
	snprintf(err, errlen, "cannot write: %s", strerror(f->failed));
	return -1;
}

int
atomic_publish(atomic_file *f, bool commit, dpa_file_id *id, char *err, size_t errlen)
{
	const char *tmp = pending[f->slot].name;
	struct stat st;
	bool sync = commit && atomic_load(&durable);
	commit = commit && !f->failed;
	if (commit && renameat(f->dirfd, tmp, f->dirfd, f->name) != 0)
		f->failed = errno;
	if (commit && sync && !f->failed && fsync(f->dirfd) != 0 && errno != EINVAL)
		f->failed = errno;   /* EINVAL: a folder that cannot be synced (some FUSE) */
	if (!commit || f->failed)
		unlinkat(f->dirfd, tmp, 0);
	atomic_store(&pending[f->slot].state, 0);
	int rc = 0;
	if (commit && f->failed) {
		snprintf(err, errlen, "cannot write: %s", strerror(f->failed));
		rc = -1;
	} else if (commit && id) {
		/* What is there now is the file written, unless it was swapped. */
		if (fstatat(f->dirfd, f->name, &st, AT_SYMLINK_NOFOLLOW) != 0 || st.st_ino != f->mine.st_ino ||
		    st.st_dev != f->mine.st_dev) {
			snprintf(err, errlen, "was replaced by another file as it was written");
			rc = -1;
		} else {
			file_id_of(&st, id);
		}
	}
	free(f->name);
	memset(f, 0, sizeof *f);
	f->fd = f->slot = -1;
	return rc;
}

int
atomic_close(atomic_file *f, bool commit, dpa_file_id *id, char *err, size_t errlen)
{
	if (!commit) {
		close(f->fd);
		f->fd = -1;
		return atomic_publish(f, false, NULL, err, errlen);
	}
	if (atomic_finish(f, err, errlen) == 0)
		return atomic_publish(f, true, id, err, errlen);
	char ignored[8];
	atomic_publish(f, false, NULL, ignored, sizeof ignored);
	return -1;
}

int
write_atomic_at(int dirfd, const char *name, const void *data, size_t len, dpa_file_id *id,
    char *err, size_t errlen)
{
	atomic_file f;
	if (atomic_open(&f, dirfd, name, err, errlen) != 0)
		return -1;
	atomic_write(&f, data, len);
	return atomic_close(&f, true, id, err, errlen);
}

bool
file_is(int dirfd, const char *name, const dpa_file_id *id)
{
	struct stat st;
	dpa_file_id now;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
		return false;
	file_id_of(&st, &now);
	return now.dev == id->dev && now.ino == id->ino && now.size == id->size &&
	    now.ctime_s == id->ctime_s && now.ctime_ns == id->ctime_ns && now.mode == id->mode;
}

/* A FIFO or character device (/dev/null, a pipe) is written in place:
 * renaming over it would replace it with a file.  Opening a FIFO for
 * writing waits for a reader: it is opened O_NONBLOCK, which fails at once
 * without one, and tried again for up to FIFO_WAIT_MS. */
enum { FIFO_WAIT_MS = 3000 };

static int
write_in_place(const char *path, mode_t mode, const void *data, size_t len, char *err, size_t errlen)
{
	if (!S_ISFIFO(mode) && !S_ISCHR(mode)) {
		snprintf(err, errlen, "is %s; -o takes a file, a FIFO or a character device",
		    file_kind(mode));
		return -1;
	}
	int fd = -1;
	for (int ms = 0; fd < 0; ms += 10) {
		fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (fd >= 0 || errno != ENXIO || ms >= FIFO_WAIT_MS)
			break;
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	struct stat st;
	int fl;
	if (fd < 0 && errno == ENXIO) {
		snprintf(err, errlen, "no process opened the FIFO for reading within %d s", FIFO_WAIT_MS / 1000);
		return -1;
	}
	if (fd >= 0 && (fstat(fd, &st) != 0 || (!S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode)))) {
		snprintf(err, errlen, "was replaced as it was opened");
		close(fd);
		return -1;
	}
	if (fd < 0 || (fl = fcntl(fd, F_GETFL)) == -1 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1 ||
	    write_all(fd, data, len) != 0) {
		snprintf(err, errlen, "cannot write: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (close(fd) != 0) {
		snprintf(err, errlen, "cannot write: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* The file a symbolic link names (even one that does not exist yet), or
 * NULL when path is no link. */
static char *
link_target(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
		return NULL;
	char *real = realpath(path, NULL);
	if (real)
		return real;
	char target[4096];
	ssize_t k = readlink(path, target, sizeof target - 1);
	if (k <= 0)
		return NULL;
	target[k] = '\0';
	arena a = {0};
	const char *dir = path_dir(&a, path);
	real = xmalloc(strlen(dir) + (size_t)k + 2);
	sprintf(real, "%s/%s", target[0] == '/' ? "" : dir, target);
	arena_free(&a);
	return real;
}

int
write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
	if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0) {
		if (write_all(STDOUT_FILENO, data, len) == 0)
			return 0;
		snprintf(err, errlen, "cannot write: %s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (!S_ISDIR(st.st_mode))
			return write_in_place(path, st.st_mode, data, len, err, errlen);
		snprintf(err, errlen, "cannot write: %s", strerror(EISDIR));
		return -1;
	}
	/* Through a symbolic link the user named, the file it points to is
	 * replaced, not the link. */
	char *real = link_target(path);
	const char *target = real ? real : path, *slash = strrchr(target, '/');
	arena a = {0};
	int rc = -1, dirfd = open(path_dir(&a, target), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0 && (errno == ENOENT || errno == ENOTDIR)) {
		/* The folder is the problem, not the file: say which. */
		snprintf(err, errlen, "the folder %s %s", path_dir(&a, target),
		    errno == ENOENT ? "does not exist" : "is not a folder");
	} else if (dirfd < 0) {
		snprintf(err, errlen, "cannot create a file beside it: %s", strerror(errno));
	} else {
		rc = write_atomic_at(dirfd, slash ? slash + 1 : target, data, len, NULL, err, errlen);
		close(dirfd);
	}
	arena_free(&a);
	free(real);
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

int
make_dirs(const char *path)
{
	struct stat st;
	if (!*path) {
		errno = ENOENT;
		return -1;
	}
	if (stat(path, &st) == 0) {
		errno = S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
		return S_ISDIR(st.st_mode) ? 0 : -1;
	}
	char *p = xstrdup(path);
	int rc = 0;
	/* Each parent in turn, from the top; one that exists is fine. */
	for (char *s = p + 1; rc == 0 && (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0777) != 0 && errno != EEXIST)
		rc = -1;
	if (rc == 0 && (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))) {
		errno = ENOTDIR;
		rc = -1;
	}
	free(p);
	return rc;
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
