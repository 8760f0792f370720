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

export function errorFromResponse(status: number, body: unknown, retryAfter?: string): TwilioApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const code = typeof b.code === 'number' ? b.code : typeof b.code === 'string' && /^\d+$/.test(b.code) ? Number(b.code) : undefined;
  const message = typeof b.message === 'string' ? b.message : `Twilio answered HTTP ${status}`;
  const moreInfo = typeof b.more_info === 'string' ? b.more_info : undefined;
  const seconds = retryAfter !== undefined ? Number(retryAfter) : NaN;
  return new TwilioApiError(status, code, message, moreInfo, Number.isFinite(seconds) ? seconds * 1000 : undefined);
}
