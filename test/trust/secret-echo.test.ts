import { afterEach, describe, expect, it } from 'vitest';
import type { Customer } from '../../src/store/schema.js';
import { seedCustomers } from '../bulk/support.js';
import { blocksText, channelMessageFor, record, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { storedText } from '../support/store-snapshot.js';

// Twilio's answers are not under the bot's control: the simulator's echoNext answers an error
// quoting the request's credentials and body, as a careless server (or a proxy) might.

let h: Harness;
afterEach(async () => h?.stop());

const MINUTE = 60_000;
const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');
const lastReply = () => h.slack.responses.at(-1)!;
const replyText = (reply: Record<string, any>) => `${reply.text ?? ''}${blocksText(reply.blocks)}`;

/** The subaccount's token as Twilio holds it, and the Basic header forms of both credentials. */
function secretsOf(customer: Customer): string[] {
  const token = h.sim.state.accounts.get(customer.accountSid)!.authToken;
  return [...h.secrets, token, basic(customer.accountSid, token), basic(h.mainAccountSid, h.authToken)];
}

/** Everything the bot stored, logged or sent to Slack, and every modal it showed. */
async function everywhere(acks: unknown[]): Promise<Record<string, string>> {
  return {
    'data file': await storedText(h),
    logs: h.logLines.join('\n'),
    // The bot token travels to Slack's API as its credential; everything else sent must be free of it.
    slack: JSON.stringify(h.slack.calls.map((c) => ({ ...c, args: { ...c.args, token: undefined } }))) + JSON.stringify([...h.slack.uploads.values()]),
    modals: JSON.stringify([...h.slack.views.values()]) + JSON.stringify(acks),
  };
}

async function expectNoneOf(secrets: string[], acks: unknown[] = []) {
  for (const [where, text] of Object.entries(await everywhere(acks))) {
    for (const secret of secrets) {
      const at = text.indexOf(secret);
      expect(at, `${where} holds ${secret}: …${text.slice(Math.max(0, at - 80), at + 40)}…`).toBe(-1);
    }
  }
}

describe('an error that echoes what the bot sent', () => {
  it('keeps the main and subaccount tokens out of everything when a create in a customer subaccount is echoed back', async () => {
    h = await startHarness();
    const [acme] = await seedCustomers(h, 1);

    // A 500: the bot cannot know whether the sender was made, checks with Twilio, and sends again later.
    h.sim.echoNext(500, 1, 'CreateChannelsSender');
    const uncertain = await register(h, { customer: acme!.id, phone: '+14155550100', name: 'Acme Store' });
    expect(blocksText(uncertain.view.blocks)).toContain('checking with Twilio');
    h.clock.advance(3 * MINUTE);
    await h.drainQueue();
    expect((await record(h, '+14155550100')).state).toBe('awaiting_code');

    // A 400: the registration fails, and the person reads Twilio's error.
    h.sim.echoNext(400, 1, 'CreateChannelsSender');
    const refused = await register(h, { customer: acme!.id, phone: '+14155550111', name: 'Acme Store' });
    const modal = blocksText(refused.view.blocks);
    expect(modal).toContain('Twilio error 63100');
    expect(modal).toContain('Next step');
    expect(modal).toContain('Credentials: '); // Twilio's own words stay, minus what must not be shown
    expect(blocksText((await channelMessageFor(h, '+14155550111')).blocks)).toContain('63100');
    expect((await record(h, '+14155550111')).lastError?.code).toBe(63100);

    // The same in the main account, whose request carries the main credentials.
    h.sim.echoNext(400, 1, 'CreateChannelsSender');
    await register(h, { customer: 'main', phone: '+14155550122', name: 'Acme Store' });
    expect((await record(h, '+14155550122')).state).toBe('failed');

    expect(h.sim.requestsOf('CreateChannelsSender').filter((r) => r.accountSid === acme!.accountSid).length).toBeGreaterThanOrEqual(3);
    await expectNoneOf(secretsOf(acme!), [uncertain.ack.body, refused.ack.body]);
  });

  it('keeps the subaccount token out of the logs and the status answer when a poll or /senders status is echoed back', async () => {
    h = await startHarness();
    const [acme] = await seedCustomers(h, 1);
    await register(h, { customer: acme!.id, phone: '+14155550100', name: 'Acme Store' });
    const { sid } = await record(h, '+14155550100');

    h.sim.echoNext(500, 4, 'FetchChannelsSender'); // every attempt of the fetch
    const poll = await h.pollAfter(2 * MINUTE);
    expect(poll.failures).toBe(1);
    expect(h.logLines.some((l) => l.includes('could not check a sender'))).toBe(true);

    h.sim.echoNext(500, 4, 'FetchChannelsSender');
    await h.command(`status ${sid}`);
    await h.settle();
    const answer = replyText(lastReply());
    expect(answer).toContain('Twilio error 20500');
    expect(answer).toContain('Twilio had an internal error');
    expect(answer).toContain('Next step');

    await expectNoneOf(secretsOf(acme!));
  });

  it('keeps the one-time code out of the data file, the logs, Slack and the modal when its rejection quotes it', async () => {
    h = await startHarness();
    const [acme] = await seedCustomers(h, 1);
    const { viewId } = await register(h, { customer: acme!.id, phone: '+14155550100', name: 'Acme Store' });
    h.clock.advance(2_000);
    const code = h.sim.codeSentTo('+14155550100')!;

    h.sim.echoNext(400, 1, 'UpdateChannelsSender');
    const rejected = await h.submitView(viewId, { code });
    await h.settle();
    expect(rejected.body.response_action).toBe('errors');
    expect(rejected.body.errors.code).toContain('Twilio did not accept this code (Twilio error 63100');
    expect(rejected.body.errors.code).toContain('Resend code');
    expect((await record(h, '+14155550100')).lastError?.code).toBe(63100);
    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(1);

    await expectNoneOf([...secretsOf(acme!), code], [rejected.body]);
  });
});
