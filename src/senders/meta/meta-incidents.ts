import { iso } from '../../clock.js';
import type { MetaIncident } from '../../store/schema.js';
import type { MetaCause } from './meta-causes.js';

/** What changed in the customer's incidents, in order, for the jobs layer to word and post. */
export type MetaIncidentNews =
  | { kind: 'opened'; id: string }
  /** The numbers an open incident concerns changed: its alert is edited to list them. */
  | { kind: 'numbers_changed'; id: string }
  | { kind: 'reminder'; id: string }
  | { kind: 'resolved'; id: string };

/** Ended incidents kept (the latest first), so a late click on their alert still finds them. */
const ENDED_KEPT = 20;

export const isOpen = (incident: MetaIncident): boolean => !incident.recoveredAt;

const sameNumbers = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((n) => b.includes(n));

/**
 * One incident per cause: a cause Meta reports and no open incident holds opens one; an open one
 * whose cause Meta no longer reports ends; an open one is reminded every `remindMs` unless
 * snoozed. Pure: the marks that keep each message to one are in the incidents returned.
 */
export function decideMetaIncidents(
  given: readonly MetaIncident[] | undefined,
  causes: readonly MetaCause[],
  now: number,
  remindMs: number,
  /** An open incident Meta says nothing of now but cannot be told over (its number is missing from Meta's list). */
  undecided: (incident: MetaIncident) => boolean = () => false,
): { incidents: MetaIncident[]; news: MetaIncidentNews[] } {
  const incidents = structuredClone([...(given ?? [])]);
  const news: MetaIncidentNews[] = [];
  const reported = new Map(causes.map((c) => [c.cause, c]));
  for (const incident of incidents.filter(isOpen)) {
    const cause = reported.get(incident.cause);
    if (!cause && undecided(incident)) continue;
    if (!cause) {
      incident.recoveredAt = iso(now);
      news.push({ kind: 'resolved', id: incident.id });
      continue;
    }
    Object.assign(incident, { description: cause.description, solution: cause.solution, code: cause.code });
    if (!sameNumbers(incident.numbers, cause.numbers)) {
      incident.numbers = [...cause.numbers];
      news.push({ kind: 'numbers_changed', id: incident.id });
    }
    const snoozed = incident.snoozedUntil && Date.parse(incident.snoozedUntil) > now;
    if (!snoozed && now - Date.parse(incident.remindedAt ?? incident.postedAt) >= remindMs) {
      incident.remindedAt = iso(now);
      news.push({ kind: 'reminder', id: incident.id });
    }
  }
  const fresh: MetaIncident[] = [];
  for (const cause of causes) {
    if (incidents.some((i) => isOpen(i) && i.cause === cause.cause)) continue;
    const id = `${cause.cause}@${iso(now)}`;
    fresh.push({ ...structuredClone(cause), id, postedAt: iso(now) });
    news.push({ kind: 'opened', id });
  }
  const open = incidents.filter(isOpen);
  const ended = incidents
    .filter((i) => !isOpen(i))
    .sort((a, b) => Date.parse(b.recoveredAt ?? '') - Date.parse(a.recoveredAt ?? ''))
    .slice(0, ENDED_KEPT);
  return { incidents: [...open, ...fresh, ...ended], news };
}

/** The customer's incident with this id. */
export const incidentOf = (incidents: readonly MetaIncident[] | undefined, id: string): MetaIncident | undefined => incidents?.find((i) => i.id === id);
