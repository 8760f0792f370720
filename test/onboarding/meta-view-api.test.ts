import { createHmac } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MetaError } from '../../src/meta/graph.js';
import { createMetaViewApi } from '../../src/meta/meta-view-api.js';
import { MetaStandIn } from '../../src/sandbox/meta/meta-standin.js';
import { SecretRegistry } from '../../src/secrets.js';

const SYSTEM_USER = { token: 'EAAsystemUserToken0123456789abcdefLASTING', id: '61550000000001' };
const APP_SECRET = 'meta-app-secret-0123456789abcdef';
const WABA = '102290129340398';
const OTHER_WABA = '102290129340399';
/** 130 numbers: two pages of Meta's 100. */
const NUMBERS = Array.from({ length: 130 }, (_, i) => `+1415555${String(1000 + i).padStart(4, '0')}`);

let meta: MetaStandIn | undefined;
const servers: Server[] = [];
afterEach(async () => {
  await meta?.stop();
  meta = undefined;
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A bare HTTP server answering every request with `answer`: its address and the paths it was asked. */
async function bareServer(answer: (res: ServerResponse) => void): Promise<{ url: string; asked: string[] }> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(req.url ?? '');
    req.resume();
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked };
}

async function startMeta(numbers = NUMBERS): Promise<MetaStandIn> {
  meta = new MetaStandIn({
    appId: '1234567890123',
    appSecret: APP_SECRET,
    addWaba: (id) => id ?? WABA,
    systemUser: SYSTEM_USER,
    numbersOf: (wabaId) => (wabaId === WABA ? numbers.map((e164) => ({ e164, verifiedName: 'Acme Dental' })) : []),
  });
  await meta.start();
  return meta;
}

const clientOf = (standIn: MetaStandIn, more: { token?: string; timeoutMs?: number; now?: () => number; secrets?: SecretRegistry } = {}) =>
  createMetaViewApi({
    graphUrl: standIn.graphUrl,
    systemUserToken: more.token ?? SYSTEM_USER.token,
    systemUserId: SYSTEM_USER.id,
    timeoutMs: more.timeoutMs,
    secrets: more.secrets ?? new SecretRegistry(),
    now: more.now,
  });

const requestsTo = (standIn: MetaStandIn, edge: string) => standIn.graphRequests.filter((r) => r.path.endsWith(edge));

async function refusal(promise: Promise<unknown>): Promise<MetaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MetaError);
  return error as MetaError;
}

