import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonDocument } from '../../src/store/lowdb/json-document.js';
import { LowdbSenders } from '../../src/store/lowdb/sender-repository.js';
import { SenderTable } from '../../src/store/lowdb/sender-table.js';
import { Transaction } from '../../src/store/lowdb/unit.js';
import { DuplicateRegistrationError } from '../../src/store/repositories.js';
import { emptyData, type SenderRecord } from '../../src/store/schema.js';

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

function repository() {
  const doc = { data: emptyData(), write: async () => {}, senderChanged: () => {} } as unknown as JsonDocument;
  return { doc, senders: new LowdbSenders(doc, new SenderTable(doc), new Transaction()) };
}

/** Applies a change through the repository; a change the store refuses (a second registration in play) is left out. */
async function refusedOr(work: () => Promise<void>): Promise<void> {
  await work().catch((error: unknown) => {
    if (!(error instanceof DuplicateRegistrationError)) throw error;
  });
}

describe('finding a sender record', () => {
  it('answers as a scan of every record would, while records are inserted, change state and get their SID (the queue counts too)', async () => {
    const step = fc.oneof(
      fc.record({ add: fc.constantFrom(...PHONES), account: fc.constantFrom(...ACCOUNTS), state: fc.constantFrom(...STATES) }),
      fc.record({ change: fc.nat(), state: fc.constantFrom(...STATES) }),
      fc.record({ giveSid: fc.nat(), sid: fc.constantFrom('XE1', 'XE2', 'XE3') }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const { doc, senders } = repository();
        let n = 0;
        for (const s of steps) {
          const all = doc.data.senders;
          if ('add' in s) await refusedOr(() => senders.insert(record(n++, s.add, s.account, s.state)));
          else if ('change' in s && all.length) {
            const changed = (await senders.get(all[s.change % all.length]!.id))!;
            changed.state = s.state;
            await refusedOr(() => senders.save(changed));
          } else if ('giveSid' in s && all.length) {
            const changed = (await senders.get(all[s.giveSid % all.length]!.id))!;
            changed.sid = s.sid;
            await senders.save(changed);
          }
          for (const key of [...PHONES, 'XE1', 'XE2', 'XE3']) expect((await senders.findBySidOrPhone(key))?.id).toBe(scanSender(all, key)?.id);
          for (const account of ACCOUNTS)
            for (const phone of PHONES) expect((await senders.findActive(account, phone))?.id).toBe(scanActive(all, account, phone)?.id);
          for (let i = 0; i <= n; i++) expect((await senders.get(`r${i}`))?.id).toBe(scanById(all, `r${i}`)?.id);
          // Records without a queue time count as ahead of any: every queued record of the account.
          for (const account of ACCOUNTS)
            expect(await senders.aheadInQueue(account, '2026-01-01T00:00:00Z')).toBe(
              all.filter((r) => r.state === 'queued' && r.accountSid === account).length,
            );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('still finds records when the list is replaced by a shorter one, as a restore from a backup would', async () => {
    const { doc, senders } = repository();
    await senders.insert(record(1, PHONES[0]!, 'AC1', 'online'));
    await senders.insert(record(2, PHONES[1]!, 'AC1', 'online'));
    expect(await senders.get('r2')).toBeDefined();
    doc.data.senders = [record(3, PHONES[2]!, 'AC2', 'queued')];
    expect(await senders.get('r1')).toBeUndefined();
    expect((await senders.findBySidOrPhone(PHONES[2]!))?.id).toBe('r3');
  });
});
