import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Where Twilio sends a voice-only number's calls while the bot takes Meta's code itself (PUBLIC_URL set). */
export interface VoiceCallSettings {
  /** The bot's public address, without a trailing slash. */
  publicUrl: string;
  /** Signs the calls' tokens (the onboarding links' key). */
  key: Buffer;
}

const ID = /^[0-9a-f]{6,32}$/;
const NONCE = /^[0-9a-f]{32}$/;

/** A fresh single-use value for the next call; stored on the registration, so a token for any other is refused. */
export const newCallNonce = (): string => randomBytes(16).toString('hex');

const sign = (key: Buffer, body: string) => createHmac('sha256', key).update(`voice-call.${body}`).digest('base64url');

/** `<registration id>.<nonce>.<HMAC-SHA256 of both, base64url>`: names the registration and the one call it is for. */
export function signCallToken(key: Buffer, recordId: string, nonce: string): string {
  const body = `${recordId}.${nonce}`;
  return `${body}.${sign(key, body)}`;
}

/** The registration and nonce a token names, when its signature holds (checked in constant time); undefined otherwise. */
export function checkCallToken(key: Buffer, token: string): { recordId: string; nonce: string } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [recordId, nonce, signature] = parts as [string, string, string];
  const given = Buffer.from(signature, 'utf8');
  const expected = Buffer.from(sign(key, `${recordId}.${nonce}`), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if (!ID.test(recordId) || !NONCE.test(nonce)) return undefined;
  return { recordId, nonce };
}

/** The route Twilio calls when Meta's call comes in. */
export const voiceCallPath = (token: string) => `/voice/${token}`;

export const voiceCallUrl = (settings: VoiceCallSettings, recordId: string, nonce: string): string =>
  `${settings.publicUrl}${voiceCallPath(signCallToken(settings.key, recordId, nonce))}`;
