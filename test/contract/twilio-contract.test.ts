import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwilioContract } from '../../src/sandbox/contract.js';
import { sid } from '../../src/sandbox/sim-state.js';
import { TwilioSimulator } from '../../src/sandbox/simulator.js';
import { createBodyFor } from '../../src/senders/registration/create-body.js';
import type { SenderRecord } from '../../src/store/schema.js';
import { createGateway, type TwilioGateway } from '../../src/twilio/gateway.js';
import { createTransport } from '../../src/twilio/transport.js';
import { ManualClock } from '../support/manual-clock.js';

const contract = new TwilioContract();
const main = sid('AC');
const token = 'contract-test-token';
const clock = new ManualClock();
let sim: TwilioSimulator;
let gateway: TwilioGateway;

beforeAll(async () => {
  sim = new TwilioSimulator({ mainAccountSid: main, authToken: token, clock, delays: { creatingMs: 0, verifyingMs: 0, offlineMs: 0 } });
  const url = await sim.start();
  sim.state.linkWaba(main);
  gateway = createGateway(createTransport({ username: main, password: token, accountSid: main, baseUrl: url, baseDelayMs: 1 }), main);
});
afterAll(async () => sim.stop());

const fullRecord = (phoneNumber: string): SenderRecord => ({
  id: 'r',
  accountSid: main,
  phoneNumber,
  path: 'external_sms',
  state: 'creating',
  statusHistory: [],
  profile: {
    name: 'Acme Store',
    about: 'About',
    description: 'Description',
    address: 'Address',
    emails: ['a@example.com'],
    vertical: 'Other',
    logo_url: 'https://example.com/logo.png',
    websites: ['https://example.com'],
  },
  webhook: { callback_url: 'https://example.com/in', callback_method: 'POST', status_callback_url: 'https://example.com/status' },
  requestedBy: 'U1',
  createdAt: '',
  updatedAt: '',
  otp: { codeAttempts: 0, resends: 0 },
});

