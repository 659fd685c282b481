// The machine: a hart, RAM and the QEMU `virt` devices, driven in budgets by a host.
// `run(budget)` returns after at most `budget` instructions (or earlier if the guest powers off or
// idles); the host does its I/O and calls again. Nothing here imports Node or the DOM.
import { Bus, RAM_BASE } from './memory/bus.js';
import { Hart } from './cpu/hart.js';
import { Clint, CLINT_SIZE } from './devices/clint.js';
import { Syscon } from './devices/syscon.js';
import { Uart16550 } from './devices/uart16550.js';
import { Plic, PLIC_SIZE } from './devices/plic.js';
import { VirtioBlk } from './devices/virtio-blk.js';
import type { BlockBackend } from './devices/block-backend.js';
import { Dma } from './memory/dma.js';
import type { HostConsole } from './host/console.js';
import { ElfError, type ElfImage } from './loader/elf.js';
import * as R from './cpu/riscv.js';
import { makeDeviceTree, type KernelModes } from './devicetree.js';
import type { MachineState, Snapshot } from './snapshot/snapshot-file.js';
import { SnapshotError } from './snapshot/fields.js';

export const SYSCON_BASE = 0x0010_0000;
export const CLINT_BASE = 0x0200_0000;
export const PLIC_BASE = 0x0c00_0000;
export const UART0_BASE = 0x1000_0000;
/** xv32's second UART (output only; not on QEMU virt): stderr apart, when the host asks. */
export const UART1_BASE = 0x1000_0100;
export const VIRTIO0_BASE = 0x1000_1000;
/** The second virtio-mmio slot of QEMU virt: the swap disk (xv32 boot --swap). */
export const VIRTIO1_BASE = 0x1000_2000;
export const DEVICE_PAGE = 0x1000;
/** PLIC sources as on QEMU virt. */
export const UART0_IRQ = 10;
export const VIRTIO0_IRQ = 1;
export const VIRTIO1_IRQ = 2;

/**
 * The virtual clock: mtime advances by one tick every CYCLES_PER_TICK cycles, so time is a pure
 * function of the instructions executed (plus the cycles WFI skipped) and every run is repeatable.
 * mtime's timebase is 10 MHz as on QEMU virt; 10 cycles a tick makes a nominal 100 MHz hart.
 */
export const CYCLES_PER_TICK = 10;

export interface MachineOptions {
  ramBytes?: number;
  /** Use this buffer as RAM (restoring a snapshot: Machine.forSnapshot). */
  ramBuffer?: ArrayBuffer;
  console: HostConsole;
  /** Compile hot blocks to JavaScript (default true). */
  jit?: boolean;
  /**
   * Misaligned loads and stores: 'emulate' (default) performs them, as QEMU does; 'trap' raises
   * the address-misaligned exception, as the reference model (Sail) does. xv32's firmware then
   * emulates them for S and U, as OpenSBI does, so the kernel and programs run either way.
   */
  misaligned?: 'emulate' | 'trap';
  /** Jumps into an entry before its block is compiled (default 32; 1 compiles on first entry). */
  blockThreshold?: number;
  /** The disk behind the virtio block device at 0x1000_1000 (no device without one). */
  disk?: BlockBackend;
  /** The swap area, a second virtio block device at 0x1000_2000 (named in the device tree). */
  swap?: BlockBackend;
  /**
   * 'virtual' (default): mtime is a function of instructions executed, and idle time is skipped,
   * so runs repeat exactly. 'host': mtime follows the host's clock and an idle guest returns
   * control to the host until its next timer ('idle'), for interactive use.
   */
  clock?: 'virtual' | 'host';
  /** Where the guest's stderr goes: a second UART at UART1_BASE, named in the device tree. */
  stderrConsole?: HostConsole;
}

/** mtime ticks per millisecond of host time (10 MHz timebase). */
const TICKS_PER_MS = 10_000;
/** Instructions between clock checks when mtime follows the host clock. */
const HOST_CLOCK_SLICE = 200_000;

