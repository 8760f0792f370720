import type { ResultAnswer } from '../senders/customers/onboarding.js';
import { timeText } from './time-text.js';

/** What the customer reads after the signup (or on a link that no longer works). */
export interface PageAnswer {
  title: string;
  detail: string;
  tone: 'good' | 'bad' | 'wait';
  /** The customer may press the button again. */
  again?: boolean;
}

const NEW_LINK = 'Ask the team that sent it to you for a new one: they run the onboarding command again in Slack and send you the new link.';

export function pageAnswer(answer: ResultAnswer, now: number): PageAnswer {
  const until = (at: number) => `This link works until ${timeText(at, now)}.`;
  switch (answer.kind) {
    case 'registering':
      return {
        title: 'You are all set',
        detail: `Your WhatsApp Business Account is connected, and ${answer.phoneNumber} is being registered for WhatsApp now. The team that sent you this link will tell you when it is live. You can close this page.`,
        tone: 'good',
      };
    case 'waba_only':
      return {
        title: 'Your WhatsApp Business Account is connected',
        detail: answer.noNumber
          ? 'No phone number was added in the signup, so none is being registered yet. The team that sent you this link will help you add one. You can close this page.'
          : 'The team that sent you this link will finish registering your phone number and tell you when it is live. You can close this page.',
        tone: 'good',
      };
    case 'incomplete':
      return {
        title: 'We did not hear how the signup ended',
        detail: `Meta did not tell this page whether your signup finished, so nothing was set up on our side. Press the button to try again. ${until(answer.expiresAt)} If it happens again, tell the team that sent you this link.`,
        tone: 'bad',
        again: true,
      };
    case 'waba_taken':
      return {
        title: 'This WhatsApp Business Account is already connected elsewhere',
        detail:
          'It is connected to another account with us, so it cannot be connected again here. Tell the team that sent you this link; they will check which account should hold it.',
        tone: 'bad',
      };
    case 'replaced':
      return {
        title: 'A newer link was sent',
        detail: `A newer onboarding link was made for your business, which ends this one: use the newest link you were sent. ${NEW_LINK}`,
        tone: 'bad',
      };
    case 'cancelled':
      return {
        title: 'The signup was not finished',
        detail: `You closed Meta's signup${answer.step ? ` at the step "${answer.step}"` : ''}, so nothing was set up. Press the button to start again. ${until(answer.expiresAt)}`,
        tone: 'bad',
        again: true,
      };
    case 'error':
      return {
        title: 'Meta reported a problem',
        detail: `Meta's signup stopped with an error, so nothing was set up. Press the button to try again. ${until(answer.expiresAt)} If it happens again, tell the team that sent you this link.`,
        tone: 'bad',
        again: true,
      };
    case 'other_waba':
      return {
        title: 'Choose your existing WhatsApp Business Account',
        detail: `Your business already uses WhatsApp Business Account ${answer.known}, and only one can be connected. Press the button again and choose the same business portfolio and that WhatsApp Business Account.`,
        tone: 'bad',
        again: true,
      };
    case 'meta_failed':
      return {
        title: 'The setup could not be completed',
        detail: `Meta did not confirm your signup to us, so nothing was registered. Press the button to try again. ${until(answer.expiresAt)}`,
        tone: 'bad',
        again: true,
      };
    case 'not_saved':
      return {
        title: 'Your signup could not be saved',
        detail: 'Nothing was registered. Wait a minute, then press the button to try again.',
        tone: 'bad',
        again: true,
      };
    case 'duplicate':
      return {
        title: 'This number is already being set up',
        detail: `${answer.phoneNumber} is already being registered for your business. The team that sent you this link will tell you when it is live.`,
        tone: 'good',
      };
    case 'busy':
      return { title: 'Your signup is being processed', detail: 'Wait a moment; this page will not need to be sent again.', tone: 'wait' };
    case 'bad_result':
      return { title: "Meta's answer was incomplete", detail: 'Nothing was set up. Press the button to try again.', tone: 'bad', again: true };
    case 'used':
      return {
        title: 'This link was already used',
        detail: `The signup was completed with this link, and a link works once. To connect another number, ${NEW_LINK.charAt(0).toLowerCase()}${NEW_LINK.slice(1)}`,
        tone: 'bad',
      };
    case 'expired':
      return { title: 'This link has expired', detail: `Onboarding links work for 60 minutes. ${NEW_LINK}`, tone: 'bad' };
    case 'tampered':
      return { title: 'This link is not valid', detail: `It may have been cut short or changed when it was copied. ${NEW_LINK}`, tone: 'bad' };
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** JSON placed inside a <script type="application/json">: nothing in it can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const STYLE = `
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1.25rem;color:#1c1e21;line-height:1.5}
h1{font-size:1.6rem}button{background:#1877f2;color:#fff;border:0;border-radius:6px;padding:.8rem 1.4rem;font-size:1rem;cursor:pointer}
button:disabled{background:#9cb4d8;cursor:default}.note{background:#fff8e1;border-left:4px solid #f5b400;padding:.75rem 1rem}
.status{margin-top:1.5rem;padding:1rem;border-radius:6px}.good{background:#e7f6ea}.bad{background:#fdecea}.wait{background:#eef3fb}`;

function shell(title: string, nonce: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style nonce="${nonce}">${STYLE}</style></head><body>${body}</body></html>`;
}

export function linkRefusedPage(answer: PageAnswer, nonce: string): string {
  return shell(answer.title, nonce, `<h1>${escapeHtml(answer.title)}</h1><p id="reason">${escapeHtml(answer.detail)}</p>`);
}

export const notConfiguredPage = (nonce: string) =>
  linkRefusedPage(
    {
      title: 'Onboarding is not available',
      detail: 'This service is not set up for WhatsApp onboarding yet. Tell the team that sent you this link.',
      tone: 'bad',
    },
    nonce,
  );

export interface SignupPageInput {
  customerName: string;
  wabaId?: string;
  expiresAt: number;
  now: number;
  appId: string;
  configId: string;
  sdkUrl: string;
  dialogOrigin: string;
  graphVersion: string;
  resultPath: string;
  /** How long the page waits for Meta's WA_EMBEDDED_SIGNUP message once the login has returned. */
  sessionWaitMs: number;
  nonce: string;
}

/** The page the customer opens: Meta's SDK, Facebook Login for Business, and Meta's WA_EMBEDDED_SIGNUP events. */
export function signupPage(input: SignupPageInput): string {
  const config = {
    appId: input.appId,
    configId: input.configId,
    dialogOrigin: input.dialogOrigin,
    graphVersion: input.graphVersion,
    resultPath: input.resultPath,
    sessionWaitMs: input.sessionWaitMs,
  };
  const existing = input.wabaId
    ? `<p class="note" id="same-waba">Your business is already connected with WhatsApp Business Account <strong>${escapeHtml(input.wabaId)}</strong>. In the Facebook window, choose the <strong>same business portfolio and WhatsApp Business Account</strong>; a different one cannot be connected.</p>`
    : '';
  const body = `<h1>Connect ${escapeHtml(input.customerName)} to WhatsApp</h1>
<p>Press the button and follow the steps in the Facebook window: sign in as an admin of your Meta business, choose or create your WhatsApp Business Account, and add the phone number for WhatsApp (keep the phone at hand for its code).</p>
${existing}
<p><button id="start" type="button" disabled>Continue with Facebook</button></p>
<p><small>This link works once, until ${escapeHtml(timeText(input.expiresAt, input.now))}.</small></p>
<div id="status" class="status wait" hidden role="status"><h2></h2><p></p></div>
<script type="application/json" id="onboarding-config">${scriptJson(config)}</script>
<script nonce="${input.nonce}">${PAGE_SCRIPT}</script>
<script async defer crossorigin="anonymous" src="${escapeHtml(input.sdkUrl)}" nonce="${input.nonce}"></script>`;
  return shell(`Connect ${input.customerName} to WhatsApp`, input.nonce, body);
}

/** Runs in the customer's browser; plain ES2017, no build step. */
const PAGE_SCRIPT = `(() => {
  const cfg = JSON.parse(document.getElementById('onboarding-config').textContent);
  const button = document.getElementById('start');
  const status = document.getElementById('status');
  let session = null, code = null, sending = false, waiting = null;
  const finishing = (event) => event === 'FINISH' || event === 'FINISH_ONLY_WABA';
  const show = (title, detail, tone) => {
    status.hidden = false;
    status.className = 'status ' + tone;
    status.querySelector('h2').textContent = title;
    status.querySelector('p').textContent = detail;
  };
  const report = async () => {
    if (sending || !session) return;
    if (finishing(session.event) && code === null) return;
    clearTimeout(waiting);
    sending = true;
    try {
      const response = await fetch(cfg.resultPath, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ event: session.event, data: session.data, code: code || undefined }),
      });
      const answer = await response.json();
      show(answer.title, answer.detail, answer.tone);
      if (answer.again) button.disabled = false;
    } catch (error) {
      show('The result could not be sent', 'Check your internet connection, then press the button to try again.', 'bad');
      button.disabled = false;
    }
  };
  window.addEventListener('message', (event) => {
    if (event.origin !== cfg.dialogOrigin) return;
    let message;
    try { message = typeof event.data === 'string' ? JSON.parse(event.data) : event.data; } catch (error) { return; }
    if (!message || message.type !== 'WA_EMBEDDED_SIGNUP') return;
    session = { event: String(message.event), data: message.data && typeof message.data === 'object' ? message.data : {} };
    if (finishing(session.event)) show('Finishing the setup…', 'Meta confirmed your WhatsApp Business Account; connecting it now.', 'wait');
    report();
  });
  window.fbAsyncInit = () => {
    FB.init({ appId: cfg.appId, autoLogAppEvents: true, xfbml: false, version: cfg.graphVersion });
    button.disabled = false;
  };
  button.addEventListener('click', () => {
    button.disabled = true;
    clearTimeout(waiting);
    session = null; code = null; sending = false;
    show('Signing up with Meta…', 'Follow the steps in the Facebook window, and keep this page open.', 'wait');
    FB.login((response) => {
      code = (response && response.authResponse && response.authResponse.code) || '';
      if (!session && !code) {
        show('The Facebook window was closed', 'Nothing was set up. Press the button to start again.', 'bad');
        button.disabled = false;
        return;
      }
      if (!session) {
        // The login returned but Meta's message has not come: wait a little, then tell the customer and the team.
        waiting = setTimeout(() => {
          if (session) return;
          session = { event: 'INCOMPLETE', data: {} };
          code = '';
          report();
        }, cfg.sessionWaitMs);
        return;
      }
      report();
    }, {
      config_id: cfg.configId,
      response_type: 'code',
      override_default_response_type: true,
      extras: { setup: {}, sessionInfoVersion: '3', version: 'v4' },
    });
  });
})();`;
