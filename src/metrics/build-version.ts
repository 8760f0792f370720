import { readFileSync } from 'node:fs';

/** The version in package.json (beside src/ and dist/ alike); 'unknown' when it cannot be read. */
export function packageVersion(): string {
  try {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
