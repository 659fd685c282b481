// The shell: commands with arguments, redirection (< >), pipelines (|), lists (;),
// background jobs (&) and parentheses. Parses a line into a tree of commands, then forks to run
// it. Built-in: cd. With no terminal prompt when its input is not the console.
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define EXEC 1
#define REDIR 2
#define PIPE 3
#define LIST 4
#define BACK 5
#define MAXARGS 16

struct cmd { int type; };
struct execcmd { int type; char *argv[MAXARGS], *eargv[MAXARGS]; };
struct redircmd { int type; struct cmd *cmd; char *file, *efile; int mode, fd; };
struct pipecmd { int type; struct cmd *left, *right; };
struct listcmd { int type; struct cmd *left, *right; };
struct backcmd { int type; struct cmd *cmd; };

static void panic_(const char *s) __attribute__((noreturn));
static void panic_(const char *s) { fprintf(2, "sh: %s\n", s); exit(1); }

static int fork1(void) {
  int pid = fork();
  if (pid == -1) panic_("fork failed");
  return pid;
}

/* Runs cmd in this process, which it ends. */
static void runcmd(struct cmd *cmd) __attribute__((noreturn));
static void runcmd(struct cmd *cmd) {
  int p[2];
  if (!cmd) exit(1);
  switch (cmd->type) {
    case EXEC: {
      struct execcmd *e = (struct execcmd *)cmd;
      if (e->argv[0] == 0) exit(1);
      exec(e->argv[0], e->argv);
      fprintf(2, "exec %s failed\n", e->argv[0]);
      exit(1);
    }
    case REDIR: {
      struct redircmd *r = (struct redircmd *)cmd;
      close(r->fd);
      if (open(r->file, r->mode) < 0) { fprintf(2, "open %s failed\n", r->file); exit(1); }
      runcmd(r->cmd);
    }
    case LIST: {
      struct listcmd *l = (struct listcmd *)cmd;
      if (fork1() == 0) runcmd(l->left);
      wait(0);
      runcmd(l->right);  /* the list's status is the last command's */
    }
    case PIPE: {
      struct pipecmd *pc = (struct pipecmd *)cmd;
      if (pipe(p) < 0) panic_("pipe failed");
      if (fork1() == 0) { close(1); dup(p[1]); close(p[0]); close(p[1]); runcmd(pc->left); }
      int right = fork1();
      if (right == 0) { close(0); dup(p[0]); close(p[0]); close(p[1]); runcmd(pc->right); }
      close(p[0]);
      close(p[1]);
      int st1 = 0, st2 = 0, w1 = wait(&st1);
      wait(&st2);
      exit(w1 == right ? st1 : st2); /* a pipeline's status is its last command's */
    }
    case BACK: {
      struct backcmd *b = (struct backcmd *)cmd;
      if (fork1() == 0) runcmd(b->cmd);
      exit(0);
    }
  }
  panic_("runcmd");
}

static int interactive;

static int getcmd(char *buf, int nbuf) {
  if (interactive) write(2, "$ ", 2);
  memset(buf, 0, nbuf);
  gets(buf, nbuf);
  return buf[0] == 0 ? -1 : 0; /* end of input */
}

// Parsing: a recursive descent over the line, with tokens pointing into it (NULs added later).
static const char whitespace[] = " \t\r\n\v";
static const char symbols[] = "<|>&;()";

static int gettoken(char **ps, char *es, char **q, char **eq) {
  char *s = *ps;
  while (s < es && strchr(whitespace, *s)) s++;
  if (q) *q = s;
  int ret = *s;
  switch (*s) {
    case 0: break;
    case '|': case '(': case ')': case ';': case '&': case '<': s++; break;
    case '>': s++; break;
    default:
      ret = 'a';
      while (s < es && !strchr(whitespace, *s) && !strchr(symbols, *s)) s++;
  }
  if (eq) *eq = s;
  while (s < es && strchr(whitespace, *s)) s++;
  *ps = s;
  return ret;
}

static int peek(char **ps, char *es, const char *toks) {
  char *s = *ps;
  while (s < es && strchr(whitespace, *s)) s++;
  *ps = s;
  return *s && strchr(toks, *s);
}

static struct cmd *parseline(char **, char *);
static struct cmd *parsepipe(char **, char *);
static struct cmd *parseexec(char **, char *);

static void *zalloc(uint n) {
  void *p = malloc(n);
  if (!p) panic_("out of memory");
  memset(p, 0, n);
  return p;
}

static struct cmd *redircmd(struct cmd *sub, char *file, char *efile, int mode, int fd) {
  struct redircmd *c = zalloc(sizeof *c);
  c->type = REDIR; c->cmd = sub; c->file = file; c->efile = efile; c->mode = mode; c->fd = fd;
  return (struct cmd *)c;
}

static struct cmd *parseredirs(struct cmd *cmd, char **ps, char *es) {
  char *q, *eq;
  while (peek(ps, es, "<>")) {
    int tok = gettoken(ps, es, 0, 0);
    if (gettoken(ps, es, &q, &eq) != 'a') panic_("missing file for redirection");
    if (tok == '<') cmd = redircmd(cmd, q, eq, O_RDONLY, 0);
    else cmd = redircmd(cmd, q, eq, O_WRONLY | O_CREATE | O_TRUNC, 1);
  }
  return cmd;
}

