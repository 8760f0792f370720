import { describe, expect, it } from 'vitest';
import { DEFAULT_WATCH } from '../../src/senders/watch/schedule.js';
import type { MetaNumberView, SenderRecord } from '../../src/store/schema.js';
import { homeView } from '../../src/views/home.js';
import { listMessage } from '../../src/views/list-message.js';
import { metaBlocks, metaFlag, metaLine, metaShort, metaText } from '../../src/views/meta-view.js';
import { metaCanSendWords, metaEntityWords, metaLimitWords, metaNameWords, metaQualityWords, metaStatusWords } from '../../src/views/meta-words.js';
import { senderMessage } from '../../src/views/sender-message.js';
import { statusMessage } from '../../src/views/status-message.js';
import { senderRecord } from '../support/sender-record.js';

const NOW = Date.parse('2026-12-07T12:40:00Z');

const healthy: MetaNumberView = {
  id: '109876543210987',
  checkedAt: '2026-12-07T12:35:00.000Z',
  status: 'CONNECTED',
  nameStatus: 'APPROVED',
  quality: 'GREEN',
  limit: 'TIER_2K',
  health: { canSend: 'AVAILABLE', errors: [] },
};
const blockedByWaba: MetaNumberView = {
  ...healthy,
  health: {
    canSend: 'BLOCKED',
    errors: [{ entity: 'WABA', code: 141006, description: 'No valid payment method', solution: 'Add a payment method in Business Settings.' }],
  },
};
const nameDeclined: MetaNumberView = {
  ...healthy,
  nameStatus: 'DECLINED',
  nameDecision: { decision: 'DECLINED', name: 'ACME!!!', reason: 'The name does not match the business.', at: '2026-12-07T12:30:00.000Z' },
};

const online = (meta?: MetaNumberView): SenderRecord =>
  senderRecord({
    sid: `XE${'a'.repeat(32)}`,
    state: 'online',
    status: 'ONLINE',
    statusHistory: [{ status: 'ONLINE', at: '2026-12-07T12:00:00.000Z' }],
    qualityRating: 'HIGH',
    messagingLimit: '1K Customers/24hr',
    ...(meta ? { meta } : {}),
  });

