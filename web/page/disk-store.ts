// The page's disk in IndexedDB, so files survive a reload: the image's 4 KiB blocks as the guest
// writes them (the worker reports them about once a second), plus a record of the image's size
// and whether the guest has changed it. The page stores the disk it starts with at once (every
// block that is not all zeros), so the saved disk never depends on the built-in image (which a
// newer xv32 may change), and a write needs only its own blocks saved, quickly, before a reload.
const DB = 'xv32';
const BLOCKS = 'disk-blocks';
const META = 'disk-meta';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => { r.result.createObjectStore(BLOCKS); r.result.createObjectStore(META); };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB cannot be opened'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted (storage quota?)'));
  });
}

function get<T>(store: IDBObjectStore, key: IDBValidKey): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const r = store.get(key);
    r.onsuccess = () => resolve(r.result as T | undefined);
    r.onerror = () => reject(r.error);
  });
}

export class DiskStore {
  private constructor(private readonly db: IDBDatabase, readonly blockSize: number) {}

  static async open(blockSize: number): Promise<DiskStore> { return new DiskStore(await open(), blockSize); }

  /** The saved disk, or undefined if there is none or the guest never changed it. */
  async load(): Promise<Uint8Array | undefined> {
    const tx = this.db.transaction([BLOCKS, META], 'readonly');
    const meta = await get<{ size: number; modified: boolean }>(tx.objectStore(META), 'image');
    if (!meta?.modified) return undefined;
    const img = new Uint8Array(meta.size);
    await new Promise<void>((resolve, reject) => {
      const r = tx.objectStore(BLOCKS).openCursor();
      r.onsuccess = () => {
        const c = r.result;
        if (!c) { resolve(); return; }
        img.set(new Uint8Array(c.value as ArrayBuffer), (c.key as number) * this.blockSize);
        c.continue();
      };
      r.onerror = () => reject(r.error);
    });
    return img;
  }

  /** Saves a whole image (the disk the page starts with, or an uploaded one: `modified`),
   *  replacing what was saved. */
  async saveImage(img: Uint8Array, modified: boolean): Promise<void> {
    const tx = this.db.transaction([BLOCKS, META], 'readwrite');
    const blocks = tx.objectStore(BLOCKS);
    blocks.clear();
    for (let i = 0; i * this.blockSize < img.length; i++) {
      const b = img.subarray(i * this.blockSize, (i + 1) * this.blockSize);
      if (b.some((x) => x !== 0)) blocks.put(b.slice().buffer, i);
    }
    tx.objectStore(META).put({ size: img.length, modified }, 'image');
    await done(tx);
  }

  /** Saves blocks the guest wrote onto the saved image (one transaction: all or none). */
  async saveBlocks(list: { index: number; bytes: Uint8Array }[]): Promise<void> {
    const tx = this.db.transaction([BLOCKS, META], 'readwrite');
    const meta = await get<{ size: number; modified: boolean }>(tx.objectStore(META), 'image');
    if (!meta) throw new Error('no disk image is saved to add blocks to');
    for (const b of list) tx.objectStore(BLOCKS).put(b.bytes.slice().buffer, b.index);
    if (!meta.modified) tx.objectStore(META).put({ ...meta, modified: true }, 'image');
    await done(tx);
  }

  /** Forgets the saved disk: the next start uses the built-in image. */
  async clear(): Promise<void> {
    const tx = this.db.transaction([BLOCKS, META], 'readwrite');
    tx.objectStore(BLOCKS).clear();
    tx.objectStore(META).clear();
    await done(tx);
  }
}
