import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { register } from '../support/flows.js';
import { seedCustomers } from '../bulk/support.js';

let h: Harness;
afterEach(async () => h?.stop());

describe('probe', () => {
  it('probe', async () => {
    h = await startHarness();
    const [acme] = await seedCustomers(h, 1);
    h.sim.echoNext(500, 2, 'CreateChannelsSender');
    const r = await register(h, { customer: acme!.id, phone: '+14155550100', name: 'Acme Store' });
    console.log(JSON.stringify(r.ack.body).slice(0, 2000));
    console.log(JSON.stringify(r.view).slice(0, 3000));
    console.log(h.logLines.join('\n'));
    console.log(await readFile(h.dataFile, 'utf8'));
    console.log(JSON.stringify(h.slack.calls.map((c) => c.args.text ?? c.method)));
    console.log(h.sim.requests.map((q) => q.operationId).join(' '));
  });
});
