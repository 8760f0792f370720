import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { confirm, uploadCsv } from '../bulk/support.js';
import { FaultyDisk } from '../support/faulty-disk.js';
import { register } from '../support/flows.js';
import { ALERT_CHANNEL, harnessPerTest } from '../support/harness.js';
import { durableSenders, storedText } from '../support/store-snapshot.js';
import { stored } from '../support/stored.js';
import { onPostgres } from '../support/test-store.js';
import { until } from '../support/until.js';
import { pollEveryMinute } from '../watcher/support.js';

const MINUTE = 60_000;
const start = harnessPerTest();

describe('a queued voice-only Twilio number', () => {
  it('has its own voice settings stored before its calls are forwarded, so a crash mid-create cannot lose them', async () => {
    const h = await start({ sendersMinIntervalMs: 3 * MINUTE });
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    const number = h.sim.addNumber(h.mainAccountSid, '+14155550122', { sms: false, voice: true });
    number.voice_url = 'https://example.com/ivr';
    await register(h, { phone: '+14155550122', name: 'Acme Shop', voice_email: 'ops@example.com' });
    expect((await stored(h)).senders.at(-1)!.state).toBe('queued');

    h.clock.advanceMinutes(3);
    h.sim.delayNext(400, 1, 'UpdateIncomingPhoneNumber');
    const round = h.bot.runner.tick();
    await until(() => h.sim.requestsOf('UpdateIncomingPhoneNumber').length === 1);
    const onDisk = (await durableSenders(h)).find((s) => s.phoneNumber === '+14155550122')!;
    expect(onDisk.voiceForward?.previous.voice_url).toBe('https://example.com/ivr');
    expect(onDisk.state).toBe('creating');
    await round;
  });
});

describe('words Twilio wrote', () => {
  it('an error-log entry quoting a code (URL-encoded) and a token reaches neither Slack nor the data file', async () => {
    const h = await start({ watch: { stuckOfflineMs: 5 * MINUTE } });
    h.sim.setScenario('+14155550100', 'stuck_offline', '63112');
    const { viewId } = await register(h, { phone: '+14155550100', name: 'Acme Store' });
    h.clock.advance(1_000);
    const code = h.sim.codeSentTo('+14155550100')!;
    await h.submitView(viewId, { code });
    await h.settle();
    const sid = (await stored(h)).senders[0]!.sid!;
    h.sim.state.alerts.push({
      sid: `NO${'1'.repeat(32)}`,
      account_sid: h.mainAccountSid,
      error_code: '63112',
      alert_text: encodeURIComponent(`Msg=verification_code "${code}" rejected for ${sid}; auth=${h.authToken}`),
      more_info: null,
      resource_sid: sid,
      date_created: new Date(h.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      log_level: 'error',
    });
    await pollEveryMinute(h, 40);
    const alert = h.slack.postedIn(ALERT_CHANNEL).find((m) => m.text.includes('stuck') || JSON.stringify(m.blocks).includes('63112'));
    expect(alert, 'the stuck alert').toBeDefined();
    // The error-log lines are behind the alert's Details.
    await h.click(ACTION.alertDetails, (await stored(h)).senders[0]!.id, { ts: alert!.ts, channel: ALERT_CHANNEL });
    await h.settle();
    expect(JSON.stringify(h.slack.responses.at(-1)!.blocks)).toContain('rejected for');
    const everywhere = JSON.stringify(h.slack.calls) + JSON.stringify(h.slack.responses) + (await storedText(h));
    expect(everywhere).not.toContain(code);
    expect(everywhere).not.toContain(h.authToken);
  });
});

describe.skipIf(onPostgres)('a write that fails', () => {
  it('Resend: told the bot cannot save, no code requested, nothing counted', async () => {
    const disk = new FaultyDisk();
    const h = await start({ store: { fs: disk, retryMs: 20 } });
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    h.clock.advanceMinutes(4);
    const r = (await stored(h)).senders[0]!;
    disk.fail('ENOSPC');
    await h.click(ACTION.resend, r.id, { ts: r.slack!.ts!, channel: 'C0ONBOARD' });
    await h.waitFor(() => h.slack.responses.length > 0);
    expect(h.slack.responses.at(-1)!.text).toContain('cannot save right now: the disk is full. No code was requested');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    expect((await stored(h)).senders[0]!.otp.resends).toBe(0);
    disk.heal();
    await h.waitFor(() => h.bot.store.health.ok);
    expect((await durableSenders(h))[0]!.otp.resends).toBe(0);
  });

  it('bulk Start: told the bot cannot save, no row queued or sent, and Start works once writing does', async () => {
    const disk = new FaultyDisk();
    const h = await start({ store: { fs: disk, retryMs: 20 } });
    const { viewId } = await uploadCsv(h, 'customer,phone_number,display_name\nmain,+14155550100,Brand One Store');
    disk.fail('ENOSPC');
    const refused = await h.submitView(viewId, {});
    expect(JSON.stringify(refused.body.view)).toContain('No row was queued');
    expect((await stored(h)).senders).toEqual([]);
    disk.heal();
    await h.waitFor(() => h.bot.store.health.ok);
    await h.drainQueue();
    expect(h.sim.requestsOf('CreateChannelsSender')).toEqual([]);

    const again = await uploadCsv(h, 'customer,phone_number,display_name\nmain,+14155550100,Brand One Store');
    await confirm(h, again.viewId);
    await h.drainQueue();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
  });
});
