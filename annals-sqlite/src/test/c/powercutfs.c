/*
 * powercutfs: a FUSE file system that keeps every write in memory until the file is fsynced, as a
 * disk's volatile cache does, so that killing this process is a power cut: whatever was not fsynced
 * is lost, whatever was fsynced is on the backing directory.
 *
 * Usage: powercutfs BACKING_DIR MOUNTPOINT [FUSE options, e.g. -f]
 * With POWERCUTFS_IGNORE_FSYNC=1 in the environment, fsync succeeds and writes nothing: a disk that
 * lies about fsync, on which no commit ever waits for the disk (what SQLite's synchronous=OFF does).
 * With POWERCUTFS_MAX_BYTES=N, the files together may not grow past N bytes: a write or truncate that
 * would fails with ENOSPC (a full disk). A file without its owner's write bit cannot be opened for
 * writing, even by root (a read-only file).
 *
 * The model (like LazyFS): the backing directory is the disk. A file's data and size change in
 * memory on write and truncate; fsync and fdatasync write the file's pending pages and size to the
 * backing file and fsync it. Reads see the pending state. Creating, removing and renaming a file take
 * effect at once (their durability is not what this file system tests). A power cut is SIGKILL of
 * this process: its memory, and with it every write not yet fsynced, is gone; an fsync cut in the
 * middle leaves some of its pages on the backing file, as a real power cut may.
 *
 * One lock serializes every operation: simple, and fast enough for tests.
 */
#define FUSE_USE_VERSION 31

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define PAGE 4096

/* The pending (not yet fsynced) state of one file, kept until the file is removed. */
struct pending {
    char *path;             /* path inside the mount */
    int fd;                 /* the backing file, read-write */
    off_t size;             /* the size the file has for its readers */
    off_t low;              /* the smallest size since the last fsync: backing bytes at or past it are gone */
    unsigned char **pages;  /* pages written since the last fsync, by page number; NULL when clean */
    size_t capacity;        /* length of pages */
    struct pending *next;
};

static const char *backing;
static int ignore_fsync;
static off_t max_bytes;
static struct pending *files;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void real_path(char *out, const char *path) {
    snprintf(out, PATH_MAX, "%s%s", backing, path);
}

static struct pending *find(const char *path) {
    for (struct pending *p = files; p != NULL; p = p->next) {
        if (strcmp(p->path, path) == 0) {
            return p;
        }
    }
    return NULL;
}

/* The bytes the files of the backing directory take, with their pending sizes (files at the top level only). */
static off_t used_bytes(void) {
    off_t used = 0;
    DIR *dir = opendir(backing);
    if (dir == NULL) {
        return 0;
    }
    for (struct dirent *entry; (entry = readdir(dir)) != NULL;) {
        char path[PATH_MAX];
        snprintf(path, PATH_MAX, "/%s", entry->d_name);
        struct pending *p = find(path);
        struct stat st;
        char real[PATH_MAX];
        real_path(real, path);
        if (p != NULL) {
            used += p->size;
        } else if (lstat(real, &st) == 0 && S_ISREG(st.st_mode)) {
            used += st.st_size;
        }
    }
    closedir(dir);
    return used;
}

/* 0 when p may grow to size, -ENOSPC when the disk is full. */
static int room_for(struct pending *p, off_t size) {
    if (max_bytes <= 0 || size <= p->size) {
        return 0;
    }
    return used_bytes() + (size - p->size) > max_bytes ? -ENOSPC : 0;
}

/* The pending state of path, created from the backing file when there is none. NULL with errno set. */
static struct pending *load(const char *path) {
    struct pending *p = find(path);
    if (p != NULL) {
        return p;
    }
    char real[PATH_MAX];
    real_path(real, path);
    int fd = open(real, O_RDWR);
    if (fd < 0) {
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) < 0) {
        close(fd);
        return NULL;
    }
    p = calloc(1, sizeof(*p));
    p->path = strdup(path);
    p->fd = fd;
    p->size = st.st_size;
    p->low = st.st_size;
    p->next = files;
    files = p;
    return p;
}

static void forget(const char *path) {
    for (struct pending **link = &files; *link != NULL; link = &(*link)->next) {
        struct pending *p = *link;
        if (strcmp(p->path, path) == 0) {
            *link = p->next;
            for (size_t i = 0; i < p->capacity; i++) {
                free(p->pages[i]);
            }
            free(p->pages);
            close(p->fd);
            free(p->path);
            free(p);
            return;
        }
    }
}

/* Reads page n as the backing file holds it, with what was truncated away since the last fsync as zeros. */
static int read_backing_page(struct pending *p, size_t n, unsigned char *out) {
    memset(out, 0, PAGE);
    off_t start = (off_t) n * PAGE;
    if (start >= p->low) {
        return 0;
    }
    size_t want = (size_t) (p->low - start < PAGE ? p->low - start : PAGE);
    ssize_t got = pread(p->fd, out, want, start);
    return got < 0 ? -errno : 0;
}

