// usertests: the kernel's own test suite, run inside the guest. Each test runs in a child
// process, so a crash fails that test only; the suite ends with "ALL TESTS PASSED".
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "user/user.h"
#include "user/xv32.h"

#define KERNEL_ADDRESS 0x80200000u   /* the kernel's text: never readable from user mode */
#define BUFSZ 4096
static char buf[BUFSZ];

#define CHECK(cond, msg) do { if (!(cond)) { printf("    %s: %s\n", __func__, msg); exit(1); } } while (0)

/* Pages free or held only by the page cache (which gives them back when memory runs short). */
static uint available(struct memstat *m) { return m->free_pages + m->pcache_pages; }

/* fork returns to both; exit's status reaches wait; a second wait finds no children. */
static void exitwait(void) {
  for (int i = 0; i < 20; i++) {
    int pid = fork();
    CHECK(pid >= 0, "fork failed");
    if (pid == 0) exit(i);
    int status;
    CHECK(wait(&status) == pid, "wait returned the wrong pid");
    CHECK(status == i, "wrong exit status");
  }
  CHECK(wait(0) == -1, "wait with no children did not fail");
}

/* Fork until the process table is full: fork must fail cleanly, then all children are reaped. */
static void forkfull(void) {
  int n;
  for (n = 0; n < 1000; n++) {
    int pid = fork();
    if (pid < 0) break;
    if (pid == 0) { sleep(5); exit(0); }
  }
  CHECK(n > 5 && n < 1000, "fork never failed, or failed too early");
  for (; n > 0; n--) CHECK(wait(0) >= 0, "wait stopped early");
  CHECK(wait(0) == -1, "an extra child");
  int pid = fork(); /* and fork works again */
  CHECK(pid >= 0, "fork after a full table failed");
  if (pid == 0) exit(0);
  wait(0);
}

/* A killed child's wait status is -1; killing a missing pid fails. */
static void killstatus(void) {
  int pid = fork();
  CHECK(pid >= 0, "fork failed");
  if (pid == 0) { for (;;) getpid(); }
  sleep(2);
  CHECK(kill(pid) == 0, "kill failed");
  int status;
  CHECK(wait(&status) == pid && status == -1, "killed child's status is not -1");
  CHECK(kill(pid) == -1, "kill of a reaped pid succeeded");
  CHECK(kill(1) == -1, "init can be killed"); /* it would take the kernel down with it */
}

/* Data goes through a pipe in order; the reader sees end of file when writers close. */
static void pipedata(void) {
  int fds[2];
  CHECK(pipe(fds) == 0, "pipe failed");
  int pid = fork();
  if (pid == 0) {
    close(fds[0]);
    int seq = 0;
    for (int n = 0; n < 5; n++) {
      for (int i = 0; i < 1033; i++) buf[i] = (char)seq++;
      if (write(fds[1], buf, 1033) != 1033) exit(1);
    }
    exit(0);
  }
  close(fds[1]);
  int total = 0, seq = 0, n;
  while ((n = read(fds[0], buf, 700)) > 0) {
    for (int i = 0; i < n; i++) CHECK((buf[i] & 0xff) == (seq++ & 0xff), "wrong data");
    total += n;
  }
  close(fds[0]);
  CHECK(total == 5 * 1033, "wrong amount of data");
  int status;
  wait(&status);
  CHECK(status == 0, "writer failed");
}

/* sbrk grows memory that reads as zero, shrinks it, and refuses what cannot be had. */
static void sbrkbasic(void) {
  char *a = sbrk(0);
  char *b = sbrk(10 * 4096);
  CHECK(b == a, "sbrk returned the wrong old break");
  for (int i = 0; i < 10 * 4096; i += 512) CHECK(b[i] == 0, "new memory not zero");
  for (int i = 0; i < 10 * 4096; i += 512) b[i] = 1;
  CHECK(sbrk(-10 * 4096) == a + 10 * 4096, "shrink returned the wrong break");
  CHECK(sbrk(0) == a, "break not restored");
  CHECK(sbrk(0x7fffffff) == (char *)-1, "sbrk of 2 GiB did not fail");
  CHECK(sbrk(-0x10000000) == (char *)-1, "sbrk below the stack did not fail");
}

/* Allocating until memory runs out makes sbrk fail (not the kernel); it all comes back. */
static void outofmemory(void) {
  int pid = fork();
  if (pid == 0) {
    /* Take private copies of the stack and data pages first: with copy-on-write fork they are
     * still shared, and copying them once memory is gone would (rightly) kill this child. */
    volatile int pages = 0;
    buf[0] = 1;
    while (sbrk(64 * 4096) != (char *)-1) pages += 64;
    while (sbrk(4096) != (char *)-1) pages++;
    if (pages < 1000) exit(1);
    exit(0);
  }
  int status;
  wait(&status);
  CHECK(status == 0, "child could not allocate memory");
  /* Everything the child had is free again: the same amount can be had once more. */
  pid = fork();
  if (pid == 0) {
    char *p = sbrk(16 * 1024 * 1024);
    exit(p == (char *)-1);
  }
  wait(&status);
  CHECK(status == 0, "memory did not come back");
}

/* Bad pointers make system calls fail instead of crashing anything. */
static void badpointers(void) {
  int fd = open("badptr", O_CREATE | O_RDWR);
  CHECK(fd >= 0, "create failed");
  CHECK(write(fd, (char *)KERNEL_ADDRESS, 10) == -1, "write from a kernel address");
  CHECK(write(fd, (char *)0x7f000000, 10) == -1, "write from an unmapped address");
  CHECK(read(fd, (char *)KERNEL_ADDRESS, 10) <= 0, "read into a kernel address");
  close(fd);
  unlink("badptr");
  CHECK(open((char *)KERNEL_ADDRESS, O_RDONLY) == -1, "open with a kernel path pointer");
  CHECK(exec((char *)0x7f000000, 0) == -1, "exec with a bad path");
  char *argv[] = { "echo", (char *)0x7f000000, 0 };
  CHECK(exec("echo", argv) == -1, "exec with a bad argument");
  CHECK(pipe((int *)KERNEL_ADDRESS) == -1, "pipe into kernel memory");
  CHECK(wait((int *)KERNEL_ADDRESS + 0) == -1, "wait into kernel memory"); /* no child: -1 */
  CHECK(fstat(0, (struct stat *)KERNEL_ADDRESS) == -1, "fstat into kernel memory");
  /* Pipes and the console: -1 (EFAULT), not 0, which a reader would take for the end of file. */
  int p[2];
  CHECK(pipe(p) == 0, "pipe");
  CHECK(write(p[1], (char *)0x7f000000, 10) == -1, "pipe write from an unmapped address");
  CHECK(write(p[1], "ab", 2) == 2, "pipe write");
  CHECK(read(p[0], (char *)KERNEL_ADDRESS, 2) == -1, "pipe read into a kernel address");
  CHECK(read(p[0], buf, 2) == 2 && buf[0] == 'a' && buf[1] == 'b', "the bytes a bad read left in the pipe");
  close(p[0]);
  close(p[1]);
  CHECK(write(1, (char *)0x7f000000, 10) == -1, "console write from an unmapped address");
  CHECK(write(2, (char *)KERNEL_ADDRESS, 10) == -1, "stderr write from a kernel address");
}

/* Calls itself for ever, each frame a little stack (the volatile array keeps the frames). */
static int bottomless(int n) {
  volatile char frame[256];
  frame[0] = (char)n;
  if (n == 0x7fffffff) return 0; /* never: keeps gcc from calling it infinite */
  return bottomless(n + 1) + frame[0];
}

/* A child that reads or writes a bad address (0x7f000000: below the stack's reach and its guard
 * gap), jumps into the void, overflows its stack or runs
 * an illegal instruction is killed; the kernel and the parent go on. */
