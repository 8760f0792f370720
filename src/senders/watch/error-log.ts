import type { SenderRecord } from '../../store/schema.js';
import type { AlertWire } from '../../twilio/wire.js';

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
