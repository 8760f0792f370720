import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { blockKitViolations } from '../support/block-kit.js';
import { blocksText } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { stored } from '../support/stored.js';
import { confirm, createsByAccount, progressMessage, seedCustomers, uploadCsv } from './support.js';

let h: Harness;
afterEach(async () => h?.stop());
const MINUTE = 60_000;

describe('bulk registration: the check and the preview', () => {
  it('checks every row before anything is sent, and lists each bad row with its line and fix', async () => {
    h = await startHarness();
    await seedCustomers(h, 1);
    const csv = [
      'customer,phone_number,display_name,verification_method',
      'Customer 0,+14155550100,Acme Store,sms',
      'Customer 0,+1 415 555 0100,Acme Store,sms',
      'Nobody,+14155550101,Acme Store,',
      'main,415 555 0102,Acme Store,',
      'main,+14155550103,ACME WHATSAPP,',
      'main,+14155550104,Acme Store,fax',
      'main,+54 11 15 2345 6789,Acme Store,voice',
    ].join('\n');
    const { view } = await uploadCsv(h, csv);
    expect(view.callback_id).toBe('bulk_confirm');
    expect(blockKitViolations(view, 'modal')).toEqual([]);
    const text = blocksText(view.blocks);
    expect(text).toContain('*7* rows checked: *2 ready*, *5 refused*');
    expect(text).toContain('Line 3');
    expect(text).toContain('already on line 2');
    expect(text).toContain('Line 4');
    expect(text).toContain('unknown');
    expect(text).toContain('Line 5');
    expect(text).toContain('country code');
    expect(text).toContain('Line 6');
    expect(text).toContain('WhatsApp');
    expect(text).toContain('Line 7');
    expect(text).toContain('must be sms, voice or empty');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(0);
    expect((await stored(h)).senders).toHaveLength(0);
  });

  it('gives one clear message for a file that is not CSV, has unknown columns, or too many rows', async () => {
    h = await startHarness();
    let { view } = await uploadCsv(h, 'name;phone\nAcme;+1');
    expect(blocksText(view.blocks)).toContain('unknown column');
    ({ view } = await uploadCsv(h, 'customer,phone_number,display_name\n"main,+14155550100,Acme'));
    expect(blocksText(view.blocks)).toContain('not valid CSV');
    const big = ['customer,phone_number,display_name', ...Array.from({ length: 10_001 }, (_, i) => `main,+1415555${i},Acme Store`)].join('\n');
    ({ view } = await uploadCsv(h, big));
    expect(blocksText(view.blocks)).toContain('the most in one run is 10,000');
    expect(view.callback_id).toBe('bulk_upload');
  });

  it('accepts pasted CSV too, and refuses a second WABA for one account', async () => {
    h = await startHarness();
    await h.bot.store.accounts.linkWaba(h.mainAccountSid, '111111111111');
    const { view } = await uploadCsv(
      h,
      'customer,phone_number,display_name,waba_id\nmain,+14155550100,Acme Store,222222222222\nmain,+14155550101,Acme Store,111111111111',
      'paste',
    );
    const text = blocksText(view.blocks);
    expect(text).toContain('*1 ready*');
    expect(text).toContain('linked to WABA 111111111111');
    expect(text).toContain('63102');
  });

  it('sends the bot token only to Slack when it reads the file', async () => {
    h = await startHarness();
    await uploadCsv(h, 'customer,phone_number,display_name\nmain,+14155550100,Acme Store');
    expect(h.slack.downloadAuth).toEqual(['Bearer xoxb-test-bot-token-0123456789']);
  });
});

