import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { record, register } from '../support/flows.js';
import { type Harness, sameWorld, startHarness } from '../support/harness.js';
import { withStoreOf } from '../support/store-snapshot.js';
import { stored } from '../support/stored.js';
import { onPostgres } from '../support/test-store.js';

const running: Harness[] = [];
afterEach(async () => {
  for (const h of running.splice(0).reverse()) await h.stop();
});

async function restart(before: Harness): Promise<Harness> {
  await before.stop({ keepServices: true });
  const after = await startHarness({
    ...sameWorld(before),
  });
  running.push(after);
  return after;
}

describe('restart', () => {
  it('keeps a registration waiting for its code: the button still opens the code view and the code still works', async () => {
    const first = await startHarness();
    running.push(first);
    await register(first, { phone: '+14155550100', name: 'Acme Store' });
    const id = (await record(first, '+14155550100')).id;
    const ts = (await record(first, '+14155550100')).slack!.ts!;

    const h = await restart(first);
    expect((await record(h, '+14155550100')).state).toBe('awaiting_code');
    await h.click(ACTION.enterCode, id, { ts, channel: 'C0ONBOARD' });
    await h.settle();
    const viewId = h.slack.callsOf('views.open').at(-1)!.args.__id;
    h.clock.advance(1_000);
    const ack = await h.submitView(viewId, { code: h.sim.codeSentTo('+14155550100') });
    expect(ack.body.response_action).toBe('update');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
  });

  it('reconciles creates whose answer was never stored: adopts the sender Twilio has, queues the one it lacks for its turn', async () => {
    const first = await startHarness();
    running.push(first);
    await register(first, { phone: '+14155550100', name: 'Acme Store' });
    await register(first, { phone: '+14155550200', name: 'Acme Shop' });
    await first.stop({ keepServices: true });

    // As if the bot died after storing each registration but before Twilio's answer was stored;
    // Twilio processed the first create only.
    await withStoreOf(first, async (store) => {
      for (const s of await store.senders.list()) await store.senders.save({ ...s, state: 'creating', sid: undefined, status: undefined, statusHistory: [] });
    });
    const lost = [...first.sim.state.senders.values()].find((s) => s.phoneNumber === '+14155550200')!;
    first.sim.state.senders.delete(lost.sid);
    const createsBefore = first.sim.requestsOf('CreateChannelsSender').length;

    const h = await startHarness({
      ...sameWorld(first),
    });
    running.push(h);
    expect(h.sim.requestsOf('CreateChannelsSender').length - createsBefore).toBe(0);
    expect((await stored(h)).senders.map((s) => s.state)).toEqual(['awaiting_code', 'queued']);
    await h.drainQueue();
    expect(h.sim.requestsOf('CreateChannelsSender').length - createsBefore).toBe(1);
    expect(h.sim.requestsOf('CreateChannelsSender').at(-1)!.body).toMatchObject({ sender_id: 'whatsapp:+14155550200' });
    expect(h.sim.state.senders.size).toBe(2);
    expect((await stored(h)).senders.every((s) => s.sid && s.state === 'awaiting_code')).toBe(true);
  });

  it.skipIf(onPostgres)('refuses a data file from a newer version and leaves it untouched', async () => {
    const first = await startHarness();
    running.push(first);
    await first.stop({ keepServices: true });
    await writeFile(first.dataFile, JSON.stringify({ schemaVersion: 99, customers: [], senders: [], audit: [] }));
    await expect(startHarness({ sim: first.sim, slack: first.slack, dataFile: first.dataFile })).rejects.toThrow(/newer than this bot/);
    expect(JSON.parse(await readFile(first.dataFile, 'utf8')).schemaVersion).toBe(99);
  });
});
