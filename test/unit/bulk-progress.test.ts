import { describe, expect, it } from 'vitest';
import type { RunCounts } from '../../src/senders/bulk/runs.js';
import type { BulkRun } from '../../src/store/schema.js';
import { bulkProgressMessage } from '../../src/views/bulk.js';
import { blocksText } from '../support/flows.js';

const run: BulkRun = {
  id: 'b1',
  createdBy: 'U1',
  createdAt: '2026-12-07T12:00:00.000Z',
  channel: 'C1',
  state: 'running',
  nameFirst: false,
  totalRows: 6,
  refused: [1, 2, 3, 4, 5].map((line) => ({ line, problem: 'not a phone number' })),
  warnings: [],
  recordIds: ['r1'],
};
const counts: RunCounts = { total: 6, submitted: 1, refused: 5, queued: 1, sent: 0, waitingForCode: 0, online: 0, failed: 0, cancelled: 0 };

describe('bulk progress', () => {
  it('counts the rows submitted, not the refused ones, and states the refused apart', () => {
    const text = blocksText(bulkProgressMessage(run, counts, undefined, '/wa', Date.parse('2026-12-07T12:01:00Z')).blocks);
    expect(text).toContain(' 0%');
    expect(text).not.toContain('83%');
    expect(text).toContain('0 of 1 sent');
    expect(text).toContain('5 of the file’s 6 rows were refused');
    expect(text).toContain('`/wa bulk status');
  });
});
