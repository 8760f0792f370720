import { describe, expect, it } from 'vitest';
import { createGateway, TOKEN_REFETCH_INTERVAL_MS } from '../../src/twilio/gateway.js';
import type { Transport } from '../../src/twilio/transport.js';

const MAIN = `AC${'a'.repeat(32)}`;
const SUB = `AC${'b'.repeat(32)}`;

/** A Twilio whose accounts answer a new token at each read; counts the reads per account. */
function twilioAccounts() {
  const reads = new Map<string, number>();
  const send = (async (request: { url: string }) => {
    const sid = /Accounts\/(AC\w+)\.json$/.exec(request.url)![1]!;
    const count = (reads.get(sid) ?? 0) + 1;
    reads.set(sid, count);
    return { status: 200, headers: {}, body: { sid, auth_token: `token-${count}`, status: 'active' } };
  }) as unknown as Transport;
  return { send, reads };
}

describe('the tokens that sign webhooks', () => {
  it("reads a subaccount's token again at most once a minute, however many requests ask", async () => {
    const { send, reads } = twilioAccounts();
    let now = 1_000_000;
    const gateway = createGateway(send, MAIN, { mainAuthToken: 'main-token', now: () => now });
    expect(await gateway.authTokenOf(SUB)).toBe('token-1');
    for (let request = 0; request < 5; request += 1) await gateway.authTokenOf(SUB, { fresh: true });
    expect(reads.get(SUB)).toBe(2);
    expect(await gateway.authTokenOf(SUB)).toBe('token-2');
    now += TOKEN_REFETCH_INTERVAL_MS;
    expect(await gateway.authTokenOf(SUB, { fresh: true })).toBe('token-3');
    expect(reads.get(SUB)).toBe(3);
  });

  it("with an API key, reads the main account's token once and keeps it; again at most once a minute", async () => {
    const { send, reads } = twilioAccounts();
    let now = 1_000_000;
    const gateway = createGateway(send, MAIN, { now: () => now });
    for (let request = 0; request < 5; request += 1) expect(await gateway.authTokenOf(MAIN)).toBe('token-1');
    expect(reads.get(MAIN)).toBe(1);
    for (let request = 0; request < 5; request += 1) await gateway.authTokenOf(MAIN, { fresh: true });
    expect(reads.get(MAIN)).toBe(2);
    now += TOKEN_REFETCH_INTERVAL_MS;
    expect(await gateway.authTokenOf(MAIN, { fresh: true })).toBe('token-3');
  });

  it('never reads a main token the bot was configured with', async () => {
    const { send, reads } = twilioAccounts();
    const gateway = createGateway(send, MAIN, { mainAuthToken: 'main-token' });
    expect(await gateway.authTokenOf(MAIN, { fresh: true })).toBe('main-token');
    expect(reads.size).toBe(0);
  });
});
