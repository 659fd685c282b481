// A process's memory map as the procmaps system call reports it (pmap); shared with user space.
#ifndef XV32_PROCMAPS_H
#define XV32_PROCMAPS_H
#define SEG_TEXT 0
#define SEG_DATA 1
#define SEG_BSS 2
#define SEG_GUARD 3
#define SEG_STACK 4
#define SEG_HEAP 5
#define SEG_MMAP 6  /* a mapping made by mmap: anonymous or of a file, private or shared */
#define NSEG 16
struct procmap {
  unsigned int start, end;      /* [start, end), page-aligned */
  unsigned int perm;            /* PROT_READ | PROT_WRITE | PROT_EXEC as mapped for user mode */
  int kind;                     /* SEG_* */
  unsigned int resident;        /* pages present */
  unsigned int shared;          /* present pages with more than one reference (fork, cow) */
  unsigned int dirty;           /* present pages with the D bit set */
  unsigned int swapped;         /* pages swapped out */
  unsigned int offset;          /* a file mapping's offset in its file, in bytes */
  int mapshared;                /* MAP_SHARED */
  char path[32];                /* a file mapping's file, as it was opened ("" if anonymous) */
};
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#endif
