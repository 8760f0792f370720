import type { SenderRecord } from '../../store/schema.js';
import type { AlertWire } from '../../twilio/wire.js';
import type { SendersContext } from '../context.js';
import { problemFrom } from '../outcome.js';

/**
 * The error log entries about this sender, their text as a person reads it (Twilio sends it
 * URL-encoded). The Monitor API cannot filter by resource, and whether sender errors carry the
 * XE SID is not documented, so the number is matched too.
 */
export function matchErrorLog(alerts: AlertWire[], record: SenderRecord): AlertWire[] {
  const digits = record.phoneNumber.replace(/\D/g, '');
  return alerts
    .map((alert) => ({ ...alert, alert_text: decodeSafely(alert.alert_text ?? '') }))
    .filter((alert) => {
      if (record.sid && alert.resource_sid === record.sid) return true;
      const text = alert.alert_text;
      return (record.sid !== undefined && text.includes(record.sid)) || text.replace(/\D/g, '').includes(digits);
    });
}

/** The start of the error-log window: the sender's creation (or `from`), at most 30 days back (the API's limit). */
export function errorLogSince(record: SenderRecord, now: number, from?: number): Date {
  const thirtyDays = now - 30 * 24 * 3_600_000 + 60_000;
  return new Date(Math.max(from ?? Date.parse(record.createdAt), thirtyDays));
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The error-log entries about the sender, since its creation or since `from`, scrubbed; none when Twilio does not answer. */
export async function readErrorLog(ctx: SendersContext, record: SenderRecord, now: number, from?: number): Promise<AlertWire[]> {
  try {
    const since = errorLogSince(record, now, from);
    const entries = matchErrorLog(await ctx.twilio.listAlerts(record.accountSid, since), record).filter(
      (entry) => !entry.date_created || Date.parse(entry.date_created) >= Math.floor(since.getTime() / 1000) * 1000,
    );
    // Decoded by matchErrorLog, so a code quoted inside is scrubbed whole.
    return entries.map((entry) => ({ ...entry, alert_text: ctx.secrets.scrub(entry.alert_text ?? '') }));
  } catch (error) {
    ctx.logger.warn('could not read the error log', { id: record.id, error: problemFrom(error).message });
    return [];
  }
}

/** Meta's reasons for declining the sender's display name (error 63124), from its offline reasons and the error log since `askedAt`. */
export async function declinedNameReasons(ctx: SendersContext, record: SenderRecord, now: number, askedAt?: number): Promise<string[]> {
  const logged = (await readErrorLog(ctx, record, now, askedAt)).filter((entry) => entry.error_code === '63124').map((entry) => entry.alert_text ?? '');
  const offline = (record.offlineReasons ?? []).filter((r) => r.code === '63124').map((r) => ctx.secrets.scrub(r.message ?? ''));
  return [...new Set([...offline, ...logged].filter(Boolean))];
}
