// One RV32IMAC hart: architectural state, the interpreter loop (the hot path), and its slow paths.
// The loop follows ARCHITECTURE.md: registers in an Int32Array, decoded instructions from the
// per-page DecodeCache, loads and stores through the typed-array TLB, one `switch` on the op id,
// and rare work (CSRs, traps, misses) in out-of-line methods that set state and return.
import { Bus, PAGE_SIZE } from '../memory/bus.js';
import {
  ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, regimeBase, Tlb, TlbSet,
} from '../memory/tlb.js';
import { DecodeCache, SLOT_ENTRIES } from './decode-cache.js';
import { decode16, decode32 } from './decode.js';
import { Op, Word } from './opcodes.js';
import { compileBlock, type BlockFn, type BlockMemory } from './block-compiler.js';
import {
  walk, newWalkResult, SATP_MODE_SV32, WALK_OK, WALK_PAGE_FAULT, type PteMemory,
} from '../mmu/sv32.js';
import { Pmp, PMP_DENY, PMP_ALLOW_PAGE } from '../mmu/pmp.js';
import { csrRead, csrReadForUpdate, csrWrite } from './csr.js';
import * as R from './riscv.js';
import { loadFields, saveFields, type DeviceState } from '../snapshot/fields.js';
import { Triggers, WATCH_STOP } from './triggers.js';

/** Result flag of a slow memory access that raised an exception. */
const FAULT = -1;

/** Why execute()'s fast loop stopped: the limit, a pc in another page, an entry not decoded
 *  or compiled, a hot entry to compile, a load or store the TLB does not map, a rare instruction. */
const enum Stop { RUN, LIMIT, PAGE, JUMP, ENTRY, HOT, LOAD, STORE, RARE }

/** Jumps to an entry before its block is compiled: cold code stays in the interpreter. */
export const DEFAULT_BLOCK_THRESHOLD = 32;

const PAGE_FAULT_CAUSE = [R.CAUSE_FETCH_PAGE_FAULT, R.CAUSE_LOAD_PAGE_FAULT, R.CAUSE_STORE_PAGE_FAULT];
const ACCESS_FAULT_CAUSE = [R.CAUSE_FETCH_ACCESS, R.CAUSE_LOAD_ACCESS, R.CAUSE_STORE_ACCESS];

/** Priority of interrupts when several are pending (priv spec 3.1.9): MEI, MSI, MTI, SEI, SSI, STI. */
const IRQ_PRIORITY = [R.IRQ_M_EXT, R.IRQ_M_SOFT, R.IRQ_M_TIMER, R.IRQ_S_EXT, R.IRQ_S_SOFT, R.IRQ_S_TIMER];

/** What a snapshot keeps of a hart: architectural state, the counters' bases, and the statistics. */
const HART_STATE = [
  'regs', 'pc', 'priv', 'mstatus', 'medeleg', 'mideleg', 'mie', 'mipSoft', 'mtvec', 'stvec', 'mepc', 'sepc',
  'mcause', 'scause', 'mtval', 'stval', 'mscratch', 'sscratch', 'mcounteren', 'scounteren', 'mcountinhibit',
  'senvcfg', 'satp', 'pmpcfg', 'pmpaddr', 'reservation', 'waiting', 'insns', 'exceptions', 'idleCycles',
  'cycleOffset', 'cycleOffsetHi', 'instretOffset', 'instretOffsetHi', 'loads', 'stores', 'walks', 'pageFaults', 'sfences', 'satpWrites',
] as const;

/** What a snapshot keeps of the trigger module. */
const TRIGGER_STATE = ['tselect', 'tdata1', 'tdata2'] as const;

/** A hook the machine installs to watch stores to one physical address (riscv-tests' tohost). */
export type StoreWatch = (pa: number, value: number, size: number) => void;

export class Hart {
  readonly regs = new Int32Array(32);
  pc = 0;
  priv = R.PRV_M;
  readonly hartId = 0;

  // CSRs (see csr.ts for their views and legal values).
  mstatus = 0;
  medeleg = 0;
  mideleg = 0;
  mie = 0;
  /** mip bits software has written (SSIP, STIP, SEIP); devices drive `mipLines`. */
  mipSoft = 0;
  /** mip bits driven by devices: MTIP and MSIP from the CLINT, MEIP and SEIP from the PLIC. */
  mipLines = 0;
  mtvec = 0;
  stvec = 0;
  mepc = 0;
  sepc = 0;
  mcause = 0;
  scause = 0;
  mtval = 0;
  stval = 0;
  mscratch = 0;
  sscratch = 0;
  mcounteren = 0;
  scounteren = 0;
  mcountinhibit = 0;
  senvcfg = 0;
  satp = 0;
  readonly pmpcfg = new Int32Array(4);
  readonly pmpaddr = new Int32Array(16);

  /** Address reserved by LR.W, or -1. */
  reservation = -1;
  /** Set by WFI until an interrupt becomes pending. */
  waiting = false;

  // Counting: instructions attempted (retired + trapped), exceptions, and idle cycles skipped by WFI.
  insns = 0;
  exceptions = 0;
  /** Exceptions in a row with the same cause, pc and tval: a run of them is a guest stuck in a
   *  trap loop (hosts stop it; see raise()). */
  sameTrapRun = 0;
  lastTrapCause = -1;
  lastTrapPc = 0;
  lastTrapTval = 0;
  /** Called at each system call from U-mode (a7 holds its number): for measuring hosts only. */
  onUserEcall: (() => void) | undefined = undefined;
  idleCycles = 0;
  /** Instructions retired within the running execute() not yet added to insns: set around the
   *  slow paths and system instructions, where a counter or the time may be read. */
  inflight = 0;
  /** --misaligned trap: misaligned loads and stores raise address-misaligned exceptions. */
  misalignedTrap = false;
  /** Where host time goes, for --profile: instructions run inside compiled blocks, blocks
   *  compiled and the host milliseconds that took, calls into blocks, device accesses (the rest
   *  is interpreted). */
  compiledInsns = 0;
  blockCalls = 0;
  blocksCompiled = 0;
  compileMs = 0;
  deviceAccesses = 0;
  /* What software wrote into mcycle and minstret, as the 64-bit difference (mod 2^64) between
   * the CSR and the count: low and high 32-bit halves, unsigned, so every value is exact (a JS
   * double holds 53 bits) and the counters wrap as the hardware's do. */
  private cycleOffset = 0;
  private cycleOffsetHi = 0;
  private instretOffset = 0;
  private instretOffsetHi = 0;
  /** Current mtime, provided by the machine (the CLINT's clock). */
  timeNow: () => number = () => 0;
  /** Called for a store to `watchAddress` (physical): riscv-tests' tohost, the kernel model's probe. */
  watchAddress = -1;
  onWatchedStore: StoreWatch = () => {};
  /** Set when an instruction the machine must react to ran (a store to a device, WFI). */
  needsService = false;

  private readonly accessCounts = new Int32Array(2);
  readonly tlb = new Tlb();
  /** The trigger module (Sdtrig): breakpoints on instruction, load and store addresses. */
  readonly triggers = new Triggers();
  private inTriggerStep = false;
  // Counters the rest of the project reads (xv32 run --stats, the kernel model, benchmarks).
  /** Loads and stores executed (fast and slow path); TLB hits = these minus tlb.misses. */
  loads = 0;
  stores = 0;
  walks = 0;
  readonly pageFaults = new Int32Array(16);
  sfences = 0;
  satpWrites = 0;
  /** The PMP entries as byte ranges, recomputed on every pmpcfg/pmpaddr write. */
  private readonly pmp = new Pmp();
  private readonly walkOut = newWalkResult();
  private readonly pteMem: PteMemory;
  /** Set by translate(): whether the TLB may cache the page just translated. */
  private cacheable = false;
  /** Set by translateQuiet() when it fails: the exception to raise. */
  private faultCause = 0;
  readonly dc: DecodeCache;
  /** TLB set bases for data accesses (depends on MPRV) and for fetches. */
  dataBase = regimeBase(R.PRV_M);
  fetchBase = regimeBase(R.PRV_M);

