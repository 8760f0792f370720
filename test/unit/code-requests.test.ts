import { describe, expect, it } from 'vitest';
import { codeRequestsLeftNote, codeRequestsSpent } from '../../src/senders/codes/code-requests.js';
import { CODE_REQUEST_WINDOW_MS, CODE_REQUESTS_PER_NUMBER, codeRequestBudget } from '../../src/store/rules/code-requests.js';
import { describeProblem } from '../../src/views/error-guide.js';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const times = (count: number, from: number, step = HOUR) => Array.from({ length: count }, (_, i) => from + i * step);

describe("Meta's code-request limit per number", () => {
  it('allows 10 requests in a rolling 7 days', () => {
    expect(CODE_REQUESTS_PER_NUMBER).toBe(10);
    expect(CODE_REQUEST_WINDOW_MS).toBe(7 * DAY);
  });

  it('counts only the requests inside the window, and says how many are left', () => {
    expect(codeRequestBudget([], NOW)).toEqual({ used: 0, left: 10 });
    const old = times(5, NOW - 8 * DAY);
    expect(codeRequestBudget([...old, ...times(3, NOW - DAY)], NOW)).toEqual({ used: 3, left: 7 });
    // A request exactly 7 days old still counts.
    expect(codeRequestBudget([NOW - 7 * DAY], NOW)).toEqual({ used: 1, left: 9 });
  });

  it('with none left, says when the oldest counted request leaves the window', () => {
    const first = NOW - 2 * DAY;
    expect(codeRequestBudget(times(10, first), NOW)).toEqual({ used: 10, left: 0, freeAt: first + 7 * DAY });
    // Over the limit (counted elsewhere before the bot knew): a place frees only once enough have left.
    expect(codeRequestBudget(times(12, first), NOW)).toEqual({ used: 12, left: 0, freeAt: first + 2 * HOUR + 7 * DAY });
  });

  it('words the refusal with the cause, when to ask again and what to check meanwhile', () => {
    const budget = codeRequestBudget(times(10, NOW - 2 * DAY), NOW);
    const text = describeProblem(codeRequestsSpent('+14155550123', budget, NOW), '/senders');
    expect(text).toContain('+14155550123 already asked Meta for 10 verification codes in the last 7 days');
    expect(text).toContain('the bot did not ask for another');
    expect(text).toContain('from 2026-12-12 12:00 UTC. That is in 5 d');
    expect(text).toContain('not behind an IVR');
  });

  it('tells what is left after a request, and warns at the last one', () => {
    expect(codeRequestsLeftNote({ used: 1, left: 9 })).toBe("9 code requests left for this number in Meta's 7-day limit.");
    expect(codeRequestsLeftNote({ used: 9, left: 1 })).toBe("1 code request left for this number in Meta's 7-day limit.");
    expect(codeRequestsLeftNote({ used: 10, left: 0, freeAt: NOW })).toContain('That was the last code request');
  });
});
