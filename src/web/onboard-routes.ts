import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { showSenderMessage } from '../jobs/sender-message.js';
import { unlessCancelled } from '../jobs/work-queue.js';
import { GRAPH_VERSION } from '../meta/graph.js';
import { markOpened, openLink, type ResultAnswer, takeSignupResult } from '../senders/customers/onboarding.js';
import { missingOnboardingSettings } from '../senders/customers/onboarding-settings.js';
import { sendRegistration } from '../senders/registration/registration.js';
import { StorageError } from '../store/storage-error.js';
import { cannotSave } from '../views/cannot-save.js';
import { contactOf, type PageAnswer, pageAnswer } from '../views/onboarding-answers.js';
import { linkRefusedPage, notConfiguredPage, signupPage } from '../views/onboarding-page.js';
import { onboardingCsp } from './onboarding-csp.js';
import type { WebRoute } from './routes.js';

type Request = IncomingMessage & { params?: Partial<Record<string, string | string[]>> };

/** A result is a few hundred bytes; anything much larger is not from the page. */
const MAX_BODY_BYTES = 16 * 1024;
const MAX_TOKEN_LENGTH = 200;
const BODY_IDLE_MS = 10_000;
const SESSION_WAIT_MS = 8_000;

const resultBody = z.object({
  event: z.string().max(40),
  data: z.record(z.string(), z.unknown()).default({}),
  code: z.string().max(2000).optional(),
});

function securityHeaders(nonce: string, deps: AppDeps): Record<string, string> {
  const csp = onboardingCsp(deps.onboarding.settings, nonce);
  return {
    'content-security-policy': csp,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // The path holds the link's token: Meta and anyone else see the origin only.
    'referrer-policy': 'strict-origin',
  };
}

function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string>): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(html);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(body));
}

const tokenOf = (req: Request) => {
  const token = req.params?.token;
  return typeof token === 'string' && token.length <= MAX_TOKEN_LENGTH ? token : '';
};

type Body = { ok: true; text: string } | { ok: false; status: 408 | 413 };

/** The request's body, refused when larger than a result or when it stops arriving for `idleMs`. */
function readBody(req: IncomingMessage, idleMs: number): Promise<Body> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return Promise.resolve({ ok: false, status: 413 });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (body: Body) => {
      clearTimeout(idle);
      req.removeAllListeners('data');
      resolve(body);
    };
    const arm = () => setTimeout(() => done({ ok: false, status: 408 }), idleMs);
    let idle = arm();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return done({ ok: false, status: 413 });
      chunks.push(chunk);
      clearTimeout(idle);
      idle = arm();
    });
    req.on('end', () => done({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => done({ ok: false, status: 408 }));
  });
}

const answerFor = (deps: AppDeps, answer: ResultAnswer): PageAnswer => pageAnswer(answer, contactOf(deps.onboarding.settings.brand));

const REFUSED_STATUS: Partial<Record<ResultAnswer['kind'], number>> = { expired: 410, used: 410, replaced: 410, tampered: 404 };

/** GET /onboard/:token: the signup page, or a page that says why the link no longer works. */
async function showPage(deps: AppDeps, req: Request, res: ServerResponse): Promise<void> {
  const nonce = randomBytes(16).toString('base64');
  const headers = securityHeaders(nonce, deps);
  const { settings } = deps.onboarding;
  const { brand } = settings;
  if (missingOnboardingSettings(settings).length > 0) return sendHtml(res, 503, notConfiguredPage(brand, nonce), headers);
  const now = deps.senders.clock.now();
  const token = tokenOf(req);
  const state = await openLink(deps.senders, deps.onboarding, token);
  if (state.kind !== 'open') return sendHtml(res, REFUSED_STATUS[state.kind] ?? 400, linkRefusedPage(answerFor(deps, state), brand, nonce), headers);
  await markOpened(deps.senders, state.onboarding);
  const html = signupPage({
    customerName: state.customer.name,
    wabaId: state.customer.wabaId,
    brand,
    expiresAt: Date.parse(state.onboarding.expiresAt),
    now,
    appId: settings.appId!,
    configId: settings.configId!,
    sdkUrl: settings.sdkUrl,
    dialogOrigin: settings.dialogOrigin,
    graphVersion: GRAPH_VERSION,
    resultPath: `/onboard/${token}/result`,
    sessionWaitMs: settings.sessionWaitMs ?? SESSION_WAIT_MS,
    nonce,
  });
  sendHtml(res, 200, html, headers);
}

/** POST /onboard/:token/result: what Meta's signup said, from the page. */
async function takeResult(deps: AppDeps, req: Request, res: ServerResponse): Promise<void> {
  const body = await readBody(req, deps.onboarding.settings.bodyIdleMs ?? BODY_IDLE_MS);
  if (!body.ok) {
    res.setHeader('connection', 'close');
    const detail = body.status === 413 ? 'The page sent more than a signup result.' : 'The result stopped arriving. Press the button to try again.';
    sendJson(res, body.status, { title: body.status === 413 ? 'Too large' : 'Too slow', detail, tone: 'bad', again: body.status === 408 });
    return void req.destroy();
  }
  let parsed: z.infer<typeof resultBody>;
  try {
    parsed = resultBody.parse(JSON.parse(body.text));
  } catch {
    return sendJson(res, 400, answerFor(deps, { kind: 'bad_result' }));
  }
  const answer = await takeSignupResult(deps.senders, deps.onboarding, tokenOf(req), parsed);
  deps.outbox.kick();
  if (answer.kind === 'registering') {
    const record = answer.record;
    // Registered like any other sender: path, pace, create, then its message follows it.
    void deps.work
      .run(async () => {
        const outcome = await sendRegistration(deps.senders, record, { from: 'form' });
        await showSenderMessage(deps.senders, deps.outbox, 'record' in outcome && outcome.record ? outcome.record : record);
      })
      .catch((error: unknown) => {
        if (!(error instanceof StorageError)) return unlessCancelled(error);
        // The registration is stored and goes on (the queue, the unconfirmed-create check); only this step's note is missing.
        deps.logger.warn('an onboarding registration step could not be stored', { id: record.id, error: error.message });
      });
  }
  sendJson(res, REFUSED_STATUS[answer.kind] ?? 200, answerFor(deps, answer));
}

const guarded = (deps: AppDeps, handler: (deps: AppDeps, req: Request, res: ServerResponse) => Promise<void>) => (req: Request, res: ServerResponse) => {
  handler(deps, req, res).catch((error: unknown) => {
    deps.logger.error('onboarding page failed', { error: deps.senders.secrets.scrub((error as Error).message) });
    // Nothing of the request was stored (src/store/repositories.ts): the person is told so.
    if (!res.headersSent && error instanceof StorageError)
      sendJson(res, 503, { title: 'The bot cannot save right now', detail: cannotSave(error, 'Nothing was changed'), tone: 'bad', again: true });
    else if (!res.headersSent) sendJson(res, 500, { title: 'Something went wrong', detail: 'Try again in a minute.', tone: 'bad', again: true });
    else res.end();
  });
};

/** Bolt custom routes: served on PORT in HTTP and Socket Mode alike, beside /healthz. */
export function onboardingRoutes(deps: AppDeps): WebRoute[] {
  return [
    { path: '/onboard/:token', method: 'GET', handler: guarded(deps, showPage) },
    { path: '/onboard/:token/result', method: 'POST', handler: guarded(deps, takeResult) },
  ];
}
