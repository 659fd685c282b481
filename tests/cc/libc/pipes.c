// A textbook standard C program: stdin into a growing malloc'd buffer, a child that counts it
// through a pipe and exits with the line count, another that execvp's echo with its output
// piped back, waitpid for both. Built with the host's gcc and with xv32 cc, it must print the
// same on Linux and on xv32.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char *slurp(int fd, size_t *len) {
  size_t cap = 16, n = 0;
  char *buf = malloc(cap);
  ssize_t r;
  while ((r = read(fd, buf + n, cap - n)) > 0) {
    n += (size_t)r;
    if (n == cap) buf = realloc(buf, cap *= 2);
  }
  *len = n;
  return buf;
}

int main(int argc, char **argv) {
  size_t len;
  char *text = slurp(0, &len);
  printf("read %zu bytes from stdin; %d arguments\n", len, argc - 1);
  fflush(stdout);

  int p[2];
  if (pipe(p) < 0) { perror("pipe"); return 1; }
  pid_t counter = fork();
  if (counter == 0) {
    close(p[1]);
    size_t n;
    char *got = slurp(p[0], &n);
    int lines = 0, words = 0, inword = 0;
    for (size_t i = 0; i < n; i++) {
      if (got[i] == '\n') lines++;
      if (strchr(" \t\n", got[i])) inword = 0;
      else if (!inword) { inword = 1; words++; }
    }
    printf("child counted %d lines and %d words\n", lines, words);
    exit(lines % 256);
  }
  close(p[0]);
  write(p[1], text, len);
  close(p[1]);
  int status;
  waitpid(counter, &status, 0);
  printf("counter exited with %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);

  int q[2];
  pipe(q);
  pid_t echo = fork();
  if (echo == 0) {
    dup2(q[1], 1);
    close(q[0]);
    close(q[1]);
    char *args[] = { "echo", "exec", "works", argc > 1 ? argv[1] : "none", NULL };
    execvp("echo", args);
    perror("execvp");
    _exit(127);
  }
  close(q[1]);
  size_t n;
  char *out = slurp(q[0], &n);
  waitpid(echo, &status, 0);
  printf("echo said: %.*s", (int)n, out);
  printf("echo exited with %d\n", WEXITSTATUS(status));

  const char *name = "pipes-out.txt";
  FILE *f = fopen(name, "w");
  fprintf(f, "%s has %zu bytes of input\n", argv[0] ? "this program" : "?", len);
  fclose(f);
  struct stat st;
  stat(name, &st);
  f = fopen(name, "r");
  char line[80];
  fgets(line, sizeof line, f);
  fclose(f);
  unlink(name);
  printf("file of %ld bytes: %s", (long)st.st_size, line);
  if (waitpid(echo, &status, 0) != -1) printf("waitpid found a child twice\n");
  return 0;
}
