import { describe, expect, it } from 'vitest';
import { register } from '../support/flows.js';
import { harnessPerTest } from '../support/harness.js';
import { stored } from '../support/stored.js';
import { until } from '../support/until.js';
import { onSharedDatabase, POSTGRES, replicaOf, replicaTestsProblem } from './support.js';

const problem = await replicaTestsProblem('outbox lane tests');
const start = harnessPerTest();
onSharedDatabase();

const CHANNELS = ['C0FIRST', 'C0SECOND'];

describe.skipIf(problem)('the outbox delivered by several replicas', () => {
  it('posts each stored message once, in order within its channel, when three replicas deliver at the same moments', async () => {
    const a = await start(POSTGRES);
    const replicas = [a, await start(replicaOf(a)), await start(replicaOf(a))];
    await register(a, { phone: '+14155550100', name: 'Acme Store' });
    const sender = (await stored(a)).senders[0]!;
    // Slow answers, so the replicas' deliveries overlap.
    for (const channel of CHANNELS) a.slack.fault('chat.postMessage', { delayMs: 15 }, { channel });
    const texts = Array.from({ length: 16 }, (_, i) => `note ${String(i).padStart(2, '0')} for ${CHANNELS[i % 2]}`);
    for (const [i, text] of texts.entries())
      await a.bot.store.outbox.enqueue({ kind: 'post', senderId: sender.id, channel: CHANNELS[i % 2], text }, a.clock.now());

    for (const h of replicas) h.bot.outbox.kick();
    for (const h of replicas) h.bot.outbox.kick();
    await until(async () => (await a.bot.store.outbox.waiting()).length === 0, 15_000, 'the outbox delivered');
    await Promise.all(replicas.map((h) => h.settle()));

    for (const [i, channel] of CHANNELS.entries()) {
      const posted = a.slack.postedIn(channel).map((m) => m.text);
      expect(posted).toEqual(texts.filter((_, j) => j % 2 === i));
    }
  });
});
