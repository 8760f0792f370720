import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SenderRecord } from '../../src/store/schema.js';
import { blocksText } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { seededRegistration } from '../support/process-world.js';
import { onPostgres } from '../support/test-store.js';
import { uploadCsv } from './support.js';

let h: Harness;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.stop();
});

const inPlay = (i: number, accountSid: string): SenderRecord =>
  seededRegistration(accountSid, {
    id: `seed${i}`,
    phoneNumber: `+1628555${String(i).padStart(4, '0')}`,
    state: 'verifying',
    sid: `XE${String(i).padStart(32, '0')}`,
    profile: { name: 'Seeded Store' },
  });

// Counts the copies the embedded store makes; PostgreSQL reads rows instead of copying them.
describe.skipIf(onPostgres)("a bulk preview's check of numbers already in play", () => {
  it("reads the records of the file's numbers only, not every sender, and still refuses a number in play", async () => {
    h = await startHarness();
    await h.bot.store.atomically(async (tx) => {
      for (let i = 0; i < 500; i += 1) await tx.senders.insert(inPlay(i, h.mainAccountSid));
    });
    const clones = vi.spyOn(globalThis, 'structuredClone');
    const { viewId } = await uploadCsv(h, ['customer,phone_number,display_name', 'main,+16285550007,Acme Store', 'main,+14155550700,Acme Store'].join('\n'));
    const read = clones.mock.calls.filter(([value]) => (value as SenderRecord | undefined)?.id?.startsWith?.('seed')).length;
    expect(read).toBeLessThan(20);
    const preview = blocksText(h.slack.viewFor(viewId)?.blocks);
    expect(preview).toContain('+16285550007');
    expect(preview).toMatch(/already/i);
  });
});
