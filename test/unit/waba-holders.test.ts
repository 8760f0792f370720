import { describe, expect, it } from 'vitest';
import { holdersIn, wabasChanged } from '../../src/store/lowdb/waba-holders.js';

describe('the accounts holding a WABA on the data file', () => {
  it('finds the holders of the WABAs asked for, and sees a change once told of it', () => {
    const wabas: Record<string, string> = { AC1: '104001', AC2: '104002', AC3: '104001' };
    expect(holdersIn(wabas, ['104001', '104999'])).toEqual({ AC1: '104001', AC3: '104001' });
    wabas.AC4 = '104002';
    wabasChanged(wabas);
    expect(holdersIn(wabas, ['104002'])).toEqual({ AC2: '104002', AC4: '104002' });
    delete wabas.AC2;
    wabasChanged(wabas);
    expect(holdersIn(wabas, ['104002'])).toEqual({ AC4: '104002' });
  });

  it('refuses, under the tests, to answer from an index a change went past', () => {
    const wabas: Record<string, string> = { AC1: '104001' };
    holdersIn(wabas, ['104001']);
    wabas.AC2 = '104001';
    expect(() => holdersIn(wabas, ['104001'])).toThrow(/without wabasChanged/);
  });
});
