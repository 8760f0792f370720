import type { SendersContext } from '../senders/context.js';
import type { MetaCheckDecision } from '../senders/meta/meta-check.js';
import { incidentOf } from '../senders/meta/meta-incidents.js';
import type { NewOutboxItem } from '../store/repositories.js';
import type { Customer, MetaIncident, SenderRecord } from '../store/schema.js';
import { metaAccessLostNote } from '../views/meta-access-note.js';
import { metaIncidentAlert, metaIncidentReminder, metaResolvedAlert, metaTakenBlocks } from '../views/meta-alerts.js';
import { portfolioLimitNote } from '../views/portfolio-limit-note.js';

/** The numbers of an incident with what Twilio says of each, for its alert. */
const numbersOf = (incident: MetaIncident, senders: readonly SenderRecord[]) =>
  incident.numbers.map((e164) => {
    const sender = senders.find((s) => s.phoneNumber === e164);
    return { e164, twilioStatus: sender?.status, senderId: sender?.id };
  });

/** Whether Meta blocks or only limits what the incident is about: its number's health, or else the WABA's. */
function canSendOf(customer: Customer, incident: MetaIncident, senders: readonly SenderRecord[]): string | undefined {
  if (incident.entity === 'PHONE_NUMBER') return senders.find((s) => s.phoneNumber === incident.numbers[0])?.meta?.health?.canSend;
  return customer.meta?.health?.canSend;
}

/** The sender whose display name Meta declined, for a NAME incident: its fix is a new name. */
const nameSenderOf = (incident: MetaIncident, senders: readonly SenderRecord[]) =>
  incident.entity === 'NAME' ? senders.find((s) => s.phoneNumber === incident.numbers[0])?.id : undefined;

/** The alert of an incident as it stands (marked as taken when someone took it). */
export function metaAlertWords(ctx: SendersContext, customer: Customer, incident: MetaIncident, senders: readonly SenderRecord[], now: number) {
  const alert = metaIncidentAlert({
    incident,
    customer: { id: customer.id, name: customer.name },
    wabaId: customer.wabaId ?? '',
    numbers: numbersOf(incident, senders),
    now,
    command: ctx.settings.command,
    canSend: canSendOf(customer, incident, senders),
  });
  if (!incident.takenBy) return alert;
  const takenAt = Date.parse(incident.takenAt ?? '');
  return { text: alert.text, blocks: metaTakenBlocks(alert.blocks, incident.takenBy, now, Number.isNaN(takenAt) ? now : takenAt) };
}

/** The note of a change of the portfolio's messaging limit, naming every number it covers. */
export function portfolioLimitItem(
  ctx: SendersContext,
  customer: Customer,
  change: { from: string; to: string; numbers: string[] },
  now: number,
  channel: string,
): NewOutboxItem {
  const note = portfolioLimitNote({ customerName: customer.name, from: change.from, to: change.to, numbers: change.numbers, now });
  return {
    kind: 'meta_alert',
    customerId: customer.id,
    channel,
    senderId: undefined,
    ...ctx.secrets.scrubPost(note),
  };
}

/** Where a customer's notes go: the alert channel, or else the channel of the registration message of one of these numbers (or any of its senders). */
export function noteChannel(senders: readonly SenderRecord[], numbers: readonly string[], alertChannel: string | undefined): string | undefined {
  return (
    alertChannel ??
    senders.find((s) => numbers.includes(s.phoneNumber) && s.slack?.channel)?.slack?.channel ??
    senders.find((s) => s.slack?.channel)?.slack?.channel
  );
}

/**
 * Words what a look at Meta decided (views/) as the outbox items to store with it: alerts go to
 * the alert channel (or, without one, the channel of the first number's registration message);
 * Meta's words are scrubbed before they are stored.
 */
export function metaOutboxItems(
  ctx: SendersContext,
  decision: MetaCheckDecision,
  senders: readonly SenderRecord[],
  now: number,
  alertChannel: string | undefined,
): NewOutboxItem[] {
  const customer = decision.customer;
  const current = senders.map((s) => decision.senders.find((d) => d.id === s.id) ?? s);
  const channelFor = (numbers: readonly string[]) => noteChannel(current, numbers, alertChannel);
  const items: NewOutboxItem[] = [];
  for (const news of decision.news) {
    const incident = incidentOf(customer.meta?.incidents, news.id);
    // Chosen once, when the incident opens, and kept on it: its edits and reminders then queue behind its post.
    const channel = incident && (incident.channel ?? channelFor(incident.numbers));
    if (!incident || !channel) {
      ctx.logger.warn('no channel for an alert of Meta; set ALERT_CHANNEL', { customer: customer.name, incident: news.id });
      continue;
    }
    incident.channel = channel;
    const about = { customerId: customer.id, metaIncidentId: incident.id, channel, senderId: undefined };
    switch (news.kind) {
      case 'opened':
        items.push({ kind: 'meta_alert', ...about, ...ctx.secrets.scrubPost(metaAlertWords(ctx, customer, incident, current, now)) });
        break;
      case 'numbers_changed':
        items.push({ kind: 'meta_alert_update', ...about, ...ctx.secrets.scrubPost(metaAlertWords(ctx, customer, incident, current, now)) });
        break;
      case 'reminder':
        items.push({
          kind: 'meta_alert',
          ...about,
          threadOf: 'meta_incident',
          broadcast: !incident.takenBy,
          ...ctx.secrets.scrubPost(
            metaIncidentReminder({
              incident,
              customer: { id: customer.id, name: customer.name },
              wabaId: customer.wabaId ?? '',
              nameSenderId: nameSenderOf(incident, current),
              now,
              canSend: canSendOf(customer, incident, current),
            }),
          ),
        });
        break;
      case 'resolved':
        items.push({ kind: 'meta_alert_update', ...about, ...ctx.secrets.scrubPost(metaResolvedAlert(incident, customer.name, now)) });
        break;
    }
  }
  const lost = decision.accessLost;
  const lostChannel = lost && channelFor(current.map((s) => s.phoneNumber));
  if (lost && lostChannel) {
    const note = metaAccessLostNote(customer.name, customer.wabaId ?? '', lost, ctx.settings.command);
    items.push({ kind: 'meta_alert', customerId: customer.id, channel: lostChannel, senderId: undefined, ...ctx.secrets.scrubPost(note) });
  }
  for (const sender of decision.senders) items.push({ kind: 'refresh_sender_message', senderId: sender.id });
  return items;
}
