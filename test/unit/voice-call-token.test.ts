import { describe, expect, it } from 'vitest';
import { checkCallToken, newCallNonce, signCallToken, voiceCallUrl } from '../../src/senders/numbers/voice-call-token.js';

const key = Buffer.from('k'.repeat(32));

describe("the token in a voice-only number's VoiceUrl", () => {
  it('names the registration and the one call it is for', () => {
    const nonce = newCallNonce();
    expect(checkCallToken(key, signCallToken(key, 'a1b2c3d4e5f6', nonce))).toEqual({ recordId: 'a1b2c3d4e5f6', nonce });
    expect(voiceCallUrl({ publicUrl: 'https://bot.example.com', key }, 'a1b2c3d4e5f6', nonce)).toMatch(
      new RegExp(`^https://bot\\.example\\.com/voice/a1b2c3d4e5f6\\.${nonce}\\.[\\w-]{43}$`),
    );
  });

  it('is refused when any part is changed, or signed with another key', () => {
    const nonce = newCallNonce();
    const token = signCallToken(key, 'a1b2c3d4e5f6', nonce);
    const [id, , signature] = token.split('.');
    expect(checkCallToken(key, `${id}.${newCallNonce()}.${signature}`)).toBeUndefined();
    expect(checkCallToken(key, `a1b2c3d4e5f7.${nonce}.${signature}`)).toBeUndefined();
    expect(checkCallToken(key, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(checkCallToken(Buffer.from('x'.repeat(32)), token)).toBeUndefined();
    expect(checkCallToken(key, `${token}.x`)).toBeUndefined();
    expect(checkCallToken(key, '')).toBeUndefined();
  });
});