static void faultkill(void) {
  for (int kind = 0; kind < 6; kind++) {
    int pid = fork();
    if (pid == 0) {
      volatile int *bad = (int *)(kind == 0 ? 0x7f000000u : KERNEL_ADDRESS);
      if (kind <= 1) exit(*bad);
      if (kind == 2) { *(volatile int *)0x7f000000u = 1; exit(0); }
      if (kind == 3) ((void (*)(void))0x7f000000u)();
      if (kind == 5) __asm__ volatile(".word 0"); /* an illegal instruction */
      /* kind 4: a recursion without end runs into the stack's limit */
      exit(bottomless(1));
    }
    int status;
    wait(&status);
    CHECK(status == -1, "faulting child not killed");
  }
}

/* Files: create, write, read back at an offset, truncate, remove. */
static void files(void) {
  int fd = open("f1", O_CREATE | O_RDWR);
  CHECK(fd >= 0, "create failed");
  for (int i = 0; i < 100; i++) buf[i] = (char)i;
  CHECK(write(fd, buf, 100) == 100, "write failed");
  close(fd);
  fd = open("f1", O_RDONLY);
  CHECK(read(fd, buf, 50) == 50 && buf[49] == 49, "read back failed");
  CHECK(read(fd, buf, 100) == 50 && buf[0] == 50, "second read");
  CHECK(read(fd, buf, 100) == 0, "no end of file");
  CHECK(write(fd, buf, 1) == -1, "wrote to a read-only fd");
  close(fd);
  struct stat st;
  CHECK(stat("f1", &st) == 0 && st.size == 100 && st.type == T_FILE && st.nlink == 1, "stat");
  fd = open("f1", O_RDWR | O_TRUNC);
  CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.size == 0, "truncate");
  close(fd);
  CHECK(unlink("f1") == 0, "unlink failed");
  CHECK(open("f1", O_RDONLY) == -1, "opened an unlinked file");
}

/* A file past the direct blocks, the indirect block's 256 and into the double-indirect range,
 * read back exactly; cut in the double-indirect range, then into the direct blocks (fsck checks
 * the freed blocks after the tests). */
#define BIGBLOCKS 300
/* Reads "big" a block at a time, at most blocks blocks, checking bigfile's pattern; bytes read. */
static int bigreadback(int blocks) {
  int fd = open("big", O_RDONLY), total = 0, n;
  for (int i = 0; i < blocks && (n = read(fd, buf, 1024)) > 0; i++, total += n) {
    for (int j = 0; j < n; j++) if (buf[j] != (char)(i + j)) { close(fd); return -1; }
  }
  close(fd);
  return total;
}

static void bigfile(void) {
  int fd = open("big", O_CREATE | O_RDWR);
  CHECK(fd >= 0, "create failed");
  for (int i = 0; i < BIGBLOCKS; i++) {
    for (int j = 0; j < 1024; j++) buf[j] = (char)(i + j);
    CHECK(write(fd, buf, 1024) == 1024, "write failed");
  }
  close(fd);
  fd = open("big", O_RDWR);
  for (int i = 0; i < BIGBLOCKS; i++) {
    CHECK(read(fd, buf, 1024) == 1024, "read failed");
    for (int j = 0; j < 1024; j++) CHECK(buf[j] == (char)(i + j), "wrong data");
  }
  struct stat st;
  CHECK(ftruncate(fd, 280 * 1024 + 5) == 0 && fstat(fd, &st) == 0 && st.size == 280 * 1024 + 5, "cut to 280 KiB");
  close(fd);
  CHECK(bigreadback(281) == 280 * 1024 + 5, "read back after the cut in the double-indirect range");
  fd = open("big", O_RDWR);
  CHECK(ftruncate(fd, 3000) == 0, "cut to 3000 bytes");
  close(fd);
  CHECK(bigreadback(3) == 3000, "read back after the cut to 3000 bytes");
  CHECK(unlink("big") == 0, "unlink failed");
}

/* Fill the disk: a write that finds no free block comes back short or -1, nothing breaks, and
 * once the files are removed there is room again (fsck checks the disk after the tests run). */
static void fillname(char *name, int f) { name[2] = '0' + f / 10; name[3] = '0' + f % 10; }

/* Fills the disk with files "df00", "df01", ...: 1 MiB each, so 100 are more than the disk.
 * Returns how many were made, or -1 if the disk never filled. */
static int filldisk(void) {
  char name[] = "df00";
  int files = 0, full = 0;
  memset(buf, 'd', 1024);
  while (!full && files < 100) {
    fillname(name, files);
    int fd = open(name, O_CREATE | O_RDWR);
    if (fd < 0) break;
    files++;
    for (int i = 0; i < 1024 && !full; i++) full = write(fd, buf, 1024) != 1024;
    close(fd);
  }
  return full || files < 100 ? files : -1;
}

/* Removes filldisk's files; 0, or -1 if one could not be removed. */
static int emptydisk(int files) {
  char name[] = "df00";
  for (int f = 0; f < files; f++) { fillname(name, f); if (unlink(name) != 0) return -1; }
  return 0;
}

static void diskfull(void) {
  int files = filldisk();
  CHECK(files >= 0, "the disk never filled");
  CHECK(emptydisk(files) == 0, "unlink");
  int fd = open("dfafter", O_CREATE | O_RDWR);
  CHECK(fd >= 0 && write(fd, buf, 1024) == 1024, "no room after the files were removed");
  close(fd);
  CHECK(unlink("dfafter") == 0, "unlink dfafter");
}

/* A file can have at most LINKMAX (255) names: link() past that fails instead of letting the
 * link count wrap (which would later make unlink panic the kernel). */
static void linkmax(void) {
  int fd = open("lm", O_CREATE | O_RDWR);
  CHECK(fd >= 0, "create");
  close(fd);
  char name[] = "lm000";
  int made = 0;
  for (int i = 0; i < 500; i++) {
    name[2] = '0' + i / 100; name[3] = '0' + i / 10 % 10; name[4] = '0' + i % 10;
    if (link("lm", name) < 0) break;
    made++;
  }
  CHECK(made == 500, "a file takes 500 links, as on xv6 (LINKMAX stops nlink, a short, from wrapping)");
  for (int i = 0; i < made; i++) {
    name[2] = '0' + i / 100; name[3] = '0' + i / 10 % 10; name[4] = '0' + i % 10;
    CHECK(unlink(name) == 0, "unlink a link");
  }
  CHECK(unlink("lm") == 0, "unlink the file");
}

/* waitpid for one child among several, WNOHANG; lseek; dup2. */
static void posixcalls(void) {
  int a = fork();
  if (a == 0) { sleep(5); exit(3); }
  int b = fork();
  if (b == 0) exit(4);
  int status = 0;
  CHECK(waitpid(a, &status, WNOHANG) == 0, "WNOHANG returned a child still running");
  CHECK(waitpid(a, &status, 0) == a && status == 3, "waitpid for the slower child");
  CHECK(waitpid(b, &status, 0) == b && status == 4, "waitpid for the child that ended first");
  CHECK(waitpid(b, &status, 0) == -1, "waitpid for a child already reaped");
  int fd = open("seekf", O_CREATE | O_RDWR);
  CHECK(fd >= 0 && write(fd, "abcdef", 6) == 6, "write");
  CHECK(lseek(fd, 2, SEEK_SET) == 2, "SEEK_SET");
  char c[2];
  CHECK(read(fd, c, 1) == 1 && c[0] == 'c', "read after SEEK_SET");
  CHECK(lseek(fd, -1, SEEK_END) == 5 && read(fd, c, 1) == 1 && c[0] == 'f', "SEEK_END");
  CHECK(lseek(fd, -3, SEEK_CUR) == 3, "SEEK_CUR");
  CHECK(lseek(fd, 1, SEEK_END) == -1 && lseek(fd, -7, SEEK_END) == -1, "seek outside the file");
  int fd2 = dup2(fd, 9);
  CHECK(fd2 == 9 && read(9, c, 1) == 1 && c[0] == 'd', "dup2 shares the offset");
  CHECK(dup2(fd, 99) == -1 && dup2(77, 5) == -1, "dup2 with a bad fd");
  close(fd); close(9);
  int p[2];
  CHECK(pipe(p) == 0 && lseek(p[0], 0, SEEK_SET) == -1, "lseek on a pipe");
  close(p[0]); close(p[1]);
  unlink("seekf");
}

