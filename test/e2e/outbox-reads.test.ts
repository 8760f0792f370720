import { afterEach, describe, expect, it, vi } from 'vitest';
import { record, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';

let h: Harness;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.stop();
});

describe('delivering a backlog of Slack messages', () => {
  it('reads the sender of the waiting messages once per scan, not once per message per delivery, and posts each in its channel', async () => {
    h = await startHarness();
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    const sender = await record(h, '+14155550100');
    const now = h.clock.now();
    await h.bot.store.atomically(async (tx) => {
      for (let i = 0; i < 60; i += 1) await tx.outbox.enqueue({ kind: 'post', senderId: sender.id, channel: `C0NOTES${i}`, text: `note ${i}` }, now);
    });
    const clones = vi.spyOn(globalThis, 'structuredClone');
    h.bot.outbox.kick();
    await h.settle();
    const senderReads = clones.mock.calls.filter(([value]) => (value as { id?: string } | undefined)?.id === sender.id).length;
    for (let i = 0; i < 60; i += 1) expect(h.slack.postedIn(`C0NOTES${i}`).map((m) => m.text)).toEqual([`note ${i}`]);
    // Before: every delivery scanned the backlog reading the sender for each waiting message of every channel ahead of its own (~1,800 reads for 60 channels).
    expect(senderReads).toBeLessThan(300);
  });
});
