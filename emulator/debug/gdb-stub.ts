// A GDB remote serial protocol stub (GDB manual, appendix E "Remote Protocol") for the machine:
// registers, memory through the current page table, software and hardware breakpoints, watchpoints
// (through the trigger module, emulator/cpu/triggers.ts),
// single-step and continue, stop replies for breakpoints, ^C, faults and power-off. It knows
// no sockets: the host feeds it bytes (`receive`) and sends what it writes (`send`), and while a
// debugger is attached it runs the machine itself (`run`), one instruction at a time in the
// interpreter, so breakpoints and steps are exact. Without a debugger nothing here runs at all.
import type { Machine } from '../machine.js';

const SIGINT = 2, SIGILL = 4, SIGTRAP = 5, SIGSEGV = 11;
/** gdb's register numbers for RV32 (target.xml below): x0-x31, then pc. */
const PC_REGNUM = 32;
/** Exceptions that a user process never survives on xv32 (the page faults may be COW or lazy). */
const FATAL_CAUSES: Record<number, number> = { 0: SIGSEGV, 1: SIGSEGV, 2: SIGILL, 4: SIGSEGV, 5: SIGSEGV, 6: SIGSEGV, 7: SIGSEGV };
const PRV_U = 0, PRV_M = 3;

const TARGET_XML = `<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
<architecture>riscv:rv32</architecture>
<feature name="org.gnu.gdb.riscv.cpu">
${['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 'fp', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7',
  's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6']
  .map((n, i) => `<reg name="${n}" bitsize="32" regnum="${i}" type="${i === 1 ? 'code_ptr' : i === 2 || i === 8 ? 'data_ptr' : 'int'}"/>`).join('\n')}
<reg name="pc" bitsize="32" regnum="32" type="code_ptr"/>
</feature>
</target>
`;

export type DebugState = 'running' | 'stopped' | 'detached';

/** Which process a user-space breakpoint is for (`monitor process NAME`), read from the kernel. */
export interface ProcessProbe { running(): string | undefined }

export class GdbStub {
  state: DebugState = 'stopped';
  private readonly breakpoints = new Set<number>();
  private stepping = false;
  private inbuf = '';
  private processFilter: string | undefined;

  /** `send` writes to the debugger. The machine is stopped until the debugger continues it. */
  constructor(private readonly m: Machine, private readonly send: (s: string) => void,
    private readonly probe?: ProcessProbe) {
    // Exact steps and breakpoints: every instruction through the interpreter.
    m.hart.jit = false;
    m.hart.dc.flushAll();
  }

  /** Bytes from the debugger: acks, packets, and ^C. */
  receive(text: string): void {
    this.inbuf += text;
    for (;;) {
      const c = this.inbuf[0];
      if (c === undefined) return;
      if (c === '+' || c === '-') { this.inbuf = this.inbuf.slice(1); continue; }
      if (c === '\x03') { this.inbuf = this.inbuf.slice(1); if (this.state === 'running') this.stop(SIGINT); continue; }
      if (c !== '$') { this.inbuf = this.inbuf.slice(1); continue; }
      const hash = this.inbuf.indexOf('#');
      if (hash < 0 || this.inbuf.length < hash + 3) return; // wait for the rest of the packet
      const body = this.inbuf.slice(1, hash);
      this.inbuf = this.inbuf.slice(hash + 3);
      this.send('+');
      const reply = this.handle(unescape(body));
      if (reply !== undefined) this.reply(reply);
    }
  }

  /** While running: up to `budget` instructions, stopping at a breakpoint, a step's end, a fatal fault or power-off. */
  run(budget: number): void {
    const m = this.m, h = m.hart;
    for (let i = 0; i < budget && this.state === 'running'; i++) {
      const exceptions = h.exceptions, priv = h.priv;
      m.run(1);
      if (m.halted) { this.reply(`W${(m.exitCode & 0xff).toString(16).padStart(2, '0')}`); this.state = 'detached'; return; }
      if (h.exceptions !== exceptions && priv === PRV_U && FATAL_CAUSES[h.lastTrapCause] !== undefined) {
        // Report the faulting instruction, as a debugger of the process expects.
        return this.stop(FATAL_CAUSES[h.lastTrapCause], h.lastTrapPc);
      }
      const hit = h.triggers.watchHit;
      if (hit) {
        h.triggers.watchHit = undefined;
        if (this.forThisProcess(h.pc >>> 0)) {
          const kind = !hit.load ? 'watch' : !hit.store ? 'rwatch' : 'awatch';
          return this.stop(SIGTRAP, undefined, `${kind}:${hit.addr.toString(16)};`);
        }
        // Another process's access to the same address: let it through, then watch again.
        const ws = h.triggers.watches.splice(0);
        h.triggersChanged();
        m.run(1);
        h.triggers.watches.push(...ws);
        h.triggersChanged();
        continue;
      }
      if (this.stepping) return this.stop(SIGTRAP);
      if (this.breakpoints.has(h.pc >>> 0) && this.forThisProcess(h.pc >>> 0)) return this.stop(SIGTRAP);
    }
  }

