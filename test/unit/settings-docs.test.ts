import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTING_NAMES } from '../support/setting-names.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('every setting the bot reads is documented where an operator looks', () => {
  it('finds the settings in the source', () => {
    expect(SETTING_NAMES).toEqual(expect.arrayContaining(['SLACK_BOT_TOKEN', 'PORT', 'ISV_NAME', 'ACK_DEADLINE_MS']));
  });

  it('docs/settings.md has a row for each', () => {
    const docs = read('docs/settings.md');
    expect(SETTING_NAMES.filter((name) => !docs.includes(`| \`${name}\``) && !docs.includes(` / \`${name}\``))).toEqual([]);
  });

  it('.env.example names each', () => {
    const example = read('.env.example');
    expect(SETTING_NAMES.filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(example))).toEqual([]);
  });
});
