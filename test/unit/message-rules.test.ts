import { describe, expect, it } from 'vitest';
import { HELP_TOPICS } from '../../src/views/help-message.js';
import { CATALOGUE, type CatalogueEntry, type Surface } from '../support/message-catalogue.js';
import { SETTING_NAMES } from '../support/setting-names.js';

/** The first word of every subcommand: `status …` in a message must be written `/senders status …`. */
const SUBCOMMAND_WORDS = new Set(HELP_TOPICS.flatMap((topic) => topic.commands.map((c) => c.usage.split(' ')[0]!)));

/** Words meant for people: text objects and the notification text, with link targets, mentions and Slack dates reduced to what is shown. */
function peopleTexts(surface: Surface): string[] {
  const out: string[] = surface.text ? [surface.text] : [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const object = node as Record<string, unknown>;
    if ((object.type === 'mrkdwn' || object.type === 'plain_text') && typeof object.text === 'string') out.push(object.text);
    for (const [key, value] of Object.entries(object)) if (key !== 'text' || typeof value !== 'string') walk(value);
  };
  walk({ blocks: surface.blocks, title: surface.title, submit: surface.submit, close: surface.close });
  return out.map((t) =>
    t
      .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
      .replace(/<(?:https?|mailto):[^|>]*\|([^>]*)>/g, '$1')
      .replace(/<(?:https?|mailto):[^>]*>/g, '')
      .replace(/<[@#!][^>]*>/g, ''),
  );
}

/** The labels of the links in a surface's texts. */
const linkLabels = (surface: Surface): string[] => [...JSON.stringify(surface.blocks ?? []).matchAll(/<(?:https?|mailto):[^|>]*\|([^>]*)>/g)].map((m) => m[1]!);

const elements = (surface: Surface): Record<string, unknown>[] =>
  ((surface.blocks ?? []) as Record<string, unknown>[]).flatMap((b) => [
    ...(Array.isArray(b.elements) && b.type === 'actions' ? (b.elements as Record<string, unknown>[]) : []),
    ...(b.accessory ? [b.accessory as Record<string, unknown>] : []),
  ]);

/** Block texts, each on its own: a section's text, each field, each context element. */
const blockTexts = (surface: Surface): string[] =>
  ((surface.blocks ?? []) as Record<string, any>[]).flatMap((b) => [
    ...(b.text?.text ? [b.text.text as string] : []),
    ...((b.fields ?? []) as { text: string }[]).map((f) => f.text),
    ...(b.type === 'context' ? ((b.elements ?? []) as { text?: string }[]).map((e) => e.text ?? '') : []),
  ]);

type Rule =
  | 'status said once'
  | 'one primary'
  | 'five controls'
  | 'block size'
  | 'no setting names or raw enums'
  | 'no registration stutter'
  | 'plain link labels'
  | 'curly apostrophe'
  | 'commands carry the slash command';

/** Why a text breaks a rule, or undefined. */
const RULES: Record<Rule, (surface: Surface, entry: CatalogueEntry) => string | undefined> = {
  'status said once': (s) => peopleTexts(s).find((t) => /:[a-z_]+: \*([A-Z][a-z]+)[^*]*\*(?:, in progress)?: \1\b/i.test(t) || /Next:\* Nothing/.test(t)),
  'one primary': (s) => {
    const n = elements(s).filter((e) => e.style === 'primary').length;
    return n > 1 ? `${n} primary buttons` : undefined;
  },
  'five controls': (s, entry) => (entry.kind === 'alert' && elements(s).length > 5 ? `${elements(s).length} controls` : undefined),
  'block size': (s) =>
    blockTexts(s)
      .find((t) => t.length > 2800)
      ?.slice(0, 80),
  'no setting names or raw enums': (s) => {
    for (const text of peopleTexts(s)) {
      const raw = text.match(
        /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\bprofile\.\w+|\b(?:twilio|external)_(?:sms|voice)\b|\b(?:ONLINE|OFFLINE|CREATING|VERIFYING|DRAFT|STUBBED|DELETED|QUEUED|UNKNOWN)\b/,
      )?.[0];
      if (raw) return SETTING_NAMES.includes(raw) ? `setting ${raw}` : `raw ${raw}`;
    }
    return undefined;
  },
  'no registration stutter': (s) => peopleTexts(s).find((t) => /\bRegistration [0-9a-f]{6,}/i.test(t)),
  'plain link labels': (s) => linkLabels(s).find((l) => /^(open|docs?|more|here|link|about \S+)$/i.test(l.trim())),
  'curly apostrophe': (s) => peopleTexts(s).find((t) => /\bI'm\b/.test(t)),
  'commands carry the slash command': (s) =>
    peopleTexts(s)
      .flatMap((t) => [...t.replace(/```[\s\S]*?```/g, '').matchAll(/`([a-z]+)(?: [^`]*)?`/g)])
      .find((m) => SUBCOMMAND_WORDS.has(m[1]!))?.[0],
};

/**
 * Entries allowed to break one rule, each with its reason in a comment; the test fails when an
 * exception is no longer needed, so none outlives its cause.
 */
const EXCEPTIONS: { entry: string; rule: Rule }[] = [];

describe('every message and modal keeps the rules of what people read', () => {
  for (const entry of CATALOGUE) {
    const surface = entry.build();
    for (const [rule, broken] of Object.entries(RULES) as [Rule, (typeof RULES)[Rule]][]) {
      const excepted = EXCEPTIONS.some((e) => e.entry === entry.name && e.rule === rule);
      it(`${entry.name}: ${rule}${excepted ? ' (exception, see EXCEPTIONS)' : ''}`, () => {
        if (excepted) expect(broken(surface, entry), 'the exception is no longer needed: drop it').toBeDefined();
        else expect(broken(surface, entry)).toBeUndefined();
      });
    }
  }

  it('the catalogue names each entry once', () => {
    expect(new Set(CATALOGUE.map((e) => e.name)).size).toBe(CATALOGUE.length);
  });
});