static unsigned char *dirty_page(struct pending *p, size_t n, int *error) {
    if (n >= p->capacity) {
        size_t capacity = p->capacity == 0 ? 64 : p->capacity;
        while (capacity <= n) {
            capacity *= 2;
        }
        p->pages = realloc(p->pages, capacity * sizeof(*p->pages));
        memset(p->pages + p->capacity, 0, (capacity - p->capacity) * sizeof(*p->pages));
        p->capacity = capacity;
    }
    if (p->pages[n] == NULL) {
        unsigned char *page = malloc(PAGE);
        int rc = read_backing_page(p, n, page);
        if (rc < 0) {
            free(page);
            *error = rc;
            return NULL;
        }
        p->pages[n] = page;
    }
    return p->pages[n];
}

static void set_size(struct pending *p, off_t size) {
    if (size < p->size) {
        for (size_t n = (size_t) ((size + PAGE - 1) / PAGE); n < p->capacity; n++) {
            free(p->pages[n]);
            p->pages[n] = NULL;
        }
        size_t last = (size_t) (size / PAGE);
        if (size % PAGE != 0 && last < p->capacity && p->pages[last] != NULL) {
            memset(p->pages[last] + size % PAGE, 0, PAGE - size % PAGE);
        }
        if (size < p->low) {
            p->low = size;
        }
    }
    p->size = size;
}

/* fsync: the pending size and pages go to the backing file, which is then fsynced. */
static int sync_file(struct pending *p) {
    if (ftruncate(p->fd, p->low) < 0 || ftruncate(p->fd, p->size) < 0) {
        return -errno;
    }
    for (size_t n = 0; n < p->capacity; n++) {
        if (p->pages[n] == NULL) {
            continue;
        }
        off_t start = (off_t) n * PAGE;
        if (start < p->size) {
            size_t len = (size_t) (p->size - start < PAGE ? p->size - start : PAGE);
            if (pwrite(p->fd, p->pages[n], len, start) != (ssize_t) len) {
                return -EIO;
            }
        }
        free(p->pages[n]);
        p->pages[n] = NULL;
    }
    p->low = p->size;
    return fsync(p->fd) < 0 ? -errno : 0;
}

static void *fs_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
    (void) conn;
    cfg->attr_timeout = 0;
    cfg->entry_timeout = 0;
    cfg->negative_timeout = 0;
    return NULL;
}

static int fs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
    (void) fi;
    char real[PATH_MAX];
    real_path(real, path);
    pthread_mutex_lock(&lock);
    int rc = lstat(real, st) < 0 ? -errno : 0;
    struct pending *p = find(path);
    if (rc == 0 && p != NULL) {
        st->st_size = p->size;
        st->st_blocks = (p->size + 511) / 512;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

static int fs_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t offset, struct fuse_file_info *fi,
        enum fuse_readdir_flags flags) {
    (void) offset;
    (void) fi;
    (void) flags;
    char real[PATH_MAX];
    real_path(real, path);
    DIR *dir = opendir(real);
    if (dir == NULL) {
        return -errno;
    }
    for (struct dirent *entry; (entry = readdir(dir)) != NULL;) {
        fill(buf, entry->d_name, NULL, 0, 0);
    }
    closedir(dir);
    return 0;
}

