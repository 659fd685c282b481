// Programs for watching processes and copying files: a zombie stays visible (Z) until its parent
// waits, an orphan gets init as its parent, cp and cmp agree on a file and cmp names the
// first difference, mcp copies through mappings with the page cache's counts to show for it,
// and memtouch checks every page it wrote.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../support/paths.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';

const exec = (cmd: string, ...opts: string[]) =>
  spawnSync('node', [CLI, 'exec', '--snapshot', ...opts, '--', cmd], { encoding: 'latin1', timeout: CHILD_TIMEOUT_MS });
const psRow = (out: string, name: string) => out.split('\n').filter((l) => l.trim().endsWith(' ' + name));

describe('processes', () => {
  it('ps shows a zombie as Z until its parent reaps it', () => {
    const r = exec('zombie 1 & sleep 0.3; ps; echo ---; sleep 1.5; ps');
    const [during, after] = r.stdout.split('---');
    const zombies = psRow(during, 'zombie');
    expect(zombies.some((l) => / Z +0 zombie$/.test(l))).toBe(true); // the child: no memory left
    expect(zombies.some((l) => / S +\d+ zombie$/.test(l))).toBe(true); // its parent, asleep
    expect(psRow(after, 'zombie')).toEqual([]);
  });

  it('top -n 1 prints each process with VIRT, RES, SHR and SWAP; a cow parent and child share', () => {
    const r = exec('cowdemo 16 5 1 & sleep 0.5; top -n 1');
    const lines = r.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('Mem: '))).toMatch(/^Mem: \d+ KiB total, \d+ KiB free, \d+ KiB shared; Swap: 0 KiB total, 0 KiB used$/);
    expect(lines).toContain('  PID S     VIRT      RES      SHR     SWAP COMMAND');
    const demo = lines.filter((l) => l.endsWith(' cowdemo')).map((l) => l.trim().split(/ +/));
    expect(demo.length).toBe(2);
    for (const [, st, virt, res, shr, swap] of demo) {
      expect(st).toBe('S');
      expect(Number(res)).toBeLessThanOrEqual(Number(virt));
      expect(Number(shr)).toBeGreaterThanOrEqual(16 * 4); // the 16 heap pages, shared after the fork
      expect(swap).toBe('0');
    }
  });

  it('an orphan gets init as its parent', () => {
    // The pause lets the orphan exec sleep (until then it is a copy of sh, named so).
    const r = exec('sh -c "sleep 1 &"; sleep 0.2; ps');
    expect(psRow(r.stdout, 'sleep')).toEqual([expect.stringMatching(/^ +\d+ +1 [SR] +\d+ sleep$/)]);
  });
});

describe('/proc', () => {
  it('/proc/PID/maps lists the segments pmap prints, at the same addresses, in Linux\'s format', () => {
    const r = exec('pmap $$; echo ---; cat /proc/$$/maps');
    const [pmap, maps] = r.stdout.split('---\n');
    const kinds: Record<string, string> = { '[ text ]': '/sh', '[ data ]': '/sh', '[ bss ]': '', '[ heap ]': '[heap]', '[ stack ]': '[stack]' };
    const fromPmap = pmap.split('\n').slice(1).filter((l) => /^[0-9a-f]{8} /.test(l)).map((l) => {
      const [, start, kb, kind] = /^([0-9a-f]{8}) +(\d+) \S+ (.*)$/.exec(l)!;
      const end = (parseInt(start, 16) + Number(kb) * 1024).toString(16).padStart(8, '0');
      return `${start}-${end} ${kinds[kind]}`.trim();
    });
    const fromMaps = maps.trimEnd().split('\n').map((l) => {
      const m = /^([0-9a-f]{8}-[0-9a-f]{8}) [r-][w-][x-]p 00000000 00:00 0 *(.*)$/.exec(l);
      expect(m, l).not.toBeNull();
      return `${m![1]} ${m![2]}`.trim();
    });
    expect(fromMaps).toEqual(fromPmap);
    expect(fromMaps.at(-1)).toBe('7ffff000-80000000 [stack]');
  });

  it('/proc/PID/status and /proc/meminfo give the process and memory figures; /proc is read-only', () => {
    const r = exec('cat /proc/1/status; cat /proc/meminfo; free; cat /proc/999/status; echo missing $?; echo x > /proc/meminfo; echo write $?');
    expect(r.stdout).toMatch(/^Name:\tinit\nState:\tS \(sleeping\)\nPid:\t1\nPPid:\t0\nVmSize:\t +\d+ kB\nVmRSS:\t +\d+ kB\nRssShared:\t +\d+ kB\nVmSwap:\t +0 kB\n/);
    const total = Number(/MemTotal:\t +(\d+) kB/.exec(r.stdout)![1]);
    expect(total).toBe(4 * Number(/pages: total (\d+)/.exec(r.stdout)![1]));
    expect(r.stdout).toContain('missing 1\n');
    expect(r.stdout).toContain('write 1\n');
    expect(r.stderr).toContain('cat: cannot open /proc/999/status');
  });
});

