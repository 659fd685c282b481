// pmap -x inside the guest and the kernel model outside it report the same map for a process.
import { describe, expect, it } from 'vitest';
import { runWithModel } from '../support/guest-model.js';

describe('pmap -x and the kernel model agree', () => {
  it('for init, the shell, and a shell sharing pages with its parent after a cow fork', () => {
    // init is pid 1 and sh pid 2; sh forks 3 and 4 for the first two commands, then 5 for the
    // subshell, a copy of itself that shares its pages copy-on-write; 5 forks 6 to run the
    // pipeline, which forks pmap and cat.
    const targets = [1, 2, 5];
    const fromModel: string[] = [];
    const run = runWithModel('pmap -x 1; pmap -x 2; (pmap -x 5 | cat)', {
      onEvent: (e, model) => {
        const k = model.snapshot();
        // At each pmap's exec (its target does not change while pmap runs; an exit event can be
        // held back past the moment the process is gone, while another process is mid-exec).
        if (e.event === 'exec' && k.processes.find((p) => p.pid === e.pid)?.name === 'pmap') {
          fromModel.push(model.pmap(targets[fromModel.length], true, k)!);
        }
      },
    });
    expect(run.failure).toBeUndefined();
    expect(fromModel).toHaveLength(3);
    expect(run.output).toBe(fromModel.join(''));
    expect(fromModel[2]).toMatch(/^5:\n/);
    // The runner shares its pages copy-on-write: the Shared column is not all zero.
    const shared = fromModel[2].split('\n').find((l) => l.startsWith('total kB'))!.trim().split(/ +/).pop();
    expect(Number(shared)).toBeGreaterThan(0);
  });
});
