// Fuzzing the claim-record reader through the real ingest path (file -> line splitter -> JSON ->
// schema -> events -> store): generated files mix valid records with broken ones (wrong types,
// missing fields, extra keys, prototype keys, unresolvable values, truncated JSON, garbage text,
// random bytes). Whatever the mix: ingest never throws, nothing invalid is stored, every valid
// record's claim is stored exactly once with its content, and every non-empty line is accounted for.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { decodeEvent } from '@kb/domain';
import { type EventStore, MemoryEventStore, openSqliteStore, type StoredEvent } from '@kb/store';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../ingest/ingest.js';

const PLACES = [
  { country: 'Tajikistan', city: 'Khorog', kind: 'consulate' },
  { country: 'Uzbekistan', city: 'Termez', kind: 'consulate' },
  { country: 'Turkmenistan', city: 'Ashgabat', kind: 'embassy' },
] as const;
const SOURCES = [
  { outlet: 'The Diplomat', url: 'https://thediplomat.com/2023/03/a', published: '2023-03-28' },
  { outlet: 'Tolo News', published: '2023-03' },
  { outlet: 'Eurasianet', url: 'https://eurasianet.org/b', published: '2023-03-20', reliability: 'B' },
] as const;

/** Text as a fuzzer likes it: any code point, lone surrogates, quotes, backslashes and line separators included. */
const wildText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom(
        '\ud800',
        '\udfff',
        'a\udc00b',
        '\u0000',
        '\u2028\u2029',
        '\ufeff',
        '\r',
        '\t',
        '"',
        '\\',
        '</script>',
        '%s',
      ),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((parts) => parts.join(''))
  .filter((text) => text.length > 0);

/** A valid claim record; `id` makes it unique in its file. */
const validRecord = (id: string) =>
  fc
    .record({
      mission: fc.oneof(fc.constantFrom(...PLACES), fc.constant('tj-khorog-consulate')),
      kind: fc.constantFrom('visit', 'control', 'takeover', 'closure', 'statement'),
      stance: fc.constantFrom('asserts', 'denies', 'confirms', 'disputes'),
      controller: fc.constantFrom('taliban', 'unknown', 'none', 'Taliban'),
      occurred: fc.constantFrom(
        '2023-03-23',
        '2023-03',
        '../2023-03-28',
        '2022-21',
        'unknown',
        'earlier',
        '2023-03-23?',
      ),
      claimant: wildText.map((s) => `claimant ${s}`),
      quote: wildText,
      source: fc.constantFrom(...SOURCES),
      credibility: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
      notes: fc.option(wildText, { nil: undefined }),
      via: fc.option(
        fc.array(fc.record({ name: wildText, relation: fc.constantFrom('cites', 'quotes', 'syndicates') }), {
          maxLength: 3,
        }),
        { nil: undefined },
      ),
    })
    .map((r) => {
      const record: Record<string, unknown> = { id };
      for (const [key, value] of Object.entries(r)) if (value !== undefined) record[key] = value;
      return record;
    });

const REQUIRED = [
  'mission',
  'kind',
  'stance',
  'controller',
  'occurred',
  'claimant',
  'quote',
  'source',
] as const;
const WRONG: Record<string, readonly unknown[]> = {
  mission: [42, true, null, [], {}, { country: 'Tajikistan' }, ''],
  kind: [7, null, 'invasion', ['visit'], ''],
  stance: ['maybe', 0, null, {}],
  controller: [1, null, [], '', 'Northern Alliance'],
  occurred: [20230323, null, '', '2023-02-30', '2023-13', 'yesterday', {}],
  claimant: [null, 5, [], ''],
  quote: ['', 3, null, { text: 'x' }],
  source: ['The Diplomat', 1, null, [], {}, { outlet: 'X' }, { outlet: 'X', published: '2023-13' }],
  credibility: ['high', 0, 7, 1.5, null],
  via: ['Tolo News', 3, [{ name: 'X' }], [{ name: 'X', relation: 'heard' }]],
  id: ['---', 5, '', null],
  type: ['claims', 5, 'retraction'],
};

/** One way to break a record, applied to a valid one; the result is a line of text. */
const breakage = (base: Record<string, unknown>): fc.Arbitrary<string> =>
  fc.oneof(
    // A field of the wrong type, or a value no resolver accepts.
    fc
      .constantFrom(...Object.keys(WRONG))
      .chain((field) =>
        fc.constantFrom(...WRONG[field]!).map((value) => JSON.stringify({ ...base, [field]: value })),
      ),
    // A required field missing, at the top or inside the source.
    fc.constantFrom(...REQUIRED, 'source.outlet', 'source.published').map((field) => {
      const copy = structuredClone(base) as Record<string, Record<string, unknown>>;
      const [outer, inner] = field.split('.') as [string, string | undefined];
      if (inner === undefined) delete copy[outer];
      else delete copy[outer]![inner];
      return JSON.stringify(copy);
    }),
    // A key the schema does not know, at the top or in the source.
    fc
      .tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.boolean(), fc.jsonValue({ maxDepth: 2 }))
      .map(([key, nested, value]) => {
        const extra = `x_${key}`;
        return JSON.stringify(
          nested
            ? { ...base, source: { ...(base['source'] as object), [extra]: value } }
            : { ...base, [extra]: value },
        );
      }),
    // A key that could reach a prototype, written into the JSON text (JSON.stringify would not write it).
    fc
      .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', '\\u005f_proto__'), fc.boolean())
      .map(([key, nested]) => {
        const text = JSON.stringify(base);
        return nested
          ? text.replace('"source":{', `"source":{"${key}":{"polluted":true},`)
          : `{"${key}":{"polluted":true},${text.slice(1)}`;
      }),
    // Truncated JSON.
    fc.integer({ min: 1, max: 10_000 }).map((n) => {
      const text = JSON.stringify(base);
      return text.slice(0, 1 + (n % (text.length - 1)));
    }),
    // Garbage text (a line of it: no newline inside).
    fc.string({ unit: 'binary', maxLength: 80 }).map((s) => s.replace(/\n/g, ' ')),
    // Valid JSON that is not a claim record.
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
  );

