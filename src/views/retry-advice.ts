import type { Button } from '@slack/types';
import { needsMigration } from '../senders/registration/migration.js';
import type { SenderRecord } from '../store/schema.js';
import { button } from './blocks.js';
import { ACTION } from './ids.js';

/**
 * Failures that sending the same request again cannot cure until someone acts outside the bot:
 * their one next step, said instead of the usual "fix it, then retry".
 */
const FIX_OUTSIDE_FIRST: Record<string, string> = {
  '63110':
    'Whoever holds the phone first deletes that WhatsApp account (WhatsApp > Settings > Account > Delete my account), or its other provider turns off two-step verification. Then press *Migrate*: it asks you to confirm the checklist, records who did, and sends the same values again.',
};

const fixOutsideFirst = (record: SenderRecord): string | undefined => {
  const code = record.lastError?.code;
  return code !== undefined && Object.hasOwn(FIX_OUTSIDE_FIRST, String(code)) ? FIX_OUTSIDE_FIRST[String(code)] : undefined;
};

/** What to do about a failed registration, in one line. */
export const failedAdvice = (record: SenderRecord): string =>
  fixOutsideFirst(record) ?? 'Fix what the error says, then press *Retry* to send it again with the same values, or *Dismiss* to set it aside.';

/** Retry is the highlighted next step unless retrying cannot help before the fix outside the bot. */
export const retryButton = (record: SenderRecord): Button => button('Retry', ACTION.retry, record.id, fixOutsideFirst(record) ? undefined : 'primary');

/** The next step outside the bot a failure needs first, if any (for short listings). */
export const outsideStep = fixOutsideFirst;

/** Migrate, for a number already on WhatsApp (63110): the highlighted next step, beside the plain Retry. */
export const migrateButton = (record: SenderRecord): Button | undefined =>
  needsMigration(record) ? button('Migrate', ACTION.migrate, record.id, 'primary') : undefined;

/** A failed row's way forward where the screen has its own primary button (the Home tab): Migrate for 63110, else Retry. */
export const failedRowButton = (record: SenderRecord): Button =>
  needsMigration(record) ? button('Migrate', ACTION.migrate, record.id) : button('Retry', ACTION.retry, record.id);
