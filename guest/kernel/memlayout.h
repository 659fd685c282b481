// Physical layout (QEMU virt, see docs/ARCHITECTURE.md) and the virtual layout.
// The kernel maps all of RAM at its physical address, supervisor-only and global, in every page
// table, so a trap from user mode does not switch satp; user space is everything below
// 0x80000000. The device windows (physically at 0x0c000000 and 0x10000000, inside that range)
// are therefore mapped high, with megapages, at DEVBASE.
#define PLIC_PA 0x0c000000u
#define UART0_PA 0x10000000u
#define DEVBASE 0xc0000000u
#define PLIC DEVBASE                      /* 4 MiB window: 0x0c000000-0x0c3fffff */
#define UART0 (DEVBASE + 0x400000u)       /* 4 MiB window: 0x10000000-0x103fffff */
#define VIRTIO0 (UART0 + 0x1000u)
#define UART0_IRQ 10
#define VIRTIO0_IRQ 1
#define VIRTIO1 (UART0 + 0x2000u) /* the swap disk (--swap), QEMU virt's second virtio slot */
#define VIRTIO1_IRQ 2
#define PLIC_PRIORITY(irq) (PLIC + 4 * (irq))
#define PLIC_SENABLE (PLIC + 0x2000 + 0x80)     /* context 1: hart 0, S-mode */
#define PLIC_STHRESHOLD (PLIC + 0x200000 + 0x1000)
#define PLIC_SCLAIM (PLIC + 0x200000 + 0x1000 + 4)

#define RAMBASE 0x80000000u
#define RAMPAGE(pa) (((uint)(pa) - RAMBASE) / PGSIZE) /* which page of RAM, from its base */
#define KERNBASE 0x80200000u
#define USERTOP 0x80000000u       /* user addresses are below this */
#define USTACKTOP USERTOP         /* the user stack grows down from here */

/* RAM: its end comes from the device tree (fdt.c), between MIN_RAM and MAX_RAM. */
#define DEFAULT_RAM (128u * 1024 * 1024)
#define MIN_RAM (16u * 1024 * 1024)
#define MAX_RAM (1024u * 1024 * 1024)
extern uint phystop;
#define PHYSTOP phystop
