import { existsSync } from 'node:fs';
import type { MetaStandIn } from '../src/sandbox/meta/meta-standin.js';
import { CHROMIUM, launchChromium, newContext } from '../test/support/browser.js';

/**
 * The customer's side of the demo: the onboarding page in headless Chromium when it is
 * installed; otherwise the page's own request (Meta's event and the login code) is sent as the
 * page would send it.
 */
export async function customerSignsUp(url: string, meta: MetaStandIn): Promise<string> {
  if (existsSync(CHROMIUM)) {
    const browser = await launchChromium();
    try {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(url);
      const intro = await page.locator('h1').textContent();
      await page.locator('#start:enabled').waitFor({ timeout: 10_000 });
      const popup = context.waitForEvent('page');
      await page.locator('#start').click();
      await popup;
      await page
        .locator('#status h2')
        .filter({ hasNotText: /Signing up|Finishing/ })
        .waitFor({ timeout: 10_000 });
      const title = await page.locator('#status h2').textContent();
      const detail = await page.locator('#status p').textContent();
      return `The customer's page (Chromium): "${intro}", then the Facebook window, then:\n  ${title}\n  ${detail}`;
    } finally {
      await browser.close();
    }
  }
  const played = meta.play({ kind: 'FINISH', phoneNumber: '+14155550100', verifiedName: 'Acme Corp' });
  const response = await fetch(`${url}/result`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(played) });
  const answer = (await response.json()) as { title: string; detail: string };
  return `The customer's page (no Chromium here: the page's request is sent for it):\n  ${answer.title}\n  ${answer.detail}`;
}
