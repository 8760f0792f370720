/** What the bot made of Meta's call: a code it is sure of, or why it is not. */
export type HeardCode =
  | { kind: 'code'; code: string; readings: number }
  | { kind: 'unsure'; reason: 'nothing_heard' | 'not_six_digits' | 'readings_disagree' | 'heard_once' };

const WORDS: Record<string, string> = {
  zero: '0',
  oh: '0',
  o: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};
const REPEATS: Record<string, number> = { double: 2, triple: 3 };

const CODE_LENGTH = 6;
/** Shorter runs of digits are other numbers in the call ("press 1"), not a reading of the code. */
const SHORTEST_READING = 4;

/**
 * The runs of digits in a transcript, as said: digits ("481552", "4 8 1"), number words
 * ("four eight one"), "double five" and "triple five". Any other word ends a run.
 */
export function digitRuns(transcript: string): string[] {
  const runs: string[] = [];
  let run = '';
  let repeat = 1;
  const end = () => {
    if (run) runs.push(run);
    run = '';
    repeat = 1;
  };
  for (const token of transcript
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)) {
    const digits = /^\d+$/.test(token) ? token : WORDS[token];
    if (digits !== undefined) {
      // "double 55" is not a way to say a code: a repeat stands before one digit.
      if (repeat > 1 && digits.length !== 1) end();
      run += digits.repeat(repeat);
      repeat = 1;
    } else if (REPEATS[token]) {
      if (repeat > 1) end();
      repeat = REPEATS[token];
    } else end();
  }
  end();
  return runs;
}

/** Meta reads the code and then repeats it: a code heard once could be anything said on any call. */
const READINGS_NEEDED = 2;

/**
 * The code in what was heard on Meta's call, only when there is no doubt: six digits read aloud
 * at least twice (Meta's reading and its repeat), every reading the same. The keypad is never
 * listened to: Meta speaks the code, and keys are what any caller can press.
 */
export function codeFromCall(heard: { speech?: string }): HeardCode {
  const runs = digitRuns(heard.speech ?? '').filter((run) => run.length >= SHORTEST_READING);
  if (runs.length === 0) return { kind: 'unsure', reason: heard.speech?.trim() ? 'not_six_digits' : 'nothing_heard' };
  const readings: string[] = [];
  for (const run of runs) {
    // Meta's reading and its repeat may run together: 12 digits are two readings.
    if (run.length % CODE_LENGTH !== 0) return { kind: 'unsure', reason: runs.length > 1 ? 'readings_disagree' : 'not_six_digits' };
    for (let at = 0; at < run.length; at += CODE_LENGTH) readings.push(run.slice(at, at + CODE_LENGTH));
  }
  const [first] = readings as [string];
  if (readings.some((reading) => reading !== first)) return { kind: 'unsure', reason: 'readings_disagree' };
  if (readings.length < READINGS_NEEDED) return { kind: 'unsure', reason: 'heard_once' };
  return { kind: 'code', code: first, readings: readings.length };
}
