import { describe, expect, it } from 'vitest';
import { problemFrom } from '../../src/senders/outcome.js';
import { senderKey } from '../../src/senders/watch/lookup.js';
import { TwilioApiError } from '../../src/twilio/errors.js';
import { describeProblem, describeProblemPlain } from '../../src/views/error-guide.js';

const TRY_AGAIN = /try again/i;

describe('a refusal says its own next step; only an outage says try again', () => {
  it('an unreadable number (`status +1 999`) points at the number, not at retrying', () => {
    const refusal = senderKey('+1 999');
    expect(typeof refusal).not.toBe('string');
    if (typeof refusal === 'string') return;
    for (const text of [describeProblem(refusal), describeProblemPlain(refusal)]) {
      expect(text).not.toMatch(TRY_AGAIN);
      expect(text).not.toContain('bot admins');
      expect(text).toContain('sender SID');
    }
  });

  it('a refusal the bot words itself is shown as it is, without a footer', () => {
    const refusal = { message: 'No bulk run yet. Start one with `/senders bulk`.' };
    expect(describeProblem(refusal)).toBe('No bulk run yet. Start one with `/senders bulk`.');
    expect(describeProblemPlain(refusal)).toBe('No bulk run yet. Start one with `/senders bulk`.');
  });

  it('a lost connection or an unexpected failure says to try again', () => {
    expect(describeProblem(problemFrom(new Error('socket hang up')))).toMatch(TRY_AGAIN);
    expect(describeProblemPlain(problemFrom(new Error('socket hang up')))).toMatch(TRY_AGAIN);
  });

  it('a Twilio outage (5xx, unreachable) says to try again', () => {
    expect(describeProblem(problemFrom(new TwilioApiError(503, undefined, 'Service Unavailable')))).toMatch(TRY_AGAIN);
    expect(describeProblem(problemFrom(new TwilioApiError(0, undefined, 'timed out')))).toMatch(TRY_AGAIN);
  });
});
