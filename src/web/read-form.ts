import type { IncomingMessage } from 'node:http';

export interface FormLimits {
  maxBytes: number;
  /** The whole body must arrive within this time, however steadily a slow client sends it. */
  deadlineMs: number;
}

/** A URL-encoded form body, or undefined when it is too big, too slow, or broken off. */
export function readForm(req: IncomingMessage, limits: FormLimits): Promise<Record<string, string> | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > limits.maxBytes) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (form: Record<string, string> | undefined) => {
      clearTimeout(deadline);
      req.removeAllListeners('data');
      resolve(form);
    };
    const deadline = setTimeout(() => done(undefined), limits.deadlineMs);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) return done(undefined);
      chunks.push(chunk);
    });
    req.on('end', () => done(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))));
    req.on('error', () => done(undefined));
  });
}
