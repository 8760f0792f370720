/**
 * `npm run pictures`: the README's pictures of a sender's message and of an alert, drawn from the
 * bot's own message builders (the samples of test/support/message-catalogue.ts) in Debian's
 * Chromium, so the pictures change when the words do.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CATALOGUE } from '../test/support/message-catalogue.js';
import { messagePage } from './block-kit-html.js';

const PICTURES: { entry: string; file: string; time: string }[] = [
  { entry: 'sender message: SMS code awaited', file: 'sender-message.png', time: '12:40 PM' },
  { entry: 'stuck alert', file: 'alert.png', time: '12:40 PM' },
];

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(process.cwd(), 'docs', 'pictures');

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH.`);
  await mkdir(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 700, height: 200 }, deviceScaleFactor: 2 });
    for (const picture of PICTURES) {
      const entry = CATALOGUE.find((e) => e.name === picture.entry);
      if (!entry) throw new Error(`No catalogue entry "${picture.entry}"`);
      await page.setContent(messagePage(entry.build().blocks ?? [], { botName: 'WhatsApp Senders', time: picture.time }));
      await page.locator('.message').screenshot({ path: join(OUT, picture.file) });
      process.stdout.write(`docs/pictures/${picture.file}\n`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
