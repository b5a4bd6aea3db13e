/* util.h - arena, growable buffer, file I/O and atomic output.
 *
 * Memory policy: allocation failure is fatal (message, exit 2, temporary
 * output removed), so callers never check the result of x*alloc or the
 * arena.  Everything a document needs lives in one arena freed at once.
 */
#ifndef DPAGEN_UTIL_H
#define DPAGEN_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#define DPA_PRINTF(a, b) __attribute__((format(printf, a, b)))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
_Noreturn void dpa_oom(void);

/* Arena: bump allocator over a chain of blocks.  Pointers stay valid until
 * arena_free().  arena_free() on a zeroed arena is a no-op. */
typedef struct arena_block arena_block;
typedef struct arena {
	arena_block *head;
	size_t used_total;
} arena;

void *arena_alloc(arena *a, size_t n);           /* zeroed, 16-aligned */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
char *arena_printf(arena *a, const char *fmt, ...) DPA_PRINTF(2, 3);
void arena_free(arena *a);

/* Pool: malloc, realloc and free over an arena, for a library that frees
 * block by block (cmark-gfm).  Freed blocks go on a list per size class
 * and are reused, so the pool touches about the memory malloc would;
 * pool_release() drops everything at once.  Blocks are zeroed, 16-aligned. */
enum { POOL_SMALL = 64, POOL_CLASSES = POOL_SMALL + 48 };   /* 16-byte steps to 1 KiB, then powers of 2 */
typedef struct pool {
	arena mem;
	void *free[POOL_CLASSES];
} pool;

void *pool_alloc(pool *p, size_t n);
void *pool_realloc(pool *p, void *old, size_t n);
void pool_free(pool *p, void *block);
void pool_release(pool *p);

/* Growable byte buffer, always NUL-terminated once anything was added.
 * buf_detach() hands the bytes to the caller (free()) and resets the buffer. */
typedef struct buf {
	char *data;
	size_t len, cap;
} buf;

void buf_grow(buf *b, size_t extra);
void buf_put(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);

/* Inline: the engine and the back-ends append a character at a time. */
static inline void
buf_putc(buf *b, char c)
{
	if (b->len + 2 > b->cap)
		buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}
void buf_printf(buf *b, const char *fmt, ...) DPA_PRINTF(2, 3);
void buf_vprintf(buf *b, const char *fmt, va_list ap);
char *buf_detach(buf *b);
void buf_reset(buf *b);                          /* keep capacity, len = 0 */
void buf_free(buf *b);

/* Read a whole file (or "-" for stdin) into *out (caller frees out->data).
 * Opening never waits: a FIFO without a writer reads as empty, a pipe with
 * one (`<(cmd)`) to its end.  Returns 0, or an errno-like code with a
 * message in err. */
int read_file(const char *path, size_t limit, buf *out, char *err, size_t errlen);

/* The same for path relative to the folder dirfd (or AT_FDCWD), for files
 * that input names (extends, templates): */
enum {
	RF_REGULAR = 1,    /* refuse anything but a regular file (a FIFO, a device) */
	RF_NOFOLLOW = 2,   /* refuse a symbolic link as path's last part */
};
int read_file_at(int dirfd, const char *path, unsigned flags, size_t limit, buf *out,
    char *err, size_t errlen);

/* Write bytes to path atomically: a temporary file in the same folder,
 * renamed over path.  "-" and "/dev/stdout" write to stdout; a FIFO or a
 * character device is written in place (a FIFO only once a reader has
 * opened it, waiting at most 3 s); other devices are refused.  A symbolic
 * link is followed: the file it names is replaced.  On failure nothing is
 * left behind; returns 0 or -1 with a message in err. */
int write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen);

/* What identifies a file written: while these stay the same it was not
 * replaced, chmod-ed or (as far as the change time's resolution tells)
 * written since. */
typedef struct dpa_file_id {
	uint64_t dev, ino, size;
	int64_t ctime_s;
	long ctime_ns;
	unsigned mode;
} dpa_file_id;

/* Write name in the folder dirfd, never through what is there: an entry
 * that is not a regular file (a symbolic link, a FIFO, a device, a folder)
 * is an error; a temporary file is created beside it with
 * O_CREAT|O_EXCL|O_NOFOLLOW and renamed over it with renameat(); a
 * replaced file's permission bits are kept.  id (or NULL) gets the file's
 * identity once in place.  Returns 0 or -1 with a message in err.
 *
 * Temporary files being written are in a fixed table: SIGINT, SIGTERM and
 * SIGHUP (unless ignored) remove them before the process dies of the
 * signal, and so does running out of memory. */
int write_atomic_at(int dirfd, const char *name, const void *data, size_t len, dpa_file_id *id,
    char *err, size_t errlen);

/* Whether name in dirfd is still the regular file with that identity. */
bool file_is(int dirfd, const char *name, const dpa_file_id *id);

/* The same, written piece by piece (a large manifest): atomic_open()
 * creates the temporary file, atomic_close() renames it over name when
 * commit is true and every write succeeded, else removes it.  Both return
 * 0 or -1 with a message in err. */
typedef struct atomic_file {
	int fd, dirfd, slot;
	struct stat mine;            /* the temporary file, once finished */
	char *name;
	int keep_mode;               /* a replaced file's permissions, or -1 */
	int failed;                  /* errno of the first failed write */
} atomic_file;

/* Durable outputs (--fsync, DPAGEN_FSYNC): each file is flushed to the
 * disk before its rename, and its folder after, so that it survives a
 * power loss.  Off by default: the rename alone keeps outputs whole. */
void atomic_set_durable(bool on);

int atomic_open(atomic_file *f, int dirfd, const char *name, char *err, size_t errlen);
void atomic_write(atomic_file *f, const void *data, size_t len);
int atomic_close(atomic_file *f, bool commit, dpa_file_id *id, char *err, size_t errlen);

/* atomic_close() in two steps, for a batch that writes in parallel and
 * renames in customer order: atomic_finish() sets the permissions, flushes
 * when durable and closes the descriptor, leaving the temporary file in
 * place (0, or -1 with a message: then publish only removes it);
 * atomic_publish() renames it over name (commit) or removes it.  At most
 * DPA_MAX_PENDING * 4 files may wait between the two. */
enum { DPA_MAX_PENDING = 136 };
int atomic_finish(atomic_file *f, char *err, size_t errlen);
int atomic_publish(atomic_file *f, bool commit, dpa_file_id *id, char *err, size_t errlen);

/* mkdir -p: create the folder path and any missing parents (0777 less
 * the umask).  0, or -1 with errno (ENOTDIR: a part is not a folder). */
int make_dirs(const char *path);

/* Directory part of path ("." when none), into an arena. */
char *path_dir(arena *a, const char *path);

/* Edit distance for "did you mean" hints (bounded, ASCII-case-insensitive). */
int edit_distance(const char *a, const char *b);

/* Best candidate within a sensible distance of word, or NULL. */
const char *closest_word(const char *word, const char *const *cands, size_t n);

#endif /* !DPAGEN_UTIL_H */
