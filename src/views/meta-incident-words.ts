import type { MetaIncident } from '../store/schema.js';

/** Meta's enum values as people say them, for the incident messages; an unknown one is shown lower-cased. */
const WORDS: Record<string, string> = {
  AVAILABLE: 'can send',
  LIMITED: 'limited',
  BLOCKED: 'blocked',
  CONNECTED: 'connected',
  DISCONNECTED: 'disconnected',
  FLAGGED: 'flagged',
  RESTRICTED: 'restricted',
  PENDING: 'pending',
  APPROVED: 'approved',
  DECLINED: 'declined',
  REJECTED: 'rejected',
  PENDING_REVIEW: 'in review',
  EXPIRED: 'expired',
  VERIFIED: 'verified',
  NOT_VERIFIED: 'not verified',
  GREEN: 'high',
  YELLOW: 'medium',
  RED: 'low',
  UNKNOWN: 'not rated yet',
};

export const metaWord = (value: string): string => WORDS[value] ?? value.replace(/_/g, ' ').toLowerCase();

/** Who Meta holds responsible, as a label in a list. */
const ENTITY_LABELS: Record<string, string> = {
  PHONE_NUMBER: 'Number',
  WABA: 'WhatsApp account',
  BUSINESS: 'Business',
  APP: 'App',
  NAME: 'Display name',
};

export const entityLabel = (entity: string): string => ENTITY_LABELS[entity] ?? metaWord(entity);

/** What the incident is about, in a sentence ("Acme’s WhatsApp account"). */
export function subjectWords(incident: Pick<MetaIncident, 'entity' | 'numbers'>, customerName: string): string {
  switch (incident.entity) {
    case 'WABA':
      return `${customerName}’s WhatsApp account`;
    case 'BUSINESS':
      return `${customerName}’s business`;
    case 'APP':
      return `the app that sends for ${customerName}`;
    default:
      return incident.numbers.length === 1 ? `one of ${customerName}’s numbers` : `${incident.numbers.length} of ${customerName}’s numbers`;
  }
}

/** Meta's limit ("TIER_10K", "10K", "TIER_UNLIMITED") in words, and its size for comparing. */
export function limitWords(limit: string): { words: string; size: number } {
  const bare = limit.replace(/^TIER_/i, '').trim();
  if (/^unlimited$/i.test(bare)) return { words: 'unlimited', size: Number.POSITIVE_INFINITY };
  const match = bare.match(/^(\d+)\s*(K)?$/i);
  if (!match) return { words: metaWord(limit), size: Number.NaN };
  const size = Number(match[1]) * (match[2] ? 1000 : 1);
  return { words: `${match[1]}${match[2] ? 'K' : ''} / day`, size };
}