/** Every text a reader sees in some blocks, in order. */
const texts = (blocks: unknown[]): string[] =>
  [...JSON.stringify(blocks).matchAll(/"text":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);

describe("Meta's enums in words", () => {
  it('says statuses, name reviews, quality, limits, sending and entities as people read them', () => {
    expect(metaStatusWords('CONNECTED')).toBe('Connected');
    expect(metaNameWords('PENDING_REVIEW')).toBe('In review at Meta');
    expect(metaNameWords('DECLINED')).toBe('Declined');
    expect(metaQualityWords('GREEN')).toBe('High (green)');
    expect(metaQualityWords('RED')).toBe('Low (red)');
    expect(['TIER_1K', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'].map(metaLimitWords)).toEqual([
      '1K / day',
      '2K / day',
      '10K / day',
      '100K / day',
      'unlimited',
    ]);
    expect(['AVAILABLE', 'LIMITED', 'BLOCKED'].map(metaCanSendWords)).toEqual(['can send', 'limited', 'cannot send']);
    expect(['PHONE_NUMBER', 'WABA', 'BUSINESS', 'APP'].map(metaEntityWords)).toEqual(['number', 'WhatsApp account', 'business portfolio', 'app']);
  });

  it('turns a value Meta adds later into words, never a shouted enum', () => {
    expect(metaStatusWords('SUSPENDED_FOR_REVIEW')).toBe('Suspended for review');
    expect(metaLimitWords('LIMIT_UNKNOWN')).toBe('Limit unknown');
    expect(metaEntityWords('AD_ACCOUNT')).toBe('ad account');
    expect(metaLine({ ...healthy, status: 'SUSPENDED_FOR_REVIEW', quality: 'PURPLE' })).not.toMatch(/[A-Z]{2,}_|PURPLE/);
  });
});

describe("Meta's view of a number", () => {
  it('says all is well in one line, noting the Official Business Account', () => {
    expect(metaLine(healthy)).toBe('Meta: Connected · name Approved · quality High · limit 2K / day · can send');
    expect(metaLine({ ...healthy, official: true })).toBe(
      'Meta: Connected · name Approved · quality High · limit 2K / day · can send · Official Business Account',
    );
  });

  it('leads with what stops the number: the entity Meta blames, its code and its text', () => {
    const line = metaLine(blockedByWaba)!;
    expect(line.startsWith(':no_entry: Meta: cannot send — WhatsApp account: 141006 No valid payment method · ')).toBe(true);
    expect(line).toContain('Connected');
    expect(line).not.toContain('can send ·');
    expect(metaShort(blockedByWaba)).toBe(':no_entry: Meta: cannot send — WhatsApp account: 141006 No valid payment method');
    expect(metaFlag(blockedByWaba)).toBe(metaShort(blockedByWaba));
  });

  it("says a declined name first, with Meta's reason", () => {
    expect(metaLine(nameDeclined)).toBe(
      ':warning: Meta: name Declined: “The name does not match the business” · Connected · quality High · limit 2K / day · can send',
    );
  });

  it("escapes Meta's text in mrkdwn and keeps it as is in plain text, without emoji", () => {
    const odd: MetaNumberView = {
      ...healthy,
      health: { canSend: 'LIMITED', errors: [{ entity: 'APP', code: 131031, description: 'Account <locked> & flagged' }] },
    };
    expect(metaLine(odd)).toContain('app: 131031 Account &lt;locked&gt; &amp; flagged');
    expect(metaText(odd)).toBe('Meta: limited — app: 131031 Account <locked> & flagged · Connected · name Approved · quality High · limit 2K / day');
  });

  it('dates the view inline only when asked to, and in a context element in the blocks', () => {
    expect(metaLine(healthy, NOW)).toMatch(/· as of <!date\^\d+\^[^|]*\|12:35 UTC>$/);
    const [line, context] = texts(metaBlocks(blockedByWaba, NOW));
    expect(line).toBe(metaLine(blockedByWaba));
    expect(context).toContain('Meta’s view as of <!date^');
    expect(context).toContain('Meta suggests: Add a payment method in Business Settings.');
  });

  it("a row cuts Meta's long text, so a page of rows fits its block; the full line keeps it", () => {
    const long = 'Your account was restricted because it did not follow the WhatsApp Business Messaging Policy. '.repeat(4);
    const wordy: MetaNumberView = { ...healthy, health: { canSend: 'BLOCKED', errors: [{ entity: 'BUSINESS', code: 141010, description: long }] } };
    expect(metaShort(wordy)!.length).toBeLessThan(140);
    expect(metaShort(wordy)).toContain('business portfolio: 141010 Your account was restricted');
    expect(metaLine(wordy)!.length).toBeGreaterThan(300);
  });

  it('a short row says "Meta: ok" when nothing is wrong, and the Home tab flags nothing', () => {
    expect(metaShort(healthy)).toBe('Meta: ok');
    expect(metaFlag(healthy)).toBeUndefined();
  });

  it('shows nothing at all when the bot cannot ask Meta', () => {
    expect([metaLine(undefined, NOW), metaText(undefined), metaShort(undefined), metaFlag(undefined)]).toEqual([undefined, undefined, undefined, undefined]);
    expect(metaBlocks(undefined, NOW)).toEqual([]);
    const record = online();
    expect(texts(senderMessage(record, 'Acme', undefined, NOW).blocks).join('\n')).not.toContain('Meta:');
    expect(texts(statusMessage(record, 'Acme', true, NOW).blocks).join('\n')).not.toContain('Meta:');
    const page = { groups: [{ status: 'ONLINE', count: 1, records: [record] }], total: 1, page: 0, pages: 1, filter: {}, words: {} };
    expect(texts(listMessage(page, () => 'Acme', '/senders').blocks).join('\n')).not.toContain('Meta');
  });
});

describe("Meta's view beside Twilio's", () => {
  it("the sender's message and status put Meta's line right under Twilio's status", () => {
    const record = online(blockedByWaba);
    for (const blocks of [senderMessage(record, 'Acme', undefined, NOW).blocks, statusMessage(record, 'Acme', true, NOW).blocks]) {
      const shown = texts(blocks);
      const twilio = shown.findIndex((t) => t.includes('*Online*'));
      expect(twilio).toBeGreaterThanOrEqual(0);
      expect(shown[twilio + 1]).toBe(metaLine(blockedByWaba));
    }
  });

  it('list rows carry the short form', () => {
    const page = {
      groups: [{ status: 'ONLINE', count: 2, records: [online(healthy), { ...online(blockedByWaba), phoneNumber: '+14155550101' }] }],
      total: 2,
      page: 0,
      pages: 1,
      filter: {},
      words: {},
    };
    const rows = texts(listMessage(page, () => 'Acme', '/senders').blocks)
      .join('\n')
      .split('\n');
    expect(rows.find((r) => r.includes('+14155550100'))).toMatch(/· Meta: ok$/);
    expect(rows.find((r) => r.includes('+14155550101'))).toMatch(/· :no_entry: Meta: cannot send — WhatsApp account: 141006 No valid payment method$/);
  });

  it('the Home tab flags only the rows Meta reports a problem for', () => {
    const summary = {
      byShownStatus: { ONLINE: 2 },
      online: { count: 2, low: 0, medium: 0, worst: [{ ...online(blockedByWaba), phoneNumber: '+14155550101' }, online(healthy)] },
      attention: { count: 0, first: [] },
      nextCheckAt: NOW + 60_000,
    };
    const shown = texts(homeView(summary, { lastPollAt: '2026-12-07T12:30:00.000Z' }, NOW, DEFAULT_WATCH, '/senders', () => 'Acme').blocks).join('\n');
    const rows = shown.split('\n').filter((r) => r.startsWith('• '));
    expect(rows.find((r) => r.includes('+14155550101'))).toContain(':no_entry: Meta: cannot send — WhatsApp account: 141006');
    expect(rows.find((r) => r.includes('+14155550100'))).not.toContain('Meta');
  });
});
