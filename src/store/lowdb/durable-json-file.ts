import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/** The file-system calls a write makes; tests pass their own to make writes fail and recover. */
export type WriteFs = Pick<typeof fsp, 'open' | 'rename' | 'unlink'>;

/** A write given up before its rename: the data file was left as it was (see DurableJsonFile.write). */
export class WriteWithdrawn extends Error {
  constructor() {
    super('the write was withdrawn before it replaced the data file');
    this.name = 'WriteWithdrawn';
  }
}

/** Folders that cannot be opened or synced on some systems; the file itself was synced. */
const FOLDER_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EINVAL', 'ENOTSUP']);

/**
 * lowdb's adapter for the data file, in compact JSON. A write goes to a temporary file in the
 * same folder, is synced to the disk, renamed over the data file, and the folder is synced so
 * the rename itself is on the disk: once a write has resolved, a power cut cannot take it back,
 * and a write cut short leaves the previous file whole.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  private readonly temp: string;

  constructor(
    private readonly file: string,
    private readonly fs: WriteFs = fsp,
    /** The file's text for the data (DocumentText spares re-serialising what did not change). */
    private readonly serialize: (data: T) => string | Buffer[] = JSON.stringify,
  ) {
    this.temp = join(dirname(file), `.${basename(file)}.tmp`);
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new SyntaxError(whatIsWrong(text, (error as Error).message));
    }
  }

  /**
   * Callers must not run two at once (the store queues its writes). `mayReplace`, asked just
   * before the rename (the moment the write becomes the data file), may withdraw it: the
   * temporary file is removed, the data file stays as it was, and WriteWithdrawn is thrown.
   */
  async write(data: T, mayReplace?: () => boolean): Promise<void> {
    // Taken before the first await: the file holds the data as it was when the write was asked for.
    const text = this.serialize(data);
    try {
      const handle = await this.fs.open(this.temp, 'w');
      try {
        if (typeof text === 'string') await handle.writeFile(text, 'utf8');
        else await writeChunks(handle, text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (mayReplace && !mayReplace()) throw new WriteWithdrawn();
      await this.fs.rename(this.temp, this.file);
    } catch (error) {
      // A full disk should not also keep half a copy of the data.
      await this.fs.unlink(this.temp).catch(() => undefined);
      throw error;
    }
    await this.syncFolder();
  }

  private async syncFolder(): Promise<void> {
    let folder: fsp.FileHandle;
    try {
      folder = await this.fs.open(dirname(this.file), 'r');
    } catch (error) {
      if (FOLDER_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) return;
      throw error;
    }
    try {
      await folder.sync();
    } catch (error) {
      if (!FOLDER_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    } finally {
      await folder.close();
    }
  }
}

/** The most chunks one writev takes (the system's IOV_MAX is 1,024 on Linux). */
const CHUNKS_PER_CALL = 1_024;

/** Writes the chunks one after another from the start of the file, whatever a call leaves unwritten. */
async function writeChunks(handle: fsp.FileHandle, chunks: Buffer[]): Promise<void> {
  let position = 0;
  let at = 0;
  let rest = chunks;
  while (at < rest.length) {
    const batch = rest.slice(at, at + CHUNKS_PER_CALL);
    let { bytesWritten } = await handle.writev(batch, position);
    if (bytesWritten === 0) throw Object.assign(new Error('the disk took none of the data file'), { code: 'EIO' });
    position += bytesWritten;
    // A short write: skip what went out, keep the unwritten tail of a chunk it cut.
    let taken = 0;
    while (taken < batch.length && bytesWritten >= batch[taken]!.length) bytesWritten -= batch[taken++]!.length;
    if (taken < batch.length && bytesWritten > 0) {
      rest = [...rest.slice(0, at + taken), batch[taken]!.subarray(bytesWritten), ...rest.slice(at + taken + 1)];
    }
    at += taken;
  }
}

/** Why a data file does not parse, in words: a write cut short reads differently from a typo. */
function whatIsWrong(text: string, parseError: string): string {
  if (text.trim() === '') return 'it is empty';
  const position = Number(/position (\d+)/.exec(parseError)?.[1] ?? NaN);
  if (/end of JSON input/.test(parseError) || position >= text.trimEnd().length) return `it is cut short (it ends after ${text.length} characters)`;
  return `it is not valid JSON (${parseError})`;
}
