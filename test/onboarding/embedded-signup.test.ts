import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IsvBrand } from '../../src/senders/customers/onboarding-settings.js';
import { launchChromium, newContext, SCREENSHOTS, screenshotBoth } from '../support/browser.js';
import { harnessPerTest } from '../support/harness.js';
import { latestLink, startWithMeta, threadOf } from '../support/onboarding.js';
import { stored } from '../support/stored.js';

const start = harnessPerTest();
/** The visitor's own zone, far from UTC, so a time left in UTC shows. */
const VISITOR_ZONE = 'Asia/Tokyo';
/** Words for the staff in Slack that a customer must not meet on the page. */
const STAFF_WORDING = /Slack|command|onboarding team|team that sent|[A-Z]{3,}_[A-Z_]+/;
const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" rx="6" fill="#5b2a86"/><text x="60" y="26" font-family="sans-serif" font-size="16" fill="#fff" text-anchor="middle">ACME</text></svg>';

let browser: Browser;
let context: BrowserContext | undefined;
let logoServer: Server;
let brand: IsvBrand;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  // The ISV's logo on an origin of its own, as on its CDN (the settings require https; the page only needs the origin).
  logoServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(LOGO_SVG));
  await new Promise<void>((resolve) => logoServer.listen(0, '127.0.0.1', resolve));
  const logoUrl = `http://127.0.0.1:${(logoServer.address() as AddressInfo).port}/brand/logo.svg`;
  brand = { name: 'Acme Messaging', logoUrl, supportEmail: 'help@acme.example' };
}, 60_000);
afterAll(async () => {
  await browser?.close();
  logoServer?.closeAllConnections();
  await new Promise((resolve) => logoServer?.close(resolve));
});
// Closed before the bot stops, so no keep-alive connection of the browser outlives the test.
afterEach(async () => {
  await context?.close();
  context = undefined;
});

const startBranded = (more: { sessionWaitMs?: number } = {}) => startWithMeta(start, {}, undefined, { brand, ...more });

