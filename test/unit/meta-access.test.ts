import { describe, expect, it } from 'vitest';
import { setUpMetaAccessForAll } from '../../src/jobs/meta-access-at-start.js';
import { createLogger } from '../../src/logger.js';
import { MetaError } from '../../src/meta/graph.js';
import { SecretRegistry } from '../../src/secrets.js';
import type { SendersContext } from '../../src/senders/context.js';
import { setUpMetaAccess } from '../../src/senders/customers/meta-access.js';
import type { Customer } from '../../src/store/schema.js';
import { FakeMetaView } from '../support/fake-meta-view.js';
import { ManualClock } from '../support/manual-clock.js';
import { memoryStore } from '../support/memory-store.js';

const TOKEN = 'EAAGsystemUserToken0123456789abcdefXYZ';
const WABA = '104567891234567';

async function world(options: { meta?: boolean } = {}) {
  const store = memoryStore();
  const clock = new ManualClock();
  const secrets = new SecretRegistry([TOKEN]);
  const logLines: string[] = [];
  const meta = new FakeMetaView();
  const ctx = {
    store,
    clock,
    secrets,
    logger: createLogger(secrets, (line) => logLines.push(line)),
    settings: { command: '/senders' },
    meta: options.meta === false ? undefined : meta,
  } as unknown as SendersContext;
  let n = 0;
  const addCustomer = async (name: string, wabaId: string | null = WABA): Promise<Customer> => {
    n += 1;
    const customer: Customer = {
      id: `c${n}`,
      name,
      accountSid: `AC${String(n).padStart(32, '0')}`,
      createdBySlackUser: 'U1',
      createdAt: '2026-11-25T12:00:00.000Z',
      createdSubaccount: false,
      wabaId: wabaId ?? undefined,
    };
    await store.customers.insert(customer);
    return (await store.customers.get(customer.id))!;
  };
  const stored = async (id: string) => (await store.customers.get(id))!;
  return { ctx, store, clock, meta, logLines, addCustomer, stored };
}

