import type { MetaEntity } from '../store/schema.js';

/** An enum Meta added after this was written, readable all the same: `RATE_LIMITED` -> "Rate limited". */
export function readableEnum(value: string): string {
  const words = value.replace(/_/g, ' ').trim().toLowerCase();
  return words ? `${words[0]!.toUpperCase()}${words.slice(1)}` : '—';
}

const wordsOf =
  (table: Record<string, string>) =>
  (value: string): string =>
    table[value] ?? readableEnum(value);

/** Meta's `status` of a number. */
export const metaStatusWords = wordsOf({
  CONNECTED: 'Connected',
  DISCONNECTED: 'Disconnected',
  PENDING: 'Pending at Meta',
  FLAGGED: 'Flagged',
  RESTRICTED: 'Restricted',
  RATE_LIMITED: 'Rate limited',
  BANNED: 'Banned',
  MIGRATED: 'Migrated',
  UNVERIFIED: 'Unverified',
  DELETED: 'Deleted',
});

/** A status of the number Meta counts as an obstacle rather than a step on the way. */
export const isTroubledStatus = (status: string): boolean => ['DISCONNECTED', 'FLAGGED', 'RESTRICTED', 'RATE_LIMITED', 'BANNED'].includes(status);

/** Meta's `name_status` / `new_name_status`, and the decision of its name webhook. */
export const metaNameWords = wordsOf({
  APPROVED: 'Approved',
  AVAILABLE_WITHOUT_REVIEW: 'Usable without review',
  DECLINED: 'Declined',
  REJECTED: 'Declined',
  DEFERRED: 'Deferred by Meta',
  PENDING_REVIEW: 'In review at Meta',
  EXPIRED: 'Expired',
  NONE: 'Not submitted',
  NON_EXISTS: 'Not submitted',
});

export const isDeclinedName = (status?: string): boolean => status === 'DECLINED' || status === 'REJECTED';

const QUALITY: Record<string, { word: string; colour?: string }> = {
  GREEN: { word: 'High', colour: 'green' },
  YELLOW: { word: 'Medium', colour: 'yellow' },
  RED: { word: 'Low', colour: 'red' },
  UNKNOWN: { word: 'not rated yet' },
};

/** Meta's `quality_rating` in Twilio's words, with Meta's colour: GREEN -> "High (green)". */
export function metaQualityWords(rating: string): string {
  const known = QUALITY[rating];
  if (!known) return readableEnum(rating);
  return known.colour ? `${known.word} (${known.colour})` : known.word;
}

/** The rating alone, for a short line: GREEN -> "High". */
export const metaQualityWord = (rating: string): string => QUALITY[rating]?.word ?? readableEnum(rating);

/** Meta's messaging limit: TIER_2K -> "2K / day", TIER_UNLIMITED -> "unlimited". */
export function metaLimitWords(limit: string): string {
  if (limit === 'TIER_UNLIMITED') return 'unlimited';
  const tier = /^TIER_(\d+(?:\.\d+)?[KM]?)$/i.exec(limit);
  return tier ? `${tier[1]!.toUpperCase()} / day` : readableEnum(limit);
}

/** Meta's `can_send_message`. */
export const metaCanSendWords = wordsOf({ AVAILABLE: 'can send', LIMITED: 'limited', BLOCKED: 'cannot send' });

/** Who Meta holds responsible, as people name it. */
const ENTITIES: Record<string, string> = { PHONE_NUMBER: 'number', WABA: 'WhatsApp account', BUSINESS: 'business portfolio', APP: 'app' };
export const metaEntityWords = (entity: MetaEntity): string => ENTITIES[entity] ?? readableEnum(entity).toLowerCase();
