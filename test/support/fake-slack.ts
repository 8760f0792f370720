import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  args: Record<string, any>;
  at: number;
  /** The fault this call met, if any. */
  fault?: SlackFault;
}

/** How Slack misbehaves for a call. */
export type SlackFault =
  /** HTTP 200 with `ok: false` and this error, as Slack reports most failures. */
  | { error: string }
  /** An HTTP error: 500, or 429 with `Retry-After` (seconds). */
  | { status: number; retryAfter?: number }
  /** The usual answer, this much later. */
  | { delayMs: number }
  /** No answer at all, until `releaseHung()` or the fake stops. */
  | { hang: true }
  /** The usual answer, once `until` resolves: a test decides what happens while Slack is busy. */
  | { until: Promise<void> };

export interface FaultScope {
  /** Only calls about this channel (their `channel` or `channel_id`). */
  channel?: string;
  /** Only the next this many matching calls; every one when unset. */
  times?: number;
  /** Slack does the work before answering badly: the post exists, only its answer is lost. */
  handled?: boolean;
}

interface Fault {
  method: string;
  fault: SlackFault;
  scope: FaultScope;
  left: number;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  broadcast: boolean;
  metadata?: unknown;
  text: string;
  blocks: any[];
  history: { text: string; blocks: any[] }[];
}

