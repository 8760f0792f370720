import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { blockKitViolations } from '../support/block-kit.js';
import { blocksText, buttonIds, channelMessageFor, record, register } from '../support/flows.js';
import { type HarnessOptions, harnessPerTest, sameWorld } from '../support/harness.js';
import { alertsMatching, pollEveryMinute, registerAndVerify, threadOf } from './support.js';

const MINUTE = 60_000;
const PHONE = '+14155550100';
const startHarnessed = harnessPerTest();
const start = (options: HarnessOptions = {}) => startHarnessed({ delays: { creatingMs: 1_000, verifyingMs: MINUTE, offlineMs: MINUTE }, ...options });

describe('every status has a meaning, a next step and a deadline', () => {
  it('TWILIO_REVIEW: the message says what it means and when the bot alerts; one stuck alert after STUCK_REVIEW_HOURS, with the hints for a review', async () => {
    const h = await start({ watch: { stuckReviewMs: 2 * 60 * MINUTE } });
    h.sim.setScenario(PHONE, 'twilio_review');
    await registerAndVerify(h, PHONE);
    await pollEveryMinute(h, 5);
    expect((await record(h, PHONE)).status).toBe('TWILIO_REVIEW');
    const message = blocksText((await channelMessageFor(h, PHONE)).blocks);
    expect(message).toContain('Twilio is reviewing the sender');
    expect(message).toContain('Watch for an email from Twilio support');
    expect(message).toMatch(/Deadline:\* if it has not moved on by <!date\^\d+\^\{date_short_pretty\} \{time\}\|\d\d:\d\d UTC>, the bot raises an alert/);
    await pollEveryMinute(h, 100);
    expect(alertsMatching(h, 'stuck: in review at twilio')).toHaveLength(0);
    await pollEveryMinute(h, 60);
    const alerts = alertsMatching(h, 'stuck: in review at twilio');
    expect(alerts).toHaveLength(1);
    const text = blocksText(alerts[0]!.blocks);
    expect(text).toContain('*Why:* Twilio is reviewing the sender');
    expect(text).toContain('*Next step:* Check emails from Twilio');
    // The error log and the rest of the checklist are behind Details.
    expect(text).not.toContain('Error log for this number');
    expect(buttonIds(alerts[0]!.blocks)).toEqual([ACTION.takeAlert, ACTION.recheck, ACTION.snooze, ACTION.alertDetails, ACTION.openConsole]);
    expect(blockKitViolations(alerts[0]!, 'message')).toEqual([]);
    await pollEveryMinute(h, 120);
    expect(alertsMatching(h, 'stuck: in review at twilio')).toHaveLength(1);
  });

  it('DRAFT is alerted at once, saying it will not move by itself and what to do', async () => {
    const h = await start();
    h.sim.setScenario(PHONE, 'draft');
    await register(h, { phone: PHONE, name: 'Acme Store' });
    await pollEveryMinute(h, 3);
    const alerts = alertsMatching(h, 'stuck: draft');
    expect(alerts).toHaveLength(1);
    const text = blocksText(alerts[0]!.blocks);
    expect(text).toContain('will not move by itself');
    expect(text).toContain('Finish it in the Twilio Console, or delete it and register the number again');
    await h.stop({ keepServices: true });
    const again = await start({
      ...sameWorld(h),
    });
    await pollEveryMinute(again, 90);
    expect(alertsMatching(again, 'stuck: draft')).toHaveLength(1);
  });

  it('a Twilio number with SMS never asks for a code; left in PENDING_VERIFICATION too long it gets a stuck alert saying what to check', async () => {
    const h = await start({ watch: { stuckVerifyingMs: 45 * MINUTE, codeReminderMs: 15 * MINUTE } });
    h.sim.addNumber(h.mainAccountSid, PHONE, { sms: true, voice: true });
    h.sim.setScenario(PHONE, 'never_verified');
    await register(h, { phone: PHONE, name: 'Acme Store' });
    await pollEveryMinute(h, 3);
    const r = await record(h, PHONE);
    expect(r).toMatchObject({ path: 'twilio_sms', status: 'PENDING_VERIFICATION', state: 'verifying' });
    const message = await channelMessageFor(h, PHONE);
    expect(blocksText(message.blocks)).toContain('Twilio verifies this number by itself');
    expect(buttonIds(message.blocks)).not.toContain(ACTION.enterCode);
    expect(buttonIds(message.blocks)).not.toContain(ACTION.resend);

    await pollEveryMinute(h, 60);
    expect((await threadOf(h, PHONE)).filter((m) => m.text.includes('waiting for its code'))).toHaveLength(0);
    const alerts = alertsMatching(h, 'stuck: verifying the number');
    expect(alerts).toHaveLength(1);
    const text = blocksText(alerts[0]!.blocks);
    expect(text).toContain('still be in this account');
    expect(text).toContain('able to receive SMS');
    expect(text).toContain('|The number in this Twilio account>');
  });
});
