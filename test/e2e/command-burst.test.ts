import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { register } from '../support/flows.js';

let h: Harness;
afterEach(async () => h?.stop());

describe('a burst of commands', () => {
  it('acks every one at once, answers every one, and never has more than 8 of them asking Twilio at the same time', async () => {
    h = await startHarness();
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    await h.settle();
    h.sim.options.latencyMs = 200;
    h.sim.peakInFlight = 0;
    const answersBefore = h.slack.responses.length;

    const acks = await Promise.all(Array.from({ length: 40 }, () => h.command('status +14155550100')));

    expect(acks.every((a) => a.status === 200)).toBe(true);
    await h.waitFor(() => h.slack.responses.length - answersBefore >= 40, 20_000);
    const answers = h.slack.responses.slice(answersBefore);
    expect(answers).toHaveLength(40);
    for (const answer of answers) expect(JSON.stringify(answer.blocks)).toContain('+14155550100');
    expect(h.sim.peakInFlight).toBeGreaterThan(1);
    expect(h.sim.peakInFlight).toBeLessThanOrEqual(8);
  });
});