/* Directories: make, enter, use, refuse to remove while not empty, remove. */
static void dirs(void) {
  CHECK(mkdir("dd") == 0, "mkdir failed");
  CHECK(mkdir("dd") == -1, "mkdir of an existing name");
  CHECK(chdir("dd") == 0, "chdir failed");
  int fd = open("ff", O_CREATE | O_RDWR);
  CHECK(fd >= 0, "create in a directory");
  close(fd);
  CHECK(chdir("..") == 0, "chdir ..");
  CHECK(unlink("dd") == -1, "removed a non-empty directory");
  CHECK(open("dd/ff", O_RDONLY) >= 0, "path through a directory");
  CHECK(unlink("dd/ff") == 0 && unlink("dd") == 0, "remove");
  CHECK(chdir("dd") == -1, "chdir into a removed directory");
  CHECK(open("nonexistent/x", O_CREATE | O_RDWR) == -1, "created in a missing directory");
}

/* Links: two names, one file; it lives until the last name goes. */
static void links(void) {
  int fd = open("l1", O_CREATE | O_RDWR);
  CHECK(fd >= 0 && write(fd, "hello", 5) == 5, "create");
  close(fd);
  CHECK(link("l1", "l2") == 0, "link failed");
  CHECK(link("l1", "l2") == -1, "link over an existing name");
  CHECK(unlink("l1") == 0, "unlink l1");
  fd = open("l2", O_RDONLY);
  CHECK(fd >= 0 && read(fd, buf, 10) == 5 && buf[0] == 'h', "read through the second name");
  close(fd);
  CHECK(unlink("l2") == 0, "unlink l2");
  CHECK(link(".", "dotlink") == -1, "linked a directory");
}

/* Copies the program `echo` to `badelf` with `n` bytes at file offset `off` replaced; returns
 * what exec of the copy returns (it must not run). */
static int execpatched(uint off, const void *bytes, int n) {
  int in = open("echo", O_RDONLY), out = open("badelf", O_CREATE | O_WRONLY | O_TRUNC);
  CHECK(in >= 0 && out >= 0, "copy echo");
  int got, pos = 0;
  while ((got = read(in, buf, BUFSZ)) > 0) {
    for (int i = 0; i < n; i++) if (off + i >= (uint)pos && off + i < (uint)(pos + got)) buf[off + i - pos] = ((const char *)bytes)[i];
    CHECK(write(out, buf, got) == got, "write the copy");
    pos += got;
  }
  close(in);
  close(out);
  char *argv[] = { "badelf", "ran", 0 };
  int r = exec("badelf", argv);
  unlink("badelf");
  return r;
}

/* File offset of echo's first PT_LOAD program header (e_phoff at 28, e_phnum at 44, 32 bytes each). */
static uint firstload(void) {
  int fd = open("echo", O_RDONLY);
  CHECK(fd >= 0 && read(fd, buf, BUFSZ) == BUFSZ, "read echo");
  close(fd);
  uint phoff = *(uint *)(buf + 28), phnum = *(ushort *)(buf + 44);
  for (uint i = 0; i < phnum && phoff + 32 * (i + 1) <= BUFSZ; i++) if (*(uint *)(buf + phoff + 32 * i) == 1) return phoff + 32 * i;
  CHECK(0, "echo has no PT_LOAD segment in its first page");
  return 0;
}

/* exec checks an ELF's header before believing it (ELF32 offsets: e_ident at 4, e_type 16,
 * e_machine 18, e_version 20, e_entry 24, e_phoff 28, e_phnum 44; a program header has p_offset
 * at 4 and p_filesz at 16). */
static void execbadelf(void) {
  uint load = firstload();
  uchar class64 = 2, bigendian = 2, zero = 0;
  ushort dyn = 3, x86 = 62, phnum = 1000;
  uint badversion = 7, entry = 0x7f000000, phoff = 0xfffffff0, far = 0x7ffff000;
  CHECK(execpatched(4, &class64, 1) == -1, "ran an ELF marked 64-bit");
  CHECK(execpatched(5, &bigendian, 1) == -1, "ran a big-endian ELF");
  CHECK(execpatched(6, &zero, 1) == -1, "ran an ELF of identification version 0");
  CHECK(execpatched(16, &dyn, 2) == -1, "ran a shared object");
  CHECK(execpatched(18, &x86, 2) == -1, "ran an x86-64 ELF");
  CHECK(execpatched(20, &badversion, 4) == -1, "ran an ELF of version 7");
  CHECK(execpatched(24, &entry, 4) == -1, "ran an ELF whose entry is outside its code");
  CHECK(execpatched(28, &phoff, 4) == -1, "ran an ELF whose program headers wrap around");
  CHECK(execpatched(44, &phnum, 2) == -1, "ran an ELF with 1,000 program headers");
  CHECK(execpatched(load + 4, &far, 4) == -1, "ran an ELF whose segment lies past the file's end");
  CHECK(execpatched(load + 16, &phoff, 4) == -1, "ran an ELF whose segment size wraps around");
  /* The copy with its class byte rewritten to what it was (32-bit) runs: the checks pass a good ELF. */
  int pid = fork();
  if (pid == 0) {
    uchar class32 = 1;
    close(1);
    open("badelf-out", O_CREATE | O_WRONLY | O_TRUNC);
    execpatched(4, &class32, 1);
    exit(1);
  }
  int status = -1;
  wait(&status);
  unlink("badelf");
  int fd = open("badelf-out", O_RDONLY), n = read(fd, buf, 10);
  close(fd);
  unlink("badelf-out");
  CHECK(status == 0 && n == 4 && memcmp(buf, "ran\n", 4) == 0, "a good copy of echo did not run");
}

/* exec of a file that is not an ELF fails and leaves the caller running. */
static void execbad(void) {
  int fd = open("notelf", O_CREATE | O_RDWR);
  CHECK(fd >= 0 && write(fd, "#!/bin/sh\necho no\n", 18) == 18, "create");
  close(fd);
  char *argv[] = { "notelf", 0 };
  CHECK(exec("notelf", argv) == -1, "exec of a text file");
  CHECK(exec("nonexistent", argv) == -1, "exec of a missing file");
  unlink("notelf");
}

/* exec with arguments: a child runs echo into a file, and the file says what echo printed. */
static void execargs(void) {
  int pid = fork();
  if (pid == 0) {
    close(1);
    if (open("echo-out", O_CREATE | O_WRONLY | O_TRUNC) != 1) exit(1);
    char *argv[] = { "echo", "hello", "world", 0 };
    exec("echo", argv);
    exit(1);
  }
  int status;
  wait(&status);
  CHECK(status == 0, "echo failed");
  int fd = open("echo-out", O_RDONLY);
  int n = read(fd, buf, sizeof buf);
  close(fd);
  unlink("echo-out");
  CHECK(n == 12 && memcmp(buf, "hello world\n", 12) == 0, "wrong output");
}

