// A disk image file as a block device backend: every write goes to the file at once, so nothing
// is lost when the guest powers off or the user quits, and the guest's flush (VIRTIO_BLK_T_FLUSH,
// sent at each log commit) fsyncs it, so what the guest was told is durable survives a host
// crash or power loss too. A temporary copy, removed at exit, skips the fsync.
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import type { BlockBackend } from '../devices/block-backend.js';

export class FileDisk implements BlockBackend {
  private readonly fd: number;
  readonly size: number;
  constructor(readonly path: string, readonly readOnly = false, private readonly durable = true) {
    this.fd = openSync(path, readOnly ? 'r' : 'r+');
    this.size = fstatSync(this.fd).size;
  }
  read(offset: number, length: number): Uint8Array {
    const buf = new Uint8Array(length);
    readSync(this.fd, buf, 0, length, offset);
    return buf;
  }
  write(offset: number, data: Uint8Array): void {
    writeSync(this.fd, data, 0, data.length, offset);
  }
  flush(): void { if (this.durable) fsyncSync(this.fd); }
  close(): void { closeSync(this.fd); }
}