describe("Meta's view through the system user", () => {
  it('assigns the system user with MANAGE and subscribes the app with neither override_callback_uri nor messages', async () => {
    const standIn = await startMeta();
    const api = clientOf(standIn);
    await api.assignSystemUser(WABA);
    await api.subscribeApp(WABA);
    const [assign] = requestsTo(standIn, '/assigned_users');
    expect(assign).toMatchObject({ method: 'POST', params: { user: SYSTEM_USER.id } });
    expect(assign!.params.tasks).toContain('MANAGE');
    const subscription = standIn.subscriptionOf(WABA);
    expect(subscription).toBeDefined();
    expect(Object.keys(subscription!)).not.toContain('override_callback_uri');
    expect(JSON.stringify(subscription)).not.toContain('messages');
  });

  it('reads every number over two pages, with the fields asked, joined by E.164', async () => {
    const standIn = await startMeta();
    const api = clientOf(standIn);
    await api.assignSystemUser(WABA);
    const numbers = await api.numbers(WABA);
    expect(numbers.map((n) => n.e164)).toEqual(NUMBERS);
    expect(numbers[0]).toMatchObject({
      verifiedName: 'Acme Dental',
      status: 'CONNECTED',
      nameStatus: 'APPROVED',
      quality: 'GREEN',
      limit: 'TIER_2K',
      official: false,
      health: { canSend: 'AVAILABLE', errors: [] },
    });
    const pages = requestsTo(standIn, '/phone_numbers');
    expect(pages).toHaveLength(2);
    expect(pages[0]!.params.limit).toBe('100');
    expect(pages[0]!.params.fields!.split(',')).toEqual(
      expect.arrayContaining(['health_status', 'whatsapp_business_manager_messaging_limit', 'is_official_business_account']),
    );
    expect(pages[1]!.params.after).toBeTruthy();
  });

  it('gets only the fields asked for from the stand-in, paged with Meta cursors', async () => {
    const standIn = await startMeta();
    await clientOf(standIn).assignSystemUser(WABA);
    const response = await fetch(`${standIn.graphUrl}/v24.0/${WABA}/phone_numbers?fields=id,quality_rating&limit=2`, {
      headers: { authorization: `Bearer ${SYSTEM_USER.token}` },
    });
    const body = (await response.json()) as { data: Record<string, unknown>[]; paging: { cursors: { before: string; after: string }; next?: string } };
    expect(body.data).toHaveLength(2);
    for (const row of body.data) expect(Object.keys(row).sort()).toEqual(['id', 'quality_rating']);
    expect(body.paging.cursors.after).toBeTruthy();
    expect(body.paging.next).toContain(`after=${body.paging.cursors.after}`);
    expect(JSON.parse(response.headers.get('x-business-use-case-usage') ?? '{}')).toBeTypeOf('object');
    expect(response.headers.get('x-app-usage')).toBeTruthy();
  });

  it("rolls the business's and the WABA's health up into every number, with each error's entity", async () => {
    const standIn = await startMeta(NUMBERS.slice(0, 2));
    const api = clientOf(standIn);
    await api.assignSystemUser(WABA);
    await standIn.restrictWaba(WABA, { entity: 'BUSINESS', canSend: 'LIMITED', code: 141010, description: 'Policy violation', solution: 'Appeal' });
    await standIn.blockNumber(NUMBERS[1]!);
    const [limited, blocked] = await api.numbers(WABA);
    expect(limited!.health).toEqual({
      canSend: 'LIMITED',
      errors: [{ entity: 'BUSINESS', code: 141010, description: 'Policy violation', solution: 'Appeal' }],
    });
    expect(blocked!.health!.canSend).toBe('BLOCKED');
    expect(blocked!.health!.errors.map((e) => e.entity)).toEqual(['PHONE_NUMBER', 'BUSINESS']);
    const waba = await api.waba(WABA);
    expect(waba).toMatchObject({ accountReviewStatus: 'APPROVED', businessVerification: 'verified', health: { canSend: 'LIMITED' } });
    expect(waba.businessId).toMatch(/^\d+$/);
    await standIn.liftRestriction(WABA);
    expect((await api.waba(WABA)).health).toEqual({ canSend: 'AVAILABLE', errors: [] });
  });

  it("shows a portfolio's limit on the numbers of every WABA of the business", async () => {
    const standIn = await startMeta(NUMBERS.slice(0, 1));
    standIn.knowWaba(OTHER_WABA);
    standIn.shareBusiness(OTHER_WABA, WABA);
    standIn.state.addNumber(OTHER_WABA, '109876543210002', '+14155553000', 'Acme Clinic');
    const api = clientOf(standIn);
    await api.assignSystemUser(WABA);
    await api.assignSystemUser(OTHER_WABA);
    await standIn.setPortfolioLimit(WABA, 'TIER_10K');
    expect((await api.numbers(WABA)).map((n) => n.limit)).toEqual(['TIER_10K']);
    expect((await api.numbers(OTHER_WABA)).map((n) => n.limit)).toEqual(['TIER_10K']);
    expect((await api.waba(OTHER_WABA)).businessId).toBe((await api.waba(WABA)).businessId);
  });

  it('says the system user has no access to a WABA it was not assigned to, or one Meta does not know', async () => {
    const standIn = await startMeta();
    const api = clientOf(standIn);
    const unassigned = await refusal(api.numbers(WABA));
    expect(unassigned.transient).toBe(false);
    expect(unassigned.message).toContain(`the system user has no access to WABA ${WABA}`);
    const unknown = await refusal(api.assignSystemUser(OTHER_WABA));
    expect(unknown.transient).toBe(false);
    expect(unknown.message).toContain(`the system user has no access to WABA ${OTHER_WABA}`);
  });

  it('names the expired or revoked token without a trace of it', async () => {
    const standIn = await startMeta();
    const wrongToken = 'EAAwrongOrRevokedToken0123456789abcdef';
    const secrets = new SecretRegistry();
    const error = await refusal(clientOf(standIn, { token: wrongToken, secrets }).waba(WABA));
    expect(error.transient).toBe(false);
    expect(error.message).toBe('Meta does not accept META_SYSTEM_USER_TOKEN (expired or revoked): make a new system user token in Meta Business Settings');
    expect(JSON.stringify(standIn.graphRequests)).not.toContain(wrongToken);
    expect(secrets.scrub(`echo ${wrongToken}`)).toBe('echo [secret]');
  });

  it('proves every call with the app secret when it is set, and names a wrong secret', async () => {
    const standIn = await startMeta(NUMBERS.slice(0, 1));
    const withSecret = (appSecret: string) =>
      createMetaViewApi({
        graphUrl: standIn.graphUrl,
        systemUserToken: SYSTEM_USER.token,
        systemUserId: SYSTEM_USER.id,
        appSecret,
        secrets: new SecretRegistry(),
      });
    await withSecret(APP_SECRET).assignSystemUser(WABA);
    await expect(withSecret(APP_SECRET).numbers(WABA)).resolves.toHaveLength(1);
    const wrong = await refusal(withSecret('not-the-app-secret-0123').waba(WABA));
    expect(wrong.transient).toBe(false);
    expect(wrong.message).toContain('META_APP_SECRET');
    expect(JSON.stringify(standIn.graphRequests)).not.toContain('appsecret_proof');
  });

  it('scrubs the appsecret_proof wherever it would be shown, as it stands for the token', () => {
    const secrets = new SecretRegistry();
    createMetaViewApi({ graphUrl: 'http://127.0.0.1:9', systemUserToken: SYSTEM_USER.token, systemUserId: SYSTEM_USER.id, appSecret: APP_SECRET, secrets });
    const proof = createHmac('sha256', APP_SECRET).update(SYSTEM_USER.token).digest('hex');
    expect(secrets.scrub(`GET /v24.0/${WABA}?appsecret_proof=${proof}`)).toBe(`GET /v24.0/${WABA}?appsecret_proof=[secret]`);
  });

  it('follows no redirect, so neither the token nor the proof reaches another host', async () => {
    const elsewhere = await bareServer((res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    const redirecting = await bareServer((res) => void res.writeHead(302, { location: `${elsewhere.url}/v24.0/${WABA}` }).end());
    const api = createMetaViewApi({
      graphUrl: redirecting.url,
      systemUserToken: SYSTEM_USER.token,
      systemUserId: SYSTEM_USER.id,
      appSecret: APP_SECRET,
      secrets: new SecretRegistry(),
    });
    const error = await refusal(api.waba(WABA));
    expect(error.transient).toBe(true);
    expect(error.message).not.toContain(SYSTEM_USER.token);
    expect(redirecting.asked).toHaveLength(1);
    expect(elsewhere.asked).toEqual([]);
  });

  it('gives up on a Meta that does not answer in time, as a transient failure', async () => {
    const standIn = await startMeta();
    const api = clientOf(standIn, { timeoutMs: 200 });
    await api.assignSystemUser(WABA);
    const release = standIn.holdGraphAfter(1);
    try {
      const error = await refusal(api.waba(WABA));
      expect(error.transient).toBe(true);
      expect(error.message).toBe('Meta did not answer in time');
    } finally {
      release();
    }
  });

  it("sends nothing while Graph usage is near Meta's limit, until Meta's time to regain access", async () => {
    const standIn = await startMeta(NUMBERS.slice(0, 1));
    let now = Date.parse('2026-12-07T12:00:00Z');
    const api = clientOf(standIn, { now: () => now });
    await api.assignSystemUser(WABA);
    expect(api.pausedUntil?.()).toBeUndefined();
    standIn.usage = 95;
    standIn.regainMinutes = 7;
    await api.numbers(WABA);
    expect(api.pausedUntil?.()).toBe(Date.parse('2026-12-07T12:07:00Z'));
    const sent = standIn.graphRequests.length;
    const paused = await refusal(api.waba(WABA));
    expect(paused.transient).toBe(true);
    expect(paused.message).toContain('2026-12-07T12:07:00.000Z');
    expect(standIn.graphRequests).toHaveLength(sent);
    standIn.usage = 1;
    now += 7 * 60_000 - 1;
    expect(api.pausedUntil?.()).toBe(Date.parse('2026-12-07T12:07:00Z'));
    now += 1;
    expect(api.pausedUntil?.()).toBeUndefined();
    await expect(api.waba(WABA)).resolves.toMatchObject({ accountReviewStatus: 'APPROVED' });
    expect(standIn.graphRequests).toHaveLength(sent + 1);
  });

  it("pauses after Meta's throttling error, 5 minutes when Meta names no time", async () => {
    const standIn = await startMeta(NUMBERS.slice(0, 1));
    const now = Date.parse('2026-12-07T12:00:00Z');
    const api = clientOf(standIn, { now: () => now });
    await api.assignSystemUser(WABA);
    standIn.usage = 100;
    const throttled = await refusal(api.waba(WABA));
    expect(throttled.transient).toBe(true);
    expect(api.pausedUntil?.()).toBe(Date.parse('2026-12-07T12:05:00Z'));
    const sent = standIn.graphRequests.length;
    standIn.usage = 1;
    const paused = await refusal(api.numbers(WABA));
    expect(paused.message).toContain('2026-12-07T12:05:00.000Z');
    expect(standIn.graphRequests).toHaveLength(sent);
  });
});
