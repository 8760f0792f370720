import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, type Harness, startHarness } from '../support/harness.js';
import { sign, slashCommandBody } from '../support/slack-requests.js';

let h: Harness;
afterEach(async () => h?.stop());

describe('requests not signed by Slack', () => {
  it('refuses a forged signature and a stale timestamp, and acts on neither', async () => {
    h = await startHarness();
    const body = slashCommandBody('/senders', 'register', ALICE, h.slack.responseUrl());
    const forged = await h.post(body, { signature: sign('not-the-secret', Math.floor(Date.now() / 1000), body) });
    expect(forged.status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const old = await h.post(body, { timestamp: stale, signature: sign('test-signing-secret-0123456789abcdef', stale, body) });
    expect(old.status).toBe(401);
    await h.settle();
    expect(h.slack.callsOf('views.open')).toHaveLength(0);
    const good = await h.post(body);
    expect(good.status).toBe(200);
    await h.settle();
    expect(h.slack.callsOf('views.open')).toHaveLength(1);
  });
});
