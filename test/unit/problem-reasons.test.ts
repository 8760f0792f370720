import { describe, expect, it } from 'vitest';
import { notSaved, type Problem } from '../../src/senders/outcome.js';
import { StorageError } from '../../src/store/storage-error.js';
import { describeProblem, describeProblemPlain } from '../../src/views/error-guide.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const diskFull = new StorageError('data/senders.json', Object.assign(new Error('no space'), { code: 'ENOSPC' }));

describe('problems the domain gives as data, worded by the views', () => {
  it('a request that could not be saved names the cause, what did not happen and what to do, once', () => {
    const said = describeProblem(notSaved(diskFull, 'bulk_rows', '/senders'), '/senders');
    expect(said).toBe(
      'The bot cannot save right now: the disk is full. No row was queued; upload the file again with `/senders bulk` once it works. Try again in a few minutes; the bot admins were alerted.',
    );
    expect(describeProblem(notSaved(diskFull, 'purchase'), '/senders')).toContain('No number was bought and nothing was changed.');
  });

  it('a resend asked too soon says when it is possible', () => {
    const wait: Problem = {
      message: 'Twilio asks for several minutes between requests for one sender.',
      reason: { kind: 'resend_wait', at: NOW + 4 * 60_000, now: NOW },
    };
    expect(describeProblem(wait, '/senders')).toBe(
      `Twilio asks for several minutes between requests for one sender. You can resend in about 4 min (<!date^${(NOW + 4 * 60_000) / 1000}^{date_short_pretty} {time}|12:04 UTC>). Codes can take a few minutes to arrive.`,
    );
    expect(describeProblemPlain({ message: 'timed out', reason: { kind: 'resend_unconfirmed', at: NOW + 60_000, now: NOW } }, '/senders')).toBe(
      'Twilio did not confirm the resend (timed out); a new code may still arrive. Wait for it; you can resend again from about 12:01 UTC.',
    );
  });
});
