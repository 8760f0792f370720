import type { WebClient } from '@slack/web-api';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

export interface AccessSettings {
  allowedUsers: string[];
  allowedUsergroup?: string;
  /** Whether people outside the allowed list may still use read-only commands. */
  readOnlyOpen: boolean;
}

export interface Access {
  /** May this person register, enter codes, resend, run bulk, manage customers, delete? */
  mayChange(userId: string): Promise<boolean>;
  mayRead(userId: string): Promise<boolean>;
  readonly restricted: boolean;
}

const GROUP_TTL_MS = 60_000;

export const REFUSED =
  'Only the people allowed to manage WhatsApp senders can do this. Ask a bot admin to add you to ALLOWED_USERS or to the allowed Slack user group.';

/**
 * Slack cannot restrict who runs a command, so the bot checks: a list of user IDs and/or the
 * members of one user group (usergroups.users.list, cached for a minute). With neither set,
 * everyone in the workspace may act.
 */
export function createAccess(settings: AccessSettings, client: WebClient, clock: Clock, logger: Logger): Access {
  const users = new Set(settings.allowedUsers);
  const restricted = users.size > 0 || Boolean(settings.allowedUsergroup);
  let cache: { members: Set<string>; at: number } | undefined;

  const groupMembers = async (): Promise<Set<string>> => {
    if (!settings.allowedUsergroup) return new Set();
    if (cache && clock.now() - cache.at < GROUP_TTL_MS) return cache.members;
    try {
      const answer = await client.usergroups.users.list({ usergroup: settings.allowedUsergroup });
      cache = { members: new Set(answer.users ?? []), at: clock.now() };
    } catch (error) {
      logger.warn('could not read the allowed user group; using the last known members', { error: (error as Error).message });
      cache = { members: cache?.members ?? new Set(), at: clock.now() - GROUP_TTL_MS + 5_000 };
    }
    return cache.members;
  };

  const mayChange = async (userId: string) => !restricted || users.has(userId) || (await groupMembers()).has(userId);
  return {
    restricted,
    mayChange,
    mayRead: async (userId) => settings.readOnlyOpen || mayChange(userId),
  };
}