/* dup shares the offset; closed and invalid fds fail. */
static void fds(void) {
  int fd = open("dupf", O_CREATE | O_RDWR);
  int fd2 = dup(fd);
  CHECK(fd >= 0 && fd2 >= 0 && fd2 != fd, "dup failed");
  write(fd, "ab", 2);
  write(fd2, "cd", 2);
  close(fd);
  close(fd2);
  fd = open("dupf", O_RDONLY);
  CHECK(read(fd, buf, 10) == 4 && memcmp(buf, "abcd", 4) == 0, "offset not shared");
  close(fd);
  unlink("dupf");
  CHECK(close(fd) == -1 && read(99, buf, 1) == -1 && write(-1, buf, 1) == -1, "bad fds accepted");
}

/* malloc and free: many sizes, contents intact, memory reused. */
static void mallocfree(void) {
  char *blocks[64];
  for (int round = 0; round < 4; round++) {
    for (int i = 0; i < 64; i++) {
      blocks[i] = malloc(16 + i * 97);
      CHECK(blocks[i] != 0, "malloc failed");
      memset(blocks[i], i, 16 + i * 97);
    }
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 16 + i * 97; j += 50) CHECK(blocks[i][j] == (char)i, "block overwritten");
      free(blocks[i]);
    }
  }
}

/* After fork, a store from either side gives that side its own copy; the other keeps its data. */
static void cowfork(void) {
  char *p = sbrk(8 * 4096);
  CHECK(p != (char *)-1, "sbrk");
  for (int i = 0; i < 8; i++) p[i * 4096] = (char)i;
  int tochild[2], toparent[2];
  CHECK(pipe(tochild) == 0 && pipe(toparent) == 0, "pipe");
  int pid = fork();
  CHECK(pid >= 0, "fork");
  if (pid == 0) {
    for (int i = 0; i < 8; i++) if (p[i * 4096] != (char)i) exit(1);
    for (int i = 0; i < 8; i++) p[i * 4096] = (char)(100 + i);
    for (int i = 0; i < 8; i++) if (p[i * 4096] != (char)(100 + i)) exit(2);
    write(toparent[1], "x", 1); /* the parent now writes its copy while the child still lives */
    char c;
    read(tochild[0], &c, 1);
    for (int i = 0; i < 8; i++) if (p[i * 4096] != (char)(100 + i)) exit(3);
    exit(0);
  }
  char c;
  read(toparent[0], &c, 1);
  for (int i = 0; i < 8; i++) CHECK(p[i * 4096] == (char)i, "the child's write reached the parent");
  for (int i = 0; i < 8; i++) p[i * 4096] = (char)(50 + i);
  write(tochild[1], "y", 1);
  int status;
  wait(&status);
  CHECK(status == 0, "the child saw the wrong data");
  for (int i = 0; i < 8; i++) CHECK(p[i * 4096] == (char)(50 + i), "the parent lost its write");
  close(tochild[0]); close(tochild[1]); close(toparent[0]); close(toparent[1]);
}

/* The kernel writing into a shared page (read() into a buffer, a pipe) copies it too. */
static void cowkernel(void) {
  static char shared[4096 * 2];
  int fd = open("cowk", O_CREATE | O_RDWR);
  CHECK(fd >= 0 && write(fd, "from the file", 13) == 13, "create");
  close(fd);
  memset(shared, 'p', sizeof shared);
  int fds[2];
  CHECK(pipe(fds) == 0, "pipe");
  int pid = fork();
  if (pid == 0) {
    int f = open("cowk", O_RDONLY);
    if (read(f, shared, 13) != 13 || memcmp(shared, "from the file", 13) != 0) exit(1);
    if (read(fds[0], shared + 4096, 5) != 5 || memcmp(shared + 4096, "hello", 5) != 0) exit(2);
    exit(0);
  }
  CHECK(write(fds[1], "hello", 5) == 5, "pipe write");
  int status;
  wait(&status);
  CHECK(status == 0, "the child's reads failed");
  CHECK(shared[0] == 'p' && shared[4096] == 'p', "the kernel's write reached the parent's page");
  unlink("cowk");
  close(fds[0]);
  close(fds[1]);
}

/* Heavy forking in both modes: many children, each writing some pages, all reaped, with
 * the free page count back where it started. */
static void forkmodes(void) {
  struct memstat before, after;
  char *p = sbrk(16 * 4096);
  for (int i = 0; i < 16; i++) p[i * 4096] = 1;
  int old = forkmode(FORK_COPY);
  memstat(&before);
  for (int mode = FORK_COPY; mode <= FORK_COW; mode++) {
    forkmode(mode);
    for (int n = 0; n < 20; n++) {
      int pid = fork();
      CHECK(pid >= 0, "fork");
      if (pid == 0) {
        for (int i = 0; i < 16; i += 1 + n % 3) p[i * 4096] = (char)n;
        if (n % 2 == 0 && fork() == 0) { p[0] = 9; exit(0); }
        wait(0);
        exit(0);
      }
      wait(0);
    }
  }
  forkmode(old);
  for (int i = 0; i < 16; i++) CHECK(p[i * 4096] == 1, "a child's write reached the parent");
  memstat(&after);
  CHECK(available(&after) == available(&before), "pages leaked");
  CHECK(after.fork_copied > before.fork_copied, "copy mode copied nothing");
  CHECK(after.cow_faults > before.cow_faults, "cow mode took no faults");
}

/* In cow and odf mode, a store to a shared page when no page is free kills that child (with a
 * message) and nothing else; in copy mode the page was the child's already. */
static void cowoom(void) {
  static char shared_page[4096] __attribute__((aligned(4096)));
  shared_page[0] = 1;
  struct memstat ms;
  memstat(&ms);
  int old = sbrkmode(SBRK_EAGER); /* so that the child's sbrk really takes every page */
  int pid = fork();
  if (pid == 0) {
    volatile int n = 0; /* the stack page is copied here, while memory remains */
    while (sbrk(64 * 4096) != (char *)-1) n++;
    while (sbrk(4096) != (char *)-1) n++;
    shared_page[0] = 2;  /* cow: needs a copy, and there is no page for it */
    exit(0);
  }
  int status;
  wait(&status);
  sbrkmode(old);
  CHECK(status == (ms.fork_mode != FORK_COPY ? -1 : 0), "wrong fate for the child");
  CHECK(shared_page[0] == 1, "the child's write reached the parent");
}

/* Lazy sbrk: growing costs nothing until pages are touched, the kernel can touch them too
 * (read() into the heap), a touch past the heap still kills, and shrinking frees them. */
static void lazysbrk(void) {
  int old = sbrkmode(SBRK_LAZY);
  struct memstat m0, m1, m2;
  memstat(&m0);
  char *heap = sbrk(64 * 1024 * 1024);
  CHECK(heap != (char *)-1, "a lazy 64 MiB sbrk failed");
  memstat(&m1);
  CHECK(m0.free_pages - m1.free_pages < 4, "a lazy sbrk allocated pages");
  for (int mib = 0; mib < 64; mib += 4) heap[mib * 1024 * 1024] = (char)mib; /* 16 sparse pages */
  memstat(&m2);
  CHECK(m2.lazy_faults - m1.lazy_faults == 16, "not one fault per touched page");
  for (int mib = 0; mib < 64; mib += 4) CHECK(heap[mib * 1024 * 1024] == (char)mib, "lost a write");
  int fd = open("lazyf", O_CREATE | O_RDWR);
  write(fd, "kernel", 6);
  close(fd);
  fd = open("lazyf", O_RDONLY);
  CHECK(read(fd, heap + 33 * 1024 * 1024 + 100, 6) == 6, "read() into an untouched lazy page");
  close(fd);
  unlink("lazyf");
  CHECK(memcmp(heap + 33 * 1024 * 1024 + 100, "kernel", 6) == 0, "wrong data");
  int pid = fork();
  if (pid == 0) { heap[64 * 1024 * 1024 + 8192] = 1; exit(0); } /* past the heap */
  int status;
  wait(&status);
  CHECK(status == -1, "a touch past the heap was not killed");
  sbrk(-64 * 1024 * 1024);
  struct memstat m3;
  memstat(&m3);
  /* The 17 touched data pages come back (the level-0 page tables stay until exit). */
  CHECK(m3.free_pages - m2.free_pages >= 16, "shrinking did not free the touched pages");
  sbrkmode(old);
}

