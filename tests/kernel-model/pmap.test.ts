// pmap -x inside the guest and the kernel model outside it report the same map for a process.
import { describe, expect, it } from 'vitest';
import { runWithModel } from '../support/guest-model.js';

describe('pmap -x and the kernel model agree', () => {
  it('for init, the shell, and a shell sharing pages with its parent after a cow fork', () => {
    // init is pid 1 and sh pid 2; sh forks 3 and 4 for the first two commands, then 5 for the
    // subshell, a copy of itself that shares its pages copy-on-write; 5 forks 6 to run the
    // pipeline, which forks pmap and cat. None of the three targets changes its memory while a
    // pmap looks at it, so what pmap prints must be what the model reads at some event around
    // it (an event can be held back while another process is mid-exec, so which one varies).
    const targets = [1, 2, 5];
    const seen = new Map<number, Set<string>>(targets.map((t) => [t, new Set()]));
    const run = runWithModel('pmap -x 1; pmap -x 2; (pmap -x 5 | cat)', {
      onEvent: (_e, model) => {
        const k = model.snapshot();
        for (const t of targets) {
          const text = k.processes.some((p) => p.pid === t && p.state !== 'zombie') ? model.pmap(t, true, k) : undefined;
          if (text) seen.get(t)!.add(text);
        }
      },
    });
    expect(run.failure).toBeUndefined();
    const sections = run.output.split(/(?=^\d+:\n)/m);
    expect(sections.map((s) => s.split(':')[0])).toEqual(['1', '2', '5']);
    sections.forEach((s, i) => expect([...seen.get(targets[i])!], `pmap -x ${targets[i]}`).toContain(s));
    // The subshell shares its pages copy-on-write: the Shared column is not all zero.
    const shared = sections[2].split('\n').find((l) => l.startsWith('total kB'))!.trim().split(/ +/).at(-2); // Shared, then Swap
    expect(Number(shared)).toBeGreaterThan(0);
  });
});
