// Bytes that are not UTF-8 reject the record they sit in, by its line, wherever chunks cut the
// input; valid text in any script, cut anywhere, is read as it is.
import { isUtf8 } from 'node:buffer';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type InputItem, splitRecords } from './split-records.js';
import { firstInvalid, Utf8Lines } from './utf8-lines.js';

/** The item without the column its text starts at (tested apart, in split-records.test.ts). */
function withoutColumn({ column: _column, ...item }: InputItem): InputItem {
  return item;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const join = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

/** Splits `bytes` delivered in chunks of `size` bytes. */
async function split(bytes: Uint8Array, size: number): Promise<InputItem[]> {
  async function* source() {
    for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
  }
  const out: InputItem[] = [];
  for await (const item of splitRecords(source())) out.push(withoutColumn(item));
  return out;
}

const SIZES = [1, 2, 3, 5, 64, 100_000];
/** The error item for a record at `line` whose first bad byte is the `at`-th of line `byteLine`. */
const bad = (line: number, byte: string, at: number, byteLine = line) => ({
  line,
  text: '',
  unreadable: true,
  error: expect.stringContaining(`byte ${byte} (byte ${at} of line ${byteLine}) `),
});

describe('splitRecords: bytes that are not UTF-8', () => {
  it('NDJSON: a Windows-1252 quote rejects its line; text in other scripts, cut anywhere, is kept', async () => {
    const lines = [
      utf8('{"q":"Khorog — Хорог, 🏛️ é"}'),
      join(utf8('{"q":"the embassy'), Uint8Array.of(0x92), utf8('s statement"}')), // cp1252 apostrophe
      utf8('{"q":"a real \uFFFD stays"}'),
      join(utf8('{"q":"'), Uint8Array.of(0xe9, 0x92), utf8('"}')), // two bad bytes: one report
      utf8(''),
      utf8('{"q":"after"}'),
    ];
    const input = join(...lines.flatMap((line) => [line, Uint8Array.of(0x0a)]));
    for (const size of SIZES) {
      expect(await split(input, size)).toEqual([
        { line: 1, text: '{"q":"Khorog — Хорог, 🏛️ é"}' },
        bad(2, '0x92', 18),
        { line: 3, text: '{"q":"a real \uFFFD stays"}' },
        bad(4, '0xE9', 7),
        { line: 6, text: '{"q":"after"}' },
      ]);
    }
  });

  it('refuses overlong forms, surrogates, code points past U+10FFFF and a character cut by the end', async () => {
    const cases: [number[], string][] = [
      [[0xc0, 0xaf], '0xC0'], // "/" in two bytes
      [[0xe0, 0x80, 0xaf], '0xE0'], // overlong, three bytes
      [[0xed, 0xa0, 0x80], '0xED'], // U+D800, a surrogate
      [[0xf4, 0x90, 0x80, 0x80], '0xF4'], // U+110000
      [[0xf8, 0x88, 0x80, 0x80, 0x80], '0xF8'], // five bytes
      [[0xbf], '0xBF'], // a lone continuation byte
    ];
    for (const [bytes, first] of cases) {
      const input = join(utf8('{"a":1}\n"'), Uint8Array.of(...bytes), utf8('"\n{"b":2}\n'));
      for (const size of SIZES) {
        expect(await split(input, size)).toEqual([
          { line: 1, text: '{"a":1}' },
          bad(2, first, 2),
          { line: 3, text: '{"b":2}' },
        ]);
      }
    }
    // The last line ends two bytes into a three-byte character ("€" is E2 82 AC), with no line break.
    for (const size of SIZES) {
      const cut = join(utf8('{"a":1}\n"'), Uint8Array.of(0xe2, 0x82));
      const items = await split(cut, size);
      expect(items).toEqual([{ line: 1, text: '{"a":1}' }, bad(2, '0xE2', 2)]);
      expect(items[1]?.error).toContain('begins a character that the input ends before finishing');
    }
  });

  it('JSON array: an element with a bad byte on any of its lines is rejected at the line it starts on', async () => {
    const input = join(
      utf8('[\n  {"a": 1},\n  {\n    "q": "it'),
      Uint8Array.of(0x92),
      utf8('s"\n  },\n  {"b": 2}\n]\n'),
    );
    for (const size of SIZES) {
      expect(await split(input, size)).toEqual([
        { line: 2, text: '{"a": 1}' },
        { ...bad(3, '0x92', 13, 4), endLine: 5 },
        { line: 6, text: '{"b": 2}' },
      ]);
    }
  });
});

describe('splitRecords: a file in UTF-16 or UTF-32, or no text at all', () => {
  const text = '{"a":1}\r\n{"b":2}\r\n';
  const encoded: [string, Uint8Array][] = [
    ['UTF-16 (little-endian)', join(Uint8Array.of(0xff, 0xfe), Buffer.from(text, 'utf16le'))],
    ['UTF-16 (little-endian)', Uint8Array.from(Buffer.from(text, 'utf16le'))], // no byte order mark
    ['UTF-16 (big-endian)', join(Uint8Array.of(0xfe, 0xff), Buffer.from(text, 'utf16le').swap16())],
    ['UTF-16 (big-endian)', Uint8Array.from(Buffer.from(`[${text}]`, 'utf16le').swap16())],
    ['UTF-32 (little-endian)', Uint8Array.of(0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0)],
    ['UTF-32 (big-endian)', Uint8Array.of(0, 0, 0xfe, 0xff, 0, 0, 0, 0x7b)],
  ];

  it('is refused as a whole, naming its encoding, however it is cut', async () => {
    for (const [encoding, bytes] of encoded) {
      for (const size of [1, 3, 64]) {
        expect(await split(bytes, size)).toEqual([
          {
            line: 1,
            text: '',
            unreadable: true,
            error: expect.stringContaining(`the file is ${encoding}, and kb reads UTF-8`),
          },
        ]);
      }
    }
  });

  it('refuses a compressed file, an archive, a database or a PDF as a whole, saying what it is', async () => {
    const records = Buffer.from('{"a":1}\n{"b":2}\n');
    const packed: [string, Uint8Array][] = [
      ['gzip-compressed, not claim records', gzipSync(records)],
      ['bzip2-compressed', Buffer.from('BZh91AY&SY...')],
      ['xz-compressed', Uint8Array.of(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 4, 0xe6, 0xd6)],
      ['zstd-compressed', Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x10, 0x81, 0, 0)],
      ['a ZIP archive', Buffer.from('PK\u0003\u0004\u0014\u0000\u0000\u0000records.ndjson')],
      ['a SQLite database', Buffer.from('SQLite format 3\u0000\u0010\u0000\u0002\u0002')],
      ['a PDF', Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj')],
    ];
    for (const [what, bytes] of packed) {
      for (const size of [1, 5, 64]) {
        const items = await split(bytes, size);
        expect(items, `${what}, chunks of ${size}`).toEqual([
          { line: 1, text: '', unreadable: true, error: expect.stringContaining(`the file is ${what}`) },
        ]);
        expect(items[0]?.error).toContain('nothing of it was read');
      }
    }
    expect((await split(gzipSync(records), 64))[0]?.error).toContain('gunzip -c FILE.gz | kb ingest -');
  });

  it('leaves UTF-8 alone, a BOM, a short file and text chunks included', async () => {
    for (const input of ['\uFEFF{"a":1}\n', '{}', '1', '[]']) {
      for (const size of [1, 2, 64]) {
        const items = await split(utf8(input), size);
        expect(items.every((item) => item.error === undefined)).toBe(true);
      }
    }
    const out: InputItem[] = [];
    async function* strings() {
      yield '{';
      yield '"a":1}\n';
    }
    for await (const item of splitRecords(strings())) out.push(item);
    expect(out).toEqual([{ line: 1, text: '{"a":1}' }]);
  });
});

describe('firstInvalid', () => {
  // Bytes drawn mostly from the ranges that matter: ASCII, continuation bytes and every kind of lead.
  const byte = fc.oneof(
    fc.integer({ min: 0x00, max: 0x7f }),
    fc.integer({ min: 0x80, max: 0xbf }),
    fc.integer({ min: 0xc0, max: 0xff }),
  );

  it("agrees with Node's isUtf8, and the bytes before the first bad one are UTF-8", () => {
    fc.assert(
      fc.property(
        fc
          .uint8Array({ maxLength: 24 })
          .chain((noise) => fc.array(byte, { maxLength: 24 }).map((b) => join(noise, Uint8Array.from(b)))),
        (bytes) => {
          const at = firstInvalid(bytes, 0);
          expect(at < 0).toBe(isUtf8(bytes));
          if (at >= 0) expect(isUtf8(bytes.subarray(0, at))).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('finds nothing in any text encoded as UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(firstInvalid(utf8(text), 0)).toBe(-1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Utf8Lines: a character at the end of a chunk', () => {
  it('keeps nothing back when the chunk ends just after a whole character', () => {
    // "é" is C3 A9, the chunk's last two bytes: nothing is cut, so the end finds nothing unfinished.
    const lines = new Utf8Lines();
    lines.write(utf8('x é'));
    lines.end();
    expect(lines.badIn(1, 1)).toBeNull();
  });

  it('holds back a three-byte character opened by E0 until its last byte comes', () => {
    // "क" (U+0915) is E0 A4 95: E0 opens three bytes, though it is the least of the leads that do.
    const lines = new Utf8Lines();
    lines.write(Uint8Array.of(0xe0, 0xa4));
    lines.write(Uint8Array.of(0x95, 0x0a));
    lines.end();
    expect(lines.badIn(1, 1)).toBeNull();
  });

  it('refuses a four-byte form of a character that three bytes hold (F0 8F BF BF, overlong U+FFFF)', () => {
    const lines = new Utf8Lines();
    lines.write(Uint8Array.of(0xf0, 0x8f, 0xbf, 0xbf, 0x0a));
    lines.end();
    expect(lines.badIn(1, 1)).toContain('byte 0xF0 (byte 1 of line 1) is not part of any UTF-8 character');
    expect(firstInvalid(Uint8Array.of(0xf0, 0x8f, 0xbf, 0xbf), 0)).toBe(0);
    // The least four-byte character, U+10000, is F0 90 80 80.
    expect(firstInvalid(Uint8Array.of(0xf0, 0x90, 0x80, 0x80), 0)).toBe(-1);
  });
});
