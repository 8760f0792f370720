import { afterEach, describe, expect, it } from 'vitest';
import { FaultyDisk } from '../support/faulty-disk.js';
import { record, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { onPostgres } from '../support/test-store.js';

let h: Harness;
afterEach(async () => h?.stop());

describe('a code Twilio accepts while the record keeps changing in the store', () => {
  it('tells the person the code went in, not that it failed', async () => {
    h = await startHarness();
    const { viewId } = await register(h, { phone: '+14155550100', name: 'Acme Store' });
    const registration = await record(h, '+14155550100');
    expect(registration.state).toBe('awaiting_code');

    // Every time the code's outcome is about to be stored, someone else has just saved the record.
    const senders = h.bot.store.senders;
    const get = senders.get.bind(senders);
    let armed = false;
    senders.get = async (id) => {
      const read = await get(id);
      if (armed && read && id === registration.id) await senders.save({ ...read });
      return read;
    };
    const twilio = h.bot.twilio;
    const update = twilio.updateSender.bind(twilio);
    twilio.updateSender = async (...args: Parameters<typeof update>) => {
      const answer = await update(...args);
      armed = true;
      await senders.save((await get(registration.id))!);
      return answer;
    };

    h.clock.advance(1_000);
    const ack = await h.submitView(viewId, { code: h.sim.codeSentTo('+14155550100') });
    await h.settle();
    armed = false;

    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(1);
    expect(ack.body.response_action).not.toBe('errors');
    const said = JSON.stringify([ack.body, h.slack.viewFor(viewId) ?? {}, h.slack.responses.at(-1) ?? {}]);
    expect(said).not.toMatch(/changed meanwhile|try again/i);
  });
});

describe.skipIf(onPostgres)('a code Twilio accepts while the data file cannot be written', () => {
  it('tells the person the code went in, not that nothing was saved; the next poll records it', async () => {
    const disk = new FaultyDisk();
    h = await startHarness({ store: { fs: disk, retryMs: 20 } });
    const { viewId } = await register(h, { phone: '+14155550100', name: 'Acme Store' });
    const twilio = h.bot.twilio;
    const update = twilio.updateSender.bind(twilio);
    twilio.updateSender = async (...args: Parameters<typeof update>) => {
      const answer = await update(...args);
      disk.fail('ENOSPC');
      return answer;
    };

    h.clock.advance(1_000);
    const ack = await h.submitView(viewId, { code: h.sim.codeSentTo('+14155550100') });
    await h.settle();

    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(1);
    const said = JSON.stringify([ack.body, h.slack.viewFor(viewId) ?? {}]);
    expect(said).not.toMatch(/cannot save|nothing was saved|try again/i);
    disk.heal();
    await h.waitFor(() => h.bot.store.health.ok);
    await h.pollAfter(5 * 60_000);
    expect((await record(h, '+14155550100')).state).not.toBe('awaiting_code');
  });
});
