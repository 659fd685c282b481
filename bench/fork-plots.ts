// The fork-cost lab's plots, as SVG rendered in Node by Vega-Lite (no browser, no canvas):
// the parent's fork cost against heap size per mode (log-log), and, at the largest size, the
// cost until the child is reaped for each pattern, copy against cow against odf. `xv32 bench fork` writes them.
import type { ForkRecord } from './fork.js';

async function render(spec: object): Promise<string> {
  const vega = await import('vega');
  const vl = await import('vega-lite');
  const view = new vega.View(vega.parse(vl.compile(spec as never).spec), { renderer: 'none' });
  return view.toSVG();
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export async function forkPlots(records: ForkRecord[]): Promise<{ bySize: string; byPattern: string }> {
  const startOnly = records.filter((r) => r.pattern === (r.mode === 'spawn' ? 'exec' : 'exit'))
    .map((r) => ({ mode: r.mode === 'spawn' ? 'spawn (+ exec)' : r.mode, kib: r.sizeBytes / 1024, instructions: r.forkInstret }));
  const bySize = await render({
    $schema: SCHEMA, width: 520, height: 320, background: 'white',
    title: 'Instructions the kernel retires making the child',
    data: { values: startOnly },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'kib', type: 'quantitative', scale: { type: 'log' }, title: 'heap touched before the call (KiB)' },
      y: { field: 'instructions', type: 'quantitative', scale: { type: 'log' }, title: 'guest instructions in the call' },
      color: { field: 'mode', type: 'nominal', title: 'how the child starts' },
    },
  });
  const largest = Math.max(...records.map((r) => r.sizeBytes));
  const patterns = records.filter((r) => r.sizeBytes === largest && (r.mode === 'copy' || r.mode === 'cow' || r.mode === 'odf'))
    .map((r) => ({ mode: r.mode, pattern: r.pattern, instructions: r.reapInstret }));
  const byPattern = await render({
    $schema: SCHEMA, width: 520, height: 320, background: 'white',
    title: `Instructions until the child is reaped, ${largest >> 20} MiB heap`,
    data: { values: patterns },
    // Points, not bars: a log scale has no zero for bars to stand on.
    mark: { type: 'point', filled: true, size: 120 },
    encoding: {
      x: { field: 'pattern', type: 'nominal', title: 'what happens after fork', sort: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'mode' },
      y: { field: 'instructions', type: 'quantitative', scale: { type: 'log' }, title: 'guest instructions' },
      color: { field: 'mode', type: 'nominal', title: 'fork mode' },
    },
  });
  return { bySize, byPattern };
}
