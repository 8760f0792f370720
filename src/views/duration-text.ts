const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A pace or an interval as people read it: "20 s", "1 min", "1 min 30 s", "1 h 30 min", "2 d 3 h".
 * Rounded to the unit below the largest one, so it never prints fractions ("0.333 min") or zero
 * for a wait that is not zero ("every 0 min").
 */
export function durationText(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0 s';
  if (ms < MINUTE) return `${Math.max(1, Math.round(ms / SECOND))} s`;
  if (ms < HOUR) {
    const seconds = Math.round(ms / SECOND);
    return pair(Math.floor(seconds / 60), 'min', seconds % 60, 's');
  }
  if (ms < DAY) {
    const minutes = Math.round(ms / MINUTE);
    return pair(Math.floor(minutes / 60), 'h', minutes % 60, 'min');
  }
  const hours = Math.round(ms / HOUR);
  return pair(Math.floor(hours / 24), 'd', hours % 24, 'h');
}

const pair = (big: number, bigUnit: string, small: number, smallUnit: string): string =>
  small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`;
