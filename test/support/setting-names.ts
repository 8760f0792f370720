import { readFileSync } from 'node:fs';

/** Every setting of src/config.ts's schema, read from the source so a new one is covered at once. */
export const SETTING_NAMES: string[] = [...readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8').matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map(
  (m) => m[1]!,
);
