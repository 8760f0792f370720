import { expect } from 'vitest';
import { record, register } from '../support/flows.js';
import type { Harness } from '../support/harness.js';
import { ALERT_CHANNEL } from '../support/harness.js';

const MINUTE = 60_000;

/** Registers a number outside Twilio and enters its code: the sender is then VERIFYING. */
export async function registerAndVerify(h: Harness, phone: string): Promise<void> {
  const { viewId } = await register(h, { customer: 'main', phone, name: 'Acme Store' });
  h.clock.advance(1_000);
  await h.submitView(viewId, { code: h.sim.codeSentTo(phone) });
  await h.settle();
}

/** Polls once a minute of clock time, `minutes` times. */
export async function pollEveryMinute(h: Harness, minutes: number): Promise<void> {
  for (let i = 0; i < minutes; i += 1) await h.pollAfter(MINUTE);
}

export const alertsMatching = (h: Harness, text: string) => h.slack.postedIn(ALERT_CHANNEL).filter((m) => !m.threadTs && m.text.includes(text));

export const threadOf = async (h: Harness, phone: string) => h.slack.repliesTo((await record(h, phone)).slack!.ts!);

/** Registers `phone`, enters its code and polls until it is ONLINE. */
export async function onlineSender(h: Harness, phone: string): Promise<void> {
  await registerAndVerify(h, phone);
  await pollEveryMinute(h, 10);
  expect((await record(h, phone)).status).toBe('ONLINE');
}
