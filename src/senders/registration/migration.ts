import { iso } from '../../clock.js';
import type { ActionResult } from '../codes/code-action.js';
import type { SendersContext } from '../context.js';
import { retryRegistration } from './retry.js';

/** Twilio's guide to bringing a number and its sender over from another provider. */
export const MIGRATION_GUIDE_URL = 'https://www.twilio.com/docs/whatsapp/migrate-numbers-and-senders';

/** Twilio's error for a number already registered with WhatsApp (the app, or another provider). */
export const ALREADY_REGISTERED = '63110';

/** What must hold before a number already on WhatsApp can be registered here: each confirmed by a person. */
export const MIGRATION_CHECKLIST = [
  {
    id: 'two_step_off',
    text: 'Two-step verification is turned off for this number at the old provider (or the WhatsApp account on the phone was deleted)',
  },
  { id: 'business_verified', text: 'The customer’s business is verified in Meta Business Suite' },
  { id: 'old_provider_told', text: 'The customer told the old provider the number is moving (its sender there stops)' },
  { id: 'code_reachable', text: 'Someone can take Meta’s code on this number (SMS or voice call; no IVR, not outbound-only)' },
] as const;

export type MigrationCheck = (typeof MIGRATION_CHECKLIST)[number]['id'];

/** The checklist's items not confirmed among `confirmed` (every item must be). */
export const unconfirmed = (confirmed: readonly string[]): (typeof MIGRATION_CHECKLIST)[number][] =>
  MIGRATION_CHECKLIST.filter((item) => !confirmed.includes(item.id));

/** Whether Migrate applies: a registration that failed because the number is already on WhatsApp. */
export const needsMigration = (record: { state: string; lastError?: { code?: number | string } }): boolean =>
  record.state === 'failed' && String(record.lastError?.code ?? '') === ALREADY_REGISTERED;

/**
 * A person confirmed the checklist of a number already on WhatsApp: who and when go to the audit
 * log with the retry, in one unit, and the registration goes back to the create queue (the
 * ordinary Retry). Refused, with nothing stored, unless every item is confirmed and the
 * registration still failed with 63110.
 */
export async function confirmMigration(ctx: SendersContext, id: string, user: string, confirmed: readonly string[]): Promise<ActionResult> {
  const missing = unconfirmed(confirmed);
  if (missing.length) return { ok: false, problem: { message: `Confirm every item first; not confirmed: ${missing.map((m) => m.text).join('; ')}.` } };
  const result = await retryRegistration(ctx, id, user, {
    only: (record) =>
      needsMigration(record)
        ? undefined
        : `Migrate applies to a registration that failed with error ${ALREADY_REGISTERED}; this one is ${record.status ?? record.state}.`,
    audit: (record) => ({
      at: iso(ctx.clock.now()),
      user,
      action: 'migration_confirmed',
      target: record.phoneNumber,
      detail: `confirmed: ${MIGRATION_CHECKLIST.map((item) => item.id).join(', ')}`,
    }),
  });
  return result.ok ? { ...result, note: `<@${user}> confirmed the migration checklist. ${result.note ?? ''}`.trim() } : result;
}
