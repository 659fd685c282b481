// The xv32 page: the embeddable machine (../xv32-embed.ts) with a panel of counters, controls,
// files kept in IndexedDB, and the live memory view. It starts from a snapshot taken at the
// shell prompt (prompt.snap, made by `xv32 web`), so it is usable at once; a disk saved by an
// earlier visit is booted instead, since a snapshot's kernel caches belong to its own disk.
import { Xv32, type Stats } from '../xv32-embed.js';
import { DiskStore } from './disk-store.js';
import { renderProcess } from './memory-view.js';
import { parseElf } from '../../emulator/loader/elf.js';
import { FsImage } from '../../kernel-model/fs-image.js';
import { PERSIST_BLOCK, type ForkMode, type SbrkMode } from '../protocol.js';

const FORK_MODES: ForkMode[] = ['copy', 'cow', 'odf'];
const MEMORY_POLL_MS = 400;
/** The prompt the shell prints: the page is "ready" when it first appears. */
const PROMPT = '$ ';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

function message(text: string, kind: 'info' | 'error' = 'info'): void {
  const box = document.createElement('div');
  box.className = `message ${kind}`;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  box.textContent = text;
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Dismiss';
  close.setAttribute('aria-label', 'dismiss message');
  close.onclick = () => box.remove();
  box.append(close);
  $('messages').append(box);
  if (kind === 'info') setTimeout(() => box.remove(), 10_000);
}

function download(bytes: Uint8Array, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([bytes as BlobPart]));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

const fileBytes = async (f: File) => new Uint8Array(await f.arrayBuffer());
const fmt = (n: number | undefined) => (n === undefined ? '–' : Math.round(n).toLocaleString('en'));
const pct = (r: number) => (Number.isNaN(r) ? '–' : `${(r * 100).toFixed(2)}%`);

/** Serialises IndexedDB work, so blocks land in the order the guest wrote them. */
let storeQueue: Promise<void> = Promise.resolve();

