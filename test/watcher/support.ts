import { expect } from 'vitest';
import { record, register } from '../support/flows.js';
import type { Harness } from '../support/harness.js';
import { ALERT_CHANNEL, ALICE } from '../support/harness.js';
import { type Actor, buttonPayload, interactionBody } from '../support/slack-requests.js';

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

/**
 * Chooses the option labelled `label` in the message's menu `actionId`, as Slack sends the
 * choice: the menu's action with the selected option. Fails when the message offers no such option.
 */
export async function choose(h: Harness, actionId: string, label: string, message: { ts: string; channel: string }, actor: Actor = ALICE) {
  const shown = h.slack.messages.find((m) => m.channel === message.channel && m.ts === message.ts)!;
  const menu = shown.blocks
    .flatMap((b: any) => (b.type === 'actions' ? b.elements : []))
    .find((e: any) => e.action_id === actionId && (e.type === 'static_select' || e.type === 'overflow'));
  const option = menu?.options.find((o: any) => o.text.text === label);
  expect(option, `${label} in the menu ${actionId}`).toBeDefined();
  const payload = buttonPayload(actionId, '', actor, { ...message, text: shown.text, blocks: shown.blocks }, h.slack.responseUrl());
  const chosen = { type: menu.type, action_id: actionId, block_id: 'incident_actions', selected_option: option, action_ts: String(Date.now() / 1000) };
  return h.post(interactionBody({ ...payload, actions: [chosen] }));
}
