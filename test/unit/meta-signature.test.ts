import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { metaSignature, validMetaSignature } from '../../src/meta/webhook-signature.js';

const SECRET = 'app-secret-for-tests';
const BODY = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
const signed = `sha256=${createHmac('sha256', SECRET).update(BODY).digest('hex')}`;

describe("Meta's webhook signature (X-Hub-Signature-256)", () => {
  it('accepts the HMAC-SHA256 of the exact bytes with the app secret, in either case of hex', () => {
    expect(metaSignature(BODY, SECRET)).toBe(signed);
    expect(validMetaSignature(BODY, signed, SECRET)).toBe(true);
    expect(validMetaSignature(BODY, `sha256=${signed.slice(7).toUpperCase()}`, SECRET)).toBe(true);
  });

  it('refuses another body, even one that parses to the same JSON, and another secret', () => {
    expect(validMetaSignature(Buffer.from('{"object": "whatsapp_business_account","entry":[]}'), signed, SECRET)).toBe(false);
    expect(validMetaSignature(BODY, signed, 'another-secret')).toBe(false);
    expect(validMetaSignature(BODY, signed, '')).toBe(false);
  });

  it('refuses a missing or malformed header without throwing', () => {
    const hex = signed.slice(7);
    for (const header of [undefined, '', hex, `sha1=${hex}`, `sha256=${hex.slice(2)}`, `sha256=${hex}00`, `sha256=${'z'.repeat(64)}`, 'sha256=']) {
      expect(validMetaSignature(BODY, header, SECRET)).toBe(false);
    }
  });
});
