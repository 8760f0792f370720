import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMetaViewApi } from '../../src/meta/meta-view-api.js';
import { MetaStandIn } from '../../src/sandbox/meta/meta-standin.js';
import { SecretRegistry } from '../../src/secrets.js';

const SYSTEM_USER = { token: 'EAAsystemUserToken0123456789abcdefLASTING', id: '61550000000001' };
const APP_SECRET = 'meta-app-secret-0123456789abcdef';
const WABA = '102290129340398';
const NUMBER = '+14155551000';

interface Received {
  body: string;
  signature?: string;
}
interface Payload {
  object: string;
  entry: { id: string; time: number; changes: { field: string; value: Record<string, unknown> }[] }[];
}

let meta: MetaStandIn;
let receiver: Server;
let received: Received[];

beforeEach(async () => {
  received = [];
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const signature = req.headers['x-hub-signature-256'];
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: typeof signature === 'string' ? signature : undefined });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  meta = new MetaStandIn({
    appId: '1234567890123',
    appSecret: APP_SECRET,
    addWaba: (id) => id ?? WABA,
    systemUser: SYSTEM_USER,
    numbersOf: (wabaId) => (wabaId === WABA ? [{ e164: NUMBER, verifiedName: 'Acme Dental' }] : []),
  });
  await meta.start();
  meta.webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/meta/webhooks`;
});

afterEach(async () => {
  await meta.stop();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

const api = () =>
  createMetaViewApi({ graphUrl: meta.graphUrl, systemUserToken: SYSTEM_USER.token, systemUserId: SYSTEM_USER.id, secrets: new SecretRegistry() });

async function subscribe(): Promise<void> {
  await api().assignSystemUser(WABA);
  await api().subscribeApp(WABA);
}

const fieldsReceived = () => received.map((r) => (JSON.parse(r.body) as Payload).entry[0]!.changes[0]!.field);

describe("the Meta stand-in's webhooks", () => {
  it("signs each delivery with the app secret over the raw body, in Meta's shape", async () => {
    await subscribe();
    await meta.restrictWaba(WABA, { canSend: 'BLOCKED' });
    expect(received).toHaveLength(1);
    const [delivery] = received;
    const expected = Buffer.from(`sha256=${createHmac('sha256', APP_SECRET).update(delivery!.body).digest('hex')}`);
    expect(timingSafeEqual(Buffer.from(delivery!.signature ?? ''), expected)).toBe(true);
    const payload = JSON.parse(delivery!.body) as Payload;
    expect(payload.object).toBe('whatsapp_business_account');
    expect(payload.entry[0]).toMatchObject({ id: WABA, changes: [{ field: 'account_update', value: { event: 'DISABLED_UPDATE' } }] });
    expect(payload.entry[0]!.time).toBeGreaterThan(1_700_000_000);
    expect(payload.entry[0]!.time).toBeLessThan(10_000_000_000);
    expect(meta.deliveries).toEqual([{ field: 'account_update', wabaId: WABA, status: 200 }]);
  });

  it('delivers nothing for a WABA without a subscribed app', async () => {
    await api().assignSystemUser(WABA);
    await meta.setQuality(NUMBER, 'YELLOW');
    expect(received).toHaveLength(0);
    expect(meta.deliveries).toEqual([{ field: 'phone_number_quality_update', wabaId: WABA, status: 'not_subscribed' }]);
  });

  it('carries the name verdict, the quality event and the portfolio limit as Meta words them', async () => {
    await subscribe();
    await meta.declineName(NUMBER, 'The display name does not match the business');
    await meta.setQuality(NUMBER, 'RED');
    await meta.setPortfolioLimit(WABA, 'TIER_10K');
    const values = received.map((r) => (JSON.parse(r.body) as Payload).entry[0]!.changes[0]!.value);
    expect(values).toEqual([
      {
        display_phone_number: '14155551000',
        decision: 'REJECTED',
        requested_verified_name: 'Acme Dental',
        rejection_reason: 'The display name does not match the business',
      },
      { display_phone_number: '14155551000', event: 'FLAGGED', current_limit: 'TIER_2K' },
      { max_daily_conversations_per_business: 10_000, max_phone_numbers_per_business: 20 },
    ]);
    const [number] = await api().numbers(WABA);
    expect(number).toMatchObject({ nameStatus: 'APPROVED', newNameStatus: 'REJECTED', quality: 'RED', limit: 'TIER_10K' });
  });

  it("declines a first display name in name_status, and approves it with Meta's decision", async () => {
    await subscribe();
    const first = '+14155552000';
    meta.state.addNumber(WABA, '109876543210001', first);
    await meta.declineName(first, 'The name does not follow the display name guidelines', 'Best Dentist');
    expect((await api().numbers(WABA)).find((n) => n.e164 === first)).toMatchObject({ nameStatus: 'DECLINED' });
    await meta.approveName(first, 'Acme Dental Care');
    expect((await api().numbers(WABA)).find((n) => n.e164 === first)).toMatchObject({ nameStatus: 'APPROVED', verifiedName: 'Acme Dental Care' });
    const decisions = received.map((r) => (JSON.parse(r.body) as Payload).entry[0]!.changes[0]!.value);
    expect(decisions).toMatchObject([
      { display_phone_number: '14155552000', decision: 'REJECTED', requested_verified_name: 'Best Dentist' },
      { display_phone_number: '14155552000', decision: 'APPROVED', requested_verified_name: 'Acme Dental Care' },
    ]);
  });

  it('holds webhooks while the Graph API already shows the change, then delivers them late, in reverse and twice', async () => {
    await subscribe();
    meta.holdWebhooks();
    await meta.blockNumber(NUMBER);
    await meta.declineName(NUMBER, 'Too generic');
    await meta.setQuality(NUMBER, 'YELLOW');
    expect(received).toHaveLength(0);
    expect((await api().numbers(WABA))[0]!.health!.canSend).toBe('BLOCKED');
    await meta.releaseWebhooks({ reverse: true, twice: true });
    expect(fieldsReceived()).toEqual([
      'phone_number_quality_update',
      'phone_number_quality_update',
      'phone_number_name_update',
      'phone_number_name_update',
      'account_alerts',
      'account_alerts',
    ]);
    expect(received[0]!.body).toBe(received[1]!.body);
  });

  it('posts a webhook only after its delay', async () => {
    await subscribe();
    meta.webhookDelayMs = 300;
    const started = performance.now();
    const delivered = meta.setQuality(NUMBER, 'YELLOW');
    expect(received).toHaveLength(0);
    await delivered;
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(fieldsReceived()).toEqual(['phone_number_quality_update']);
  });

  it('sends a body unsigned or with a signature of its own choosing, for the receiver to refuse', async () => {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
    expect(await meta.deliverRaw(body)).toBe(200);
    await meta.deliverRaw(body, 'sha256=00');
    expect(received.map((r) => r.signature)).toEqual([undefined, 'sha256=00']);
  });
});