static struct cmd *parseblock(char **ps, char *es) {
  if (!peek(ps, es, "(")) panic_("parseblock");
  gettoken(ps, es, 0, 0);
  struct cmd *cmd = parseline(ps, es);
  if (!peek(ps, es, ")")) panic_("syntax: missing )");
  gettoken(ps, es, 0, 0);
  return parseredirs(cmd, ps, es);
}

static struct cmd *parseexec(char **ps, char *es) {
  if (peek(ps, es, "(")) return parseblock(ps, es);
  struct execcmd *e = zalloc(sizeof *e);
  e->type = EXEC;
  struct cmd *ret = parseredirs((struct cmd *)e, ps, es);
  int argc = 0;
  char *q, *eq;
  while (!peek(ps, es, "|)&;")) {
    int tok = gettoken(ps, es, &q, &eq);
    if (tok == 0) break;
    if (tok != 'a') panic_("syntax");
    e->argv[argc] = q;
    e->eargv[argc] = eq;
    if (++argc >= MAXARGS) panic_("too many arguments");
    ret = parseredirs(ret, ps, es);
  }
  e->argv[argc] = 0;
  e->eargv[argc] = 0;
  return ret;
}

static struct cmd *parsepipe(char **ps, char *es) {
  struct cmd *cmd = parseexec(ps, es);
  if (peek(ps, es, "|")) {
    gettoken(ps, es, 0, 0);
    struct pipecmd *p = zalloc(sizeof *p);
    p->type = PIPE; p->left = cmd; p->right = parsepipe(ps, es);
    cmd = (struct cmd *)p;
  }
  return cmd;
}

static struct cmd *parseline(char **ps, char *es) {
  struct cmd *cmd = parsepipe(ps, es);
  while (peek(ps, es, "&")) {
    gettoken(ps, es, 0, 0);
    struct backcmd *b = zalloc(sizeof *b);
    b->type = BACK; b->cmd = cmd;
    cmd = (struct cmd *)b;
  }
  if (peek(ps, es, ";")) {
    gettoken(ps, es, 0, 0);
    struct listcmd *l = zalloc(sizeof *l);
    l->type = LIST; l->left = cmd; l->right = parseline(ps, es);
    cmd = (struct cmd *)l;
  }
  return cmd;
}

/* Puts the NULs at the ends of the words (after parsing, since tokens point into the line). */
static struct cmd *nulterminate(struct cmd *cmd) {
  if (!cmd) return 0;
  switch (cmd->type) {
    case EXEC: { struct execcmd *e = (struct execcmd *)cmd; for (int i = 0; e->argv[i]; i++) *e->eargv[i] = 0; break; }
    case REDIR: { struct redircmd *r = (struct redircmd *)cmd; nulterminate(r->cmd); *r->efile = 0; break; }
    case PIPE: { struct pipecmd *p = (struct pipecmd *)cmd; nulterminate(p->left); nulterminate(p->right); break; }
    case LIST: { struct listcmd *l = (struct listcmd *)cmd; nulterminate(l->left); nulterminate(l->right); break; }
    case BACK: nulterminate(((struct backcmd *)cmd)->cmd); break;
  }
  return cmd;
}

static struct cmd *parsecmd(char *s) {
  char *es = s + strlen(s);
  struct cmd *cmd = parseline(&s, es);
  peek(&s, es, "");
  if (s != es) { fprintf(2, "leftovers: %s\n", s); panic_("syntax"); }
  return nulterminate(cmd);
}

int main(int argc, char **argv) {
  static char buf[128];
  int fd;
  /* Make sure fds 0-2 are open. */
  while ((fd = open("console", O_RDWR)) >= 0) {
    if (fd >= 3) { close(fd); break; }
  }
  interactive = 1;
  if (argc > 2 && strcmp(argv[1], "-c") == 0) {
    /* sh -c 'command line': run it and exit with its status. */
    static char line[256];
    strcpy(line, argv[2]);
    int status = 0;
    if (fork1() == 0) runcmd(parsecmd(line));
    wait(&status);
    exit(status);
  }
  if (argc > 1) {
    close(0);
    if (open(argv[1], O_RDONLY) < 0) { fprintf(2, "sh: cannot open %s\n", argv[1]); exit(1); }
    interactive = 0;
  }
  while (getcmd(buf, sizeof buf) >= 0) {
    char *s = buf;
    while (*s == ' ' || *s == '\t') s++;
    if (s[0] == 'c' && s[1] == 'd' && (s[2] == ' ' || s[2] == '\n')) {
      s[strlen(s) - 1] = 0;
      if (chdir(s + 3) < 0) fprintf(2, "cannot cd %s\n", s + 3);
      continue;
    }
    if (s[0] == '\n' || s[0] == 0) continue;
    if (fork1() == 0) runcmd(parsecmd(s));
    wait(0);
  }
  exit(0);
}
