// The NS16550A UART: output by polling the transmitter, input by interrupt (PLIC source 10),
// handed to the console's line discipline. While the console's buffer is full the receive
// interrupt is off and bytes stay in the UART (flow control); uartrxresume turns it back on.
#include "types.h"
#include "memlayout.h"
#include "defs.h"

#define RHR 0   /* receive holding register */
#define THR 0   /* transmit holding register */
#define IER 1
#define IER_RX_ENABLE 0x01
#define FCR 2
#define FCR_FIFO_ENABLE 0x01
#define FCR_TX_CLEAR 0x04
#define LCR 3
#define LCR_EIGHT_BITS 0x03
#define LCR_BAUD_LATCH 0x80
#define LSR 5
#define LSR_RX_READY 0x01
#define LSR_TX_IDLE 0x20

#define Reg(r) ((volatile uchar *)(UART0 + (r)))
static int uart_ready; /* set once paging maps the UART at UART0 */
static int rx_held;    /* receive interrupt off: the console had no room */

void uartinit(void) {
  *Reg(IER) = 0;
  *Reg(LCR) = LCR_BAUD_LATCH;
  *Reg(0) = 3;    /* 38.4K baud, for real hardware */
  *Reg(1) = 0;
  *Reg(LCR) = LCR_EIGHT_BITS;
  *Reg(FCR) = FCR_FIFO_ENABLE | FCR_TX_CLEAR; /* keep what was typed before boot */
  *Reg(IER) = IER_RX_ENABLE;
  uart_ready = 1;
}

/* Writes one character, waiting for the transmitter; before paging, through the firmware. */
void uartputc_sync(int c) {
  if (!uart_ready) { sbi_putchar(c); return; }
  push_off();
  while ((*Reg(LSR) & LSR_TX_IDLE) == 0) {}
  *Reg(THR) = (uchar)c;
  pop_off();
}

/* stderr on its own line (xv32 exec): a second 16550 right after the first, output only. */
#define Reg1(r) ((volatile uchar *)(UART0 + 0x100 + (r)))
void uart1putc_sync(int c) {
  push_off();
  while ((*Reg1(LSR) & LSR_TX_IDLE) == 0) {}
  *Reg1(THR) = (uchar)c;
  pop_off();
}

/* The UART's interrupt: passes received characters to the console while it has room. */
void uartintr(void) {
  int room = consoleroom();
  while (room && (*Reg(LSR) & LSR_RX_READY)) room = consoleintr(*Reg(RHR));
  if (!room) {
    /* Leave the rest in the UART, or its level-triggered interrupt would fire at once again. */
    *Reg(IER) = 0;
    rx_held = 1;
  }
}

/* The console has room again: take interrupts for what waits in the UART. */
void uartrxresume(void) {
  push_off();
  if (rx_held && consoleroom()) {
    rx_held = 0;
    *Reg(IER) = IER_RX_ENABLE;
  }
  pop_off();
}
