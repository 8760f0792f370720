/** Codes kept for scrubbing: a code is worthless minutes after use, so the most recent few thousand are plenty. */
const MAX_CODES = 5_000;
/** Shorter strings are too likely to occur by chance (and an empty token would match everywhere). */
const MIN_SECRET_LENGTH = 6;

const CODE_RUN = /(?<!\d)\d{6}(?!\d)/g;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every secret the bot holds and every one-time code it handled, so that nothing it stores,
 * posts or logs carries one, whatever an error from Twilio or Slack echoes back.
 */
export class SecretRegistry {
  private readonly secrets = new Set<string>();
  private readonly codes = new Set<string>();
  private pattern: RegExp | undefined;

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const secret of secrets) this.add(secret);
  }

  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.pattern = undefined;
  }

  /** A secret nothing holds any more (a business token after its one signup); the registry need not grow forever. */
  remove(secret: string): void {
    if (this.secrets.delete(secret)) this.pattern = undefined;
  }

  /**
   * A Basic-auth password and the `user:password` pair in base64, as the header carries it. The
   * plain pair needs no entry of its own: its password half goes, the user (an SID) stays readable.
   */
  addCredentials(username: string, password: string | null | undefined): void {
    if (!password) return;
    this.add(password);
    this.add(Buffer.from(`${username}:${password}`).toString('base64'));
  }

  /** A one-time code; scrubbed only where it stands as a whole run of digits, never inside a longer number. */
  addCode(code: string): void {
    this.codes.delete(code);
    this.codes.add(code);
    if (this.codes.size > MAX_CODES) this.codes.delete(this.codes.values().next().value!);
  }

  scrub(text: string): string {
    let out = text;
    const pattern = this.secretPattern();
    if (pattern) out = out.replace(pattern, '[secret]');
    if (this.codes.size > 0) out = out.replace(CODE_RUN, (run) => (this.codes.has(run) ? '[code]' : run));
    return out;
  }

  /** A Slack message's text and blocks, scrubbed throughout (blocks quote Twilio's and Meta's words too). */
  scrubPost<B>(post: { text: string; blocks: B[] }): { text: string; blocks: B[] } {
    return { text: this.scrub(post.text), blocks: JSON.parse(this.scrub(JSON.stringify(post.blocks))) as B[] };
  }

  private secretPattern(): RegExp | undefined {
    if (this.secrets.size === 0) return undefined;
    // Longest first, so a secret that contains another goes whole rather than leaving a piece behind.
    this.pattern ??= new RegExp(
      [...this.secrets]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|'),
      'g',
    );
    return this.pattern;
  }
}
