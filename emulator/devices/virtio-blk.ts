// A virtio block device on the virtio-mmio transport, version 2 (virtio 1.1: 4.2.2 for the
// registers, 2.6 for split virtqueues, 5.2 for block requests). One queue; requests are served
// when the driver notifies, and completion raises the device's interrupt line.
import type { MmioDevice } from '../memory/bus.js';
import type { Dma } from '../memory/dma.js';
import type { BlockBackend } from './block-backend.js';
import { loadFields, saveFields, type DeviceState } from '../snapshot/fields.js';

const VIRTIO_MMIO_MAGIC_VALUE = 0x000;
const VIRTIO_MMIO_VERSION = 0x004;
const VIRTIO_MMIO_DEVICE_ID = 0x008;
const VIRTIO_MMIO_VENDOR_ID = 0x00c;
const VIRTIO_MMIO_DEVICE_FEATURES = 0x010;
const VIRTIO_MMIO_DEVICE_FEATURES_SEL = 0x014;
const VIRTIO_MMIO_DRIVER_FEATURES = 0x020;
const VIRTIO_MMIO_DRIVER_FEATURES_SEL = 0x024;
const VIRTIO_MMIO_QUEUE_SEL = 0x030;
const VIRTIO_MMIO_QUEUE_NUM_MAX = 0x034;
const VIRTIO_MMIO_QUEUE_NUM = 0x038;
const VIRTIO_MMIO_QUEUE_READY = 0x044;
const VIRTIO_MMIO_QUEUE_NOTIFY = 0x050;
const VIRTIO_MMIO_INTERRUPT_STATUS = 0x060;
const VIRTIO_MMIO_INTERRUPT_ACK = 0x064;
const VIRTIO_MMIO_STATUS = 0x070;
const VIRTIO_MMIO_QUEUE_DESC_LOW = 0x080;
const VIRTIO_MMIO_QUEUE_DESC_HIGH = 0x084;
const VIRTIO_MMIO_QUEUE_DRIVER_LOW = 0x090;
const VIRTIO_MMIO_QUEUE_DRIVER_HIGH = 0x094;
const VIRTIO_MMIO_QUEUE_DEVICE_LOW = 0x0a0;
const VIRTIO_MMIO_QUEUE_DEVICE_HIGH = 0x0a4;
const VIRTIO_MMIO_CONFIG_GENERATION = 0x0fc;
const VIRTIO_MMIO_CONFIG = 0x100;

const VIRTIO_MAGIC = 0x74726976; // "virt"
const VIRTIO_VENDOR_QEMU = 0x554d4551;
const VIRTIO_ID_BLOCK = 2;
const VIRTIO_F_VERSION_1_BANK1 = 1 << 0; // feature bit 32
const VIRTIO_BLK_F_RO = 1 << 5;
const VIRTIO_BLK_F_FLUSH = 1 << 9;
const VIRTIO_STATUS_NEEDS_RESET = 64;
const VIRTIO_INT_USED_BUFFER = 1;

const VIRTQ_DESC_F_NEXT = 1;
const VIRTQ_DESC_F_WRITE = 2;
const VIRTQ_DESC_F_INDIRECT = 4;
const VIRTQ_DESC_SIZE = 16;

const VIRTIO_BLK_T_IN = 0;
const VIRTIO_BLK_T_OUT = 1;
const VIRTIO_BLK_T_FLUSH = 4;
const VIRTIO_BLK_T_GET_ID = 8;
const VIRTIO_BLK_S_OK = 0;
const VIRTIO_BLK_S_IOERR = 1;
const VIRTIO_BLK_S_UNSUPP = 2;
const SECTOR_SIZE = 512;
const BLK_HEADER_SIZE = 16;

export const VIRTIO_QUEUE_NUM_MAX = 64;

const VIRTIO_BLK_STATE = ['status', 'deviceFeaturesSel', 'driverFeaturesSel', 'driverFeatures', 'queueNum',
  'queueReady', 'desc', 'avail', 'used', 'lastAvail', 'interruptStatus', 'requests'];

export class VirtioBlk implements MmioDevice {
  readonly name = 'virtio-blk';
  private status = 0;
  private deviceFeaturesSel = 0;
  private driverFeaturesSel = 0;
  private readonly driverFeatures = [0, 0];
  private queueNum = 0;
  private queueReady = 0;
  private desc = 0;
  private avail = 0;
  private used = 0;
  private lastAvail = 0;
  private interruptStatus = 0;
  /** Requests served and bytes moved, for statistics. */
  requests = 0;
  onIrq: (level: boolean) => void = () => {};

