// What the firmware's C files share: the trap frame and CSR and memory access.
#ifndef XV32_FIRMWARE_H
#define XV32_FIRMWARE_H
#include <stdint.h>

/* Registers saved by the trap vector, indexed by register number (x0 unused). */
struct frame { uint32_t x[32]; };

#define R8(a) (*(volatile uint8_t *)(a))
#define R32(a) (*(volatile uint32_t *)(a))
#define csr_read(name) ({ uint32_t v_; __asm__ volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define csr_write(name, v) __asm__ volatile("csrw " #name ", %0" :: "r"((uint32_t)(v)))
#define csr_set(name, v) __asm__ volatile("csrs " #name ", %0" :: "r"((uint32_t)(v)))
#define csr_clear(name, v) __asm__ volatile("csrc " #name ", %0" :: "r"((uint32_t)(v)))

#define CAUSE_MISALIGNED_LOAD 4
#define CAUSE_MISALIGNED_STORE 6

/* misaligned.c: performs the misaligned load or store that trapped from S or U (--misaligned
 * trap), or passes the page fault it meets on to S-mode. */
void fw_misaligned(struct frame *f, uint32_t cause);
#endif
