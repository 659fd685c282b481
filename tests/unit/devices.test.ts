// The devices as the guest sees them through their registers.
import { describe, expect, it } from 'vitest';
import { Uart16550 } from '../../emulator/devices/uart16550.js';
import { Clint, CLINT_MTIME, CLINT_MTIMECMP, CLINT_MSIP } from '../../emulator/devices/clint.js';
import { Syscon } from '../../emulator/devices/syscon.js';
import { BufferConsole } from '../../emulator/host/console.js';

describe('UART 16550', () => {
  it('sends bytes written to THR to the host console when flushed', () => {
    const con = new BufferConsole();
    const u = new Uart16550(con);
    for (const c of 'hi\n') u.write(0, 1, c.charCodeAt(0));
    u.flush();
    expect(con.text()).toBe('hi\n');
  });
  it('always reports an empty transmitter, and data ready only with received bytes', () => {
    const u = new Uart16550(new BufferConsole());
    expect(u.read(5, 1) & 0x61).toBe(0x60);
    u.receive(new Uint8Array([65, 66]));
    expect(u.read(5, 1) & 1).toBe(1);
    expect(u.read(0, 1)).toBe(65);
    expect(u.read(0, 1)).toBe(66);
    expect(u.read(5, 1) & 1).toBe(0);
  });
  it('holds at most 16 bytes in its FIFO and loses none of a megabyte the host sends at once', () => {
    const u = new Uart16550(new BufferConsole());
    const data = new Uint8Array(1 << 20).map((_, i) => (i * 7 + (i >> 10)) & 0xff);
    u.receive(data.subarray(0, 1000));
    u.receive(data.subarray(1000));
    expect(u.rxPending).toBe(data.length);
    expect(u.rxBacklog).toBe(data.length - 16); // the FIFO is full, the rest waits on the host
    const got = new Uint8Array(data.length);
    let notReady = 0;
    for (let i = 0; i < data.length; i++) {
      if (!(u.read(5, 1) & 1)) notReady++;
      got[i] = u.read(0, 1);
    }
    expect(notReady).toBe(0);
    expect(u.read(5, 1) & 1).toBe(0);
    expect(Buffer.from(got).equals(Buffer.from(data))).toBe(true);
  });
  it('clears its FIFO on FCR bit 1 and then takes the next bytes from the host', () => {
    const u = new Uart16550(new BufferConsole());
    u.receive(new Uint8Array(20).map((_, i) => i));
    u.write(2, 1, 0x03);
    expect(u.rxPending).toBe(4);
    expect(u.read(0, 1)).toBe(16);
  });
  it('routes offsets 0 and 1 to the divisor latch while LCR.DLAB is set', () => {
    const con = new BufferConsole();
    const u = new Uart16550(con);
    u.write(3, 1, 0x80);
    u.write(0, 1, 3);
    u.write(1, 1, 0);
    u.write(3, 1, 0x03);
    u.flush();
    expect(con.text()).toBe('');
    u.write(3, 1, 0x80);
    expect(u.read(0, 1)).toBe(3);
  });
});

describe('CLINT', () => {
  it('reads mtime from the clock in two halves and writes mtimecmp in two halves', () => {
    let now = 0x1_2345_6789;
    const c = new Clint({ now: () => now, set: (t) => { now = t; } });
    expect(c.read(CLINT_MTIME, 4) >>> 0).toBe(0x2345_6789);
    expect(c.read(CLINT_MTIME + 4, 4)).toBe(1);
    expect(c.mtimecmp).toBeGreaterThan(2 ** 63); // starts at "never"
    c.write(CLINT_MTIMECMP + 4, 4, 2);
    c.write(CLINT_MTIMECMP, 4, 0xffff_fff0);
    expect(c.mtimecmp).toBe(2 * 2 ** 32 + 0xffff_fff0);
    expect(c.read(CLINT_MTIMECMP, 4) >>> 0).toBe(0xffff_fff0);
    c.write(CLINT_MSIP, 4, 3);
    expect(c.msip).toBe(1);
  });
});

describe('test/syscon device', () => {
  it('powers off with 0 for FINISHER_PASS and with the code for FINISHER_FAIL', () => {
    const s = new Syscon();
    const codes: number[] = [];
    s.onPowerOff = (c) => codes.push(c);
    s.write(0, 4, 0x5555);
    s.write(0, 4, (42 << 16) | 0x3333);
    s.write(0, 4, 0x1234); // not a command
    expect(codes).toEqual([0, 42]);
  });
});
