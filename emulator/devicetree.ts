// A minimal flattened device tree (Devicetree Specification v0.4, chapter 5) for the guest, as
// QEMU hands one to the firmware in a1: the RAM (/memory) and the kernel command line
// (/chosen/bootargs). The firmware passes it on to the kernel, which reads both.
const FDT_MAGIC = 0xd00dfeed;
const FDT_BEGIN_NODE = 1;
const FDT_END_NODE = 2;
const FDT_PROP = 3;
const FDT_END = 9;
const FDT_VERSION = 17;
const FDT_LAST_COMP_VERSION = 16;
const FDT_HEADER_SIZE = 40;
const FDT_RSVMAP_SIZE = 16; // one empty entry: the terminator

/** How the guest kernel starts: fork by copying or copy-on-write, sbrk eager or lazy. */
export interface KernelModes {
  forkMode?: 'copy' | 'cow' | 'odf'; sbrkMode?: 'eager' | 'lazy';
  /** How far the user stack may grow, in bytes (the kernel's default is 8 MiB). */
  stackMax?: number;
}
export interface DeviceTreeOptions extends KernelModes {
  ramBase: number; ramSize: number; bootargs?: string;
  /** The address of xv32's second UART, for stderr (/chosen/xv32,stderr-uart), if it has one. */
  stderrUart?: number;
  /** The address of the swap disk's virtio-mmio device (/chosen/xv32,swap), if it has one. */
  swapDisk?: number;
}

export function makeDeviceTree(o: DeviceTreeOptions): Uint8Array {
  const struct: number[] = [];
  const strings: number[] = [];
  const stringOffsets = new Map<string, number>();
  const enc = new TextEncoder();
  const word = (v: number) => struct.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  const bytes = (b: Uint8Array) => { for (const x of b) struct.push(x); while (struct.length % 4) struct.push(0); };
  const nameOffset = (name: string) => {
    if (!stringOffsets.has(name)) {
      stringOffsets.set(name, strings.length);
      for (const x of enc.encode(name)) strings.push(x);
      strings.push(0);
    }
    return stringOffsets.get(name)!;
  };
  const beginNode = (name: string) => { word(FDT_BEGIN_NODE); bytes(enc.encode(name + '\0')); };
  const prop = (name: string, value: Uint8Array) => { word(FDT_PROP); word(value.length); word(nameOffset(name)); bytes(value); };
  const cells = (...v: number[]) => {
    const b = new Uint8Array(v.length * 4);
    const dv = new DataView(b.buffer);
    v.forEach((x, i) => dv.setUint32(i * 4, x >>> 0));
    return b;
  };
  const str = (s: string) => enc.encode(s + '\0');

  beginNode('');
  prop('#address-cells', cells(2));
  prop('#size-cells', cells(2));
  prop('compatible', str('xv32,virt'));
  prop('model', str('xv32'));
  beginNode('chosen');
  prop('bootargs', str(o.bootargs ?? ''));
  if (o.forkMode) prop('xv32,fork-mode', str(o.forkMode));
  if (o.sbrkMode) prop('xv32,sbrk-mode', str(o.sbrkMode));
  if (o.stackMax !== undefined) prop('xv32,stack-max', cells(o.stackMax));
  if (o.swapDisk !== undefined) prop('xv32,swap', cells(o.swapDisk));
  if (o.stderrUart !== undefined) prop('xv32,stderr-uart', cells(o.stderrUart));
  word(FDT_END_NODE);
  beginNode(`memory@${o.ramBase.toString(16)}`);
  prop('device_type', str('memory'));
  prop('reg', cells(0, o.ramBase, Math.floor(o.ramSize / 2 ** 32), o.ramSize));
  word(FDT_END_NODE);
  word(FDT_END_NODE);
  word(FDT_END);

  const offStruct = FDT_HEADER_SIZE + FDT_RSVMAP_SIZE;
  const offStrings = offStruct + struct.length;
  const total = offStrings + strings.length;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  [FDT_MAGIC, total, offStruct, offStrings, FDT_HEADER_SIZE, FDT_VERSION, FDT_LAST_COMP_VERSION, 0,
    strings.length, struct.length].forEach((v, i) => dv.setUint32(i * 4, v));
  out.set(struct, offStruct);
  out.set(strings, offStrings);
  return out;
}
