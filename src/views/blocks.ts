import type { ActionsBlock, Button, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';

/** Cuts text to a Slack limit, marking the cut. */
export const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export const plain = (text: string, max = 3000) => ({ type: 'plain_text' as const, text: clip(text, max), emoji: true });
export const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: clip(text, 3000) });

export const header = (text: string): HeaderBlock => ({ type: 'header', text: plain(text, 150) });
export const section = (text: string, blockId?: string): SectionBlock => ({ type: 'section', text: mrkdwn(text), ...(blockId ? { block_id: blockId } : {}) });
export const fields = (pairs: [string, string][]): SectionBlock => ({
  type: 'section',
  fields: pairs.slice(0, 10).map(([label, value]) => mrkdwn(clip(`*${label}*\n${value}`, 2000))),
});
export const context = (text: string, blockId?: string): ContextBlock => ({
  type: 'context',
  elements: [mrkdwn(text)],
  ...(blockId ? { block_id: blockId } : {}),
});
export const divider = (): KnownBlock => ({ type: 'divider' });

export const button = (text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button => ({
  type: 'button',
  text: plain(text, 75),
  action_id: actionId,
  value: clip(value, 2000),
  ...(style ? { style } : {}),
});

export const actions = (blockId: string, elements: Button[]): ActionsBlock => ({ type: 'actions', block_id: blockId, elements: elements.slice(0, 25) });

/** Escapes the three characters Slack's mrkdwn treats as control characters in user text. */
export const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
