import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { record, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { stored } from '../support/stored.js';

let h: Harness;
afterEach(async () => h?.stop());

describe('Abandon while someone else saves the registration', () => {
  it('stores it abandoned with its voice settings given back, and audits it once', async () => {
    h = await startHarness();
    const number = h.sim.addNumber(h.mainAccountSid, '+14155550123', { sms: false, voice: true });
    number.voice_application_sid = `AP${'b'.repeat(32)}`;
    await register(h, { phone: '+14155550123', name: 'Acme Store', voice_email: 'ops@example.com' });
    const registration = await record(h, '+14155550123');

    // While the number's voice settings are put back, the poller (say) saves the record.
    const twilio = h.bot.twilio;
    const update = twilio.updateIncomingNumber.bind(twilio);
    twilio.updateIncomingNumber = async (...args: Parameters<typeof update>) => {
      const answer = await update(...args);
      const current = await h.bot.store.senders.get(registration.id);
      if (current) await h.bot.store.senders.save(current);
      return answer;
    };
    await h.click(ACTION.abandon, registration.id, { ts: registration.slack!.ts!, channel: 'C0ONBOARD' });
    await h.settle();

    expect(number.voice_application_sid).toBe(`AP${'b'.repeat(32)}`);
    const after = await record(h, '+14155550123');
    expect(after.state).toBe('abandoned');
    expect(after.voiceForward?.restoredAt).toBeDefined();
    expect((await stored(h)).audit.filter((e) => e.action === 'abandon')).toHaveLength(1);
  });
});
