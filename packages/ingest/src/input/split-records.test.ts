import { describe, expect, it } from 'vitest';
import { garbageCollector } from '../testing/collect-garbage.js';
import { type InputItem, splitRecords } from './split-records.js';

/** The item without the column its text starts at (tested apart, in split-records.test.ts). */
function withoutColumn({ column: _column, ...item }: InputItem): InputItem {
  return item;
}

async function split(chunks: (string | Uint8Array)[], maxLength?: number): Promise<InputItem[]> {
  const out: InputItem[] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const item of splitRecords(source(), { bytes: 0 }, maxLength)) out.push(withoutColumn(item));
  return out;
}

/** `text` cut into pieces of `size` characters, as a stream of small chunks delivers it. */
const pieces = (text: string, size: number): string[] =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

const TOO_LONG = { text: '', unreadable: true, error: expect.stringContaining('longer than 40 characters') };

const bytes = (text: string) => new TextEncoder().encode(text);

describe('splitRecords: NDJSON', () => {
  it('numbers lines from 1, counts blank lines but gives no item for them, strips CR and a BOM', async () => {
    const items = await split([bytes('\uFEFF{"a":1}\r\n\r\n{"b":2}\n{"c":3}')]);
    expect(items).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 3, text: '{"b":2}' },
      { line: 4, text: '{"c":3}' },
    ]);
  });

  it('gives no item for blank lines after the last record, however the input is cut', async () => {
    const text = '{"a":1}\n\n\r\n  \n\t\r\n\n';
    for (const size of [1, 3, text.length])
      expect(await split(pieces(text, size))).toEqual([{ line: 1, text: '{"a":1}' }]);
  });

  it('joins lines and multi-byte characters cut across chunks', async () => {
    const all = bytes('{"q":"Khorog — Хорог"}\n{"q":"x"}\n');
    const items = await split([all.slice(0, 9), all.slice(9, 10), all.slice(10, 30), all.slice(30)]);
    expect(items.map((i) => i.text)).toEqual(['{"q":"Khorog — Хорог"}', '{"q":"x"}']);
  });

  it('reads a 5 MB line whole', async () => {
    const long = `{"quote":"${'x'.repeat(5 * 1024 * 1024)}"}`;
    const encoded = bytes(`{"a":1}\n${long}\n{"b":2}\n`);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < encoded.length; i += 65536) chunks.push(encoded.slice(i, i + 65536));
    const items = await split(chunks);
    expect(items.map((i) => i.text.length)).toEqual([7, long.length, 7]);
    expect(items[1]?.line).toBe(2);
  });
});

