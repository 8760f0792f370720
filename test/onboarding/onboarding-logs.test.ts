import { describe, expect, it } from 'vitest';
import { harnessPerTest } from '../support/harness.js';
import { latestLink, startWithMeta } from '../support/onboarding.js';

const start = harnessPerTest();

const postResult = (url: string, body: unknown) =>
  fetch(`${url}/result`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

type LogEvent = { level: string; msg: string } & Record<string, unknown>;
const events = (lines: string[]): LogEvent[] => lines.map((line) => JSON.parse(line) as LogEvent);

describe('onboarding and customer events in the log', () => {
  it('logs the customer added, the link given (never the link), and each signup finished, not finished or refused', async () => {
    const { h, meta } = await startWithMeta(start);
    await h.command('customer onboard new "Acme Corp"');
    await h.settle();
    const { url, onboarding } = await latestLink(h);
    const token = url.split('/onboard/')[1]!;

    const cancel = meta.play({ kind: 'CANCEL', step: 'PHONE_NUMBER_SETUP' });
    await postResult(url, cancel);
    h.sim.addNumber((await h.bot.store.customers.get(onboarding.customerId))!.accountSid, '+14155550101');
    await postResult(url, meta.play({ kind: 'FINISH', phoneNumber: '+14155550101' }));
    await postResult(url, meta.play({ kind: 'FINISH', phoneNumber: '+14155550101' }));
    await h.settle();

    const logged = events(h.logLines);
    const added = logged.find((e) => e.msg === 'customer added');
    expect(added).toMatchObject({ level: 'info', customer: 'Acme Corp', newSubaccount: true, user: expect.any(String) });
    expect(logged.find((e) => e.msg === 'onboarding link given')).toMatchObject({ level: 'info', customer: 'Acme Corp', onboarding: onboarding.id });
    expect(logged.find((e) => e.msg === 'signup not finished')).toMatchObject({ outcome: 'cancelled', event: 'CANCEL' });
    expect(logged.find((e) => e.msg === 'signup finished')).toMatchObject({ level: 'info', customer: 'Acme Corp', registering: true });
    // The link was used: a second result is refused, and the log says why.
    expect(logged.find((e) => e.msg === 'signup refused')).toMatchObject({ level: 'warn', outcome: 'used', event: 'FINISH' });
    const text = h.logLines.join('\n');
    expect(text).not.toContain(token);
    for (const secret of h.secrets) expect(text).not.toContain(secret);
  });
});