  /** Whether hot blocks are compiled to JavaScript (on by default; off to test the interpreter). */
  jit = true;
  /** Jumps into an entry before its block is compiled (1-255; tests use 1 to compile everything). */
  blockThreshold = DEFAULT_BLOCK_THRESHOLD;
  /** Instructions the last compiled block ran (set by the block). */
  blockRan = 0;
  /** Set by runBlocks() when its last block declined to run (too long for the budget left). */
  private blockDeclined = false;
  private readonly blockMemory: BlockMemory;

  // Scratch results of slow paths, so they allocate nothing. `trapped` is set by raise().
  trapped = false;
  private decImm = 0;
  private fetchHost = 0;

  constructor(readonly bus: Bus) {
    this.dc = new DecodeCache(bus.ramSize);
    this.pteMem = {
      readPte: (pa) => {
        // PTE reads are S-mode loads for PMP (priv spec 3.7.1).
        const off = this.bus.ramOffset(pa);
        if (off < 0 || this.pmp.check(pa, 4, ACCESS_LOAD, R.PRV_S) === PMP_DENY) return undefined;
        return this.bus.i32[off >> 2];
      },
      writePte: (pa, pte) => this.writeRam(this.bus.ramOffset(pa), pte, 4, pa),
    };
    this.blockMemory = {
      h: this, r: this.regs,
      ldTag: this.tlb.tag[ACCESS_LOAD], ldOff: this.tlb.off[ACCESS_LOAD],
      stTag: this.tlb.tag[ACCESS_STORE], stOff: this.tlb.off[ACCESS_STORE],
      ftTag: this.tlb.tag[ACCESS_FETCH], ftOff: this.tlb.off[ACCESS_FETCH],
      u8: bus.u8, i8: bus.i8, u16: bus.u16, i16: bus.i16, i32: bus.i32, mulh, mulhu, mulhsu,
    };
  }

  /** The full mip value: software bits or'ed with the device lines. */
  mip(): number {
    return this.mipSoft | this.mipLines;
  }

  /** Cycles since reset (instructions, traps and idle time), whatever software wrote to mcycle:
   *  the virtual clock's base. */
  cycleCount(): number { return this.insns + this.inflight + this.idleCycles; }
  /** Instructions retired since reset, whatever software wrote to minstret. */
  instretCount(): number { return this.insns + this.inflight - this.exceptions; }

  /** The low or high half of mcycle (priv spec 3.1.11). */
  mcycle(high: boolean): number { return counterHalf(this.cycleCount(), this.cycleOffset, this.cycleOffsetHi, high); }
  /** The low or high half of minstret. */
  minstret(high: boolean): number { return counterHalf(this.instretCount(), this.instretOffset, this.instretOffsetHi, high); }

  /* A write replaces one half and suppresses the writing instruction's own increment, so the
   * next instruction reads what was written (priv spec 3.1.11; riscv-tests instret_overflow). */
  setCycle(v: number, high: boolean): void {
    [this.cycleOffset, this.cycleOffsetHi] = offsetFor(this.cycleCount(), this.cycleOffset, this.cycleOffsetHi, v, high);
  }
  setInstret(v: number, high: boolean): void {
    [this.instretOffset, this.instretOffsetHi] = offsetFor(this.instretCount(), this.instretOffset, this.instretOffsetHi, v, high);
  }

  setMstatus(v: number): void {
    const changed = this.mstatus ^ v;
    this.mstatus = v;
    if (changed & (R.MSTATUS_MPRV | R.MSTATUS_MPP | R.MSTATUS_SUM | R.MSTATUS_MXR)) {
      this.updateRegimes();
      if (changed & (R.MSTATUS_SUM | R.MSTATUS_MXR)) this.tlb.flushAll();
    }
  }

  setSatp(v: number): void {
    // MODE is Bare or Sv32 (the one bit), ASID has all 9 bits, PPN 22 (priv spec 4.1.11). The
    // spec needs no flush here (software uses sfence.vma), but dropping entries is always allowed
    // and keeps the TLB free of ASID tags.
    this.satp = v | 0;
    this.satpWrites++;
    this.tlb.flushAll();
  }

  /** sfence.vma rs1, rs2: all entries, or those of one virtual page (priv spec 4.2.1). */
  sfenceVma(va: number | undefined): void {
    this.sfences++;
    if (va === undefined) this.tlb.flushAll(); else this.tlb.flushPage(va >>> 12);
  }

  setPmpcfg(i: number, v: number): void {
    let cur = this.pmpcfg[i];
    for (let b = 0; b < 4; b++) {
      const sh = b * 8;
      if ((cur >>> sh) & 0x80) continue; // a locked entry ignores writes (priv spec 3.7.1)
      let byte = (v >>> sh) & 0x9f;
      if ((byte & 3) === 2) byte &= ~3; // R=0,W=1 is reserved: store as no access
      cur = (cur & ~(0xff << sh)) | (byte << sh);
    }
    this.pmpcfg[i] = cur;
    this.pmpChanged();
  }

  private pmpChanged(): void {
    this.pmp.update(this.pmpcfg, this.pmpaddr);
    this.tlb.flushAll();
  }

  setPmpaddr(i: number, v: number): void {
    const cfg = (k: number) => (this.pmpcfg[k >> 2] >>> ((k & 3) * 8)) & 0xff;
    if (cfg(i) & 0x80) return;
    if (i < 15 && (cfg(i + 1) & 0x80) && ((cfg(i + 1) >> 3) & 3) === 1) return; // locked TOR above
    this.pmpaddr[i] = v;
    this.pmpChanged();
  }

  /** Recomputes which TLB sets data accesses and fetches use (MPRV makes M-mode data use MPP's). */
  updateRegimes(): void {
    this.fetchBase = regimeBase(this.priv);
    const dataPriv = this.priv === R.PRV_M && (this.mstatus & R.MSTATUS_MPRV)
      ? (this.mstatus & R.MSTATUS_MPP) >>> R.MSTATUS_MPP_SHIFT : this.priv;
    this.dataBase = regimeBase(dataPriv);
  }

  /** The hart's state between run slices, for a snapshot. */
  saveState(): DeviceState {
    return { ...saveFields(this, HART_STATE), ...saveFields(this.triggers, TRIGGER_STATE), tlbHits: [...this.tlb.hits], tlbMisses: [...this.tlb.misses] };
  }

  /** Restores saveState()'s record; derived state (TLB, decoded code, PMP ranges) starts afresh. */
  loadState(s: DeviceState): void {
    if (s.cycleOffsetHi === undefined) {
      // A snapshot from before the counters were exact: one (small, exact) offset each.
      const split = (v: number) => [(v - Math.floor(v / 2 ** 32) * 2 ** 32) >>> 0, Math.floor(v / 2 ** 32) >>> 0];
      const [cl, ch] = split(Number(s.cycleOffset)), [il, ih] = split(Number(s.instretOffset));
      s = { ...s, cycleOffset: cl, cycleOffsetHi: ch, instretOffset: il, instretOffsetHi: ih };
    }
    loadFields(this, HART_STATE, s, 'hart');
    loadFields(this.tlb, ['hits', 'misses'], { hits: s.tlbHits, misses: s.tlbMisses }, 'hart');
    if (s.tselect !== undefined) loadFields(this.triggers, TRIGGER_STATE, s, 'hart'); // else: from before triggers
    this.triggers.rearm(); // the TLB is flushed below
    this.inflight = 0;
    this.pmp.update(this.pmpcfg, this.pmpaddr);
    this.updateRegimes();
    this.tlb.flushAll();
    this.dc.flushAll();
  }