describe("requests and responses follow Twilio's OpenAPI contract", () => {
  it('the pricing contract takes prices as Twilio sends them (decimal text), not as numbers', () => {
    const answer = {
      country: 'United States',
      iso_country: 'US',
      phone_number_prices: [{ number_type: 'local', base_price: '1.15', current_price: '1.15' }],
      price_unit: 'USD',
      url: 'https://pricing.twilio.com/v1/PhoneNumbers/Countries/US',
    };
    expect(contract.validateResponse('FetchPhoneNumberCountry', 200, answer)).toEqual({ valid: true, errors: [] });
    expect(
      contract.validateResponse('FetchPhoneNumberCountry', 200, { ...answer, phone_number_prices: [{ number_type: 'local', current_price: 1.15 }] }).valid,
    ).toBe(false);
  });

  it('the validator refuses the camelCase body the library types invite', () => {
    expect(contract.validateRequest('CreateChannelsSender', { senderId: 'whatsapp:+14155550100', profile: { name: 'A' } }).valid).toBe(false);
    expect(contract.validateRequest('CreateChannelsSender', { sender_id: 'whatsapp:+14155550100', configuration: { verificationMethod: 'voice' } }).valid).toBe(
      false,
    );
    expect(contract.validateRequest('CreateChannelsSender', { sender_id: 'whatsapp:+14155550100', configuration: { verification_method: 'fax' } }).valid).toBe(
      false,
    );
    expect(contract.validateResponse('FetchChannelsSender', 200, { sid: 'XE1', status: 'ONLINE' }).valid).toBe(false);
  });

  it('every create body the bot builds is valid', () => {
    for (const method of ['sms', 'voice'] as const) {
      expect(contract.validateRequest('CreateChannelsSender', createBodyFor(fullRecord('+14155550100'), method))).toEqual({ valid: true, errors: [] });
      expect(contract.validateRequest('CreateChannelsSender', createBodyFor({ ...fullRecord('+14155550100'), wabaId: '104567891234567' }, method))).toEqual({
        valid: true,
        errors: [],
      });
    }
  });

  it('every gateway call and every simulator answer validates, for every endpoint the bot uses', async () => {
    const sub = await gateway.createSubaccount('Acme Corp');
    await gateway.fetchAccount(sub.sid);
    const number = sim.addNumber(sub.sid, '+14155550111', { sms: false, voice: true });
    number.voice_application_sid = sid('AP');
    expect((await gateway.findIncomingNumber(sub.sid, '+14155550111'))?.sid).toBe(number.sid);
    await gateway.updateIncomingNumber(sub.sid, number.sid, {
      VoiceUrl: 'https://twimlets.com/voicemail?Email=a%40b.co',
      VoiceMethod: 'POST',
      VoiceApplicationSid: '',
    });
    await gateway.updateIncomingNumber(sub.sid, number.sid, { VoiceUrl: '', VoiceMethod: 'POST', VoiceFallbackUrl: '', VoiceApplicationSid: sid('AP') });

    const wabaId = sim.state.addWaba();
    const created = await gateway.createSender(sub.sid, createBodyFor({ ...fullRecord('+14155550122'), accountSid: sub.sid, wabaId }, 'sms'));
    await gateway.fetchSender(sub.sid, created.sid!);
    await gateway.updateSender(sub.sid, created.sid!, { configuration: { verification_code: sim.codeSentTo('+14155550122')! } });
    for (let i = 0; i < 3; i += 1) await gateway.createSender(main, createBodyFor(fullRecord(`+1415555020${i}`), 'voice'));
    expect(await gateway.listSenders(main)).toHaveLength(3);
    await gateway.deleteSender(sub.sid, created.sid!);
    sim.setScenario('+14155550300', 'already_registered');
    await expect(gateway.createSender(main, createBodyFor(fullRecord('+14155550300'), 'sms'))).rejects.toMatchObject({ code: 63110 });
    expect((await gateway.listAlerts(main, new Date(clock.now() - 3_600_000))).map((a) => a.error_code)).toEqual(['63110']);

    const used = new Set(sim.requests.map((r) => r.operationId));
    for (const op of [
      'CreateAccount',
      'FetchAccount',
      'ListIncomingPhoneNumber',
      'UpdateIncomingPhoneNumber',
      'CreateChannelsSender',
      'FetchChannelsSender',
      'UpdateChannelsSender',
      'ListChannelsSender',
      'DeleteChannelsSender',
      'ListAlert',
    ]) {
      expect(used, op).toContain(op);
    }
    for (const r of sim.requests.filter((x) => x.body !== undefined)) {
      expect(contract.validateRequest(r.operationId, r.body), r.operationId).toMatchObject({ valid: true });
    }
    expect(sim.contractViolations).toEqual([]);
  });

  it('numbers: searching every type, buying into a subaccount, refusals, moving between subaccounts and the credential probe all validate', async () => {
    const sub = await gateway.createSubaccount('Numbers Corp');
    const other = await gateway.createSubaccount('Other Corp');
    const local = await gateway.listAvailableNumbers('US', 'Local', { AreaCode: '212', SmsEnabled: true, PageSize: 10 });
    expect(local.map((n) => n.phone_number)).toEqual(['+12125550142']);
    expect((await gateway.listAvailableNumbers('US', 'TollFree', { VoiceEnabled: true })).length).toBeGreaterThan(0);
    expect((await gateway.listAvailableNumbers('GB', 'Mobile', { Contains: '7700' })).length).toBeGreaterThan(0);
    await expect(gateway.listAvailableNumbers('US', 'Mobile', {})).rejects.toMatchObject({ status: 404 });

    const bought = await gateway.buyNumber(sub.sid, '+12125550142');
    expect(bought.account_sid).toBe(sub.sid);
    await expect(gateway.buyNumber(sub.sid, '+12125550142')).rejects.toMatchObject({ code: 21422 });
    await expect(gateway.buyNumber(sub.sid, '+14155550761')).rejects.toMatchObject({ code: 21631 });
    await expect(gateway.buyNumber(sub.sid, '+447700900123')).rejects.toMatchObject({ code: 21649 });

    const moved = await gateway.moveNumber(sub.sid, bought.sid, other.sid);
    expect(moved.account_sid).toBe(other.sid);
    expect(await gateway.findIncomingNumber(sub.sid, '+12125550142')).toBeUndefined();
    await gateway.probeSubaccounts(2_000);
    const prices = await gateway.fetchNumberPrices('US', { timeoutMs: 2_000 });
    expect(prices).toMatchObject({
      iso_country: 'US',
      price_unit: 'USD',
      phone_number_prices: expect.arrayContaining([expect.objectContaining({ number_type: 'local' })]),
    });
    expect(typeof prices.phone_number_prices![0]!.current_price).toBe('string');
    await expect(gateway.fetchNumberPrices('ZZ')).rejects.toMatchObject({ status: 404 });

    for (const op of [
      'FetchPhoneNumberCountry',
      'ListAvailablePhoneNumberLocal',
      'ListAvailablePhoneNumberTollFree',
      'ListAvailablePhoneNumberMobile',
      'CreateIncomingPhoneNumber',
      'ListAccount',
    ]) {
      expect(new Set(sim.requests.map((r) => r.operationId)), op).toContain(op);
    }
    for (const r of sim.requests.filter((x) => x.body !== undefined)) {
      expect(contract.validateRequest(r.operationId, r.body), r.operationId).toMatchObject({ valid: true });
    }
    expect(sim.contractViolations).toEqual([]);
  });

  it('a Standard API key is refused on /Accounts (20003) but reads its own account', async () => {
    const key = sim.addApiKey('standard');
    const keyed = createGateway(createTransport({ username: key.sid, password: key.secret, accountSid: main, baseUrl: sim.url, baseDelayMs: 1 }), main);
    await expect(keyed.probeSubaccounts(2_000)).rejects.toMatchObject({ status: 403, code: 20003 });
    await expect(keyed.createSubaccount('Nope')).rejects.toMatchObject({ code: 20003 });
    expect(await keyed.findIncomingNumber(main, '+19999999999')).toBeUndefined();
  });

  it('a display-name change answers display_name_status, refuses a second one in review with 63128, and reports each verdict; every answer validates', async () => {
    const phone = '+14155550400';
    sim.setScenario(phone, 'name_declined', undefined, 10 * 60_000);
    const created = await gateway.createSender(main, createBodyFor(fullRecord(phone), 'sms'));
    await gateway.updateSender(main, created.sid!, { configuration: { verification_code: sim.codeSentTo(phone)! } });
    const rename = { profile: { name: 'Acme Market' } };
    expect((await gateway.updateSender(main, created.sid!, rename)).display_name_status).toBe('updating');
    expect(await gateway.fetchSender(main, created.sid!)).toMatchObject({ pending_display_name: 'Acme Market', pending_display_name_status: 'PENDING_REVIEW' });
    await expect(gateway.updateSender(main, created.sid!, { profile: { name: 'Acme Shop' } })).rejects.toMatchObject({ code: 63128, status: 409 });
    expect((await gateway.updateSender(main, created.sid!, { profile: { name: 'Acme Market', about: 'Hi' } })).display_name_status).toBe('pending_review');
    clock.advance(10 * 60_000);
    const declined = await gateway.fetchSender(main, created.sid!);
    expect(declined).toMatchObject({ pending_display_name_status: 'DECLINED', profile: { name: 'Acme Store' } });
    expect((await gateway.listAlerts(main, new Date(clock.now() - 60_000))).some((a) => a.error_code === '63124')).toBe(true);

    const other = '+14155550401';
    sim.setScenario(other, 'name_registration_failed', undefined, 5 * 60_000);
    const second = await gateway.createSender(main, createBodyFor(fullRecord(other), 'sms'));
    await gateway.updateSender(main, second.sid!, { configuration: { verification_code: sim.codeSentTo(other)! } });
    expect((await gateway.updateSender(main, second.sid!, { profile: { name: 'Acme Store' } })).display_name_status).toBe('no_change');
    await gateway.updateSender(main, second.sid!, rename);
    clock.advance(6 * 60_000);
    expect((await gateway.fetchSender(main, second.sid!)).pending_display_name_status).toBe('REGISTRATION_FAILED');
    expect((await gateway.updateSender(main, second.sid!, rename)).display_name_status).toBe('updating');
    clock.advance(60_000);
    expect(await gateway.fetchSender(main, second.sid!)).toMatchObject({ pending_display_name_status: 'COMPLETED', profile: { name: 'Acme Market' } });
    expect(sim.contractViolations).toEqual([]);
  });

  it('a create names a WABA Twilio knows, one per account: no WABA, an unknown one and a second one are refused, the first one links', async () => {
    const sub = await gateway.createSubaccount('Initech');
    const body = (phone: string, wabaId?: string) => createBodyFor({ ...fullRecord(phone), accountSid: sub.sid, wabaId }, 'sms');
    await expect(gateway.createSender(sub.sid, body('+14155550500'))).rejects.toMatchObject({ code: 63100, status: 400 });
    await expect(gateway.createSender(sub.sid, body('+14155550500', '999999999999999'))).rejects.toMatchObject({ code: 63101, status: 400 });
    const wabaId = sim.state.addWaba();
    const first = await gateway.createSender(sub.sid, body('+14155550500', wabaId));
    expect(first.configuration?.waba_id).toBe(wabaId);
    await expect(gateway.createSender(sub.sid, body('+14155550501', sim.state.addWaba()))).rejects.toMatchObject({ code: 63102, status: 400 });
    const other = await gateway.createSubaccount('Hooli');
    await expect(gateway.createSender(other.sid, createBodyFor({ ...fullRecord('+14155550502'), accountSid: other.sid, wabaId }, 'sms'))).rejects.toMatchObject(
      {
        code: 63101,
      },
    );
    // Later senders of the account may leave the WABA out: they join the linked one.
    expect((await gateway.createSender(sub.sid, body('+14155550503'))).configuration?.waba_id).toBe(wabaId);
    expect(sim.contractViolations).toEqual([]);
  });

  it('a subaccount is reached with the main credentials: v2010 by path, the Senders API with the subaccount SID', async () => {
    const sub = await gateway.createSubaccount('Globex');
    await gateway.listSenders(sub.sid);
    const list = sim.requests.filter((r) => r.operationId === 'ListChannelsSender').at(-1)!;
    expect(list.accountSid).toBe(sub.sid);
  });

  it("a recording of Meta's call: its audio comes back byte for byte, its deletion validates, and a deleted one is gone", async () => {
    const audio = Buffer.from([0x49, 0x44, 0x33, 0x00, 0xff, 0xfb, 0x90, 0x80, 0x0a, 0x0d, 0x00, 0xc3]);
    const recordingSid = sid('RE');
    sim.voiceCalls.recordings.set(recordingSid, { accountSid: main, audio });
    expect(Buffer.compare(await gateway.recordingAudio(main, recordingSid), audio)).toBe(0);
    await gateway.deleteRecording(main, recordingSid);
    expect(sim.requestsOf('DeleteRecording')).toHaveLength(1);
    await expect(gateway.recordingAudio(main, recordingSid)).rejects.toMatchObject({ status: 404 });
    await expect(gateway.deleteRecording(main, recordingSid)).rejects.toMatchObject({ status: 404 });
    expect(sim.contractViolations).toEqual([]);
  });
});
