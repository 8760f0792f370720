import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low, Memory } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { emptyData, type Data } from './schema.js';
import { migrate } from './migrations.js';

export interface Store {
  readonly data: Data;
  /** Writes the whole file atomically (lowdb writes a temp file and renames it). */
  write(): Promise<void>;
}

export async function openStore(file: string): Promise<Store> {
  await mkdir(dirname(file), { recursive: true });
  const db = new Low<Data>(new JSONFile<Data>(file), emptyData());
  await db.read();
  db.data = migrate((db.data ?? emptyData()) as unknown as Record<string, unknown>);
  await db.write();
  return db;
}

export async function openMemoryStore(initial: Data = emptyData()): Promise<Store> {
  const db = new Low<Data>(new Memory<Data>(), initial);
  await db.write();
  return db;
}
