import { afterEach, describe, expect, it } from 'vitest';
import { sid } from '../../src/sandbox/sim-state.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { ACTION } from '../../src/views/ids.js';
import { blocksText, giveWaba, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { storedText } from '../support/store-snapshot.js';
import { stored } from '../support/stored.js';
import { onPostgres } from '../support/test-store.js';

let h: Harness;
afterEach(async () => h?.stop());

const lastReply = () => h.slack.responses.at(-1)!;

describe('customers and read-only commands', () => {
  it('creates a subaccount for a new customer and registers senders in it with its own scope', async () => {
    h = await startHarness();
    await h.command('customer add "Acme Corp"');
    await h.settle();
    expect(lastReply().text).toContain('created a new Twilio subaccount');
    const created = h.sim.requestsOf('CreateAccount');
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toEqual({ FriendlyName: 'Acme Corp' });
    const customer = (await stored(h)).customers[0]!;
    expect(customer.name).toBe('Acme Corp');

    await h.command('customers');
    await h.settle();
    expect(blocksText(lastReply().blocks)).toContain(customer.accountSid);

    const wabaId = await giveWaba(h, 'Acme Corp');
    await register(h, { customer: customer.id, phone: '+14155550100', name: 'Acme Store' });
    const create = h.sim.requestsOf('CreateChannelsSender')[0]!;
    expect(create.body).toMatchObject({ configuration: { waba_id: wabaId } });
    expect(create.accountSid).toBe(customer.accountSid);
    expect(h.sim.state.senders.values().next().value!.accountSid).toBe(customer.accountSid);
    expect(h.sim.contractViolations).toEqual([]);
  });

  it('links an existing subaccount and refuses unknown or duplicate ones', async () => {
    h = await startHarness();
    const sub = h.sim.state.createSubaccount('Globex');
    await h.command(`customer add Globex ${sub.sid}`);
    await h.settle();
    expect(lastReply().text).toContain('linked the existing subaccount');
    expect(h.sim.requestsOf('CreateAccount')).toHaveLength(0);

    await h.command(`customer add Other ${sub.sid}`);
    await h.settle();
    expect(lastReply().text).toContain('already linked');

    await h.command(`customer add Initech ${sid('AC')}`);
    await h.settle();
    expect(lastReply().text).toContain('does not know');

    await h.command('customer add Bad AC123');
    await h.settle();
    expect(lastReply().text).toContain('not an account SID');
    expect((await stored(h)).customers).toHaveLength(1);
  });

  it('lists tracked senders grouped by status, and answers help and unknown subcommands', async () => {
    h = await startHarness();
    h.sim.setScenario('+14155550200', 'already_registered');
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    await register(h, { phone: '+14155550200', name: 'Acme Shop' });
    await h.command('list');
    await h.settle();
    const list = blocksText(lastReply().blocks);
    expect(list).toContain('Failed');
    expect(list).toMatch(/Creating|Waiting for the code/);
    expect(list).toContain('+14155550100');

    await h.command('help');
    await h.settle();
    for (const sub of ['register', 'status', 'list', 'customer add', 'customers', 'help']) expect(blocksText(lastReply().blocks)).toContain(`/senders ${sub}`);

    await h.command('frobnicate');
    await h.settle();
    expect(lastReply().text).toContain('/senders help');

    await h.command('status +19995550000');
    await h.settle();
    expect(lastReply().text).toMatch(/not a valid phone number|No WhatsApp sender/);
  });

  it('finds a sender registered outside the bot by its SID', async () => {
    h = await startHarness();
    const outside = h.sim.state.create(h.mainAccountSid, { sender_id: 'whatsapp:+14155550999', profile: { name: 'Console Sender' } });
    await h.command(`status ${outside.sid}`);
    await h.settle();
    const text = blocksText(lastReply().blocks);
    expect(text).toContain('+14155550999');
    expect(text).toContain('registered outside the bot');
    expect((await stored(h)).senders).toHaveLength(0);
  });

  it('keeps the data file free of secrets and codes, and records who did what', async () => {
    h = await startHarness();
    const { viewId } = await register(h, { phone: '+14155550100', name: 'Acme Store' });
    h.clock.advance(1_000);
    const code = h.sim.codeSentTo('+14155550100')!;
    await h.submitView(viewId, { code });
    await h.settle();
    const file = await storedText(h);
    const everything = [file, h.logLines.join('\n'), JSON.stringify(h.slack.calls)];
    for (const text of everything) {
      expect(text).not.toContain(h.authToken);
      expect(text).not.toContain(code);
    }
    if (!onPostgres) expect(JSON.parse(file).schemaVersion).toBe(SCHEMA_VERSION);
    const { audit } = await stored(h);
    expect(audit.map((a) => a.action)).toEqual(['register', 'enter_code']);
    expect(audit[0]!.user).toBe('U0ALICE');
  });
});

describe('the configured slash command', () => {
  it('is the one every message names', async () => {
    h = await startHarness({ slashCommand: '/wa' });
    const said = () => JSON.stringify(h.slack.responses.at(-1));
    await h.command('list');
    await h.settle();
    expect(said()).toContain('`/wa register`');
    await h.command('bulk pause');
    await h.settle();
    expect(said()).toContain('`/wa bulk`');
    await h.click(ACTION.resend, 'no-such-registration', { ts: '1700000000.000001', channel: 'C0ONBOARD' });
    await h.settle();
    expect(said()).toContain('`/wa list`');
    await h.command('help');
    expect(said()).toContain('/wa register');
    expect(JSON.stringify(h.slack.responses)).not.toContain('/senders');
  });
});
