import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

export interface AccessSettings {
  allowedUsers: string[];
  allowedUsergroup?: string;
  /** Whether people outside the allowed list may still use read-only commands. */
  readOnlyOpen: boolean;
}

/** `change`: register, enter codes, resend, run bulk, manage customers, delete, watch, bind. */
export type Need = 'read' | 'change';

export interface Access {
  /** Why this person may not do this now, in words for them; undefined when they may. */
  refusal(userId: string, need: Need): Promise<string | undefined>;
  readonly restricted: boolean;
}

/** Reads the members of a Slack user group (usergroups.users.list). */
export type GroupMembers = (usergroup: string) => Promise<string[]>;

/** How long a member list read from Slack is trusted. */
const GROUP_TTL_MS = 60_000;
/** After a failed lookup, the next one waits this long, so a Slack outage does not slow every request. */
const RETRY_LOOKUP_AFTER_MS = 5_000;

export const REFUSED =
  'Only the people allowed to manage WhatsApp senders can do this. Ask a bot admin to add you to ALLOWED_USERS or to the allowed Slack user group.';

export const GROUP_UNCHECKED =
  'The bot cannot check the user group membership with Slack right now, so it cannot tell whether you may do this. Try again in a minute.';

/**
 * Slack cannot restrict who runs a command, so the bot checks: a list of user IDs and/or the
 * members of one user group. With neither set, everyone in the workspace may act. The group's
 * member list is trusted for a minute; past that, if Slack cannot be asked, nobody is let in
 * through the group (a person removed from it must not keep acting), and they are told why.
 */
export function createAccess(settings: AccessSettings, readGroup: GroupMembers, clock: Clock, logger: Logger): Access {
  const users = new Set(settings.allowedUsers);
  const restricted = users.size > 0 || Boolean(settings.allowedUsergroup);
  let known: { members: Set<string>; at: number } | undefined;
  let failedAt: number | undefined;
  let lookup: Promise<Set<string> | undefined> | undefined;

  const fetchMembers = async (group: string): Promise<Set<string> | undefined> => {
    try {
      const members = new Set(await readGroup(group));
      known = { members, at: clock.now() };
      failedAt = undefined;
      return members;
    } catch (error) {
      failedAt = clock.now();
      logger.warn('could not read the allowed user group; its members cannot act until Slack answers', { error: (error as Error).message });
      return undefined;
    }
  };

  /** The group's members, or undefined when Slack cannot tell and the last list is too old. */
  const groupMembers = (group: string): Promise<Set<string> | undefined> => {
    const now = clock.now();
    // An age below zero means the clock stepped back: nothing read before then is trusted.
    const within = (since: number, ms: number) => now - since >= 0 && now - since < ms;
    if (known && within(known.at, GROUP_TTL_MS)) return Promise.resolve(known.members);
    if (failedAt !== undefined && within(failedAt, RETRY_LOOKUP_AFTER_MS)) return Promise.resolve(undefined);
    lookup ??= fetchMembers(group).finally(() => {
      lookup = undefined;
    });
    return lookup;
  };

  return {
    restricted,
    async refusal(userId, need) {
      if ((need === 'read' && settings.readOnlyOpen) || !restricted || users.has(userId)) return undefined;
      if (!settings.allowedUsergroup) return REFUSED;
      const members = await groupMembers(settings.allowedUsergroup);
      if (!members) return GROUP_UNCHECKED;
      return members.has(userId) ? undefined : REFUSED;
    },
  };
}
