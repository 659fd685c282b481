#ifndef XV32_TYPES_H
#define XV32_TYPES_H
typedef unsigned int uint;
typedef unsigned short ushort;
typedef unsigned char uchar;
typedef unsigned char uint8;
typedef unsigned short uint16;
typedef unsigned int uint32;
typedef unsigned long long uint64;
typedef uint32 pte_t;
typedef uint32 *pagetable_t; /* 1024 PTEs */
#define NULL ((void *)0)
#endif
