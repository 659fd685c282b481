// The machine in a Web Worker, so the page never freezes: it runs the emulator in slices of a few
// milliseconds on the host's clock, sends the console's output, takes keys and pastes into the
// UART (whose FIFO and backlog give the same flow control as in Node: nothing is lost), and
// answers the page's requests: counters, the memory view, snapshots, files in and out.
import { Machine } from '../emulator/machine.js';
import { parseElf, type ElfImage } from '../emulator/loader/elf.js';
import { MemoryDisk } from '../emulator/devices/block-backend.js';
import { decodeSnapshot, encodeSnapshot } from '../emulator/snapshot/snapshot-file.js';
import { kernelMeta, takenWithKernel, META_CONSOLE } from '../emulator/snapshot/image-id.js';
import { RAM_BASE } from '../emulator/memory/bus.js';
import { KernelModel } from '../kernel-model/kernel-model.js';
import { LiveDisk, DiskBusy } from '../kernel-model/live-disk.js';
import { processList, processView } from '../kernel-model/page-view.js';
import { BSIZE } from '../kernel-model/fs-format.js';
import * as R from '../emulator/cpu/riscv.js';
import { PERSIST_BLOCK, type FromWorker, type ForkMode, type SbrkMode, type StartOptions, type Stats, type ToWorker } from './protocol.js';

/** Longest a slice runs before the worker looks at its messages again (ms). */
const SLICE_MS = 15;
/** Instructions between clock checks inside a slice. */
const STEP = 100_000;
const STATS_MS = 250;
const PERSIST_MS = 1000;
/** Slices to wait for a moment with no file-system operation in progress before giving up. */
const DISK_RETRIES = 200;
const FORK_MODES: ForkMode[] = ['copy', 'cow', 'odf'];
const SBRK_MODES: SbrkMode[] = ['eager', 'lazy'];
/** How much recent output a snapshot keeps for that. */
const RECENT_BYTES = 16 * 1024;

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/** A disk in memory that remembers which PERSIST_BLOCKs the guest wrote. */
class TrackedDisk extends MemoryDisk {
  readonly dirty = new Set<number>();
  override write(offset: number, data: Uint8Array): void {
    super.write(offset, data);
    for (let b = Math.floor(offset / PERSIST_BLOCK); b * PERSIST_BLOCK < offset + data.length; b++) this.dirty.add(b);
  }
}

let machine: Machine | undefined;
let disk: TrackedDisk | undefined;
let kernel: ElfImage | undefined;
let kernelBytes: Uint8Array | undefined;
let model: KernelModel | undefined;
let running = false;
let scheduled = false;
let lastStats = { t: 0, instret: 0 };
const output: Uint8Array[] = [];
/** The last RECENT_BYTES of output, as latin1 text. */
let recent = '';

const channel = new MessageChannel();
channel.port1.onmessage = () => { scheduled = false; slice(); };
/** Runs the next slice as soon as the worker is free (a message, not setTimeout's 4 ms clamp). */
function schedule(delayMs = 0): void {
  if (scheduled || !running) return;
  scheduled = true;
  if (delayMs > 0) setTimeout(() => { scheduled = false; slice(); }, delayMs);
  else channel.port2.postMessage(0);
}

function flushOutput(): void {
  if (!output.length) return;
  const n = output.reduce((a, c) => a + c.length, 0);
  const bytes = new Uint8Array(n);
  let o = 0;
  for (const c of output) { bytes.set(c, o); o += c.length; }
  output.length = 0;
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  recent = (recent + text).slice(-RECENT_BYTES);
  post({ type: 'output', bytes }, [bytes.buffer]);
}

function slice(): void {
  const m = machine;
  if (!m || !running) return;
  const t0 = performance.now();
  let stop: string;
  try {
    do stop = m.run(STEP); while (stop === 'budget' && performance.now() - t0 < SLICE_MS);
  } catch (e) {
    running = false;
    flushOutput();
    post({ type: 'error', message: `emulator fault: ${(e as Error).message}` });
    return;
  }
  flushOutput();
  if (m.halted) {
    running = false;
    post({ type: 'halted', exitCode: m.exitCode, cause: m.haltCause });
    sendStats();
    return;
  }
  // Idle: sleep until the timer is due (input wakes us at once).
  schedule(stop === 'idle' ? Math.min(50, Math.max(1, m.msUntilTimer())) : 0);
}

