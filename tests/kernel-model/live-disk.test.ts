// The host puts files into a running guest's disk (the browser page's drop) and reads them out:
// the shell sees a new file at once, a file the kernel had cached is seen with its new bytes
// (its cached blocks and inode were invalidated), and while a file-system operation is in
// progress the host refuses and changes nothing.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/paths.js';
import { Machine, parseElf, BufferConsole, MemoryDisk } from '../support/emulator.js';
import { KernelModel } from '../../kernel-model/kernel-model.js';
import { LiveDisk, DiskBusy } from '../../kernel-model/live-disk.js';
import { fsck } from '../../kernel-model/fsck.js';

const image = (name: string) => parseElf(readFileSync(join(ROOT, 'images', name)));

function bootToPrompt() {
  const out = new BufferConsole();
  const disk = new MemoryDisk(new Uint8Array(readFileSync(join(ROOT, 'images/fs.img'))));
  const m = new Machine({ console: out, ramBytes: 32 << 20, disk });
  const kernel = image('kernel.elf');
  m.bootImages(image('firmware.elf'), kernel);
  const type = (line: string) => {
    const from = out.text().length;
    m.uart.receive(new TextEncoder().encode(line + '\n'));
    for (let i = 0; i < 400 && !(out.text().length > from && out.text().endsWith('$ ')); i++) m.run(1_000_000);
    return out.text().slice(from);
  };
  for (let i = 0; i < 400 && !out.text().endsWith('$ '); i++) m.run(1_000_000);
  const live = new LiveDisk(new KernelModel(m.bus.u8, m.bus.ramBase, kernel.symbols), kernel.symbols, disk.bytes);
  return { m, disk, live, type };
}

describe('the live disk editor', () => {
  it('adds a file the running shell sees at once, and replaces one the kernel has cached', () => {
    const { disk, live, type } = bootToPrompt();
    live.write('/hello.txt', new TextEncoder().encode('from the host\n'));
    expect(type('cat /hello.txt')).toContain('from the host\n');
    // Now cached in the kernel (its inode and block): replace it with longer content.
    live.write('/hello.txt', new TextEncoder().encode('replaced by the host, longer than before\n'.repeat(40)));
    const out = type('wc -c /hello.txt');
    expect(out).toMatch(/\b1640 \/hello\.txt/);
    // The guest writes after the host did, and both are kept.
    type('echo guest line >> /hello.txt');
    expect(new TextDecoder().decode(live.read('/hello.txt'))).toMatch(/longer than before\nguest line\n$/);
    expect(fsck(disk.bytes)).toEqual([]);
  });

  it('refuses while a file-system operation is in progress, changing nothing', () => {
    const { m, disk, live } = bootToPrompt();
    const kernel = image('kernel.elf');
    const outstanding = new KernelModel(m.bus.u8, m.bus.ramBase, kernel.symbols).mem;
    const addr = outstanding.u32(kernel.symbols.get('kmodel_log_busy')!);
    outstanding.setU32(addr, 1); // as if one operation were between begin_op and end_op
    const before = disk.bytes.slice();
    expect(() => live.write('/x', new Uint8Array(10))).toThrow(DiskBusy);
    expect(() => live.write('/x', new Uint8Array(10))).toThrow(/1 file-system operation\(s\) in progress/);
    expect(Buffer.compare(disk.bytes, before)).toBe(0);
    outstanding.setU32(addr, 0);
    live.write('/x', new Uint8Array(10));
    expect(live.read('/x').length).toBe(10);
  });
});
