import type { SenderRecord } from '../schema.js';

/** A display name as the name-first gate compares names: trimmed and lowercased. */
export const nameKey = (name: string): string => name.trim().toLowerCase();

/** The names a record goes by (its display name and its latest asked name), as name keys. */
export function nameKeysOf(record: SenderRecord): string[] {
  const keys = [record.profile?.name, record.nameChange?.name].filter((name): name is string => typeof name === 'string').map(nameKey);
  return [...new Set(keys)];
}

/** Whether the record goes by one of `keys` (name keys), as nameKeysOf names them (without building the list: it runs over every record). */
export const goesByOneOf = (keys: ReadonlySet<string>) => {
  const named = (name: unknown) => typeof name === 'string' && keys.has(nameKey(name));
  return (record: SenderRecord): boolean => named(record.profile?.name) || named(record.nameChange?.name);
};