describe('bulk registration: the run', () => {
  it('paces one create per account per interval, in parallel across accounts, with progress, code rows in the thread and a results CSV', async () => {
    h = await startHarness({ sendersMinIntervalMs: 3 * MINUTE });
    const customers = await seedCustomers(h, 3);
    h.sim.addNumber(customers[0]!.accountSid, '+14155550100', { sms: true, voice: true });
    const rows = customers.flatMap((c, i) => [0, 1, 2].map((j) => `${c.name},+1415555${String(i * 10 + j + 100).padStart(4, '0')},Brand ${i}${j} Store`));
    const { viewId } = await uploadCsv(h, ['customer,phone_number,display_name', ...rows].join('\n'));
    await confirm(h, viewId);
    await h.drainQueue();
    for (let minute = 0; minute < 15; minute += 1) {
      await h.pollAfter(MINUTE);
      await h.drainQueue();
    }

    const byAccount = createsByAccount(h);
    expect(byAccount.size).toBe(3);
    for (const times of byAccount.values()) {
      expect(times).toHaveLength(3);
      for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(3 * MINUTE);
    }
    const firsts = [...byAccount.values()].map((t) => t[0]);
    expect(new Set(firsts).size).toBe(1);

    const progress = await progressMessage(h);
    expect(blocksText(progress.blocks)).toContain('All rows sent');
    expect(blocksText(progress.blocks)).toContain('Waiting for a code: *8*');
    expect(blockKitViolations(progress, 'message')).toEqual([]);
    const codeRows = h.slack.repliesTo(progress.ts).filter((m) => m.text.startsWith('WhatsApp sender'));
    expect(codeRows).toHaveLength(8);
    expect(codeRows.some((m) => m.text.includes('+14155550100'))).toBe(false);
    expect(blocksText(codeRows[0]!.blocks)).toContain(ACTION.enterCode);

    const upload = [...h.slack.uploads.values()].find((u) => u.threadTs === progress.ts)!;
    expect(upload).toBeDefined();
    expect(upload.content).toContain('row,number,sender_sid,final_status,error');
    expect(upload.content.match(/PENDING_VERIFICATION/g)).toHaveLength(8);
    expect(upload.content).toMatch(/\+14155550100,XE[0-9a-f]{32},ONLINE,/);
  });

  it('display name first: one row per new name goes, the rest wait until Meta accepts it', async () => {
    h = await startHarness({ sendersMinIntervalMs: MINUTE, delays: { creatingMs: 1_000, verifyingMs: 2 * MINUTE, offlineMs: 2 * MINUTE } });
    const customers = await seedCustomers(h, 3);
    for (const [i, c] of customers.entries()) h.sim.addNumber(c.accountSid, `+1415555020${i}`, { sms: true, voice: true });
    const { viewId } = await uploadCsv(
      h,
      ['customer,phone_number,display_name', ...customers.map((c, i) => `${c.name},+1415555020${i},Acme Store`)].join('\n'),
    );
    await confirm(h, viewId);
    await h.drainQueue();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    for (let minute = 0; minute < 10; minute += 1) {
      await h.pollAfter(MINUTE);
      await h.drainQueue();
    }
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(3);
    const first = h.sim.requestsOf('CreateChannelsSender')[0]!.at;
    const online = Date.parse(
      (await stored(h)).senders.find((s) => s.state === 'online' && s.statusHistory.at(-1)!.status === 'ONLINE')!.statusHistory.at(-1)!.at,
    );
    for (const later of h.sim.requestsOf('CreateChannelsSender').slice(1)) expect(later.at).toBeGreaterThanOrEqual(online);
    expect(first).toBeLessThan(online);
  });

  it('display name first: a name Meta rejects fails the waiting rows instead of sending them', async () => {
    h = await startHarness({
      sendersMinIntervalMs: MINUTE,
      delays: { creatingMs: 1_000, verifyingMs: MINUTE, offlineMs: MINUTE },
      watch: { stuckOfflineMs: 5 * MINUTE },
    });
    const customers = await seedCustomers(h, 3);
    for (const [i, c] of customers.entries()) h.sim.addNumber(c.accountSid, `+1415555030${i}`, { sms: true, voice: true });
    h.sim.setScenario('+14155550300', 'stuck_offline', '63124');
    const { viewId } = await uploadCsv(
      h,
      ['customer,phone_number,display_name', ...customers.map((c, i) => `${c.name},+1415555030${i},Acme Store`)].join('\n'),
    );
    await confirm(h, viewId);
    for (let minute = 0; minute < 10; minute += 1) {
      await h.drainQueue();
      await h.pollAfter(MINUTE);
    }
    await h.drainQueue();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    const waiting = (await stored(h)).senders.filter((s) => s.phoneNumber !== '+14155550300');
    expect(waiting.every((s) => s.state === 'failed' && s.lastError?.message.includes('Meta rejected the display name'))).toBe(true);
    expect((await stored(h)).bulkRuns.at(-1)!.state).toBe('done');
  });

  it('can turn display name first off', async () => {
    h = await startHarness({ sendersMinIntervalMs: MINUTE, bulkNameFirst: false });
    const customers = await seedCustomers(h, 3);
    const { viewId } = await uploadCsv(
      h,
      ['customer,phone_number,display_name', ...customers.map((c, i) => `${c.name},+1415555040${i},Acme Store`)].join('\n'),
    );
    await confirm(h, viewId);
    await h.drainQueue();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(3);
  });

  it('pause, resume, status and cancel', async () => {
    h = await startHarness({ sendersMinIntervalMs: 3 * MINUTE });
    const rows = Array.from({ length: 5 }, (_, i) => `main,+1415555050${i},Brand${i} Store`);
    const { viewId } = await uploadCsv(h, ['customer,phone_number,display_name', ...rows].join('\n'));
    await confirm(h, viewId);
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    await h.command('bulk pause');
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('Paused');
    h.clock.advance(60 * MINUTE);
    await h.drainQueue();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    await h.command('bulk resume');
    await h.settle();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(2);
    await h.command('bulk status');
    await h.settle();
    expect(blocksText(h.slack.responses.at(-1)!.blocks)).toContain('Queued: *3*');
    await h.command('bulk cancel');
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('3 rows not yet sent were dropped');
    h.clock.advance(60 * MINUTE);
    await h.drainQueue();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(2);
    const csv = [...h.slack.uploads.values()].at(-1)!.content;
    expect(csv.match(/CANCELLED/g)).toHaveLength(3);
  });

  it('fails a row Twilio refuses (4xx) with its reason and goes on; retries 429 and 5xx', async () => {
    h = await startHarness({ sendersMinIntervalMs: MINUTE });
    h.sim.setScenario('+14155550601', 'already_registered');
    h.sim.failNext(429, 1, 'CreateChannelsSender');
    const rows = [0, 1, 2].map((i) => `main,+1415555060${i},Brand${i} Store`);
    const { viewId } = await uploadCsv(h, ['customer,phone_number,display_name', ...rows].join('\n'));
    await confirm(h, viewId);
    await h.drainQueue();
    const states = (await stored(h)).senders.map((s) => [s.phoneNumber, s.state, s.lastError?.code]);
    expect(states).toEqual([
      ['+14155550600', 'awaiting_code', undefined],
      ['+14155550601', 'failed', 63110],
      ['+14155550602', 'awaiting_code', undefined],
    ]);
    const csv = [...h.slack.uploads.values()].at(-1)!.content;
    expect(csv).toContain('+14155550601,,FAILED,63110');
  });
});

describe('single registrations share the pace', () => {
  it('a registration right after another in the same account is queued, told its turn, and sent then', async () => {
    h = await startHarness({ sendersMinIntervalMs: 3 * MINUTE });
    const { register } = await import('../support/flows.js');
    await register(h, { phone: '+14155550700', name: 'Acme Store' });
    const second = await register(h, { phone: '+14155550701', name: 'Acme Store' });
    expect(second.view.title.text).toBe('Registration queued');
    expect(blocksText(second.view.blocks)).toContain('12:03 UTC');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    await h.drainQueue();
    const creates = h.sim.requestsOf('CreateChannelsSender');
    expect(creates).toHaveLength(2);
    expect(creates[1]!.at - creates[0]!.at).toBe(3 * MINUTE);
    const record = (await stored(h)).senders.find((s) => s.phoneNumber === '+14155550701')!;
    expect(record.state).toBe('awaiting_code');
    const message = h.slack.messages.find((m) => m.ts === record.slack?.ts)!;
    expect(blocksText(message.blocks)).toContain(ACTION.enterCode);
  });
});
