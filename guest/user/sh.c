// sh: the shell. Commands with arguments, quotes ('' and "" and \), $? and $$, # comments,
// redirection (< > >> with an optional fd before them, and N>&M), pipelines (|), lists (; && ||), background jobs (&) and
// parentheses; built-ins cd, exit, true, false and :; `sh -c LINE` and `sh SCRIPT`. A command that is not found
// is `NAME: command not found`, status 127; names without a / are looked up here, then in /.
//
// On the console it is interactive: a prompt, its own line editor (the console in raw mode:
// arrows, Home/End, ^A ^E ^B ^F, ^U ^W ^K, history on up/down, Tab completion of file names),
// and job control as far as ^C needs: each command line it runs in the foreground is a process
// group that the console's ^C kills, while the shell itself waits and survives.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/xv32.h"

#define MAXLINE 4096
#define MAXARGS 32
#define HISTORY 32

/* Markers left in words by the lexer where $? and $$ stand outside single quotes. */
#define MARK_STATUS '\x01'
#define MARK_PID '\x02'

enum { EXEC = 1, REDIR, PIPE, LIST, AND, OR, BACK, SUBSHELL };

struct cmd { int type; };
struct execcmd { int type; int argc; char *argv[MAXARGS + 1]; };
struct redircmd { int type; struct cmd *cmd; char *file; int mode, fd, dupfd; };
struct bincmd { int type; struct cmd *left, *right; };
struct backcmd { int type; struct cmd *cmd; }; /* BACK and SUBSHELL */

static int interactive; /* reading lines from the console: prompt, line editor, jobs */
static int status;      /* the last command's exit status: $? */
static int syntaxerr;
static int shellpid;    /* $$: this shell's pid, in its subshells too */

// ---- Memory for one line's words and commands: reset before each line. ----

static char arena[2 * MAXLINE + 8192];
static uint arenaused;

static void *alloc(uint n) {
  n = (n + 3) & ~3u;
  if (arenaused + n > sizeof arena) return 0;
  void *p = &arena[arenaused];
  arenaused += n;
  memset(p, 0, n);
  return p;
}

// ---- The lexer: words (quotes removed, $? marked) and operators. ----

enum { T_END = 0, T_WORD, T_PIPE, T_AMP, T_SEMI, T_AND, T_OR, T_LPAREN, T_RPAREN, T_REDIR, T_BAD };

static char *lp;       /* where the lexer is in the line */
static int tok;        /* the current token */
static char *tokword;  /* its text, for T_WORD */
/* For T_REDIR ([N]< [N]> [N]>> [N]>&M): the fd redirected, how the file opens (or -1 for a
 * duplicate), and the fd it duplicates. */
static int redirfd, redirmode, redirdup;