  constructor(private readonly disk: BlockBackend, private readonly dma: Dma, private readonly id = 'xv32-disk') {}

  saveState(): DeviceState { return saveFields(this, VIRTIO_BLK_STATE); }
  loadState(s: DeviceState): void {
    loadFields(this, VIRTIO_BLK_STATE, s, 'virtio-blk');
    this.onIrq(this.interruptStatus !== 0);
  }

  read(offset: number, _size: number): number {
    switch (offset) {
      case VIRTIO_MMIO_MAGIC_VALUE: return VIRTIO_MAGIC;
      case VIRTIO_MMIO_VERSION: return 2;
      case VIRTIO_MMIO_DEVICE_ID: return VIRTIO_ID_BLOCK;
      case VIRTIO_MMIO_VENDOR_ID: return VIRTIO_VENDOR_QEMU;
      case VIRTIO_MMIO_DEVICE_FEATURES:
        return this.deviceFeaturesSel === 0
          ? VIRTIO_BLK_F_FLUSH | (this.disk.readOnly ? VIRTIO_BLK_F_RO : 0)
          : this.deviceFeaturesSel === 1 ? VIRTIO_F_VERSION_1_BANK1 : 0;
      case VIRTIO_MMIO_QUEUE_NUM_MAX: return VIRTIO_QUEUE_NUM_MAX;
      case VIRTIO_MMIO_QUEUE_READY: return this.queueReady;
      case VIRTIO_MMIO_INTERRUPT_STATUS: return this.interruptStatus;
      case VIRTIO_MMIO_STATUS: return this.status;
      case VIRTIO_MMIO_CONFIG_GENERATION: return 0;
    }
    if (offset >= VIRTIO_MMIO_CONFIG) {
      // struct virtio_blk_config: capacity (u64, in 512-byte sectors) first.
      const sectors = Math.floor(this.disk.size / SECTOR_SIZE);
      if (offset === VIRTIO_MMIO_CONFIG) return sectors >>> 0;
      if (offset === VIRTIO_MMIO_CONFIG + 4) return Math.floor(sectors / 2 ** 32);
    }
    return 0;
  }

  write(offset: number, _size: number, value: number): void {
    const v = value >>> 0;
    switch (offset) {
      case VIRTIO_MMIO_DEVICE_FEATURES_SEL: this.deviceFeaturesSel = v; break;
      case VIRTIO_MMIO_DRIVER_FEATURES_SEL: this.driverFeaturesSel = v; break;
      case VIRTIO_MMIO_DRIVER_FEATURES: if (this.driverFeaturesSel < 2) this.driverFeatures[this.driverFeaturesSel] = v; break;
      case VIRTIO_MMIO_QUEUE_SEL: break; // one queue (0)
      case VIRTIO_MMIO_QUEUE_NUM: this.queueNum = Math.min(v, VIRTIO_QUEUE_NUM_MAX); break;
      case VIRTIO_MMIO_QUEUE_READY: this.queueReady = v & 1; break;
      case VIRTIO_MMIO_QUEUE_DESC_LOW: this.desc = v; break;
      case VIRTIO_MMIO_QUEUE_DRIVER_LOW: this.avail = v; break;
      case VIRTIO_MMIO_QUEUE_DEVICE_LOW: this.used = v; break;
      case VIRTIO_MMIO_QUEUE_DESC_HIGH: case VIRTIO_MMIO_QUEUE_DRIVER_HIGH: case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
        if (v !== 0) this.fail(); // no memory above 4 GiB here
        break;
      case VIRTIO_MMIO_QUEUE_NOTIFY: if (v === 0) this.serve(); break;
      case VIRTIO_MMIO_INTERRUPT_ACK:
        this.interruptStatus &= ~v;
        this.onIrq(this.interruptStatus !== 0);
        break;
      case VIRTIO_MMIO_STATUS:
        if (v === 0) this.reset(); else this.status = v;
        break;
    }
  }

  private reset(): void {
    this.status = 0;
    this.queueNum = this.queueReady = 0;
    this.desc = this.avail = this.used = this.lastAvail = 0;
    this.driverFeatures[0] = this.driverFeatures[1] = 0;
    this.interruptStatus = 0;
    this.onIrq(false);
  }

