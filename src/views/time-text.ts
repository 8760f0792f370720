import { iso } from '../clock.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A time as people read it in Slack: "14:05 UTC" when it falls today, "26 Nov 14:05 UTC" on
 * any other day, and "26 Nov 2027 14:05 UTC" in another year, so a time a day away never
 * passes for one minutes away.
 */
export function timeText(at: number, now: number): string {
  const clock = `${iso(at).slice(11, 16)} UTC`;
  if (iso(at).slice(0, 10) === iso(now).slice(0, 10)) return clock;
  const day = new Date(at);
  const year = day.getUTCFullYear() === new Date(now).getUTCFullYear() ? '' : ` ${day.getUTCFullYear()}`;
  return `${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]}${year} ${clock}`;
}

/**
 * A time in a message's mrkdwn, shown by Slack in each reader’s own time zone ("today
 * 2:05 PM", "Nov 26 14:05"); clients that cannot render it show the UTC fallback. Slack
 * renders it only in mrkdwn: plain_text fields and notification text keep `timeText`.
 */
export function slackTime(at: number, now: number): string {
  return `<!date^${Math.floor(at / 1000)}^{date_short_pretty} {time}|${timeText(at, now)}>`;
}

/** Text with its Slack dates replaced by their UTC fallback, for notification text where Slack shows them raw. */
export const withoutSlackDates = (text: string): string => text.replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1');
