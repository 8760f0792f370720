import * as fsp from 'node:fs/promises';
import type { WriteFs } from '../../src/store/lowdb/durable-json-file.js';

const MESSAGES: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
};

/** The data file's disk, whose writes fail as on a full disk or a read-only mount until it is healed. */
export class FaultyDisk implements WriteFs {
  private failure?: string;
  private failuresLeft = Infinity;
  /** Writes refused so far. */
  failedWrites = 0;
  /** Writes waiting on a disk that does not answer (see hang). */
  hungWrites = 0;
  private hung?: { promise: Promise<void>; release: () => void };

  /** Refuses writes from now on, or only the next `times` of them. */
  fail(code: 'ENOSPC' | 'EROFS', times = Infinity): void {
    this.failure = code;
    this.failuresLeft = times;
  }

  heal(): void {
    this.failure = undefined;
  }

  /** Every write from now on waits, as on a disk that stopped answering, until `answer`. */
  hang(): void {
    let release!: () => void;
    const promise = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.hung = { promise, release };
  }

  /** The disk answers again: the writes waiting go on. */
  answer(): void {
    this.hung?.release();
    this.hung = undefined;
  }

  readonly open: WriteFs['open'] = async (path, flags, mode) => {
    if (this.hung && flags !== 'r') {
      this.hungWrites += 1;
      await this.hung.promise;
    }
    const code = this.failure;
    if (code && flags !== 'r') {
      this.failedWrites += 1;
      if (--this.failuresLeft <= 0) this.failure = undefined;
      throw Object.assign(new Error(`${code}: ${MESSAGES[code]}, open '${String(path)}'`), { code, syscall: 'open', path: String(path) });
    }
    return fsp.open(path, flags, mode);
  };

  readonly rename: WriteFs['rename'] = (from, to) => fsp.rename(from, to);
  readonly unlink: WriteFs['unlink'] = (path) => fsp.unlink(path);
}
