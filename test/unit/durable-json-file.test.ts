import * as fsp from 'node:fs/promises';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DurableJsonFile, type WriteFs } from '../../src/store/lowdb/durable-json-file.js';

const tempFile = async () => join(await mkdtemp(join(tmpdir(), 'durable-file-')), 'db.json');

/** The real file system, noting each step of a write in order. */
function recordingFs(steps: string[]): WriteFs {
  return {
    open: async (path, flags, mode) => {
      const name = basename(String(path));
      const handle = await fsp.open(path, flags, mode);
      const { writeFile: write, sync, close } = handle;
      handle.writeFile = ((...args: Parameters<typeof write>) => {
        steps.push(`write ${name}`);
        return write.apply(handle, args);
      }) as typeof write;
      handle.sync = () => {
        steps.push(`sync ${name}`);
        return sync.apply(handle);
      };
      handle.close = () => {
        steps.push(`close ${name}`);
        return close.apply(handle);
      };
      return handle;
    },
    rename: (from, to) => {
      steps.push(`rename ${basename(String(from))} -> ${basename(String(to))}`);
      return fsp.rename(from, to);
    },
    unlink: (path) => fsp.unlink(path),
  };
}

describe('the data file adapter', () => {
  it('writes compact JSON that reads back the same, and leaves no temporary file', async () => {
    const file = await tempFile();
    const adapter = new DurableJsonFile<{ senders: { id: string }[] }>(file);
    await adapter.write({ senders: [{ id: 'a' }, { id: 'b' }] });
    expect(await readFile(file, 'utf8')).toBe('{"senders":[{"id":"a"},{"id":"b"}]}');
    expect(await adapter.read()).toEqual({ senders: [{ id: 'a' }, { id: 'b' }] });
    expect(await readdir(join(file, '..'))).toEqual(['db.json']);
  });

  it('syncs the new content to the disk before it replaces the file, and syncs the folder after', async () => {
    const file = await tempFile();
    const steps: string[] = [];
    await new DurableJsonFile(file, recordingFs(steps)).write({ n: 1 });
    const folder = basename(join(file, '..'));
    expect(steps).toEqual([
      'write .db.json.tmp',
      'sync .db.json.tmp',
      'close .db.json.tmp',
      'rename .db.json.tmp -> db.json',
      `sync ${folder}`,
      `close ${folder}`,
    ]);
  });

  it('keeps the previous file whole when a write fails half-way, and removes the partial copy', async () => {
    const file = await tempFile();
    await writeFile(file, '{"n":1}');
    const failingRename: WriteFs = {
      ...fsp,
      rename: async () => {
        throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
      },
    };
    await expect(new DurableJsonFile(file, failingRename).write({ n: 2 })).rejects.toThrow('EIO');
    expect(await readFile(file, 'utf8')).toBe('{"n":1}');
    expect(await readdir(join(file, '..'))).toEqual(['db.json']);
  });

  it('reads a missing file as no data', async () => {
    expect(await new DurableJsonFile(await tempFile()).read()).toBeNull();
  });
});
