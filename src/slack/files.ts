/** Time for Slack to hand over a file of the largest size (5 MB); past it the form says the file could not be read. */
const DOWNLOAD_TIMEOUT_MS = 30_000;

/**
 * Downloads a file a person uploaded in a modal. The bot token goes only to Slack's own file
 * host or the configured Slack API host, never to an address taken from a payload elsewhere.
 * A file Slack says is larger than `maxBytes` is refused before it is read.
 */
export function createFileDownloader(botToken: string, slackApiUrl: string, maxBytes: number) {
  const allowed = new Set(['https://files.slack.com', new URL(slackApiUrl).origin]);
  return async (url: string): Promise<string> => {
    const target = new URL(url);
    if (!allowed.has(target.origin)) throw new Error(`the file is not hosted by Slack (${target.origin})`);
    const response = await fetch(target, { headers: { Authorization: `Bearer ${botToken}` }, signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`Slack answered HTTP ${response.status} for the file`);
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > maxBytes) throw new Error(`the file is larger than ${maxBytes / 1024 / 1024} MB`);
    return response.text();
  };
}

export type FileDownloader = ReturnType<typeof createFileDownloader>;