/* Lazy sbrk promises pages it may not have: a child that touches more heap than memory holds is
 * killed (out of memory for a lazy heap page), and every page comes back. */
static void lazyoom(void) {
  int old = sbrkmode(SBRK_LAZY);
  struct memstat m0, m1;
  memstat(&m0);
  int pid = fork();
  if (pid == 0) {
    /* Two promises, each of most of memory: together more than there is. */
    char *a = sbrk((m0.free_pages - 64) * 4096), *b = sbrk((m0.free_pages - 64) * 4096);
    if (a == (char *)-1 || b == (char *)-1) exit(2);
    for (uint i = 0; i < m0.free_pages - 64; i++) a[i * 4096] = 1;
    for (uint i = 0; i < m0.free_pages - 64; i++) b[i * 4096] = 1;
    exit(0);
  }
  int status;
  wait(&status);
  sbrkmode(old);
  CHECK(status == -1, "touching more lazy heap than memory did not kill the child");
  memstat(&m1);
  CHECK(available(&m1) == available(&m0), "pages lost after the child was killed");
}

/* More files in use at once than the kernel's table of in-memory inodes holds (NINODE, 50):
 * open and create fail with -1, nothing panics, and the file system is intact afterwards. */
static void inodefull(void) {
  char name[] = "if00";
  for (int i = 0; i < 64; i++) {
    name[2] = '0' + i / 10; name[3] = '0' + i % 10;
    int fd = open(name, O_CREATE | O_RDWR);
    CHECK(fd >= 0, "could not create the files");
    close(fd);
  }
  int hold[2], ready[2];
  CHECK(pipe(hold) == 0 && pipe(ready) == 0, "pipe");
  for (int c = 0; c < 5; c++) {
    if (fork() == 0) {
      close(hold[1]);
      int fails = 0;
      for (int i = c * 12; i < c * 12 + 12; i++) {
        name[2] = '0' + i / 10; name[3] = '0' + i % 10;
        if (open(name, O_RDONLY) < 0) fails++;
      }
      if (c == 4 && open("ifnew", O_CREATE | O_RDWR) < 0) fails++; /* creating fails too */
      write(ready[1], "r", 1);
      char ch;
      read(hold[0], &ch, 1); /* keep the files open until the parent lets go */
      exit(fails);
    }
  }
  close(hold[0]);
  char ch;
  for (int c = 0; c < 5; c++) read(ready[0], &ch, 1);
  close(hold[1]);
  int fails = 0, status;
  for (int c = 0; c < 5; c++) { wait(&status); fails += status; }
  CHECK(fails > 0, "the inode table never filled");
  for (int i = 0; i < 64; i++) { name[2] = '0' + i / 10; name[3] = '0' + i % 10; CHECK(unlink(name) == 0, "unlink"); }
  unlink("ifnew");
  int fd = open("ifnew", O_CREATE | O_RDWR);
  CHECK(fd >= 0, "cannot create a file once the table has room again");
  close(fd);
  CHECK(unlink("ifnew") == 0, "unlink ifnew");
}

/* More processes waiting for the disk at once than the kernel has block buffers (NBUF, 30):
 * the last ones wait for a buffer instead of the kernel panicking, and each reads its own data. */
static void manyreaders(void) {
  enum { N = 45 };
  char name[] = "mr00", buf[512];
  for (int i = 0; i < N; i++) {
    name[2] = '0' + i / 10; name[3] = '0' + i % 10;
    int fd = open(name, O_CREATE | O_RDWR);
    CHECK(fd >= 0, "create");
    memset(buf, 'a' + i % 26, sizeof buf);
    CHECK(write(fd, buf, sizeof buf) == sizeof buf, "write");
    close(fd);
  }
  int fd = open("mrbig", O_CREATE | O_RDWR); /* writing 80 blocks pushes theirs out of the cache */
  for (int i = 0; i < 80; i++) write(fd, buf, sizeof buf);
  close(fd);
  int go[2], ready[2];
  CHECK(pipe(go) == 0 && pipe(ready) == 0, "pipe");
  for (int i = 0; i < N; i++) {
    int pid = fork();
    CHECK(pid >= 0, "fork");
    if (pid == 0) {
      close(go[1]);
      name[2] = '0' + i / 10; name[3] = '0' + i % 10;
      int f = open(name, O_RDONLY);
      char ch, got[512];
      write(ready[1], "r", 1);
      read(go[0], &ch, 1); /* all wake together when the parent closes the pipe */
      exit(f >= 0 && read(f, got, sizeof got) == sizeof got && got[0] == 'a' + i % 26 && got[511] == got[0] ? 0 : 1);
    }
  }
  close(go[0]);
  char ch;
  for (int i = 0; i < N; i++) read(ready[0], &ch, 1);
  close(go[1]);
  int bad = 0, status;
  for (int i = 0; i < N; i++) { wait(&status); bad += status != 0; }
  close(ready[0]);
  close(ready[1]);
  CHECK(bad == 0, "a reader got the wrong data");
  for (int i = 0; i < N; i++) { name[2] = '0' + i / 10; name[3] = '0' + i % 10; unlink(name); }
  unlink("mrbig");
}

/* vfork: the child runs in the parent's memory, the parent waits until it exits or execs. */
static void vforktest(void) {
  static volatile int shared = 1;
  int pid = vfork();
  if (pid == 0) {
    shared = 2;          /* the parent's variable: vfork shares the address space */
    exit(0);
  }
  CHECK(pid > 0, "vfork failed");
  CHECK(shared == 2, "the vfork child's write is not visible to the parent");
  int status;
  CHECK(wait(&status) == pid && status == 0, "wait for the vfork child");
  int fds[2];
  pipe(fds);
  char *argv[] = { "echo", "from", "exec", 0 };
  pid = vfork();
  if (pid == 0) {
    close(1);
    dup(fds[1]);
    exec("echo", argv);
    exit(1);
  }
  close(fds[1]);
  char out[32];
  int n = 0, m;
  /* echo writes word by word: read to the end, not just what the first write put there. */
  while (n < (int)sizeof out && (m = read(fds[0], out + n, sizeof out - n)) > 0) n += m;
  close(fds[0]);
  CHECK(n == 10 && memcmp(out, "from exec\n", 10) == 0, "vfork then exec");
  CHECK(wait(&status) == pid && status == 0, "wait for the exec'd child");
}

/* procmaps: the segments are there, and sharing after a cow fork is seen page by page. */
static int heapshared(void) {
  struct procmap maps[NSEG];
  int n = procmaps(getpid(), maps, NSEG);
  for (int i = 0; i < n; i++) if (maps[i].kind == SEG_HEAP) return (int)maps[i].shared;
  return -1;
}

static void procmapstest(void) {
  struct procmap maps[NSEG];
  int n = procmaps(getpid(), maps, NSEG);
  int kinds = 0;
  for (int i = 0; i < n; i++) kinds |= 1 << maps[i].kind;
  CHECK((kinds & (1 << SEG_TEXT | 1 << SEG_STACK)) == (1 << SEG_TEXT | 1 << SEG_STACK), "text or stack missing");
  CHECK(procmaps(12345, maps, NSEG) == -1, "maps of a missing process");
  char *heap = sbrk(10 * 4096);
  for (int i = 0; i < 10; i++) heap[i * 4096] = 1;
  struct memstat ms;
  memstat(&ms);
  int fds[2];
  pipe(fds);
  int pid = fork();
  if (pid == 0) { char c; read(fds[0], &c, 1); exit(0); } /* holds the shared pages meanwhile */
  int before = heapshared();
  heap[3 * 4096] = 2; /* the parent writes one page */
  int after = heapshared();
  write(fds[1], "x", 1);
  wait(0);
  close(fds[0]);
  close(fds[1]);
  if (ms.fork_mode != FORK_COPY) {
    CHECK(before >= 10, "heap pages not shared after a cow or odf fork");
    CHECK(after == before - 1, "one write did not unshare exactly one page");
  } else {
    CHECK(before == 0 && after == 0, "pages shared after a copy fork");
  }
  CHECK(heapshared() == 0, "pages still shared after the child exited");
}

