// The POSIX functions picolibc and standard C programs need, over xv32's system calls
// (syscalls.S): POSIX types and flags in, xv32's out, and errno set when a call fails. xv32's
// calls say only "failed" (-1), so errno is the likeliest reason for each call.
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* kernel/stat.h's struct stat, under another name: POSIX's struct stat is a different one. */
struct xv32_stat { int dev; unsigned int ino; short type; short nlink; unsigned long long size; };
#define T_DIR 1
#define T_DEVICE 3

/* xv32's open() flags (kernel/fcntl.h), which differ from picolibc's above O_RDWR. */
#define XV32_O_CREATE 0x200
#define XV32_O_TRUNC 0x400
#define XV32_O_APPEND 0x800
/* The kernel's clock ticks every 10 ms. */
#define TICKS_PER_SECOND 100

int __xv32_fork(void), __xv32_vfork(void), __xv32_exit(int) __attribute__((noreturn));
int __xv32_wait(int *), __xv32_waitpid(int, int *, int), __xv32_pipe(int *);
int __xv32_read(int, void *, int), __xv32_write(int, const void *, int), __xv32_close(int);
int __xv32_kill(int), __xv32_exec(const char *, char *const *), __xv32_open(const char *, int);
int __xv32_unlink(const char *), __xv32_fstat(int, struct xv32_stat *), __xv32_link(const char *, const char *);
int __xv32_mkdir(const char *), __xv32_chdir(const char *), __xv32_dup(int), __xv32_dup2(int, int);
int __xv32_lseek(int, int, int), __xv32_getpid(void), __xv32_sleep(int), __xv32_uptime(void);
int __xv32_ttymode(int, int);
char *__xv32_sbrk(int);

/* Returns r, setting errno to e when r is -1. */
static int check(int r, int e) {
  if (r < 0) errno = e;
  return r;
}

ssize_t read(int fd, void *buf, size_t n) { return check(__xv32_read(fd, buf, (int)n), EBADF); }
ssize_t write(int fd, const void *buf, size_t n) { return check(__xv32_write(fd, buf, (int)n), EBADF); }
int close(int fd) { return check(__xv32_close(fd), EBADF); }
int dup(int fd) { return check(__xv32_dup(fd), EBADF); }
int dup2(int fd, int fd2) { return check(__xv32_dup2(fd, fd2), EBADF); }
int pipe(int fds[2]) { return check(__xv32_pipe(fds), EMFILE); }
pid_t getpid(void) { return __xv32_getpid(); }
int unlink(const char *path) { return check(__xv32_unlink(path), ENOENT); }
int link(const char *old, const char *new) { return check(__xv32_link(old, new), ENOENT); }
int mkdir(const char *path, mode_t mode) { (void)mode; return check(__xv32_mkdir(path), EEXIST); }
int chdir(const char *path) { return check(__xv32_chdir(path), ENOENT); }
int rmdir(const char *path) { return check(__xv32_unlink(path), ENOTEMPTY); }
int isatty(int fd) { return __xv32_ttymode(fd, -1) >= 0 ? 1 : (errno = ENOTTY, 0); }

int open(const char *path, int flags, ...) {
  int x = flags & O_ACCMODE;
  if (flags & O_CREAT) x |= XV32_O_CREATE;
  if (flags & O_TRUNC) x |= XV32_O_TRUNC;
  if (flags & O_APPEND) x |= XV32_O_APPEND;
  if ((flags & O_CREAT) && (flags & O_EXCL)) {
    int fd = __xv32_open(path, O_RDONLY);
    if (fd >= 0) { __xv32_close(fd); errno = EEXIST; return -1; }
  }
  return check(__xv32_open(path, x), (flags & O_CREAT) ? EACCES : ENOENT);
}

off_t lseek(int fd, off_t off, int whence) { return check(__xv32_lseek(fd, (int)off, whence), EINVAL); }

/* pread/pwrite: read or write at an offset, the file's own offset left as it was (one thread:
 * nothing can move it in between). */
static ssize_t at(int fd, off_t off, int write, void *buf, size_t n) {
  int was = __xv32_lseek(fd, 0, SEEK_CUR);
  if (was < 0 || __xv32_lseek(fd, (int)off, SEEK_SET) < 0) { errno = was < 0 ? ESPIPE : EINVAL; return -1; }
  int r = write ? __xv32_write(fd, buf, (int)n) : __xv32_read(fd, buf, (int)n);
  __xv32_lseek(fd, was, SEEK_SET);
  return check(r, EBADF);
}
ssize_t pread(int fd, void *buf, size_t n, off_t off) { return at(fd, off, 0, buf, n); }
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) { return at(fd, off, 1, (void *)buf, n); }