describe("access to a customer's WABA for the bot's Meta system user", () => {
  it('assigns the system user, then subscribes the app, and records when, with an audit entry', async () => {
    const { ctx, meta, addCustomer, stored, store } = await world();
    const acme = await addCustomer('Acme Corp');
    expect(await setUpMetaAccess(ctx, acme, 'U0ALICE')).toEqual({ ok: true });
    expect(meta.calls).toEqual([
      { method: 'assignSystemUser', wabaId: WABA },
      { method: 'subscribeApp', wabaId: WABA },
    ]);
    expect((await stored(acme.id)).meta).toEqual({ accessAt: '2026-11-25T12:00:00.000Z' });
    expect((await store.audit.recent(1))[0]).toMatchObject({
      user: 'U0ALICE',
      action: 'meta_access',
      target: acme.accountSid,
      detail: `Acme Corp: WABA ${WABA}`,
    });
  });

  it('a token Meta does not accept (190) is stored as the problem without the token, and the person is told to get a new one; a later success clears it', async () => {
    const { ctx, meta, addCustomer, stored, logLines, store } = await world();
    const acme = await addCustomer('Acme Corp');
    meta.fail('assignSystemUser', new MetaError(`Meta refused: Error validating access token ${TOKEN}: Session has expired (190)`, false), 1);
    const result = await setUpMetaAccess(ctx, acme);
    expect(result).toMatchObject({ ok: false, problem: { message: expect.stringContaining('Ask your bot admin for a new system user token') } });
    expect(meta.callsOf('subscribeApp')).toEqual([]);
    const problem = (await stored(acme.id)).meta?.accessProblem;
    expect(problem).toContain('Session has expired');
    expect(problem).not.toContain(TOKEN);
    expect((await stored(acme.id)).meta?.accessAt).toBeUndefined();
    expect(JSON.stringify(await store.audit.recent(5))).not.toContain(TOKEN);
    expect(logLines.join('\n')).not.toContain(TOKEN);
    expect(JSON.stringify(result)).not.toContain(TOKEN);

    expect(await setUpMetaAccess(ctx, await stored(acme.id))).toEqual({ ok: true });
    expect((await stored(acme.id)).meta).toEqual({ accessAt: '2026-11-25T12:00:00.000Z' });
  });

  it('a WABA not shared with the business: the customer must share it or onboard again', async () => {
    const { ctx, meta, addCustomer } = await world();
    const acme = await addCustomer('Acme Corp');
    meta.fail('subscribeApp', new MetaError(`the system user has no access to WABA ${WABA} (Meta: (#200) Permissions error)`, false));
    const result = await setUpMetaAccess(ctx, acme);
    expect(result).toMatchObject({ ok: false, problem: { message: expect.stringContaining('The customer must share the WABA with your business') } });
    expect(result.ok ? '' : result.problem.message).toContain('`/senders customer onboard "Acme Corp"`');
  });

  it("any other refusal says Meta's words without repeating who said them, and how to try again", async () => {
    const { ctx, meta, addCustomer } = await world();
    const acme = await addCustomer('Acme Corp');
    meta.fail('assignSystemUser', new MetaError('Meta refused: (#100) Unsupported post request', false));
    const result = await setUpMetaAccess(ctx, acme);
    expect(result.ok ? '' : result.problem.message).toBe(
      `Meta refused access to WABA ${WABA} ((#100) Unsupported post request). Check the WABA with \`/senders customers\`, then run \`/senders customer meta "Acme Corp"\` again.`,
    );
  });

  it("the client's refusals are each told with their own next step", async () => {
    const { ctx, meta, addCustomer } = await world();
    const acme = await addCustomer('Acme Corp');
    const told = async (error: Error) => {
      meta.heal();
      meta.fail('assignSystemUser', error);
      const result = await setUpMetaAccess(ctx, acme);
      return result.ok ? '' : result.problem.message;
    };
    const token = 'Meta does not accept META_SYSTEM_USER_TOKEN (expired or revoked): make a new system user token in Meta Business Settings';
    expect(await told(new MetaError(token, false))).toContain('Ask your bot admin for a new system user token');
    const proof = "Meta does not accept the calls' appsecret_proof: META_APP_SECRET must be the secret of the app the system user token belongs to";
    expect(await told(new MetaError(proof, false))).toContain('Ask your bot admin to check the bot’s Meta settings');
    expect(await told(new MetaError('Meta is limiting calls ((#80008) too many calls); the bot waits before asking again', true))).toContain(
      'Meta could not be asked this time (Meta is limiting calls',
    );
    expect(await told(new MetaError('Meta did not answer in time', true))).toContain('the bot also tries again when it next starts');
  });

  it('decides again from the stored customer when it changed while Meta was asked, keeping that change', async () => {
    const { ctx, meta, addCustomer, stored, store } = await world();
    const acme = await addCustomer('Acme Corp');
    meta.during = async (method) => {
      if (method !== 'subscribeApp') return;
      const now = (await store.customers.get(acme.id))!;
      now.meta = { ...now.meta, checkedAt: '2026-11-25T11:59:00.000Z' };
      await store.customers.save(now);
    };
    expect(await setUpMetaAccess(ctx, acme)).toEqual({ ok: true });
    expect((await stored(acme.id)).meta).toEqual({ checkedAt: '2026-11-25T11:59:00.000Z', accessAt: '2026-11-25T12:00:00.000Z' });
  });

  it('records nothing when the customer was given another WABA while Meta was asked', async () => {
    const { ctx, meta, addCustomer, stored, store } = await world();
    const acme = await addCustomer('Acme Corp');
    meta.during = async () => {
      const now = (await store.customers.get(acme.id))!;
      if (now.wabaId !== WABA) return;
      now.wabaId = '108888888888888';
      await store.customers.save(now);
    };
    const result = await setUpMetaAccess(ctx, acme);
    expect(result).toMatchObject({ ok: false, problem: { message: expect.stringContaining('no longer 104567891234567') } });
    expect((await stored(acme.id)).meta).toBeUndefined();
  });

  it('a customer with no WABA, or a bot with no system user: nothing is asked of Meta, and the person is told what to do', async () => {
    const { ctx, meta, addCustomer, stored } = await world();
    const bare = await addCustomer('Initech', null);
    const result = await setUpMetaAccess(ctx, bare);
    expect(result).toMatchObject({ ok: false, problem: { message: expect.stringContaining('`/senders customer waba "Initech" <WABA ID>`') } });
    expect(meta.calls).toEqual([]);
    expect((await stored(bare.id)).meta).toBeUndefined();

    const without = await world({ meta: false });
    const acme = await without.addCustomer('Acme Corp');
    expect(await setUpMetaAccess(without.ctx, acme)).toMatchObject({ ok: false, problem: { message: expect.stringContaining('no Meta system user') } });
  });

  it('at start: every customer with a WABA and no access yet, a few at a time; the ones Meta refused are named', async () => {
    const { ctx, meta, addCustomer, stored, logLines } = await world();
    const done = await addCustomer('Done Already', '101111111111111');
    await setUpMetaAccess(ctx, done);
    meta.calls.length = 0;
    await addCustomer('No WABA', null);
    await addCustomer('Acme Corp', '102222222222222');
    const globex = await addCustomer('Globex', '103333333333333');
    await addCustomer('Umbrella', '104444444444444');
    meta.during = (method, wabaId) => {
      if (method === 'assignSystemUser' && wabaId === '103333333333333') throw new MetaError('Meta could not be reached', true);
    };
    const report = await setUpMetaAccessForAll(ctx);
    expect(report.done.sort()).toEqual(['Acme Corp', 'Umbrella']);
    expect(report.failed).toEqual([{ customer: 'Globex', problem: expect.stringContaining('Meta could not be asked this time (Meta could not be reached)') }]);
    expect(new Set(meta.callsOf('assignSystemUser'))).toEqual(new Set(['102222222222222', '103333333333333', '104444444444444']));
    expect((await stored(globex.id)).meta?.accessProblem).toBe('Meta could not be reached');
    expect(logLines.some((line) => line.includes('Globex'))).toBe(true);

    meta.during = undefined;
    expect(await setUpMetaAccessForAll(ctx)).toEqual({ done: ['Globex'], failed: [] });
  });
});