  /** Resets the hart to M-mode at `pc` (priv spec 3.4). */
  reset(pc: number): void {
    this.regs.fill(0);
    this.pc = pc | 0;
    this.priv = R.PRV_M;
    this.mstatus = 0;
    this.mie = this.mipSoft = this.medeleg = this.mideleg = 0;
    this.mcause = 0;
    this.satp = 0;
    this.reservation = -1;
    this.waiting = false;
    this.updateRegimes();
    this.tlb.flushAll();
    this.dc.flushAll();
  }

  // ---------------------------------------------------------------------------------------------
  // Traps

  /** Raises exception `cause` for the instruction at this.pc. */
  raise(cause: number, tval: number): void {
    this.exceptions++;
    this.trapped = true;
    const pc = this.pc;
    const same = cause === this.lastTrapCause && pc === this.lastTrapPc && tval === this.lastTrapTval;
    this.lastTrapCause = cause;
    this.lastTrapPc = pc;
    this.lastTrapTval = tval;
    this.enterTrap(cause, tval, false);
    // A handler that retries the same failing access forever, or a vector that itself traps,
    // repeats one exception exactly. An ecall repeats at one pc legitimately (a system call
    // in a loop), unless the handler's vector is the ecall itself.
    const ecall = cause === R.CAUSE_USER_ECALL || cause === R.CAUSE_SUPERVISOR_ECALL || cause === R.CAUSE_MACHINE_ECALL;
    if (cause === R.CAUSE_USER_ECALL && this.onUserEcall) this.onUserEcall();
    this.sameTrapRun = same && (!ecall || this.pc === pc) ? this.sameTrapRun + 1 : 1;
  }

  /** Enters the trap handler for `cause` (priv spec 3.1.6.1, 3.1.7, 3.1.8, 4.1.1). */
  enterTrap(cause: number, tval: number, interrupt: boolean): void {
    const deleg = interrupt ? this.mideleg : this.medeleg;
    const code = interrupt ? (cause | R.CAUSE_INTERRUPT) : cause;
    let st = this.mstatus;
    if (this.priv <= R.PRV_S && ((deleg >>> cause) & 1)) {
      this.scause = code;
      this.sepc = this.pc;
      this.stval = tval;
      st = (st & ~(R.MSTATUS_SPIE | R.MSTATUS_SIE | R.MSTATUS_SPP)) |
        ((st & R.MSTATUS_SIE) ? R.MSTATUS_SPIE : 0) | (this.priv === R.PRV_S ? R.MSTATUS_SPP : 0);
      this.priv = R.PRV_S;
      this.pc = trapVector(this.stvec, cause, interrupt);
    } else {
      this.mcause = code;
      this.mepc = this.pc;
      this.mtval = tval;
      st = (st & ~(R.MSTATUS_MPIE | R.MSTATUS_MIE | R.MSTATUS_MPP)) |
        ((st & R.MSTATUS_MIE) ? R.MSTATUS_MPIE : 0) | (this.priv << R.MSTATUS_MPP_SHIFT);
      this.priv = R.PRV_M;
      this.pc = trapVector(this.mtvec, cause, interrupt);
    }
    // A trap breaks any LR/SC sequence (the spec allows an SC to fail for any reason after a trap).
    this.reservation = -1;
    this.mstatus = st;
    this.updateRegimes();
  }

  /** The interrupt that would be taken now, or -1 (priv spec 3.1.9: enabled, pending, priority). */
  pendingInterrupt(): number {
    const pending = this.mip() & this.mie;
    if (pending === 0) return -1;
    const mEnabled = this.priv < R.PRV_M || (this.mstatus & R.MSTATUS_MIE) !== 0;
    const sEnabled = this.priv < R.PRV_S || (this.priv === R.PRV_S && (this.mstatus & R.MSTATUS_SIE) !== 0);
    const toM = mEnabled ? pending & ~this.mideleg : 0;
    const toS = sEnabled ? pending & this.mideleg : 0;
    const set = toM !== 0 ? toM : toS;
    if (set === 0) return -1;
    for (const irq of IRQ_PRIORITY) if (set & (1 << irq)) return irq;
    return -1;
  }