export type StopReason = 'budget' | 'halted' | 'idle';

export class Machine {
  readonly bus: Bus;
  readonly hart: Hart;
  readonly clint: Clint;
  readonly uart: Uart16550;
  readonly uart1?: Uart16550;
  readonly syscon: Syscon;
  readonly plic: Plic;
  readonly disk?: VirtioBlk;
  readonly swapDisk?: VirtioBlk;
  /** Where the disk's bytes are. */
  readonly diskBackend?: BlockBackend;
  halted = false;
  exitCode = 0;
  /** Why the guest stopped, for messages ("syscon", "tohost"). */
  haltCause = '';
  private mtimeOffset = 0;
  private readonly hostClock: boolean;
  private readonly clockStart = performance.now();
  /** mip.MEIP / mip.SEIP as the PLIC drives them. */
  private plicLines = 0;

  constructor(opts: MachineOptions) {
    this.bus = new Bus(opts.ramBytes ?? 128 * 1024 * 1024, opts.ramBuffer);
    this.hostClock = opts.clock === 'host';
    this.hart = new Hart(this.bus);
    this.hart.jit = opts.jit ?? true;
    this.hart.misalignedTrap = opts.misaligned === 'trap';
    if (opts.blockThreshold !== undefined) this.hart.blockThreshold = opts.blockThreshold;
    const clock = { now: () => this.mtime(), set: (t: number) => { this.mtimeOffset += t - this.mtime(); } };
    this.clint = new Clint(clock);
    this.uart = new Uart16550(opts.console);
    this.syscon = new Syscon();
    this.syscon.onPowerOff = (code) => this.halt(code, 'syscon');
    this.syscon.onReset = () => this.hart.reset(RAM_BASE);
    this.bus.map(SYSCON_BASE, DEVICE_PAGE, this.syscon);
    this.bus.map(CLINT_BASE, CLINT_SIZE, this.clint);
    this.bus.map(UART0_BASE, 0x100, this.uart);
    if (opts.stderrConsole) {
      this.uart1 = new Uart16550(opts.stderrConsole);
      this.bus.map(UART1_BASE, 0x100, this.uart1);
    }
    this.plic = new Plic();
    this.plic.onChange = (lines) => {
      this.plicLines = ((lines & 1) ? R.MIP_MEIP : 0) | ((lines & 2) ? R.MIP_SEIP : 0);
      this.updateLines();
    };
    this.bus.map(PLIC_BASE, PLIC_SIZE, this.plic);
    this.uart.onIrq = (level) => this.plic.setLevel(UART0_IRQ, level);
    if (opts.disk) {
      this.diskBackend = opts.disk;
      this.disk = this.blockDevice(opts.disk, VIRTIO0_BASE, VIRTIO0_IRQ);
    }
    if (opts.swap) this.swapDisk = this.blockDevice(opts.swap, VIRTIO1_BASE, VIRTIO1_IRQ);
    this.hart.timeNow = () => this.mtime();
  }

  /** A virtio block device on `backend` at `base`, interrupting as PLIC source `irq`. */
  private blockDevice(backend: BlockBackend, base: number, irq: number): VirtioBlk {
    const dev = new VirtioBlk(backend, new Dma(this.bus, (off, len) => this.hart.dc.invalidate(off, len)));
    dev.onIrq = (level) => this.plic.setLevel(irq, level);
    this.bus.map(base, DEVICE_PAGE, dev);
    return dev;
  }

  /** mtime in ticks of the 10 MHz timebase. */
  mtime(): number {
    if (this.hostClock) return Math.floor((performance.now() - this.clockStart) * TICKS_PER_MS) + this.mtimeOffset;
    return Math.floor(this.hart.cycleCount() / CYCLES_PER_TICK) + this.mtimeOffset;
  }

  /** With the host clock: milliseconds until the timer interrupt is due (Infinity if none). */
  msUntilTimer(): number {
    if (!(this.hart.mie & R.MIP_MTIP)) return Infinity;
    return Math.max(0, (this.clint.mtimecmp - this.mtime()) / TICKS_PER_MS);
  }