  /** The driver broke the protocol (bad address): stop and ask for a reset (virtio 2.1.1). */
  private fail(): void {
    this.status |= VIRTIO_STATUS_NEEDS_RESET;
    this.queueReady = 0;
  }

  /** Serves every request the driver has made available. */
  private serve(): void {
    if (!this.queueReady || this.queueNum === 0 || (this.status & VIRTIO_STATUS_NEEDS_RESET)) return;
    const availIdx = this.dma.u16(this.avail + 2);
    if (availIdx === undefined) return this.fail();
    let served = false;
    while (this.lastAvail !== availIdx) {
      const head = this.dma.u16(this.avail + 4 + 2 * (this.lastAvail % this.queueNum));
      if (head === undefined || head >= this.queueNum) return this.fail();
      const written = this.request(head);
      if (written < 0) return this.fail();
      const usedIdx = this.dma.u16(this.used + 2);
      if (usedIdx === undefined) return this.fail();
      const slot = this.used + 4 + 8 * (usedIdx % this.queueNum);
      if (!this.dma.setU32(slot, head) || !this.dma.setU32(slot + 4, written) ||
          !this.dma.setU16(this.used + 2, (usedIdx + 1) & 0xffff)) return this.fail();
      this.lastAvail = (this.lastAvail + 1) & 0xffff;
      served = true;
    }
    if (served) {
      this.interruptStatus |= VIRTIO_INT_USED_BUFFER;
      this.onIrq(true);
    }
  }

  /** Serves the request whose chain starts at descriptor `head`; returns bytes written, or -1. */
  private request(head: number): number {
    const readable: Uint8Array[] = [];
    const writable: { addr: number; len: number }[] = [];
    let i = head;
    for (let n = 0; ; n++) {
      if (n >= this.queueNum) return -1; // a loop in the chain
      const d = this.desc + i * VIRTQ_DESC_SIZE;
      const addrLo = this.dma.u32(d), addrHi = this.dma.u32(d + 4), len = this.dma.u32(d + 8);
      const flags = this.dma.u16(d + 12), next = this.dma.u16(d + 14);
      if (addrLo === undefined || addrHi === undefined || len === undefined || flags === undefined ||
          next === undefined || addrHi !== 0 || (flags & VIRTQ_DESC_F_INDIRECT)) return -1;
      if (flags & VIRTQ_DESC_F_WRITE) writable.push({ addr: addrLo, len });
      else {
        const bytes = this.dma.read(addrLo, len);
        if (!bytes) return -1;
        readable.push(bytes);
      }
      if (!(flags & VIRTQ_DESC_F_NEXT)) break;
      i = next;
    }
    const input = concat(readable);
    const outLen = writable.reduce((s, w) => s + w.len, 0);
    if (input.length < BLK_HEADER_SIZE || outLen < 1) return -1;
    const dv = new DataView(input.buffer, input.byteOffset, input.byteLength);
    const type = dv.getUint32(0, true);
    const sector = dv.getUint32(8, true) + dv.getUint32(12, true) * 2 ** 32;
    const out = new Uint8Array(outLen); // everything the device writes, the status byte last
    let status = VIRTIO_BLK_S_OK;
    const offset = sector * SECTOR_SIZE;
    this.requests++;
    if (type === VIRTIO_BLK_T_IN) {
      const len = outLen - 1;
      if (len % SECTOR_SIZE || offset + len > this.disk.size) status = VIRTIO_BLK_S_IOERR;
      else out.set(this.disk.read(offset, len), 0);
    } else if (type === VIRTIO_BLK_T_OUT) {
      const data = input.subarray(BLK_HEADER_SIZE);
      if (this.disk.readOnly || data.length % SECTOR_SIZE || offset + data.length > this.disk.size) {
        status = VIRTIO_BLK_S_IOERR;
      } else this.disk.write(offset, data);
    } else if (type === VIRTIO_BLK_T_FLUSH) {
      this.disk.flush();
    } else if (type === VIRTIO_BLK_T_GET_ID) {
      out.set(new TextEncoder().encode(this.id).subarray(0, Math.min(20, outLen - 1)), 0);
    } else {
      status = VIRTIO_BLK_S_UNSUPP;
    }
    out[outLen - 1] = status;
    let pos = 0;
    for (const w of writable) {
      if (!this.dma.write(w.addr, out.subarray(pos, pos + w.len))) return -1;
      pos += w.len;
    }
    return type === VIRTIO_BLK_T_IN ? outLen : 1;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