describe('splitRecords: records past the length limit', () => {
  const exactly40 = `{"q":"${'x'.repeat(32)}"}`;
  const over40 = `{"q":"${'x'.repeat(33)}"}`;

  it('NDJSON: a line of the limit is read, a longer one is an error at its line, and reading goes on', async () => {
    expect(exactly40).toHaveLength(40);
    const text = `${exactly40}\n${over40}\r\n{"b":2}\n${'y'.repeat(500)}\n\n{"c":3}\n${over40}`;
    for (const size of [1, 7, 64, text.length]) {
      const items = await split(pieces(text, size), 40);
      expect(items).toEqual([
        { line: 1, text: exactly40 },
        { line: 2, ...TOO_LONG },
        { line: 3, text: '{"b":2}' },
        { line: 4, ...TOO_LONG },
        { line: 6, text: '{"c":3}' },
        { line: 7, ...TOO_LONG }, // the last line, with no line break after it
      ]);
    }
  });

  it('JSON array: an element past the limit is an error at the line it starts on', async () => {
    const text = `[\n${exactly40},\n${over40},\n{"b":"${'z'.repeat(300)}"}, {"c":3},\n"${'s'.repeat(45)}"]`;
    for (const size of [1, 5, 64, text.length]) {
      const items = await split(pieces(text, size), 40);
      expect(items).toEqual([
        { line: 2, text: exactly40 },
        { line: 3, ...TOO_LONG },
        { line: 4, ...TOO_LONG },
        { line: 4, text: '{"c":3}' },
        { line: 5, ...TOO_LONG },
      ]);
    }
  });

  it('counts characters (code points), as the docs say: an emoji is one, and a line break\'s "\\r" none', async () => {
    // 40 characters in 72 UTF-16 units, and one character more.
    const emoji40 = `{"q":"${'😀'.repeat(32)}"}`;
    const emoji41 = `{"q":"${'😀'.repeat(33)}"}`;
    const ndjson = `${emoji40}\r\n${emoji41}\n${exactly40}\r\n${over40}\r\n${exactly40}\r`;
    const array = `[\n${emoji40},\n${emoji41},\n${exactly40}\r\n]`;
    // String pieces of 1 cut each emoji in two; the bytes are whole chunks of UTF-8.
    for (const chunks of [...[1, 7, 64].map((size) => pieces(ndjson, size)), [bytes(ndjson)]])
      expect(await split(chunks, 40)).toEqual([
        { line: 1, text: emoji40 },
        { line: 2, ...TOO_LONG },
        { line: 3, text: exactly40 },
        { line: 4, ...TOO_LONG },
        { line: 5, text: exactly40 },
      ]);
    for (const chunks of [...[1, 7, 64].map((size) => pieces(array, size)), [bytes(array)]])
      expect(await split(chunks, 40)).toEqual([
        { line: 2, text: emoji40 },
        { line: 3, ...TOO_LONG },
        { line: 4, text: exactly40 },
      ]);
  });

  it('reads a line of 9,000,000 emoji whole: 18 million UTF-16 units, but under the limit in characters', async () => {
    const line = `{"q":"${'😀'.repeat(9_000_000)}"}`;
    const encoded = Buffer.from(`${line}\n{"b":2}\n`);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < encoded.length; i += 1 << 20) chunks.push(encoded.subarray(i, i + (1 << 20)));
    const items = await split(chunks);
    expect(items.map((i) => [i.line, i.error, i.text.length])).toEqual([
      [1, undefined, line.length],
      [2, undefined, 7],
    ]);
  });

  it('JSON array: a bare value past the limit at the end of an unclosed array is still reported', async () => {
    const items = await split(['[1, ', '2'.repeat(60)], 40);
    expect(items).toEqual([
      { line: 1, text: '1' },
      { line: 1, ...TOO_LONG },
      { line: 1, text: '', error: expect.stringContaining('not closed') },
    ]);
  });
});

describe('splitRecords: memory with a record past the limit', () => {
  // A collector to call, so the heap measured holds only what the splitter keeps.
  const gc = garbageCollector();
  const MB = 1 << 20;

  for (const [format, open, close] of [
    ['NDJSON', '{"q":"', '"}\n{"b":2}\n'],
    ['JSON array', '[{"q":"', '"}, {"b":2}]'],
  ] as const) {
    it(`${format}: drops the text of a 96 MB record as it arrives`, async () => {
      gc();
      const base = process.memoryUsage().heapUsed;
      let grown = 0;
      async function* source() {
        yield open;
        for (let i = 0; i < 96; i++) {
          // A new 1 MB string each time: text kept by the splitter would stay on the heap.
          yield String.fromCharCode(97 + (i % 26)).repeat(MB);
          if (i % 16 === 15) {
            gc();
            grown = Math.max(grown, process.memoryUsage().heapUsed - base);
          }
        }
        yield close;
      }
      const items: InputItem[] = [];
      for await (const item of splitRecords(source(), { bytes: 0 }, MB)) items.push(withoutColumn(item));
      expect(items).toEqual([
        {
          line: 1,
          text: '',
          unreadable: true,
          error: expect.stringContaining('longer than 1,048,576 characters'),
        },
        { line: format === 'NDJSON' ? 2 : 1, text: '{"b":2}' },
      ]);
      expect(grown).toBeLessThan(24 * MB);
    });
  }
});

