import { createHmac } from 'node:crypto';

export interface SlackResponse {
  status: number;
  body: any;
}

/** Signs a body the way Slack does: v0=HMAC-SHA256(secret, "v0:<timestamp>:<body>"). */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function postSigned(
  url: string,
  secret: string,
  body: string,
  options: { timestamp?: number; signature?: string; json?: boolean } = {},
): Promise<SlackResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': options.json ? 'application/json' : 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': String(timestamp),
      'X-Slack-Signature': options.signature ?? sign(secret, timestamp, body),
    },
    body,
  });
  const text = await response.text();
  let parsed: any = text;
  try {
    parsed = text ? JSON.parse(text) : '';
  } catch {
    /* plain text answer */
  }
  return { status: response.status, body: parsed };
}

export interface Actor {
  user: string;
  channel: string;
  team?: string;
}

export function slashCommandBody(command: string, text: string, actor: Actor, responseUrl: string): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: actor.team ?? 'T0001',
    team_domain: 'example',
    channel_id: actor.channel,
    channel_name: 'onboarding',
    user_id: actor.user,
    user_name: actor.user.toLowerCase(),
    command,
    text,
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `trigger.${Date.now()}.${Math.random().toString(16).slice(2)}`,
  }).toString();
}

export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** What every interaction payload says about who sent it. */
function interactionCommon(actor: Actor) {
  return {
    team: { id: actor.team ?? 'T0001', domain: 'example' },
    user: { id: actor.user, username: actor.user.toLowerCase(), name: actor.user.toLowerCase(), team_id: actor.team ?? 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy-verification-token',
    trigger_id: `trigger.${Date.now()}.${Math.random().toString(16).slice(2)}`,
    is_enterprise_install: false,
  };
}

/** A view_submission payload: the open view with the values a person typed. */
export function viewSubmissionPayload(view: any, values: Record<string, Record<string, any>>, actor: Actor) {
  return {
    type: 'view_submission',
    ...interactionCommon(actor),
    view: { ...view, team_id: actor.team ?? 'T0001', state: { values }, root_view_id: view.id, app_id: 'A0001', bot_id: 'BBOT' },
    response_urls: [],
  };
}

/** A block_actions payload for a button pressed on a channel message. */
export function buttonPayload(
  actionId: string,
  value: string,
  actor: Actor,
  message: { ts: string; channel: string; text?: string; blocks?: unknown[] },
  responseUrl: string,
) {
  return {
    type: 'block_actions',
    ...interactionCommon(actor),
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    channel: { id: message.channel, name: 'onboarding' },
    message: { type: 'message', ts: message.ts, text: message.text ?? '', ...(message.blocks ? { blocks: message.blocks } : {}) },
    response_url: responseUrl,
    actions: [{ type: 'button', action_id: actionId, block_id: 'sender_actions', value, action_ts: String(Date.now() / 1000) }],
  };
}

/** A block_actions payload from an input with dispatch_action inside a modal. */
export function viewActionPayload(actionId: string, blockId: string, view: any, values: Record<string, Record<string, any>>, actor: Actor) {
  return {
    type: 'block_actions',
    ...interactionCommon(actor),
    container: { type: 'view', view_id: view.id },
    view: { ...view, state: { values } },
    actions: [clickedElement(view, actionId, blockId, values)],
  };
}

/** A button in the view is sent as Slack sends a click: its own value; anything else as the input's value. */
function clickedElement(view: any, actionId: string, blockId: string, values: Record<string, Record<string, any>>) {
  const action_ts = String(Date.now() / 1000);
  const accessory = view.blocks?.find((b: any) => b.block_id === blockId)?.accessory;
  if (accessory?.type === 'button' && accessory.action_id === actionId) {
    return { type: 'button', action_id: actionId, block_id: blockId, value: accessory.value, action_ts };
  }
  return { type: 'plain_text_input', action_id: actionId, block_id: blockId, value: values[blockId]?.[actionId]?.value, action_ts };
}

/** A block_suggestion payload: what the person typed into an external select of an open view. */
export function blockSuggestionPayload(actionId: string, blockId: string, typed: string, view: any, actor: Actor) {
  return {
    type: 'block_suggestion',
    ...interactionCommon(actor),
    container: { type: 'view', view_id: view.id },
    view,
    action_id: actionId,
    block_id: blockId,
    value: typed,
  };
}

/** An Events API callback, as Slack posts it (JSON). */
export function eventBody(event: Record<string, unknown>, actor: Actor): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: actor.team ?? 'T0001',
    api_app_id: 'A0001',
    event: { ...event, event_ts: String(Date.now() / 1000) },
    type: 'event_callback',
    event_id: `Ev${Date.now()}${Math.random().toString(16).slice(2, 8)}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: actor.team ?? 'T0001', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}
