/**
 * What each part of `npm run bench` measured, kept as JSON so that bench/targets.ts can put the
 * issue's rows side by side after the last part. BENCH_RESULTS names the folder (default: a
 * folder in the system's temporary folder).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = () => process.env.BENCH_RESULTS || join(tmpdir(), 'senders-bench-results');

export interface TrustResults {
  at: string;
  senders: number;
  twilioLatencyMs: number;
  twilioConcurrency: number;
  burst: number;
  submitAckP99?: { bot: number; bare: number };
  submitCpuMs?: { bot: number; bare: number };
  statusCpuMs?: { bot: number; bare: number };
  /** Median over the rounds, ms. */
  statusAnswersAfterLastAckMs?: number;
  peakRssMb: { bot: number; bare: number };
}

export interface ScaleRow {
  store: 'lowdb' | 'postgres';
  size: number;
  ackP50: number;
  ackP99: number;
  /** Registrations answered "cannot save right now": not stored by the ack deadline. */
  notStoredInTime: number;
  pollMs: number;
  idealPollMs: number;
  botPeakMb: number;
}

export interface ScaleResults {
  at: string;
  rows: ScaleRow[];
}

export function saveResults(name: 'trust' | 'scale', results: TrustResults | ScaleResults): void {
  mkdirSync(folder(), { recursive: true });
  writeFileSync(join(folder(), `${name}.json`), JSON.stringify(results));
}

export function loadResults(name: 'trust'): TrustResults | undefined;
export function loadResults(name: 'scale'): ScaleResults | undefined;
export function loadResults(name: 'trust' | 'scale'): TrustResults | ScaleResults | undefined {
  try {
    return JSON.parse(readFileSync(join(folder(), `${name}.json`), 'utf8')) as TrustResults | ScaleResults;
  } catch {
    return undefined;
  }
}
