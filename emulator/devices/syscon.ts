// QEMU's sifive_test device (virt at 0x0010_0000): a 32-bit write of FINISHER_PASS powers off,
// FINISHER_FAIL | code << 16 powers off with `code` as the exit status, FINISHER_RESET resets.
import type { MmioDevice } from '../memory/bus.js';

export const FINISHER_FAIL = 0x3333;
export const FINISHER_PASS = 0x5555;
export const FINISHER_RESET = 0x7777;

export class Syscon implements MmioDevice {
  readonly name = 'syscon';
  onPowerOff: (exitCode: number) => void = () => {};
  onReset: () => void = () => {};

  read(): number { return 0; }

  write(offset: number, _size: number, value: number): void {
    if (offset !== 0) return;
    const v = value >>> 0;
    switch (v & 0xffff) {
      case FINISHER_PASS: this.onPowerOff(0); break;
      case FINISHER_FAIL: this.onPowerOff(v >>> 16); break;
      case FINISHER_RESET: this.onReset(); break;
    }
  }
}
