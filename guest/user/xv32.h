// xv32's extensions to the xv6 user API.
#ifndef XV32_XV32_H
#define XV32_XV32_H
#include "kernel/procinfo.h"
int procinfo(struct procinfo *, int max);  /* up to max processes; returns how many */
int shutdown(int code) __attribute__((noreturn)); /* powers off; the host sees code */
int bootargs(char *buf, int n); /* the kernel command line; returns its length, or -1 */
#endif
