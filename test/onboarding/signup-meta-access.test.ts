import { describe, expect, it } from 'vitest';
import { MetaError } from '../../src/meta/graph.js';
import { FakeMetaView } from '../support/fake-meta-view.js';
import { harnessPerTest } from '../support/harness.js';
import { latestLink, startWithMeta, threadOf } from '../support/onboarding.js';
import { stored } from '../support/stored.js';

const start = harnessPerTest();

const answerOf = async (url: string, body: unknown) =>
  (await fetch(`${url}/result`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<{
    title: string;
  }>;

async function signupWithSystemUser() {
  const { h, meta } = await startWithMeta(start);
  const systemUser = new FakeMetaView();
  h.bot.senders.meta = systemUser;
  await h.command('customer onboard new "Acme Corp"');
  await h.settle();
  return { h, meta, systemUser, link: await latestLink(h) };
}

describe("a finished signup gives the bot's Meta system user the new WABA", () => {
  it('assigns the system user and subscribes the app once the WABA is stored', async () => {
    const { h, meta, systemUser, link } = await signupWithSystemUser();
    const played = meta.play({ kind: 'FINISH_ONLY_WABA' });
    expect((await answerOf(link.url, played)).title).toBe('Your WhatsApp Business Account is connected');
    await h.settle();
    const wabaId = played.data.waba_id as string;
    expect(systemUser.calls).toEqual([
      { method: 'assignSystemUser', wabaId },
      { method: 'subscribeApp', wabaId },
    ]);
    const acme = (await stored(h)).customers[0]!;
    expect(acme.wabaId).toBe(wabaId);
    expect(acme.meta?.accessAt).toBeDefined();
  });

  it('a signup with a number: the system user gets the WABA, and the number is registered as before', async () => {
    const { h, meta, systemUser, link } = await signupWithSystemUser();
    const acme = (await stored(h)).customers[0]!;
    h.sim.addNumber(acme.accountSid, '+14155550101');
    const played = meta.play({ kind: 'FINISH', phoneNumber: '+14155550101' });
    expect((await answerOf(link.url, played)).title).toBe('You are all set');
    await h.settle();
    expect(systemUser.callsOf('subscribeApp')).toEqual([played.data.waba_id]);
    expect((await stored(h)).customers[0]!.meta?.accessAt).toBeDefined();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
  });

  it('Meta refusing the system user never fails the signup: its thread says why and what to do', async () => {
    const { h, meta, systemUser, link } = await signupWithSystemUser();
    systemUser.fail('assignSystemUser', new MetaError('Meta refused: Error validating access token: Session has expired (190)', false));
    const played = meta.play({ kind: 'FINISH_ONLY_WABA' });
    expect((await answerOf(link.url, played)).title).toBe('Your WhatsApp Business Account is connected');
    await h.settle();
    const acme = (await stored(h)).customers[0]!;
    expect(acme.wabaId).toBe(played.data.waba_id);
    expect(acme.meta?.accessProblem).toContain('Session has expired');
    const said = threadOf(h, link.onboarding).at(-1)!.text;
    expect(said).toContain('The signup of *Acme Corp* is done, but the bot cannot read Meta’s own view');
    expect(said).toContain('Ask your bot admin for a new system user token');
  });
});