async function main(): Promise<void> {
  // Times are from the start of navigation (performance.now()'s origin): what the user waits.
  let ready = false, readyMs = 0, startKind = '';
  const markReady = (kind: string) => {
    ready = true;
    startKind = kind;
    readyMs = performance.now();
    document.body.dataset.readyMs = String(Math.round(readyMs));
    document.body.dataset.startMs = String(Math.round(vm.lastStart?.ms ?? 0));
  };
  // ?start=boot boots the built-in disk instead of restoring the prompt snapshot (to measure it).
  // ?mem=MiB and ?swap=MiB boot a machine of that RAM, with a swap area in memory (a snapshot has
  // its own RAM, and a machine with swap has no snapshot).
  const params = new URLSearchParams(location.search);
  const sizeParam = (name: string, min: number, max: number) => {
    const v = Number(params.get(name));
    return params.has(name) && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
  };
  const memoryMiB = sizeParam('mem', 16, 1024), swapMiB = sizeParam('swap', 1, 256);
  const coldBoot = params.get('start') === 'boot' || memoryMiB !== undefined || swapMiB !== undefined;
  // The prompt snapshot is restored while IndexedDB is asked for a disk an earlier visit saved;
  // if there is one, it replaces the snapshot's machine (a snapshot's kernel caches belong to
  // its own disk), and the page is ready at that boot's prompt.
  const stored = DiskStore.open(PERSIST_BLOCK).then(async (st) => ({ st, saved: await st.load() }), (e: Error) => {
    message(`This browser cannot keep files (IndexedDB: ${e.message}); they last until the page closes.`, 'error');
    return { st: undefined, saved: undefined };
  });
  const term = $('terminal');
  let vm: Xv32;
  try {
    const worker = (window as unknown as { xv32Worker?: Worker }).xv32Worker;
    vm = await Xv32.create(term, coldBoot ? { worker, memoryMiB, swapMiB } : { snapshot: 'prompt.snap', worker });
  } catch (e) {
    message(`Starting from the snapshot failed (${(e as Error).message}); booting instead.`, 'error');
    vm = await Xv32.create(term, { memoryMiB, swapMiB });
  }
  (window as unknown as { xv32: Xv32 }).xv32 = vm;
  // A booting machine is ready at its first prompt; one restored at the prompt, as it runs.
  let booting = coldBoot || !vm.lastStart?.restored ? 'booted' : '';
  vm.onOutput((text) => { if (!ready && booting && text.includes(PROMPT)) markReady(booting); });
  const { st: store, saved } = await stored.catch((e: Error) => {
    message(`The saved disk could not be read: ${e.message}`, 'error');
    return { st: undefined, saved: undefined };
  });
  if (saved) {
    booting = 'booted your saved disk'; // set before reset() replaces the worker, so no old output counts
    await vm.reset(saved);
  } else if (!booting) markReady('restored at the prompt');
  vm.focus();
  vm.onError((m) => message(m, 'error'));
  vm.onHalt(({ exitCode }) => message(`The guest powered off (status ${exitCode}). Reset machine boots it again; your files are kept.`));

  // Files that last: the guest's writes go to IndexedDB, whole image first.
  const persist = (work: () => Promise<void>) => {
    storeQueue = storeQueue.then(work).catch((e: Error) => {
      const quota = e.name === 'QuotaExceededError' || /quota/i.test(e.message);
      message(quota ? 'The browser\'s storage is full: the disk is no longer saved (download it to keep it).'
        : `The disk could not be saved in this browser: ${e.message}`, 'error');
    });
    return storeQueue;
  };
  // The disk the machine starts with is saved at once, so the guest's writes need only theirs.
  if (store && !saved) void persist(async () => store!.saveImage(await vm.readDisk(), false));
  vm.onDiskWrites((blocks) => { if (store) void persist(() => store!.saveBlocks(blocks)); });

  // Counters and modes.
  const forkSel = $<HTMLSelectElement>('fork-mode'), sbrkSel = $<HTMLSelectElement>('sbrk-mode');
  for (const m of FORK_MODES) forkSel.append(new Option(m, m));
  forkSel.onchange = () => vm.setModes({ forkMode: forkSel.value as ForkMode });
  sbrkSel.onchange = () => vm.setModes({ sbrkMode: sbrkSel.value as SbrkMode });
  const counters = $('counters');
  const showStats = (s: Stats) => {
    const rows: [string, string][] = [
      ['guest MIPS', s.running ? s.mips.toFixed(1) : 'paused'],
      ['instructions retired', fmt(s.instret)],
      ['TLB hits: fetch', pct(s.tlbHit.fetch)], ['TLB hits: load', pct(s.tlbHit.load)], ['TLB hits: store', pct(s.tlbHit.store)],
      ['page faults: fetch', fmt(s.pageFaults.fetch)], ['page faults: load', fmt(s.pageFaults.load)], ['page faults: store', fmt(s.pageFaults.store)],
      ['COW faults', fmt(s.kernel.cowFaults)], ['pages copied by COW faults', fmt(s.kernel.cowCopied)],
      ['pages copied by fork', fmt(s.kernel.forkCopied)], ['lazy heap faults', fmt(s.kernel.lazyFaults)],
      ['free pages', fmt(s.kernel.freePages)],
      ['ready after', ready ? `${Math.round(readyMs)} ms (${startKind})` : '…'],
      ['machine start', vm.lastStart ? `${Math.round(vm.lastStart.ms)} ms in the worker` : '…'],
    ];
    counters.replaceChildren(...rows.flatMap(([k, v]) => {
      const dt = document.createElement('dt'), dd = document.createElement('dd');
      dt.textContent = k; dd.textContent = v; dd.dataset.counter = k;
      return [dt, dd];
    }));
    if (s.forkMode && document.activeElement !== forkSel) forkSel.value = s.forkMode;
    if (s.sbrkMode && document.activeElement !== sbrkSel) sbrkSel.value = s.sbrkMode;
    $('pause').textContent = s.running ? 'Pause' : 'Resume';
  };
  vm.onStats(showStats);

  const guard = (what: string, work: () => Promise<unknown>) => async () => {
    try { await work(); } catch (e) { message(`${what} failed: ${(e as Error).message}`, 'error'); }
  };
  $('pause').onclick = () => { if (vm.stats?.running === false) vm.run(); else vm.pause(); };
  $('reset').onclick = guard('Reset', async () => {
    let disk: Uint8Array | undefined;
    try { disk = await vm.readDisk(); } catch { disk = await store?.load(); }
    await vm.reset(disk);
    vm.setModes({ forkMode: forkSel.value as ForkMode, sbrkMode: sbrkSel.value as SbrkMode });
    message('The machine was reset and booted again with the same disk.');
  });

  // Snapshots.
  let snapshot: Uint8Array | undefined;
  $('save-snapshot').onclick = guard('Saving the snapshot', async () => {
    snapshot = await vm.save();
    message(`Snapshot saved (${(snapshot.length / 1024).toFixed(0)} KiB): Restore snapshot goes back to it, Download snapshot keeps it.`);
  });
  const restore = async (bytes: Uint8Array) => {
    const { ms } = await vm.restore(bytes);
    message(`Restored the snapshot in ${Math.round(ms)} ms.`);
    vm.focus();
  };
  $('restore-snapshot').onclick = guard('Restoring the snapshot', async () => {
    if (!snapshot) throw new Error('no snapshot saved yet (Save snapshot first, or load a file)');
    await restore(snapshot);
  });
  $('download-snapshot').onclick = guard('Downloading the snapshot', async () => download(snapshot ?? await vm.save(), 'xv32.snap'));
  $<HTMLInputElement>('snapshot-file').onchange = guard('Loading the snapshot file', async () => {
    const f = $<HTMLInputElement>('snapshot-file').files?.[0];
    if (f) { snapshot = await fileBytes(f); await restore(snapshot); }
  });

  // Files in and out.
  const addFiles = async (files: FileList | File[]) => {
    for (const f of Array.from(files)) {
      const bytes = await fileBytes(f);
      const path = '/' + f.name;
      const isElf = bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
      if (isElf) {
        try { parseElf(bytes); } catch (e) { message(`${f.name} is not an RV32 program xv32 can run: ${(e as Error).message}. Not added.`, 'error'); continue; }
      }
      try {
        await vm.addFile(path, bytes);
        message(isElf ? `Added ${path} (${bytes.length} bytes): type ${path} to run it.`
          : `Added ${path} (${bytes.length} bytes). It is not an RV32 ELF, so it is a data file, not a program.`);
      } catch (e) { message(`${f.name} was not added: ${(e as Error).message}`, 'error'); }
    }
    vm.focus();
  };
  $<HTMLInputElement>('add-file').onchange = guard('Adding files', async () => {
    const input = $<HTMLInputElement>('add-file');
    if (input.files) await addFiles(input.files);
    input.value = '';
  });
  document.addEventListener('dragover', (e) => { e.preventDefault(); document.body.classList.add('dragging'); });
  document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    document.body.classList.remove('dragging');
    if (e.dataTransfer?.files.length) void guard('Adding files', () => addFiles(e.dataTransfer!.files))();
  });
  $('download-file').onclick = guard('Downloading the file', async () => {
    const path = $<HTMLInputElement>('guest-path').value.trim();
    download(await vm.readFile(path), path.split('/').pop() || 'file');
  });
  $('download-disk').onclick = guard('Downloading the disk', async () => download(await vm.readDisk(), 'xv32-disk.img'));
  $<HTMLInputElement>('upload-disk').onchange = guard('Using the uploaded disk', async () => {
    const f = $<HTMLInputElement>('upload-disk').files?.[0];
    if (!f) return;
    const img = await fileBytes(f);
    new FsImage(img.slice()); // throws "not an xv32 disk image ..." for anything else
    await vm.reset(img);
    if (store) await persist(() => store!.saveImage(img, true));
    message(`Booted ${f.name}; it is now the saved disk.`);
  });
  $('reset-disk').onclick = guard('Resetting the disk', async () => {
    await storeQueue;
    await store?.clear();
    await vm.reset();
    if (store) void persist(async () => store!.saveImage(await vm.readDisk(), false));
    message('The disk is the built-in one again, and the machine was booted with it.');
  });

  // The memory view.
  const selA = $<HTMLSelectElement>('proc-a'), selB = $<HTMLSelectElement>('proc-b');
  let follow = '';
  const runDemo = (name: string, line: string) => () => { follow = name; vm.sendInput(line); vm.focus(); };
  $('run-cowdemo').onclick = runDemo('cowdemo', 'cowdemo 16 5 2\n');
  $('run-forkdemo').onclick = runDemo('forkdemo', 'forkdemo 2\n');
  const view = $('memory-view');
  const poll = async () => {
    try {
      const first = await vm.memory([]);
      const procs = first.processes;
      const keep = (sel: HTMLSelectElement, blank: boolean) => {
        const v = sel.value;
        sel.replaceChildren(...(blank ? [new Option('(none)', '')] : []), ...procs.map((p) => new Option(`${p.pid} ${p.name} (${p.state})`, String(p.pid))));
        if ([...sel.options].some((o) => o.value === v)) sel.value = v;
      };
      keep(selA, false);
      keep(selB, true);
      if (follow) {
        // Follow the demo: the newest child of that name whose parent runs it too.
        const child = procs.filter((p) => p.name === follow && procs.some((q) => q.pid === p.parentPid && q.name === follow)).pop();
        if (child) { selA.value = String(child.parentPid); selB.value = String(child.pid); }
      }
      const pids = [Number(selA.value), ...(selB.value ? [Number(selB.value)] : [])].filter((p) => p > 0);
      const mem = await vm.memory(pids);
      const [a, b] = pids.map((p) => mem.maps.find((m) => m.pid === p));
      view.replaceChildren();
      if (a) renderProcess(view, a, b);
      if (b) renderProcess(view, b, a);
      if (!a && !b) view.textContent = 'Pick a process with user memory.';
    } catch { /* the machine is being replaced; the next poll sees the new one */ }
    setTimeout(poll, MEMORY_POLL_MS);
  };
  selA.onchange = selB.onchange = () => { follow = ''; };
  void poll();
}

main().catch((e) => message(`xv32 could not start: ${(e as Error).message}`, 'error'));
