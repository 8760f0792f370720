import type { IncomingMessage } from 'node:http';

export interface RawBodyLimits {
  maxBytes: number;
  /** A body that stops arriving for this long is given up. */
  idleMs: number;
  /** A body not whole this long after reading began is given up, however steadily it trickles in. */
  totalMs: number;
}

export type RawBody = { kind: 'body'; bytes: Buffer } | { kind: 'too_large' } | { kind: 'stalled' } | { kind: 'broken' };

/** A request's body as the exact bytes sent (a signature is checked over them), within the limits. */
export function readRawBody(req: IncomingMessage, limits: RawBodyLimits): Promise<RawBody> {
  if (Number(req.headers['content-length'] ?? 0) > limits.maxBytes) return Promise.resolve({ kind: 'too_large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let idle: NodeJS.Timeout | undefined;
    const done = (body: RawBody) => {
      clearTimeout(idle);
      clearTimeout(deadline);
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onBroken);
      req.removeListener('aborted', onBroken);
      resolve(body);
    };
    const waitForMore = () => {
      clearTimeout(idle);
      idle = setTimeout(() => done({ kind: 'stalled' }), limits.idleMs);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) return done({ kind: 'too_large' });
      chunks.push(chunk);
      waitForMore();
    };
    const onEnd = () => done({ kind: 'body', bytes: Buffer.concat(chunks) });
    const onBroken = () => done({ kind: 'broken' });
    const deadline = setTimeout(() => done({ kind: 'stalled' }), limits.totalMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onBroken);
    req.on('aborted', onBroken);
    waitForMore();
  });
}