/**
 * A stand-in for Slack's Web API and response URLs: records every call the bot makes and
 * answers as Slack would, keeping the views and messages so a test can read them.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly views = new Map<string, any>();
  readonly messages: PostedMessage[] = [];
  readonly responses: Record<string, any>[] = [];
  /** Methods that answer with an error, as when Slack has an outage. */
  readonly failing = new Set<string>();
  private readonly faults: Fault[] = [];
  private readonly hung = new Set<ServerResponse>();
  /** Files people uploaded in modals, served to the bot (with its token) by id. */
  private readonly hosted = new Map<string, string>();
  /** Files the bot uploaded: raw content by file id, and where they were shared. */
  readonly uploads = new Map<string, { content: string; channel?: string; threadTs?: string; title?: string }>();
  /** Members of Slack user groups, by group id. */
  readonly usergroups = new Map<string, string[]>();
  /** Authorization headers seen on file downloads. */
  readonly downloadAuth: string[] = [];
  private server?: Server;
  private counter = 0;
  url = '';

  constructor(private readonly botToken = 'xoxb-test-bot-token-0123456789') {}

  /** A file as Slack's file_input hands it to the app in a view submission. */
  hostFile(name: string, content: string) {
    const id = `F${String(++this.counter).padStart(8, '0')}`;
    this.hosted.set(id, content);
    return {
      id,
      name,
      title: name,
      filetype: 'csv',
      size: content.length,
      url_private: `${this.url}/files/${id}`,
      url_private_download: `${this.url}/files/${id}`,
    };
  }

  /** Listens on `port` (any free one by default): a test can name Slack's address before Slack is up. */
  async start(port = 0): Promise<string> {
    this.server = createServer(async (req, res) => {
      const body = await read(req);
      const path = req.url ?? '/';
      if (path.startsWith('/files/') && req.method === 'GET') {
        this.downloadAuth.push(String(req.headers.authorization ?? ''));
        const content = this.hosted.get(path.slice('/files/'.length));
        if (content === undefined || req.headers.authorization !== `Bearer ${this.botToken}`) {
          res.writeHead(404).end('not found');
          return;
        }
        res.writeHead(200, { 'Content-Type': 'text/csv' }).end(content);
        return;
      }
      if (path.startsWith('/upload/')) {
        const id = path.slice('/upload/'.length);
        this.uploads.set(id, { ...(this.uploads.get(id) ?? {}), content: body });
        res.writeHead(200).end('OK');
        return;
      }
      if (path.startsWith('/response/')) {
        this.recordResponse(JSON.parse(body || '{}'));
        res.writeHead(200).end('ok');
        return;
      }
      const method = path.replace(/^\/api\//, '').split('?')[0]!;
      const args = parseArgs(body, req.headers['content-type'] ?? '');
      const fault = this.takeFault(method, args);
      this.calls.push({ method, args, at: Date.now(), ...(fault ? { fault: fault.fault } : {}) });
      if (this.failing.has(method)) return json(res, 200, { ok: false, error: 'service_unavailable' });
      if (!fault) return json(res, 200, this.answer(method, args));
      const handled = fault.scope.handled ? this.answer(method, args) : undefined;
      await this.misbehave(res, fault, () => handled ?? this.answer(method, args));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return `${this.url}/api/`;
  }

  /**
   * Makes `method` misbehave, for every call or the next `times`, optionally only in one channel.
   * Faults are matched in the order they were added.
   */
  fault(method: string, fault: SlackFault, scope: FaultScope = {}): void {
    this.faults.push({ method, fault, scope, left: scope.times ?? Infinity });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Ends every request left hanging, as a dropped connection would. */
  releaseHung(): void {
    for (const res of this.hung) res.destroy();
    this.hung.clear();
  }

  private takeFault(method: string, args: Record<string, any>): Fault | undefined {
    const channel = args.channel ?? args.channel_id;
    const fault = this.faults.find((f) => f.method === method && f.left > 0 && (!f.scope.channel || f.scope.channel === channel));
    if (fault) fault.left -= 1;
    return fault;
  }

  private async misbehave(res: ServerResponse, { fault }: Fault, answer: () => Record<string, unknown>): Promise<void> {
    if ('error' in fault) return json(res, 200, { ok: false, error: fault.error });
    if ('status' in fault) {
      const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) };
      res
        .writeHead(fault.status, { 'Content-Type': 'application/json', ...headers })
        .end(JSON.stringify({ ok: false, error: fault.status === 429 ? 'ratelimited' : 'internal_error' }));
      return;
    }
    if ('delayMs' in fault) {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      return json(res, 200, answer());
    }
    if ('until' in fault) {
      await fault.until;
      return json(res, 200, answer());
    }
    this.hung.add(res);
    res.once('close', () => this.hung.delete(res));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A message shown to the person who acted: posted to a response URL, or returned in the ack. */
  recordResponse(args: Record<string, any>): void {
    this.responses.push(args);
    this.calls.push({ method: 'response_url', args, at: Date.now() });
  }

  responseUrl(): string {
    this.counter += 1;
    return `${this.url}/response/${this.counter}`;
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  lastView(): any {
    const last = [...this.calls].reverse().find((c) => c.method === 'views.open' || c.method === 'views.update');
    return last ? this.views.get(last.args.view_id ?? last.args.__id) : undefined;
  }

  private answer(method: string, args: Record<string, any>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://example.slack.com/', team: 'Example', user: 'senders-bot', team_id: 'T0001', user_id: 'UBOT', bot_id: 'BBOT' };
      case 'views.open':
      case 'views.push': {
        const id = `V${String(++this.counter).padStart(8, '0')}`;
        args.__id = id;
        const view = { ...args.view, id, hash: `h${this.counter}` };
        this.views.set(id, view);
        return { ok: true, view };
      }
      case 'views.update': {
        const id = args.view_id as string;
        const view = { ...args.view, id, hash: `h${++this.counter}` };
        this.views.set(id, view);
        return { ok: true, view };
      }
      case 'chat.postMessage': {
        const ts = `1700000000.${String(++this.counter).padStart(6, '0')}`;
        this.messages.push({
          channel: args.channel,
          ts,
          threadTs: args.thread_ts,
          broadcast: args.reply_broadcast === true || args.reply_broadcast === 'true',
          text: args.text,
          blocks: args.blocks ?? [],
          metadata: args.metadata,
          history: [{ text: args.text, blocks: args.blocks ?? [] }],
        });
        return { ok: true, channel: args.channel, ts, message: { text: args.text } };
      }
      case 'chat.update': {
        const message = this.messages.find((m) => m.channel === args.channel && m.ts === args.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = args.text;
        message.blocks = args.blocks ?? [];
        message.history.push({ text: args.text, blocks: message.blocks });
        return { ok: true, channel: args.channel, ts: args.ts };
      }
      case 'conversations.history':
        return {
          ok: true,
          messages: this.messages
            .filter((m) => m.channel === args.channel && (!m.threadTs || m.broadcast))
            .reverse()
            .slice(0, Number(args.limit ?? 100))
            .map(wire),
        };
      case 'conversations.replies':
        return {
          ok: true,
          messages: this.messages
            .filter((m) => m.channel === args.channel && (m.ts === args.ts || m.threadTs === args.ts))
            .slice(0, Number(args.limit ?? 200))
            .map(wire),
        };
      case 'usergroups.users.list':
        return { ok: true, users: this.usergroups.get(args.usergroup) ?? [] };
      case 'files.getUploadURLExternal': {
        const id = `F${String(++this.counter).padStart(8, '0')}`;
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = (args.files ?? []) as { id: string; title?: string }[];
        for (const f of files)
          this.uploads.set(f.id, { content: this.uploads.get(f.id)?.content ?? '', channel: args.channel_id, threadTs: args.thread_ts, title: f.title });
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'files.info': {
        const upload = this.uploads.get(args.file);
        if (!upload) return { ok: false, error: 'file_not_found' };
        return { ok: true, file: { id: args.file, title: upload.title, ...sharesOf(upload) } };
      }
      default:
        return { ok: true };
    }
  }

  /** Top-level messages and thread replies posted in a channel. */
  postedIn(channel: string): PostedMessage[] {
    return this.messages.filter((m) => m.channel === channel);
  }

  repliesTo(ts: string): PostedMessage[] {
    return this.messages.filter((m) => m.threadTs === ts);
  }

  /** The view as Slack would send it back in a submission: open views keep their id. */
  viewFor(id: string): any {
    return this.views.get(id);
  }
}

/** Where a file is shared, the way files.info tells it: channel lists by kind, and `shares` with each share's thread. */
function sharesOf(upload: { channel?: string; threadTs?: string }) {
  const channel = upload.channel;
  if (!channel) return { channels: [], groups: [], ims: [], shares: {} };
  const share = { ts: '1700000000.999999', ...(upload.threadTs ? { thread_ts: upload.threadTs } : {}) };
  const isPublic = channel.startsWith('C');
  return {
    channels: isPublic ? [channel] : [],
    groups: channel.startsWith('G') ? [channel] : [],
    ims: channel.startsWith('D') ? [channel] : [],
    shares: isPublic ? { public: { [channel]: [share] } } : { private: { [channel]: [share] } },
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

const wire = (m: PostedMessage) => ({ type: 'message', ts: m.ts, thread_ts: m.threadTs, text: m.text, metadata: m.metadata });

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function parseArgs(body: string, contentType: string): Record<string, any> {
  if (contentType.includes('application/json')) return JSON.parse(body || '{}');
  const out: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    out[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