  /** Takes the highest-priority enabled pending interrupt, if any. Returns whether one was taken. */
  takeInterrupt(): boolean {
    const irq = this.pendingInterrupt();
    if (irq < 0) return false;
    this.waiting = false;
    this.enterTrap(irq, 0, true);
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // The interpreter loop: runs at most `limit` instructions and returns how many it attempted.
  // It returns early after anything that may change interrupt state or translation (CSR writes,
  // xRET, traps, WFI, SFENCE.VMA), so the machine can look at interrupts between calls.
  //
  // Two loops (ARCHITECTURE.md, "The interpreter"). The fast one runs decoded instructions and
  // the loads and stores the TLB maps, and calls nothing: a call would make V8 keep every value
  // it holds in memory. It follows the pc by its cache entry `idx`, looking the page up only
  // after a jump or at the page's end, and stops, saying why, at anything else; the outer loop
  // does that (its calls), and goes back in.

  execute(limitArg: number): number {
    const limit = limitArg | 0;
    if (limit <= 0) return 0;
    if ((this.triggers.execArmed || this.triggers.dataArmed) && !this.inTriggerStep) return this.executeWithTriggers(limit);
    const r = this.regs;
    const code = this.dc.code, heat = this.dc.heat;
    const jit = this.jit, threshold = this.blockThreshold;
    const ldTag = this.tlb.tag[ACCESS_LOAD], ldOff = this.tlb.off[ACCESS_LOAD];
    const stTag = this.tlb.tag[ACCESS_STORE], stOff = this.tlb.off[ACCESS_STORE];
    const u8 = this.bus.u8, i8 = this.bus.i8, u16 = this.bus.u16, i16 = this.bus.i16, i32 = this.bus.i32;
    const dbase = this.dataBase;
    let pc = this.pc | 0;
    // The page the fast loop runs in: its virtual page number and its decode-cache slot's base.
    let fetchVpn = -1, fetchSlot = 0;
    let n = 0;
    const counts = this.accessCounts; counts[0] = 0; counts[1] = 0;
    // The cache entry of pc (or the scratch entry: see ENTRY below), the instruction there and
    // its immediate.
    let idx = 0, w = 0, imm = 0;
    const scratch = this.dc.scratch;
    // The first instruction is reached as after a jump (a trap, an xRET or an interrupt).
    let stop: Stop = Stop.JUMP;
    this.trapped = false;

    for (;;) {
      if (stop === Stop.RUN) {
        stop = Stop.LIMIT;
        fast: for (;;) {
          if (n >= limit) break fast;
          w = code[idx << 1];
          if (w <= Op.SPANNING || (w & Word.BLOCK) !== 0) { stop = Stop.ENTRY; break fast; }
          imm = code[(idx << 1) | 1];
          n = (n + 1) | 0;
          const rd = (w >>> 8) & 31, rs1 = (w >>> 13) & 31, rs2 = (w >>> 18) & 31;
          // Leaving `taken` by `break taken` is a jump: pc holds its target.
          taken: {
            switch (w & 0xff) {
            case Op.NOP: case Op.FENCE: case Op.FENCE_I: break;
            case Op.LUI: r[rd] = imm; break;
            case Op.LI: r[rd] = imm; break;
            case Op.AUIPC: r[rd] = (pc + imm) | 0; break;
            case Op.JAL:
              r[rd] = (pc + 2 + ((w >>> 22) & 2)) | 0; r[0] = 0;
              pc = (pc + imm) | 0;
              break taken;
            case Op.JALR: {
              const t = (r[rs1] + imm) & ~1;
              r[rd] = (pc + 2 + ((w >>> 22) & 2)) | 0; r[0] = 0;
              pc = t;
              break taken;
            }
            case Op.BEQ: if (r[rs1] === r[rs2]) { pc = (pc + imm) | 0; break taken; } break;
            case Op.BNE: if (r[rs1] !== r[rs2]) { pc = (pc + imm) | 0; break taken; } break;
            case Op.BLT: if (r[rs1] < r[rs2]) { pc = (pc + imm) | 0; break taken; } break;
            case Op.BGE: if (r[rs1] >= r[rs2]) { pc = (pc + imm) | 0; break taken; } break;
            case Op.BLTU: if ((r[rs1] >>> 0) < (r[rs2] >>> 0)) { pc = (pc + imm) | 0; break taken; } break;
            case Op.BGEU: if ((r[rs1] >>> 0) >= (r[rs2] >>> 0)) { pc = (pc + imm) | 0; break taken; } break;

            case Op.LB: case Op.LBU: {
              counts[0]++;
              const a = (r[rs1] + imm) | 0, vpn = a >>> 12, ti = dbase + (vpn & TlbSet.MASK);
              if (ldTag[ti] !== vpn) { stop = Stop.LOAD; break fast; }
              const ha = (a + ldOff[ti]) | 0;
              r[rd] = (w & 0xff) === Op.LB ? i8[ha] : u8[ha]; r[0] = 0;
              break;
            }
            case Op.LH: case Op.LHU: {
              counts[0]++;
              const a = (r[rs1] + imm) | 0, vpn = a >>> 12, ti = dbase + (vpn & TlbSet.MASK);
              if (ldTag[ti] !== vpn || (a & 1) !== 0) { stop = Stop.LOAD; break fast; }
              const ha = (a + ldOff[ti]) >> 1;
              r[rd] = (w & 0xff) === Op.LH ? i16[ha] : u16[ha]; r[0] = 0;
              break;
            }
            case Op.LW: {
              counts[0]++;
              const a = (r[rs1] + imm) | 0, vpn = a >>> 12, ti = dbase + (vpn & TlbSet.MASK);
              if (ldTag[ti] !== vpn || (a & 3) !== 0) { stop = Stop.LOAD; break fast; }
              r[rd] = i32[(a + ldOff[ti]) >> 2]; r[0] = 0;
              break;
            }
            case Op.SB: {
              counts[1]++;
              const a = (r[rs1] + imm) | 0, vpn = a >>> 12, ti = dbase + (vpn & TlbSet.MASK);
              if (stTag[ti] !== vpn) { stop = Stop.STORE; break fast; }
              u8[(a + stOff[ti]) | 0] = r[rs2];
              break;
            }
            case Op.SH: {
              counts[1]++;
              const a = (r[rs1] + imm) | 0, vpn = a >>> 12, ti = dbase + (vpn & TlbSet.MASK);
              if (stTag[ti] !== vpn || (a & 1) !== 0) { stop = Stop.STORE; break fast; }
              u16[(a + stOff[ti]) >> 1] = r[rs2];
              break;
            }
            case Op.SW: {
              counts[1]++;
              const a = (r[rs1] + imm) | 0, vpn = a >>> 12, ti = dbase + (vpn & TlbSet.MASK);
              if (stTag[ti] !== vpn || (a & 3) !== 0) { stop = Stop.STORE; break fast; }
              i32[(a + stOff[ti]) >> 2] = r[rs2];
              break;
            }

            case Op.ADDI: r[rd] = (r[rs1] + imm) | 0; break;
            case Op.SLTI: r[rd] = r[rs1] < imm ? 1 : 0; break;
            case Op.SLTIU: r[rd] = (r[rs1] >>> 0) < (imm >>> 0) ? 1 : 0; break;
            case Op.XORI: r[rd] = r[rs1] ^ imm; break;
            case Op.ORI: r[rd] = r[rs1] | imm; break;
            case Op.ANDI: r[rd] = r[rs1] & imm; break;
            case Op.SLLI: r[rd] = r[rs1] << imm; break;
            case Op.SRLI: r[rd] = r[rs1] >>> imm; break;
            case Op.SRAI: r[rd] = r[rs1] >> imm; break;
            case Op.ADD: r[rd] = (r[rs1] + r[rs2]) | 0; break;
            case Op.SUB: r[rd] = (r[rs1] - r[rs2]) | 0; break;
            case Op.SLL: r[rd] = r[rs1] << r[rs2]; break;
            case Op.SLT: r[rd] = r[rs1] < r[rs2] ? 1 : 0; break;
            case Op.SLTU: r[rd] = (r[rs1] >>> 0) < (r[rs2] >>> 0) ? 1 : 0; break;
            case Op.XOR: r[rd] = r[rs1] ^ r[rs2]; break;
            case Op.SRL: r[rd] = r[rs1] >>> r[rs2]; break;
            case Op.SRA: r[rd] = r[rs1] >> r[rs2]; break;
            case Op.OR: r[rd] = r[rs1] | r[rs2]; break;
            case Op.AND: r[rd] = r[rs1] & r[rs2]; break;

            case Op.MUL: r[rd] = Math.imul(r[rs1], r[rs2]); break;
            case Op.DIV: {
              const a = r[rs1], b = r[rs2];
              r[rd] = b === 0 ? -1 : (a === -0x80000000 && b === -1) ? a : (a / b) | 0;
              break;
            }
            case Op.DIVU: {
              const b = r[rs2] >>> 0;
              r[rd] = b === 0 ? -1 : ((r[rs1] >>> 0) / b) | 0;
              break;
            }
            case Op.REM: {
              const a = r[rs1], b = r[rs2];
              r[rd] = b === 0 ? a : (a === -0x80000000 && b === -1) ? 0 : (a % b) | 0;
              break;
            }
            case Op.REMU: {
              const b = r[rs2] >>> 0;
              r[rd] = b === 0 ? r[rs1] : ((r[rs1] >>> 0) % b) | 0;
              break;
            }

            default:
              // Everything else is rare: the high products, system instructions, CSRs, atomics,
              // illegal encodings.
              stop = Stop.RARE;
              break fast;
            }
            // The next instruction. From the page's first four bytes on (the page after, or the
            // instruction after one that spans two pages) the outer loop looks the page up.
            const len4 = (w >>> 23) & 1;
            pc = (pc + 2 + (len4 << 1)) | 0;
            idx = (idx + 1 + len4) | 0;
            if ((pc & 0xffc) === 0) { stop = Stop.PAGE; break fast; }
            continue;
          }
          if ((pc >>> 12) !== fetchVpn) { stop = Stop.JUMP; break fast; }
          idx = (fetchSlot + ((pc & 0xfff) >>> 1)) | 0;
          // A jump's target is a block entry worth counting.
          if (jit && ++heat[idx] >= threshold) { stop = Stop.HOT; break fast; }
        }
      }

      // What stopped the fast loop. LOAD, STORE and RARE leave w, the instruction at pc, counted
      // in n; ENTRY leaves it not yet counted.
      if (stop === Stop.LIMIT) break;
      if (stop === Stop.ENTRY && idx > scratch) {
        // Past the scratch entry (whose followers stay 0): back to pc's own entry.
        stop = Stop.PAGE;
      } else if (stop === Stop.ENTRY) {
        // An instruction to run from the scratch entry: its word and immediate go there, so the
        // fast loop fetches it as any other, and the zeros after it bring the loop back here.
        if ((w & Word.BLOCK) !== 0) {
          n = this.runBlocks(this.dc.blocks[idx]!, pc, fetchSlot, n, limit) | 0;
          pc = this.pc;
          if (this.trapped || this.needsService) break;
          if (!this.blockDeclined) {
            // Where the blocks left off, maybe in another page (its slot is looked up then; this
            // page's stays valid, as blocks neither map pages nor decode).
            stop = Stop.JUMP;
          } else if (n >= limit) {
            break;
          } else if ((pc >>> 12) !== fetchVpn) {
            stop = Stop.PAGE;
          } else {
            // Longer than what is left of the limit: interpreted, so the limit is met exactly.
            idx = (fetchSlot + ((pc & 0xfff) >>> 1)) | 0;
            code[scratch << 1] = code[idx << 1] & ~Word.BLOCK;
            code[(scratch << 1) | 1] = code[(idx << 1) | 1];
            idx = scratch;
            stop = Stop.RUN;
            continue;
          }
        } else {
          // Not decoded yet (then the fast loop finds it decoded), or spanning two pages (decoded
          // afresh each time, and run from here).
          this.pc = pc;
          const d = this.decodeAt(idx, pc) | 0;
          if (d === 0) { n++; pc = this.pc; break; }
          if (w === Op.SPANNING) {
            code[scratch << 1] = d;
            code[(scratch << 1) | 1] = this.decImm;
            idx = scratch;
          }
          stop = Stop.RUN;
          continue;
        }
      }
      if (stop === Stop.PAGE || stop === Stop.JUMP) {
        if ((pc >>> 12) !== fetchVpn) {
          this.pc = pc;
          const base = this.fetchPage(pc) | 0;
          if (base < 0) { n++; pc = this.pc; break; }
          fetchVpn = pc >>> 12;
          fetchSlot = base;
        }
        idx = (fetchSlot + ((pc & 0xfff) >>> 1)) | 0;
        stop = stop === Stop.JUMP && jit && ++heat[idx] >= threshold ? Stop.HOT : Stop.RUN;
      }
      if (stop === Stop.HOT) {
        heat[idx] = 0;
        // Compiled already (reached again after a block declined to run), or compiled now: the
        // fast loop's fetch finds the block either way.
        if ((code[idx << 1] & Word.BLOCK) === 0) {
          this.pc = pc;
          this.compileAt(idx, pc, fetchSlot);
        }
        stop = Stop.RUN;
      }
      if (stop === Stop.RUN) continue;

      // A load or store the TLB does not map, or a rare instruction: w at pc, counted in n.
      const op = w & 0xff, rd = (w >>> 8) & 31, rs1 = (w >>> 13) & 31, rs2 = (w >>> 18) & 31;
      const len4 = (w >>> 23) & 1, after = (pc + 2 + (len4 << 1)) | 0;
      this.pc = pc;
      this.inflight = n - 1; // the instructions before this one (a device may read the time)
      if (stop === Stop.LOAD) {
        const size = op === Op.LW ? 4 : op === Op.LH || op === Op.LHU ? 2 : 1;
        const v = this.loadSlow((r[rs1] + imm) | 0, size, op !== Op.LBU && op !== Op.LHU) | 0;
        this.inflight = 0;
        if (this.trapped) { pc = this.pc; break; }
        r[rd] = v; r[0] = 0;
      } else if (stop === Stop.STORE) {
        this.storeSlow((r[rs1] + imm) | 0, r[rs2], op === Op.SW ? 4 : op === Op.SH ? 2 : 1);
        this.inflight = 0;
        if (this.trapped) { pc = this.pc; break; }
        if (this.needsService) { pc = after; break; }
      } else if (op === Op.MULH || op === Op.MULHSU || op === Op.MULHU) {
        this.inflight = 0;
        r[rd] = op === Op.MULH ? mulh(r[rs1], r[rs2]) : op === Op.MULHU ? mulhu(r[rs1], r[rs2]) : mulhsu(r[rs1], r[rs2]);
        r[0] = 0;
      } else {
        this.system(w, imm);
        this.inflight = 0;
        pc = this.pc;
        break;
      }
      pc = after;
      idx = (idx + 1 + len4) | 0;
      stop = (pc & 0xffc) === 0 ? Stop.PAGE : Stop.RUN;
    }
    this.pc = pc;
    this.insns += n;
    this.loads += counts[0];
    this.stores += counts[1];
    return n;
  }

  /** execute() while a trigger is armed: one instruction at a time, each fetch's address checked
   *  first (an instruction address breakpoint outranks every other exception, priv spec 3.1.15),
   *  with the data TLB kept empty so that every load and store is checked in its slow path. */
  private executeWithTriggers(limit: number): number {
    let n = 0;
    this.trapped = false;
    this.inTriggerStep = true;
    try {
      while (n < limit && (this.triggers.execArmed || this.triggers.dataArmed)) {
        if (this.triggers.execArmed && this.triggers.checkExecute(this.pc, this.priv) >= 0) {
          this.raise(R.CAUSE_BREAKPOINT, this.pc);
          n++;
          break;
        }
        const loads = this.loads, stores = this.stores;
        n += this.execute(1);
        if (this.triggers.watchHit) {
          // Stopped for the debugger before the access: the instruction did not retire.
          this.insns--; n--;
          this.loads = loads; this.stores = stores;
          break;
        }
        if (this.trapped || this.needsService || this.waiting) break;
        // An interrupt pending and enabled (a CSR write may have just enabled it): let the
        // machine take it, as execute() returns after such an instruction.
        if ((this.mip() & this.mie) !== 0) break;
      }
    } finally {
      this.inTriggerStep = false;
    }
    return n;
  }

  /** Whether a trigger or a debugger's watchpoint stops a load or store at `va` before it is
   *  made: a trigger raises a breakpoint exception (mtval = va), a watchpoint ends execute() as
   *  a trap would, but with nothing raised and the instruction not retired (executeWithTriggers). */
  private dataTriggered(va: number, size: number, store: boolean): boolean {
    const t = this.triggers.checkData(va, size, store, this.priv);
    if (t === WATCH_STOP) { this.trapped = true; return true; }
    if (t >= 0) { this.raise(R.CAUSE_BREAKPOINT, va); return true; }
    return false;
  }

  /** tdata1 or the debugger's watchpoints changed: which checks are armed; with a data trigger
   *  armed no load or store may hit the TLB. */
  triggersChanged(): void {
    this.triggers.rearm();
    if (this.triggers.dataArmed) this.tlb.flushAll();
  }

  /**
   * Runs compiled blocks back to back from `fn` at `pc` (cache slot base `slot`) while each
   * next pc is another compiled block, in this page or any page the fetch TLB maps to decoded
   * code. A loop of its own, apart from the interpreter's, so its few live values stay in
   * machine registers. Returns the count `n` of execute() after them and leaves the next pc in
   * this.pc; blockDeclined says the last block did not run (fewer instructions left than it has).
   */
  private runBlocks(fn: BlockFn, pc: number, slot: number, n: number, limit: number): number {
    const dbase = this.dataBase, fetchBase = this.fetchBase;
    const code = this.dc.code, blocks = this.dc.blocks, slotOfPage = this.dc.slotOfPage;
    const ftTag = this.tlb.tag[ACCESS_FETCH], ftOff = this.tlb.off[ACCESS_FETCH];
    const n0 = n;
    let vpn = pc >>> 12, calls = 0;
    this.blockDeclined = false;
    for (;;) {
      calls++;
      const next = fn(dbase, limit - n, pc >> 1) << 1;
      const ran = this.blockRan;
      if (ran === 0) { this.blockDeclined = true; break; }
      n += ran;
      pc = next;
      if (this.trapped || this.needsService) break;
      if ((pc >>> 12) !== vpn) {
        // Another page: go on only if the fetch TLB maps it to a page with decoded code.
        const v = pc >>> 12, ti = fetchBase + (v & TlbSet.MASK);
        if (ftTag[ti] !== v) break;
        const s = slotOfPage[(((v << 12) + ftOff[ti]) | 0) >>> 12];
        if (s < 0) break;
        this.tlb.hits[ACCESS_FETCH]++;
        vpn = v;
        slot = s * SLOT_ENTRIES;
      }
      const idx = slot + ((pc & 0xfff) >>> 1);
      if (!(code[idx << 1] & Word.BLOCK)) break;
      fn = blocks[idx]!;
    }
    this.compiledInsns += n - n0;
    this.blockCalls += calls;
    this.pc = pc;
    return n;
  }

  // ---------------------------------------------------------------------------------------------
  // Out-of-line execution of the rare instructions. Sets this.pc to the next pc (or the trap vector).

  private system(w: number, imm: number): void {
    const op = w & 0xff, rd = (w >>> 8) & 31, rs1 = (w >>> 13) & 31, rs2 = (w >>> 18) & 31;
    const next = (this.pc + 2 + ((w >>> 22) & 2)) | 0;
    const r = this.regs;
    switch (op) {
      case Op.ILLEGAL: return this.raise(R.CAUSE_ILLEGAL_INSTRUCTION, imm);
      case Op.ECALL:
        return this.raise(this.priv === R.PRV_U ? R.CAUSE_USER_ECALL
          : this.priv === R.PRV_S ? R.CAUSE_SUPERVISOR_ECALL : R.CAUSE_MACHINE_ECALL, 0);
      // mtval may be 0 or the pc on a breakpoint (priv spec 3.1.16): the pc, as the reference
      // model (Sail) writes and the architectural tests expect (QEMU 7.2 writes 0).
      case Op.EBREAK: return this.raise(R.CAUSE_BREAKPOINT, this.pc);
      case Op.MRET: {
        if (this.priv < R.PRV_M) return this.illegal(w);
        const st = this.mstatus;
        const mpp = (st & R.MSTATUS_MPP) >>> R.MSTATUS_MPP_SHIFT;
        let nst = (st & ~(R.MSTATUS_MIE | R.MSTATUS_MPP)) | R.MSTATUS_MPIE |
          ((st & R.MSTATUS_MPIE) ? R.MSTATUS_MIE : 0);
        if (mpp !== R.PRV_M) nst &= ~R.MSTATUS_MPRV; // priv spec 3.1.6.1
        this.priv = mpp;
        this.mstatus = nst;
        this.updateRegimes();
        this.pc = this.mepc;
        return;
      }
      case Op.SRET: {
        if (this.priv === R.PRV_U || (this.priv === R.PRV_S && (this.mstatus & R.MSTATUS_TSR))) {
          return this.illegal(w);
        }
        const st = this.mstatus;
        const spp = (st & R.MSTATUS_SPP) ? R.PRV_S : R.PRV_U;
        this.mstatus = (st & ~(R.MSTATUS_SIE | R.MSTATUS_SPP | R.MSTATUS_MPRV)) | R.MSTATUS_SPIE |
          ((st & R.MSTATUS_SPIE) ? R.MSTATUS_SIE : 0);
        this.priv = spp;
        this.updateRegimes();
        this.pc = this.sepc;
        return;
      }
      case Op.WFI:
        // WFI is illegal in U-mode, and in S-mode when mstatus.TW is set (priv spec 3.1.6.5).
        if (this.priv === R.PRV_U || (this.priv === R.PRV_S && (this.mstatus & R.MSTATUS_TW))) {
          return this.illegal(w);
        }
        this.waiting = true;
        this.pc = next;
        return;
      case Op.SFENCE_VMA:
        if (this.priv === R.PRV_U || (this.priv === R.PRV_S && (this.mstatus & R.MSTATUS_TVM))) {
          return this.illegal(w);
        }
        this.sfenceVma(rs1 !== 0 ? r[rs1] : undefined);
        this.pc = next;
        return;
      case Op.CSRRW: case Op.CSRRS: case Op.CSRRC: case Op.CSRRWI: case Op.CSRRSI: case Op.CSRRCI: {
        const csr = imm & 0xfff;
        const immediate = op >= Op.CSRRWI;
        const src = immediate ? rs1 : r[rs1];
        const base = immediate ? op - 3 : op;
        // csrrw with rd=x0 does not read; csrrs/csrrc with rs1=x0 (or zimm=0) do not write.
        const reads = base !== Op.CSRRW || rd !== 0;
        const writes = base === Op.CSRRW || rs1 !== 0;
        let old = 0;
        if (reads || writes) {
          const v = csrRead(this, csr);
          if (v === undefined) return this.illegal(w);
          old = v;
        }
        if (writes) {
          const cur = csrReadForUpdate(this, csr, old);
          const nv = base === Op.CSRRW ? src : base === Op.CSRRS ? cur | src : cur & ~src;
          if (!csrWrite(this, csr, nv)) return this.illegal(w);
        }
        if (rd !== 0) r[rd] = old;
        this.pc = next;
        return;
      }
      case Op.LR_W: {
        this.loads++;
        const a = r[rs1];
        if (a & 3) return this.raise(R.CAUSE_MISALIGNED_LOAD, a);
        const v = this.loadSlow(a, 4, true);
        if (this.trapped) return;
        this.reservation = a;
        if (rd !== 0) r[rd] = v;
        this.pc = next;
        return;
      }
      case Op.SC_W: {
        this.stores++;
        const a = r[rs1];
        if (a & 3) return this.raise(R.CAUSE_MISALIGNED_STORE, a);
        const ok = this.reservation === a;
        this.reservation = -1;
        if (ok) {
          this.storeSlow(a, r[rs2], 4);
          if (this.trapped) return;
        }
        if (rd !== 0) r[rd] = ok ? 0 : 1;
        this.pc = next;
        return;
      }
      case Op.AMOSWAP_W: case Op.AMOADD_W: case Op.AMOXOR_W: case Op.AMOAND_W: case Op.AMOOR_W:
      case Op.AMOMIN_W: case Op.AMOMAX_W: case Op.AMOMINU_W: case Op.AMOMAXU_W: {
        const a = r[rs1];
        // An AMO both loads and stores: either kind of data trigger fires on it.
        if (this.triggers.dataArmed && (this.dataTriggered(a, 4, false) || this.dataTriggered(a, 4, true))) return;
        this.stores++;
        if (a & 3) return this.raise(R.CAUSE_MISALIGNED_STORE, a);
        // An AMO needs write permission; a fault on its read is reported as a store fault.
        const pa = this.translate(a, ACCESS_STORE, 4);
        if (pa < 0) return;
        const off = this.bus.ramOffset(pa);
        if (off < 0) return this.raise(R.CAUSE_STORE_ACCESS, a);
        const old = this.bus.i32[off >> 2], b = r[rs2];
        let nv: number;
        switch (op) {
          case Op.AMOSWAP_W: nv = b; break;
          case Op.AMOADD_W: nv = (old + b) | 0; break;
          case Op.AMOXOR_W: nv = old ^ b; break;
          case Op.AMOAND_W: nv = old & b; break;
          case Op.AMOOR_W: nv = old | b; break;
          case Op.AMOMIN_W: nv = old < b ? old : b; break;
          case Op.AMOMAX_W: nv = old > b ? old : b; break;
          case Op.AMOMINU_W: nv = (old >>> 0) < (b >>> 0) ? old : b; break;
          default: nv = (old >>> 0) > (b >>> 0) ? old : b; break;
        }
        this.writeRam(off, nv, 4, pa);
        if (rd !== 0) r[rd] = old;
        this.pc = next;
        return;
      }
    }
    this.illegal(w);
  }

  private illegal(w: number): void {
    // mtval gets the faulting instruction's bits; re-read them since decoding kept only the op.
    this.raise(R.CAUSE_ILLEGAL_INSTRUCTION, this.instructionBits(this.pc, (w & (1 << 23)) !== 0));
  }

  private instructionBits(pc: number, len4: boolean): number {
    const lo = this.peek16(pc);
    return len4 ? (lo | (this.peek16(pc + 2) << 16)) : lo;
  }

  private peek16(va: number): number {
    const pa = this.translateQuiet(va, ACCESS_FETCH);
    const off = pa < 0 ? -1 : this.bus.ramOffset(pa);
    return off < 0 ? 0 : this.bus.u16[off >>> 1];
  }

  // ---------------------------------------------------------------------------------------------
  // Slow paths of memory access.

  /**
   * Translates `va` for an access of `kind` (and `size` bytes, for PMP) in the current regime.
   * Returns the physical address, or -1 after raising the page or access fault with tval = va.
   * Sets this.cacheable when the TLB may keep the page.
   */
  translate(va: number, kind: number, size = 1): number {
    const pa = this.translateQuiet(va, kind, size);
    if (pa < 0) this.raise(this.faultCause, va);
    return pa;
  }

  /** Like translate(), but never raises: -1 means it would fault (this.faultCause says how). */
  translateQuiet(va: number, kind: number, size = 1): number {
    // Fetches use the current mode; loads and stores MPP's when mstatus.MPRV is set in M-mode.
    const priv = kind === ACCESS_FETCH || this.priv !== R.PRV_M || !(this.mstatus & R.MSTATUS_MPRV)
      ? this.priv : (this.mstatus & R.MSTATUS_MPP) >>> R.MSTATUS_MPP_SHIFT;
    let pa: number;
    if (priv === R.PRV_M || !(this.satp & SATP_MODE_SV32)) {
      pa = va >>> 0;
    } else {
      this.walks++;
      const w = walk(this.pteMem, this.satp, va, kind, priv, (this.mstatus & R.MSTATUS_SUM) !== 0,
        (this.mstatus & R.MSTATUS_MXR) !== 0, this.walkOut);
      if (w.status !== WALK_OK) {
        this.faultCause = w.status === WALK_PAGE_FAULT ? PAGE_FAULT_CAUSE[kind] : ACCESS_FAULT_CAUSE[kind];
        if (w.status === WALK_PAGE_FAULT) this.pageFaults[this.faultCause]++;
        return FAULT;
      }
      pa = w.pa;
    }
    this.cacheable = true;
    if (priv !== R.PRV_M || this.pmp.locked) {
      const p = this.pmp.check(pa, size, kind, priv);
      if (p === PMP_DENY) { this.faultCause = ACCESS_FAULT_CAUSE[kind]; return FAULT; }
      this.cacheable = p === PMP_ALLOW_PAGE;
    }
    return pa;
  }

  /** Finds the decoded-instruction slot for the page holding `pc`, or -1 after raising a fault. */
  private fetchPage(pc: number): number {
    const vpn = pc >>> 12, ti = this.fetchBase + (vpn & TlbSet.MASK);
    const ftag = this.tlb.tag[ACCESS_FETCH];
    let hostPage: number;
    if (ftag[ti] === vpn) {
      hostPage = ((vpn << 12) + this.tlb.off[ACCESS_FETCH][ti]) | 0;
      this.tlb.hits[ACCESS_FETCH]++;
    } else {
      this.tlb.misses[ACCESS_FETCH]++;
      const pa = this.translate(pc, ACCESS_FETCH, 2);
      if (pa < 0) return FAULT;
      const off = this.bus.ramOffset(pa);
      if (off < 0) { this.raise(R.CAUSE_FETCH_ACCESS, pc); return FAULT; }
      hostPage = off & ~(PAGE_SIZE - 1);
      if (this.cacheable) this.tlb.fill(ACCESS_FETCH, this.fetchBase, vpn, hostPage);
    }
    const base = this.dc.slotBase(hostPage >>> 12);
    if (this.dc.isNew) {
      this.dc.isNew = false;
      this.tlb.dropStoresTo(hostPage); // stores to this page must now take the slow path
    }
    this.fetchHost = hostPage;
    return base;
  }

  /** Compiles the block entered at cache entry `idx` (virtual `pc`); returns whether it did. */
  private compileAt(idx: number, pc: number, slot: number): boolean {
    const t0 = performance.now();
    try { return this.compileBlockAt(idx, pc, slot); } finally { this.compileMs += performance.now() - t0; }
  }

  private compileBlockAt(idx: number, pc: number, slot: number): boolean {
    const pageBase = pc & ~0xfff, pageHost = this.fetchHost;
    // The next virtual page, if the fetch TLB maps it to a page whose code is decoded already
    // (code the interpreter has run): a block may go on into it, guarded (block-compiler.ts).
    const vpn2 = ((pageBase >>> 12) + 1) >>> 0, t2 = this.fetchBase + (vpn2 & TlbSet.MASK);
    let nextHost = -1, nextSlot = -1;
    if (this.tlb.tag[ACCESS_FETCH][t2] === (vpn2 | 0)) {
      const host = ((vpn2 << 12) + this.tlb.off[ACCESS_FETCH][t2]) | 0, s2 = this.dc.slotOfPage[host >>> 12];
      if (s2 >= 0) { nextHost = host; nextSlot = s2 * SLOT_ENTRIES; }
    }
    /* The decoded word and immediate at offset `o` of the page at `host` whose entries start at
     * `base` (decoding it if needed); undefined if its fetch faults or it spans on into the page
     * after, unless `after` (that page's host offset) is known: then it is decoded from both
     * halves, its entry keeping the SPANNING marker for the interpreter. Nothing is translated
     * here: a fault must be raised when the instruction runs, not now. */
    const at = (base: number, host: number, o: number, after: number): [number, number] | undefined => {
      const i = base + (o >>> 1);
      if (o === PAGE_SIZE - 2 && (this.bus.u16[(host + o) >>> 1] & 3) === 3) {
        if (after < 0) return undefined;
        const d = decode32(this.bus.u16[(host + o) >>> 1] | (this.bus.u16[after >>> 1] << 16));
        return [d.word, d.imm];
      }
      let w = this.dc.code[i << 1];
      if (w === 0) w = this.decodeAt(i, (pageBase + (host === pageHost ? o : o + PAGE_SIZE)) | 0, host);
      if (w <= Op.SPANNING) return undefined;
      return [w & ~Word.BLOCK, this.dc.code[(i << 1) | 1]];
    };
    const compiled = compileBlock(pc & 0xfff, (off) =>
      off < PAGE_SIZE ? at(slot, pageHost, off, nextHost) : at(nextSlot, nextHost, off - PAGE_SIZE, -1)
    , this.blockMemory, nextHost >= 0 ? 2 * PAGE_SIZE : PAGE_SIZE, nextHost);
    if (!compiled) return false;
    this.blocksCompiled++;
    this.dc.addBlock(idx, compiled.fn);
    // A store into the next page must drop this block too.
    if (compiled.crossesPage) this.dc.addDependent(nextSlot / SLOT_ENTRIES, slot / SLOT_ENTRIES);
    this.dc.code[idx << 1] |= Word.BLOCK;
    return true;
  }

  /** Decodes the instruction at `pc` into cache entry `idx` (its page at host offset
   *  `pageHost`); returns its word, or 0 after a fault. */
  private decodeAt(idx: number, pc: number, pageHost = this.fetchHost): number {
    const host = pageHost + (pc & 0xfff);
    const lo = this.bus.u16[host >>> 1];
    let d;
    if ((lo & 3) !== 3) {
      d = decode16(lo);
    } else if ((pc & 0xfff) !== 0xffe) {
      d = decode32(lo | (this.bus.u16[(host >>> 1) + 1] << 16));
    } else {
      // A 4-byte instruction across a page boundary: look its second half up every time and
      // leave the SPANNING marker, since the next page's mapping may change independently. The
      // lookup goes through the fetch TLB (flushed with every mapping change, as for any fetch):
      // a loop whose body spans a page boundary (memset's, in one kernel build) would otherwise
      // walk the page table at every iteration.
      const next = pc + 2, vpn = next >>> 12, ti = this.fetchBase + (vpn & TlbSet.MASK);
      let off: number;
      if (this.tlb.tag[ACCESS_FETCH][ti] === vpn) {
        off = ((vpn << 12) + this.tlb.off[ACCESS_FETCH][ti]) | 0;
        this.tlb.hits[ACCESS_FETCH]++;
      } else {
        this.tlb.misses[ACCESS_FETCH]++;
        const pa = this.translate(next, ACCESS_FETCH);
        if (pa < 0) return 0;
        off = this.bus.ramOffset(pa);
        if (off < 0) { this.raise(R.CAUSE_FETCH_ACCESS, next); return 0; }
        if (this.cacheable) this.tlb.fill(ACCESS_FETCH, this.fetchBase, vpn, off & ~(PAGE_SIZE - 1));
      }
      d = decode32(lo | (this.bus.u16[off >>> 1] << 16));
      this.dc.code[idx << 1] = Op.SPANNING | (this.dc.code[idx << 1] & Word.BLOCK); // a compiled block there stays
      this.decImm = d.imm;
      return d.word;
    }
    this.dc.code[idx << 1] = d.word;
    this.dc.code[(idx << 1) | 1] = d.imm;
    this.decImm = d.imm;
    return d.word;
  }

  /** A load that missed the TLB, is misaligned or goes to a device. Raises on fault. */
  loadSlow(va: number, size: number, signed: boolean): number {
    if (this.triggers.dataArmed && this.dataTriggered(va, size, false)) return 0;
    // Misaligned: trapped (priv spec 3.6.3 lets an implementation choose), before any translation.
    if (this.misalignedTrap && (va & (size - 1)) !== 0) { this.raise(R.CAUSE_MISALIGNED_LOAD, va); return 0; }
    if (((va & 0xfff) + size) > PAGE_SIZE) {
      // Crosses a page: each byte is translated on its own (both pages must be accessible).
      let v = 0;
      for (let i = 0; i < size; i++) {
        const b = this.loadSlow((va + i) | 0, 1, false);
        if (this.trapped) return 0;
        v |= b << (8 * i);
      }
      return signExtend(v, size, signed);
    }
    this.tlb.misses[ACCESS_LOAD]++;
    const pa = this.translate(va, ACCESS_LOAD, size);
    if (pa < 0) return 0;
    const off = this.bus.ramOffset(pa);
    if (off >= 0) {
      if (this.cacheable && !this.triggers.dataArmed) this.tlb.fill(ACCESS_LOAD, this.dataBase, va >>> 12, off & ~(PAGE_SIZE - 1));
      const u8 = this.bus.u8;
      let v = u8[off];
      if (size >= 2) v |= u8[off + 1] << 8;
      if (size === 4) v |= (u8[off + 2] << 16) | (u8[off + 3] << 24);
      return signExtend(v, size, signed);
    }
    const m = this.bus.findDevice(pa);
    if (!m) { this.raise(R.CAUSE_LOAD_ACCESS, va); return 0; }
    this.deviceAccesses++;
    return signExtend(m.device.read(pa - m.base, size), size, signed);
  }

  /** A store that missed the TLB, is misaligned, hits code or a device. Raises on fault. */
  storeSlow(va: number, value: number, size: number): void {
    if (this.triggers.dataArmed && this.dataTriggered(va, size, true)) return;
    if (this.misalignedTrap && (va & (size - 1)) !== 0) { this.raise(R.CAUSE_MISALIGNED_STORE, va); return; }
    if (((va & 0xfff) + size) > PAGE_SIZE) {
      // Check both pages before writing anything, so a fault leaves memory unchanged.
      if (this.translate(va, ACCESS_STORE, 1) < 0) return;
      if (this.translate((va + size - 1) | 0, ACCESS_STORE, 1) < 0) return;
      for (let i = 0; i < size; i++) {
        this.storeSlow((va + i) | 0, value >>> (8 * i), 1);
        if (this.trapped) return;
      }
      return;
    }
    this.tlb.misses[ACCESS_STORE]++;
    const pa = this.translate(va, ACCESS_STORE, size);
    if (pa < 0) return;
    const off = this.bus.ramOffset(pa);
    if (off >= 0) {
      const page = off >>> 12;
      // The walk set D, so the page may be cached for stores unless it holds code or the watch.
      if (this.cacheable && this.dc.slotOfPage[page] < 0 && (this.watchAddress >>> 12) !== (pa >>> 12) && !this.triggers.dataArmed) {
        this.tlb.fill(ACCESS_STORE, this.dataBase, va >>> 12, off & ~(PAGE_SIZE - 1));
      }
      this.writeRam(off, value, size, pa);
      return;
    }
    const m = this.bus.findDevice(pa);
    if (!m) { this.raise(R.CAUSE_STORE_ACCESS, va); return; }
    this.deviceAccesses++;
    m.device.write(pa - m.base, size, value);
    this.needsService = true; // a device may have stopped the machine or raised an interrupt
  }

  /** Writes RAM at host offset `off`, keeping decoded code and the store watch coherent. */
  private writeRam(off: number, value: number, size: number, pa: number): void {
    const u8 = this.bus.u8;
    u8[off] = value;
    if (size >= 2) u8[off + 1] = value >>> 8;
    if (size === 4) { u8[off + 2] = value >>> 16; u8[off + 3] = value >>> 24; }
    if (this.dc.slotOfPage[off >>> 12] >= 0) this.dc.invalidate(off, size);
    if ((pa >>> 2) === (this.watchAddress >>> 2) && this.watchAddress >= 0) {
      this.onWatchedStore(pa, value, size);
      this.needsService = true;
    }
  }
}

function signExtend(v: number, size: number, signed: boolean): number {
  if (size === 4) return v | 0;
  if (!signed) return v;
  return size === 1 ? (v << 24) >> 24 : (v << 16) >> 16;
}

function trapVector(tvec: number, cause: number, interrupt: boolean): number {
  const base = tvec & ~3;
  return interrupt && (tvec & 3) === R.TVEC_MODE_VECTORED ? (base + 4 * cause) | 0 : base;
}

/** Half of the 64-bit counter count + offset (mod 2^64); count < 2^53, offset in unsigned halves. */
function counterHalf(count: number, offLo: number, offHi: number, high: boolean): number {
  const cHi = Math.floor(count / 2 ** 32);
  const lo = count - cHi * 2 ** 32 + offLo; // below 2^33
  const carry = lo >= 2 ** 32 ? 1 : 0;
  return high ? (cHi + offHi + carry) >>> 0 : (lo - carry * 2 ** 32) >>> 0;
}

/** The offset halves after a write of v to one half at `count` (before the writing instruction
 *  retires): once it has, at count + 1, the counter reads v in that half and in the other what
 *  it read before. */
function offsetFor(count: number, offLo: number, offHi: number, v: number, high: boolean): [number, number] {
  const tLo = high ? counterHalf(count, offLo, offHi, false) : v >>> 0;
  const tHi = high ? v >>> 0 : counterHalf(count, offLo, offHi, true);
  const next = count + 1, nHi = Math.floor(next / 2 ** 32);
  const d = tLo - (next - nHi * 2 ** 32), borrow = d < 0 ? 1 : 0;
  return [(d + borrow * 2 ** 32) >>> 0, (tHi - nHi - borrow) >>> 0];
}

/** Upper 32 bits of the unsigned 64-bit product (unpriv spec 13.1), in 16-bit pieces. */
export function mulhu(a: number, b: number): number {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) | 0;
}

/** Upper 32 bits of the signed x signed product. */
export function mulh(a: number, b: number): number {
  let h = mulhu(a, b);
  if (a < 0) h = (h - b) | 0;
  if (b < 0) h = (h - a) | 0;
  return h;
}

/** Upper 32 bits of the signed x unsigned product. */
export function mulhsu(a: number, b: number): number {
  const h = mulhu(a, b);
  return a < 0 ? (h - b) | 0 : h;
}
