import { describe, expect, it } from 'vitest';
import { codeFromCall, digitRuns } from '../../src/senders/codes/spoken-code.js';

describe('reading the code from Meta’s call', () => {
  it('takes digits and number words alike, with double and triple', () => {
    expect(digitRuns('Your code is 4 8 1 5 5 2.')).toEqual(['481552']);
    expect(digitRuns('four eight one double five two')).toEqual(['481552']);
    expect(digitRuns('triple zero one oh 9')).toEqual(['000109']);
    expect(digitRuns('48 15 52 again 481552')).toEqual(['481552', '481552']);
  });

  it('is sure of a code only when read twice the same (Meta reads it, then repeats it)', () => {
    expect(codeFromCall({ speech: 'code 4 8 1 5 5 2. I repeat: four eight one double five two.' })).toEqual({ kind: 'code', code: '481552', readings: 2 });
    // The repeat run straight into the first reading.
    expect(codeFromCall({ speech: '481552481552' })).toEqual({ kind: 'code', code: '481552', readings: 2 });
  });

  it('is unsure of six digits heard once: any caller can say six digits', () => {
    expect(codeFromCall({ speech: 'Your WhatsApp code is four eight one double five two' })).toEqual({ kind: 'unsure', reason: 'heard_once' });
    expect(codeFromCall({ speech: '481552' })).toEqual({ kind: 'unsure', reason: 'heard_once' });
  });

  it('never takes keypad digits', () => {
    const keyed: { speech?: string } = JSON.parse('{"Digits":"481552"}');
    expect(codeFromCall(keyed)).toEqual({ kind: 'unsure', reason: 'nothing_heard' });
  });

  it('ignores short numbers that are not a reading', () => {
    expect(codeFromCall({ speech: 'your code is 4 8 1 5 5 2, again 4 8 1 5 5 2, press 1 to hear it again' })).toMatchObject({
      kind: 'code',
      code: '481552',
    });
  });

  it('is unsure when nothing was heard, fewer or more than six digits, or the readings differ', () => {
    expect(codeFromCall({})).toEqual({ kind: 'unsure', reason: 'nothing_heard' });
    expect(codeFromCall({ speech: '   ' })).toEqual({ kind: 'unsure', reason: 'nothing_heard' });
    expect(codeFromCall({ speech: 'hello this is what' })).toEqual({ kind: 'unsure', reason: 'not_six_digits' });
    expect(codeFromCall({ speech: 'four eight one five two' })).toEqual({ kind: 'unsure', reason: 'not_six_digits' });
    expect(codeFromCall({ speech: '4 8 1 5 5 2 7' })).toEqual({ kind: 'unsure', reason: 'not_six_digits' });
    expect(codeFromCall({ speech: '481552 again 481553' })).toEqual({ kind: 'unsure', reason: 'readings_disagree' });
    expect(codeFromCall({ speech: '481552 again 48155' })).toEqual({ kind: 'unsure', reason: 'readings_disagree' });
  });
});
