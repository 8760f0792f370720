import { afterEach, describe, expect, it } from 'vitest';
import { REFUSED } from '../../src/access.js';
import { MetaError } from '../../src/meta/graph.js';
import { FakeMetaView } from '../support/fake-meta-view.js';
import { type Harness, startHarness } from '../support/harness.js';
import { stored } from '../support/stored.js';

let h: Harness;
afterEach(async () => h?.stop());

const TOKEN = 'EAAGsystemUserToken0123456789abcdefXYZ';

async function command(text: string, actor?: { user: string; channel: string }) {
  await h.command(text, actor);
  await h.settle();
  return h.slack.responses.at(-1)!;
}

/** A bot with a Meta system user: Meta is the fake, and its token a secret like the bot's others. */
async function startWithSystemUser(options: Parameters<typeof startHarness>[0] = {}) {
  h = await startHarness(options);
  const meta = new FakeMetaView();
  h.bot.senders.meta = meta;
  h.bot.senders.secrets.add(TOKEN);
  return meta;
}

describe('`customer meta`: the bot reads Meta’s own view of a customer’s WABA', () => {
  it('gives the system user the WABA and subscribes the app, says so, and records it', async () => {
    const meta = await startWithSystemUser();
    const wabaId = h.sim.state.addWaba();
    await command(`customer add "Acme Corp" waba ${wabaId}`);
    const reply = await command('customer meta "acme corp"');
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain(`:white_check_mark: The bot now reads Meta’s view of Acme Corp’s WhatsApp account (WABA ${wabaId})`);
    expect(reply.text).toContain('within minutes');
    expect(meta.calls).toEqual([
      { method: 'assignSystemUser', wabaId },
      { method: 'subscribeApp', wabaId },
    ]);
    const data = await stored(h);
    expect(data.customers[0]!.meta?.accessAt).toBe(new Date(h.clock.now()).toISOString());
    expect(data.audit.at(-1)).toMatchObject({ user: 'U0ALICE', action: 'meta_access', detail: `Acme Corp: WABA ${wabaId}` });
  });

  it('a token Meta no longer accepts: the cause and the next step, with no token anywhere', async () => {
    const meta = await startWithSystemUser();
    const wabaId = h.sim.state.addWaba();
    await command(`customer add "Acme Corp" waba ${wabaId}`);
    meta.fail('assignSystemUser', new MetaError(`Meta refused: Error validating access token ${TOKEN}: Session has expired (190)`, false));
    const reply = await command('customer meta "Acme Corp"');
    expect(reply.text).toContain('Meta did not accept the bot’s system user token');
    expect(reply.text).toContain('Ask your bot admin for a new system user token');
    const data = await stored(h);
    expect(data.customers[0]!.meta?.accessProblem).toContain('Session has expired');
    expect(data.customers[0]!.meta?.accessAt).toBeUndefined();
    for (const said of [JSON.stringify(h.slack.responses), JSON.stringify(data), h.logLines.join('\n')]) expect(said).not.toContain(TOKEN);
  });

  it('a WABA the business was not given: the customer must share it or onboard again', async () => {
    const meta = await startWithSystemUser();
    const wabaId = h.sim.state.addWaba();
    await command(`customer add "Acme Corp" waba ${wabaId}`);
    meta.fail('assignSystemUser', new MetaError(`the system user has no access to WABA ${wabaId} (Meta: (#200) Permissions error)`, false));
    const reply = await command('customer meta "Acme Corp"');
    expect(reply.text).toContain('The customer must share the WABA with your business');
    expect(reply.text).toContain('`/senders customer onboard "Acme Corp"`');
  });

  it('an unknown customer, a customer without a WABA, a bot without a system user, someone not allowed to change things', async () => {
    const meta = await startWithSystemUser({ access: { allowedUsers: ['U0ALICE'], readOnlyOpen: true } });
    expect((await command('customer meta Nobody')).text).toContain('No customer "Nobody". See `/senders customers`');
    await command('customer add "Acme Corp"');
    expect((await command('customer meta "Acme Corp"')).text).toContain('`/senders customer waba "Acme Corp" <WABA ID>`');
    expect((await command('customer meta')).text).toContain('Say which customer');

    // Recording a WABA gives it to the system user at once, as onboarding does.
    expect((await command(`customer waba "Acme Corp" ${h.sim.state.addWaba()}`)).text).toContain("The bot now reads Meta's own view of it too.");
    const given = meta.calls.length;
    expect(given).toBe(2);
    const bob = { user: 'U0BOB', channel: 'C0ONBOARD' };
    expect((await command('customer meta "Acme Corp"', bob)).text).toBe(REFUSED);
    expect(meta.calls).toHaveLength(given);

    h.bot.senders.meta = undefined;
    const before = (await stored(h)).customers[0]!.meta;
    expect((await command('customer meta "Acme Corp"')).text).toContain('The bot has no Meta system user');
    expect((await stored(h)).customers[0]!.meta).toEqual(before);
  });

  it('is in the help', async () => {
    await startWithSystemUser();
    await h.command('help meta');
    expect(JSON.stringify(h.slack.responses.at(-1))).toContain('customer meta <customer>');
  });
});
