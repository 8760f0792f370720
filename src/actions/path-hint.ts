import type { KnownBlock } from '@slack/types';
import type { AppDeps } from '../app-deps.js';
import type { ChannelScope } from '../senders/customers/channel-scope.js';
import { locateNumber } from '../senders/numbers/number-lookup.js';
import { normalizePhone } from '../senders/numbers/phone.js';
import { registeredInStore } from '../senders/numbers/sender-in-play.js';
import { waMeLink } from '../senders/numbers/wa-me.js';
import { problemFrom } from '../senders/outcome.js';
import type { RegistrationFormValues } from '../senders/registration/form.js';
import { choosePath } from '../senders/registration/path.js';
import { describeProblem } from '../views/error-guide.js';
import { numberElsewhereActions, numberElsewhereText } from '../views/number-elsewhere.js';
import { whatsAppCheckText } from '../views/whatsapp-check.js';
import { accountChoice, accountsIn, choiceValue, missingAccount } from './account-choice.js';

/**
 * How long the look-up in every account may take, all together (they are asked a few at a
 * time): the hint never waits longer, and an account that has not answered by then is named as
 * not checked rather than holding the form.
 */
export const LOOKUP_TIMEOUT_MS = 2_500;

export interface PathHint {
  pathInfo: string;
  pathActions?: KnownBlock;
}

/** The registration form's hint for the typed number: its path, or where else the bot found it and what to do. */
export async function pathHint(deps: AppDeps, scope: ChannelScope, values: RegistrationFormValues, channel: string): Promise<PathHint> {
  const phone = normalizePhone(values.phone ?? '', { landline: values.landline });
  if (!values.phone) return { pathInfo: 'Enter the phone number, then press Enter to see its verification path.' };
  if (!phone.ok) return { pathInfo: `:warning: ${phone.error}` };
  const unpicked = scope.customer ? undefined : await missingAccount(values.customer, deps.senders.store.customers);
  if (unpicked) return { pathInfo: `${unpicked} The path depends on the account the number is in.` };
  const chosen = (await accountChoice(deps, scope, values.customer)) ?? { accountSid: deps.senders.twilio.mainAccountSid, name: 'Main account' };
  const requested = values.method === 'voice' || values.landline ? 'voice' : 'sms';
  try {
    const found = await locateNumber(deps.senders, chosen, await accountsIn(deps, scope), phone.e164, LOOKUP_TIMEOUT_MS);
    if (found.unchecked.some((a) => a.accountSid === chosen.accountSid) && !found.elsewhere) {
      return {
        pathInfo: `:warning: Twilio did not answer in time about ${chosen.name}’s numbers, so the path is not known yet. Press Enter in the phone field to ask again.`,
      };
    }
    const unchecked = found.unchecked.length ? `\n_Not checked (Twilio did not answer in time): ${found.unchecked.map((a) => a.name).join(', ')}._` : '';
    if (found.elsewhere) {
      const { account } = found.elsewhere;
      const value = JSON.stringify({ phone: phone.e164, from: choiceValue(account), to: choiceValue(chosen), channel });
      // The store only: the Senders list is read when Move is pressed, not while the person types.
      const sender = await registeredInStore(deps.senders, account.accountSid, phone.e164);
      return {
        pathInfo: numberElsewhereText(phone.e164, account, chosen, deps.slashCommand, sender) + unchecked,
        pathActions: numberElsewhereActions(phone.e164, account, chosen, value, sender),
      };
    }
    const number = found.here;
    const choice = choosePath(
      number ? { sid: number.sid, smsCapable: Boolean(number.capabilities?.sms) } : undefined,
      requested,
      Boolean(deps.senders.voiceCalls),
    );
    const changes = phone.changes.length ? ` (${phone.changes.join('; ')})` : '';
    return { pathInfo: `*Verification path for ${phone.e164}${changes}:* ${choice.explanation}${unchecked}\n${whatsAppCheckText(waMeLink(phone.e164))}` };
  } catch (error) {
    return { pathInfo: `:warning: Could not ask Twilio about this number. ${describeProblem(problemFrom(error), deps.slashCommand)}` };
  }
}
