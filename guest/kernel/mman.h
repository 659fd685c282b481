// mmap's flags, with Linux's values (its PROT_* are in procmaps.h); shared with user space.
#ifndef XV32_MMAN_H
#define XV32_MMAN_H
#define PROT_NONE 0
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_ANON MAP_ANONYMOUS
#define MAP_FAILED ((void *)-1)
#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4
#endif