describe('splitRecords: records written one after another (jq .)', () => {
  const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const pieces = (text: string, size: number) =>
    Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

  it('reads each pretty-printed record, at the line it starts on, however the input is cut', async () => {
    const a = { id: 'a', quote: 'a "quoted" } brace', via: [{ name: 'X' }] };
    const b = { id: 'b', nested: { deeper: [1, 2] } };
    const text = `\n${pretty(a)}${pretty(b)}\n`;
    for (const size of [1, 3, 64, text.length]) {
      const items = await split(pieces(text, size));
      expect(
        items.map((item) => [item.line, item.error === undefined ? JSON.parse(item.text) : item.error]),
      ).toEqual([
        [2, a],
        [11, b],
      ]);
      expect(items[0]).toMatchObject({ endLine: 10 });
    }
  });

  it('gives the line a record ends on when it is too long, or holds bytes that are not UTF-8', async () => {
    expect(await split([`{\n  "q": "${'x'.repeat(64)}"\n}\n`], 40)).toEqual([
      { line: 1, endLine: 3, ...TOO_LONG },
    ]);
    const text = bytes('{\n  "q": "@"\n}\n');
    text[text.indexOf(64)] = 0x92;
    expect(await split([text])).toEqual([
      { line: 1, endLine: 3, text: '', unreadable: true, error: expect.stringContaining('byte 0x92') },
    ]);
  });

  it('says what is wrong with a comma between records, and with a last record left open', async () => {
    const comma = await split([`{\n  "a": 1\n},\n{\n  "b": 2\n}\n`]);
    expect(comma).toEqual([
      { line: 1, text: '{\n  "a": 1\n}', endLine: 3 },
      { line: 3, text: '', error: expect.stringContaining('unexpected "," between records') },
    ]);
    const open = await split([`{\n  "a": 1\n}\n{\n  "b": 2\n`]);
    expect(open).toEqual([
      { line: 1, text: '{\n  "a": 1\n}', endLine: 3 },
      // Its text as far as it goes, for the rejects file; an unreadable record counts as one.
      { line: 4, text: '{\n  "b": 2', error: 'the last record is not closed', unreadable: true, endLine: 5 },
    ]);
  });

  it('keeps NDJSON whose first line holds a whole record, or a brace with more after it', async () => {
    expect(await split(['{"a":1}\n{"b":2}\n'])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
    ]);
    expect((await split(['{ "a":\n1}\n']))[0]).toEqual({ line: 1, text: '{ "a":' });
  });
});

describe('splitRecords: JSON array', () => {
  it('gives the column an element starts at, in characters, when it is not the first of its line', async () => {
    const items: InputItem[] = [];
    async function* source() {
      yield* pieces('[{"a":"😀"}, {"b":2},\n  {"c":3}]', 3);
    }
    for await (const item of splitRecords(source())) items.push(item);
    expect(items.map((i) => [i.line, i.column])).toEqual([
      [1, 2],
      [1, 13],
      [2, 3],
    ]);
  });

  it('yields each element with the line it starts on', async () => {
    const items = await split(['\uFEFF [\n  {"a": "x,]}"},\n  {"b": [1, {"c": 2}]},\n  "s", 42\n]\n']);
    expect(items).toEqual([
      { line: 2, text: '{"a": "x,]}"}' },
      { line: 3, text: '{"b": [1, {"c": 2}]}' },
      { line: 4, text: '"s"' },
      { line: 4, text: '42' },
    ]);
  });

  it('handles escapes and elements cut across chunks', async () => {
    const text = '[{"q":"a \\"quoted\\" ] word"},{"r":1}]';
    const items = await split(text.split(''));
    expect(items.map((i) => JSON.parse(i.text))).toEqual([{ q: 'a "quoted" ] word' }, { r: 1 }]);
  });

  it('reads an empty array as nothing and reports an unclosed one', async () => {
    expect(await split(['[ ]'])).toEqual([]);
    const items = await split(['[{"a":1},\n{"b":2}']);
    expect(items.at(-1)).toMatchObject({ error: expect.stringContaining('not closed') });
    expect(items.filter((i) => i.error === undefined).map((i) => i.text)).toEqual(['{"a":1}', '{"b":2}']);
    // Cut inside a record that spans lines: named at the line where that record starts.
    const cut = await split(['[{"a":1},\n{\n  "b": 2,\n', '  "c": "an unfinished']);
    expect(cut).toEqual([
      { line: 1, text: '{"a":1}' },
      {
        line: 2,
        text: '{\n  "b": 2,\n  "c": "an unfinished',
        unreadable: true,
        endLine: 4,
        error:
          'the input ends inside the record that starts on this line: neither it nor the array is closed',
      },
    ]);
  });
});

