// NS16550A UART (QEMU virt's serial0 at 0x1000_0000). Transmit goes straight to the host console,
// buffered per run slice; receive holds bytes from the host until the guest reads RBR.
// Register offsets and bits are those of the 16550 data sheet.
import type { MmioDevice } from '../memory/bus.js';
import type { HostConsole } from '../host/console.js';

const UART_RBR_THR = 0; // receive buffer (read) / transmit holding (write); DLL when DLAB=1
const UART_IER = 1;     // interrupt enable; DLM when DLAB=1
const UART_IIR_FCR = 2; // interrupt identification (read) / FIFO control (write)
const UART_LCR = 3;
const UART_MCR = 4;
const UART_LSR = 5;
const UART_MSR = 6;
const UART_SCR = 7;

const LCR_DLAB = 0x80;
const LSR_DR = 0x01;   // data ready
const LSR_THRE = 0x20; // transmit holding register empty
const LSR_TEMT = 0x40; // transmitter empty
const IER_RDI = 0x01;  // received-data interrupt enable
const IER_THRI = 0x02; // transmit-holding-empty interrupt enable
const IIR_NO_INT = 0x01, IIR_THRI = 0x02, IIR_RDI = 0x04, IIR_FIFO_ENABLED = 0xc0;

export class Uart16550 implements MmioDevice {
  readonly name = 'uart16550';
  private ier = 0;
  private lcr = 0;
  private mcr = 0;
  private scr = 0;
  private dll = 0;
  private dlm = 0;
  private fcr = 0;
  private rx: number[] = [];
  private tx: number[] = [];
  /** "Transmitter holding register empty" interrupt owed: set when THR empties (at once, here)
   *  or THRI is enabled, cleared by reading IIR or writing THR (16550 data sheet, IIR table). */
  private thrEmptyIrq = false;
  /** Called when the interrupt line may have changed. */
  onIrq: (level: boolean) => void = () => {};

  constructor(private readonly console: HostConsole) {}

  read(offset: number, _size: number): number {
    const dlab = (this.lcr & LCR_DLAB) !== 0;
    switch (offset) {
      case UART_RBR_THR: {
        if (dlab) return this.dll;
        const b = this.rx.length ? this.rx.shift()! : 0;
        this.updateIrq();
        return b;
      }
      case UART_IER: return dlab ? this.dlm : this.ier;
      case UART_IIR_FCR: {
        const fifo = (this.fcr & 1) ? IIR_FIFO_ENABLED : 0;
        if ((this.ier & IER_RDI) && this.rx.length) return IIR_RDI | fifo;
        if ((this.ier & IER_THRI) && this.thrEmptyIrq) {
          this.thrEmptyIrq = false;
          this.updateIrq();
          return IIR_THRI | fifo;
        }
        return IIR_NO_INT | fifo;
      }
      case UART_LCR: return this.lcr;
      case UART_MCR: return this.mcr;
      case UART_LSR: return LSR_THRE | LSR_TEMT | (this.rx.length ? LSR_DR : 0);
      case UART_MSR: return 0xb0; // CTS, DSR, DCD asserted
      case UART_SCR: return this.scr;
    }
    return 0;
  }

  write(offset: number, _size: number, value: number): void {
    const dlab = (this.lcr & LCR_DLAB) !== 0;
    value &= 0xff;
    switch (offset) {
      case UART_RBR_THR:
        if (dlab) { this.dll = value; break; }
        this.tx.push(value);
        if (this.tx.length >= 4096) this.flush();
        this.thrEmptyIrq = true; // sent at once: the holding register is empty again
        this.updateIrq();
        break;
      case UART_IER:
        if (dlab) { this.dlm = value; break; }
        if ((value & IER_THRI) && !(this.ier & IER_THRI)) this.thrEmptyIrq = true;
        this.ier = value & 0x0f;
        this.updateIrq();
        break;
      case UART_IIR_FCR: this.fcr = value; if (value & 2) this.rx.length = 0; break;
      case UART_LCR: this.lcr = value; break;
      case UART_MCR: this.mcr = value; break;
      case UART_SCR: this.scr = value; break;
    }
  }

  /** Queues bytes typed on the host for the guest to read. */
  receive(bytes: Uint8Array): void {
    for (const b of bytes) this.rx.push(b);
    this.updateIrq();
  }

  /** Sends buffered output to the host console. */
  flush(): void {
    if (this.tx.length === 0) return;
    this.console.write(Uint8Array.from(this.tx));
    this.tx.length = 0;
  }

  /** Whether the guest has received bytes it has not read yet. */
  get rxPending(): number { return this.rx.length; }

  private updateIrq(): void {
    this.onIrq(((this.ier & IER_RDI) !== 0 && this.rx.length > 0) || ((this.ier & IER_THRI) !== 0 && this.thrEmptyIrq));
  }
}
