import type { SenderFilter } from '../repositories.js';
import { isFinished, type SenderRecord } from '../schema.js';

/** The states whose registrations are out of play, as SQL: the partial unique index uses the same words. */
export const IN_PLAY = `state NOT IN ('failed', 'abandoned')`;

/** A time a record holds as ISO text, for a timestamptz column; unreadable times are left out. */
export const timeOrNull = (text: string | undefined): string | null => (text && !Number.isNaN(Date.parse(text)) ? text : null);

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
    Boolean(record.voiceForward && !record.voiceForward.restoredAt),
    nameKeys(record),
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

/** The names a record goes by, as the name-first gate compares them. */
function nameKeys(record: SenderRecord): string[] {
  const keys = [record.profile?.name, record.nameChange?.name]
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.trim().toLowerCase());
  return [...new Set(keys)];
}

export const inPlay = (record: SenderRecord) => !isFinished(record);

/** A filter as SQL conditions with their parameters, numbered from `first`. */
export function senderConditions(filter: SenderFilter, first = 1): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${first + params.length - 1}`;
  };
  if (filter.accountSids) conditions.push(`account_sid = ANY(${param([...filter.accountSids])}::text[])`);
  if (filter.customerId !== undefined) conditions.push(`customer_id = ${param(filter.customerId)}`);
  if (filter.watched !== undefined) conditions.push(filter.watched ? 'watched' : 'NOT watched');
  if (filter.states) conditions.push(`state = ANY(${param([...filter.states])}::text[])`);
  if (filter.inPlay !== undefined) conditions.push(filter.inPlay ? IN_PLAY : `NOT (${IN_PLAY})`);
  if (filter.runId !== undefined) conditions.push(`run_id = ${param(filter.runId)}`);
  if (filter.phoneNumbers) conditions.push(`phone_number = ANY(${param([...filter.phoneNumbers])}::text[])`);
  if (filter.voiceForwardOpen !== undefined) conditions.push(filter.voiceForwardOpen ? 'voice_forward_open' : 'NOT voice_forward_open');
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}
