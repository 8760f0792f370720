import type { SenderRecord } from '../../src/store/schema.js';

const AT = '2026-01-01T00:00:00.000Z';

/**
 * A sender record with every field the schema requires, for tests that store, read or judge
 * one: `over` sets what the test is about (updatedAt follows createdAt unless given).
 */
export function senderRecord(over: Partial<SenderRecord> = {}): SenderRecord {
  const createdAt = over.createdAt ?? AT;
  return {
    id: 'r1',
    accountSid: 'AC1',
    phoneNumber: '+14155550100',
    path: 'external_sms',
    state: 'queued',
    statusHistory: [],
    profile: { name: 'Acme Store' },
    webhook: {},
    requestedBy: 'U0ALICE',
    createdAt,
    updatedAt: createdAt,
    otp: { codeAttempts: 0, resends: 0 },
    ...over,
  };
}