  private forThisProcess(pc: number): boolean {
    if (!this.processFilter || pc >= 0x8000_0000 || !this.probe) return true;
    return this.probe.running() === this.processFilter;
  }

  private stop(signal: number, reportPc?: number, why = ''): void {
    this.state = 'stopped';
    this.stepping = false;
    const pc = reportPc ?? this.m.hart.pc;
    this.reply(`T${signal.toString(16).padStart(2, '0')}${why}${PC_REGNUM.toString(16)}:${le32(pc)};thread:1;`);
  }

  private reply(body: string): void {
    let sum = 0;
    for (let i = 0; i < body.length; i++) sum = (sum + body.charCodeAt(i)) & 0xff;
    this.send(`$${body}#${sum.toString(16).padStart(2, '0')}`);
  }

  private handle(p: string): string | undefined {
    const h = this.m.hart;
    switch (p[0]) {
      case '?': return `S${SIGTRAP.toString(16).padStart(2, '0')}`;
      case 'g': return Array.from({ length: 33 }, (_, i) => le32(this.reg(i))).join('');
      case 'G': {
        for (let i = 0; i < 33 && 8 * i + 8 <= p.length - 1; i++) this.setReg(i, fromLe32(p.slice(1 + 8 * i, 9 + 8 * i)));
        return 'OK';
      }
      case 'p': { const n = parseInt(p.slice(1), 16); return n <= PC_REGNUM ? le32(this.reg(n)) : 'E01'; }
      case 'P': {
        const [n, v] = p.slice(1).split('=');
        const r = parseInt(n, 16);
        if (r > PC_REGNUM) return 'E01';
        this.setReg(r, fromLe32(v));
        return 'OK';
      }
      case 'm': {
        const [a, l] = p.slice(1).split(',').map((x) => parseInt(x, 16));
        let out = '';
        for (let i = 0; i < l; i++) {
          const b = this.readByte((a + i) >>> 0);
          if (b < 0) return out || 'E14';
          out += b.toString(16).padStart(2, '0');
        }
        return out;
      }
      case 'M': {
        const [where, data] = p.slice(1).split(':');
        const [a, l] = where.split(',').map((x) => parseInt(x, 16));
        for (let i = 0; i < l; i++) if (!this.writeByte((a + i) >>> 0, parseInt(data.slice(2 * i, 2 * i + 2), 16))) return 'E14';
        return 'OK';
      }
      case 'c': case 's': {
        if (p.length > 1) h.pc = parseInt(p.slice(1), 16) | 0;
        this.stepping = p[0] === 's';
        this.state = 'running';
        return undefined; // the stop reply comes when it stops
      }
      case 'Z': case 'z': {
        const [type, addr, kind] = p.slice(1).split(',');
        const a = parseInt(addr, 16) >>> 0;
        if (type === '0' || type === '1') {
          if (p[0] === 'Z') this.breakpoints.add(a); else this.breakpoints.delete(a);
          return 'OK';
        }
        if (type !== '2' && type !== '3' && type !== '4') return '';
        // Watchpoints (2 write, 3 read, 4 access) are the trigger module's, debugger-owned.
        const len = parseInt(kind, 16), store = type !== '3', load = type !== '2';
        const ws = h.triggers.watches;
        const i = ws.findIndex((w) => w.addr === a && w.len === len && w.store === store && w.load === load);
        if (p[0] === 'Z' && i < 0) ws.push({ addr: a, len, load, store });
        if (p[0] === 'z' && i >= 0) ws.splice(i, 1);
        h.triggersChanged();
        return 'OK';
      }
      case 'H': return 'OK';
      case 'T': return 'OK';
      case 'D': this.state = 'detached'; return 'OK';
      case 'k': this.state = 'detached'; return undefined;
      case 'q': return this.query(p);
      case 'v': return ''; // vCont and friends: gdb falls back to c and s
    }
    return '';
  }

