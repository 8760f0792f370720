import type { SenderFilter } from '../repositories.js';
import { isFinished, type SenderRecord } from '../schema.js';
import { shownStatus } from './attention.js';

/** Whether `record` is one of the senders `filter` wants (every given field must match). */
export const matchesFilter =
  (filter: SenderFilter) =>
  (r: SenderRecord): boolean =>
    (!filter.accountSids || filter.accountSids.includes(r.accountSid)) &&
    (filter.customerId === undefined || r.customerId === filter.customerId) &&
    (filter.watched === undefined || filter.watched === !r.watch?.unwatchedAt) &&
    (!filter.states || filter.states.includes(r.state)) &&
    (filter.inPlay === undefined || filter.inPlay === !isFinished(r)) &&
    (filter.runId === undefined || r.bulk?.runId === filter.runId) &&
    (filter.voiceForwardOpen === undefined || filter.voiceForwardOpen === voiceForwardOpen(r)) &&
    (!filter.phoneNumbers || filter.phoneNumbers.includes(r.phoneNumber)) &&
    (!filter.shownStatuses || filter.shownStatuses.includes(shownStatus(r)));

/** Calls forwarded to voicemail and not yet given back. */
export const voiceForwardOpen = (r: SenderRecord): boolean => Boolean(r.voiceForward && !r.voiceForward.restoredAt);
