import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { confirm, seedCustomers, uploadCsv } from '../bulk/support.js';
import { openRegistrationModal, record, register } from '../support/flows.js';
import { ALERT_CHANNEL, type Harness, startHarness } from '../support/harness.js';
import { storedText } from '../support/store-snapshot.js';
import { stored } from '../support/stored.js';

let h: Harness;
afterEach(async () => h?.stop());
const MINUTE = 60_000;

describe('idempotency', () => {
  it('100 concurrent duplicate submissions of one registration make one create request', async () => {
    h = await startHarness();
    const viewId = await openRegistrationModal(h);
    const answers = await Promise.all(Array.from({ length: 100 }, () => h.submitView(viewId, { phone: '+14155550100', name: 'Acme Store' })));
    await h.settle();
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    expect((await stored(h)).senders).toHaveLength(1);
    // Every other submission is told the number is being registered, or, when the store answers
    // too slowly for Slack's deadline on a busy machine, that nothing was saved: never a second create.
    const refusals = answers.filter((a) => a.body.response_action === 'errors');
    expect(refusals).toHaveLength(99);
    for (const refusal of refusals) expect(Object.values(refusal.body.errors).join(' ')).toMatch(/already being registered|cannot save right now/);
  });

  it('a double click on Resend or a code submitted twice sends one request', async () => {
    h = await startHarness({ resendMinMinutes: 1 });
    const { viewId } = await register(h, { phone: '+14155550100', name: 'Acme Store' });
    h.clock.advance(2 * MINUTE);
    const r = await record(h, '+14155550100');
    const message = { ts: r.slack!.ts!, channel: 'C0ONBOARD' };
    await Promise.all([h.click(ACTION.resend, r.id, message), h.click(ACTION.resend, r.id, message)]);
    await h.settle();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(2);
    h.clock.advance(1_000);
    const code = h.sim.codeSentTo('+14155550100')!;
    await Promise.all([h.submitView(viewId, { code }), h.submitView(viewId, { code })]);
    await h.settle();
    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(1);
  });
});

describe('secrets', () => {
  it('after a full run, neither the auth token, the Slack tokens nor any code used appear in Slack, the logs or the data file', async () => {
    h = await startHarness({ sendersMinIntervalMs: MINUTE, watch: { stuckOfflineMs: 5 * MINUTE } });
    const [acme] = await seedCustomers(h, 1);
    await h.command('customer add "Globex Corp"');
    h.sim.setScenario('+14155550300', 'stuck_offline');
    const codes: string[] = [];
    for (const phone of ['+14155550100', '+14155550300']) {
      const { viewId } = await register(h, { customer: acme!.id, phone, name: 'Acme Store' });
      h.clock.advance(2 * MINUTE);
      codes.push(h.sim.codeSentTo(phone)!);
      await h.submitView(viewId, { code: '000000' === codes.at(-1) ? '111111' : '000000' });
      await h.submitView(viewId, { code: codes.at(-1) });
      await h.settle();
    }
    const { viewId } = await uploadCsv(h, 'customer,phone_number,display_name\nmain,+14155550500,Brand Store\nmain,+14155550501,Other Brand Store');
    await confirm(h, viewId);
    for (let minute = 0; minute < 40; minute += 1) {
      await h.pollAfter(MINUTE);
      await h.drainQueue();
    }
    for (const bulkRow of ['+14155550500', '+14155550501']) {
      const code = h.sim.codeSentTo(bulkRow);
      if (code) codes.push(code);
    }
    expect(h.slack.postedIn(ALERT_CHANNEL).length).toBeGreaterThan(0);
    const places = {
      'data file': await storedText(h),
      logs: h.logLines.join('\n'),
      // The bot token travels to Slack's API as its credential; everything else sent must be free of it.
      slack: JSON.stringify(h.slack.calls.map((c) => ({ ...c, args: { ...c.args, token: undefined } }))) + JSON.stringify([...h.slack.uploads.values()]),
    };
    for (const [where, text] of Object.entries(places)) {
      for (const secret of [...h.secrets, ...codes])
        expect(text.includes(secret), `${where} holds ${secret}: ${text.slice(Math.max(0, text.indexOf(secret) - 80), text.indexOf(secret) + 40)}`).toBe(false);
      expect(text, where).not.toMatch(/auth_token"\s*:\s*"[0-9a-f]{20,}/);
    }
    expect(codes.length).toBeGreaterThanOrEqual(3);
  });
});
