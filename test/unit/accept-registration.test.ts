import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { SecretRegistry } from '../../src/secrets.js';
import { Claims } from '../../src/senders/claims.js';
import type { SendersContext } from '../../src/senders/context.js';
import { acceptRegistration, type RegistrationRequest } from '../../src/senders/registration/registration.js';
import { StorageError } from '../../src/store/storage-error.js';
import { memoryStore } from '../support/memory-store.js';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const request: RegistrationRequest = {
  accountSid: 'AC00000000000000000000000000000001',
  phoneNumber: '+14155550100',
  profile: { name: 'Acme Store' },
  webhook: {},
  requestedBy: 'U1',
};
const lost = () => new StorageError('the database at db:5432/bot', Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' }));

/** A registration form's first step against a store whose unit of writes ends as `end` says, after doing its work. */
function world(end: 'stored, answer lost' | 'not stored') {
  const store = memoryStore();
  const atomically = store.atomically.bind(store);
  store.atomically = async (work, options) => {
    if (end === 'not stored') throw lost();
    await atomically(work, options);
    throw lost();
  };
  const ctx = {
    store,
    clock: { now: () => NOW },
    logger: silentLogger,
    newId: () => 'r1',
    inProcess: new Claims(),
    secrets: new SecretRegistry(),
  } as unknown as SendersContext;
  return { ctx, store };
}

describe('a registration whose store answer is lost', () => {
  it('is accepted when the store holds it after all, so the person is never told a stored registration was not saved', async () => {
    const { ctx } = world('stored, answer lost');
    const accepted = await acceptRegistration(ctx, request);
    expect(accepted).toMatchObject({ kind: 'accepted', record: { id: 'r1', phoneNumber: '+14155550100', state: 'queued' } });
  });

  it('is refused as not saved when the store does not hold it', async () => {
    const { ctx, store } = world('not stored');
    const accepted = await acceptRegistration(ctx, request);
    expect(accepted.kind).toBe('not_saved');
    expect(await store.senders.list()).toEqual([]);
  });
});
