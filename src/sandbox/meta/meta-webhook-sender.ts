import { createHmac } from 'node:crypto';

/** What became of one webhook: the receiver's HTTP status, or why it was not sent. */
export interface WebhookDelivery {
  field: string;
  wabaId: string;
  status: number | 'not_subscribed' | 'no_url' | 'unreachable';
}

interface Pending {
  wabaId: string;
  field: string;
  body: string;
}

const POST_TIMEOUT_MS = 5_000;

/** `X-Hub-Signature-256` as Meta sends it: HMAC-SHA256 of the raw body with the app secret, in hex. */
export const signatureOf = (body: string, appSecret: string) => `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;

/**
 * Meta's webhook deliveries: signed POSTs to `url`, only for WABAs with a subscribed app. Tests
 * hold them and release them late, in reverse or twice, as Meta may deliver them.
 */
export class MetaWebhookSender {
  url = '';
  delayMs = 0;
  readonly deliveries: WebhookDelivery[] = [];
  private held: Pending[] | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly appSecret: string,
    private readonly subscribed: (wabaId: string) => boolean,
  ) {}

  /** Meta's payload for one change of one WABA; delivered now (after `delayMs`), or kept while held. */
  send(wabaId: string, field: string, value: Record<string, unknown>, atMs: number): Promise<void> {
    const payload = { object: 'whatsapp_business_account', entry: [{ id: wabaId, time: Math.floor(atMs / 1000), changes: [{ field, value }] }] };
    const pending = { wabaId, field, body: JSON.stringify(payload) };
    if (this.held) {
      this.held.push(pending);
      return Promise.resolve();
    }
    return this.track(this.deliver(pending));
  }

  /** Keep every webhook from now on until `release`. */
  hold(): void {
    this.held ??= [];
  }

  /** Deliver what was held, in order or in reverse, each once or twice; resolves once all are answered. */
  async release(options: { reverse?: boolean; twice?: boolean } = {}): Promise<void> {
    const held = this.held ?? [];
    this.held = undefined;
    const order = options.reverse ? [...held].reverse() : held;
    for (const pending of order) {
      await this.track(this.deliver(pending));
      if (options.twice) await this.track(this.deliver(pending));
    }
  }

  /** A body as given, with the given signature header or none: for unsigned and mis-signed deliveries. */
  async deliverRaw(body: string, signature?: string): Promise<number> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }) },
      body,
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.status;
  }

  /** Resolves once every delivery under way is answered. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private track(delivery: Promise<void>): Promise<void> {
    this.inFlight.add(delivery);
    return delivery.finally(() => this.inFlight.delete(delivery));
  }

  private async deliver({ wabaId, field, body }: Pending): Promise<void> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (!this.subscribed(wabaId)) return void this.deliveries.push({ field, wabaId, status: 'not_subscribed' });
    if (!this.url) return void this.deliveries.push({ field, wabaId, status: 'no_url' });
    let status: WebhookDelivery['status'];
    try {
      status = await this.deliverRaw(body, signatureOf(body, this.appSecret));
    } catch {
      status = 'unreachable';
    }
    this.deliveries.push({ field, wabaId, status });
  }
}
