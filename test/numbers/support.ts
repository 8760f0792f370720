import { expect } from 'vitest';
import { sid } from '../../src/sandbox/sim-state.js';
import { TwilioSimulator } from '../../src/sandbox/simulator.js';
import { ACTION } from '../../src/views/ids.js';
import { blocksText } from '../support/flows.js';
import { ALICE, type Harness, type HarnessOptions, stateValues } from '../support/harness.js';
import { ManualClock } from '../support/manual-clock.js';
import { type Actor, interactionBody, viewActionPayload } from '../support/slack-requests.js';

export const CHANNEL = ALICE.channel;

export const replyText = (reply: Record<string, any> | undefined) => `${reply?.text ?? ''}${blocksText(reply?.blocks)}`;

/** A button pressed inside an open modal, with the modal's current values. */
export async function clickInView(h: Harness, viewId: string, actionId: string, blockId: string, given: Record<string, unknown> = {}, actor: Actor = ALICE) {
  const view = h.slack.viewFor(viewId);
  const button = view.blocks
    .flatMap((b: any) => (b.type === 'actions' ? b.elements : b.accessory ? [b.accessory] : []))
    .find((e: any) => e.action_id === actionId);
  expect(button, `a ${actionId} button in the view`).toBeDefined();
  const payload = viewActionPayload(actionId, blockId, view, stateValues(view, given), actor);
  payload.actions = [{ type: 'button', action_id: actionId, block_id: blockId, value: button.value, action_ts: String(Date.now() / 1000) }] as any;
  const response = await h.post(interactionBody(payload));
  await h.settle();
  return response;
}

/** `/senders numbers search …`: the ephemeral answer. */
export async function search(h: Harness, text: string) {
  await h.command(`numbers search ${text}`);
  await h.settle();
  return h.slack.responses.at(-1)!;
}

/** The Buy buttons of a search answer, by number (a button also carries the price shown). */
export const buyButtons = (reply: Record<string, any>): string[] =>
  (reply.blocks ?? []).filter((b: any) => b.accessory?.action_id === ACTION.buyNumber).map((b: any) => b.accessory.value.split('|')[0]);

/** Presses Buy on a search result: the purchase modal opens; returns its view id. */
export async function pressBuy(h: Harness, phoneNumber: string, actor: Actor = ALICE, buttonValue = phoneNumber): Promise<string> {
  const before = h.slack.callsOf('views.open').length;
  await h.click(ACTION.buyNumber, buttonValue, { ts: '1700000000.000100', channel: actor.channel }, actor);
  await h.settle();
  const opened = h.slack.callsOf('views.open');
  expect(opened.length, 'Buy opens a modal').toBe(before + 1);
  return opened.at(-1)!.args.__id as string;
}

/** The whole purchase: Buy, choose the customer, confirm. Returns the modal's id. */
export async function buy(h: Harness, phoneNumber: string, customer: string): Promise<string> {
  const viewId = await pressBuy(h, phoneNumber);
  await h.submitView(viewId, { customer });
  expect(h.slack.viewFor(viewId).callback_id).toBe('buy_number_confirm');
  await h.submitView(viewId, {});
  await h.settle();
  return viewId;
}

/** A bot whose Twilio credentials are an API key of this kind, once its look at them at start is over. */
export async function startWithApiKey(
  start: (options?: HarnessOptions) => Promise<Harness>,
  kind: 'main' | 'standard',
  before: (sim: TwilioSimulator) => void = () => {},
): Promise<Harness> {
  const clock = new ManualClock();
  const mainAccountSid = sid('AC');
  const authToken = `tok${sid('')}`;
  const sim = new TwilioSimulator({ mainAccountSid, authToken, clock });
  await sim.start();
  const key = sim.addApiKey(kind);
  before(sim);
  const h = await start({ sim, clock, twilioSecrets: { mainAccountSid, authToken }, twilioApiKey: key, checkCredentials: true });
  await h.waitFor(() => h.bot.senders.credentials?.checked === true);
  return h;
}
