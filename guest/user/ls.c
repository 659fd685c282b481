#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "kernel/fcntl.h"
#include "user/user.h"
// ls [PATH...]: lists directories (name, type, inode, size) or describes files; status 1 if a
// path could not be listed.
static const char *fmtname(const char *path) {
  static char buf[DIRSIZ + 1];
  const char *p;
  for (p = path + strlen(path); p >= path && *p != '/'; p--) {}
  p++;
  if (strlen(p) >= DIRSIZ) return p;
  memmove(buf, p, strlen(p));
  memset(buf + strlen(p), ' ', DIRSIZ - strlen(p));
  buf[DIRSIZ] = 0;
  return buf;
}

static int ls(const char *path) {
  char buf[512], *p;
  struct dirent de;
  struct stat st;
  int fd = open(path, O_RDONLY);
  if (fd < 0) { fprintf(2, "ls: cannot open %s\n", path); return 1; }
  if (fstat(fd, &st) < 0) { fprintf(2, "ls: cannot stat %s\n", path); close(fd); return 1; }
  if (st.type != T_DIR) {
    printf("%s %d %d %d\n", fmtname(path), st.type, st.ino, (int)st.size);
  } else if (strlen(path) + 1 + DIRSIZ + 1 > sizeof buf) {
    fprintf(2, "ls: path too long\n");
    close(fd);
    return 1;
  } else {
    strcpy(buf, path);
    p = buf + strlen(buf);
    *p++ = '/';
    while (read(fd, &de, sizeof de) == sizeof de) {
      if (de.inum == 0) continue;
      memmove(p, de.name, DIRSIZ);
      p[DIRSIZ] = 0;
      if (stat(buf, &st) < 0) { printf("ls: cannot stat %s\n", buf); continue; }
      printf("%s %d %d %d\n", fmtname(buf), st.type, st.ino, (int)st.size);
    }
  }
  close(fd);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) exit(ls("."));
  int status = 0;
  for (int i = 1; i < argc; i++) status |= ls(argv[i]);
  exit(status);
}
