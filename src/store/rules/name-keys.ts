import type { SenderRecord } from '../schema.js';

/** A display name as the name-first gate compares names: trimmed and lowercased. */
export const nameKey = (name: string): string => name.trim().toLowerCase();

/** The names a record goes by (its display name and its latest asked name), as name keys. */
export function nameKeysOf(record: SenderRecord): string[] {
  const keys = [record.profile?.name, record.nameChange?.name].filter((name): name is string => typeof name === 'string').map(nameKey);
  return [...new Set(keys)];
}

/** Whether the record goes by one of `keys` (name keys). */
export const goesByOneOf =
  (keys: ReadonlySet<string>) =>
  (record: SenderRecord): boolean =>
    nameKeysOf(record).some((key) => keys.has(key));