function readWord(name: string): number | undefined {
  const a = kernel?.symbols.get(name);
  return a === undefined || !machine ? undefined : model!.mem.u32(a);
}

function stats(): Stats {
  const m = machine!, h = m.hart, now = performance.now();
  const instret = h.instretCount();
  const dt = now - lastStats.t;
  const mips = dt > 0 ? (instret - lastStats.instret) / dt / 1000 : 0;
  lastStats = { t: now, instret };
  const tlb = h.tlb;
  const rate = (hits: number, all: number) => (all > 0 ? hits / all : NaN);
  const fetches = tlb.hits[0] + tlb.misses[0];
  const L = model?.layout;
  const fm = L ? model!.mem.u32(L.fork_mode_addr) : -1, sm = L ? model!.mem.u32(L.sbrk_mode_addr) : -1;
  return {
    instret, mips,
    tlbHit: { fetch: rate(tlb.hits[0], fetches), load: rate(h.loads - tlb.misses[1], h.loads), store: rate(h.stores - tlb.misses[2], h.stores) },
    pageFaults: { fetch: h.pageFaults[R.CAUSE_FETCH_PAGE_FAULT], load: h.pageFaults[R.CAUSE_LOAD_PAGE_FAULT], store: h.pageFaults[R.CAUSE_STORE_PAGE_FAULT] },
    kernel: {
      cowFaults: readWord('cow_faults'), cowCopied: readWord('cow_copied'), forkCopied: readWord('fork_copied'),
      lazyFaults: readWord('lazy_faults'),
      freePages: L ? model!.mem.u32(L.kmem_addr + L.kmem_nfree) : undefined,
    },
    forkMode: FORK_MODES[fm] ?? '', sbrkMode: SBRK_MODES[sm] ?? '', running,
  };
}

function sendStats(): void { if (machine) post({ type: 'stats', stats: stats() }); }

function persist(): void {
  if (!disk || disk.dirty.size === 0) return;
  const blocks = [...disk.dirty].sort((a, b) => a - b).map((index) => ({ index, bytes: disk!.bytes.slice(index * PERSIST_BLOCK, (index + 1) * PERSIST_BLOCK) }));
  disk.dirty.clear();
  post({ type: 'diskWrites', blocks }, blocks.map((b) => b.bytes.buffer));
}

async function start(o: StartOptions): Promise<void> {
  const t0 = performance.now();
  running = false;
  recent = '';
  output.length = 0;
  kernelBytes = o.kernel;
  kernel = parseElf(o.kernel);
  const host = { write: (b: Uint8Array) => output.push(b.slice()) };
  let phases = '';
  if (o.snapshot) {
    const snap = await decodeSnapshot(o.snapshot);
    const tDecoded = performance.now() - t0;
    if (!takenWithKernel(snap.meta, o.kernel)) throw new Error('the snapshot was taken with another xv32 kernel than this page has');
    if (!snap.disk) throw new Error('the snapshot has no disk');
    disk = new TrackedDisk(snap.disk);
    machine = new Machine({ console: host, ...Machine.ramFor(snap), disk, clock: 'host' });
    machine.restore(snap);
    phases = `decode ${Math.round(tDecoded)} ms, restore ${Math.round(performance.now() - t0 - tDecoded)} ms`;
    const screen = snap.meta[META_CONSOLE];
    if (screen) output.push(Uint8Array.from(screen, (c) => c.charCodeAt(0)));
  } else {
    if (!o.disk) throw new Error('no disk image to boot with');
    disk = new TrackedDisk(o.disk);
    const swap = o.swapMiB ? new MemoryDisk(new Uint8Array(Math.min(256, o.swapMiB) << 20)) : undefined;
    machine = new Machine({ console: host, ramBytes: o.memoryMiB << 20, disk, swap, clock: 'host' });
    machine.bootImages(parseElf(o.firmware), kernel, '', { forkMode: o.forkMode, sbrkMode: o.sbrkMode });
  }
  model = new KernelModel(machine.bus.u8, RAM_BASE, kernel.symbols);
  lastStats = { t: performance.now(), instret: machine.hart.instretCount() };
  post({ type: 'started', restored: !!o.snapshot, ms: performance.now() - t0, phases });
  running = true;
  schedule();
}