async function openPage(url: string): Promise<Page> {
  context ??= await newContext(browser, { timezoneId: VISITOR_ZONE, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** What the visitor reads: the page's rendered text, hidden parts left out. */
// biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point; textContent would count hidden parts
const visibleText = (page: Page) => page.locator('body').innerText();

/** hh:mm of `at` on a Tokyo wall clock (UTC+9, no daylight saving). */
const tokyoClock = (at: number) => new Date(at + 9 * 3_600_000).toISOString().slice(11, 16);

/** The customer presses the button; the stand-in's popup plays what the test chose. */
async function pressAndWait(page: Page): Promise<void> {
  const button = page.locator('#start');
  await expect.poll(() => button.isEnabled(), { timeout: 10_000 }).toBe(true);
  const popup = page.context().waitForEvent('page');
  await button.click();
  await popup;
  await page
    .locator('#status h2')
    .filter({ hasNotText: /Signing up|Finishing/ })
    .waitFor({ timeout: 10_000 });
}

async function signUp(url: string): Promise<Page> {
  const page = await openPage(url);
  await pressAndWait(page);
  return page;
}

describe('Embedded Signup in a real browser', () => {
  it('onboards a new customer: a page that names the ISV, FINISH registers the chosen number, and the page then says only that it worked', async () => {
    const { h, meta } = await startBranded();
    await h.command('customer onboard new "Beta Ltd"');
    await h.settle();
    const beta = (await stored(h)).customers.find((c) => c.name === 'Beta Ltd')!;
    expect(beta.createdSubaccount).toBe(true);
    const { url, onboarding } = await latestLink(h);
    h.sim.addNumber(beta.accountSid, '+14155550101', { sms: true, voice: true });
    meta.playNext({ kind: 'FINISH', phoneNumber: '+14155550101', verifiedName: 'Beta Store' });

    // Ready: who sent it, what the ISV gets, whom to write to, until when in the visitor's time.
    const page = await openPage(url);
    await page.locator('#start:enabled').waitFor({ timeout: 10_000 });
    await screenshotBoth(page, 'ready');
    expect(await page.locator('#isv-name').textContent()).toBe('Acme Messaging');
    const logo = page.locator('header img');
    expect(await logo.getAttribute('alt')).toBe('Acme Messaging logo');
    await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(120);
    expect(await page.locator('#support a').getAttribute('href')).toBe('mailto:help@acme.example');
    expect(await page.locator('#privacy').textContent()).toContain('Acme Messaging never sees your Facebook password');
    const expiry = await page.locator('#expiry').textContent();
    expect(expiry).toContain(tokyoClock(Date.parse(onboarding.expiresAt)));
    expect(expiry).toContain('GMT+9');
    expect(expiry).not.toContain('UTC');
    expect(await visibleText(page)).not.toMatch(STAFF_WORDING);
    expect(await page.locator('link[rel=icon]').getAttribute('href')).toBe('/favicon.ico');
    const icon = await fetch(new URL('/favicon.ico', url));
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/x-icon');
    expect(icon.headers.get('cache-control')).toBe('public, max-age=604800');

    await pressAndWait(page);
    await screenshotBoth(page, 'success');
    expect(await page.locator('#status h2').textContent()).toBe('You are all set');
    const done = await visibleText(page);
    expect(done).toContain('+14155550101 is being registered for WhatsApp now. Acme Messaging will tell you when it is live.');
    expect(await page.locator('#start').isVisible()).toBe(false);
    expect(done).not.toMatch(/Continue with Facebook|Press the button|This link works|Facebook window|never sees your Facebook password/);
    await h.settle();

    const customer = (await stored(h)).customers.find((c) => c.id === beta.id)!;
    expect(customer.wabaId).toMatch(/^\d+$/);
    const creates = h.sim.requestsOf('CreateChannelsSender');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.accountSid).toBe(beta.accountSid);
    expect((creates[0]!.body as any).configuration.waba_id).toBe(customer.wabaId);
    expect((creates[0]!.body as any).profile.name).toBe('Beta Store');
    const thread = threadOf(h, onboarding);
    expect(thread[0]!.text).toContain(`WABA \`${customer.wabaId}\``);
    const record = (await stored(h)).senders.find((s) => s.phoneNumber === '+14155550101')!;
    expect(record.slack?.threadTs).toBe(onboarding.linkTs);
    expect(thread.some((m) => m.ts === record.slack?.ts)).toBe(true);
    // The business token never reaches the store or the logs.
    expect(meta.graphRequests.map((r) => r.path)).toEqual(['/v24.0/oauth/access_token', '/v24.0/debug_token', `/v24.0/${customer.wabaId}/phone_numbers`]);
    expect(JSON.stringify(await stored(h))).not.toMatch(/EAA[A-Za-z0-9_-]{20}/);
    expect(h.logLines.join('\n')).not.toMatch(/EAA[A-Za-z0-9_-]{20}/);

    // Used: opening it again, or posting the result again, registers nothing more.
    await page.reload();
    await screenshotBoth(page, 'refused-used');
    expect(await page.locator('h1').textContent()).toBe('This link was already used');
    expect(await page.locator('#reason').textContent()).toContain('ask Acme Messaging at help@acme.example for a new link');
    expect(await page.locator('#reason a').getAttribute('href')).toBe('mailto:help@acme.example');
    expect(await page.locator('#isv-name').textContent()).toBe('Acme Messaging');
    const used = await visibleText(page);
    expect(used).not.toContain('555');
    expect(used).not.toMatch(STAFF_WORDING);
    const again = await fetch(`${url}/result`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'FINISH', data: { waba_id: customer.wabaId, phone_number_id: '123' }, code: 'AQx' }),
    });
    expect((await again.json()).title).toBe('This link was already used');
    await h.settle();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
  });

  it('tells a cancel at a step in words and an error with whom to tell, each with the time the same link still works', async () => {
    const { h, meta } = await startBranded();
    await h.command('customer onboard new "Gamma Ltd"');
    await h.settle();
    const { url, onboarding } = await latestLink(h);
    const until = tokyoClock(Date.parse(onboarding.expiresAt));

    meta.playNext({ kind: 'CANCEL', step: 'PHONE_NUMBER_SETUP' });
    const page = await signUp(url);
    await screenshotBoth(page, 'cancelled');
    expect(await page.locator('#status h2').textContent()).toBe('The signup was not finished');
    const cancelled = await page.locator('#status p').textContent();
    expect(cancelled).toContain("You closed Meta's signup while adding your phone number, so nothing was set up.");
    expect(cancelled).toMatch(new RegExp(`This link works until .*${until} GMT\\+9\\.$`));
    expect(await visibleText(page)).not.toMatch(STAFF_WORDING);
    expect(await page.locator('#start').isEnabled()).toBe(true);
    await h.settle();
    expect(threadOf(h, onboarding).at(-1)!.text).toContain('The customer closed Meta’s signup while adding their phone number.');

    h.clock.advance(60_000);
    meta.playNext({ kind: 'ERROR', message: 'Business verification is pending', errorId: '524126' });
    await page.locator('#start').click();
    await page.locator('#status h2', { hasText: 'Meta reported a problem' }).waitFor({ timeout: 10_000 });
    await screenshotBoth(page, 'failed');
    expect(await page.locator('#status p').textContent()).toContain('If it happens again, tell Acme Messaging at help@acme.example.');
    expect(await page.locator('#status p a').getAttribute('href')).toBe('mailto:help@acme.example');
    expect(await visibleText(page)).not.toMatch(STAFF_WORDING);
    await h.settle();
    expect(threadOf(h, onboarding).at(-1)!.text).toContain('Meta error ID `524126`');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(0);
    expect((await stored(h)).customers.find((c) => c.name === 'Gamma Ltd')!.wabaId).toBeUndefined();
  });

  it('does not hang when Meta returns a code but no signup message: the page says so and the thread hears of it', async () => {
    const { h, meta } = await startBranded({ sessionWaitMs: 500 });
    await h.command('customer onboard new "Zeta GmbH"');
    await h.settle();
    const { url, onboarding } = await latestLink(h);
    meta.playNext({ kind: 'SILENT' });
    const page = await signUp(url);
    expect(await page.locator('#status h2').textContent()).toBe('We did not hear how the signup ended');
    expect(await page.locator('#start').isEnabled()).toBe(true);
    await h.settle();
    expect(threadOf(h, onboarding).at(-1)!.text).toContain('Meta did not tell the page how it ended');
  });

  it('a signup that made a WABA but added no number records the WABA and says what is left', async () => {
    const { h, meta } = await startBranded();
    await h.command('customer onboard new "Eta BV"');
    await h.settle();
    const { url, onboarding } = await latestLink(h);
    meta.playNext({ kind: 'FINISH_ONLY_WABA' });
    const page = await signUp(url);
    expect(await page.locator('#status h2').textContent()).toBe('Your WhatsApp Business Account is connected');
    expect(await page.locator('#status p').textContent()).toContain('No phone number was added');
    expect(await page.locator('#start').isVisible()).toBe(false);
    await h.settle();
    expect((await stored(h)).customers.find((c) => c.name === 'Eta BV')!.wabaId).toMatch(/^\d+$/);
    expect(threadOf(h, onboarding).at(-1)!.text).toContain('No phone number was added in the signup');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(0);
  });

  it('refuses a different WABA for a customer that has one, on the page and in the thread', async () => {
    const { h, meta } = await startBranded();
    await h.command('customer onboard new "Gamma Inc"');
    await h.settle();
    const gamma = (await stored(h)).customers.find((c) => c.name === 'Gamma Inc')!;
    gamma.wabaId = h.sim.state.addWaba();
    await h.bot.store.customers.save(gamma);
    await h.command('customer onboard "Gamma Inc"');
    await h.settle();
    const { url, onboarding } = await latestLink(h);
    meta.playNext({ kind: 'FINISH', phoneNumber: '+14155550102' });

    const page = await openPage(url);
    expect(await page.locator('#same-waba').textContent()).toContain(gamma.wabaId);
    await pressAndWait(page);
    expect(await page.locator('#status h2').textContent()).toBe('Choose your existing WhatsApp Business Account');
    await h.settle();
    expect(threadOf(h, onboarding).at(-1)!.text).toContain(`already has \`${gamma.wabaId}\``);
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(0);
    expect(meta.graphRequests).toHaveLength(0);
  });

  it('refuses an unknown or expired link with a page that sends the customer to the ISV for a new one', async () => {
    const { h } = await startBranded();
    await h.command('customer onboard new "Delta Co"');
    await h.settle();
    const { url } = await latestLink(h);

    const tampered = url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const page = await openPage(tampered);
    expect((await page.reload())?.status()).toBe(404);
    await screenshotBoth(page, 'refused-unknown');
    expect(await page.locator('h1').textContent()).toBe('This link is not valid');
    expect(await page.locator('#reason').textContent()).toContain('ask Acme Messaging at help@acme.example for a new link');
    expect(await visibleText(page)).not.toMatch(STAFF_WORDING);

    h.clock.advance(60 * 60_000);
    await page.goto(url);
    await screenshotBoth(page, 'refused-expired');
    expect(await page.locator('h1').textContent()).toBe('This link has expired');
    expect(await page.locator('#reason').textContent()).toBe('Signup links work for 60 minutes. Ask Acme Messaging at help@acme.example for a new link.');
    expect(await page.locator('header img').getAttribute('alt')).toBe('Acme Messaging logo');
    expect(await visibleText(page)).not.toMatch(STAFF_WORDING);
  });

  it('in the sandbox, the stand-in dialog lets a person pick the outcome and the number', async () => {
    const { h } = await startBranded();
    await h.command('customer onboard new "Epsilon SA"');
    await h.settle();
    const epsilon = (await stored(h)).customers[0]!;
    h.sim.addNumber(epsilon.accountSid, '+14155550103');
    const { url } = await latestLink(h);
    const page = await openPage(url);
    await page.locator('#start:enabled').waitFor({ timeout: 10_000 });
    const popup = page.context().waitForEvent('page');
    await page.locator('#start').click();
    const dialog = await popup;
    await dialog.locator('#finish').waitFor();
    await screenshotBoth(dialog, 'sandbox-dialog');
    await dialog.locator('#phone').fill('+1 415 555 0103');
    await dialog.locator('#finish').click();
    await page.locator('#status h2', { hasText: 'You are all set' }).waitFor({ timeout: 10_000 });
    await h.settle();
    expect((await stored(h)).senders.map((s) => s.phoneNumber)).toEqual(['+14155550103']);
  });
});
