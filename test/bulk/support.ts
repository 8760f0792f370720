import { expect } from 'vitest';
import type { Customer } from '../../src/store/schema.js';
import { ALICE, type Harness } from '../support/harness.js';
import type { Actor } from '../support/slack-requests.js';

/** Opens /senders bulk and uploads the CSV as a file; returns the view id and the preview. */
export async function uploadCsv(h: Harness, csv: string, how: 'file' | 'paste' = 'file', actor: Actor = ALICE) {
  await h.command('bulk', actor);
  await h.settle();
  const viewId = h.slack.callsOf('views.open').at(-1)!.args.__id as string;
  const ack =
    how === 'file' ? await h.submitView(viewId, { file: [h.slack.hostFile('senders.csv', csv)] }, actor) : await h.submitView(viewId, { csv_text: csv }, actor);
  await h.waitFor(() => h.slack.viewFor(viewId)?.callback_id !== 'registering');
  return { viewId, ack, view: h.slack.viewFor(viewId) };
}

export async function confirm(h: Harness, viewId: string) {
  const ack = await h.submitView(viewId, {});
  await h.settle();
  expect(ack.body.response_action).toBe('update');
  return ack;
}

/** Customers with subaccounts made directly in the simulator and the store (fast, for big runs). */
export async function seedCustomers(h: Harness, count: number): Promise<Customer[]> {
  const customers: Customer[] = [];
  for (let i = 0; i < count; i += 1) {
    const account = h.sim.state.createSubaccount(`Customer ${i}`);
    customers.push({
      id: `cust${i}`,
      name: `Customer ${i}`,
      accountSid: account.sid,
      createdBySlackUser: 'U0ALICE',
      createdAt: new Date(h.clock.now()).toISOString(),
      createdSubaccount: false,
      wabaId: h.sim.state.addWaba(),
    });
  }
  await h.bot.store.atomically(async (tx) => {
    for (const customer of customers) await tx.customers.insert(customer);
  });
  return customers;
}

export const createsByAccount = (h: Harness) => {
  const map = new Map<string, number[]>();
  for (const r of h.sim.requestsOf('CreateChannelsSender')) map.set(r.accountSid, [...(map.get(r.accountSid) ?? []), r.at]);
  return map;
};

export const progressMessage = async (h: Harness) => {
  const run = (await h.bot.store.bulkRuns.list()).at(-1)!;
  return h.slack.messages.find((m) => m.ts === run.progressTs)!;
};