static int isspace_(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v'; }
static int isop(char c) { return c == '|' || c == '&' || c == ';' || c == '<' || c == '>' || c == '(' || c == ')'; }

/* Reads one word at lp into the arena; 0 if a quote is left open or the arena is full. */
static char *lexword(void) {
  char *w = alloc(strlen(lp) + 1);
  if (!w) return 0;
  int n = 0;
  while (*lp && !isspace_(*lp) && !isop(*lp)) {
    char c = *lp++;
    if (c == '\\') {
      if (*lp) w[n++] = *lp++;
    } else if (c == '\'') {
      while (*lp && *lp != '\'') w[n++] = *lp++;
      if (*lp != '\'') return 0;
      lp++;
    } else if (c == '"') {
      while (*lp && *lp != '"') {
        if (*lp == '\\' && (lp[1] == '"' || lp[1] == '\\' || lp[1] == '$')) { lp++; w[n++] = *lp++; }
        else if (*lp == '$' && lp[1] == '?') { w[n++] = MARK_STATUS; lp += 2; }
        else if (*lp == '$' && lp[1] == '$') { w[n++] = MARK_PID; lp += 2; }
        else w[n++] = *lp++;
      }
      if (*lp != '"') return 0;
      lp++;
    } else if (c == '$' && *lp == '?') {
      w[n++] = MARK_STATUS; lp++;
    } else if (c == '$' && *lp == '$') {
      w[n++] = MARK_PID; lp++;
    } else {
      w[n++] = c;
    }
  }
  w[n] = 0;
  arenaused = (w - arena) + ((n + 4) & ~3u); /* give back what the word did not use */
  return w;
}

static void next(void) {
  while (isspace_(*lp)) lp++;
  char *s = lp;
  if (*s == 0 || *s == '#') { tok = T_END; return; } /* a comment runs to the end of the line */
  int fd = -1;
  if (s[0] >= '0' && s[0] <= '9' && (s[1] == '<' || s[1] == '>')) { fd = s[0] - '0'; s++; }
  if (*s == '<' || *s == '>') {
    tok = T_REDIR;
    redirdup = -1;
    if (*s == '<') { redirfd = fd < 0 ? 0 : fd; redirmode = O_RDONLY; s++; }
    else if (s[1] == '>') { redirfd = fd < 0 ? 1 : fd; redirmode = O_WRONLY | O_CREATE | O_APPEND; s += 2; }
    else if (s[1] == '&' && s[2] >= '0' && s[2] <= '9') { redirfd = fd < 0 ? 1 : fd; redirmode = -1; redirdup = s[2] - '0'; s += 3; }
    else { redirfd = fd < 0 ? 1 : fd; redirmode = O_WRONLY | O_CREATE | O_TRUNC; s++; }
    lp = s;
    return;
  }
  switch (*s) {
    case '|': lp++; if (*lp == '|') { lp++; tok = T_OR; } else tok = T_PIPE; return;
    case '&': lp++; if (*lp == '&') { lp++; tok = T_AND; } else tok = T_AMP; return;
    case ';': lp++; tok = T_SEMI; return;
    case '(': lp++; tok = T_LPAREN; return;
    case ')': lp++; tok = T_RPAREN; return;
  }
  tokword = lexword();
  tok = tokword ? T_WORD : T_BAD;
}

// ---- The parser: recursive descent, one token of look-ahead. ----

static void *fail(const char *what) {
  if (!syntaxerr) {
    if (tok == T_BAD) fprintf(2, "sh: syntax error: %s\n", arenaused + MAXLINE > sizeof arena ? "line too complex" : "unterminated quote");
    else fprintf(2, "sh: syntax error: %s\n", what);
  }
  syntaxerr = 1;
  return 0;
}

static struct cmd *parselist(void);

/* The redirection at the current T_REDIR token (its command is filled in by wrap()). */
static struct cmd *redirect(void) {
  struct redircmd *r = alloc(sizeof *r);
  if (!r) return fail("line too complex");
  r->type = REDIR; r->fd = redirfd; r->mode = redirmode; r->dupfd = redirdup;
  next();
  if (r->dupfd >= 0) return (struct cmd *)r;
  if (tok != T_WORD) return fail("a redirection needs a file name");
  r->file = tokword;
  next();
  return (struct cmd *)r;
}

/* Redirections apply in the order written: the first is outermost, so the last one wins. */
static struct cmd *wrap(struct cmd *inner, struct cmd **redirs, int n) {
  for (int i = n - 1; i >= 0; i--) { ((struct redircmd *)redirs[i])->cmd = inner; inner = redirs[i]; }
  return inner;
}

static struct cmd *parsecommand(void) {
  struct cmd *redirs[16];
  int nredir = 0;
  struct cmd *cmd;
  if (tok == T_LPAREN) {
    next();
    cmd = parselist();
    if (!cmd) return syntaxerr ? 0 : fail("empty ( )");
    if (tok != T_RPAREN) return fail("missing )");
    next();
    struct backcmd *sub = alloc(sizeof *sub);
    if (!sub) return fail("line too complex");
    sub->type = SUBSHELL; sub->cmd = cmd;
    cmd = (struct cmd *)sub;
  } else {
    struct execcmd *e = alloc(sizeof *e);
    if (!e) return fail("line too complex");
    e->type = EXEC;
    cmd = (struct cmd *)e;
    while (tok == T_WORD || tok == T_REDIR) {
      if (tok == T_WORD) {
        if (e->argc == MAXARGS) return fail("too many arguments");
        e->argv[e->argc++] = tokword;
        next();
        continue;
      }
      if (nredir == 16) return fail("too many redirections");
      if (!(redirs[nredir++] = redirect())) return 0;
    }
    if (e->argc == 0 && nredir == 0) return 0;
  }
  while (tok == T_REDIR) {
    if (nredir == 16) return fail("too many redirections");
    if (!(redirs[nredir++] = redirect())) return 0;
  }
  return wrap(cmd, redirs, nredir);
}

static struct cmd *binary(int type, struct cmd *l, struct cmd *r) {
  struct bincmd *b = alloc(sizeof *b);
  if (!b) return fail("line too complex");
  b->type = type; b->left = l; b->right = r;
  return (struct cmd *)b;
}

static struct cmd *parsepipeline(void) {
  struct cmd *c = parsecommand();
  if (!c) return 0;
  if (tok != T_PIPE) return c;
  next();
  struct cmd *r = parsepipeline();
  if (!r) return syntaxerr ? 0 : fail("| needs a command after it");
  return binary(PIPE, c, r);
}

static struct cmd *parseandor(void) {
  struct cmd *c = parsepipeline();
  while (c && (tok == T_AND || tok == T_OR)) {
    int type = tok == T_AND ? AND : OR;
    next();
    struct cmd *r = parsepipeline();
    if (!r) return syntaxerr ? 0 : fail(type == AND ? "&& needs a command after it" : "|| needs a command after it");
    c = binary(type, c, r);
  }
  return c;
}

static struct cmd *parselist(void) {
  struct cmd *c = parseandor();
  if (!c) {
    if (!syntaxerr && tok != T_END && tok != T_RPAREN) fail("unexpected operator");
    return 0;
  }
  if (tok == T_AMP) {
    struct backcmd *b = alloc(sizeof *b);
    if (!b) return fail("line too complex");
    b->type = BACK; b->cmd = c;
    c = (struct cmd *)b;
    next();
  } else if (tok == T_SEMI) {
    next();
  } else {
    return c;
  }
  struct cmd *r = parselist();
  if (syntaxerr) return 0;
  return r ? binary(LIST, c, r) : c;
}

/* The command tree of a line; 0 for an empty line or a syntax error (syntaxerr says which). */
static struct cmd *parse(char *line) {
  arenaused = 0;
  syntaxerr = 0;
  lp = line;
  next();
  struct cmd *c = parselist();
  if (!syntaxerr && tok != T_END) { fail(tok == T_RPAREN ? "unexpected )" : "unexpected operator"); c = 0; }
  return syntaxerr ? 0 : c;
}

// ---- Running commands. ----

/* A word with its $? and $$ markers replaced by their values. */
static char *expand(char *w) {
  if (!strchr(w, MARK_STATUS) && !strchr(w, MARK_PID)) return w;
  char *out = alloc(strlen(w) * 11 + 1);
  if (!out) return w;
  int n = 0;
  for (char *s = w; *s; s++) {
    if (*s != MARK_STATUS && *s != MARK_PID) { out[n++] = *s; continue; }
    char num[12];
    int v = *s == MARK_STATUS ? status : shellpid, k = 0;
    do { num[k++] = '0' + v % 10; v /= 10; } while (v);
    while (k) out[n++] = num[--k];
  }
  out[n] = 0;
  return out;
}

static void die(const char *what) __attribute__((noreturn));
static void die(const char *what) { fprintf(2, "sh: %s\n", what); exit(1); }

static int builtin(struct execcmd *e) {
  char *name = e->argv[0];
  if (strcmp(name, "cd") == 0) {
    if (e->argc > 2) { fprintf(2, "sh: cd: too many arguments\n"); return 1; }
    char *dir = e->argc > 1 ? expand(e->argv[1]) : "/";
    if (chdir(dir) < 0) { fprintf(2, "sh: cd: %s: no such directory\n", dir); return 1; }
    return 0;
  }
  if (strcmp(name, "true") == 0 || strcmp(name, ":") == 0) return 0;
  if (strcmp(name, "false") == 0) return 1;
  if (strcmp(name, "exit") == 0) {
    int code = e->argc > 1 ? atoi(expand(e->argv[1])) : status;
    if (interactive) ttymode(0, TTY_COOKED);
    exit(code & 0xff);
  }
  return -1;
}

static int isbuiltin(struct cmd *c) {
  if (c->type != EXEC) return 0;
  struct execcmd *e = (struct execcmd *)c;
  static const char *names[] = { "cd", "exit", "true", "false", ":" };
  for (uint i = 0; e->argc > 0 && i < sizeof names / sizeof names[0]; i++) if (strcmp(e->argv[0], names[i]) == 0) return 1;
  return 0;
}

static void runchild(struct cmd *c) __attribute__((noreturn));
static int run(struct cmd *c);

/* Waits for process pid (reaping background jobs that end meanwhile); its status, 0-255. */
static int waitfor(int pid) {
  int st = 0, w;
  while ((w = wait(&st)) >= 0 && w != pid) {}
  return w == pid ? st & 0xff : 1;
}

/* Forks a child that runs c; in the foreground, waits for it and returns its status. */
static int forkrun(struct cmd *c, int background) {
  int pid = fork();
  if (pid < 0) { fprintf(2, "sh: fork failed\n"); return 1; }
  if (pid == 0) {
    /* A job of its own: ^C on the console kills the foreground one, never the shell. The parent
     * does the same, so there is no moment when ^C could reach the wrong group. */
    if (interactive) {
      setpgid(0, 0);
      if (!background) tcsetpgrp(0, getpid());
    }
    runchild(c);
  }
  if (interactive) {
    setpgid(pid, pid);
    if (!background) tcsetpgrp(0, pid);
  }
  if (background) {
    if (interactive) printf("[%d]\n", pid);
    return 0;
  }
  int st = waitfor(pid);
  if (interactive) tcsetpgrp(0, 0);
  return st;
}

/* Runs c in this process and returns its status (lists, && and || run here, so cd and exit in
 * them act on this shell). */
static int run(struct cmd *c) {
  struct bincmd *b = (struct bincmd *)c;
  switch (c->type) {
    case LIST:
      status = run(b->left);
      if (status == EXIT_INTERRUPTED) return status; /* ^C stops the whole line */
      return run(b->right);
    case AND:
      status = run(b->left);
      return status == 0 ? run(b->right) : status;
    case OR:
      status = run(b->left);
      return status != 0 && status != EXIT_INTERRUPTED ? run(b->right) : status;
    case BACK:
      return forkrun(((struct backcmd *)c)->cmd, 1);
    case EXEC:
      if (isbuiltin(c)) return builtin((struct execcmd *)c);
      /* fall through */
    default:
      return forkrun(c, 0);
  }
}

/* Runs a program: as named, then from / if the name has no slash. */
static void execprogram(struct execcmd *e) __attribute__((noreturn));
static void execprogram(struct execcmd *e) {
  char *argv[MAXARGS + 1];
  for (int i = 0; i < e->argc; i++) argv[i] = expand(e->argv[i]);
  argv[e->argc] = 0;
  char *name = argv[0];
  exec(name, argv);
  static char path[MAXPATH + 1];
  if (!strchr(name, '/') && strlen(name) < MAXPATH) {
    path[0] = '/';
    strcpy(path + 1, name);
    exec(path, argv);
  }
  struct stat st;
  if (stat(name, &st) == 0 || (path[0] && stat(path, &st) == 0)) {
    fprintf(2, "sh: %s: cannot execute (%s)\n", name, st.type == T_DIR ? "a directory" : "not an RV32 executable");
    exit(126);
  }
  fprintf(2, "%s: command not found\n", name);
  exit(127);
}

/* Runs c in this (forked) process, which it ends with c's status. */
static void runchild(struct cmd *c) {
  int p[2];
  switch (c->type) {
    case EXEC: {
      struct execcmd *e = (struct execcmd *)c;
      if (e->argc == 0) exit(0); /* only redirections: files made, nothing run */
      int st = builtin(e);
      if (st >= 0) exit(st);
      execprogram(e);
    }
    case REDIR: {
      struct redircmd *r = (struct redircmd *)c;
      if (r->dupfd >= 0) {
        close(r->fd);
        if (dup(r->dupfd) != r->fd) die("cannot redirect");
      } else {
        char *file = expand(r->file);
        int fd = open(file, r->mode);
        if (fd < 0) {
          fprintf(2, "sh: %s: cannot %s\n", file, r->fd == 0 ? "open" : "create");
          exit(1);
        }
        if (fd != r->fd) {
          close(r->fd);
          if (dup(fd) != r->fd) die("cannot redirect");
          close(fd);
        }
      }
      runchild(r->cmd);
    }
    case PIPE: {
      struct bincmd *b = (struct bincmd *)c;
      if (pipe(p) < 0) die("pipe failed");
      int left = fork();
      if (left < 0) die("fork failed");
      if (left == 0) { close(1); dup(p[1]); close(p[0]); close(p[1]); runchild(b->left); }
      int right = fork();
      if (right < 0) die("fork failed");
      if (right == 0) { close(0); dup(p[0]); close(p[0]); close(p[1]); runchild(b->right); }
      close(p[0]);
      close(p[1]);
      int st = waitfor(right); /* a pipeline's status is its last command's */
      waitfor(left);
      exit(st);
    }
    case SUBSHELL:
      interactive = 0;
      exit(run(((struct backcmd *)c)->cmd));
    default:
      exit(run(c));
  }
}

// ---- Reading lines: a plain reader for scripts and pipes, an editor on the console. ----

/* Reads a line without its newline into buf; -1 at the end of input, -2 for one too long
 * (consumed, so its tail never becomes the next command). */
static int readplain(int fd, char *buf, int max) {
  int n = 0, toolong = 0;
  for (;;) {
    char c;
    if (read(fd, &c, 1) < 1) { if (n == 0 && !toolong) return -1; break; }
    if (c == '\n') break;
    if (n + 1 < max) buf[n++] = c; else toolong = 1;
  }
  buf[n] = 0;
  return toolong ? -2 : n;
}

static char *history[HISTORY];
static int nhistory;

static void remember(const char *line) {
  if (!*line || (nhistory && strcmp(history[(nhistory - 1) % HISTORY], line) == 0)) return;
  char *copy = malloc(strlen(line) + 1);
  if (!copy) return;
  strcpy(copy, line);
  if (nhistory >= HISTORY) free(history[nhistory % HISTORY]);
  history[nhistory % HISTORY] = copy;
  nhistory++;
}

static const char prompt[] = "$ ";

static void out(const char *s, int n) { if (n > 0) write(1, s, n); }
static void outs(const char *s) { out(s, strlen(s)); }

/* Redraws the line with the cursor at pos (on a single terminal row). */
static void refresh(char *buf, int len, int pos) {
  char seq[16];
  outs("\r");
  outs(prompt);
  out(buf, len);
  outs("\x1b[K");
  if (len > pos) {
    int n = 0, v = len - pos, k = 0;
    char num[8];
    do { num[k++] = '0' + v % 10; v /= 10; } while (v);
    seq[n++] = '\x1b'; seq[n++] = '[';
    while (k) seq[n++] = num[--k];
    seq[n++] = 'D';
    out(seq, n);
  }
}

/* Tab: completes the word before the cursor with the names in its directory. */
static int complete(char *buf, int *len, int *pos, int max) {
  int ws = *pos;
  while (ws > 0 && buf[ws - 1] != ' ') ws--;
  char dir[MAXPATH], prefix[DIRSIZ + 1];
  int slash = -1;
  for (int i = ws; i < *pos; i++) if (buf[i] == '/') slash = i;
  int dl = slash < 0 ? 0 : slash - ws + 1;
  if (dl >= MAXPATH - 1 || *pos - ws - dl > DIRSIZ) return 0;
  if (dl) { memmove(dir, buf + ws, dl); dir[dl] = 0; } else strcpy(dir, ".");
  int pl = *pos - ws - dl;
  memmove(prefix, buf + ws + dl, pl);
  prefix[pl] = 0;
  int fd = open(dir, O_RDONLY);
  if (fd < 0) return 0;
  static char names[64][DIRSIZ + 1];
  int nmatch = 0;
  struct dirent de;
  while (read(fd, &de, sizeof de) == sizeof de && nmatch < 64) {
    if (de.inum == 0) continue;
    char name[DIRSIZ + 1];
    memmove(name, de.name, DIRSIZ);
    name[DIRSIZ] = 0;
    if ((name[0] == '.' && prefix[0] != '.') || memcmp(name, prefix, pl) != 0) continue;
    strcpy(names[nmatch++], name);
  }
  close(fd);
  if (nmatch == 0) return 0;
  /* The longest common extension of the prefix. */
  int common = strlen(names[0]);
  for (int i = 1; i < nmatch; i++) {
    int k = pl;
    while (k < common && names[i][k] == names[0][k]) k++;
    common = k;
  }
  char add[DIRSIZ + 2];
  int na = 0;
  for (int k = pl; k < common; k++) add[na++] = names[0][k];
  if (nmatch == 1) {
    char path[MAXPATH + DIRSIZ + 1];
    struct stat st;
    strcpy(path, dir);
    strcpy(path + strlen(path), "/");
    strcpy(path + strlen(path), names[0]);
    add[na++] = stat(path, &st) == 0 && st.type == T_DIR ? '/' : ' ';
  }
  if (na == 0) {
    /* Ambiguous: list the candidates under the line, then draw it again. */
    outs("\n");
    for (int i = 0; i < nmatch; i++) { outs(names[i]); outs(i + 1 < nmatch ? "  " : "\n"); }
    return 1;
  }
  if (*len + na >= max) return 0;
  memmove(buf + *pos + na, buf + *pos, *len - *pos);
  memmove(buf + *pos, add, na);
  *len += na;
  *pos += na;
  return 1;
}

/* Reads an escape sequence after ESC; returns the key: 'A'-'D' arrows, 'H' Home, 'F' End,
 * 'X' Delete, 0 for others. */
static int readescape(void) {
  char c, n = 0;
  if (read(0, &c, 1) < 1 || (c != '[' && c != 'O')) return 0;
  for (;;) {
    if (read(0, &c, 1) < 1) return 0;
    if (c >= '0' && c <= '9') { n = n * 10 + (c - '0'); continue; }
    if (c == ';') continue;
    break;
  }
  if (c == '~') return n == 1 || n == 7 ? 'H' : n == 4 || n == 8 ? 'F' : n == 3 ? 'X' : 0;
  return c;
}

/* Reads a line on the console with editing and history; its length, or -1 at the end of input. */
static int readedit(char *buf, int max) {
  int len = 0, pos = 0, hpos = nhistory;
  ttymode(0, TTY_RAW);
  outs(prompt);
  for (;;) {
    char c;
    if (read(0, &c, 1) < 1) { len = -1; break; }
    int key = (uchar)c;
    if (key == 0x1b) key = readescape() | 0x100;
    if (key == '\r' || key == '\n') {
      if (pos < len) refresh(buf, len, len);
      outs("\n");
      break;
    }
    switch (key) {
      case 3: /* ^C: abandon the line */
        outs("^C\n");
        len = pos = 0;
        hpos = nhistory;
        outs(prompt);
        continue;
      case 4: /* ^D: the end of input on an empty line, else delete under the cursor */
        if (len == 0) { outs("\n"); ttymode(0, TTY_COOKED); return -1; }
        if (pos < len) { memmove(buf + pos, buf + pos + 1, len - pos - 1); len--; }
        break;
      case 0x100 | 'X':
        if (pos < len) { memmove(buf + pos, buf + pos + 1, len - pos - 1); len--; }
        break;
      case 8: case 0x7f: /* backspace */
        if (pos > 0) { memmove(buf + pos - 1, buf + pos, len - pos); pos--; len--; }
        break;
      case 1: case 0x100 | 'H': pos = 0; break;
      case 5: case 0x100 | 'F': pos = len; break;
      case 2: case 0x100 | 'D': if (pos > 0) pos--; break;
      case 6: case 0x100 | 'C': if (pos < len) pos++; break;
      case 11: len = pos; break; /* ^K */
      case 21: memmove(buf, buf + pos, len - pos); len -= pos; pos = 0; break; /* ^U */
      case 23: { /* ^W: the word before the cursor */
        int s = pos;
        while (s > 0 && buf[s - 1] == ' ') s--;
        while (s > 0 && buf[s - 1] != ' ') s--;
        memmove(buf + s, buf + pos, len - pos);
        len -= pos - s;
        pos = s;
        break;
      }
      case 16: case 0x100 | 'A': case 14: case 0x100 | 'B': { /* ^P, up / ^N, down: history */
        int up = key == 16 || key == (0x100 | 'A');
        int oldest = nhistory > HISTORY ? nhistory - HISTORY : 0;
        if (up ? hpos <= oldest : hpos >= nhistory) break;
        hpos += up ? -1 : 1;
        const char *h = hpos < nhistory ? history[hpos % HISTORY] : "";
        len = pos = strlen(h) < (uint)max - 1 ? strlen(h) : (uint)max - 1;
        memmove(buf, h, len);
        break;
      }
      case '\t':
        if (!complete(buf, &len, &pos, max)) out("\a", 1);
        break;
      default:
        if (key < 0x20 || key >= 0x100 || len + 1 >= max) { if (key < 0x100) out("\a", 1); continue; }
        if (pos == len) {
          /* Typing at the end of the line, the common case: echo just the character. */
          buf[len++] = c;
          pos++;
          out(&c, 1);
          continue;
        }
        memmove(buf + pos + 1, buf + pos, len - pos);
        buf[pos++] = c;
        len++;
    }
    refresh(buf, len, pos);
  }
  ttymode(0, TTY_COOKED);
  if (len >= 0) buf[len] = 0;
  return len;
}

/* Runs one line; returns its status. */
static int runline(char *line) {
  struct cmd *c = parse(line);
  if (syntaxerr) return 2;
  if (!c) return status; /* empty, or only a comment */
  return run(c);
}

int main(int argc, char **argv) {
  static char buf[MAXLINE];
  int fd;
  shellpid = getpid();
  /* Make sure fds 0-2 are open. */
  while ((fd = open("console", O_RDWR)) >= 0) {
    if (fd >= 3) { close(fd); break; }
  }
  if (argc > 1 && strcmp(argv[1], "-c") == 0) {
    if (argc < 3) { fprintf(2, "sh: -c needs a command line\n"); exit(2); }
    if (strlen(argv[2]) >= MAXLINE) { fprintf(2, "sh: -c: line too long\n"); exit(2); }
    strcpy(buf, argv[2]);
    exit(runline(buf));
  }
  int in = 0;
  if (argc > 1 && (in = open(argv[1], O_RDONLY)) < 0) {
    fprintf(2, "sh: %s: cannot open\n", argv[1]);
    exit(127);
  }
  interactive = in == 0 && ttymode(0, -1) >= 0;
  for (;;) {
    int n = interactive ? readedit(buf, sizeof buf) : readplain(in, buf, sizeof buf);
    if (n == -1) break;
    if (n == -2) { fprintf(2, "sh: line too long (at most %d characters)\n", MAXLINE - 1); status = 2; continue; }
    if (interactive) remember(buf);
    status = runline(buf);
  }
  exit(status);
}
