import { describe, expect, it } from 'vitest';
import { parseCommand, tokenize } from '../../src/commands/parse.js';

const SID = `AC${'ab'.repeat(16)}`;

describe('slash command text', () => {
  it('keeps quoted words together, also with Slack curly quotes', () => {
    expect(tokenize('customer add "Acme Corp" x')).toEqual(['customer', 'add', 'Acme Corp', 'x']);
    expect(tokenize('customer add “Acme Corp”')).toEqual(['customer', 'add', 'Acme Corp']);
  });
  it('parses each subcommand', () => {
    expect(parseCommand('', '/senders')).toEqual({ name: 'help' });
    expect(parseCommand('REGISTER', '/senders')).toEqual({ name: 'register' });
    expect(parseCommand('status +1 415 555 0100', '/senders')).toEqual({ name: 'status', target: '+1 415 555 0100' });
    expect(parseCommand('list', '/senders')).toEqual({ name: 'list', filter: {} });
    expect(parseCommand('customers', '/senders')).toEqual({ name: 'customers' });
    expect(parseCommand(`customer add Acme Corp ${SID}`, '/senders')).toEqual({ name: 'customer_add', customerName: 'Acme Corp', accountSid: SID });
    expect(parseCommand('customer add "Acme Corp"', '/senders')).toEqual({ name: 'customer_add', customerName: 'Acme Corp', accountSid: undefined });
  });
  it('explains what is wrong, naming the configured command', () => {
    expect(parseCommand('status', '/wa')).toMatchObject({ name: 'invalid', message: expect.stringContaining('/wa status') });
    expect(parseCommand('customer remove x', '/senders')).toMatchObject({ name: 'invalid' });
    expect(parseCommand('customer add', '/senders')).toMatchObject({ name: 'invalid', message: expect.stringContaining('name') });
    expect(parseCommand('customer add X AC12', '/senders')).toMatchObject({ name: 'invalid', message: expect.stringContaining('not an account SID') });
    expect(parseCommand(`customer add ${'n'.repeat(70)}`, '/senders')).toMatchObject({ name: 'invalid' });
    expect(parseCommand('dance', '/senders')).toMatchObject({ name: 'invalid', message: expect.stringContaining('/senders help') });
  });

  it('profile: a number (with spaces) or an XE sid; without one, says what to type', () => {
    expect(parseCommand('profile +1 415 555 0100', '/senders')).toEqual({ name: 'profile', target: '+1 415 555 0100' });
    expect(parseCommand(`profile XE${'a'.repeat(32)}`, '/senders')).toEqual({ name: 'profile', target: `XE${'a'.repeat(32)}` });
    expect(parseCommand('profile', '/senders')).toMatchObject({ name: 'invalid', message: expect.stringContaining('/senders profile +14155550100') });
  });

  it('rename: a number (with spaces) or an XE sid, then the rest of the line is the name, quotes optional', () => {
    expect(parseCommand('rename +1 415 555 0100 Acme Market', '/senders')).toEqual({ name: 'rename', target: '+1 415 555 0100', newName: 'Acme Market' });
    expect(parseCommand('rename +14155550100 "24 Hour Fitness"', '/senders')).toEqual({ name: 'rename', target: '+14155550100', newName: '"24 Hour Fitness"' });
    const sid = `XE${'a'.repeat(32)}`;
    expect(parseCommand(`rename ${sid} Acme`, '/senders')).toEqual({ name: 'rename', target: sid, newName: 'Acme' });
    expect(parseCommand('rename +14155550100', '/senders')).toMatchObject({
      name: 'invalid',
      message: expect.stringContaining('rename +14155550100 Acme Market'),
    });
  });

  it('list filters: customer (quoted when it has spaces) and status, in any order; help with a topic', () => {
    expect(parseCommand('list customer:Acme status:offline', '/senders')).toEqual({ name: 'list', filter: { customer: 'Acme', status: 'offline' } });
    expect(parseCommand('LIST status:Pending customer:“Acme Corp”', '/senders')).toEqual({
      name: 'list',
      filter: { customer: 'Acme Corp', status: 'Pending' },
    });
    expect(parseCommand('list status:sleepy', '/wa')).toMatchObject({ name: 'invalid', message: expect.stringContaining('offline') });
    expect(parseCommand('list Acme', '/wa')).toMatchObject({ name: 'invalid', message: expect.stringContaining('/wa list customer:') });
    expect(parseCommand('list customer:', '/wa')).toMatchObject({ name: 'invalid', message: expect.stringContaining('Say which customer') });
    expect(parseCommand('help bulk', '/senders')).toEqual({ name: 'help', topic: 'bulk' });
  });

  it('bulk update and its run controls, apart from the registration run’s', () => {
    expect(parseCommand('bulk update', '/senders')).toEqual({ name: 'bulk_update' });
    expect(parseCommand('bulk update status', '/senders')).toEqual({ name: 'bulk_update_status' });
    expect(parseCommand('bulk update Pause', '/senders')).toEqual({ name: 'bulk_update_control', control: 'pause' });
    expect(parseCommand('bulk pause', '/senders')).toEqual({ name: 'bulk_control', control: 'pause' });
    expect(parseCommand('bulk update later', '/wa')).toMatchObject({ name: 'invalid', message: expect.stringContaining('/wa bulk update status | pause') });
    expect(parseCommand('bulk later', '/wa')).toMatchObject({ name: 'invalid', message: expect.stringContaining('/wa bulk update') });
  });
});