static int fs_open(const char *path, struct fuse_file_info *fi) {
    if ((fi->flags & O_ACCMODE) != O_RDONLY) {
        char real[PATH_MAX];
        real_path(real, path);
        struct stat st;
        if (lstat(real, &st) == 0 && (st.st_mode & S_IWUSR) == 0) {
            return -EACCES;
        }
    }
    pthread_mutex_lock(&lock);
    struct pending *p = load(path);
    int rc = p == NULL ? -errno : 0;
    if (p != NULL && (fi->flags & O_TRUNC)) {
        set_size(p, 0);
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

static int fs_create(const char *path, mode_t mode, struct fuse_file_info *fi) {
    (void) fi;
    char real[PATH_MAX];
    real_path(real, path);
    pthread_mutex_lock(&lock);
    int fd = open(real, O_CREAT | O_RDWR, mode);
    int rc = fd < 0 ? -errno : 0;
    if (fd >= 0) {
        close(fd);
        struct pending *p = load(path);
        if (p == NULL) {
            rc = -errno;
        } else if (fi->flags & O_TRUNC) {
            set_size(p, 0);
        }
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

static int fs_read(const char *path, char *buf, size_t size, off_t offset, struct fuse_file_info *fi) {
    (void) fi;
    pthread_mutex_lock(&lock);
    struct pending *p = load(path);
    int rc;
    if (p == NULL) {
        rc = -errno;
    } else {
        if (offset >= p->size) {
            size = 0;
        } else if ((off_t) size > p->size - offset) {
            size = (size_t) (p->size - offset);
        }
        size_t done = 0;
        unsigned char page[PAGE];
        rc = 0;
        while (done < size && rc == 0) {
            off_t at = offset + (off_t) done;
            size_t n = (size_t) (at / PAGE);
            size_t in = (size_t) (at % PAGE);
            size_t len = PAGE - in < size - done ? PAGE - in : size - done;
            if (n < p->capacity && p->pages[n] != NULL) {
                memcpy(buf + done, p->pages[n] + in, len);
            } else {
                rc = read_backing_page(p, n, page);
                memcpy(buf + done, page + in, len);
            }
            done += len;
        }
        if (rc == 0) {
            rc = (int) size;
        }
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

static int fs_write(const char *path, const char *buf, size_t size, off_t offset, struct fuse_file_info *fi) {
    (void) fi;
    pthread_mutex_lock(&lock);
    struct pending *p = load(path);
    int rc = 0;
    if (p == NULL) {
        rc = -errno;
    } else if ((rc = room_for(p, offset + (off_t) size)) == 0) {
        size_t done = 0;
        while (done < size && rc == 0) {
            off_t at = offset + (off_t) done;
            size_t n = (size_t) (at / PAGE);
            size_t in = (size_t) (at % PAGE);
            size_t len = PAGE - in < size - done ? PAGE - in : size - done;
            unsigned char *page = dirty_page(p, n, &rc);
            if (page != NULL) {
                memcpy(page + in, buf + done, len);
                done += len;
            }
        }
        if (rc == 0) {
            if (offset + (off_t) size > p->size) {
                p->size = offset + (off_t) size;
            }
            rc = (int) size;
        }
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

static int fs_truncate(const char *path, off_t size, struct fuse_file_info *fi) {
    (void) fi;
    pthread_mutex_lock(&lock);
    struct pending *p = load(path);
    int rc = p == NULL ? -errno : room_for(p, size);
    if (rc == 0) {
        set_size(p, size);
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

static int fs_fsync(const char *path, int datasync, struct fuse_file_info *fi) {
    (void) datasync;
    (void) fi;
    pthread_mutex_lock(&lock);
    struct pending *p = find(path);
    int rc = p == NULL || ignore_fsync ? 0 : sync_file(p);
    pthread_mutex_unlock(&lock);
    return rc;
}

static int fs_fsyncdir(const char *path, int datasync, struct fuse_file_info *fi) {
    (void) path;
    (void) datasync;
    (void) fi;
    return 0; /* creating and removing files take effect at once */
}

static int fs_unlink(const char *path) {
    char real[PATH_MAX];
    real_path(real, path);
    pthread_mutex_lock(&lock);
    int rc = unlink(real) < 0 ? -errno : 0;
    if (rc == 0) {
        forget(path);
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

static int fs_rename(const char *from, const char *to, unsigned int flags) {
    if (flags != 0) {
        return -EINVAL;
    }
    char real_from[PATH_MAX];
    char real_to[PATH_MAX];
    real_path(real_from, from);
    real_path(real_to, to);
    pthread_mutex_lock(&lock);
    /* The pending state moves with the file: write it out first, then rename. */
    struct pending *p = find(from);
    int rc = p == NULL ? 0 : sync_file(p);
    if (rc == 0) {
        forget(from);
        forget(to);
        rc = rename(real_from, real_to) < 0 ? -errno : 0;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

static int fs_mkdir(const char *path, mode_t mode) {
    char real[PATH_MAX];
    real_path(real, path);
    return mkdir(real, mode) < 0 ? -errno : 0;
}

static int fs_rmdir(const char *path) {
    char real[PATH_MAX];
    real_path(real, path);
    return rmdir(real) < 0 ? -errno : 0;
}

static int fs_chmod(const char *path, mode_t mode, struct fuse_file_info *fi) {
    (void) fi;
    char real[PATH_MAX];
    real_path(real, path);
    return chmod(real, mode) < 0 ? -errno : 0;
}

static int fs_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi) {
    (void) path;
    (void) tv;
    (void) fi;
    return 0;
}

static int fs_statfs(const char *path, struct statvfs *st) {
    (void) path;
    return statvfs(backing, st) < 0 ? -errno : 0;
}

static const struct fuse_operations operations = {
    .init = fs_init,
    .getattr = fs_getattr,
    .readdir = fs_readdir,
    .open = fs_open,
    .create = fs_create,
    .read = fs_read,
    .write = fs_write,
    .truncate = fs_truncate,
    .fsync = fs_fsync,
    .fsyncdir = fs_fsyncdir,
    .unlink = fs_unlink,
    .rename = fs_rename,
    .mkdir = fs_mkdir,
    .rmdir = fs_rmdir,
    .chmod = fs_chmod,
    .utimens = fs_utimens,
    .statfs = fs_statfs,
};

int main(int argc, char *argv[]) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s BACKING_DIR MOUNTPOINT [FUSE options]\n", argv[0]);
        return 2;
    }
    static char resolved[PATH_MAX];
    if (realpath(argv[1], resolved) == NULL) {
        perror(argv[1]);
        return 2;
    }
    backing = resolved;
    const char *ignore = getenv("POWERCUTFS_IGNORE_FSYNC");
    ignore_fsync = ignore != NULL && strcmp(ignore, "1") == 0;
    const char *max = getenv("POWERCUTFS_MAX_BYTES");
    max_bytes = max == NULL ? 0 : (off_t) strtoll(max, NULL, 10);
    /* FUSE sees the arguments without the backing directory. */
    argv[1] = argv[0];
    return fuse_main(argc - 1, argv + 1, &operations, NULL);
}
