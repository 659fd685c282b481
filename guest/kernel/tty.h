// The console's input modes (ttymode), shared with user space.
#ifndef XV32_TTY_H
#define XV32_TTY_H
#define TTY_COOKED 0  /* line at a time, edited and echoed by the kernel */
#define TTY_RAW 1     /* every byte at once, no echo: the reader edits (the shell does) */
/* The exit status of a process the console's ^C killed, as a POSIX shell reports SIGINT. */
#define EXIT_INTERRUPTED 130
#endif
