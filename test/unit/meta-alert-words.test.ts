import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { metaIncidentAlert, metaIncidentReminder, metaResolvedAlert, metaTakenBlocks } from '../../src/views/meta-alerts.js';
import { metaIncidentDetails } from '../../src/views/meta-incident-details.js';
import { portfolioLimitNote } from '../../src/views/portfolio-limit-note.js';
import {
  META_CUSTOMER,
  META_NOW,
  META_WABA,
  metaAlertInput,
  nameDeclinedIncident,
  numberBlockedIncident,
  paymentIncident,
  policyIncident,
  restrictedWaba,
  verificationIncident,
} from '../support/meta-samples.js';

/** What a reader sees: section, field and context texts, in order. */
function shownText(blocks: KnownBlock[]): string {
  const texts: string[] = [];
  for (const block of blocks as Record<string, any>[]) {
    if (block.text?.text) texts.push(block.text.text);
    for (const field of block.fields ?? []) texts.push(field.text);
    if (block.type === 'context') for (const element of block.elements) texts.push(element.text ?? '');
  }
  return texts.join('\n');
}

/** The controls of the message's actions block. */
const controls = (blocks: KnownBlock[]): Record<string, any>[] =>
  (blocks as Record<string, any>[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements as Record<string, any>[]);

const control = (blocks: KnownBlock[], actionId: string) => controls(blocks).find((c) => c.action_id === actionId);

const primaries = (blocks: KnownBlock[]) => controls(blocks).filter((c) => c.style === 'primary');

const occurrences = (text: string, part: string): number => text.split(part).length - 1;

/** The next step's link, as `label -> url`. */
const nextStepLink = (blocks: KnownBlock[]): string | undefined => {
  const line = shownText(blocks)
    .split('\n')
    .find((l) => l.startsWith('*Next step:*'));
  const link = line?.match(/<([^|>]+)\|([^>]+)>/);
  return link ? `${link[2]} -> ${link[1]}` : undefined;
};

describe('the alert of a restriction Meta reports', () => {
  const alert = metaIncidentAlert(metaAlertInput(paymentIncident));
  const text = shownText(alert.blocks);

  it('says what Meta does, and that Twilio still says Online', () => {
    expect(text.split('\n')[0]).toBe(':no_entry: *Meta blocks sending for Acme Foods’s WhatsApp account* — Twilio still says Online');
    expect(alert.text).toBe('Meta blocks sending for Acme Foods’s WhatsApp account (error 141006)');
  });

  it('gives Meta’s own code, text and possible solution', () => {
    expect(text).toContain(`*Why:* Meta says (error 141006): “${paymentIncident.description}” Meta suggests: “${paymentIncident.solution}”`);
  });

  it('lists every number once, each with Twilio’s status in words', () => {
    for (const number of paymentIncident.numbers) {
      expect(occurrences(text, number)).toBe(1);
      expect(text).toContain(`• ${number} · Twilio says Online`);
    }
    expect(text).toContain('*Numbers (3):*');
  });

  it('says a number the bot did not register is not its, and leaves out the Online remark when no number is online', () => {
    const offline = metaIncidentAlert({
      ...metaAlertInput(paymentIncident, 'OFFLINE'),
      numbers: [{ e164: '+14155550123', twilioStatus: 'OFFLINE' }, { e164: '+447700900123' }],
    });
    const shown = shownText(offline.blocks);
    expect(shown).not.toContain('Twilio still says');
    expect(shown).toContain('• +14155550123 · Twilio says Offline');
    expect(shown).toContain('• +447700900123 · not registered through this bot');
  });

  it('names the customer, the WhatsApp account and when Meta reported it', () => {
    expect(text).toContain('Customer: Acme Foods · WhatsApp account `104567891234567` · Meta reported it <!date^');
    expect(text).toContain('|10:30 UTC>');
  });

  it('says "limits" for a limited account', () => {
    const limited = metaIncidentAlert({ ...metaAlertInput(paymentIncident), canSend: 'LIMITED' });
    expect(shownText(limited.blocks)).toMatch(/^:no_entry: \*Meta limits sending for Acme Foods’s WhatsApp account\*/);
  });

  it('escapes Meta’s text, so it cannot ping or link', () => {
    const hostile = metaIncidentAlert(metaAlertInput({ ...paymentIncident, description: 'Pay <!channel> at <https://evil.example|here> & now' }));
    expect(shownText(hostile.blocks)).toContain('Pay &lt;!channel&gt; at &lt;https://evil.example|here&gt; &amp; now');
  });
});

describe('the next step of each cause', () => {
  it.each([
    ['141006, payment method', paymentIncident, 'Billing in Meta Business Settings -> https://business.facebook.com/billing_hub/'],
    ['141010, policy', policyIncident, 'Business Support Home -> https://business.facebook.com/business-support-home'],
    [
      'business verification failed',
      verificationIncident,
      'Business verification in Meta Business Settings -> https://business.facebook.com/settings/security',
    ],
    [
      'a number Meta blocks',
      numberBlockedIncident,
      'Phone numbers in WhatsApp Manager -> https://business.facebook.com/wa/manage/phone-numbers/?waba_id=104567891234567',
    ],
    ['a declined display name', nameDeclinedIncident, 'Meta’s display name rules -> https://www.facebook.com/business/help/757569725593362'],
  ])('%s', (_, incident, link) => {
    expect(nextStepLink(metaIncidentAlert(metaAlertInput(incident)).blocks)).toBe(link);
  });

  it('another billing code in Meta’s words still leads to the payment method', () => {
    const unpaid = { ...paymentIncident, cause: 'WABA:141999', code: 141999, description: 'The account has an unpaid invoice.', solution: undefined };
    expect(nextStepLink(metaIncidentAlert(metaAlertInput(unpaid)).blocks)).toContain('billing_hub');
  });

  it('141010 worded as verification leads to business verification: Meta’s words decide', () => {
    const worded = { ...policyIncident, description: 'The Business has not passed business verification.', solution: undefined };
    expect(nextStepLink(metaIncidentAlert(metaAlertInput(worded)).blocks)).toContain('settings/security');
  });

  it('a rejected account review leads to an appeal', () => {
    const review = {
      id: 'WABA:review@2026-12-01T10:00:00.000Z',
      cause: 'WABA:review',
      entity: 'WABA',
      description: 'The account review was rejected.',
      numbers: [],
      postedAt: paymentIncident.postedAt,
    };
    expect(nextStepLink(metaIncidentAlert(metaAlertInput(review)).blocks)).toContain('business-support-home');
  });

  it('a declined name is fixed with "Change display name" on its sender', () => {
    const alert = metaIncidentAlert(metaAlertInput(nameDeclinedIncident, 'OFFLINE'));
    const text = shownText(alert.blocks);
    expect(text.split('\n')[0]).toBe(':no_entry: *Meta declined the display name of one of Acme Foods’s numbers*');
    expect(text).toContain(`*Why:* Meta’s reason: “${nameDeclinedIncident.description}”`);
    expect(text).toContain('press *Change display name*');
    expect(control(alert.blocks, ACTION.changeName)).toMatchObject({ text: { text: 'Change display name' }, value: 'sender-1' });
    expect(control(alert.blocks, ACTION.metaRecheck)).toBeUndefined();
  });

  it('a declined name on a number the bot did not register gives the rename command instead', () => {
    const alert = metaIncidentAlert({ ...metaAlertInput(nameDeclinedIncident), numbers: [{ e164: '+14155550123' }] });
    expect(shownText(alert.blocks)).toContain('give it with `/senders rename &lt;number&gt; &lt;new name&gt;`');
    expect(control(alert.blocks, ACTION.changeName)).toBeUndefined();
    expect(control(alert.blocks, ACTION.metaRecheck)?.value).toBe('cust-acme|NAME:+14155550123@2026-12-01T10:00:00.000Z');
  });
});

describe('the controls of a Meta incident', () => {
  const blocks = metaIncidentAlert(metaAlertInput(paymentIncident)).blocks;
  const value = 'cust-acme|WABA:141006@2026-12-01T10:00:00.000Z';

  it('are five at most, with "I’m on it" the one primary', () => {
    expect(controls(blocks).length).toBeLessThanOrEqual(5);
    expect(primaries(blocks).map((c) => c.text.text)).toEqual(['I’m on it']);
  });

  it('carry the customer and the incident (its cause and when it opened)', () => {
    expect(control(blocks, ACTION.metaTake)?.value).toBe(value);
    expect(control(blocks, ACTION.metaRecheck)).toMatchObject({ text: { text: 'Re-check now' }, value });
    expect(control(blocks, ACTION.metaDetails)).toMatchObject({ text: { text: 'Details' }, value });
    expect(control(blocks, ACTION.metaSnooze)?.options.map((o: any) => [o.text.text, o.value])).toEqual([
      ['Snooze 1 h', `${value}|60`],
      ['Snooze 4 h', `${value}|240`],
      ['Snooze 24 h', `${value}|1440`],
    ]);
  });

  it('open the WhatsApp account in WhatsApp Manager', () => {
    expect(control(blocks, ACTION.openWhatsAppManager)).toMatchObject({
      text: { text: 'Open in WhatsApp Manager' },
      url: `https://business.facebook.com/wa/manage/home/?waba_id=${META_WABA}`,
    });
  });

  it('once taken: no "I’m on it", the fix becomes the one primary, and the alert says who is on it', () => {
    const taken = metaTakenBlocks(blocks, 'U0ANA', META_NOW);
    expect(control(taken, ACTION.metaTake)).toBeUndefined();
    expect(primaries(taken).map((c) => c.action_id)).toEqual([ACTION.metaRecheck]);
    expect(shownText(taken)).toContain(':raising_hand: <@U0ANA> is on it since <!date^');
    const again = metaTakenBlocks(taken, 'U0BOB', META_NOW);
    expect(occurrences(shownText(again), 'is on it')).toBe(1);
    expect(shownText(again)).toContain('<@U0BOB> is on it');
  });
});

describe('a reminder of a Meta incident', () => {
  const base = { customer: META_CUSTOMER, wabaId: META_WABA, now: META_NOW, canSend: 'BLOCKED' };

  it('is for whoever took it, with how long it has lasted, and cannot be taken again', () => {
    const reminder = metaIncidentReminder({ ...base, incident: { ...paymentIncident, takenBy: 'U0ANA' } });
    expect(shownText(reminder.blocks)).toMatch(
      /^:alarm_clock: <@U0ANA> Reminder: Meta still blocks sending for Acme Foods’s WhatsApp account \(for 2 h 10 min, since/,
    );
    expect(control(reminder.blocks, ACTION.metaTake)).toBeUndefined();
    expect(primaries(reminder.blocks).map((c) => c.action_id)).toEqual([ACTION.metaRecheck]);
  });

  it('is for the whole channel while nobody took it', () => {
    const reminder = metaIncidentReminder({ ...base, incident: paymentIncident });
    expect(shownText(reminder.blocks)).toMatch(/^:alarm_clock: Reminder: /);
  });

  it('of a declined name offers "Change display name"', () => {
    const reminder = metaIncidentReminder({ ...base, incident: nameDeclinedIncident, nameSenderId: 'sender-1' });
    expect(shownText(reminder.blocks)).toContain('Meta still declines the display name of +14155550123');
    expect(control(reminder.blocks, ACTION.changeName)).toMatchObject({ value: 'sender-1', style: 'primary' });
  });
});

describe('the resolved line', () => {
  it('says what Meta lets happen again, after how long, and who took it', () => {
    const resolved = metaResolvedAlert({ ...paymentIncident, takenBy: 'U0ANA', recoveredAt: '2026-12-07T12:40:00.000Z' }, 'Acme', META_NOW + 3_600_000);
    expect(shownText(resolved.blocks)).toBe(':white_check_mark: Resolved: Meta lets Acme’s WhatsApp account send again after 2 h 10 min · taken by <@U0ANA>.');
    expect(resolved.blocks).toHaveLength(1);
  });

  it('names the numbers Meta lets send again, and says when nobody took it', () => {
    const resolved = metaResolvedAlert(numberBlockedIncident, 'Acme', META_NOW);
    expect(shownText(resolved.blocks)).toBe(':white_check_mark: Resolved: Meta lets Acme’s +14155550123 send again after 2 h 10 min · nobody took it.');
  });
});

describe('the Details of a Meta incident', () => {
  const details = metaIncidentDetails(paymentIncident, {
    customerName: 'Acme Foods',
    wabaId: META_WABA,
    waba: restrictedWaba,
    numbers: [
      {
        e164: '+14155550123',
        twilioStatus: 'ONLINE',
        meta: {
          id: '1098',
          checkedAt: '2026-12-07T12:35:00.000Z',
          status: 'CONNECTED',
          quality: 'GREEN',
          health: { canSend: 'LIMITED', errors: [{ entity: 'PHONE_NUMBER', code: 131031, description: 'Business account has been locked.' }] },
        },
      },
      { e164: '+447700900123' },
    ],
    now: META_NOW,
  });
  const text = shownText(details.blocks);

  it('lists every error with its entity, code, description and possible solution, each once', () => {
    expect(text).toContain(`• WhatsApp account *141006*: ${paymentIncident.description}\n   Meta suggests: ${paymentIncident.solution}`);
    expect(text).toContain(`• Business *141010*: ${policyIncident.description}`);
    expect(text).toContain('• Number +14155550123 *131031*: Business account has been locked.');
    expect(occurrences(text, '*141006*')).toBe(1);
  });

  it('shows each number with Twilio’s and Meta’s view', () => {
    expect(text).toContain('• +14155550123 · Twilio: Online · Meta: sending limited, connected, quality high');
    expect(text).toContain('• +447700900123 · Twilio: not registered through this bot · Meta: not read yet');
  });

  it('shows the WhatsApp account with Meta’s verdicts', () => {
    expect(text).toContain(
      `*WhatsApp account* <https://business.facebook.com/wa/manage/home/?waba_id=${META_WABA}|${META_WABA}>: sending blocked · account review approved · business verification verified`,
    );
  });
});

describe('the note of a portfolio’s messaging limit', () => {
  const numbers = ['+14155550123', '+447700900123'];

  it('names the new limit, the old one and every number that shares it', () => {
    const note = portfolioLimitNote({ customerName: 'Acme', from: 'TIER_2K', to: 'TIER_10K', numbers, now: META_NOW });
    expect(shownText(note.blocks)).toMatch(
      /^:information_source: Messaging limit of Acme’s business portfolio is now \*10K \/ day\* \(was 2K \/ day\), shared by \+14155550123, \+447700900123\. Seen/,
    );
    expect(note.blocks).toHaveLength(1);
  });

  it('warns, with the next step, when the limit is lowered', () => {
    const note = portfolioLimitNote({ customerName: 'Acme', from: 'TIER_10K', to: 'TIER_250', numbers, now: META_NOW });
    const text = shownText(note.blocks);
    expect(text).toMatch(/^:warning: Messaging limit of Acme’s business portfolio is down to \*250 \/ day\* \(was 10K \/ day\)/);
    expect(text).toContain('*Next step:* Tell the customer and spread campaigns over more days');
    expect(note.text).toBe('Messaging limit of Acme’s business portfolio lowered: 10K / day → 250 / day');
  });

  it('without a known earlier limit, just says the limit', () => {
    const note = portfolioLimitNote({ customerName: 'Acme', to: 'TIER_UNLIMITED', numbers: ['+14155550123'], now: META_NOW });
    expect(shownText(note.blocks)).toMatch(/is now \*unlimited\*, shared by \+14155550123\./);
  });
});
