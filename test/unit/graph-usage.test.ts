import { describe, expect, it } from 'vitest';
import { GraphUsage, resumeAfter } from '../../src/meta/graph-usage.js';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const MINUTE = 60_000;
const business = (entry: Record<string, number>) =>
  JSON.stringify({ '100000000000001': [{ type: 'whatsapp_business_management', call_count: 1, total_cputime: 1, total_time: 1, ...entry }] });

describe("Graph API usage: the bot stops before Meta's limit", () => {
  it('carries on below 90 % of every counter', () => {
    expect(
      resumeAfter({ businessUseCase: business({ call_count: 89, total_time: 40 }), app: '{"call_count":89,"total_cputime":5,"total_time":5}' }, NOW),
    ).toBeUndefined();
    expect(resumeAfter({}, NOW)).toBeUndefined();
  });

  it("pauses at 90 % of any business use case counter, for Meta's estimated time to regain access", () => {
    expect(resumeAfter({ businessUseCase: business({ total_cputime: 90, estimated_time_to_regain_access: 12 }) }, NOW)).toBe(NOW + 12 * MINUTE);
  });

  it("pauses 5 minutes at 90 % of the app's usage, or when Meta gives no time to regain access", () => {
    expect(resumeAfter({ app: '{"call_count":3,"total_cputime":95,"total_time":10}' }, NOW)).toBe(NOW + 5 * MINUTE);
    expect(resumeAfter({ businessUseCase: business({ call_count: 100 }) }, NOW)).toBe(NOW + 5 * MINUTE);
  });

  it('pauses on a throttling error whatever the headers say', () => {
    for (const code of [4, 17, 32, 613, 80007, 80008]) expect(resumeAfter({ errorCode: code }, NOW)).toBe(NOW + 5 * MINUTE);
    expect(resumeAfter({ errorCode: 190 }, NOW)).toBeUndefined();
  });

  it('ignores headers that are not JSON', () => {
    expect(resumeAfter({ businessUseCase: 'not json', app: '{' }, NOW)).toBeUndefined();
  });

  it('keeps the latest resume time, and a call after it goes ahead', () => {
    const usage = new GraphUsage();
    usage.note({ businessUseCase: business({ call_count: 95, estimated_time_to_regain_access: 10 }) }, NOW);
    usage.note({ errorCode: 80008 }, NOW + MINUTE);
    expect(usage.pausedUntil(NOW + 2 * MINUTE)).toBe(NOW + 10 * MINUTE);
    expect(usage.pausedUntil(NOW + 10 * MINUTE)).toBeUndefined();
  });
});
