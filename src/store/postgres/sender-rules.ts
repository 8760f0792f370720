import type { SenderFilter } from '../repositories.js';

/*
 * Rules of ../rules/ repeated in SQL, so PostgreSQL answers without reading every record. Each
 * names its TypeScript rule; test/store/sender-rules.property.test.ts stores generated records
 * and checks that both answer alike. Change a rule there first, then here.
 */

/** schema.ts isFinished, negated: the states whose registrations are in play (the partial unique index senders_one_in_play uses the same words). */
export const IN_PLAY = `state NOT IN ('failed', 'abandoned')`;

/** rules/due.ts isWatched. */
export const WATCHED = `sid IS NOT NULL AND watched AND ${IN_PLAY}`;

/**
 * rules/due.ts isDue at $1: $2 the longest wait, $3 the longest wait of an online sender.
 * `next_check_at` is NULL without a watch or with an unreadable time (sender-columns.ts timeOrNull): due now, as nextCheckOf says.
 */
export const DUE = `${WATCHED}
  AND (next_check_at IS NULL OR next_check_at <= $1::timestamptz
       OR next_check_at > $1::timestamptz + make_interval(secs => $3::float8 / 1000)
       OR (state <> 'online' AND next_check_at > $1::timestamptz + make_interval(secs => $2::float8 / 1000)))`;

/** rules/due.ts nextCheckOf at $1. */
export const NEXT_CHECK_AT = `coalesce(next_check_at, $1::timestamptz)`;

/** Since when an OFFLINE sender needs a person; with no stuck time, since ever ("~" sorts after every ISO time), as statusSince caps times at now. */
export const offlineCutoff = (now: number, stuckOfflineMs: number): string => (stuckOfflineMs > 0 ? new Date(now - stuckOfflineMs).toISOString() : '~');

/** rules/attention.ts qualityOrder: LOW, MEDIUM, not reported (or any other word), HIGH. */
export const QUALITY_ORDER = `CASE quality_rating WHEN 'LOW' THEN 0 WHEN 'MEDIUM' THEN 1 WHEN 'HIGH' THEN 3 ELSE 2 END`;

/**
 * rules/attention.ts statusSince, compared: whether the current status began at or before $1,
 * an ISO time. The bot writes times as Date.toISOString does, which compare as text (byte by
 * byte, whatever the database's collation); any other text counts as never, as Date.parse's NaN
 * does, without a cast that could fail the whole query.
 */
const STATUS_BEGAN_BY_1 = `(SELECT t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$' AND t COLLATE "C" <= $1::text COLLATE "C"
  FROM coalesce(doc->'statusHistory'->-1->>'at', doc->>'createdAt') AS t)`;

/** rules/attention.ts attentionOf: a sender needing a person, OFFLINE counting from $1 (offlineCutoff). */
export const NEEDS_A_PERSON = `watched AND state <> 'abandoned' AND (doc->>'dismissed') IS NULL AND (
  state = 'failed'
  OR ((doc->'watch'->>'stuckAlert') IS NOT NULL AND (doc->'watch'->'stuckAlert'->>'recoveredAt') IS NULL
      AND (doc->'watch'->'stuckAlert'->>'kind' = 'drop' OR status IS DISTINCT FROM 'OFFLINE'))
  OR (status = 'OFFLINE' AND ${STATUS_BEGAN_BY_1})
  OR state = 'awaiting_code')`;

/** rules/attention.ts shownStatus. */
export const SHOWN_STATUS = `CASE WHEN state = 'abandoned' THEN 'ABANDONED'
  WHEN state = 'failed' AND status IS DISTINCT FROM 'DELETED' THEN 'FAILED'
  ELSE coalesce(status, 'CREATING') END`;

/** rules/sender-filter.ts matchesFilter as SQL conditions with their parameters, numbered from `first`. */
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
  if (filter.shownStatuses) conditions.push(`(${SHOWN_STATUS}) = ANY(${param([...filter.shownStatuses])}::text[])`);
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}
