import { TwilioApiError } from '../../twilio/errors.js';
import type { TwilioGateway } from '../../twilio/gateway.js';

/** What the bot's Twilio credentials were found able to do at start. */
export type CredentialPowers = 'unknown' | 'full' | 'no_subaccounts' | 'refused';

/** The commands that need to manage subaccounts, as people read them. */
export const SUBACCOUNT_COMMANDS =
  'adding a customer (creating or linking its subaccount), buying a number into a customer’s subaccount, moving numbers between customers, and registering or checking senders in customers’ subaccounts (their tokens are read through /Accounts)';

/** Why a subaccount command fails with a Standard API key, and what fixes it. */
export const STANDARD_KEY_GUIDE = {
  meaning:
    'The bot’s Twilio credentials cannot manage subaccounts: they are a Standard API key, and Twilio lets only the auth token or a Main API key use /Accounts and act in subaccounts.',
  next: `Ask an admin to give the bot a Main API key (Twilio Console > Account > API keys) or the auth token. Until then this does not work: ${SUBACCOUNT_COMMANDS}.`,
};

export class CredentialCheck {
  powers: CredentialPowers = 'unknown';
  /** The look at start is over, whatever it found. */
  checked = false;

  /** Why a subaccount command cannot work with these credentials, or undefined when it may. */
  refusal(): string | undefined {
    if (this.powers !== 'no_subaccounts') return undefined;
    return `${STANDARD_KEY_GUIDE.meaning} ${STANDARD_KEY_GUIDE.next}`;
  }

  /**
   * One cheap look at the subaccount list (a page of one, one try, a short time limit). A refusal
   * with the main account's own numbers still readable means a Standard API key; refused everywhere,
   * the credentials are wrong. No answer leaves it unknown, and the bot starts anyway.
   */
  async run(twilio: TwilioGateway, timeoutMs: number): Promise<CredentialPowers> {
    try {
      return await this.look(twilio, timeoutMs);
    } finally {
      this.checked = true;
    }
  }

  private async look(twilio: TwilioGateway, timeoutMs: number): Promise<CredentialPowers> {
    try {
      await twilio.probeSubaccounts(timeoutMs);
      this.powers = 'full';
    } catch (error) {
      if (!refused(error)) return this.powers;
      try {
        await twilio.findIncomingNumber(twilio.mainAccountSid, '+15005550006', { timeoutMs });
        this.powers = 'no_subaccounts';
      } catch (again) {
        if (refused(again)) this.powers = 'refused';
      }
    }
    return this.powers;
  }
}

const refused = (error: unknown) => error instanceof TwilioApiError && (error.status === 401 || error.status === 403 || error.code === 20003);
