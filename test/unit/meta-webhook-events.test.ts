import { describe, expect, it } from 'vitest';
import { e164OfDisplay, metaEventsOf } from '../../src/meta/webhook-events.js';

const WABA = '102290129340398';
const TIME = 1_765_000_000;

const payload = (changes: unknown[], entry: Record<string, unknown> = {}) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: WABA, time: TIME, changes, ...entry }],
});

const quality = { field: 'phone_number_quality_update', value: { display_phone_number: '16505551111', event: 'DOWNGRADE', current_limit: 'TIER_1K' } };
const nameDeclined = {
  field: 'phone_number_name_update',
  value: { display_phone_number: '+1 650-555-2222', decision: 'REJECTED', requested_verified_name: 'Acme Store', rejection_reason: 'NAME_FORMAT_UNACCEPTABLE' },
};
const restricted = {
  field: 'account_update',
  value: { event: 'ACCOUNT_RESTRICTION', restriction_info: [{ restriction_type: 'RESTRICTED_ADD_PHONE_NUMBER_ACTION' }] },
};

describe("Meta's webhook events", () => {
  it('gives one event per entry and change of the fields the bot acts on, with the WABA, the time in ms and the numbers in E.164', () => {
    const events = metaEventsOf({
      object: 'whatsapp_business_account',
      entry: [
        { id: WABA, time: TIME, changes: [quality, restricted] },
        { id: '2222', time: TIME + 5, changes: [{ field: 'business_capability_update', value: { max_daily_conversation_per_phone: 1000 } }] },
      ],
    });
    expect(events.map(({ key: _key, ...rest }) => rest)).toEqual([
      { wabaId: WABA, field: 'phone_number_quality_update', at: TIME * 1000, numbers: ['+16505551111'] },
      { wabaId: WABA, field: 'account_update', at: TIME * 1000, numbers: [] },
      { wabaId: '2222', field: 'business_capability_update', at: (TIME + 5) * 1000, numbers: [] },
    ]);
    expect(events.every((event) => /^[0-9a-f]{64}$/.test(event.key))).toBe(true);
  });

  it("carries Meta's decision on a display name, with the name asked for and Meta's reason", () => {
    const [declined] = metaEventsOf(payload([nameDeclined]));
    expect(declined).toMatchObject({
      field: 'phone_number_name_update',
      numbers: ['+16505552222'],
      nameDecision: { e164: '+16505552222', decision: 'REJECTED', name: 'Acme Store', reason: 'NAME_FORMAT_UNACCEPTABLE' },
    });
    const [approved] = metaEventsOf(
      payload([{ field: 'phone_number_name_update', value: { display_phone_number: '16505552222', decision: 'APPROVED', rejection_reason: 'NONE' } }]),
    );
    expect(approved!.nameDecision).toEqual({ e164: '+16505552222', decision: 'APPROVED' });
    expect(metaEventsOf(payload([quality]))[0]).not.toHaveProperty('nameDecision');
  });

  it('names the number of an account_update and of an account alert, and the WABA alone when the change names none', () => {
    const [update] = metaEventsOf(payload([{ field: 'account_update', value: { phone_number: '5215512345678', event: 'ACCOUNT_VIOLATION' } }]));
    expect(update!.numbers).toEqual(['+5215512345678']);
    const [alert] = metaEventsOf(
      payload([{ field: 'account_alerts', value: { entity_type: 'WABA', entity_id: WABA, alert_severity: 'CRITICAL', alert_type: 'OBA_APPROVED' } }]),
    );
    expect(alert).toMatchObject({ field: 'account_alerts', numbers: [] });
  });

  it('gives the same event delivered twice, its keys in any order, one key; another time, value or WABA another', () => {
    const [first] = metaEventsOf(payload([quality]));
    const reordered = { field: quality.field, value: { current_limit: 'TIER_1K', event: 'DOWNGRADE', display_phone_number: '16505551111' } };
    const [again] = metaEventsOf(payload([reordered]));
    expect(again!.key).toBe(first!.key);
    const [later] = metaEventsOf(payload([quality], { time: TIME + 1 }));
    const [upgraded] = metaEventsOf(payload([{ ...quality, value: { ...quality.value, event: 'UPGRADE' } }]));
    const [elsewhere] = metaEventsOf(payload([quality], { id: '999' }));
    expect(new Set([first!.key, later!.key, upgraded!.key, elsewhere!.key]).size).toBe(4);
  });

  it("leaves out what the bot does not act on: other objects, the customer's messages, unknown fields", () => {
    expect(metaEventsOf({ ...payload([quality]), object: 'page' })).toEqual([]);
    const messages = { field: 'messages', value: { messaging_product: 'whatsapp', messages: [{ from: '16505551111', text: { body: 'hi' } }] } };
    expect(metaEventsOf(payload([messages, { field: 'message_template_status_update', value: { event: 'APPROVED' } }]))).toEqual([]);
  });

  it('skips malformed parts and keeps the rest, never throwing', () => {
    const broken: unknown[] = [null, 'text', 42, [], { field: 'account_update' }, { field: 'account_update', value: 'x' }, { value: {} }, quality];
    expect(metaEventsOf(payload(broken)).map((e) => e.field)).toEqual(['phone_number_quality_update']);
    for (const entry of [null, {}, { id: WABA, changes: [quality] }, { id: WABA, time: 'yesterday', changes: [quality] }, { time: TIME, changes: [quality] }]) {
      expect(metaEventsOf({ object: 'whatsapp_business_account', entry: [entry] })).toEqual([]);
    }
    for (const odd of [undefined, null, 'x', [], {}, { object: 'whatsapp_business_account' }, { object: 'whatsapp_business_account', entry: {} }]) {
      expect(metaEventsOf(odd)).toEqual([]);
    }
    // A number that cannot be one leaves the event to its WABA.
    const [noNumber] = metaEventsOf(payload([{ ...quality, value: { ...quality.value, display_phone_number: 'n/a' } }]));
    expect(noNumber!.numbers).toEqual([]);
  });

  it('writes the numbers Meta shows in E.164, keeping the digits WhatsApp uses (+52 1, +54 9)', () => {
    expect(e164OfDisplay('+1 555-123-4567')).toBe('+15551234567');
    expect(e164OfDisplay('15551234567')).toBe('+15551234567');
    expect(e164OfDisplay('+52 1 55 1234 5678')).toBe('+5215512345678');
    expect(e164OfDisplay('+54 9 11 2345-6789')).toBe('+5491123456789');
    expect(e164OfDisplay('123')).toBeUndefined();
    expect(e164OfDisplay(15551234567)).toBeUndefined();
  });
});
