import { afterEach, describe, expect, it } from 'vitest';
import { record } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { stored } from '../support/stored.js';
import { pollEveryMinute, registerAndVerify } from '../watcher/support.js';
import { confirm, uploadCsv } from './support.js';

const MINUTE = 60_000;
const PHONE = '+14155550100';
let h: Harness;
afterEach(async () => h?.stop());

/** An ONLINE sender whose display name is being changed to Acme Market. */
async function renamingSender(declined = false) {
  h = await startHarness({ sendersMinIntervalMs: MINUTE, delays: { creatingMs: 1_000, verifyingMs: MINUTE, offlineMs: MINUTE } });
  if (declined) h.sim.setScenario(PHONE, 'name_declined', undefined, 5 * MINUTE);
  await registerAndVerify(h, PHONE);
  await pollEveryMinute(h, 10);
  expect((await record(h, PHONE)).status).toBe('ONLINE');
  await h.command(`rename ${PHONE} Acme Market`);
  await h.settle();
}

async function bulkAcmeMarket() {
  const { viewId } = await uploadCsv(h, ['customer,phone_number,display_name', 'main,+14155550201,Acme Market', 'main,+14155550202,Acme Market'].join('\n'));
  await confirm(h, viewId);
  return h.drainQueue();
}

const rows = async () => (await stored(h)).senders.filter((s) => s.bulk);

describe("display name first trusts Meta's verdict on the name", () => {
  it('a name Meta declined on another sender fails the rows instead of sending them, though that sender is ONLINE', async () => {
    await renamingSender(true);
    await pollEveryMinute(h, 20);
    expect((await record(h, PHONE)).nameChange?.status).toBe('DECLINED');
    expect(await bulkAcmeMarket()).toBe(0);
    expect((await rows()).every((s) => s.state === 'failed' && s.lastError?.message.includes('Meta rejected the display name "Acme Market"'))).toBe(true);
  });

  it('rows wait while Meta reviews the name, and all go once Meta approved it', async () => {
    await renamingSender();
    await pollEveryMinute(h, 3);
    expect((await record(h, PHONE)).nameChange?.status).toBe('PENDING_REVIEW');
    expect(await bulkAcmeMarket()).toBe(0);
    expect((await rows()).every((s) => s.state === 'queued')).toBe(true);
    await pollEveryMinute(h, 30);
    expect((await record(h, PHONE)).nameChange?.status).toBe('COMPLETED');
    expect(await h.drainQueue()).toBe(2);
  });
});
