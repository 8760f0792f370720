import { iso } from '../clock.js';
import type { IsvBrand } from '../senders/customers/onboarding-settings.js';
import { type Contact, contactOf, notConfiguredAnswer, type PageAnswer } from './onboarding-answers.js';
import { SIGNUP_SCRIPT } from './onboarding-page-script.js';
import { timeText } from './time-text.js';

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** JSON placed inside a <script type="application/json">: nothing in it can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** Escaped text in which the support address, where it appears, is a mailto link. */
function textWithEmail(text: string, email: string | undefined): string {
  const escaped = escapeHtml(text);
  if (!email) return escaped;
  const address = escapeHtml(email);
  return escaped.split(address).join(`<a href="mailto:${address}">${address}</a>`);
}

/** A time as UTC text, which the page's script rewrites into the visitor's own time zone. */
const localTime = (at: number, now: number) => `<time data-local datetime="${iso(at)}">${escapeHtml(timeText(at, now))}</time>`;

const STYLE = `
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1.25rem;color:#1c1e21;line-height:1.5}
.brand{display:flex;align-items:center;gap:.75rem;padding-bottom:1rem;border-bottom:1px solid #dadde1;font-size:1.15rem;font-weight:600}
.brand img{max-height:2.5rem;max-width:10rem;object-fit:contain}
h1{font-size:1.6rem}button{background:#1877f2;color:#fff;border:0;border-radius:6px;padding:.8rem 1.4rem;font-size:1rem;cursor:pointer}
button:disabled{background:#9cb4d8;cursor:default}.note{background:#fff8e1;border-left:4px solid #f5b400;padding:.75rem 1rem}
.status{margin-top:1.5rem;padding:1rem;border-radius:6px}.status h2{margin-top:0}.good{background:#e7f6ea}.bad{background:#fdecea}.wait{background:#eef3fb}
footer{margin-top:2.5rem;padding-top:1rem;border-top:1px solid #dadde1;color:#606770;font-size:.9rem}a{color:#1462c9}`;

function header(brand: IsvBrand | undefined): string {
  if (!brand?.name && !brand?.logoUrl) return '';
  const alt = brand.name ? `${brand.name} logo` : 'Logo of your provider';
  const logo = brand.logoUrl ? `<img src="${escapeHtml(brand.logoUrl)}" alt="${escapeHtml(alt)}" referrerpolicy="no-referrer">` : '';
  const name = brand.name ? `<span id="isv-name">${escapeHtml(brand.name)}</span>` : '';
  return `<header class="brand">${logo}${name}</header>`;
}

function footer(c: Contact, privacy: boolean): string {
  const lines: string[] = [];
  if (privacy)
    lines.push(
      `<p id="privacy">Through this signup, Meta gives ${escapeHtml(c.who)} your WhatsApp Business Account ID and your phone number's ID, so that it can register that number for WhatsApp. You sign in on Facebook's own window: ${escapeHtml(c.who)} never sees your Facebook password.</p>`,
    );
  if (c.email) lines.push(`<p id="support">Questions? Write to ${escapeHtml(c.who)} at ${textWithEmail(c.email, c.email)}.</p>`);
  return lines.length > 0 ? `<footer>${lines.join('')}</footer>` : '';
}

function shell(title: string, nonce: string, brand: IsvBrand | undefined, body: string): string {
  const pageTitle = brand?.name ? `${title} · ${brand.name}` : title;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(pageTitle)}</title><link rel="icon" href="/favicon.ico"><style nonce="${nonce}">${STYLE}</style></head><body>${header(brand)}<main>${body}</main></body></html>`;
}

/** A page that says why the link does not work (expired, used, unknown) and whom to ask. */
export function linkRefusedPage(answer: PageAnswer, brand: IsvBrand | undefined, nonce: string): string {
  const c = contactOf(brand);
  // The support line only when the reason does not already give the address.
  const more = c.email && !answer.detail.includes(c.email) ? footer(c, false) : '';
  return shell(answer.title, nonce, brand, `<h1>${escapeHtml(answer.title)}</h1><p id="reason">${textWithEmail(answer.detail, c.email)}</p>${more}`);
}

export const notConfiguredPage = (brand: IsvBrand | undefined, nonce: string) => linkRefusedPage(notConfiguredAnswer(contactOf(brand)), brand, nonce);

export interface SignupPageInput {
  customerName: string;
  wabaId?: string;
  brand?: IsvBrand;
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

/** The page the customer opens: who sent it, Meta's SDK, Facebook Login for Business, and Meta's WA_EMBEDDED_SIGNUP events. */
export function signupPage(input: SignupPageInput): string {
  const c = contactOf(input.brand);
  const config = {
    appId: input.appId,
    configId: input.configId,
    dialogOrigin: input.dialogOrigin,
    graphVersion: input.graphVersion,
    resultPath: input.resultPath,
    sessionWaitMs: input.sessionWaitMs,
    supportEmail: c.email,
  };
  const existing = input.wabaId
    ? `<p class="note" id="same-waba">Your business is already connected with WhatsApp Business Account <strong>${escapeHtml(input.wabaId)}</strong>. In the Facebook window, choose the <strong>same business portfolio and WhatsApp Business Account</strong>; a different one cannot be connected.</p>`
    : '';
  const body = `<section id="signup">
<h1>Connect ${escapeHtml(input.customerName)} to WhatsApp</h1>
<p id="intro">${escapeHtml(c.Who)} asks you to connect your business to WhatsApp through Meta's signup. Press the button and follow the steps in the Facebook window: sign in as an admin of your Meta business, choose or create your WhatsApp Business Account, and add the phone number for WhatsApp (keep the phone at hand for its code).</p>
${existing}
<p><button id="start" type="button" disabled>Continue with Facebook</button></p>
<p><small id="expiry">This link works once, until ${localTime(input.expiresAt, input.now)}.</small></p>
</section>
<div id="status" class="status wait" hidden role="status"><h2></h2><p></p></div>
${footer(c, true)}
<script type="application/json" id="onboarding-config">${scriptJson(config)}</script>
<script nonce="${input.nonce}">${SIGNUP_SCRIPT}</script>
<script async defer crossorigin="anonymous" src="${escapeHtml(input.sdkUrl)}" nonce="${input.nonce}"></script>`;
  return shell(`Connect ${input.customerName} to WhatsApp`, input.nonce, input.brand, body);
}
