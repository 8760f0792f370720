import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Onboarding } from '../../store/schema.js';

/** How long a link works: Embedded Signup's own timeout. */
export const LINK_LIFETIME_MS = 60 * 60_000;

const ID = /^[0-9a-f]{24}$/;

export type LinkCheck = { ok: true; id: string; expiresAt: number } | { ok: false; reason: 'tampered' } | { ok: false; reason: 'expired'; id: string };

/**
 * The key that signs onboarding links: ONBOARDING_LINK_SECRET when set, else derived (HKDF) from
 * the Twilio secret the bot already holds, so links stay valid across restarts without a new file.
 */
export function linkKey(linkSecret: string | undefined, twilioSecret: string): Buffer {
  if (linkSecret) return Buffer.from(linkSecret, 'utf8');
  return Buffer.from(hkdfSync('sha256', twilioSecret, 'whatsapp-senders-bot', 'onboarding-link-v1', 32));
}

const sign = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest();

/** `<id>.<expiry in seconds, base 36>.<HMAC-SHA256 of both, base64url>` */
export function signLink(key: Buffer, id: string, expiresAt: number): string {
  const body = `${id}.${Math.floor(expiresAt / 1000).toString(36)}`;
  return `${body}.${sign(key, body).toString('base64url')}`;
}

/** Checks the signature in constant time, then the expiry (naming the onboarding of a genuine expired link); says nothing about whether the link was used. */
export function checkLink(key: Buffer, token: string, now: number): LinkCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'tampered' };
  const [id, expiry, signature] = parts as [string, string, string];
  // Compared as text: decoding would ignore the spare bits of the last character, so two spellings would pass.
  const given = Buffer.from(signature, 'utf8');
  const expected = Buffer.from(sign(key, `${id}.${expiry}`).toString('base64url'), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'tampered' };
  if (!ID.test(id) || !/^[0-9a-z]{1,12}$/.test(expiry)) return { ok: false, reason: 'tampered' };
  const expiresAt = Number.parseInt(expiry, 36) * 1000;
  if (now >= expiresAt) return { ok: false, reason: 'expired', id };
  return { ok: true, id, expiresAt };
}

/**
 * Until when a result is taken: the link's expiry, or, for a page opened before it, 60 minutes
 * after the opening (Meta's flow times out after an hour of its own, counted from its start).
 */
export function usableUntil(onboarding: Onboarding): number {
  const expiresAt = Date.parse(onboarding.expiresAt);
  const openedAt = onboarding.openedAt ? Date.parse(onboarding.openedAt) : undefined;
  return openedAt !== undefined && openedAt < expiresAt ? Math.max(expiresAt, openedAt + LINK_LIFETIME_MS) : expiresAt;
}