/* spawn runs a program without copying the caller; a missing file fails at once. */
static void spawntest(void) {
  int fds[2];
  pipe(fds);
  int saved = dup(1);
  close(1);
  dup(fds[1]);
  char *argv[] = { "echo", "spawned", 0 };
  int pid = spawn("echo", argv);
  close(1);
  dup(saved);
  close(saved);
  close(fds[1]);
  CHECK(pid > 0, "spawn failed");
  char out[16];
  int n = read(fds[0], out, sizeof out);
  close(fds[0]);
  CHECK(n == 8 && memcmp(out, "spawned\n", 8) == 0, "wrong output");
  int status;
  CHECK(wait(&status) == pid && status == 0, "wait for the spawned child");
  CHECK(spawn("nonexistent", argv) == -1, "spawn of a missing file");
  CHECK(spawn((char *)0x7f000000, argv) == -1, "spawn with a bad path");
}

/* free gives memory back in whole pages: the heap shrinks after a large block is freed. */
static void malloctrim(void) {
  char *top0 = sbrk(0);
  char *p = malloc(1024 * 1024);
  CHECK(p != 0, "malloc 1 MiB");
  memset(p, 1, 1024 * 1024);
  CHECK(sbrk(0) - top0 >= 1024 * 1024, "the heap did not grow");
  free(p);
  CHECK(sbrk(0) - top0 < 2 * 4096, "free did not give the pages back");
  char *q = malloc(100);
  CHECK(q != 0, "malloc after a trim");
  free(q);
}

/* Fills (or checks) n bytes of a local array with a pattern: a frame that grows the stack (not
 * inlined, so each call has a frame of its own below its caller's). */
static __attribute__((noinline)) int stackpattern(int n, char seed, int check) {
  char frame[64 * 1024];
  if (n > (int)sizeof frame) n = sizeof frame;
  int bad = 0;
  for (int i = 0; i < n; i++) {
    if (check) bad += frame[i] != (char)(seed + i);
    else frame[i] = (char)(seed + i);
  }
  __asm__ volatile("" : : "r"(frame) : "memory"); /* the stores are not dead */
  return bad;
}

/* A frame 32 KiB below one of stackpattern's: touches pages under it. */
static __attribute__((noinline)) void stackgrowdeeper(void) {
  char frame[64 * 1024];
  for (uint i = 0; i < sizeof frame; i += 4096) frame[i] = 1;
  __asm__ volatile("" : : "r"(frame) : "memory");
  stackpattern(1, 0, 0);
}

/* The stack's extent in procmaps (its start moves down as it grows). */
static uint stackstart(void) {
  struct procmap maps[NSEG];
  int n = procmaps(getpid(), maps, NSEG);
  for (int i = 0; i < n; i++) if (maps[i].kind == SEG_STACK) return maps[i].start;
  return 0;
}

/* Forks inside a 64 KiB frame (the stack grown for it): the child checks its copy of the frame
 * and overwrites it; the parent's frame must be as it was. 0 when both hold. */
static __attribute__((noinline)) int forkinframe(void) {
  char frame[64 * 1024];
  for (uint i = 0; i < sizeof frame; i++) frame[i] = (char)(i * 3);
  int pid = fork();
  if (pid == 0) {
    for (uint i = 0; i < sizeof frame; i++) if (frame[i] != (char)(i * 3)) exit(2);
    for (uint i = 0; i < sizeof frame; i++) frame[i] = (char)(i * 5);
    for (uint i = 0; i < sizeof frame; i++) if (frame[i] != (char)(i * 5)) exit(3);
    exit(0);
  }
  int status;
  if (wait(&status) != pid || status != 0) return 1;
  for (uint i = 0; i < sizeof frame; i++) if (frame[i] != (char)(i * 3)) return 2;
  return 0;
}

/* A grown stack is copied by fork (each side keeps its own bytes, in every fork mode), and a
 * vfork child that grows the borrowed stack leaves it to the parent, its map updated. */
static void stackfork(void) {
  uint top = 0x80000000u;
  int r = forkinframe();
  CHECK(r != 1, "the child did not see its copy of the grown stack");
  CHECK(r != 2, "the child's stores reached the parent's stack");
  CHECK(top - stackstart() > 64 * 1024, "the stack did not grow past 64 KiB");
  int status, pid;
  uint before = stackstart();
  pid = vfork();
  if (pid == 0) {
    stackpattern(1, 0, 0);    /* 64 KiB down, pages the parent has */
    stackgrowdeeper();        /* below what the parent's stack reached */
    exit(0);
  }
  CHECK(wait(&status) == pid && status == 0, "vfork child");
  CHECK(stackstart() < before, "the vfork child's stack growth is not in the parent's map");
}

/* The mmap segment holding va in this process's map (its index), or -1. */
static int mapat(struct procmap *maps, int n, uint va) {
  for (int i = 0; i < n; i++) if (maps[i].kind == SEG_MMAP && va >= maps[i].start && va < maps[i].end) return i;
  return -1;
}

/* A child that stores to *addr: its exit status (-1 if it was killed). */
static int storestatus(volatile char *addr) {
  int pid = fork();
  if (pid == 0) { *addr = 'x'; exit(0); }
  int status;
  wait(&status);
  return status;
}

/* Anonymous private mappings: pages on first touch, private after fork, mprotect and munmap
 * (splitting the segment), bad arguments refused, nothing mapped over text or heap. */
