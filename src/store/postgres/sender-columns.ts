import { nameKeysOf } from '../rules/name-keys.js';
import { voiceForwardOpen } from '../rules/sender-filter.js';
import type { SenderRecord } from '../schema.js';

/**
 * A time a record holds as ISO text, for a timestamptz column, read the way the rules read it
 * (Date.parse) and handed over in one form PostgreSQL reads alike; unreadable times are left out.
 */
export function timeOrNull(text: string | undefined): string | null {
  const at = text ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

/** The queried fields of a sender, in the order of SENDER_COLUMNS. */
export function senderColumns(record: SenderRecord): unknown[] {
  return [
    record.sid ?? null,
    record.accountSid,
    record.phoneNumber,
    record.state,
    record.customerId ?? null,
    record.bulk?.runId ?? null,
    !record.watch?.unwatchedAt,
    timeOrNull(record.watch?.nextCheckAt),
    timeOrNull(record.queuedAt),
    record.status ?? null,
    record.qualityRating ?? null,
    voiceForwardOpen(record),
    nameKeysOf(record),
  ];
}

export const SENDER_COLUMNS = [
  'sid',
  'account_sid',
  'phone_number',
  'state',
  'customer_id',
  'run_id',
  'watched',
  'next_check_at',
  'queued_at',
  'status',
  'quality_rating',
  'voice_forward_open',
  'name_keys',
] as const;

/** SQL types of SENDER_COLUMNS, for reading them back from a JSON batch (jsonb_to_recordset). */
export const SENDER_COLUMN_TYPES: Record<(typeof SENDER_COLUMNS)[number], string> = {
  sid: 'text',
  account_sid: 'text',
  phone_number: 'text',
  state: 'text',
  customer_id: 'text',
  run_id: 'text',
  watched: 'boolean',
  next_check_at: 'timestamptz',
  queued_at: 'timestamptz',
  status: 'text',
  quality_rating: 'text',
  voice_forward_open: 'boolean',
  name_keys: 'text[]',
};