describe('splitRecords: every byte reaches a splitter, however the input is cut', () => {
  /** The ways to cut `all` into chunks: a byte at a time, in two at every byte, in three at every pair. */
  function* cuttings(all: Uint8Array): Generator<Uint8Array[]> {
    yield [all];
    yield Array.from(all, (b) => Uint8Array.of(b));
    for (let i = 1; i < all.length; i++) {
      yield [all.slice(0, i), all.slice(i)];
      for (let j = i + 1; j < all.length; j++) yield [all.slice(0, i), all.slice(i, j), all.slice(j)];
    }
  }

  const cases: [string, string, InputItem[]][] = [
    ['NDJSON: one record, no final line break', '{"a":"Хорог"}', [{ line: 1, text: '{"a":"Хорог"}' }]],
    ['NDJSON: one broken record', '{"broken', [{ line: 1, text: '{"broken' }]],
    ['NDJSON: a BOM, then one record', '\uFEFF{"a":1}', [{ line: 1, text: '{"a":1}' }]],
    ['NDJSON: blank lines, then one record', '\n\r\n  \n{"a":1}', [{ line: 4, text: '{"a":1}' }]],
    [
      'NDJSON: two records',
      '{"a":1}\r\n{"b":2}',
      [
        { line: 1, text: '{"a":1}' },
        { line: 2, text: '{"b":2}' },
      ],
    ],
    ['JSON array', ' [{"a":"x,]}"}]', [{ line: 1, text: '{"a":"x,]}"}' }]],
    [
      'JSON array cut inside its one record',
      '[{"id":"Хорог"',
      [
        {
          line: 1,
          text: '{"id":"Хорог"',
          unreadable: true,
          error: expect.stringContaining('neither it nor'),
        },
      ],
    ],
    [
      'pretty-printed, only an opening brace',
      '\n{',
      [{ line: 2, text: '{', unreadable: true, error: 'the last record is not closed' }],
    ],
    [
      'pretty-printed, the last record cut',
      '{\n  "a": 1\n}\n{\n  "b": "x\\"}',
      [
        { line: 1, text: '{\n  "a": 1\n}', endLine: 3 },
        {
          line: 4,
          text: '{\n  "b": "x\\"}',
          endLine: 5,
          unreadable: true,
          error: 'the last record is not closed',
        },
      ],
    ],
    [
      'JSON array over lines',
      '[\n{"a":1},\n{"b":2}\n]',
      [
        { line: 2, text: '{"a":1}' },
        { line: 3, text: '{"b":2}' },
      ],
    ],
    [
      'pretty-printed, one record',
      '{\n  "a": "Хорог"\n}',
      [{ line: 1, text: '{\n  "a": "Хорог"\n}', endLine: 3 }],
    ],
    [
      'pretty-printed, two records',
      '\n{\n  "a": 1\n}\n{\n  "b": 2\n}',
      [
        { line: 2, text: '{\n  "a": 1\n}', endLine: 4 },
        { line: 5, text: '{\n  "b": 2\n}', endLine: 7 },
      ],
    ],
  ];
  for (const [name, text, expected] of cases) {
    it(name, async () => {
      for (const chunks of cuttings(bytes(text))) expect(await split(chunks)).toEqual(expected);
    });
  }

  it('reads nothing from an input of blank lines alone', async () => {
    for (const chunks of cuttings(bytes('\n \r\n\t'))) expect(await split(chunks)).toEqual([]);
  });
});

describe('splitRecords: a record the input ends inside of', () => {
  it('is given with its text, unless that text cannot be copied: past the limit, or not UTF-8', async () => {
    expect(await split(['{\n  "q": "', 'x'.repeat(50)], 40)).toEqual([{ line: 1, endLine: 2, ...TOO_LONG }]);
    expect(await split([bytes('[{"q":"the embassy'), Uint8Array.of(0x92), bytes('s')])).toEqual([
      {
        line: 1,
        text: '',
        unreadable: true,
        error: expect.stringMatching(
          /^the input ends inside the record .*; and the text is not UTF-8: byte 0x92 .* not copied to the rejects file/,
        ),
      },
    ]);
  });
});

