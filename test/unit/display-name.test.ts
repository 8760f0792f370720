import { describe, expect, it } from 'vitest';
import { checkDisplayName } from '../../src/senders/registration/display-name.js';

describe("display name checks (Meta's guidelines)", () => {
  it.each(['Acme Store', 'IBM', 'Acme Dental', "Joe's Pizza Co", 'Café Olé'])('accepts %s', (name) => {
    expect(checkDisplayName(name).errors).toEqual([]);
  });

  it.each([
    ['Ab', '3 characters'],
    ['ACME STORE', 'capitals'],
    ['Acme  Store', 'one space'],
    [' Acme Store', 'start or end'],
    ['Acme 🚀 Store', 'emoji'],
    ['Acme™ Store', 'trademark'],
    ['Acme!! Store', 'two punctuation'],
    ['acme.com', 'web address'],
    ['joe@acme.co', 'email'],
    ['Acme WhatsApp', 'WhatsApp'],
    ['Acme Whats App', 'WhatsApp'],
    ['Acme Instagram Shop', "Meta's product names"],
    ['Official Acme Store', 'verification'],
    ['Acme Store 50% off', 'promotional'],
    ['Free Acme Delivery', 'promotional'],
    ['Acme Sale', 'promotional'],
    ['Acme # Store', 'symbols'],
  ])('refuses %s (%s)', (name, why) => {
    expect(checkDisplayName(name).errors.join(' ')).toContain(why);
  });

  it('warns, without blocking, about generic words, place names, person names and a mismatched website', () => {
    expect(checkDisplayName('Pizza')).toMatchObject({ errors: [], warnings: [expect.stringContaining('generic')] });
    expect(checkDisplayName('London')).toMatchObject({ errors: [], warnings: [expect.stringContaining('place name')] });
    expect(checkDisplayName('Ana Gomez')).toMatchObject({ errors: [], warnings: [expect.stringContaining("person's name")] });
    expect(checkDisplayName('Acme Store', ['https://globex.example']).warnings[0]).toContain("website's brand");
    expect(checkDisplayName('Acme Store', ['https://www.acme.example']).warnings).toEqual([]);
  });
});
