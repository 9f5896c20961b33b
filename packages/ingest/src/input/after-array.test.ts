// What follows a JSON array's closing "]" is no record of it, and is not dropped either: each line
// is rejected and given with its text for the rejects file. A comma before the "]" is rejected too.
import { describe, expect, it } from 'vitest';
import { type InputItem, splitRecords } from './split-records.js';

/** The item without the column its text starts at (tested apart, in split-records.test.ts). */
function withoutColumn({ column: _column, ...item }: InputItem): InputItem {
  return item;
}

async function split(chunks: string[], maxLength?: number): Promise<InputItem[]> {
  const out: InputItem[] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const item of splitRecords(source(), { bytes: 0 }, maxLength)) out.push(withoutColumn(item));
  return out;
}

const AFTER = {
  unreadable: true as const,
  error: expect.stringMatching(/^this line comes after the closing "\]"/),
};

describe('splitRecords: after a JSON array', () => {
  const input = '[{"a":1},\n{"b":2}] {"c":3}\n\n{"d":4}\n  [\n  {"e": 5}\n]\nnot json';
  const expected: InputItem[] = [
    { line: 1, text: '{"a":1}' },
    { line: 2, text: '{"b":2}' },
    { line: 2, text: '{"c":3}', ...AFTER },
    { line: 4, text: '{"d":4}', ...AFTER },
    { line: 5, text: '[', ...AFTER },
    { line: 6, text: '{"e": 5}', ...AFTER },
    { line: 7, text: ']', ...AFTER },
    { line: 8, text: 'not json', ...AFTER },
  ];

  it('gives every line that is not blank, with its text, as rejected', async () => {
    expect(await split([input])).toEqual(expected);
    expect(await split([`${input}\n`])).toEqual(expected);
  });

  it('does so however the input is cut into chunks', async () => {
    for (let size = 1; size <= 7; size++) {
      const chunks = Array.from({ length: Math.ceil(input.length / size) }, (_, i) =>
        input.slice(i * size, (i + 1) * size),
      );
      expect(await split(chunks)).toEqual(expected);
    }
  });

  it('gives a line after it past the length limit as too long, without its text', async () => {
    const items = await split(['[{"a":1}]\n', 'x'.repeat(30), 'x'.repeat(30), '\n{"b":2}'], 40);
    expect(items.slice(1)).toEqual([
      {
        line: 2,
        text: '',
        unreadable: true as const,
        error: expect.stringContaining('longer than 40 characters'),
      },
      { line: 3, text: '{"b":2}', ...AFTER },
    ]);
  });
});

describe('splitRecords: a comma before the closing "]"', () => {
  const COMMA = { text: '', error: expect.stringMatching(/^a "," after the last element of the array/) };

  it('is rejected at its line, the elements before it read', async () => {
    expect(await split(['[\n{"a":1},\n{"b":2},\n]\n'])).toEqual([
      { line: 2, text: '{"a":1}' },
      { line: 3, text: '{"b":2}' },
      { line: 3, ...COMMA },
    ]);
    expect(await split(['[1, 2 ,]'])).toEqual([
      { line: 1, text: '1' },
      { line: 1, text: '2' },
      { line: 1, ...COMMA },
    ]);
  });

  it('leaves an empty array and one without it alone', async () => {
    expect(await split(['[ ]'])).toEqual([]);
    expect(await split(['[{"a":1} ,\n {"b":2}\n]'])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
    ]);
  });
});
