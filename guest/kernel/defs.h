// The kernel's functions, by file.
#ifndef XV32_DEFS_H
#define XV32_DEFS_H
struct buf; struct context; struct file; struct inode; struct pipe; struct proc; struct spinlock;
struct sleeplock; struct stat; struct superblock; struct procinfo;

// bio.c
void binit(void);
struct buf *bread(uint, uint);
void brelse(struct buf *);
void bwrite(struct buf *);
void bpin(struct buf *);
void bunpin(struct buf *);
// console.c
void consoleinit(void);
int consoleintr(int);
int consoleroom(void);
int consolemode(int);
int consolesetfg(int);
void consputc(int);
// exec.c
int exec(char *, char **);
// fdt.c
extern char bootargs[];
void fdt_parse(uint);
// file.c
struct file *filealloc(void);
void fileclose(struct file *);
struct file *filedup(struct file *);
void fileinit(void);
int fileread(struct file *, uint, int);
int filestat(struct file *, uint);
int filewrite(struct file *, uint, int);
// fs.c
int fsinit(int);
void fserror(const char *, uint, const char *);
int homeblock(uint);
int dirlink(struct inode *, const char *, uint);
struct inode *dirlookup(struct inode *, const char *, uint *);
uint dirfind(struct inode *, const char *, uint *);
struct inode *iget(uint, uint);
struct inode *ialloc(uint, short);
struct inode *idup(struct inode *);
void iinit(void);
void ilock(struct inode *);
void iput(struct inode *);
void iunlock(struct inode *);
void iunlockput(struct inode *);
void iupdate(struct inode *);
void itrunc(struct inode *);
void itruncto(struct inode *, uint);
uint bmap_lookup(struct inode *, uint);
int namecmp(const char *, const char *);
struct inode *namei(const char *);
struct inode *nameiparent(const char *, char *);
int readi(struct inode *, int, uint, uint, uint);
void stati(struct inode *, struct stat *);
int writei(struct inode *, int, uint, uint, uint);
// kalloc.c
void *kalloc(void);
void kfree(void *);
void kinit(void);
void kref(void *);
void kcounts(uint *, uint *);
int krefcount(void *);
uint kfreecount(void);
// kmodel.c
void kmodel_event(int, int);
void memflux_begin(void);
void memflux_end(void);
// log.c
void initlog(int, struct superblock *);
void log_force(void);
void log_write(struct buf *);
void begin_op(void);
void end_op(void);
// pagecache.c
void pcacheinit(void);
uint pcache_get(struct inode *, uint);
void pcache_update(struct inode *, uint, const char *, uint);
void pcache_truncate(struct inode *, uint);
int pcache_reclaim(void);
void pcache_unmapped(uint);
int pcache_holds(uint);
int kmapcount(uint);
extern uint pcache_reads, pcache_hits, pcache_drops;
// pipe.c
int pipealloc(struct file **, struct file **);
void pipeclose(struct pipe *, int);
int piperead(struct pipe *, uint, int);
int pipewrite(struct pipe *, uint, int);
// plic.c
void plicinit(void);
int plic_claim(void);
void plic_complete(int);
// printf.c
void printf(const char *, ...);
void panic(const char *) __attribute__((noreturn));
void printfinit(void);
// proc.c
extern struct spinlock proc_lock;
void exit(int) __attribute__((noreturn));
int fork(void);
int vfork(void);
int spawn(char *, char **);
void vfork_release(struct proc *);
int growproc(int);
uint heapbase(struct proc *);
uint heaplimit(void);
int stackseg(struct proc *);
int stackoverflow(struct proc *, uint);
// mmap.c
int mmapseg(struct proc *, uint);
uint mmaplow(struct proc *);
int filefault(struct proc *, int, uint);
void mmap_fork(struct proc *);
void mmap_release(struct proc *, pagetable_t);
extern uint file_faults, writebacks, file_drops;
int filewritepage(struct inode *, uint, uint);
int writeheldpage(struct inode *, uint, uint);
void redirty(pagetable_t, uint, uint);
struct segment;
uint mapoffset(struct segment *, uint);
int pcache_full(void);
int kill(int);
int killpgrp(int);
int setpgid(int, int);
void exitkilled(void) __attribute__((noreturn));
int killed(struct proc *);
struct proc *myproc(void);
void procinit(void);
void scheduler(void) __attribute__((noreturn));
void sched(void);
void sleep(void *, struct spinlock *);
void userinit(void);
int waitpid(int, uint, int);
void wakeup(void *);
void wakeup_locked(void *);
void yield(void);
int either_copyout(int, uint, void *, uint);
int either_copyin(void *, int, uint, uint);
void procdump(void);
int procinfo(struct procinfo *, int);
struct procmap;
int procmaps(int, struct procmap *, int);
int procname(int, char *);
// procfs.c
int procpath(const char *, int *);
int procread(struct file *, uint, int);
// sbi.c
void sbi_set_timer(uint64);
void sbi_putchar(int);
void sbi_shutdown(uint) __attribute__((noreturn));
// sleeplock.c
void acquiresleep(struct sleeplock *);
void releasesleep(struct sleeplock *);
int holdingsleep(struct sleeplock *);
void initsleeplock(struct sleeplock *, const char *);
// spinlock.c
void acquire(struct spinlock *);
int holding(struct spinlock *);
void initlock(struct spinlock *, const char *);
void release(struct spinlock *);
void push_off(void);
void pop_off(void);
int intr_saved(void);
void intr_restore_saved(int);
int push_depth(void);
// string.c
int memcmp(const void *, const void *, uint);
void *memmove(void *, const void *, uint);
void *memset(void *, int, uint);
void *memcpy(void *, const void *, uint);
char *safestrcpy(char *, const char *, int);
int strlen(const char *);
int strncmp(const char *, const char *, uint);
char *strncpy(char *, const char *, int);
// swtch.S
void swtch(struct context *, struct context *);
// syscall.c
void argint(int, int *);
int argstr(int, char *, int);
void argaddr(int, uint *);
int fetchstr(uint, char *, int);
int fetchaddr(uint, uint *);
void syscall(void);
// trap.c
extern uint ticks;
extern struct spinlock tickslock;
void trapinit(void);
void trapinithart(void);
void usertrapret(void) __attribute__((noreturn));
// uart.c
void uartinit(void);
void uartintr(void);
void uartrxresume(void);
void uart1putc_sync(int);
extern int stderr_uart;
void uartputc_sync(int);
// vm.c
void kvminit(void);
pte_t *walk(pagetable_t, uint, int);
uint walkaddr(pagetable_t, uint);
int mappages(pagetable_t, uint, uint, uint, uint);
pagetable_t uvmcreate(void);
uint uvmalloc(pagetable_t, uint, uint, uint);
uint uvmdealloc(pagetable_t, uint, uint);
int uvmcopy(pagetable_t, pagetable_t);
void uvmfree(pagetable_t);
int uvmunmap(pagetable_t, uint, uint, int);
int copyout(pagetable_t, uint, const char *, uint);
int copyin(pagetable_t, char *, uint, uint);
int copyinstr(pagetable_t, char *, uint, uint);
int cowfault(pagetable_t, uint);
int lazyfault(pagetable_t, uint);
extern int sbrk_mode;
extern uint lazy_faults, stack_grown, stack_max, mmap_faults;
int uvmprotect(pagetable_t, uint, uint, int);
#define COW_NOT_COW (-1)
#define COW_NO_MEMORY (-2)
#define LAZY_NO_MEMORY (-2)
#define LAZY_PAST_EOF (-3) /* a file mapping touched past the end of its file (SIGBUS) */
extern int fork_mode;
extern uint fork_copied, cow_faults, cow_copied, pagetable_pages, ptes_written, pt_allocated;
extern uint64 start_instret;
// swap.c
void swapinit(void);
int swapwrite(pte_t *);
int swappable(pte_t);
#define PAGEOUT_FILE 1 /* pageout() let a file mapping's page go */
#define PAGEOUT_SWAP 2 /* pageout() wrote an anonymous page to swap */
int pageout(void);
int syncpages(void);
void faultreserve(void);
int swapin(pagetable_t, uint);
void swapdup(pte_t);
void swapdrop(pte_t);
void swapforget(uint);
uint swapused(void);
void oomkill(void);
void kreserve(uint);
uint forkneed(pagetable_t);
pte_t *usertable(pagetable_t, uint);
int unshare(pagetable_t, uint);
// virtio_disk.c
void virtio_disk_init(void);
uint virtio_disk_blocks(void);
void virtio_disk_flush(void);
void virtio_disk_rw(struct buf *, int);
void virtio_disk_intr(int);
void virtio_swap_rw(uint, void *, int);
uint virtio_swap_pages(void);
extern int swap_present;
#endif
