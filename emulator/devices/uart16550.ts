// NS16550A UART (QEMU virt's serial0 at 0x1000_0000). Transmit goes straight to the host console,
// buffered per run slice. Receive has the 16550's 16-byte FIFO; what the host sends beyond that
// waits in a host-side backlog and moves into the FIFO only as the guest reads RBR, as if the
// line had hardware flow control (RTS/CTS): nothing is ever dropped, and the guest sees at most
// 16 bytes ahead of what it has read. Register offsets and bits are those of the 16550 data sheet.
import type { MmioDevice } from '../memory/bus.js';
import type { HostConsole } from '../host/console.js';
import { loadFields, saveFields, type DeviceState } from '../snapshot/fields.js';

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
/** The receive FIFO's depth on a 16550A. */
export const UART_FIFO_SIZE = 16;

/** Registers, the FIFO and the host's backlog (input typed but not yet read is kept too). */
const UART_STATE = ['ier', 'lcr', 'mcr', 'scr', 'dll', 'dlm', 'fcr', 'fifo', 'fifoHead', 'fifoCount',
  'backlog', 'backlogPos', 'backlogBytes', 'thrEmptyIrq'];

export class Uart16550 implements MmioDevice {
  readonly name = 'uart16550';
  private ier = 0;
  private lcr = 0;
  private mcr = 0;
  private scr = 0;
  private dll = 0;
  private dlm = 0;
  private fcr = 0;
  /** The receive FIFO, a ring of UART_FIFO_SIZE bytes. */
  private readonly fifo = new Uint8Array(UART_FIFO_SIZE);
  private fifoHead = 0;
  private fifoCount = 0;
  /** Bytes from the host not yet in the FIFO: chunks, the first one read from `backlogPos`. */
  private backlog: Uint8Array[] = [];
  private backlogPos = 0;
  private backlogBytes = 0;
  private tx: number[] = [];
  /** "Transmitter holding register empty" interrupt owed: set when THR empties (at once, here)
   *  or THRI is enabled, cleared by reading IIR or writing THR (16550 data sheet, IIR table). */
  private thrEmptyIrq = false;
  /** Called when the interrupt line may have changed. */
  onIrq: (level: boolean) => void = () => {};

  constructor(private readonly console: HostConsole) {}

  /** Output still buffered is sent first: a snapshot holds no bytes owed to the host. */
  saveState(): DeviceState { this.flush(); return saveFields(this, UART_STATE); }
  loadState(s: DeviceState): void { loadFields(this, UART_STATE, s, 'uart'); this.updateIrq(); }

  read(offset: number, _size: number): number {
    const dlab = (this.lcr & LCR_DLAB) !== 0;
    switch (offset) {
      case UART_RBR_THR: {
        if (dlab) return this.dll;
        if (this.fifoCount === 0) return 0;
        const b = this.fifo[this.fifoHead];
        this.fifoHead = (this.fifoHead + 1) % UART_FIFO_SIZE;
        this.fifoCount--;
        this.refill();
        this.updateIrq();
        return b;
      }
      case UART_IER: return dlab ? this.dlm : this.ier;
      case UART_IIR_FCR: {
        const fifo = (this.fcr & 1) ? IIR_FIFO_ENABLED : 0;
        if ((this.ier & IER_RDI) && this.fifoCount) return IIR_RDI | fifo;
        if ((this.ier & IER_THRI) && this.thrEmptyIrq) {
          this.thrEmptyIrq = false;
          this.updateIrq();
          return IIR_THRI | fifo;
        }
        return IIR_NO_INT | fifo;
      }
      case UART_LCR: return this.lcr;
      case UART_MCR: return this.mcr;
      case UART_LSR: return LSR_THRE | LSR_TEMT | (this.fifoCount ? LSR_DR : 0);
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
      case UART_IIR_FCR:
        this.fcr = value;
        // FCR bit 1 clears the receive FIFO; the host's backlog, still "on the line", then flows in.
        if (value & 2) { this.fifoCount = 0; this.refill(); this.updateIrq(); }
        break;
      case UART_LCR: this.lcr = value; break;
      case UART_MCR: this.mcr = value; break;
      case UART_SCR: this.scr = value; break;
    }
  }

  /** Queues bytes from the host for the guest to read (kept, in order, however many). */
  receive(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.backlog.push(bytes.slice());
    this.backlogBytes += bytes.length;
    this.refill();
    this.updateIrq();
  }

  /** Moves backlog bytes into the FIFO while it has room. */
  private refill(): void {
    while (this.fifoCount < UART_FIFO_SIZE && this.backlogBytes > 0) {
      const chunk = this.backlog[0];
      this.fifo[(this.fifoHead + this.fifoCount) % UART_FIFO_SIZE] = chunk[this.backlogPos++];
      this.fifoCount++;
      this.backlogBytes--;
      if (this.backlogPos === chunk.length) { this.backlog.shift(); this.backlogPos = 0; }
    }
  }

  /** Sends buffered output to the host console. */
  flush(): void {
    if (this.tx.length === 0) return;
    this.console.write(Uint8Array.from(this.tx));
    this.tx.length = 0;
  }

  /** Bytes sent by the host that the guest has not read yet (FIFO and backlog). */
  get rxPending(): number { return this.fifoCount + this.backlogBytes; }

  /** Bytes waiting behind the FIFO: a host pauses its input source while this is large. */
  get rxBacklog(): number { return this.backlogBytes; }

  private updateIrq(): void {
    this.onIrq(((this.ier & IER_RDI) !== 0 && this.fifoCount > 0) || ((this.ier & IER_THRI) !== 0 && this.thrEmptyIrq));
  }
}
