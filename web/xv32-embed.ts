// The embeddable xv32, as v86's `new V86({...})` is: `await Xv32.create(element, options)` puts a
// terminal in `element` and an RV32 machine in a Web Worker behind it. The page in web/page/ is
// built on this module and nothing else; a course page can use it the same way:
//
//   const vm = await Xv32.create(document.getElementById('term'), { assets: 'xv32/' });
//   vm.onOutput((text) => { if (text.includes('$ ')) vm.sendInput('ls\n'); });
//
// Disk and snapshot may be bytes or a URL. Everything that fails is reported through onError
// (and rejected promises), never swallowed.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import type { FromWorker, ForkMode, MemoryView, SbrkMode, StartOptions, Stats, ToWorker } from './protocol.js';

export type { ForkMode, SbrkMode, Stats, MemoryView } from './protocol.js';
export type { ProcessView, SegmentView, PageView } from './protocol.js';

export interface Xv32Options {
  /** RAM in MiB (16-1024, default 64). Ignored when starting from a snapshot, which has its own. */
  memoryMiB?: number;
  /** A swap area of that many MiB (1-256), kept in memory, as xv32 boot --swap keeps one in a
   * temporary file; a machine with swap cannot be saved. Ignored when starting from a snapshot. */
  swapMiB?: number;
  /** Where firmware.elf, kernel.elf, fs.img and xv32-worker.js are (default: the page's folder). */
  assets?: string;
  /** The disk to boot with (default: the built-in fs.img). */
  disk?: Uint8Array | string;
  /** A snapshot to start from instead of booting (bytes or URL), e.g. one taken at the prompt. */
  snapshot?: Uint8Array | string;
  forkMode?: ForkMode;
  sbrkMode?: SbrkMode;
  /** Put an xterm.js terminal in the element (default true). Without one, use onOutput/sendInput. */
  terminal?: boolean;
  /**
   * A worker already started on xv32-worker.js, for the first machine: a page that creates it in
   * an inline script in its <head> has the worker's code loaded while its own script still loads.
   */
  worker?: Worker;
}

type Listener<T> = (v: T) => void;

