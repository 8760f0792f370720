export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
    readonly moreInfo?: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TwilioApiError';
  }

  /** 429 (Twilio 20429) was never processed, so it is always safe to send again. */
  get throttled(): boolean {
    return this.status === 429;
  }

  /** 5xx or no answer: the request may or may not have been processed. */
  get uncertain(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

/** What a subaccount whose own credentials Twilio refused is known as, to say which one needs a look. */
export interface RefusedSubaccount {
  accountSid: string;
  customer?: string;
  /** The account's status as Twilio gave it when the bot fetched its token again (active, suspended, closed). */
  status?: string;
}

/** Twilio refused a subaccount's own credentials even after the bot fetched them again: the subaccount needs a look, not the bot's settings. */
export class SubaccountRefusedError extends TwilioApiError {
  constructor(
    refused: TwilioApiError,
    readonly subaccount: RefusedSubaccount,
  ) {
    super(refused.status, refused.code, refused.message, refused.moreInfo);
    this.name = 'SubaccountRefusedError';
  }
}

/**
 * The bot's credentials were refused in a subaccount (its token, its numbers) after the look at
 * start found them unable to manage subaccounts: a Standard API key, not the subaccount, is the cause.
 */
export class StandardKeyRefusedError extends TwilioApiError {
  constructor(
    refused: TwilioApiError,
    readonly subaccount: RefusedSubaccount,
  ) {
    const which = subaccount.customer ? `subaccount ${subaccount.accountSid} of customer "${subaccount.customer}"` : `subaccount ${subaccount.accountSid}`;
    super(refused.status, refused.code, `Twilio refused the bot’s credentials (a Standard API key) in ${which}`, refused.moreInfo);
    this.name = 'StandardKeyRefusedError';
  }
}

export const refusedCredentials = (error: unknown): error is TwilioApiError =>
  error instanceof TwilioApiError && (error.status === 401 || error.code === 20003);

/**
 * Twilio's error answer as an error. Its text goes through `scrub` first: an answer may quote
 * what it was sent (credentials, a code), and this error's text is stored, posted and logged.
 */
export function errorFromResponse(status: number, body: unknown, retryAfter: string | undefined, scrub: (text: string) => string): TwilioApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const code = typeof b.code === 'number' ? b.code : typeof b.code === 'string' && /^\d+$/.test(b.code) ? Number(b.code) : undefined;
  const message = scrub(typeof b.message === 'string' ? b.message : `Twilio answered HTTP ${status}`);
  const moreInfo = typeof b.more_info === 'string' ? scrub(b.more_info) : undefined;
  const seconds = retryAfter !== undefined ? Number(retryAfter) : NaN;
  return new TwilioApiError(status, code, message, moreInfo, Number.isFinite(seconds) ? seconds * 1000 : undefined);
}

/** Twilio has no such resource (any more). */
export const isNotFound = (error: unknown): boolean => error instanceof TwilioApiError && error.status === 404;
