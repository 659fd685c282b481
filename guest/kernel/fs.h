// The on-disk file system format, shared with mkfs and fsck (kernel-model/fs-format.ts):
// [ unused | superblock | log | inodes | free bitmap | data ] in blocks of BSIZE bytes.
#ifndef XV32_FS_H
#define XV32_FS_H
#define BSIZE 1024
#define FSMAGIC 0x10203041 /* format 2: double-indirect blocks (format 1, 0x10203040, had 12 direct) */
#define ROOTINO 1

struct superblock {
  uint magic;      /* FSMAGIC */
  uint size;       /* blocks in the image */
  uint nblocks;    /* data blocks */
  uint ninodes;
  uint nlog;       /* log blocks (header included) */
  uint logstart;
  uint inodestart;
  uint bmapstart;
};

#define NDIRECT 11
#define NINDIRECT (BSIZE / sizeof(uint))
#define NDINDIRECT (NINDIRECT * NINDIRECT)
#define MAXFILE (NDIRECT + NINDIRECT + NDINDIRECT) /* blocks: 65,803, a little over 64 MiB */
/* Bytes of file data one log operation may write (xv6's rule): its blocks may be logged twice
 * (unaligned ends), besides the inode, three indirect blocks (a write crossing from the
 * indirect block's range into the double-indirect one) and two bitmap blocks: 4 KiB, a page. */
#define MAXOPWRITE (((MAXOPBLOCKS - 1 - 3 - 2) / 2) * BSIZE)

/* An inode on disk: 64 bytes. */
struct dinode {
  short type;               /* T_DIR, T_FILE, T_DEVICE; 0 = free */
  short major, minor;       /* device numbers (T_DEVICE) */
  short nlink;              /* directory entries that name it */
  uint size;                /* bytes */
  uint addrs[NDIRECT + 2];  /* direct blocks, the indirect block, the double-indirect block */
};

#define IPB (BSIZE / sizeof(struct dinode))       /* inodes per block */
#define IBLOCK(i, sb) ((i) / IPB + (sb).inodestart)
#define BPB (BSIZE * 8)                           /* bitmap bits per block */
#define BBLOCK(b, sb) ((b) / BPB + (sb).bmapstart)

#define DIRSIZ 14
struct dirent {
  ushort inum;   /* 0 = free entry */
  char name[DIRSIZ];
};
#endif