async function bytesOf(src: Uint8Array | string, what: string): Promise<Uint8Array> {
  if (typeof src !== 'string') return src;
  const r = await fetch(src);
  if (!r.ok) throw new Error(`could not load the ${what} from ${src}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

export class Xv32 {
  terminal?: Terminal;
  private fit?: FitAddon;
  private worker!: Worker;
  /** Whether the worker has been given a machine (a new start gets a fresh worker). */
  private workerUsed = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly listeners = {
    output: new Set<Listener<string>>(), stats: new Set<Listener<Stats>>(), error: new Set<Listener<string>>(),
    halt: new Set<Listener<{ exitCode: number; cause: string }>>(), diskWrites: new Set<Listener<{ index: number; bytes: Uint8Array }[]>>(),
    started: new Set<Listener<{ restored: boolean; ms: number; phases: string }>>(),
  };
  private readonly decoder = new TextDecoder();
  /** Output that came before the terminal was open. */
  private early: Uint8Array[] = [];
  private firmware!: Uint8Array;
  private kernel!: Uint8Array;
  private builtinDisk?: Uint8Array;
  /** The last stats the machine reported. */
  stats?: Stats;
  /** How the machine last started: restored or booted, and the worker's time for it. */
  lastStart?: { restored: boolean; ms: number; phases: string };

  private constructor(readonly element: HTMLElement, readonly options: Xv32Options) {}

  private openTerminal(): void {
    const { element, options } = this;
    if (options.terminal !== false) {
      this.terminal = new Terminal({ convertEol: true, cursorBlink: true, scrollback: 5000, fontSize: 14, screenReaderMode: false });
      this.fit = new FitAddon();
      this.terminal.loadAddon(this.fit);
      this.terminal.open(element);
      this.fit.fit();
      new ResizeObserver(() => this.fit?.fit()).observe(element);
      this.terminal.onData((s) => this.sendInput(s));
      for (const b of this.early) this.terminal.write(b);
      this.early = [];
      // Shift+Tab leaves the terminal (Tab stays the shell's completion key), so the page can be
      // used with the keyboard alone.
      this.terminal.attachCustomKeyEventHandler((e) => !(e.key === 'Tab' && e.shiftKey));
    }
  }

  private get assets(): string { return this.options.assets ?? './'; }

  /** Creates the machine in `element` and starts it (booted, or restored from options.snapshot). */
  static async create(element: HTMLElement, options: Xv32Options = {}): Promise<Xv32> {
    const vm = new Xv32(element, options);
    // Everything loads at once (the worker's script, the images, the snapshot), and the terminal
    // is set up while the worker starts the machine.
    vm.spawnWorker(options.worker);
    const snapshot = options.snapshot ? bytesOf(options.snapshot, 'snapshot') : undefined;
    snapshot?.catch(() => {});
    const [firmware, kernel] = await Promise.all([bytesOf(vm.assets + 'firmware.elf', 'firmware'), bytesOf(vm.assets + 'kernel.elf', 'kernel')]);
    vm.firmware = firmware;
    vm.kernel = kernel;
    const started = snapshot ? snapshot.then((s) => vm.restore(s))
      : (options.disk ? bytesOf(options.disk, 'disk image') : Promise.resolve(undefined)).then((d) => vm.reset(d));
    vm.openTerminal();
    await started;
    return vm;
  }

  private spawnWorker(given?: Worker): void {
    this.worker?.terminate();
    this.workerUsed = false;
    this.worker = given ?? new Worker(this.assets + 'xv32-worker.js');
    this.worker.onmessage = (ev: MessageEvent<FromWorker>) => this.receive(ev.data);
    this.worker.onerror = (ev) => this.emit('error', `emulator worker failed: ${ev.message}`);
  }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case 'output': {
        if (this.terminal) this.terminal.write(m.bytes); else this.early.push(m.bytes);
        const text = this.decoder.decode(m.bytes, { stream: true });
        for (const f of this.listeners.output) f(text);
        break;
      }
      case 'stderr': if (this.terminal) this.terminal.write(m.bytes); else this.early.push(m.bytes); break;
      case 'stats': this.stats = m.stats; for (const f of this.listeners.stats) f(m.stats); break;
      case 'halted': for (const f of this.listeners.halt) f(m); break;
      case 'diskWrites': for (const f of this.listeners.diskWrites) f(m.blocks); break;
      case 'started': for (const f of this.listeners.started) f(m); break;
      case 'error': this.emit('error', m.message); break;
      case 'reply': {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.ok) p?.resolve(m.value); else p?.reject(new Error(m.error));
        break;
      }
    }
  }

  private emit(kind: 'error', message: string): void {
    if (this.listeners.error.size === 0) console.error(`xv32: ${message}`);
    for (const f of this.listeners[kind]) f(message);
  }

  private send(m: ToWorker, transfer: Transferable[] = []): void { this.worker.postMessage(m, transfer); }

  private request<T>(make: (id: number) => ToWorker, transfer: Transferable[] = []): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send(make(id), transfer);
    });
  }

  /** Starts the machine with `options` and waits until it runs (or fails). */
  private start(options: StartOptions): Promise<{ restored: boolean; ms: number; phases: string }> {
    // A machine that was running is replaced: pending requests to it can no longer be answered.
    for (const p of this.pending.values()) p.reject(new Error('the machine was replaced'));
    this.pending.clear();
    if (this.workerUsed) this.spawnWorker();
    this.workerUsed = true;
    return new Promise((resolve, reject) => {
      const ok = (v: { restored: boolean; ms: number; phases: string }) => { done(); resolve(v); };
      const bad = (e: string) => { done(); reject(new Error(e)); };
      const done = () => { this.listeners.started.delete(ok); this.listeners.error.delete(bad); };
      this.listeners.started.add(ok);
      this.listeners.error.add(bad);
      this.send({ type: 'start', options });
    });
  }

  /** Boots afresh, with `disk` or the built-in disk image. */
  async reset(disk?: Uint8Array): Promise<void> {
    if (!disk) {
      this.builtinDisk ??= await bytesOf(this.assets + 'fs.img', 'disk image');
      disk = this.builtinDisk.slice();
    }
    this.terminal?.reset();
    this.lastStart = await this.start({
      firmware: this.firmware, kernel: this.kernel, disk, memoryMiB: this.options.memoryMiB ?? 64, swapMiB: this.options.swapMiB,
      forkMode: this.options.forkMode, sbrkMode: this.options.sbrkMode,
    });
  }

  /** Replaces the machine with the one a snapshot holds; its shell is where it was saved. */
  async restore(snapshot: Uint8Array): Promise<{ ms: number; phases: string }> {
    const r = await this.start({ firmware: this.firmware, kernel: this.kernel, snapshot, memoryMiB: 0 });
    this.lastStart = r;
    return r;
  }

  /** The whole machine (RAM, CPU, devices, disk) as a snapshot file, the format of xv32 boot --save. */
  save(): Promise<Uint8Array> { return this.request((id) => ({ type: 'save', id })); }

  run(): void { this.send({ type: 'run' }); }
  pause(): void { this.send({ type: 'pause' }); }

  /** Types text (UTF-8) or bytes to the guest's console; any amount, nothing is dropped. */
  sendInput(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data.slice();
    this.send({ type: 'input', bytes }, [bytes.buffer]);
  }

  /** Changes the kernel's fork and sbrk modes at once (as the guest's forkmode/sbrkmode do). */
  setModes(modes: { forkMode?: ForkMode; sbrkMode?: SbrkMode }): void { this.send({ type: 'modes', ...modes }); }

  /** Puts a file into the running guest's file system (at the next moment no file operation is in
   *  progress); rejects with the reason if it cannot (the disk is full, the name is bad). */
  addFile(path: string, bytes: Uint8Array): Promise<number> {
    const copy = bytes.slice();
    return this.request((id) => ({ type: 'addFile', id, path, bytes: copy }), [copy.buffer]);
  }

  /** A file's bytes from the running guest's file system. */
  readFile(path: string): Promise<Uint8Array> { return this.request((id) => ({ type: 'readFile', id, path })); }

  /** The whole disk image as it is now. */
  readDisk(): Promise<Uint8Array> { return this.request((id) => ({ type: 'readDisk', id })); }

  /** The process list, and the pages of the processes asked for. */
  memory(pids: number[] = []): Promise<MemoryView> { return this.request((id) => ({ type: 'memory', id, pids })); }

  onOutput(f: Listener<string>): () => void { return this.on('output', f); }
  onStats(f: Listener<Stats>): () => void { return this.on('stats', f); }
  onError(f: Listener<string>): () => void { return this.on('error', f); }
  onHalt(f: Listener<{ exitCode: number; cause: string }>): () => void { return this.on('halt', f); }
  /** Blocks the guest wrote (PERSIST_BLOCK bytes each), about once a second: what to persist. */
  onDiskWrites(f: Listener<{ index: number; bytes: Uint8Array }[]>): () => void { return this.on('diskWrites', f); }

  private on(kind: keyof Xv32['listeners'], f: Listener<never>): () => void {
    const set = this.listeners[kind] as Set<unknown>;
    set.add(f);
    return () => set.delete(f);
  }

  focus(): void { this.terminal?.focus(); }

  destroy(): void {
    this.worker.terminate();
    this.terminal?.dispose();
  }
}