/** Runs `fn` on the live disk at a moment no file-system operation is in progress. */
function whenDiskQuiet<T>(fn: (d: LiveDisk) => T): Promise<T> {
  return new Promise((resolve, reject) => {
    let tries = 0;
    const attempt = () => {
      try {
        if (!machine || !disk || !kernel || !model) throw new Error('no machine is running');
        resolve(fn(new LiveDisk(model, kernel.symbols, disk.bytes)));
      } catch (e) {
        if (!(e instanceof DiskBusy) || ++tries > DISK_RETRIES) { reject(e); return; }
        // Let the guest finish what it is doing (it must run for that), then try again.
        if (!running && machine) machine.run(STEP);
        setTimeout(attempt, 5);
      }
    };
    attempt();
  });
}

async function answer(id: number, work: () => unknown | Promise<unknown>, transfer: (v: unknown) => Transferable[] = () => []): Promise<void> {
  try {
    const value = await work();
    post({ type: 'reply', id, ok: true, value }, transfer(value));
  } catch (e) {
    post({ type: 'reply', id, ok: false, error: (e as Error).message });
  }
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  switch (msg.type) {
    case 'start':
      start(msg.options).catch((e) => post({ type: 'error', message: `could not start the machine: ${(e as Error).message}` }));
      break;
    case 'input':
      machine?.uart.receive(msg.bytes);
      if (machine?.hart.waiting) machine.hart.needsService = true;
      schedule();
      break;
    case 'run': if (machine && !machine.halted) { running = true; schedule(); } break;
    case 'pause': running = false; sendStats(); break;
    case 'modes': {
      // The kernel reads its modes at each fork and sbrk, so a store to them takes effect at once,
      // as the guest's forkmode and sbrkmode programs do through their system calls.
      const L = model?.layout;
      if (!L) break;
      if (msg.forkMode) model!.mem.setU32(L.fork_mode_addr, FORK_MODES.indexOf(msg.forkMode));
      if (msg.sbrkMode) model!.mem.setU32(L.sbrk_mode_addr, SBRK_MODES.indexOf(msg.sbrkMode));
      sendStats();
      break;
    }
    case 'save':
      void answer(msg.id, async () => {
        if (!machine) throw new Error('no machine is running');
        flushOutput();
        return encodeSnapshot(machine.snapshot({ ...kernelMeta(kernelBytes!), [META_CONSOLE]: recent }));
      }, (v) => [(v as Uint8Array).buffer]);
      break;
    case 'addFile':
      void answer(msg.id, () => whenDiskQuiet((d) => {
        const blocks = d.write(msg.path, msg.bytes);
        for (const b of blocks) disk!.dirty.add(Math.floor((b * BSIZE) / PERSIST_BLOCK));
        return msg.bytes.length;
      }));
      break;
    case 'readFile':
      void answer(msg.id, () => whenDiskQuiet((d) => d.read(msg.path)), (v) => [(v as Uint8Array).buffer]);
      break;
    case 'readDisk':
      void answer(msg.id, () => whenDiskQuiet(() => disk!.bytes.slice()), (v) => [(v as Uint8Array).buffer]);
      break;
    case 'memory':
      void answer(msg.id, () => {
        if (!model) throw new Error('no machine is running');
        const k = model.snapshot();
        return { processes: processList(k), maps: msg.pids.map((p) => processView(k, p)).filter((v) => v) };
      });
      break;
  }
};

setInterval(sendStats, STATS_MS);
setInterval(persist, PERSIST_MS);
