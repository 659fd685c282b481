// The guest's terminal as a person meets it in `xv32 boot`: nothing typed or pasted is lost,
// Ctrl-C stops the running command and not the shell, the line editor and history behave as in
// any shell, and the Ctrl-A keys are listed by Ctrl-A h.
import { describe, expect, it } from 'vitest';
import { PtySession } from '../support/pty-session.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';

const TIMEOUT = CHILD_TIMEOUT_MS;

describe('xv32 boot on a terminal', () => {
  it('counts back every one of 10,000 pasted lines with wc', async () => {
    const s = new PtySession();
    let at = await s.prompt();
    s.type('wc\r');
    at = await s.waitFor('wc', at);
    const lines = Array.from({ length: 10_000 }, (_, i) => `line ${i + 1}`);
    s.type(lines.join('\r') + '\r');
    // Every line is echoed as the guest reads it; the last one says all have arrived.
    at = await s.waitFor('line 10000', at);
    s.type('\x04');
    const bytes = lines.reduce((n, l) => n + l.length + 1, 0);
    await s.waitFor(`10000 20000 ${bytes}`, at);
    expect(await s.quit()).toBe(0);
  }, TIMEOUT);

  it('echoes a 300-character line whole and runs it as one command', async () => {
    const s = new PtySession();
    const at = await s.prompt();
    const word = Array.from({ length: 295 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    s.type(`echo ${word}\r`);
    const end = await s.waitFor(`${word}\r\n${word}\r\n$ `, at);
    // Its tail did not become a second command.
    expect(s.screen.slice(at, end)).not.toContain('command not found');
    expect(await s.quit()).toBe(0);
  }, TIMEOUT);

  it('stops a busy program on Ctrl-C, prints ^C, and the shell answers the next command', async () => {
    const s = new PtySession();
    let at = await s.prompt();
    s.type('sysfuzz 100000\r');
    at = await s.waitFor('sysfuzz 100000\r\n', at);
    await new Promise((r) => setTimeout(r, 1500)); // let it run (and fork children)
    s.type('\x03');
    at = await s.waitFor('^C', at);
    at = await s.prompt(at);
    s.type('echo status $?\r');
    at = await s.waitFor('status 130', at);
    at = await s.prompt(at);
    // The whole job goes: the program and its children. A child killed while runnable dies when
    // it next runs (or when its system call returns), so on a loaded host one may still show in
    // the first ps; it must be gone within a few.
    let ps = '';
    for (let tries = 0; tries < 10; tries++) {
      s.type('ps\r');
      const end = await s.prompt(at);
      ps = s.screen.slice(at, end);
      at = end;
      if (!/sysfuzz/.test(ps)) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(ps).toMatch(/ sh\r\n/);
    expect(ps).not.toMatch(/sysfuzz/);
    expect(await s.quit()).toBe(0);
  }, TIMEOUT);

  it('discards the half-typed line on Ctrl-C at the prompt', async () => {
    const s = new PtySession();
    let at = await s.prompt();
    s.type('echo never');
    at = await s.waitFor('echo never', at);
    s.type('\x03');
    at = await s.waitFor('^C\r\n$ ', at);
    s.type('echo fresh\r');
    const end = await s.waitFor('fresh\r\n$ ', at);
    expect(s.screen.slice(at, end)).not.toMatch(/never/);
    expect(await s.quit()).toBe(0);
  }, TIMEOUT);

  it('recalls the previous command with the up arrow', async () => {
    const s = new PtySession();
    let at = await s.prompt();
    s.type('echo first-one\r');
    at = await s.waitFor('first-one\r\n$ ', at);
    s.type('echo second\r');
    at = await s.waitFor('second\r\n$ ', at);
    s.type('\x1b[A\x1b[A\r'); // up twice: the first command
    at = await s.waitFor('first-one\r\n$ ', at);
    expect(await s.quit()).toBe(0);
  }, TIMEOUT);

  it('edits the line with the arrows, Home and End, Ctrl-W and Ctrl-U', async () => {
    const s = new PtySession();
    let at = await s.prompt();
    // "echo wrld", three to the left, insert "o": "echo world".
    s.type('echo wrld\x1b[D\x1b[D\x1b[Do\r');
    at = await s.waitFor('world\r\n$ ', at);
    // Home, then type in front: "echo X tail" -> Home "echo " -> End " end".
    s.type('X tail\x1b[Hecho \x1b[F end\r');
    at = await s.waitFor('X tail end\r\n$ ', at);
    // Ctrl-W erases "gone", Ctrl-U the whole line.
    s.type('echo kept gone\x17\r');
    at = await s.waitFor('kept\r\n$ ', at);
    s.type('echo nothing\x15echo after\r');
    const end = await s.waitFor('after\r\n$ ', at);
    expect(s.screen.slice(at, end)).not.toMatch(/nothing\r\n/);
    expect(await s.quit()).toBe(0);
  }, TIMEOUT);

  it('completes file names with Tab', async () => {
    const s = new PtySession();
    let at = await s.prompt();
    s.type('cat REA\t');
    at = await s.waitFor('README ', at);
    s.type('\r');
    await s.waitFor('xv32: an xv6-style Unix', at);
    expect(await s.quit()).toBe(0);
  }, TIMEOUT);

  it('xv32 exec reads what is typed on a terminal, a line at a time, until Ctrl-D', async () => {
    const s = new PtySession(['exec', '--', 'wc']);
    s.type('one two\rthree\r');
    await new Promise((r) => setTimeout(r, 300));
    s.type('\x04');
    await s.waitFor('2 3 14 \r\nEXIT=0');
    expect(await s.exited).toBe(0);
  }, TIMEOUT);

  it('lists the Ctrl-A keys on Ctrl-A h, as QEMU does, and keeps running', async () => {
    const s = new PtySession();
    let at = await s.prompt();
    s.type('\x01h');
    at = await s.waitFor('C-a x    exit emulator', at);
    expect(s.screen).toContain('C-a h    print this help');
    expect(s.screen).toContain('C-a m');
    s.type('echo still here\r');
    await s.waitFor('still here\r\n', at);
    expect(await s.quit()).toBe(0);
  }, TIMEOUT);
});
