import * as fsp from 'node:fs/promises';
import type { WriteFs } from '../../src/store/durable-json-file.js';

const MESSAGES: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
};

/** The data file's disk, whose writes fail as on a full disk or a read-only mount until it is healed. */
export class FaultyDisk implements WriteFs {
  private failure?: string;
  /** Writes refused so far. */
  failedWrites = 0;

  fail(code: 'ENOSPC' | 'EROFS'): void {
    this.failure = code;
  }

  heal(): void {
    this.failure = undefined;
  }

  readonly open: WriteFs['open'] = async (path, flags, mode) => {
    if (this.failure && flags !== 'r') {
      this.failedWrites += 1;
      throw Object.assign(new Error(`${this.failure}: ${MESSAGES[this.failure]}, open '${String(path)}'`), { code: this.failure, syscall: 'open', path: String(path) });
    }
    return fsp.open(path, flags, mode);
  };

  readonly rename: WriteFs['rename'] = (from, to) => fsp.rename(from, to);
  readonly unlink: WriteFs['unlink'] = (path) => fsp.unlink(path);
}
