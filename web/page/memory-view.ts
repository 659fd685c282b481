// The memory view: one or two processes' pages, segment by segment, one square per resident
// page, coloured by what the kernel model reads from the page tables. With two processes (a
// parent and its child) a page is "shared" when both map the same physical page, "copied" when
// they map different ones at the same address: the copy-on-write picture of the textbooks, live.
import type { ProcessView, SegmentView } from '../protocol.js';

/** Squares drawn per segment before the rest is summed up in words. */
const MAX_PAGES = 256;

export interface PairCounts { resident: number; shared: number; copied: number; dirty: number; cow: number; sharedTables: number; swapped: number }

const hex = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');

/** How process `a`'s pages relate to `b`'s (b may be undefined: then shared means refs > 1). */
export function pairCounts(a: ProcessView, b?: ProcessView): PairCounts {
  const other = new Map<number, number>();
  for (const s of b?.segments ?? []) for (const p of s.pages) if (p.swapSlot === undefined) other.set(p.va, p.pa);
  const c: PairCounts = { resident: 0, shared: 0, copied: 0, dirty: 0, cow: 0, sharedTables: 0, swapped: 0 };
  for (const s of a.segments) {
    for (const p of s.pages) {
      if (p.swapSlot !== undefined) { c.swapped++; continue; }
      c.resident++;
      const o = other.get(p.va);
      if (b ? o === p.pa : p.refs > 1) c.shared++;
      else if (b && o !== undefined) c.copied++;
      if (p.dirty) c.dirty++;
      if (p.cow) c.cow++;
      if (p.sharedTable) c.sharedTables++;
    }
  }
  return c;
}

function segmentRow(s: SegmentView, partner: Map<number, number> | undefined): HTMLElement {
  const row = document.createElement('div');
  row.className = 'segment';
  const label = document.createElement('div');
  label.className = 'segment-label';
  const inSwap = s.pages.filter((p) => p.swapSlot !== undefined).length;
  label.textContent = `${s.path ?? s.kind} ${s.perm} ${hex(s.start)}–${hex(s.end)} (${s.pages.length - inSwap} resident${inSwap ? `, ${inSwap} in swap` : ''})`;
  row.append(label);
  const cells = document.createElement('div');
  cells.className = 'pages';
  for (const p of s.pages.slice(0, MAX_PAGES)) {
    const cell = document.createElement('span');
    const o = partner?.get(p.va);
    const state = partner ? (o === p.pa ? 'shared' : o !== undefined ? 'copied' : 'own') : p.refs > 1 ? 'shared' : 'own';
    if (p.swapSlot !== undefined) {
      cell.className = 'page swapped' + (p.sharedTable ? ' shared-table' : '');
      cell.title = `va ${hex(p.va)} in swap slot ${p.swapSlot}` + (p.writable || p.cow ? ', writable' : ', read-only');
      cell.dataset.state = 'swapped';
      cells.append(cell);
      continue;
    }
    cell.className = `page ${state}` + (p.dirty ? ' dirty' : '') + (p.cow ? ' cow' : '') + (p.sharedTable ? ' shared-table' : '') + (p.file ? ' file' : '');
    cell.title = `va ${hex(p.va)} → pa ${hex(p.pa)}, ${p.refs} holder(s)` + (p.dirty ? ', dirty' : '') +
      (p.writable ? ', writable' : ', read-only') + (p.cow ? ', copy-on-write' : '') + (p.sharedTable ? ', page table shared' : '') + (p.file ? ', a file page (page cache)' : '');
    cell.dataset.state = state;
    cells.append(cell);
  }
  if (s.pages.length > MAX_PAGES) {
    const more = document.createElement('span');
    more.className = 'more';
    more.textContent = `… and ${s.pages.length - MAX_PAGES} more pages`;
    cells.append(more);
  }
  row.append(cells);
  return row;
}

/** Draws process `a` (and its relation to `b`, if given) into `into`. */
export function renderProcess(into: HTMLElement, a: ProcessView, b?: ProcessView): void {
  const partner = b ? new Map<number, number>() : undefined;
  for (const s of b?.segments ?? []) for (const p of s.pages) if (p.swapSlot === undefined) partner!.set(p.va, p.pa);
  const c = pairCounts(a, b);
  const box = document.createElement('section');
  box.className = 'process';
  box.setAttribute('aria-label', `memory of pid ${a.pid}`);
  const h = document.createElement('h3');
  h.textContent = `pid ${a.pid} ${a.name} (${a.state})` + (a.vforkParentPid ? `, in pid ${a.vforkParentPid}'s memory (vfork)` : '');
  const sum = document.createElement('p');
  sum.className = 'page-counts';
  sum.dataset.pid = String(a.pid);
  sum.textContent = `${c.resident} pages: ${c.shared} shared` + (b ? ` with pid ${b.pid}, ${c.copied} copied` : '') +
    `, ${c.dirty} dirty, ${c.cow} copy-on-write` + (c.sharedTables ? `, ${c.sharedTables} in shared page tables` : '') +
    (c.swapped ? `; ${c.swapped} in swap` : '');
  box.append(h, sum, ...a.segments.map((s) => segmentRow(s, partner)));
  into.append(box);
}
