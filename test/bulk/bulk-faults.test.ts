import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import type { PostedMessage } from '../support/fake-slack.js';
import { blocksText } from '../support/flows.js';
import { type Harness, harnessPerTest, sameWorld } from '../support/harness.js';
import { snapshotStore } from '../support/store-snapshot.js';
import { stored } from '../support/stored.js';
import { until } from '../support/until.js';
import { confirm, progressMessage, uploadCsv } from './support.js';

const MINUTE = 60_000;
const start = harnessPerTest();

const TWO_ROWS = 'customer,phone_number,display_name\nmain,+14155550100,Acme Store\nmain,+14155550101,Acme Shop';
const codeRows = (messages: PostedMessage[]) => messages.filter((m) => m.text.startsWith('WhatsApp sender'));

/** Lets every waiting retry come due, as time passing would. */
async function retryWaiting(h: Harness): Promise<void> {
  h.clock.advance(MINUTE);
  h.bot.outbox.kick();
  await h.settle();
}

describe('bulk messages under Slack faults', () => {
  it('rows that need a code appear in the progress thread when the progress message failed once', async () => {
    const h = await start();
    h.slack.fault('chat.postMessage', { error: 'internal_error' }, { channel: 'C0ONBOARD', times: 1 });
    const { viewId } = await uploadCsv(h, TWO_ROWS);
    await confirm(h, viewId);
    await h.drainQueue();
    expect((await stored(h)).senders.map((s) => s.state)).toEqual(['awaiting_code', 'awaiting_code']);

    await retryWaiting(h);
    const progress = await progressMessage(h);
    const rows = codeRows(h.slack.repliesTo(progress.ts));
    expect(rows).toHaveLength(2);
    expect(blocksText(rows[0]!.blocks)).toContain(ACTION.enterCode);
    expect(h.slack.postedIn('C0ONBOARD').filter((m) => !m.threadTs)).toEqual([progress]);
  });

  it('if the progress message cannot be posted at all, the rows that need a code are posted in the channel instead', async () => {
    const h = await start();
    h.slack.fault('chat.postMessage', { error: 'internal_error' }, { channel: 'C0ONBOARD', times: 5 });
    const { viewId } = await uploadCsv(h, TWO_ROWS);
    await confirm(h, viewId);
    await h.drainQueue();
    for (let i = 0; i < 5; i += 1) await retryWaiting(h);

    expect((await stored(h)).undelivered.map((o) => o.kind)).toEqual(['refresh_bulk_progress']);
    const rows = codeRows(h.slack.postedIn('C0ONBOARD').filter((m) => !m.threadTs));
    expect(rows.map((m) => m.text.split(':')[0])).toEqual(['WhatsApp sender +14155550100', 'WhatsApp sender +14155550101']);
    expect(blocksText(rows[0]!.blocks)).toContain(ACTION.enterCode);
  });

  it('a crash while Slack completes the results upload shares one file, not two', async () => {
    const first = await start();
    first.slack.fault('files.completeUploadExternal', { hang: true }, { times: 1, handled: true });
    const { viewId } = await uploadCsv(first, 'customer,phone_number,display_name\nmain,+14155550100,Acme Store');
    await first.submitView(viewId, {});
    const shared = (h: Harness) => [...h.slack.uploads.values()].filter((u) => u.channel);
    await until(() => shared(first).length === 1, 5_000, 'Slack to share the results');
    // The process dies here: the next start finds the data file as it is now.
    const atCrash = await snapshotStore(first);
    first.slack.releaseHung();
    await first.stop({ keepServices: true });
    await atCrash.restore();

    const h = await start({
      ...sameWorld(first),
    });
    await h.settle();
    await retryWaiting(h);

    expect(shared(h)).toHaveLength(1);
    expect(shared(h)[0]!.threadTs).toBe((await progressMessage(h)).ts);
    expect(shared(h)[0]!.content).toContain('+14155550100');
    expect(h.slack.callsOf('files.getUploadURLExternal')).toHaveLength(1);
    expect((await stored(h)).outbox).toEqual([]);
  });
});
