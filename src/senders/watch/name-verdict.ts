import type { SenderRecord } from '../../store/schema.js';
import type { SenderWire } from '../../twilio/wire.js';

export interface NameVerdict {
  name: string;
  status: string;
  /** The name before a COMPLETED change took effect. */
  previousName?: string;
}

/** Meta approved the name but it was not applied: the same name re-submitted retries. */
export const RETRYABLE_NAME_VERDICTS = new Set(['PIN_MISMATCH', 'REGISTRATION_FAILED', 'EXPIRED']);

/**
 * Records the display-name change Twilio reports and returns its verdict when it was not told
 * yet. The mark is stored with the messages, so each verdict is posted once, across restarts too.
 * A COMPLETED change is the sender's name from then on.
 */
export function nameVerdict(record: SenderRecord, wire: SenderWire | undefined): NameVerdict | undefined {
  const name = wire?.pending_display_name;
  const status = wire?.pending_display_name_status;
  if (!name || !status) return undefined;
  const statusDate = wire.pending_display_name_status_date ?? undefined;
  const verdictKey = `${name}|${status}|${statusDate ?? ''}`;
  const change = record.nameChange?.name === name ? record.nameChange : { name, toldVerdict: record.nameChange?.toldVerdict };
  record.nameChange = { ...change, status, statusDate };
  if (change.toldVerdict === verdictKey) return undefined;
  record.nameChange.toldVerdict = verdictKey;
  if (status !== 'COMPLETED' || record.profile.name === name) return { name, status };
  const previousName = record.profile.name;
  record.profile.name = name;
  return { name, status, previousName };
}
