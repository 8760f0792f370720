/** A Slack message's address (in its thread when it is a reply), when its channel and ts look like Slack's. */
export function messageLink(channel: string | undefined, ts: string | undefined, threadTs?: string): string | undefined {
  if (!channel || !ts || !/^[A-Z0-9]+$/.test(channel) || !/^\d+\.\d+$/.test(ts)) return undefined;
  const url = `https://slack.com/archives/${channel}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${url}?thread_ts=${threadTs}&cid=${channel}` : url;
}
