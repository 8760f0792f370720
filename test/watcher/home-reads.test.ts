import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SenderRecord } from '../../src/store/schema.js';
import { blocksText } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { seededRegistration } from '../support/process-world.js';
import { onPostgres } from '../support/test-store.js';

let h: Harness;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.stop();
});

const seeded = (i: number, accountSid: string): SenderRecord =>
  seededRegistration(accountSid, {
    id: `seed${i}`,
    phoneNumber: `+1628555${String(i).padStart(4, '0')}`,
    state: i % 10 === 0 ? 'awaiting_code' : 'online',
    status: i % 10 === 0 ? 'PENDING_VERIFICATION' : 'ONLINE',
    qualityRating: 'HIGH',
    sid: `XE${String(i).padStart(32, '0')}`,
    profile: { name: 'Seeded Store' },
  });

// Counts the copies the embedded store makes; PostgreSQL reads rows instead of copying them.
describe.skipIf(onPostgres)('the Home tab with many senders', () => {
  it('copies only the rows it lists, and still counts every sender', async () => {
    h = await startHarness();
    await h.bot.store.atomically(async (tx) => {
      for (let i = 0; i < 600; i += 1) await tx.senders.insert(seeded(i, h.mainAccountSid));
    });
    const clones = vi.spyOn(globalThis, 'structuredClone');
    await h.event({ type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'home' });
    await h.settle();
    const copied = clones.mock.calls.filter(([value]) => (value as SenderRecord | undefined)?.id?.startsWith?.('seed')).length;
    expect(copied).toBeLessThanOrEqual(40);
    const text = blocksText(h.slack.callsOf('views.publish').at(-1)!.args.view.blocks);
    expect(text).toMatch(/Online\*: 540/);
    expect(text).toContain('Needs a person (60)');
    expect(text).toContain('…and 40 more');
  });
});
