import type { Data } from '../schema.js';

const LISTS = [
  'customers',
  'senders',
  'audit',
  'outbox',
  'undelivered',
  'bulkRuns',
  'pendingSubaccounts',
  'onboardings',
  'pendingPurchases',
  'codeRequests',
  'metaEvents',
] as const;
const MAPS = ['poller', 'accountPace', 'accountWabas', 'channelBindings'] as const;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why a parsed data file cannot be the bot's data (a hand edit gone wrong), or undefined. */
export function shapeProblem(raw: unknown): string | undefined {
  if (!isObject(raw)) return `it holds ${Array.isArray(raw) ? 'a list' : raw === null ? 'null' : `a ${typeof raw}`} instead of the bot's data`;
  return undefined;
}

/** The same, for data brought to the current schema. */
export function migratedShapeProblem(data: Data): string | undefined {
  for (const key of LISTS) if (!Array.isArray(data[key])) return `its "${key}" is not a list`;
  for (const key of MAPS) if (!isObject(data[key])) return `its "${key}" is not an object`;
  return undefined;
}
