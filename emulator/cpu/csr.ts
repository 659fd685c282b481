// The CSR file (Zicsr, priv spec ch. 2-4): reads and writes with the privilege and read-only
// checks of priv spec 2.1, WARL legalisation, and the sstatus/sie/sip views of their M-mode CSRs.
import type { Hart } from './hart.js';
import * as R from './riscv.js';
import { TINFO_MCONTROL } from './triggers.js';

/** Whether `csr` may be accessed at all from the hart's current mode (not its writability). */
function accessible(h: Hart, csr: number): boolean {
  if (((csr >>> 8) & 3) > h.priv) return false;
  if (csr === R.CSR_SATP && h.priv === R.PRV_S && (h.mstatus & R.MSTATUS_TVM)) return false;
  // Counters: mcounteren gates S and U, scounteren gates U as well (priv spec 3.1.11, 4.1.5).
  if ((csr >= R.CSR_CYCLE && csr <= R.CSR_HPMCOUNTER31) ||
      (csr >= R.CSR_CYCLEH && csr <= R.CSR_HPMCOUNTER31H)) {
    const bit = 1 << (csr & 31);
    if (h.priv < R.PRV_M && !(h.mcounteren & bit)) return false;
    if (h.priv === R.PRV_U && !(h.scounteren & bit)) return false;
  }
  return true;
}

/** Reads a CSR; returns undefined if it does not exist or may not be read from this mode. */
export function csrRead(h: Hart, csr: number): number | undefined {
  if (!accessible(h, csr)) return undefined;
  switch (csr) {
    case R.CSR_SSTATUS: return h.mstatus & R.SSTATUS_MASK;
    case R.CSR_SIE: return h.mie & h.mideleg;
    case R.CSR_STVEC: return h.stvec;
    case R.CSR_SCOUNTEREN: return h.scounteren;
    case R.CSR_SENVCFG: return h.senvcfg;
    case R.CSR_SSCRATCH: return h.sscratch;
    case R.CSR_SEPC: return h.sepc;
    case R.CSR_SCAUSE: return h.scause;
    case R.CSR_STVAL: return h.stval;
    case R.CSR_SIP: return h.mip() & h.mideleg;
    case R.CSR_SATP: return h.satp;
    case R.CSR_MSTATUS: return h.mstatus;
    case R.CSR_MSTATUSH: return 0;
    case R.CSR_MISA: return R.MISA_RV32IMACSU;
    case R.CSR_MEDELEG: return h.medeleg;
    case R.CSR_MIDELEG: return h.mideleg;
    case R.CSR_MIE: return h.mie;
    case R.CSR_MTVEC: return h.mtvec;
    case R.CSR_MCOUNTEREN: return h.mcounteren;
    case R.CSR_MENVCFG: case R.CSR_MENVCFGH: return 0;
    case R.CSR_MCOUNTINHIBIT: return h.mcountinhibit;
    case R.CSR_MSCRATCH: return h.mscratch;
    case R.CSR_MEPC: return h.mepc;
    case R.CSR_MCAUSE: return h.mcause;
    case R.CSR_MTVAL: return h.mtval;
    case R.CSR_MIP: return h.mip();
    case R.CSR_MVENDORID: case R.CSR_MARCHID: case R.CSR_MIMPID: case R.CSR_MCONFIGPTR: return 0;
    // The trigger module (debug spec 5.7, emulator/cpu/triggers.ts); tdata3 holds nothing for mcontrol.
    case R.CSR_TSELECT: return h.triggers.tselect;
    case R.CSR_TDATA1: return h.triggers.readTdata1();
    case R.CSR_TDATA2: return h.triggers.readTdata2();
    case R.CSR_TDATA3: return 0;
    case R.CSR_TINFO: return TINFO_MCONTROL;
    case R.CSR_MHARTID: return h.hartId;
    case R.CSR_MCYCLE: case R.CSR_CYCLE: return h.mcycle(false) | 0;
    case R.CSR_MCYCLEH: case R.CSR_CYCLEH: return h.mcycle(true) | 0;
    case R.CSR_MINSTRET: case R.CSR_INSTRET: return h.minstret(false) | 0;
    case R.CSR_MINSTRETH: case R.CSR_INSTRETH: return h.minstret(true) | 0;
    case R.CSR_TIME: return h.timeNow() | 0;
    case R.CSR_TIMEH: return Math.floor(h.timeNow() / 2 ** 32) | 0;
  }
  if (csr >= R.CSR_PMPCFG0 && csr <= R.CSR_PMPCFG3) return h.pmpcfg[csr - R.CSR_PMPCFG0];
  if (csr >= R.CSR_PMPADDR0 && csr <= R.CSR_PMPADDR15) return h.pmpaddr[csr - R.CSR_PMPADDR0];
  // Performance counters and events that count nothing: they exist and read zero.
  if ((csr >= R.CSR_MHPMCOUNTER3 && csr <= R.CSR_MHPMCOUNTER31) ||
      (csr >= R.CSR_MHPMCOUNTER3H && csr <= R.CSR_MHPMCOUNTER31H) ||
      (csr >= R.CSR_HPMCOUNTER3 && csr <= R.CSR_HPMCOUNTER31) ||
      (csr >= R.CSR_HPMCOUNTER3H && csr <= R.CSR_HPMCOUNTER31H) ||
      (csr >= R.CSR_MHPMEVENT3 && csr <= R.CSR_MHPMEVENT31)) return 0;
  return undefined;
}