/** One line of a file: text or raw bytes, valid or not. */
type Line =
  | {
      readonly valid: true;
      readonly id: string;
      readonly record: Record<string, unknown>;
      readonly text: string;
    }
  | { readonly valid: false; readonly bytes: Uint8Array };

const fuzzFile = fc
  .array(fc.tuple(fc.nat(9), fc.nat(), fc.nat()), { minLength: 1, maxLength: 25 })
  .chain((shapes) =>
    fc.tuple(
      ...shapes.map(([shape, a], i): fc.Arbitrary<Line> => {
        // The first line is always valid, so the file is read as NDJSON (a first line opening
        // with "[" would make it a JSON array, a different format with its own tests).
        if (i === 0 || shape < 4) {
          const id = `fz-${i}`;
          return validRecord(id).map((record) => ({ valid: true, id, record, text: JSON.stringify(record) }));
        }
        if (shape === 9) {
          // Random bytes, invalid UTF-8 likely; newlines removed so it stays one line.
          return fc
            .uint8Array({ minLength: 0, maxLength: 60 })
            .map((bytes) => ({ valid: false, bytes: bytes.map((b) => (b === 10 ? 32 : b)) }));
        }
        return validRecord(`bad-${i}-${a}`).chain((base) =>
          breakage(base).map((text) => ({ valid: false, bytes: Buffer.from(text, 'utf8') })),
        );
      }),
    ),
  );

/** The file's bytes, and which lines (1-based) are non-empty as the reader will decode them. */
function render(lines: readonly Line[]): { bytes: Buffer; nonEmpty: Set<number> } {
  const parts: Buffer[] = [];
  const nonEmpty = new Set<number>();
  lines.forEach((line, i) => {
    const bytes = line.valid ? Buffer.from(line.text, 'utf8') : Buffer.from(line.bytes);
    parts.push(bytes, Buffer.from('\n'));
    const decoder = new StringDecoder('utf8');
    let text = decoder.write(bytes) + decoder.end();
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() !== '') nonEmpty.add(i + 1);
  });
  return { bytes: Buffer.concat(parts), nonEmpty };
}

async function all(store: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const event of store.readAll()) out.push(event);
  return out;
}

let dir: string;
let files = 0;
const seen = { valid: 0, broken: 0, empty: 0 };
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-fuzz-'));
});
afterAll(() => {
  console.log(
    `record fuzz: ${files} files, ${seen.valid} valid lines, ${seen.broken} broken lines, ${seen.empty} empty lines`,
  );
  rmSync(dir, { recursive: true, force: true });
});

async function checkFile(lines: readonly Line[], store: EventStore): Promise<void> {
  const path = join(dir, `fuzz-${++files}.ndjson`);
  const { bytes, nonEmpty } = render(lines);
  writeFileSync(path, bytes);
  const polluted = Object.hasOwn(Object.prototype, 'polluted');

  // Never an unhandled error: a bad line is a rejection, not an exception.
  const report = await ingest(store, path, { batchSize: 1 + (files % 7) });

  const valid = lines.flatMap((l, i) => (l.valid ? [{ ...l, line: i + 1 }] : []));
  const brokenNonEmpty = lines.flatMap((l, i) => (!l.valid && nonEmpty.has(i + 1) ? [i + 1] : []));
  seen.valid += valid.length;
  seen.broken += brokenNonEmpty.length;
  seen.empty += lines.length - nonEmpty.size;
  expect(report.records).toBe(nonEmpty.size);
  expect(report.added + report.skipped + report.rejectedLines).toBe(nonEmpty.size);
  expect(report.added).toBe(valid.length);
  expect(report.rejectedLines).toBe(brokenNonEmpty.length);
  expect([...new Set(report.rejected.map((r) => r.line))].sort((a, b) => a - b)).toEqual(brokenNonEmpty);

  const events = await all(store);
  const claims = new Map<string, { quote: string; claimant: string; count: number }>();
  for (const e of events) {
    // Every stored event decodes with the domain's own decoder: nothing invalid got in.
    const event = decodeEvent(e.type, e.version, e.data);
    if (event.type !== 'ClaimRecorded') continue;
    const seen = claims.get(event.data.claimId);
    claims.set(event.data.claimId, {
      quote: event.data.quote,
      claimant: event.data.claimant.asWritten,
      count: (seen?.count ?? 0) + 1,
    });
  }
  // Only the valid records' claims, each once, with the content as written.
  expect([...claims.keys()].sort()).toEqual(valid.map((v) => v.id).sort());
  for (const v of valid) {
    expect(claims.get(v.id)).toEqual({ quote: v.record['quote'], claimant: v.record['claimant'], count: 1 });
  }
  expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(polluted);
}

describe('fuzzing the claim-record reader through ingest', () => {
  it('memory store: never throws, stores no invalid record, loses no valid one', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzFile, async (lines) => {
        await checkFile(lines, new MemoryEventStore());
      }),
      { numRuns: 500 },
    );
  }, 120_000);

  it('SQLite file: the same, and the chain verifies with whatever text went in', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzFile, async (lines) => {
        const path = join(dir, `fuzz-${files + 1}.sqlite`);
        const store = openSqliteStore({ path });
        try {
          await checkFile(lines, store);
          expect(await store.verify()).toMatchObject({ ok: true, firstBreak: null });
        } finally {
          await store.close();
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
