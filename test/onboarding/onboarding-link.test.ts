import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { register } from '../support/flows.js';
import { ALICE, harnessPerTest } from '../support/harness.js';
import { latestLink, META_APP_SECRET, startWithMeta, threadOf } from '../support/onboarding.js';
import { stored } from '../support/stored.js';

const start = harnessPerTest();

const postResult = (url: string, body: unknown) =>
  fetch(`${url}/result`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('customer onboard', () => {
  it('without the Meta settings, says it is not set up and which settings the admins set', async () => {
    const h = await start();
    await h.command('customer onboard new "Acme Corp"');
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain(
      'not set up in this bot yet. Ask the bot’s admins to set it up: it needs PUBLIC_URL, META_APP_ID, META_CONFIG_ID, META_APP_SECRET',
    );
    expect((await stored(h)).customers).toHaveLength(0);
  });

  it('points an unknown customer to `customer onboard new`, and the button of a customer posts its link', async () => {
    const { h } = await startWithMeta(start);
    await h.command('customer onboard "Acme Corp"');
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('customer onboard new "Acme Corp"');
    await h.command('customer add "Acme Corp"');
    await h.settle();
    const acme = (await stored(h)).customers[0]!;
    await h.click(ACTION.customerOnboard, acme.id, { ts: '1700000000.000100', channel: ALICE.channel });
    await h.settle();
    const { url, onboarding } = await latestLink(h);
    expect(onboarding.customerId).toBe(acme.id);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/onboard\//);
    expect((await stored(h)).customers).toHaveLength(1);
  });

  it("the Onboard button in the registration form of a customer with no WABA posts the link in the form's channel", async () => {
    const { h } = await startWithMeta(start);
    await h.command('customer add "Acme Corp"');
    await h.settle();
    const acme = (await stored(h)).customers[0]!;
    const { viewId } = await register(h, { customer: acme.id, phone: '+14155550100', name: 'Acme Store' });
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(0);
    await h.dispatchInView(viewId, 'waba_info', ACTION.customerOnboard, {});
    await h.settle();
    const { onboarding } = await latestLink(h);
    expect(onboarding.customerId).toBe(acme.id);
    const linkMessage = h.slack.messages.find((m) => m.ts === onboarding.linkTs)!;
    expect(linkMessage.channel).toBe(ALICE.channel);
  });
});

describe('the onboarding page', () => {
  it('is served with a nonce-based Content-Security-Policy, trusts only the dialog origin, and holds no secret', async () => {
    const { h, meta } = await startWithMeta(start);
    await h.command('customer onboard new "Acme Corp"');
    await h.settle();
    const { url } = await latestLink(h);
    const response = await fetch(url);
    const html = await response.text();
    const csp = response.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(html).toContain(`nonce="${nonce}"`);
    expect(html).toContain(`"dialogOrigin":"${meta.dialogOrigin}"`);
    expect(html).toContain(`src="${meta.sdkUrl}"`);
    expect(html).toContain("response_type: 'code'");
    expect(html).toContain('override_default_response_type: true');
    for (const secret of [META_APP_SECRET, h.authToken]) expect(html).not.toContain(secret);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('registers once when the same FINISH is posted twice at once', async () => {
    const { h, meta } = await startWithMeta(start);
    await h.command('customer onboard new "Acme Corp"');
    await h.settle();
    const acme = (await stored(h)).customers[0]!;
    h.sim.addNumber(acme.accountSid, '+14155550101');
    const { url, onboarding } = await latestLink(h);
    const played = meta.play({ kind: 'FINISH', phoneNumber: '+14155550101' });
    const answers = await Promise.all([postResult(url, played), postResult(url, played)]);
    const titles = await Promise.all(answers.map(async (a) => (await a.json()).title));
    expect(titles).toContain('You are all set');
    await h.settle();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    expect((await stored(h)).senders).toHaveLength(1);
    expect(threadOf(h, onboarding).filter((m) => m.text.includes('finished Meta'))).toHaveLength(1);
  });

  it('keeps the link open when Meta refuses the code, and says so in the thread', async () => {
    const { h, meta } = await startWithMeta(start);
    await h.command('customer onboard new "Acme Corp"');
    await h.settle();
    const { url, onboarding } = await latestLink(h);
    const played = meta.play({ kind: 'FINISH', phoneNumber: '+14155550101' });
    const answer = await (await postResult(url, { ...played, code: 'AQnot-a-code-meta-gave' })).json();
    expect(answer).toMatchObject({ title: 'The setup could not be completed', again: true });
    await h.settle();
    expect(threadOf(h, onboarding).at(-1)!.text).toContain('This authorization code has been used');
    expect((await stored(h)).customers[0]!.wabaId).toBeUndefined();
    expect((await fetch(url)).status).toBe(200);
  });

  it('gives up on a Graph API that does not answer, and the customer can try again', async () => {
    const { h, meta } = await startWithMeta(start, {}, 300);
    await h.command('customer onboard new "Acme Corp"');
    await h.settle();
    const { url, onboarding } = await latestLink(h);
    meta.graphDelayMs = 2_000;
    const answer = await (await postResult(url, meta.play({ kind: 'FINISH', phoneNumber: '+14155550101' }))).json();
    expect(answer).toMatchObject({ title: 'The setup could not be completed', again: true });
    await h.settle();
    expect(threadOf(h, onboarding).at(-1)!.text).toContain('Meta did not answer in time');
    meta.graphDelayMs = 0;
    h.sim.addNumber((await stored(h)).customers[0]!.accountSid, '+14155550101');
    const retried = await (await postResult(url, meta.play({ kind: 'FINISH', phoneNumber: '+14155550101' }))).json();
    expect(retried.title).toBe('You are all set');
  });

  it('refuses bodies larger than a result, and results that are not one', async () => {
    const { h } = await startWithMeta(start);
    await h.command('customer onboard new "Acme Corp"');
    await h.settle();
    const { url } = await latestLink(h);
    expect((await postResult(url, { event: 'FINISH', data: { pad: 'x'.repeat(20_000) } })).status).toBe(413);
    expect((await postResult(url, 'not json')).status).toBe(400);
    expect((await (await postResult(url, { event: 'FINISH', data: { waba_id: '1<script>' } })).json()).title).toBe("Meta's answer was incomplete");
    expect((await fetch(`${url}/result`)).status).toBe(404);
    expect((await fetch(url.replace(/\/onboard\/.*/, '/healthz'))).status).toBe(200);
  });
});
