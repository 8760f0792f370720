/**
 * The accounts holding each WABA, from the document's `accountWabas` (account SID → WABA ID):
 * built on first need and dropped whenever a key of that map is set (Collection.setKey), so a
 * registration's WABA check does not go through every account (10,000 at 100,000 senders).
 */
const indexes = new WeakMap<Record<string, string>, Map<string, string[]>>();

/** Under the test runner every answer is checked against a walk through the whole map. */
const CHECKED = Boolean(process.env.VITEST);

function indexOf(wabas: Record<string, string>): Map<string, string[]> {
  let index = indexes.get(wabas);
  if (!index) {
    index = new Map();
    for (const [account, waba] of Object.entries(wabas)) {
      const holders = index.get(waba);
      if (holders) holders.push(account);
      else index.set(waba, [account]);
    }
    indexes.set(wabas, index);
  }
  return index;
}

/** The accounts holding any of `wabaIds`, each with its WABA. */
export function holdersIn(wabas: Record<string, string>, wabaIds: readonly string[]): Record<string, string> {
  const index = indexOf(wabas);
  const holders: Record<string, string> = {};
  for (const waba of new Set(wabaIds)) for (const account of index.get(waba) ?? []) holders[account] = waba;
  if (CHECKED) {
    const walked = Object.entries(wabas).filter(([, waba]) => wabaIds.includes(waba));
    if (walked.length !== Object.keys(holders).length || walked.some(([account, waba]) => holders[account] !== waba)) {
      throw new Error('the index of WABA holders differs from the accounts: accountWabas changed without wabasChanged');
    }
  }
  return holders;
}

/** A key of `wabas` was set or deleted: the index is built again when next needed. */
export function wabasChanged(wabas: Record<string, string>): void {
  indexes.delete(wabas);
}