int __xv32_mmap(void *, size_t, int, int, int, int), __xv32_munmap(void *, size_t);
int __xv32_mprotect(void *, size_t, int), __xv32_msync(void *, size_t, int);
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  int r = __xv32_mmap(addr, len, prot, flags, fd, (int)off);
  if (r == -1) {
    /* The kernel says only no; the likeliest reason by POSIX's list. */
    int file = !(flags & MAP_ANONYMOUS);
    errno = len == 0 || (off % 4096) || (flags & MAP_FIXED) ? EINVAL : file && fd < 0 ? EBADF : file ? EACCES : ENOMEM;
    return MAP_FAILED;
  }
  return (void *)(uintptr_t)(unsigned)r;
}
int munmap(void *addr, size_t len) { return check(__xv32_munmap(addr, len), EINVAL); }
int mprotect(void *addr, size_t len, int prot) { return check(__xv32_mprotect(addr, len, prot), ENOMEM); }
int msync(void *addr, size_t len, int flags) { (void)flags; return check(__xv32_msync(addr, len, flags), ENOMEM); }
int __xv32_ftruncate(int, int);
int __xv32_sync(void), __xv32_fsync(int);
void sync(void) { __xv32_sync(); }
int fsync(int fd) { return check(__xv32_fsync(fd), EBADF); }
int ftruncate(int fd, off_t len) { return check(__xv32_ftruncate(fd, (int)len), len < 0 ? EINVAL : EBADF); }

/* xv32's struct stat (type, nlink, size) as POSIX's. */
static void tostat(const struct xv32_stat *x, struct stat *st) {
  memset(st, 0, sizeof *st);
  st->st_dev = x->dev;
  st->st_ino = x->ino;
  st->st_nlink = x->nlink;
  st->st_size = (off_t)x->size;
  st->st_mode = x->type == T_DIR ? S_IFDIR | 0755 : x->type == T_DEVICE ? S_IFCHR | 0666 : S_IFREG | 0755;
  st->st_blksize = 1024;
  st->st_blocks = (st->st_size + 511) / 512;
}

int fstat(int fd, struct stat *st) {
  struct xv32_stat x;
  if (__xv32_fstat(fd, &x) < 0) { errno = EBADF; return -1; }
  tostat(&x, st);
  return 0;
}

int stat(const char *path, struct stat *st) {
  int fd = __xv32_open(path, O_RDONLY);
  if (fd < 0) { errno = ENOENT; return -1; }
  int r = fstat(fd, st);
  __xv32_close(fd);
  return r;
}

/* malloc's heap. */
void *sbrk(ptrdiff_t n) {
  char *p = __xv32_sbrk((int)n);
  if (p == (char *)-1) errno = ENOMEM;
  return p;
}

void _exit(int status) { __xv32_exit(status); }

pid_t fork(void) { return check(__xv32_fork(), EAGAIN); }
pid_t vfork(void) { return check(__xv32_vfork(), EAGAIN); }

/* An exit status as POSIX's wait() encodes it: the code in bits 8-15 (WEXITSTATUS). */
static pid_t encode(pid_t pid, int code, int *status) {
  if (pid > 0 && status) *status = (code & 0xff) << 8;
  return pid;
}

pid_t wait(int *status) {
  int code = 0;
  return encode(check(__xv32_wait(&code), ECHILD), code, status);
}

pid_t waitpid(pid_t pid, int *status, int options) {
  int code = 0;
  return encode(check(__xv32_waitpid(pid, &code, options & WNOHANG), ECHILD), code, status);
}

int kill(pid_t pid, int sig) { (void)sig; return check(__xv32_kill(pid), ESRCH); }

/* xv32 has no environment in exec: programs see `environ` as it was set here. */
int execve(const char *path, char *const argv[], char *const envp[]) {
  (void)envp;
  return check(__xv32_exec(path, argv), ENOENT);
}

int execv(const char *path, char *const argv[]) { return execve(path, argv, 0); }

/* A name without a slash is looked for as given (xv6's rule), then in /, where programs live. */
int execvp(const char *file, char *const argv[]) {
  __xv32_exec(file, argv);
  if (!strchr(file, '/') && strlen(file) < 127) {
    char path[128] = "/";
    strcpy(path + 1, file);
    __xv32_exec(path, argv);
  }
  errno = ENOENT;
  return -1;
}

unsigned sleep(unsigned seconds) {
  return __xv32_sleep((int)(seconds * TICKS_PER_SECOND)) < 0 ? seconds : 0;
}

int usleep(useconds_t us) {
  return check(__xv32_sleep((int)((us + 9999) / 10000)), EINTR);
}

/* Time since boot: xv32 has no calendar clock. */
int gettimeofday(struct timeval *tv, void *tz) {
  (void)tz;
  int t = __xv32_uptime();
  tv->tv_sec = t / TICKS_PER_SECOND;
  tv->tv_usec = (t % TICKS_PER_SECOND) * (1000000 / TICKS_PER_SECOND);
  return 0;
}

clock_t times(struct tms *t) {
  clock_t now = (clock_t)((long long)__xv32_uptime() * CLOCKS_PER_SEC / TICKS_PER_SECOND);
  if (t) { t->tms_utime = now; t->tms_stime = 0; t->tms_cutime = 0; t->tms_cstime = 0; }
  return now;
}
