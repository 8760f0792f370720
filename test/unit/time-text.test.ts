import { describe, expect, it } from 'vitest';
import { slackTime, timeText } from '../../src/views/time-text.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('times shown to people', () => {
  it('gives the clock time alone when it falls today (UTC)', () => {
    expect(timeText(Date.parse('2026-11-25T14:05:00Z'), NOW)).toBe('14:05 UTC');
    expect(timeText(Date.parse('2026-11-25T00:00:59Z'), NOW)).toBe('00:00 UTC');
    expect(timeText(Date.parse('2026-11-25T23:59:00Z'), NOW)).toBe('23:59 UTC');
  });

  it('adds the date on any other day, and the year in another year', () => {
    expect(timeText(Date.parse('2026-11-26T14:05:00Z'), NOW)).toBe('26 Nov 14:05 UTC');
    expect(timeText(Date.parse('2026-11-24T09:00:00Z'), NOW)).toBe('24 Nov 09:00 UTC');
    expect(timeText(Date.parse('2027-01-03T00:10:00Z'), NOW)).toBe('3 Jan 2027 00:10 UTC');
  });
});

describe('times in messages', () => {
  it('are shown by Slack in the reader’s own time zone, with the UTC time where Slack cannot', () => {
    const at = Date.parse('2026-11-25T14:05:00Z');
    expect(slackTime(at, NOW)).toBe(`<!date^${at / 1000}^{date_short_pretty} {time}|14:05 UTC>`);
  });
});
