import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MAX_NOTICES } from '../../src/senders/customers/onboarding-thread.js';
import { harnessPerTest } from '../support/harness.js';
import { latestLink, startWithMeta, threadOf } from '../support/onboarding.js';
import { stored } from '../support/stored.js';

const start = harnessPerTest();

const postResult = (url: string, body: unknown) =>
  fetch(`${url}/result`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const answerOf = async (url: string, body: unknown) => (await postResult(url, body)).json() as Promise<{ title: string; detail: string }>;

async function onboardNew(h: Awaited<ReturnType<typeof startWithMeta>>['h'], name: string) {
  await h.command(`customer onboard new "${name}"`);
  await h.settle();
  const customer = (await stored(h)).customers.find((c) => c.name === name)!;
  return { customer, ...(await latestLink(h)) };
}

describe('a signup result is checked with Meta before anything is recorded', () => {
  it("refuses a WABA or a number the signup's token has no access to, and keeps the link open", async () => {
    const { h, meta } = await startWithMeta(start);
    const acme = await onboardNew(h, 'Acme Corp');
    h.sim.addNumber(acme.customer.accountSid, '+14155550101');
    const acmeSignup = meta.play({ kind: 'FINISH', phoneNumber: '+14155550101' });
    expect((await answerOf(acme.url, acmeSignup)).title).toBe('You are all set');
    await h.settle();
    const acmeWaba = (await stored(h)).customers.find((c) => c.name === 'Acme Corp')!.wabaId!;

    // Someone with another customer's link claims Acme's WABA, with the code of a signup of their own...
    const evil = await onboardNew(h, 'Evil Ltd');
    const own = meta.play({ kind: 'FINISH', phoneNumber: '+14155550199' });
    const claim = await answerOf(evil.url, { ...own, data: { ...own.data, waba_id: acmeWaba } });
    expect(claim.title).toBe('This WhatsApp Business Account is already connected elsewhere');
    // ...or a WABA the bot does not know yet, made in someone else's signup: Meta says the token cannot manage it.
    h.clock.advance(60_000);
    const victim = meta.play({ kind: 'FINISH', phoneNumber: '+14155550188' });
    const ownAgain = meta.play({ kind: 'FINISH', phoneNumber: '+14155550199' });
    const unknown = await answerOf(evil.url, { ...ownAgain, data: { ...ownAgain.data, waba_id: victim.data.waba_id } });
    expect(unknown.title).toBe('The setup could not be completed');
    await h.settle();
    expect(threadOf(h, evil.onboarding).at(-1)!.text).toContain(`Meta does not confirm that this signup gave access to WABA \`${victim.data.waba_id}\``);
    expect((await stored(h)).customers.find((c) => c.name === 'Evil Ltd')!.wabaId).toBeUndefined();

    // Its own WABA, but Acme's number.
    h.clock.advance(60_000);
    const again = meta.play({ kind: 'FINISH', phoneNumber: '+14155550199' });
    const number = await answerOf(evil.url, { ...again, data: { ...again.data, phone_number_id: acmeSignup.data.phone_number_id } });
    expect(number.title).toBe('The setup could not be completed');
    await h.settle();
    expect(threadOf(h, evil.onboarding).at(-1)!.text).toContain(`phone number ID \`${acmeSignup.data.phone_number_id}\``);

    expect((await fetch(evil.url)).status).toBe(200);
    expect((await stored(h)).customers.find((c) => c.name === 'Evil Ltd')!.wabaId).toBeUndefined();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    // Acme registers its next sender as before.
    expect((await stored(h)).customers.find((c) => c.name === 'Acme Corp')!.wabaId).toBe(acmeWaba);
  });

  it('refuses a WABA other than the one the account holds, or one another customer holds, and the link stays open', async () => {
    const { h, meta } = await startWithMeta(start);
    const acme = await onboardNew(h, 'Acme Corp');
    await h.bot.store.accounts.linkWaba(acme.customer.accountSid, h.sim.state.addWaba());
    const answer = await answerOf(acme.url, meta.play({ kind: 'FINISH', phoneNumber: '+14155550101' }));
    expect(answer.title).toBe('Choose your existing WhatsApp Business Account');
    await h.settle();
    expect(threadOf(h, acme.onboarding).at(-1)!.text).toContain(`already has \`${(await stored(h)).accountWabas[acme.customer.accountSid]}\``);
    expect((await stored(h)).customers[0]!.wabaId).toBeUndefined();
    expect((await fetch(acme.url)).status).toBe(200);

    const beta = await onboardNew(h, 'Beta Ltd');
    const betaWaba = h.sim.state.addWaba();
    const acmeNow = (await h.bot.store.customers.get(acme.customer.id))!;
    acmeNow.wabaId = betaWaba;
    await h.bot.store.customers.save(acmeNow);
    const taken = await answerOf(beta.url, meta.play({ kind: 'FINISH', phoneNumber: '+14155550102', wabaId: betaWaba }));
    expect(taken.title).toBe('This WhatsApp Business Account is already connected elsewhere');
    expect(taken.detail).not.toContain('Acme');
    await h.settle();
    expect(threadOf(h, beta.onboarding).at(-1)!.text).toContain(`already the WABA of customer "Acme Corp"`);
    expect((await stored(h)).customers.find((c) => c.id === beta.customer.id)!.wabaId).toBeUndefined();
    expect((await fetch(beta.url)).status).toBe(200);
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(0);
  });

  it("a new link for a customer ends the customer's earlier one", async () => {
    const { h, meta } = await startWithMeta(start);
    const first = await onboardNew(h, 'Acme Corp');
    await h.command('customer onboard "Acme Corp"');
    await h.settle();
    const second = await latestLink(h);
    const page = await fetch(first.url);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('A newer link was sent');
    expect((await answerOf(first.url, meta.play({ kind: 'FINISH', phoneNumber: '+14155550101' }))).title).toBe('A newer link was sent');
    expect((await fetch(second.url)).status).toBe(200);
    expect((await stored(h)).customers[0]!.wabaId).toBeUndefined();
  });

  it('records the WABA of a signup that added no number, and says what is left to do', async () => {
    const { h, meta } = await startWithMeta(start);
    const acme = await onboardNew(h, 'Acme Corp');
    const played = meta.play({ kind: 'FINISH_ONLY_WABA' });
    expect((await answerOf(acme.url, played)).title).toBe('Your WhatsApp Business Account is connected');
    await h.settle();
    expect((await stored(h)).customers[0]!.wabaId).toBe(played.data.waba_id);
    expect(threadOf(h, acme.onboarding).at(-1)!.text).toContain('No phone number was added in the signup');
    expect((await fetch(acme.url)).status).toBe(410);
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(0);
  });

  it('does not register a number under a customer name that breaks the display-name rules when Meta gives no name', async () => {
    const { h, meta } = await startWithMeta(start);
    const ab = await onboardNew(h, 'AB');
    h.sim.addNumber(ab.customer.accountSid, '+14155550101');
    const answer = await answerOf(ab.url, meta.play({ kind: 'FINISH', phoneNumber: '+14155550101', verifiedName: null }));
    expect(answer.title).toBe('Your WhatsApp Business Account is connected');
    await h.settle();
    const said = threadOf(h, ab.onboarding).at(-1)!.text;
    expect(said).toContain('Meta has no display name for *+14155550101*');
    expect(said).toContain('Use at least 3 characters.');
    expect(said).toContain('/senders register');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(0);
    expect((await stored(h)).customers[0]!.wabaId).toMatch(/^\d+$/);
  });

  it('forgets the business token once the signup is done', async () => {
    const { h, meta } = await startWithMeta(start);
    const acme = await onboardNew(h, 'Acme Corp');
    h.sim.addNumber(acme.customer.accountSid, '+14155550101');
    expect((await answerOf(acme.url, meta.play({ kind: 'FINISH', phoneNumber: '+14155550101' }))).title).toBe('You are all set');
    await h.settle();
    expect(meta.issuedTokens).toHaveLength(1);
    for (const token of meta.issuedTokens) expect(h.bot.senders.secrets.scrub(token)).toBe(token);
  });
});

describe('results the page posts when things go wrong', () => {
  it("posts at most one unsuccessful result a minute and a few per link, and never Meta's free text", async () => {
    const { h } = await startWithMeta(start);
    const acme = await onboardNew(h, 'Acme Corp');
    const error = { event: 'ERROR', data: { error_message: 'Your session expired: re-verify at https://evil.example/login', error_id: '524126' } };
    for (let i = 0; i < 10; i++) expect((await answerOf(acme.url, error)).title).toBe('Meta reported a problem');
    await h.settle();
    expect(threadOf(h, acme.onboarding)).toHaveLength(1);
    for (let i = 0; i < 10; i++) {
      h.clock.advance(60_000);
      await postResult(acme.url, { event: 'CANCEL', data: { current_step: '<https://evil.example|Verify here>' } });
    }
    await h.settle();
    const thread = threadOf(h, acme.onboarding);
    expect(thread).toHaveLength(MAX_NOTICES);
    expect(thread[0]!.text).toContain('Meta error ID `524126`');
    expect(thread.map((m) => m.text).join('\n')).not.toContain('evil.example');
  });

  it('takes a FINISH up to 60 minutes after the page was opened, though the link expired meanwhile', async () => {
    const { h, meta } = await startWithMeta(start);
    const acme = await onboardNew(h, 'Acme Corp');
    h.sim.addNumber(acme.customer.accountSid, '+14155550101');
    h.clock.advance(55 * 60_000);
    expect((await fetch(acme.url)).status).toBe(200);
    h.clock.advance(7 * 60_000);
    expect((await fetch(acme.url)).status).toBe(410);
    expect((await answerOf(acme.url, { event: 'CANCEL', data: { current_step: 'PHONE_NUMBER_SETUP' } })).title).toBe('The signup was not finished');
    expect((await answerOf(acme.url, meta.play({ kind: 'FINISH', phoneNumber: '+14155550101' }))).title).toBe('You are all set');
    await h.settle();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
  });

  it('says in the thread when a FINISH comes after the link expired on a page never opened in time', async () => {
    const { h, meta } = await startWithMeta(start);
    const acme = await onboardNew(h, 'Acme Corp');
    h.clock.advance(61 * 60_000);
    const played = meta.play({ kind: 'FINISH', phoneNumber: '+14155550101' });
    const answer = await postResult(acme.url, played);
    expect(answer.status).toBe(410);
    expect((await answer.json()).title).toBe('This link has expired');
    await h.settle();
    const said = threadOf(h, acme.onboarding).at(-1)!.text;
    expect(said).toContain('after the link had expired');
    expect(said).toContain(`WABA \`${played.data.waba_id}\``);
    expect(said).toContain('/senders customer waba "Acme Corp" <WABA ID>');
    expect((await stored(h)).customers[0]!.wabaId).toBeUndefined();
  });

  it('an expired link flooded with FINISH posts, 30 at once in each of three minutes, tells its thread once a minute', async () => {
    const { h } = await startWithMeta(start);
    const acme = await onboardNew(h, 'Acme Corp');
    h.clock.advance(61 * 60_000);
    for (let burst = 0; burst < 3; burst++) {
      const made = (i: number) => ({
        event: 'FINISH',
        data: { waba_id: `7${burst}${String(i).padStart(12, '0')}`, phone_number_id: '5550001' },
        code: 'AQmade-up',
      });
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => postResult(acme.url, made(i))));
      expect(await Promise.all(answers.map(async (a) => `${a.status} ${(await a.json()).title}`))).toEqual(Array(30).fill('410 This link has expired'));
      h.clock.advance(60_000);
    }
    await h.settle();
    const thread = threadOf(h, acme.onboarding);
    expect(thread).toHaveLength(3);
    expect(thread.every((m) => m.text.includes('after the link had expired'))).toBe(true);
  });

  it('a customer changed while Meta confirms the signup (its WABA recorded by command) is read again: the signup finishes', async () => {
    const { h, meta } = await startWithMeta(start);
    const acme = await onboardNew(h, 'Acme Corp');
    h.sim.addNumber(acme.customer.accountSid, '+14155550101');
    const played = meta.play({ kind: 'FINISH', phoneNumber: '+14155550101' });
    // Meta takes the code, then answers nothing more until the command below is stored.
    const release = meta.holdGraphAfter(1);
    const answering = answerOf(acme.url, played);
    // Meta has the code: the result read the customer before this.
    await h.waitFor(() => meta.graphRequests.length >= 1);
    await h.command(`customer waba "Acme Corp" ${played.data.waba_id}`);
    await h.settle();
    expect((await stored(h)).customers[0]!.wabaId).toBe(played.data.waba_id);
    expect(meta.graphRequests.length, 'the command was stored before Meta finished').toBe(1);
    release();

    expect((await answering).title).toBe('You are all set');
    await h.settle();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    expect((await stored(h)).onboardings[0]).toMatchObject({ wabaId: played.data.waba_id, phoneNumber: '+14155550101' });
  });

  it('answers a result whose body stops arriving, instead of holding the connection', async () => {
    const { h } = await startWithMeta(start, {}, undefined, { bodyIdleMs: 200 });
    const acme = await onboardNew(h, 'Acme Corp');
    const url = new URL(`${acme.url}/result`);
    const socket = connect(Number(url.port), url.hostname);
    const received = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
      });
      socket.on('close', () => resolve(text));
    });
    socket.write(`POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"event":`);
    expect(await received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('forgets onboardings that ended long ago when a new link is made', async () => {
    const { h } = await startWithMeta(start);
    const old = await onboardNew(h, 'Acme Corp');
    h.clock.advance(31 * 24 * 60 * 60_000);
    await h.command('customer onboard "Acme Corp"');
    await h.settle();
    expect((await stored(h)).onboardings!.map((o) => o.id)).not.toContain(old.onboarding.id);
    expect((await stored(h)).onboardings).toHaveLength(1);
  });
});
