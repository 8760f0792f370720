import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { SecretRegistry } from '../../src/secrets.js';

const SUBACCOUNT = `AC${'2'.repeat(32)}`;
const TOKEN = 'f00dfeedcafe0123456789abcdef0123';

describe('secret registry', () => {
  it('scrubs a Slack message throughout: its text and every block, whatever nests the secret', () => {
    const registry = new SecretRegistry(['EAAsecret-token-123']);
    registry.addCode('482913');
    const post = registry.scrubPost({
      text: 'token EAAsecret-token-123',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'code 482913 and EAAsecret-token-123' } }],
    });
    expect(JSON.stringify(post)).not.toMatch(/EAAsecret|482913/);
    expect(post.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'code [code] and [secret]' } });
  });

  it('scrubs a password, its user:password pair and the pair in base64 as the Basic header carries it', () => {
    const secrets = new SecretRegistry();
    secrets.addCredentials(SUBACCOUNT, TOKEN);
    const basic = Buffer.from(`${SUBACCOUNT}:${TOKEN}`).toString('base64');
    const out = secrets.scrub(`Credentials: ${SUBACCOUNT}:${TOKEN}. Header: Authorization: Basic ${basic}. Token alone: ${TOKEN}`);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(basic);
    expect(out).toContain(`Credentials: ${SUBACCOUNT}:[secret].`);
    expect(out).toContain('Basic [secret].');
  });

  it('stops scrubbing a secret it was told to forget, and keeps scrubbing the others', () => {
    const secrets = new SecretRegistry([TOKEN, 'EAAbusiness-token-one']);
    expect(secrets.scrub('EAAbusiness-token-one')).toBe('[secret]');
    secrets.remove('EAAbusiness-token-one');
    expect(secrets.scrub(`EAAbusiness-token-one ${TOKEN}`)).toBe('EAAbusiness-token-one [secret]');
  });

  it('scrubs a code only where it stands as a whole run of digits, never inside a longer number', () => {
    const secrets = new SecretRegistry();
    secrets.addCode('555010');
    expect(secrets.scrub('{"verification_code":"555010"}')).toBe('{"verification_code":"[code]"}');
    expect(secrets.scrub('code 555010.')).toBe('code [code].');
    expect(secrets.scrub('sender whatsapp:+14155550100')).toBe('sender whatsapp:+14155550100');
    expect(secrets.scrub('ref 5550101 and 0555010')).toBe('ref 5550101 and 0555010');
    expect(secrets.scrub('another code 123456')).toBe('another code 123456');
  });

  it('keeps the most recent few thousand codes, forgetting the oldest first', () => {
    const secrets = new SecretRegistry();
    const code = (n: number) => String(n).padStart(6, '0');
    for (let n = 0; n < 6_000; n += 1) secrets.addCode(code(n));
    expect(secrets.scrub(code(0))).toBe(code(0));
    expect(secrets.scrub(code(5_999))).toBe('[code]');
    expect(secrets.scrub(code(1_000))).toBe('[code]');
  });

  it('ignores empty and very short secrets, which would match text by chance', () => {
    const secrets = new SecretRegistry(['', undefined, 'abc']);
    secrets.addCredentials(SUBACCOUNT, null);
    expect(secrets.scrub('abc and nothing else')).toBe('abc and nothing else');
  });

  it('feeds the logger: a token registered after the logger was made is scrubbed from its lines', () => {
    const secrets = new SecretRegistry(['main-auth-token-0123']);
    const lines: string[] = [];
    const logger = createLogger(secrets, (line) => lines.push(line));
    secrets.addCredentials(SUBACCOUNT, TOKEN);
    secrets.addCode('482913');
    logger.warn(`create failed: ${TOKEN} main-auth-token-0123`, { error: 'code 482913 refused', id: 'r1' });
    expect(lines[0]).not.toContain(TOKEN);
    expect(lines[0]).not.toContain('main-auth-token-0123');
    expect(lines[0]).not.toContain('482913');
    expect(lines[0]).toContain('r1');
  });
});