/**
 * The value a CSRRS/CSRRC modifies. Equal to csrRead, except for mip: only its software-writable
 * SEIP bit takes part, not the external interrupt line OR'ed into what is read (priv spec 3.1.9);
 * otherwise a `csrs mip, x` would latch a device's interrupt into the software bit.
 */
export function csrReadForUpdate(h: Hart, csr: number, read: number): number {
  return csr === R.CSR_MIP ? (read & ~R.MIP_SEIP) | (h.mipSoft & R.MIP_SEIP) : read;
}

/** Writes a CSR; returns false if the write is illegal (read-only CSR, or not accessible). */
export function csrWrite(h: Hart, csr: number, v: number): boolean {
  if ((csr >>> 10) === 3 || !accessible(h, csr)) return false;
  switch (csr) {
    case R.CSR_SSTATUS:
      h.setMstatus((h.mstatus & ~R.SSTATUS_WRITABLE) | (v & R.SSTATUS_WRITABLE));
      return true;
    case R.CSR_SIE: h.mie = (h.mie & ~h.mideleg) | (v & h.mideleg); return true;
    case R.CSR_STVEC: h.stvec = legalTvec(h.stvec, v); return true;
    case R.CSR_SCOUNTEREN: h.scounteren = v; return true;
    case R.CSR_SENVCFG: h.senvcfg = 0; return true;
    case R.CSR_SSCRATCH: h.sscratch = v; return true;
    case R.CSR_SEPC: h.sepc = v & ~1; return true;
    case R.CSR_SCAUSE: h.scause = v; return true;
    case R.CSR_STVAL: h.stval = v; return true;
    case R.CSR_SIP: {
      const m = R.MIP_SSIP & h.mideleg; // only SSIP is writable through sip (priv spec 4.1.3)
      h.mipSoft = (h.mipSoft & ~m) | (v & m);
      return true;
    }
    case R.CSR_SATP: h.setSatp(v); return true;
    case R.CSR_MSTATUS: {
      let nv = (h.mstatus & ~R.MSTATUS_WRITABLE) | (v & R.MSTATUS_WRITABLE);
      // MPP is WARL: the reserved value 2 (no H mode) leaves the field unchanged.
      if (((nv & R.MSTATUS_MPP) >>> R.MSTATUS_MPP_SHIFT) === 2) {
        nv = (nv & ~R.MSTATUS_MPP) | (h.mstatus & R.MSTATUS_MPP);
      }
      h.setMstatus(nv);
      return true;
    }
    case R.CSR_MSTATUSH: case R.CSR_MISA: case R.CSR_MENVCFG: case R.CSR_MENVCFGH: return true;
    case R.CSR_TSELECT: h.triggers.writeTselect(v); return true;
    case R.CSR_TDATA1: h.triggers.writeTdata1(v); h.triggersChanged(); return true;
    case R.CSR_TDATA2: h.triggers.writeTdata2(v); return true;
    case R.CSR_TDATA3: return true; // WARL, 0 the one legal value; tinfo is read-only
    case R.CSR_MEDELEG: h.medeleg = v & R.MEDELEG_WRITABLE; return true;
    case R.CSR_MIDELEG: h.mideleg = v & R.S_INTERRUPTS; return true;
    case R.CSR_MIE: h.mie = v & R.MIP_ALL; return true;
    case R.CSR_MTVEC: h.mtvec = legalTvec(h.mtvec, v); return true;
    case R.CSR_MCOUNTEREN: h.mcounteren = v; return true;
    case R.CSR_MCOUNTINHIBIT: h.mcountinhibit = v & ~2; return true;
    case R.CSR_MSCRATCH: h.mscratch = v; return true;
    case R.CSR_MEPC: h.mepc = v & ~1; return true;
    case R.CSR_MCAUSE: h.mcause = v; return true;
    case R.CSR_MTVAL: h.mtval = v; return true;
    case R.CSR_MIP: h.mipSoft = (h.mipSoft & ~R.MIP_WRITABLE) | (v & R.MIP_WRITABLE); return true;
    case R.CSR_MCYCLE: h.setCycle(v >>> 0, false); return true;
    case R.CSR_MCYCLEH: h.setCycle(v >>> 0, true); return true;
    case R.CSR_MINSTRET: h.setInstret(v >>> 0, false); return true;
    case R.CSR_MINSTRETH: h.setInstret(v >>> 0, true); return true;
  }
  if (csr >= R.CSR_PMPCFG0 && csr <= R.CSR_PMPCFG3) { h.setPmpcfg(csr - R.CSR_PMPCFG0, v); return true; }
  if (csr >= R.CSR_PMPADDR0 && csr <= R.CSR_PMPADDR15) { h.setPmpaddr(csr - R.CSR_PMPADDR0, v); return true; }
  return csrRead(h, csr) !== undefined; // the zero counters and events: writes are ignored
}

/** xtvec is WARL: MODE values 2 and 3 are reserved; like QEMU, such a write is ignored. */
function legalTvec(old: number, v: number): number {
  return (v & 3) >= 2 ? old : v;
}