  /** The machine's state between run slices (RAM and disk not included). */
  saveState(): MachineState {
    if (this.swapDisk) throw new SnapshotError('a machine with a swap area cannot be saved (its swap is not part of a snapshot)');
    return {
      hart: this.hart.saveState(), clint: this.clint.saveState(), plic: this.plic.saveState(),
      uart: this.uart.saveState(), uart1: this.uart1?.saveState(), disk: this.disk?.saveState(),
      mtime: this.mtime(), halted: this.halted, exitCode: this.exitCode, haltCause: this.haltCause,
    };
  }

  /** The whole machine, disk included, for a snapshot file. */
  snapshot(meta: Record<string, string> = {}): Snapshot {
    const disk = this.disk ? this.diskBackend!.read(0, this.diskBackend!.size) : undefined;
    return { state: this.saveState(), ram: this.bus.u8.slice(), disk, meta };
  }

  /** The RAM options that restore `snap` without copying its RAM (its decoded buffer becomes RAM). */
  static ramFor(snap: Snapshot): { ramBytes: number; ramBuffer?: ArrayBuffer } {
    const r = snap.ram;
    const whole = r.byteOffset === 0 && r.byteLength === r.buffer.byteLength && r.buffer instanceof ArrayBuffer;
    return { ramBytes: r.length, ramBuffer: whole ? (r.buffer as ArrayBuffer) : undefined };
  }

  /**
   * Puts a snapshot's RAM and state into this machine, which must have been built with the same
   * RAM size and devices (a disk holding the snapshot's disk, a second UART if it had one).
   */
  restore(snap: Snapshot): void {
    const s = snap.state;
    if (snap.ram.length !== this.bus.ramSize) throw new SnapshotError(`snapshot has ${snap.ram.length >>> 20} MiB of RAM, the machine ${this.bus.ramSize >>> 20} MiB`);
    if (!!s.disk !== !!this.disk || !!s.uart1 !== !!this.uart1) throw new SnapshotError('snapshot was taken on a machine with other devices');
    if (snap.ram.buffer !== this.bus.ram) this.bus.u8.set(snap.ram);
    this.hart.loadState(s.hart);
    this.clint.loadState(s.clint);
    this.uart.loadState(s.uart);
    if (s.uart1) this.uart1!.loadState(s.uart1);
    if (s.disk) this.disk!.loadState(s.disk);
    this.plic.loadState(s.plic);
    this.halted = s.halted; this.exitCode = s.exitCode; this.haltCause = s.haltCause;
    // The clock continues from the saved mtime, whichever clock either machine runs on.
    this.mtimeOffset += s.mtime - this.mtime();
    this.updateLines();
  }

  halt(code: number, cause: string): void {
    this.halted = true;
    this.exitCode = code;
    this.haltCause = cause;
  }

  /**
   * Boots firmware and kernel as QEMU's `-bios FW -kernel KERNEL` does: both ELFs in RAM, the
   * hart reset at the firmware's entry in M-mode with a0 = hart id and a1 = the device tree's
   * address. The tree carries `bootargs` and the kernel's fork and sbrk modes.
   */
  bootImages(firmware: ElfImage, kernel: ElfImage, bootargs = '', modes: KernelModes = {}): void {
    this.copySegments(kernel);
    this.load(firmware);
    // The device tree goes at the top of RAM, page-aligned, where QEMU also puts it.
    const dtb = makeDeviceTree({ ramBase: RAM_BASE, ramSize: this.bus.ramSize, bootargs, stderrUart: this.uart1 ? UART1_BASE : undefined,
      swapDisk: this.swapDisk ? VIRTIO1_BASE : undefined, ...modes });
    const off = (this.bus.ramSize - dtb.length) & ~0xfff;
    this.bus.u8.set(dtb, off);
    this.hart.regs[11] = (RAM_BASE + off) | 0;
  }

