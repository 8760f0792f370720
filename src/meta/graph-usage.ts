/** Graph error codes that mean "too many calls": app, user, page, business use case and WhatsApp limits. */
export const THROTTLE_CODES: ReadonlySet<number> = new Set([4, 17, 32, 613, 80007, 80008]);
/** Stop before Meta does: at this share of any usage counter, Graph calls wait. */
export const PAUSE_AT_PERCENT = 90;
const DEFAULT_PAUSE_MINUTES = 5;
const MINUTE_MS = 60_000;

/** The usage headers of one Graph answer, as they came (JSON text), and its error code if any. */
export interface GraphAnswerUsage {
  /** `x-business-use-case-usage`: `{ "<business id>": [{ type, call_count, total_cputime, total_time, estimated_time_to_regain_access }] }`. */
  businessUseCase?: string | null;
  /** `x-app-usage`: `{ call_count, total_cputime, total_time }`. */
  app?: string | null;
  errorCode?: number;
}

const COUNTERS = ['call_count', 'total_cputime', 'total_time'] as const;

const parse = (text: string | null | undefined): unknown => {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const percentOf = (entry: unknown): number => {
  if (!entry || typeof entry !== 'object') return 0;
  const values = COUNTERS.map((name) => Number((entry as Record<string, unknown>)[name]));
  return Math.max(0, ...values.filter(Number.isFinite));
};

const regainMinutesOf = (entry: unknown): number => {
  const minutes = Number((entry as Record<string, unknown> | null)?.estimated_time_to_regain_access);
  return Number.isFinite(minutes) ? minutes : 0;
};

/**
 * When Graph calls may resume after this answer (ms since the epoch), or undefined to carry on:
 * at 90 % of any counter, or on a throttling error, wait Meta's estimated time to regain access
 * (5 minutes when Meta gives none).
 */
export function resumeAfter(answer: GraphAnswerUsage, now: number): number | undefined {
  const business = parse(answer.businessUseCase);
  const entries = business && typeof business === 'object' ? Object.values(business).flatMap((list) => (Array.isArray(list) ? list : [])) : [];
  const app = parse(answer.app);
  const highest = Math.max(percentOf(app), ...entries.map(percentOf));
  const throttled = answer.errorCode !== undefined && THROTTLE_CODES.has(answer.errorCode);
  if (!throttled && highest < PAUSE_AT_PERCENT) return undefined;
  const regain = Math.max(0, ...entries.map(regainMinutesOf));
  return now + (regain > 0 ? regain : DEFAULT_PAUSE_MINUTES) * MINUTE_MS;
}

/** The pause one client keeps between Graph answers: the latest resume time wins only when later. */
export class GraphUsage {
  private resumeAt = 0;

  /** When a call made now must wait: the time Meta may be asked again, or undefined. */
  pausedUntil(now: number): number | undefined {
    return now < this.resumeAt ? this.resumeAt : undefined;
  }

  note(answer: GraphAnswerUsage, now: number): void {
    const resume = resumeAfter(answer, now);
    if (resume !== undefined && resume > this.resumeAt) this.resumeAt = resume;
  }
}