describe('splitRecords: the bytes counted for progress', () => {
  /** The counter as each item is given out, and at the end. */
  async function counted(chunks: (string | Uint8Array)[]): Promise<{ at: number[]; end: number }> {
    const counter = { bytes: 0 };
    async function* source() {
      yield* chunks;
    }
    const at: number[] = [];
    for await (const _ of splitRecords(source(), counter)) at.push(counter.bytes);
    return { at, end: counter.bytes };
  }

  it('are those of the records given out, up to the end of the last, not of the input read ahead', async () => {
    const ndjson = '{"a":1}\n\n{"b":22}\r\n{"c":333}\n';
    expect(await counted([bytes(ndjson)])).toEqual({ at: [8, 19, 29], end: 29 });
    const array = '[{"a":1},\n 42, {"b":[2]}]\n';
    expect(await counted([bytes(array)])).toEqual({ at: [8, 13, 24], end: 26 });
    const pretty = '{\n  "a": 1\n}\n{\n  "b": 2\n}\n';
    expect(await counted([bytes(pretty)])).toEqual({ at: [12, 25], end: 26 });
  });

  it('never pass the input read, and grow as records are given out, however the input is cut', async () => {
    const text = Array.from({ length: 40 }, (_, i) => `{"q":"Хорог ${i}"}`).join('\n');
    const all = bytes(text);
    for (const size of [1, 7, 100, 1000]) {
      const chunks = Array.from({ length: Math.ceil(all.length / size) }, (_, i) =>
        all.slice(i * size, (i + 1) * size),
      );
      const { at, end } = await counted(chunks);
      expect(at).toHaveLength(40);
      expect(at).toEqual([...at].sort((a, b) => a - b));
      expect(at[19]!).toBeLessThan(all.length * 0.6);
      expect(end).toBe(all.length);
    }
  });

  it('count a last record with no line break after it, in a chunk too short to tell the layout by', async () => {
    expect(await counted([bytes('{"a":1}')])).toEqual({ at: [7], end: 7 });
  });
});

describe('splitRecords: the layout, in chunks of bytes and of text', () => {
  it('refuses a short PDF whole, giving nothing of its text as a record', async () => {
    // Under 16 bytes: the input ends before the bytes that tell every refused format have come.
    expect(await split([bytes('%PDF-1.4\n')])).toEqual([
      { line: 1, text: '', unreadable: true, error: expect.stringContaining('the file is a PDF') },
    ]);
  });

  it('keeps the bytes held back to tell the layout by when text chunks follow them', async () => {
    expect(await split([bytes('{"a'), '":1}\n'])).toEqual([{ line: 1, text: '{"a":1}' }]);
  });

  it('NDJSON: counts a surrogate pair cut between two text chunks as one character against the limit', async () => {
    // "a😀bc" is 4 characters, 5 UTF-16 units, its emoji's halves in two chunks.
    expect(await split(['a\ud83d', '\ude00b', 'c\n'], 4)).toEqual([{ line: 1, text: 'a\ud83d\ude00bc' }]);
  });

  it('JSON array: a "}" with nothing open is part of a bare element, which the "]" after it ends', async () => {
    expect(await split(['[1}]'])).toEqual([{ line: 1, text: '1}' }]);
  });

  it('JSON array: a tab is white space before the array and between its elements', async () => {
    expect(await split(['\t[{"a":1}]'])).toEqual([{ line: 1, text: '{"a":1}' }]);
    expect(await split(['[{"a":1}\t]'])).toEqual([{ line: 1, text: '{"a":1}' }]);
    expect(await split(['[\t{"a":1}\t,\t{"b":2}\t]\t\n'])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 1, text: '{"b":2}' },
    ]);
  });

  it('records one after another: a last one that ends inside a string is not closed', async () => {
    expect(await split(['{\n"a":1\n}\n"abc'])).toEqual([
      { line: 1, text: '{\n"a":1\n}', endLine: 3 },
      { line: 4, text: '"abc', error: 'the last record is not closed', unreadable: true },
    ]);
  });

  it('records one after another: a "]" between them is unexpected, at its line, as a "," is', async () => {
    expect(await split(['{\n"a":1\n}\n]\n{\n"b":2\n}\n'])).toEqual([
      { line: 1, text: '{\n"a":1\n}', endLine: 3 },
      { line: 4, text: '', error: expect.stringContaining('unexpected "]" between records') },
    ]);
  });
});