describe('files', () => {
  it('cp copies a file of 200+ KiB that cmp finds equal; cmp names the first difference', () => {
    // 200+ KiB: past the direct blocks and into the indirect block's range.
    const r = exec('cat README README README > a; cat a a a a > b; cat b b b b > g; cat g g g g g g g g > h; cat h h h h h h h h > c; ' +
      'wc -c c; cp c d; cmp c d; echo same $?; echo x >> d; cmp c d; echo differ $?; cp README e; echo y > e; cmp README e; echo $?');
    const size = Number(/(\d+) c\n/.exec(r.stdout)![1]);
    expect(size).toBeGreaterThan(200 << 10);
    expect(r.stdout).toContain('same 0\n');
    expect(r.stdout).toContain(`cmp: EOF on c after byte ${size}\ndiffer 1\n`);
    expect(r.stdout).toMatch(/README e differ: byte 1, line 1\n1\n$/);
  });

  it('mcp copies a file through mappings that cmp finds equal, reading each source page from the disk once and writing each destination page back once', () => {
    const r = exec('cat README README README > a; cat a a a a > b; cat b b b b > g; cat g g g g g g g g > h; cat h h h h h h h h > c; ls c; ' +
      'mcp README x; free; mcp c d; free; cmp c d; echo same $?');
    // ls, not wc: reading c would put it in the page cache before mcp does.
    const size = Number(/^c +2 \d+ (\d+)$/m.exec(r.stdout)![1]);
    expect(size).toBeGreaterThan(100 << 10);
    expect(r.stdout).toContain('same 0\n');
    const cache = [...r.stdout.matchAll(/page cache \d+ pages; read from disk (\d+), found \d+, given back \d+; file pages mapped (\d+), written back (\d+)/g)]
      .map((m) => m.slice(1).map(Number));
    expect(cache).toHaveLength(2);
    const pages = Math.ceil(size / 4096);
    expect(cache[1][0] - cache[0][0]).toBe(pages); // c's pages, once each (mcp's and free's text are cached)
    expect(cache[1][1] - cache[0][1]).toBe(2 * pages); // each page of both mappings faulted in once
    expect(cache[1][2] - cache[0][2]).toBe(pages); // d's dirty pages, written once each
  });

  it('mcp copies a 4 MiB file (double-indirect blocks) on a 16 MiB disk; the copy is right on the host after power-off and fsck is clean', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xv32-mcp-'));
    try {
      const src = join(dir, 'big'), img = join(dir, 'disk.img');
      const data = Uint8Array.from({ length: 4 << 20 }, (_, i) => (i * 2654435761) >>> 24);
      writeFileSync(src, data);
      const r = spawnSync('node', [CLI, 'exec', '--disk', img, '--disk-size', '16', '--add', `${src}:/big`, '--', 'mcp big copy; cmp big copy; echo same $?'],
        { encoding: 'latin1', timeout: CHILD_TIMEOUT_MS });
      expect(r.stdout).toBe('same 0\n');
      const got = spawnSync('node', [CLI, 'disk', 'get', img, '/copy'], { timeout: CHILD_TIMEOUT_MS, maxBuffer: 8 << 20 });
      expect(Buffer.compare(got.stdout, Buffer.from(data))).toBe(0);
      expect(spawnSync('node', [CLI, 'disk', 'fsck', img], { encoding: 'latin1' }).stdout).toMatch(/clean, \d+ files/);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('mcp of an 8 MiB file in 16 MiB of RAM lets mapped pages go under pressure, writing each dirty page back once, and the copy is right', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xv32-mcp-'));
    try {
      const src = join(dir, 'big');
      writeFileSync(src, Uint8Array.from({ length: 8 << 20 }, (_, i) => (i * 2654435761) >>> 24));
      const r = spawnSync('node', [CLI, 'exec', '--snapshot', '--mem', '16', '--disk-size', '24', '--add', `${src}:/big`, '--', 'mcp big copy; free; cmp big copy; echo same $?'],
        { encoding: 'latin1', timeout: CHILD_TIMEOUT_MS });
      expect(r.stdout).toContain('same 0\n');
      const [, written, dropped] = /file pages mapped \d+, written back (\d+), let go (\d+)/.exec(r.stdout)!.map(Number);
      expect(written).toBe(2048); // every page of the destination, once
      expect(dropped).toBeGreaterThan(1000); // more than half of the 4096 mapped pages had to go
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('memtouch writes and checks every page, and says when there is not enough memory', () => {
    const ok = exec('memtouch 8', '--mem', '32');
    expect(ok.stdout).toBe('memtouch: ok 2048 pages\n');
    expect(ok.status).toBe(0);
    const big = exec('memtouch 64', '--mem', '32');
    expect(big.stderr).toBe('memtouch: cannot allocate 64 MiB\n');
    expect(big.status).toBe(1);
  });
});
