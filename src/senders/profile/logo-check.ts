import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { imageHeader } from './image-size.js';
import { isPublicAddress } from './public-address.js';

/** WhatsApp's rules for a profile picture (contracts/twilio/README.md, "Profile picture"). */
export const LOGO_RULES = { maxBytes: 5 * 1024 * 1024, minSide: 192, timeoutMs: 5_000 } as const;

export type LogoRule = 'https' | 'public_address' | 'reachable' | 'redirect' | 'too_large' | 'not_an_image' | 'not_square' | 'too_small';

export type LogoVerdict = { ok: true; width: number; height: number } | { ok: false; rule: LogoRule; message: string };

export interface LogoCheckOptions {
  /** The host's addresses, as DNS answers them (tests answer for themselves). */
  resolve?: (host: string) => Promise<{ address: string; family: number }[]>;
  /** Which addresses count as public (tests let their local server through; the refusal of 127.0.0.1 is tested with the real rule). */
  isPublic?: (address: string) => boolean;
  /** Certificate authorities to trust besides the system's (tests' own). */
  ca?: string | Buffer;
  timeoutMs?: number;
}

const refused = (rule: LogoRule, message: string): LogoVerdict => ({ ok: false, rule, message });

class NotPublicError extends Error {
  constructor(readonly address: string) {
    super(`${address} is not a public address`);
  }
}

const systemResolve = (host: string) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Checks a logo URL the way Twilio and WhatsApp will use it, before it is sent: https only; a host
 * whose every DNS answer is a public address, and the connection made to the address checked (no
 * second lookup for someone to answer differently); a bounded fetch (time and bytes); redirects
 * are not followed at all; a PNG or JPEG, square, at least 192 × 192.
 */
export async function checkLogoUrl(url: string, options: LogoCheckOptions = {}): Promise<LogoVerdict> {
  const { resolve = systemResolve, isPublic = isPublicAddress, timeoutMs = LOGO_RULES.timeoutMs } = options;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return refused('https', 'The logo URL is not a web address: it must start with https://.');
  }
  if (parsed.protocol !== 'https:') return refused('https', 'The logo URL must start with https:// (Twilio fetches it over HTTPS only).');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !isPublic(host)) return notPublic();

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname).then(
      (answers) => {
        const privateOne = answers.find((answer) => !isPublic(answer.address));
        if (!answers.length) return callback(new Error(`${hostname} has no address`), '', 0);
        if (privateOne) return callback(new NotPublicError(privateOne.address), '', 0);
        if (lookupOptions.all) return (callback as unknown as (e: null, all: typeof answers) => void)(null, answers);
        callback(null, answers[0]!.address, answers[0]!.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
  const agent = new Agent({
    connect: { lookup, ...(options.ca ? { ca: options.ca } : {}), timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const answer = await request(parsed, { method: 'GET', dispatcher: agent, signal, headers: { accept: 'image/png, image/jpeg' } });
    if (answer.statusCode >= 300 && answer.statusCode < 400) {
      await answer.body.dump();
      return refused('redirect', `The logo URL answers with a redirect (HTTP ${answer.statusCode}); the bot follows none: give the image's final address.`);
    }
    if (answer.statusCode !== 200) {
      await answer.body.dump();
      return refused('reachable', `The logo URL answered HTTP ${answer.statusCode}, not the image: check the address opens the picture in a browser.`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of answer.body) {
      size += (chunk as Buffer).length;
      if (size > LOGO_RULES.maxBytes) {
        answer.body.destroy();
        return refused('too_large', 'The logo is larger than 5 MB, the most WhatsApp takes: use a smaller image (640 × 640 is enough).');
      }
      chunks.push(chunk as Buffer);
    }
    return imageRules(Buffer.concat(chunks));
  } catch (error) {
    const notPublicCause = findNotPublic(error);
    if (notPublicCause) return notPublic();
    if (signal.aborted)
      return refused('reachable', `The logo URL did not answer within ${timeoutMs / 1000} s: check it opens in a browser, or host the image elsewhere.`);
    return refused('reachable', 'The logo URL could not be fetched: check it opens in a browser, or host the image elsewhere.');
  } finally {
    await agent.close().catch(() => undefined);
  }
}

function imageRules(bytes: Buffer): LogoVerdict {
  const header = imageHeader(bytes);
  if (!header) return refused('not_an_image', 'The logo is not a PNG or JPEG image, the only kinds WhatsApp takes.');
  const { width, height } = header;
  if (width !== height) return refused('not_square', `The logo is ${width} × ${height}: WhatsApp wants a square image (it is shown cropped to a circle).`);
  if (width < LOGO_RULES.minSide)
    return refused(
      'too_small',
      `The logo is ${width} × ${height}: WhatsApp wants at least ${LOGO_RULES.minSide} × ${LOGO_RULES.minSide} (640 × 640 recommended).`,
    );
  return { ok: true, width, height };
}

const notPublic = (): LogoVerdict =>
  refused('public_address', 'The logo URL’s host is not at a public address: Twilio cannot fetch it, and the bot does not either.');

function findNotPublic(error: unknown): NotPublicError | undefined {
  for (let cause = error; cause; cause = (cause as { cause?: unknown }).cause) if (cause instanceof NotPublicError) return cause;
  return undefined;
}

/** The context's logo check, or the real one. */
export const logoCheckOf = (ctx: { checkLogo?: (url: string) => Promise<LogoVerdict> }) => ctx.checkLogo ?? ((url: string) => checkLogoUrl(url));
