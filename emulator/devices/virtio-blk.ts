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
/** The most data bytes one request moves: longer ones are answered with IOERR, so no request
 *  makes the host allocate more than this (the kernel moves one 1 KiB block at a time). */
export const VIRTIO_BLK_MAX_TRANSFER = 4 << 20;
const VIRTIO_BLK_ID_BYTES = 20;

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
  /** Requests served, for statistics. */
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
    const num = this.queueNum;
    // The rings must lie in RAM (virtio 1.1, 2.6: descriptor table, available and used rings).
    if (!this.dma.inRam(this.desc, VIRTQ_DESC_SIZE * num) || !this.dma.inRam(this.avail, 6 + 2 * num) ||
        !this.dma.inRam(this.used, 6 + 8 * num)) return this.fail();
    const availIdx = this.dma.u16(this.avail + 2)!;
    // More new entries than the queue holds is a driver error, not work to do (up to 65,535).
    if (((availIdx - this.lastAvail) & 0xffff) > num) return this.fail();
    let served = false;
    while (this.lastAvail !== availIdx) {
      const head = this.dma.u16(this.avail + 4 + 2 * (this.lastAvail % num))!;
      if (head >= num) return this.fail();
      const written = this.request(head);
      if (written < 0) return this.fail();
      const usedIdx = this.dma.u16(this.used + 2)!;
      const slot = this.used + 4 + 8 * (usedIdx % num);
      this.dma.setU32(slot, head);
      this.dma.setU32(slot + 4, written);
      this.dma.setU16(this.used + 2, (usedIdx + 1) & 0xffff);
      this.lastAvail = (this.lastAvail + 1) & 0xffff;
      served = true;
    }
    if (served) {
      this.interruptStatus |= VIRTIO_INT_USED_BUFFER;
      this.onIrq(true);
    }
  }

  /**
   * Serves the request whose chain starts at descriptor `head`; returns the bytes written, or -1
   * when the chain itself is broken (an index past the queue, a loop, a buffer outside RAM, a
   * readable buffer after a writable one, no room for the status byte), which the caller answers
   * by asking for a reset. Everything is checked before any buffer is read or allocated: a request
   * the chain can carry but the disk cannot serve (too long, past the end, misaligned) gets
   * VIRTIO_BLK_S_IOERR and moves no data.
   */
  private request(head: number): number {
    const readable: Segment[] = [], writable: Segment[] = [];
    let readBytes = 0, writeBytes = 0;
    for (let i = head, n = 0; ; n++) {
      if (n >= this.queueNum || i >= this.queueNum) return -1; // a loop, or past the table (2.7.5)
      const d = this.desc + i * VIRTQ_DESC_SIZE;
      const addrLo = this.dma.u32(d)!, addrHi = this.dma.u32(d + 4)!, len = this.dma.u32(d + 8)!;
      const flags = this.dma.u16(d + 12)!, next = this.dma.u16(d + 14)!;
      if (addrHi !== 0 || (flags & VIRTQ_DESC_F_INDIRECT) || !this.dma.inRam(addrLo, len)) return -1;
      if (flags & VIRTQ_DESC_F_WRITE) { writable.push({ addr: addrLo, len }); writeBytes += len; }
      else if (writable.length) return -1; // readable after writable (2.7.4.2)
      else { readable.push({ addr: addrLo, len }); readBytes += len; }
      if (!(flags & VIRTQ_DESC_F_NEXT)) break;
      i = next;
    }
    if (writeBytes < 1) return -1; // nowhere to put the status
    this.requests++;
    const answer = (status: number, data?: Uint8Array) => this.answer(writable, writeBytes, status, data);
    if (readBytes < BLK_HEADER_SIZE) return answer(VIRTIO_BLK_S_IOERR);
    const header = gather(this.dma, readable, 0, BLK_HEADER_SIZE);
    const dv = new DataView(header.buffer);
    const type = dv.getUint32(0, true), sectorLo = dv.getUint32(8, true), sectorHi = dv.getUint32(12, true);
    const sectors = Math.floor(this.disk.size / SECTOR_SIZE);
    const inDisk = (len: number) => sectorHi === 0 && len <= VIRTIO_BLK_MAX_TRANSFER && len % SECTOR_SIZE === 0 &&
      sectorLo + len / SECTOR_SIZE <= sectors;
    const offset = sectorLo * SECTOR_SIZE;
    switch (type) {
      case VIRTIO_BLK_T_IN: {
        const len = writeBytes - 1;
        if (!inDisk(len)) return answer(VIRTIO_BLK_S_IOERR);
        return answer(VIRTIO_BLK_S_OK, this.disk.read(offset, len));
      }
      case VIRTIO_BLK_T_OUT: {
        const len = readBytes - BLK_HEADER_SIZE;
        if (this.disk.readOnly || !inDisk(len)) return answer(VIRTIO_BLK_S_IOERR);
        this.disk.write(offset, gather(this.dma, readable, BLK_HEADER_SIZE, len));
        return answer(VIRTIO_BLK_S_OK);
      }
      case VIRTIO_BLK_T_FLUSH:
        this.disk.flush();
        return answer(VIRTIO_BLK_S_OK);
      case VIRTIO_BLK_T_GET_ID:
        return answer(VIRTIO_BLK_S_OK, new TextEncoder().encode(this.id).subarray(0, Math.min(VIRTIO_BLK_ID_BYTES, writeBytes - 1)));
    }
    return answer(VIRTIO_BLK_S_UNSUPP);
  }

  /** Writes `data` at the start of the writable buffers and the status in their last byte;
   *  returns the bytes written (what the used ring reports). */
  private answer(writable: Segment[], total: number, status: number, data?: Uint8Array): number {
    let pos = 0;
    for (const w of writable) {
      if (data && pos < data.length) this.dma.write(w.addr, data.subarray(pos, Math.min(data.length, pos + w.len)));
      if (pos + w.len === total) this.dma.write(w.addr + w.len - 1, Uint8Array.of(status));
      pos += w.len;
    }
    return (data?.length ?? 0) + 1;
  }
}

interface Segment { addr: number; len: number }

/** `len` bytes from offset `from` of the buffers' concatenation (they hold at least that many). */
function gather(dma: Dma, segs: Segment[], from: number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let pos = 0, skip = from;
  for (const s of segs) {
    if (pos === len) break;
    if (skip >= s.len) { skip -= s.len; continue; }
    const n = Math.min(s.len - skip, len - pos);
    out.set(dma.read(s.addr + skip, n)!, pos);
    pos += n;
    skip = 0;
  }
  return out;
}