static void mmaptest(void) {
  struct memstat before, after;
  memstat(&before);
  char *p = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED && ((uint)p & 4095) == 0, "mmap failed");
  CHECK(p[0] == 0 && p[8191] == 0, "a new mapping is not zero");
  p[0] = 'p';
  memstat(&after);
  CHECK(after.mmap_faults - before.mmap_faults == 2, "pages did not come on first touch");
  struct procmap maps[NSEG];
  int n = procmaps(getpid(), maps, NSEG), i = mapat(maps, n, (uint)p);
  CHECK(i >= 0 && maps[i].end - maps[i].start == 3 * 4096 && maps[i].resident == 2, "the mapping is not in procmaps");
  int pid = fork();
  if (pid == 0) { p[0] = 'c'; exit(p[0] == 'c' ? 0 : 1); }
  int status;
  CHECK(wait(&status) == pid && status == 0 && p[0] == 'p', "a private mapping is not private after fork");
  CHECK(mprotect(p, 4096, PROT_READ) == 0, "mprotect read-only");
  CHECK(p[0] == 'p' && storestatus(p) == -1, "a store to a read-only page was not killed");
  CHECK(mprotect(p, 4096, PROT_READ | PROT_WRITE) == 0 && storestatus(p) == 0, "mprotect back to writable");
  p[0] = 'q';
  CHECK(munmap(p + 4096, 4096) == 0, "munmap of the middle page");
  n = procmaps(getpid(), maps, NSEG);
  CHECK(mapat(maps, n, (uint)p) >= 0 && mapat(maps, n, (uint)p + 4096) < 0 && mapat(maps, n, (uint)p + 8192) >= 0, "munmap did not split the mapping");
  CHECK(storestatus(p + 4096) == -1, "a store to an unmapped page was not killed");
  CHECK(p[0] == 'q' && p[8192] == 0, "munmap lost the pages around the hole");
  CHECK(munmap(p + 4096, 4096) == 0, "munmap of what is not mapped is not harmless");
  CHECK(munmap(p + 1, 4096) == -1, "munmap of an unaligned address");
  CHECK(mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED, "mmap of length 0");
  CHECK(mmap(0, 4096, PROT_READ, MAP_PRIVATE, 0, 0) == MAP_FAILED, "a mapping of the console");
  CHECK(mmap(0, 4096, PROT_READ, MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED, "both MAP_SHARED and MAP_PRIVATE");
  CHECK(mmap(0, 4096, PROT_READ, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED, "MAP_FIXED over the text");
  CHECK(mmap((void *)0x80000000u, 4096, PROT_READ, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED, "MAP_FIXED in the kernel");
  char *fixed = (char *)0x40000000u;
  CHECK(mmap(fixed, 8192, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == fixed, "MAP_FIXED at a free address");
  fixed[4096] = 1;
  CHECK(mprotect(fixed + 8192, 4096, PROT_READ) == -1, "mprotect of what is not mapped");
  CHECK(munmap(p, 3 * 4096) == 0 && munmap(fixed, 8192) == 0, "munmap of all");
  memstat(&after);
  CHECK(after.free_pages >= before.free_pages - 8, "munmap did not free the pages");
}

/* The byte a test file holds at offset i. */
static char pattern(uint i) { return 'a' + (i * 7 + i / 4096) % 26; }

/* Makes file `name` of n bytes of pattern(); its fd, opened read-write. */
static int patternfile(const char *name, uint n) {
  unlink(name);
  int fd = open(name, O_CREATE | O_RDWR);
  static char buf[BUFSZ];
  for (uint off = 0; off < n; off += BUFSZ) {
    uint m = n - off < BUFSZ ? n - off : BUFSZ;
    for (uint i = 0; i < m; i++) buf[i] = pattern(off + i);
    if (write(fd, buf, m) != (int)m) return -1;
  }
  return fd;
}

/* The byte at off of file name, read with read() through a new descriptor; -1 if none. */
static int byteat(const char *name, uint off) {
  int fd = open(name, O_RDONLY);
  char c;
  if (fd < 0 || lseek(fd, off, 0) != (int)off || read(fd, &c, 1) != 1) { close(fd); return -1; }
  close(fd);
  return (uchar)c;
}

/* File mappings: MAP_SHARED pages are the file's (read() sees stores at once, another process
 * and a forked child see them, munmap writes them back, only dirty pages, once); MAP_PRIVATE
 * stores stay private; a touch past the end of the file is killed; bad arguments refused. */
static void mapfile(void) {
  const uint size = 3 * 4096 + 100;
  int fd = patternfile("mapf", size);
  CHECK(fd >= 0, "cannot make the test file");
  struct memstat before, after;
  memstat(&before);
  char *s = mmap(0, 5 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(s != MAP_FAILED, "mmap MAP_SHARED of a file");
  for (uint i = 0; i < size; i += 999) CHECK(s[i] == pattern(i), "the mapping does not hold the file's bytes");
  CHECK(s[size] == 0 && s[4 * 4096 - 1] == 0, "the last page past the end of the file is not zero");
  s[5] = '!';
  CHECK(byteat("mapf", 5) == '!', "read() does not see a store to a shared mapping");
  memstat(&after);
  uint written = after.writebacks;
  int pid = fork();
  if (pid == 0) { s[4096 + 7] = '?'; exit(0); }
  int status;
  CHECK(wait(&status) == pid && status == 0 && s[4096 + 7] == '?', "a forked child's store to a shared mapping is not the parent's");
  CHECK(storestatus(s + 4 * 4096) == -1, "a touch past the end of the file was not killed");
  char *q = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 4096);
  CHECK(q != MAP_FAILED && q[7] == '?', "a private mapping at an offset");
  q[8] = '#';
  CHECK(s[4096 + 8] == pattern(4096 + 8) && byteat("mapf", 4096 + 8) == pattern(4096 + 8), "a private store reached the file");
  CHECK(munmap(s, 5 * 4096) == 0, "munmap");
  memstat(&after);
  /* The child's exit wrote its dirty page, munmap the parent's: each once, the clean ones never. */
  CHECK(after.writebacks - written == 2, "exit and munmap did not write back exactly the two dirty pages");
  CHECK(q[8] == '#' && q[7] == '?', "the private mapping changed");
  munmap(q, 4096);
  close(fd);
  CHECK(byteat("mapf", 5) == '!' && byteat("mapf", 4096 + 7) == '?' && byteat("mapf", 2 * 4096) == pattern(2 * 4096), "the file after munmap");
  fd = open("mapf", O_RDONLY);
  CHECK(mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED, "a writable shared mapping of a read-only descriptor");
  char *r = mmap(0, 4096, PROT_READ, MAP_SHARED, fd, 0);
  CHECK(r != MAP_FAILED && r[5] == '!', "a read-only shared mapping");
  CHECK(mprotect(r, 4096, PROT_READ | PROT_WRITE) == -1, "mprotect made a read-only descriptor's shared mapping writable");
  CHECK(storestatus(r) == -1, "a store to a read-only shared mapping was not killed");
  CHECK(mmap(0, 4096, PROT_READ, MAP_SHARED, 99, 0) == MAP_FAILED, "a bad fd");
  CHECK(mmap(0, 4096, PROT_READ, MAP_SHARED, fd, 100) == MAP_FAILED, "an unaligned offset");
  CHECK(mmap(0, 0, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED, "a length of 0");
  int dir = open(".", O_RDONLY);
  CHECK(mmap(0, 4096, PROT_READ, MAP_PRIVATE, dir, 0) == MAP_FAILED, "a directory");
  close(dir);
  munmap(r, 4096);
  close(fd);
  memstat(&after);
  CHECK(after.file_faults > before.file_faults, "file pages did not come through the fault handler");
  unlink("mapf");
}

/* ftruncate: a file grows with zeros (a hole, read without allocating) and shrinks, fstat says
 * its size, and a shrunk page that grows again reads zeros. */
static void truncatetest(void) {
  int fd = patternfile("truncf", 5000);
  CHECK(fd >= 0, "cannot make the test file");
  struct stat st;
  CHECK(ftruncate(fd, 40000) == 0 && fstat(fd, &st) == 0 && st.size == 40000, "ftruncate to grow");
  CHECK(byteat("truncf", 4999) == pattern(4999) && byteat("truncf", 5000) == 0 && byteat("truncf", 39999) == 0, "the grown part is not zeros");
  CHECK(ftruncate(fd, 3000) == 0 && fstat(fd, &st) == 0 && st.size == 3000, "ftruncate to shrink");
  CHECK(byteat("truncf", 3000) == -1, "a read past the new end");
  CHECK(ftruncate(fd, 6000) == 0 && byteat("truncf", 2999) == pattern(2999) && byteat("truncf", 3000) == 0 && byteat("truncf", 4999) == 0, "the cut bytes came back");
  close(fd);
  fd = open("truncf", O_RDONLY);
  CHECK(ftruncate(fd, 0) == -1, "ftruncate of a read-only descriptor");
  close(fd);
  CHECK(ftruncate(0, 0) == -1 && ftruncate(99, 0) == -1, "ftruncate of the console or a bad fd");
  unlink("truncf");
}

/* MAP_SHARED | MAP_ANONYMOUS: memory a parent and its forked child both write. */
/* sync() writes exactly the dirty pages of shared mappings, once: a second sync writes nothing,
 * a new store makes its page dirty again, and munmap after a sync has nothing left to write. */
static void syncfile(void) {
  int fd = patternfile("syncf", 3 * 4096);
  CHECK(fd >= 0, "create");
  char *s = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(s != MAP_FAILED, "mmap");
  s[10] = 'S';
  s[2 * 4096 + 3] = 'T';
  struct memstat a, b;
  memstat(&a);
  CHECK(sync() == 0, "sync");
  memstat(&b);
  CHECK(b.writebacks - a.writebacks == 2, "sync did not write the two dirty pages once each");
  CHECK(sync() == 0, "second sync");
  memstat(&a);
  CHECK(a.writebacks == b.writebacks, "a second sync wrote clean pages");
  s[11] = 'U';
  sync();
  memstat(&b);
  CHECK(b.writebacks - a.writebacks == 1, "a store after sync did not make its page dirty again");
  CHECK(munmap(s, 3 * 4096) == 0, "munmap");
  memstat(&a);
  CHECK(a.writebacks == b.writebacks, "munmap wrote pages sync had written");
  close(fd);
  CHECK(byteat("syncf", 10) == 'S' && byteat("syncf", 11) == 'U' && byteat("syncf", 2 * 4096 + 3) == 'T', "the file after sync");
  unlink("syncf");
}

/* Write-back to a full disk: msync of pages over holes fails (-1), the pages stay dirty and
 * keep their bytes, and once there is room again msync writes them. */
static void mapfull(void) {
  unlink("mfull");
  int fd = open("mfull", O_CREATE | O_RDWR);
  CHECK(fd >= 0 && ftruncate(fd, 3 * 4096) == 0, "create a file of holes");
  char *s = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(s != MAP_FAILED, "mmap");
  for (int i = 0; i < 3; i++) s[i * 4096 + 1] = 'A' + i;
  int files = filldisk();
  CHECK(files >= 0, "the disk never filled");
  CHECK(msync(s, 3 * 4096, 0) == -1, "msync to a full disk did not fail");
  CHECK(emptydisk(files) == 0, "unlink");
  CHECK(s[1] == 'A' && s[2 * 4096 + 1] == 'C', "the mapping lost its bytes");
  CHECK(msync(s, 3 * 4096, 0) == 0, "msync with room again");
  munmap(s, 3 * 4096);
  close(fd);
  CHECK(byteat("mfull", 1) == 'A' && byteat("mfull", 4096 + 1) == 'B' && byteat("mfull", 2 * 4096 + 1) == 'C', "the file after the second msync");
  unlink("mfull");
}

/* Misaligned loads and stores work in user mode, across a page boundary too, whether the hart
 * performs them or traps and the firmware does (--misaligned trap); one into unmapped memory is
 * a page fault that kills the process. */
static void misaligned(void) {
  char *page = sbrk(2 * 4096);
  CHECK(page != (char *)-1, "sbrk");
  char *base = (char *)(((uint)page + 4095) & ~4095u); /* a page boundary inside the heap */
  volatile uint *w = (uint *)(base - 2);
  volatile ushort *h = (ushort *)(base + 5);
  *w = 0x11223344;
  *h = 0xa1b2;
  CHECK(*w == 0x11223344 && *h == 0xa1b2, "misaligned load after store");
  CHECK(base[-2] == 0x44 && base[1] == 0x11 && base[5] == (char)0xb2 && base[6] == (char)0xa1, "the bytes of misaligned stores");
  volatile short *sh = (short *)(base + 9);
  *sh = -3;
  CHECK(*sh == -3, "a misaligned lh sign-extends");
  int pid = fork();
  if (pid == 0) { volatile uint *bad = (uint *)0x5fff0001; exit(*bad == 0 ? 0 : 0); }
  int status;
  CHECK(wait(&status) == pid && status == -1, "a misaligned load from unmapped memory did not kill");
}

static void mapanon(void) {
  volatile int *w = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK(w != MAP_FAILED, "mmap MAP_SHARED | MAP_ANONYMOUS");
  w[0] = 1;
  int pid = fork();
  if (pid == 0) { w[1] = w[0] + 41; exit(0); }
  int status;
  CHECK(wait(&status) == pid && status == 0 && w[1] == 42, "the child's store did not reach the parent");
}

/* Two processes running one program share its text pages through the page cache; one alone
 * shares none (the cache's own reference does not count). */
static uint textshared(int pid) {
  struct procmap maps[NSEG];
  for (int tries = 0; tries < 200; tries++) {
    int n = procmaps(pid, maps, NSEG);
    for (int i = 0; i < n; i++) if (maps[i].kind == SEG_TEXT && maps[i].resident > 0) return maps[i].shared * 1000 + maps[i].resident;
    sleep(1);
  }
  return 0;
}

static void sharedtext(void) {
  char *argv[] = { "sleep", "100", 0 };
  int a = spawn("sleep", argv);
  uint one = textshared(a);
  int b = spawn("sleep", argv);
  uint two = textshared(b);
  kill(a);
  kill(b);
  wait(0);
  wait(0);
  CHECK(one % 1000 > 0 && one / 1000 == 0, "one process's text counts as shared");
  CHECK(two % 1000 > 0 && two / 1000 == two % 1000, "two processes running sleep do not share all its text pages");
}

struct test { void (*fn)(void); const char *name; };
static struct test tests[] = {
  { exitwait, "exitwait" }, { forkfull, "forkfull" }, { killstatus, "killstatus" },
  { pipedata, "pipedata" }, { sbrkbasic, "sbrkbasic" }, { outofmemory, "outofmemory" },
  { badpointers, "badpointers" }, { faultkill, "faultkill" }, { files, "files" },
  { bigfile, "bigfile" }, { diskfull, "diskfull" }, { linkmax, "linkmax" }, { posixcalls, "posixcalls" }, { dirs, "dirs" }, { links, "links" }, { execbad, "execbad" }, { execbadelf, "execbadelf" },
  { execargs, "execargs" }, { fds, "fds" }, { mallocfree, "mallocfree" },
  { cowfork, "cowfork" }, { cowkernel, "cowkernel" }, { forkmodes, "forkmodes" }, { cowoom, "cowoom" },
  { lazysbrk, "lazysbrk" }, { lazyoom, "lazyoom" }, { inodefull, "inodefull" }, { manyreaders, "manyreaders" }, { vforktest, "vfork" }, { procmapstest, "procmaps" },
  { spawntest, "spawn" }, { malloctrim, "malloctrim" }, { stackfork, "stackfork" }, { mmaptest, "mmap" },
  { mapfile, "mapfile" }, { truncatetest, "ftruncate" }, { mapanon, "mapanon" }, { syncfile, "syncfile" }, { mapfull, "mapfull" }, { misaligned, "misaligned" }, { sharedtext, "sharedtext" },
};

int main(int argc, char **argv) {
  int failed = 0;
  /* Every name asked for must be a test: a typo must not pass as "ALL TESTS PASSED". */
  for (int a = 1; a < argc; a++) {
    uint i = 0;
    while (i < sizeof tests / sizeof tests[0] && strcmp(argv[a], tests[i].name) != 0) i++;
    if (i < sizeof tests / sizeof tests[0]) continue;
    fprintf(2, "usertests: no test named %s; the tests are:", argv[a]);
    for (i = 0; i < sizeof tests / sizeof tests[0]; i++) fprintf(2, " %s", tests[i].name);
    fprintf(2, "\n");
    exit(2);
  }
  for (uint i = 0; i < sizeof tests / sizeof tests[0]; i++) {
    int wanted = argc == 1;
    for (int a = 1; a < argc; a++) if (strcmp(argv[a], tests[i].name) == 0) wanted = 1;
    if (!wanted) continue;
    printf("test %s: ", tests[i].name);
    int pid = fork();
    if (pid < 0) { printf("fork failed\n"); exit(1); }
    if (pid == 0) { tests[i].fn(); exit(0); }
    int status;
    wait(&status);
    if (status == 0) printf("OK\n");
    else { printf("FAILED\n"); failed++; }
  }
  if (failed) { printf("SOME TESTS FAILED (%d)\n", failed); exit(1); }
  printf("ALL TESTS PASSED\n");
  exit(0);
}
