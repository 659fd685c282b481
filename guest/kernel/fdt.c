// Reads the flattened device tree the firmware passes on (Devicetree Specification v0.4,
// chapter 5): the RAM size from /memory, and /chosen/bootargs, a command for init to run.
// Runs before paging and before kinit, so it only reads and copies.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "memstat.h"
#include "defs.h"

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

uint phystop = RAMBASE + DEFAULT_RAM;
char bootargs[BOOTARGS_MAX];
int stderr_uart; /* /chosen/xv32,stderr-uart: the host keeps stderr apart on a second UART */
int swap_present; /* /chosen/xv32,swap: a swap disk at VIRTIO1 */

static uint be32(const uchar *p) { return ((uint)p[0] << 24) | ((uint)p[1] << 16) | ((uint)p[2] << 8) | p[3]; }

static int prefix(const char *s, const char *p) {
  while (*p) if (*s++ != *p++) return 0;
  return 1;
}

void fdt_parse(uint dtb) {
  const uchar *h = (const uchar *)dtb;
  if (dtb < RAMBASE || be32(h) != FDT_MAGIC) return;
  const uchar *structp = h + be32(h + 8), *strings = h + be32(h + 12);
  const uchar *p = structp, *end = structp + be32(h + 36);
  int depth = 0, in_chosen = 0, in_memory = 0;
  while (p < end) {
    uint token = be32(p);
    p += 4;
    if (token == FDT_BEGIN_NODE) {
      const char *name = (const char *)p;
      depth++;
      in_chosen = depth == 2 && prefix(name, "chosen");
      in_memory = depth == 2 && prefix(name, "memory");
      p += (strlen(name) + 4) & ~3u;
    } else if (token == FDT_END_NODE) {
      depth--;
      in_chosen = in_memory = 0;
    } else if (token == FDT_PROP) {
      uint len = be32(p), nameoff = be32(p + 4);
      const uchar *val = p + 8;
      const char *pname = (const char *)strings + nameoff;
      if (in_chosen && strncmp(pname, "xv32,fork-mode", 15) == 0 && len > 0) {
        fork_mode = strncmp((const char *)val, "copy", 5) == 0 ? FORK_COPY
          : strncmp((const char *)val, "odf", 4) == 0 ? FORK_ODF : FORK_COW;
      }
      if (in_chosen && strncmp(pname, "xv32,sbrk-mode", 15) == 0 && len > 0) {
        sbrk_mode = strncmp((const char *)val, "lazy", 5) == 0 ? SBRK_LAZY : SBRK_EAGER;
      }
      if (in_chosen && strncmp(pname, "xv32,stderr-uart", 17) == 0) stderr_uart = 1;
      if (in_chosen && strncmp(pname, "xv32,swap", 10) == 0) swap_present = 1; /* --swap: VIRTIO1 */
      /* The stack's limit in bytes (xv32 boot --stack-max), a page multiple from 64 KiB to 512 MiB. */
      if (in_chosen && strncmp(pname, "xv32,stack-max", 15) == 0 && len == 4) {
        uint v = be32(val);
        if (v >= 64 * 1024 && v <= 512u * 1024 * 1024 && (v & 0xfff) == 0) stack_max = v;
      }
      if (in_chosen && strncmp(pname, "bootargs", 9) == 0 && len > 0) {
        safestrcpy(bootargs, (const char *)val, len < sizeof bootargs ? (int)len : (int)sizeof bootargs);
      }
      /* reg = <address (2 cells) size (2 cells)>, as #address-cells = #size-cells = 2 */
      if (in_memory && strncmp(pname, "reg", 4) == 0 && len >= 16) {
        uint base = be32(val + 4), size = be32(val + 12);
        if (be32(val) == 0 && be32(val + 8) == 0 && base == RAMBASE && size >= MIN_RAM) {
          phystop = RAMBASE + (size > MAX_RAM ? MAX_RAM : size);
        }
      }
      p += 8 + ((len + 3) & ~3u);
    } else if (token == FDT_NOP) {
      continue;
    } else {
      break; /* FDT_END, or a token we do not know */
    }
  }
}
