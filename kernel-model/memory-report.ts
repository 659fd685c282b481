// The kernel model's whole picture, as text: every process with memory, its map in pmap -x's
// layout, and the allocator's totals. `xv32 boot` prints it on Ctrl-A m.
import type { KernelState } from './kernel-state.js';
import { formatPmap, processMaps } from './process-maps.js';
import { PGSIZE } from './sv32-table.js';

export function memoryReport(k: KernelState): string {
  let s = '';
  for (const p of k.processes) {
    s += `pid ${p.pid} (${p.name}) ${p.state}, parent ${p.parentPid}`;
    if (p.vforkParentPid) s += `, in the address space of pid ${p.vforkParentPid} (vfork)`;
    const maps = processMaps(k, p.pid);
    s += maps ? '\n' + formatPmap(p.pid, maps, true).split('\n').slice(1).join('\n') : ': no user memory\n';
  }
  const total = (k.phystop - k.firstPage) / PGSIZE;
  let shared = 0;
  for (let pa = k.firstPage; pa < k.phystop; pa += PGSIZE) if (k.mapCount(pa) > 1) shared++;
  s += `pages: total ${total}, free ${k.freeListLength}, shared ${shared}, page tables ${k.pagetablePages}; ` +
    `fork mode ${k.forkMode}, sbrk mode ${k.sbrkMode}\n`;
  return s;
}
