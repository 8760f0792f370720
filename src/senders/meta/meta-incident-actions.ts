import { iso } from '../../clock.js';
import type { NewOutboxItem } from '../../store/repositories.js';
import type { Customer, MetaIncident } from '../../store/schema.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';
import { isOfferedSnooze } from '../watch/snooze.js';
import { incidentOf, isOpen } from './meta-incidents.js';

export type IncidentChange = { ok: true; incident: MetaIncident; alreadyTakenBy?: string } | { ok: false; reason: 'no_incident' | 'bad_snooze' };

/**
 * Changes the customer's open incident `id` as stored now (decided again after someone
 * else changed the customer), with what is stored alongside it (its audit entry, its alert's edit).
 */
async function changeIncident(
  ctx: SendersContext,
  customerId: string,
  id: string,
  user: string,
  change: (incident: MetaIncident, customer: Customer) => { action: string; detail?: string; messages?: NewOutboxItem[] } | undefined,
): Promise<IncidentChange> {
  return commit(ctx, async (read) => {
    const customer = await read.customers.get(customerId);
    const incident = customer && incidentOf(customer.meta?.incidents, id);
    if (!customer || !incident || !isOpen(incident)) return { result: { ok: false, reason: 'no_incident' } as IncidentChange };
    const before = structuredClone(incident);
    const done = change(incident, customer);
    if (!done) return { result: { ok: true, incident: before } as IncidentChange };
    return {
      customers: [customer],
      audit: [{ at: iso(ctx.clock.now()), user, action: done.action, target: customer.name, detail: [incident.cause, done.detail].filter(Boolean).join(' ') }],
      messages: done.messages,
      result: { ok: true, incident, ...(before.takenBy ? { alreadyTakenBy: before.takenBy } : {}) } as IncidentChange,
    };
  });
}

/** "I’m on it": the person takes the incident; its reminders then go to them. `edit` words the alert as taken. */
export function takeMetaIncident(
  ctx: SendersContext,
  customerId: string,
  id: string,
  user: string,
  edit: (incident: MetaIncident, customer: Customer) => NewOutboxItem | undefined,
): Promise<IncidentChange> {
  return changeIncident(ctx, customerId, id, user, (incident, customer) => {
    if (incident.takenBy === user) return undefined;
    incident.takenBy = user;
    incident.takenAt = iso(ctx.clock.now());
    const message = edit(incident, customer);
    return { action: 'take_meta_alert', messages: message ? [message] : [] };
  });
}

/** Silences the incident's reminders for a while; Meta's view is still read, and its end still edits the alert. */
export async function snoozeMetaIncident(ctx: SendersContext, customerId: string, id: string, minutes: number, user: string): Promise<IncidentChange> {
  if (!isOfferedSnooze(minutes)) return { ok: false, reason: 'bad_snooze' };
  return changeIncident(ctx, customerId, id, user, (incident) => {
    incident.snoozedUntil = iso(ctx.clock.now() + minutes * 60_000);
    return { action: 'snooze_meta_alert', detail: `${minutes} min` };
  });
}