  private query(p: string): string {
    if (p.startsWith('qSupported')) return 'PacketSize=4000;qXfer:features:read+;swbreak+;hwbreak+';
    if (p.startsWith('qXfer:features:read:target.xml:')) {
      const [off, len] = p.slice('qXfer:features:read:target.xml:'.length).split(',').map((x) => parseInt(x, 16));
      const chunk = TARGET_XML.slice(off, off + len);
      return (off + len >= TARGET_XML.length ? 'l' : 'm') + chunk;
    }
    if (p === 'qC') return 'QC1';
    if (p === 'qfThreadInfo') return 'm1';
    if (p === 'qsThreadInfo') return 'l';
    if (p === 'qAttached') return '1';
    if (p.startsWith('qSymbol')) return 'OK';
    if (p.startsWith('qRcmd,')) return this.monitor(fromHex(p.slice(6)));
    return '';
  }

  /** `monitor ...` commands: `process NAME` makes user-space breakpoints fire only in NAME. Their
   *  text goes out as 'O' packets before the final OK. */
  private monitor(cmd: string): string {
    const words = cmd.trim().split(/\s+/);
    let text = 'xv32 monitor commands: process [NAME] (user-space breakpoints only in the process named NAME)\n';
    if (words[0] === 'process') {
      this.processFilter = words[1];
      text = words[1] ? `user breakpoints now stop only in process ${words[1]}\n` : 'user breakpoints stop in any process\n';
    }
    this.reply('O' + toHex(text));
    return 'OK';
  }

  private reg(n: number): number { return n === PC_REGNUM ? this.m.hart.pc : this.m.hart.regs[n]; }

  private setReg(n: number, v: number): void {
    if (n === PC_REGNUM) this.m.hart.pc = v | 0;
    else if (n > 0) this.m.hart.regs[n] = v | 0;
  }

  /** The physical address of va as the hart sees it now (Sv32 walk, no A/D updates), or -1. */
  private translate(va: number): number {
    const h = this.m.hart;
    if (h.priv === PRV_M || (h.satp >>> 31) === 0) return va;
    const root = ((h.satp & 0x3fffff) * 4096) >>> 0;
    const pte1 = this.readPhys32(root + 4 * (va >>> 22));
    if (pte1 < 0 || !(pte1 & 1)) return -1;
    if (pte1 & 0xe) return ((((pte1 >>> 20) << 22) >>> 0) | (va & 0x3fffff)) >>> 0;
    const pte0 = this.readPhys32(((pte1 >>> 10) * 4096 + 4 * ((va >>> 12) & 0x3ff)) >>> 0);
    if (pte0 < 0 || !(pte0 & 1)) return -1;
    return ((pte0 >>> 10) * 4096 + (va & 0xfff)) >>> 0;
  }

  /** An aligned word of RAM (a PTE), or -1 outside RAM. */
  private readPhys32(pa: number): number {
    const off = this.m.bus.ramOffset(pa);
    return off < 0 ? -1 : this.m.bus.i32[off >>> 2] >>> 0;
  }

  private readByte(va: number): number {
    const pa = this.translate(va);
    const off = pa < 0 ? -1 : this.m.bus.ramOffset(pa);
    return off < 0 ? -1 : this.m.bus.u8[off];
  }

  private writeByte(va: number, b: number): boolean {
    const pa = this.translate(va);
    const off = pa < 0 ? -1 : this.m.bus.ramOffset(pa);
    if (off < 0) return false;
    this.m.bus.u8[off] = b;
    this.m.hart.dc.invalidate(off, 1); // decoded instructions there are stale now
    return true;
  }
}

function le32(v: number): string {
  let s = '';
  for (let i = 0; i < 4; i++) s += ((v >>> (8 * i)) & 0xff).toString(16).padStart(2, '0');
  return s;
}

function fromLe32(hex: string): number {
  let v = 0;
  for (let i = 3; i >= 0; i--) v = (v << 8) | parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return v >>> 0;
}

function toHex(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += s.charCodeAt(i).toString(16).padStart(2, '0');
  return out;
}

function fromHex(hex: string): string {
  let s = '';
  for (let i = 0; i + 1 < hex.length; i += 2) s += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return s;
}

/** Undoes the protocol's escaping ('}' then the byte xor 0x20). */
function unescape(s: string): string {
  return s.includes('}') ? s.replace(/\}(.)/g, (_, c: string) => String.fromCharCode(c.charCodeAt(0) ^ 0x20)) : s;
}
