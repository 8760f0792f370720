import { expect } from 'vitest';
import type { Harness } from './harness.js';

/** Opens the registration modal with the slash command; returns its view id. */
export async function openRegistrationModal(h: Harness): Promise<string> {
  await h.command('register');
  await h.settle();
  const opened = h.slack.callsOf('views.open').at(-1);
  expect(opened, 'the register command opens a modal').toBeDefined();
  return opened!.args.__id as string;
}

/** Submits the registration modal and waits for the bot's work after the ack. */
export async function register(h: Harness, values: Record<string, unknown>) {
  const viewId = await openRegistrationModal(h);
  const ack = await h.submitView(viewId, values);
  await h.settle();
  return { viewId, ack, view: h.slack.viewFor(viewId) };
}

/** The customer gets a WABA as Embedded Signup leaves it (known to Twilio, not linked yet); returns its ID. */
export async function giveWaba(h: Harness, customerName: string): Promise<string> {
  const customer = await h.bot.store.customers.find(customerName);
  expect(customer, `customer ${customerName}`).toBeDefined();
  customer!.wabaId = h.sim.state.addWaba();
  await h.bot.store.customers.save(customer!);
  return customer!.wabaId;
}

export const blocksText = (blocks: unknown) => JSON.stringify(blocks ?? []);

export const buttonIds = (blocks: any[]): string[] => blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e: any) => e.action_id) : []));

/** The first record of the number, as stored now. */
export const record = async (h: Harness, phoneNumber: string) => (await h.bot.store.senders.list()).find((s) => s.phoneNumber === phoneNumber)!;

export const channelMessageFor = async (h: Harness, phoneNumber: string) => {
  const r = await record(h, phoneNumber);
  return h.slack.messages.find((m) => m.ts === r.slack?.ts)!;
};
