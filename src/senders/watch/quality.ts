import type { SenderRecord } from '../../store/schema.js';

const QUALITY_RANK: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3 };

export interface PropertiesBefore {
  qualityRating?: string | null;
  messagingLimit?: string | null;
}

export type QualityIntent =
  | { kind: 'quality_fell'; from: string; to: string }
  | { kind: 'quality_rose'; from: string; to: string }
  | { kind: 'limit_changed'; from: string; to: string; lowered: boolean };

/** Customers a day a limit allows ("1K Customers/24hr" → 1000; "Unlimited" → Infinity), or undefined when unreadable. */
export function limitSize(limit: string): number | undefined {
  if (/unlimited/i.test(limit)) return Number.POSITIVE_INFINITY;
  const match = /([\d.]+)\s*([KM]?)/i.exec(limit.replace(/,/g, ''));
  if (!match) return undefined;
  const scale = { '': 1, K: 1_000, M: 1_000_000 }[match[2]!.toUpperCase() as '' | 'K' | 'M'];
  return Number(match[1]) * scale;
}

/**
 * Changes of quality rating and messaging limit between two reports. A value not reported
 * before (null until the sender is online) is no change: nothing to compare it with.
 */
export function qualityChanges(before: PropertiesBefore, record: SenderRecord): QualityIntent[] {
  const intents: QualityIntent[] = [];
  const [fromQ, toQ] = [before.qualityRating, record.qualityRating];
  if (fromQ && toQ && fromQ !== toQ && QUALITY_RANK[fromQ] && QUALITY_RANK[toQ]) {
    intents.push({ kind: QUALITY_RANK[toQ]! < QUALITY_RANK[fromQ]! ? 'quality_fell' : 'quality_rose', from: fromQ, to: toQ });
  }
  const [fromL, toL] = [before.messagingLimit, record.messagingLimit];
  if (fromL && toL && fromL !== toL) {
    const [a, b] = [limitSize(fromL), limitSize(toL)];
    intents.push({ kind: 'limit_changed', from: fromL, to: toL, lowered: a !== undefined && b !== undefined && b < a });
  }
  return intents;
}
