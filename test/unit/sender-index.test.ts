import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { emptyData, type SenderRecord } from '../../src/store/schema.js';
import { addSender, findActiveRegistration, findSender, findSenderById } from '../../src/store/senders.js';

const PHONES = ['+14155550100', '+14155550101', '+5491123456789'];
const ACCOUNTS = ['AC1', 'AC2'];
const STATES = ['queued', 'awaiting_code', 'online', 'failed', 'abandoned'] as const;

const record = (n: number, phone: string, accountSid: string, state: (typeof STATES)[number], sid?: string) =>
  ({ id: `r${n}`, phoneNumber: phone, accountSid, state, sid }) as unknown as SenderRecord;

// The plain scans the index stands for.
const scanById = (all: SenderRecord[], id: string) => all.find((s) => s.id === id);
const scanSender = (all: SenderRecord[], key: string) => {
  const matches = all.filter((s) => s.sid === key || s.phoneNumber === key);
  return matches.find((s) => s.state !== 'failed' && s.state !== 'abandoned') ?? matches.at(-1);
};
const scanActive = (all: SenderRecord[], account: string, phone: string) =>
  all.find((s) => s.accountSid === account && s.phoneNumber === phone && s.state !== 'failed' && s.state !== 'abandoned');

describe('finding a sender record', () => {
  it('answers as a scan of every record would, while records are appended, change state and get their SID', () => {
    const step = fc.oneof(
      fc.record({ add: fc.constantFrom(...PHONES), account: fc.constantFrom(...ACCOUNTS), state: fc.constantFrom(...STATES) }),
      fc.record({ change: fc.nat(), state: fc.constantFrom(...STATES) }),
      fc.record({ giveSid: fc.nat(), sid: fc.constantFrom('XE1', 'XE2', 'XE3') }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const store = { data: emptyData(), write: async () => {} } as Store;
        let n = 0;
        for (const s of steps) {
          const all = store.data.senders;
          if ('add' in s) addSender(store, record(n++, s.add, s.account, s.state));
          else if ('change' in s && all.length) all[s.change % all.length]!.state = s.state;
          else if ('giveSid' in s && all.length) all[s.giveSid % all.length]!.sid = s.sid;
          for (const key of [...PHONES, 'XE1', 'XE2', 'XE3']) expect(findSender(store, key)).toBe(scanSender(all, key));
          for (const account of ACCOUNTS)
            for (const phone of PHONES) expect(findActiveRegistration(store, account, phone)).toBe(scanActive(all, account, phone));
          for (let i = 0; i <= n; i++) expect(findSenderById(store, `r${i}`)).toBe(scanById(all, `r${i}`));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('still finds records when the list is replaced by a shorter one, as a restore from a backup would', () => {
    const store = { data: emptyData(), write: async () => {} } as Store;
    addSender(store, record(1, PHONES[0]!, 'AC1', 'online'));
    addSender(store, record(2, PHONES[1]!, 'AC1', 'online'));
    expect(findSenderById(store, 'r2')).toBeDefined();
    store.data.senders.splice(0, 2, record(3, PHONES[2]!, 'AC2', 'queued'));
    expect(findSenderById(store, 'r1')).toBeUndefined();
    expect(findSender(store, PHONES[2]!)?.id).toBe('r3');
  });
});
