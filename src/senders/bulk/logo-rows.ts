import { forEachLimited } from '../../concurrency.js';
import type { SendersContext } from '../context.js';
import { type LogoVerdict, logoCheckOf } from '../profile/logo-check.js';
import type { RowCheck } from './rows.js';

/** How many logos are fetched at once while a file is checked. */
const AT_ONCE = 4;

/**
 * Each distinct logo URL of the ready rows is checked once (a file usually names one or two);
 * the rows whose logo fails are refused with the rule it broke, the others stay ready.
 */
export async function refuseBadLogos(ctx: SendersContext, check: RowCheck): Promise<RowCheck> {
  const urls = [...new Set(check.ready.flatMap((row) => (row.request.profile.logo_url ? [row.request.profile.logo_url] : [])))];
  if (!urls.length) return check;
  const verdicts = new Map<string, LogoVerdict>();
  const checkLogo = logoCheckOf(ctx);
  await forEachLimited(urls, AT_ONCE, async (url) => {
    verdicts.set(url, await checkLogo(url));
  });
  const refused = [...check.refused];
  const ready = check.ready.filter((row) => {
    const verdict = row.request.profile.logo_url ? verdicts.get(row.request.profile.logo_url) : undefined;
    if (!verdict || verdict.ok) return true;
    refused.push({ line: row.line, problem: `logo_url: ${verdict.message}`, number: row.request.phoneNumber });
    return false;
  });
  const stillReady = new Set(ready.map((row) => row.line));
  refused.sort((a, b) => a.line - b.line);
  return { ready, refused, warnings: check.warnings.filter((warning) => stillReady.has(warning.line)) };
}
