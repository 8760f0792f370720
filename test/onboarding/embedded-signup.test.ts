import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOTS } from '../support/browser.js';
import { harnessPerTest } from '../support/harness.js';
import { latestLink, startWithMeta, threadOf } from '../support/onboarding.js';
import { stored } from '../support/stored.js';

const start = harnessPerTest();
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(() => mkdir(SCREENSHOTS, { recursive: true }));
// A browser per test, closed before the bot stops, so no keep-alive connection of its own outlives the test.
beforeEach(async () => {
  browser = await launchChromium();
}, 60_000);
afterEach(async () => {
  await browser?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

/** The customer opens the link and presses the button; the stand-in's popup plays what the test chose. */
async function signUp(url: string, name: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  await shot(page, `${name}-before`);
  const button = page.locator('#start');
  await expect.poll(() => button.isEnabled(), { timeout: 10_000 }).toBe(true);
  const popup = browser.context.waitForEvent('page');
  await button.click();
  await popup;
  await page
    .locator('#status h2')
    .filter({ hasNotText: /Signing up|Finishing/ })
    .waitFor({ timeout: 10_000 });
  await shot(page, `${name}-after`);
  return page;
}

describe('Embedded Signup in a real browser', () => {
  it('onboards a new customer: FINISH records its WABA and registers the chosen number in its subaccount, with progress in the link thread', async () => {
    const { h, meta } = await startWithMeta(start);
    await h.command('customer onboard new "Acme Corp"');
    await h.settle();
    const acme = (await stored(h)).customers.find((c) => c.name === 'Acme Corp')!;
    expect(acme.createdSubaccount).toBe(true);
    const { url, onboarding } = await await latestLink(h);
    h.sim.addNumber(acme.accountSid, '+14155550101', { sms: true, voice: true });
    meta.playNext({ kind: 'FINISH', phoneNumber: '+14155550101', verifiedName: 'Acme Store' });

    const page = await signUp(url, 'finish');
    expect(await page.locator('#status h2').textContent()).toBe('You are all set');
    expect(await page.locator('#status p').textContent()).toContain('+14155550101');
    await h.settle();

    const customer = (await stored(h)).customers.find((c) => c.id === acme.id)!;
    expect(customer.wabaId).toMatch(/^\d+$/);
    const creates = h.sim.requestsOf('CreateChannelsSender');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.accountSid).toBe(acme.accountSid);
    expect((creates[0]!.body as any).configuration.waba_id).toBe(customer.wabaId);
    expect((creates[0]!.body as any).profile.name).toBe('Acme Store');
    const thread = threadOf(h, onboarding);
    expect(thread[0]!.text).toContain(`WABA \`${customer.wabaId}\``);
    const record = (await stored(h)).senders.find((s) => s.phoneNumber === '+14155550101')!;
    expect(record.slack?.threadTs).toBe(onboarding.linkTs);
    expect(thread.some((m) => m.ts === record.slack?.ts)).toBe(true);
    // The business token never reaches the store or the logs.
    expect(meta.graphRequests.map((r) => r.path)).toEqual(['/v24.0/oauth/access_token', '/v24.0/debug_token', `/v24.0/${customer.wabaId}/phone_numbers`]);
    const kept = JSON.stringify(await stored(h));
    expect(kept).not.toMatch(/EAA[A-Za-z0-9_-]{20}/);
    expect(h.logLines.join('\n')).not.toMatch(/EAA[A-Za-z0-9_-]{20}/);

    // The link is used: opening it again, or posting the result again, registers nothing more.
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe('This link was already used');
    expect(await page.locator('body').textContent()).not.toContain('555');
    await shot(page, 'used');
    const again = await fetch(`${url}/result`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'FINISH', data: { waba_id: customer.wabaId, phone_number_id: '123' }, code: 'AQx' }),
    });
    expect((await again.json()).title).toBe('This link was already used');
    await h.settle();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
  });

  it('tells CANCEL and ERROR on the page and in the thread, and the same link still works afterwards', async () => {
    const { h, meta } = await startWithMeta(start);
    await h.command('customer onboard new "Beta Ltd"');
    await h.settle();
    const { url, onboarding } = await await latestLink(h);

    meta.playNext({ kind: 'CANCEL', step: 'WABA_PHONE_VERIFICATION' });
    const page = await signUp(url, 'cancel');
    expect(await page.locator('#status h2').textContent()).toBe('The signup was not finished');
    expect(await page.locator('#status p').textContent()).toContain('WABA_PHONE_VERIFICATION');
    await h.settle();
    expect(threadOf(h, onboarding).at(-1)!.text).toContain('closed Meta’s signup at the step “waba phone verification”');

    h.clock.advance(60_000);
    meta.playNext({ kind: 'ERROR', message: 'Business verification is pending', errorId: '524126' });
    await page.locator('#start').click();
    await page.locator('#status h2', { hasText: 'Meta reported a problem' }).waitFor({ timeout: 10_000 });
    await shot(page, 'error-after');
    await h.settle();
    expect(threadOf(h, onboarding).at(-1)!.text).toContain('Meta error ID `524126`');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(0);
    expect((await stored(h)).customers.find((c) => c.name === 'Beta Ltd')!.wabaId).toBeUndefined();
  });

  it('does not hang when Meta returns a code but no signup message: the page says so and the thread hears of it', async () => {
    const { h, meta } = await startWithMeta(start, {}, undefined, { sessionWaitMs: 500 });
    await h.command('customer onboard new "Zeta GmbH"');
    await h.settle();
    const { url, onboarding } = await latestLink(h);
    meta.playNext({ kind: 'SILENT' });
    const page = await signUp(url, 'incomplete');
    expect(await page.locator('#status h2').textContent()).toBe('We did not hear how the signup ended');
    expect(await page.locator('#start').isEnabled()).toBe(true);
    await h.settle();
    expect(threadOf(h, onboarding).at(-1)!.text).toContain('Meta did not tell the page how it ended');
  });

  it('a signup that made a WABA but added no number records the WABA and says what is left', async () => {
    const { h, meta } = await startWithMeta(start);
    await h.command('customer onboard new "Eta BV"');
    await h.settle();
    const { url, onboarding } = await latestLink(h);
    meta.playNext({ kind: 'FINISH_ONLY_WABA' });
    const page = await signUp(url, 'finish-only-waba');
    expect(await page.locator('#status h2').textContent()).toBe('Your WhatsApp Business Account is connected');
    expect(await page.locator('#status p').textContent()).toContain('No phone number was added');
    await h.settle();
    expect((await stored(h)).customers.find((c) => c.name === 'Eta BV')!.wabaId).toMatch(/^\d+$/);
    expect(threadOf(h, onboarding).at(-1)!.text).toContain('No phone number was added in the signup');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(0);
  });

  it('refuses a different WABA for a customer that has one, on the page and in the thread', async () => {
    const { h, meta } = await startWithMeta(start);
    await h.command('customer onboard new "Gamma Inc"');
    await h.settle();
    const gamma = (await stored(h)).customers.find((c) => c.name === 'Gamma Inc')!;
    gamma.wabaId = h.sim.state.addWaba();
    await h.bot.store.customers.save(gamma);
    await h.command('customer onboard "Gamma Inc"');
    await h.settle();
    const { url, onboarding } = await await latestLink(h);
    meta.playNext({ kind: 'FINISH', phoneNumber: '+14155550102' });

    const page = await browser.context.newPage();
    await page.goto(url);
    expect(await page.locator('#same-waba').textContent()).toContain(gamma.wabaId);
    await page.close();
    const after = await signUp(url, 'other-waba');
    expect(await after.locator('#status h2').textContent()).toBe('Choose your existing WhatsApp Business Account');
    await h.settle();
    expect(threadOf(h, onboarding).at(-1)!.text).toContain(`already has \`${gamma.wabaId}\``);
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(0);
    expect(meta.graphRequests).toHaveLength(0);
  });

  it('refuses an expired or tampered link with a page that says how to get a new one', async () => {
    const { h } = await startWithMeta(start);
    await h.command('customer onboard new "Delta Co"');
    await h.settle();
    const { url } = await await latestLink(h);
    const page = await browser.context.newPage();

    const tampered = url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const answer = await page.goto(tampered);
    expect(answer?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('This link is not valid');
    expect(await page.locator('#reason').textContent()).toContain('run the onboarding command again');
    await shot(page, 'tampered');

    h.clock.advance(60 * 60_000);
    await page.goto(url);
    expect(await page.locator('h1').textContent()).toBe('This link has expired');
    expect(await page.locator('#reason').textContent()).toContain('60 minutes');
    await shot(page, 'expired');
  });

  it('in the sandbox, the stand-in dialog lets a person pick the outcome and the number', async () => {
    const { h } = await startWithMeta(start);
    await h.command('customer onboard new "Epsilon SA"');
    await h.settle();
    const epsilon = (await stored(h)).customers[0]!;
    h.sim.addNumber(epsilon.accountSid, '+14155550103');
    const { url } = await await latestLink(h);
    const page = await browser.context.newPage();
    await page.goto(url);
    await page.locator('#start:enabled').waitFor({ timeout: 10_000 });
    const popup = browser.context.waitForEvent('page');
    await page.locator('#start').click();
    const dialog = await popup;
    await dialog.locator('#finish').waitFor();
    await shot(dialog, 'sandbox-dialog');
    await dialog.locator('#phone').fill('+1 415 555 0103');
    await dialog.locator('#finish').click();
    await page.locator('#status h2', { hasText: 'You are all set' }).waitFor({ timeout: 10_000 });
    await h.settle();
    expect((await stored(h)).senders.map((s) => s.phoneNumber)).toEqual(['+14155550103']);
  });
});
