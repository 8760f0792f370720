import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SendersContext } from '../../src/senders/context.js';

/**
 * One write path (src/senders/commit.ts): outside the store and `commit`, nothing writes to the
 * store but through a transaction `commit` hands out (`tx`), and no store error is swallowed.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');
/** The store itself, the commit that applies decisions, and the Twilio simulator (its own maps, no store). */
const EXEMPT = [/^src\/store\//, /^src\/senders\/commit\.ts$/, /^src\/sandbox\//];

const REPOSITORIES =
  'senders|customers|bulkRuns|outbox|audit|channelBindings|accounts|onboardings|pendingSubaccounts|pendingPurchases|poller|claims|codeRequests|metaEvents';
const WRITES =
  'insert|save|saveAll|discard|discardPreviewsOf|enqueue|markSending|remove|setAside|add|set|setPace|takeTurn|linkWaba|take|release|countNotice|record|forget|forgetBefore';
const WRITE_CALL = new RegExp(`([\\w$.]*?)\\b(${REPOSITORIES})\\s*\\??\\.\\s*(${WRITES})\\s*\\(`, 'g');
const SWALLOW = /\.catch\(\s*\(\s*\)\s*=>\s*(?:undefined|\{\s*\})\s*\)/g;
const STORE_WORK = new RegExp(`commit\\(|\\.atomically\\(|\\b(?:${REPOSITORIES})\\s*\\.\\s*(?:${WRITES})\\s*\\(`);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Comments blanked (kept as spaces, so offsets and line numbers stay). */
const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (comment) => comment.replace(/[^\n]/g, ' '));

const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

/** The statement a match sits in: back to the previous `;`, or to the line before a `{` or `}` that ends one. */
function statementBefore(text: string, offset: number): string {
  const start = Math.max(text.lastIndexOf(';', offset), text.lastIndexOf('{\n', offset), text.lastIndexOf('}\n', offset));
  return text.slice(start + 1, offset);
}

function findings(): { writes: string[]; units: string[]; swallowed: string[]; ignoring: string[] } {
  const result = { writes: [] as string[], units: [] as string[], swallowed: [] as string[], ignoring: [] as string[] };
  for (const file of sourceFiles(SRC)) {
    const name = relative(ROOT, file).replaceAll('\\', '/');
    const text = withoutComments(readFileSync(file, 'utf8'));
    if (/\bignoreStorageError\b/.test(text)) result.ignoring.push(name);
    if (EXEMPT.some((rule) => rule.test(name))) continue;
    for (const match of text.matchAll(WRITE_CALL)) {
      const receiver = match[1]!.replace(/\.$/, '');
      if (receiver !== 'tx') result.writes.push(`${name}:${lineOf(text, match.index)} ${match[0]}`);
    }
    for (const match of text.matchAll(/\.atomically\s*\(/g)) result.units.push(`${name}:${lineOf(text, match.index)}`);
    for (const match of text.matchAll(SWALLOW)) {
      if (STORE_WORK.test(statementBefore(text, match.index))) result.swallowed.push(`${name}:${lineOf(text, match.index)}`);
    }
  }
  return result;
}

describe('the one write path', () => {
  const found = findings();

  it('no code outside the store and commit calls a repository write method, except on the transaction commit hands out', () => {
    expect(found.writes).toEqual([]);
  });

  it('no code outside the store and commit opens a unit of its own (store.atomically)', () => {
    expect(found.units).toEqual([]);
  });

  it('no store write ends in a swallowed error', () => {
    expect(found.swallowed).toEqual([]);
    expect(found.ignoring).toEqual([]);
  });

  it('would see a write made beside commit, a unit of its own and a swallowed failure', () => {
    const sample = withoutComments(
      [
        'await ctx.store.senders.save(record);',
        'await senders.insert(record);',
        'await ctx.store.atomically((tx) => tx.audit.add(entry));',
        'await ctx.store.outbox.enqueue(item, now).catch(() => undefined);',
        'await commit(ctx, async () => ({ also: (tx) => tx.pendingPurchases.remove(n) }));',
      ].join('\n'),
    );
    const receivers = [...sample.matchAll(WRITE_CALL)].map((m) => m[1]!.replace(/\.$/, ''));
    expect(receivers).toEqual(['ctx.store', '', 'tx', 'ctx.store', 'tx']);
    const swallowed = [...sample.matchAll(SWALLOW)].filter((m) => STORE_WORK.test(statementBefore(sample, m.index)));
    expect(swallowed).toHaveLength(1);
  });
});

/** Checked by `npm run typecheck` (never run): the domain's store has no write method; it writes through commit. */
function domainStoreHasNoWrites(ctx: SendersContext): void {
  // @ts-expect-error a write on the domain's store does not compile
  void ctx.store.senders.save;
  // @ts-expect-error
  void ctx.store.outbox.enqueue;
  // @ts-expect-error
  void ctx.store.audit.add;
}
void domainStoreHasNoWrites;
