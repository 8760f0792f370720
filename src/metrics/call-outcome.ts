/** How one request to Slack or Twilio ended, as the request counters label it. */
export type Outcome = 'ok' | 'rate_limited' | 'timeout' | 'no_answer' | 'server_error' | 'error';

export interface CallOutcome {
  /** Slack: the Web API method (`chat.postMessage`) or `response_url`. Twilio: the HTTP method and path, SIDs replaced (`GET /v2/Channels/Senders/{Sid}`). */
  endpoint: string;
  outcome: Outcome;
  /** Slack's error string or Twilio's error code (HTTP status when it gave none); empty when ok. */
  code: string;
}

export type ObserveCall = (call: CallOutcome) => void;

/** An error thrown by fetch or undici because the answer took too long. */
export const isTimeout = (error: unknown): boolean => {
  const { name, code, message } = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown };
  return [name, code, message].some((part) => typeof part === 'string' && /timeout|timed out|aborted/i.test(part));
};
