import type { Data, SenderRecord } from '../schema.js';

/**
 * Under the test runner every text is checked against JSON.stringify of the same data: a stored
 * sender changed without `changed` would otherwise be written as it was, silently.
 */
const CHECKED = Boolean(process.env.VITEST);

const CLOSE_LIST = Buffer.from(']');
const CLOSE_OBJECT = Buffer.from('}');
const EMPTY_OBJECT = Buffer.from('{}');

/**
 * The text's bytes in memory of their own: a small Buffer.from shares an 8 KB slab with others,
 * and one kept record would keep its slab alive long after its neighbours changed.
 */
function ownBuffer(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text);
  return bytes;
}

/**
 * The data file's text, as JSON.stringify would give it (UTF-8), with each sender record's JSON
 * kept until that record changes: a write after one change serialises one record, not 100,000,
 * and the kept records go to the file as they are (a list of chunks), never joined in memory.
 * Stored records keep their identity for their lifetime (SenderTable), so a record is its key;
 * every change to one goes through SenderTable, which calls `changed`.
 */
export class DocumentText {
  private readonly senders = new WeakMap<SenderRecord, Buffer>();

  changed(record: SenderRecord): void {
    this.senders.delete(record);
  }

  of(data: Data): Buffer[] {
    const chunks: Buffer[] = [];
    let first = true;
    for (const [key, value] of Object.entries(data)) {
      if (key === 'senders') {
        chunks.push(Buffer.from(`${first ? '{' : ','}"senders":[`));
        this.sendersText(value as SenderRecord[], chunks);
        chunks.push(CLOSE_LIST);
      } else {
        const text = JSON.stringify(value) as string | undefined;
        // As JSON.stringify does: a key whose value has no JSON (undefined) is left out.
        if (text === undefined) continue;
        chunks.push(Buffer.from(`${first ? '{' : ','}${JSON.stringify(key)}:${text}`));
      }
      first = false;
    }
    chunks.push(first ? EMPTY_OBJECT : CLOSE_OBJECT);
    if (CHECKED && Buffer.concat(chunks).toString('utf8') !== JSON.stringify(data)) {
      throw new Error('the data file text differs from the data: a stored sender changed without DocumentText.changed');
    }
    return chunks;
  }

  private sendersText(records: SenderRecord[], chunks: Buffer[]): void {
    for (let at = 0; at < records.length; at += 1) {
      const record = records[at]!;
      // Kept with the comma that goes before it, which the first record leaves out.
      let text = this.senders.get(record);
      if (text === undefined) {
        text = ownBuffer(`,${JSON.stringify(record)}`);
        this.senders.set(record, text);
      }
      chunks.push(at === 0 ? text.subarray(1) : text);
    }
  }
}
