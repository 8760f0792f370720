import type { IncomingMessage } from 'node:http';
import { readRawBody } from './read-raw-body.js';

export interface FormLimits {
  maxBytes: number;
  /** The whole body must arrive within this time, however steadily a slow client sends it. */
  deadlineMs: number;
}

/** A URL-encoded form body, or undefined when it is too big, too slow, or broken off. */
export async function readForm(req: IncomingMessage, limits: FormLimits): Promise<Record<string, string> | undefined> {
  const body = await readRawBody(req, { maxBytes: limits.maxBytes, idleMs: limits.deadlineMs, totalMs: limits.deadlineMs });
  return body.kind === 'body' ? Object.fromEntries(new URLSearchParams(body.bytes.toString('utf8'))) : undefined;
}
