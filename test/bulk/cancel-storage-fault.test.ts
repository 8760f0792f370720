import { afterEach, describe, expect, it } from 'vitest';
import { FaultyDisk } from '../support/faulty-disk.js';
import { type Harness, startHarness } from '../support/harness.js';
import { onPostgres } from '../support/test-store.js';
import { confirm, uploadCsv } from './support.js';

let h: Harness;
afterEach(async () => h?.stop());

const MINUTE = 60_000;

// A disk that fails is the data file's own fault: PostgreSQL's are tested in test/store.
describe.skipIf(onPostgres)('bulk cancel while the data file cannot be written', () => {
  it('keeps nothing of the cancel; once writes work, cancelling again drops every row not sent and the results CSV comes', async () => {
    const disk = new FaultyDisk();
    h = await startHarness({ sendersMinIntervalMs: 3 * MINUTE, store: { fs: disk, retryMs: 20 } });
    const rows = Array.from({ length: 4 }, (_, i) => `main,+1415555050${i},Brand${i} Store`);
    const { viewId } = await uploadCsv(h, ['customer,phone_number,display_name', ...rows].join('\n'));
    await confirm(h, viewId);
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);

    disk.fail('ENOSPC');
    await h.command('bulk cancel');
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toMatch(/cannot save/i);
    disk.heal();
    await h.waitFor(() => h.bot.store.health.ok);
    const run = (await h.bot.store.bulkRuns.list({ excludePreviews: true })).at(-1)!;
    expect(run.state).toBe('running');
    const rowStates = async () => (await h.bot.store.senders.list({ runId: run.id })).map((r) => r.state);
    expect((await rowStates()).filter((s) => s === 'abandoned')).toEqual([]);

    await h.command('bulk cancel');
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('3 rows not yet sent were dropped');
    h.clock.advance(60 * MINUTE);
    await h.drainQueue();
    await h.settle();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    expect((await rowStates()).filter((s) => s === 'queued')).toEqual([]);
    const csv = [...h.slack.uploads.values()].at(-1)?.content ?? '';
    expect(csv.match(/CANCELLED/g)).toHaveLength(3);
  });
});
