// Where a block device keeps its bytes. The emulator core knows only this interface; Node backs
// it with a file (emulator/host/node-file-disk.ts), the browser and tests with memory.
export interface BlockBackend {
  readonly size: number;
  readonly readOnly: boolean;
  read(offset: number, length: number): Uint8Array;
  write(offset: number, data: Uint8Array): void;
  flush(): void;
}

export class MemoryDisk implements BlockBackend {
  readonly readOnly = false;
  constructor(readonly bytes: Uint8Array) {}
  get size(): number { return this.bytes.length; }
  read(offset: number, length: number): Uint8Array { return this.bytes.slice(offset, offset + length); }
  write(offset: number, data: Uint8Array): void { this.bytes.set(data, offset); }
  flush(): void {}
}
