#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
// grep PATTERN [FILE...]: prints lines matching PATTERN, a regular expression with
// c (a character), . (any), * (repeat), ^ (start) and $ (end).
static char buf[1024];

static int matchhere(const char *re, const char *text);

static int matchstar(int c, const char *re, const char *text) {
  do {
    if (matchhere(re, text)) return 1;
  } while (*text != 0 && (*text++ == c || c == '.'));
  return 0;
}

static int matchhere(const char *re, const char *text) {
  if (re[0] == 0) return 1;
  if (re[1] == '*') return matchstar(re[0], re + 2, text);
  if (re[0] == '$' && re[1] == 0) return *text == 0;
  if (*text != 0 && (re[0] == '.' || re[0] == *text)) return matchhere(re + 1, text + 1);
  return 0;
}

static int match(const char *re, const char *text) {
  if (re[0] == '^') return matchhere(re + 1, text);
  do {
    if (matchhere(re, text)) return 1;
  } while (*text++ != 0);
  return 0;
}

static int matched; /* grep's status is 0 only if a line matched, as POSIX's */

static void grep(const char *pattern, int fd) {
  int m = 0, n;
  while ((n = read(fd, buf + m, sizeof buf - m - 1)) > 0) {
    m += n;
    buf[m] = 0;
    char *p = buf, *q;
    while ((q = strchr(p, '\n')) != 0) {
      *q = 0;
      if (match(pattern, p)) { *q = '\n'; write(1, p, q + 1 - p); matched = 1; }
      p = q + 1;
    }
    if (m > 0) { m -= p - buf; memmove(buf, p, m); }
    if (m == (int)sizeof buf - 1) m = 0; /* a line too long: drop it */
  }
}

int main(int argc, char **argv) {
  if (argc <= 1) { fprintf(2, "usage: grep pattern [file ...]\n"); exit(1); }
  if (argc <= 2) { grep(argv[1], 0); exit(!matched); }
  for (int i = 2; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) { fprintf(2, "grep: cannot open %s\n", argv[i]); exit(1); }
    grep(argv[1], fd);
    close(fd);
  }
  exit(!matched);
}
