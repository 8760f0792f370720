import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = /^sha256=([0-9a-f]{64})$/i;

/** The X-Hub-Signature-256 Meta sends with a webhook: HMAC-SHA256 of the raw body with the app secret (for stand-ins and tests, which play Meta's side). */
export const metaSignature = (rawBody: Buffer, appSecret: string): string => `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;

/** Whether `header` (X-Hub-Signature-256) is Meta's signature of these exact bytes with the app secret; false for anything malformed. */
export function validMetaSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!appSecret || typeof header !== 'string') return false;
  const given = HEADER.exec(header.trim());
  if (!given) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(given[1]!, 'hex'), expected);
}