  /** Copies an ELF's segments into RAM and resets the hart to its entry point in M-mode. */
  load(image: ElfImage): void {
    this.copySegments(image);
    this.hart.reset(image.entry);
    const tohost = image.symbols.get('tohost');
    if (tohost !== undefined) this.watchTohost(tohost);
  }

  private copySegments(image: ElfImage): void {
    const end = RAM_BASE + this.bus.ramSize;
    for (const s of image.segments) {
      if (s.memsz === 0) continue;
      if (s.paddr < RAM_BASE || s.paddr + s.memsz > end) {
        throw new ElfError(`segment at 0x${s.paddr.toString(16)} (${s.memsz} bytes) is outside RAM ` +
          `0x${RAM_BASE.toString(16)}-0x${(end - 1).toString(16)}` +
          (s.paddr >= RAM_BASE ? `: the program needs more than the ${this.bus.ramSize >>> 20} MiB of RAM` : ''));
      }
    }
    for (const s of image.segments) {
      const off = s.paddr - RAM_BASE;
      this.bus.u8.set(s.data, off);
      this.bus.u8.fill(0, off + s.data.length, off + s.memsz);
      this.hart.dc.invalidate(off, s.memsz);
    }
  }

  /**
   * riscv-tests' convention: a store of an odd value v to `tohost` ends the run with status v>>1
   * (1 is a pass). Even values are HTIF device commands, which xv32 does not implement.
   */
  watchTohost(pa: number): void {
    this.watchStore(pa, (value) => { if (value & 1) this.halt(value >>> 1, 'tohost'); });
  }

  /**
   * Calls `fn` after each store to the aligned word at physical address `pa` in RAM (one word
   * per machine: tohost, or the kernel model's probe). Stores elsewhere in its page take the
   * slow path; the rest of RAM runs at full speed.
   */
  watchStore(pa: number, fn: (value: number) => void): void {
    const word = (pa & ~3) >>> 0;
    this.hart.watchAddress = word;
    this.hart.onWatchedStore = (addr, value) => { if (((addr & ~3) >>> 0) === word) fn(value); };
  }

  /** Updates the interrupt lines that devices drive into mip. */
  private updateLines(): void {
    let lines = this.plicLines;
    if (this.mtime() >= this.clint.mtimecmp) lines |= R.MIP_MTIP;
    if (this.clint.msip) lines |= R.MIP_MSIP;
    this.hart.mipLines = lines;
  }

  /** Cycles until mtime reaches mtimecmp, or Infinity if it has already. */
  private cyclesToTimer(): number {
    if (this.hostClock) return HOST_CLOCK_SLICE;
    const ticks = this.clint.mtimecmp - this.mtime();
    if (ticks <= 0) return Infinity;
    const c = this.hart.cycleCount();
    return ticks * CYCLES_PER_TICK - (c - Math.floor(c / CYCLES_PER_TICK) * CYCLES_PER_TICK);
  }

  private flushConsoles(): void {
    this.uart.flush();
    this.uart1?.flush();
  }

  /** Runs up to `budget` instructions. */
  run(budget: number): StopReason {
    const hart = this.hart;
    let done = 0;
    while (!this.halted) {
      hart.needsService = false;
      this.updateLines();
      if (hart.waiting) {
        if ((hart.mip() & hart.mie) !== 0) {
          hart.waiting = false;
        } else {
          // Idle. With the host clock, the host waits for the timer or input; with the virtual
          // clock, skip ahead to the timer, if the timer can wake the hart.
          if (this.hostClock) { this.flushConsoles(); return 'idle'; }
          const wait = this.cyclesToTimer();
          if (wait === Infinity || !(hart.mie & R.MIP_MTIP)) { this.flushConsoles(); return 'idle'; }
          hart.idleCycles += wait;
          continue;
        }
      }
      hart.takeInterrupt();
      if (done >= budget) break;
      const chunk = Math.min(budget - done, this.cyclesToTimer());
      done += hart.execute(Math.max(1, chunk));
      if (hart.triggers.watchHit) break; // a debugger's watchpoint stopped an access
    }
    this.flushConsoles();
    return this.halted ? 'halted' : 'budget';
  }
}
