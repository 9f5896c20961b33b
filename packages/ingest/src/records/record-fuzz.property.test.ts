// Fuzzing the claim-record reader through the real ingest path (file -> line splitter -> JSON ->
// schema -> events -> store): generated files mix valid records with broken ones (wrong types,
// missing fields, extra keys, keys written twice, prototype keys, unresolvable values, truncated
// JSON, garbage text, random bytes) and texts at a field's length limit, one below it or one past
// it. Whatever the mix: ingest never throws, nothing invalid (no text past its limit) is stored,
// every valid record's claim is stored exactly once with its content, and every non-empty line is
// accounted for.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { type DomainEvent, decodeEvent, type EventOfType } from '@kb/domain';
import { type EventStore, MemoryEventStore, openSqliteStore, type StoredEvent } from '@kb/store';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../ingest/run/ingest.js';
import { REPORTED_REJECTIONS } from '../ingest/run/ingest-report.js';

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

/**
 * Text a reader can see, as a name or a quote must hold (docs/claim-records.md): a letter, digit,
 * punctuation mark or symbol somewhere. Spaces, controls, a BOM or lone surrogates alone are blank.
 */
const seenText = wildText.filter((text) => /[\p{L}\p{N}\p{P}\p{S}]/u.test(text));

// The contract's length limits (docs/claim-records.md), written out rather than imported from the
// product, so a limit changed there by mistake fails here. A claim record's fields are held to them
// by zod's max (claim-record.ts, long-text.ts), which counts code points: a character outside the
// BMP (an emoji, 𝔸) is one, though it is two UTF-16 code units; a lone surrogate is one. Texts near
// a limit mix such surrogate pairs with combining marks, a lone surrogate and plain letters, so a
// count by UTF-16 units (String#length), graphemes or UTF-8 bytes would put them on the other side.
const QUOTE_MAX = 20_000;
const NAME_MAX = 1_000;
const URL_MAX = 2_000;
const ID_MAX = 200;

/**
 * Each limited field of a claim record that a text can fill, with its limit. Not here: `controller`
 * (a name, but it must resolve to an actor), the dates (EDTF, 100 characters, no date is that
 * long), `mission` as an id (it must name a registered mission), and a mission's `country` and
 * `city`: they make the mission's id, which ids hold to 200 characters, so a city of some 190
 * letters is refused (as `missionId`) although the record allows 1,000; that gap is reported apart.
 */
const EDGE_FIELDS = {
  quote: QUOTE_MAX,
  notes: QUOTE_MAX,
  claimant: NAME_MAX,
  'via.name': NAME_MAX,
  'source.outlet': NAME_MAX,
  'source.title': NAME_MAX,
  'source.author': NAME_MAX,
  'mission.name': NAME_MAX,
  'source.url': URL_MAX,
  id: ID_MAX,
  respondsTo: ID_MAX,
} as const;
type EdgeField = keyof typeof EDGE_FIELDS;
const DELTAS = [-1, 0, 1] as const;

/** Pieces of text: letters, a combining mark, CJK, surrogate pairs, a lone (low) surrogate, a line separator. */
const PIECES = ['a', 'Z', ' ', 'é', 'e\u0301', '中', '"', '\\', '\u2028', '😀', '𝔸', '\u{10ffff}', '\udc00'];
/** A pattern a long text repeats; it always holds a surrogate pair. */
const pattern = fc
  .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 6 })
  .chain((pieces) => fc.nat(pieces.length).map((at) => pieces.toSpliced(at, 0, '😀')));

/** A text's length as the product's limits count it: in code points, a lone surrogate one. */
const codePoints = (text: string) => [...text].length;

/**
 * A text exactly `length` code points long: `prefix`, then `pieces` repeated while they fit, then
 * letters to make up the length, put in after piece `padAt` (so the text may end on a surrogate pair
 * as well as on a letter). The only lone surrogate among the pieces is a low one, and no piece ends
 * with a high one, so the pieces' lengths add up.
 */
function textOfLength(length: number, pieces: readonly string[], padAt: number, prefix = ''): string {
  const parts = [prefix];
  let total = codePoints(prefix);
  for (let k = 0; ; k++) {
    const piece = pieces[k % pieces.length]!;
    if (total + codePoints(piece) > length) break;
    parts.push(piece);
    total += codePoints(piece);
  }
  parts.splice(1 + (padAt % parts.length), 0, 'x'.repeat(length - total));
  const text = parts.join('');
  if (codePoints(text) !== length)
    throw new Error(`textOfLength: ${codePoints(text)} code points, not ${length}`);
  return text;
}

/** The record with `field` set to `text` (`id` is the record's own, for what must be unique). */
function withEdge(
  base: Record<string, unknown>,
  id: string,
  field: EdgeField,
  text: string,
): Record<string, unknown> {
  const source = base['source'] as Record<string, unknown>;
  switch (field) {
    case 'quote':
    case 'notes':
    case 'claimant':
    case 'respondsTo':
    case 'id':
      return { ...base, [field]: text };
    case 'via.name':
      return { ...base, via: [{ name: text, relation: 'cites' }] };
    case 'source.outlet':
    case 'source.url':
      return { ...base, source: { ...source, [field.slice('source.'.length)]: text } };
    case 'source.title':
    case 'source.author': {
      // No URL and a title of its own: the report is this record's, so it is registered with this text.
      const { url: _, ...rest } = source;
      return { ...base, source: { title: `edge ${id}`, ...rest, [field.slice('source.'.length)]: text } };
    }
    case 'mission.name':
      // A city of its own: the mission is registered by this record, with this name.
      return {
        ...base,
        mission: { country: 'Tajikistan', city: `Edge ${id}`, kind: 'consulate', name: text },
      };
  }
}

/** A text for `field`, `length` code points long; ids and URLs in ASCII, as they must be, made unique by `id`. */
function edgeText(
  field: EdgeField,
  length: number,
  pieces: readonly string[],
  padAt: number,
  id: string,
): string {
  switch (field) {
    case 'id':
      return `${id}-${'a'.repeat(length - id.length - 1)}`;
    case 'respondsTo':
      return `${id}-target-${'b'.repeat(length - id.length - 8)}`;
    case 'source.url':
      return `https://news.example/${id}/${'c'.repeat(length - id.length - 22)}`;
    case 'source.outlet':
      // Led by the id, so its source id (the outlet's slug, cut at 80) is this record's own.
      return textOfLength(length, pieces, padAt, `${id} `);
    default:
      return textOfLength(length, pieces, padAt);
  }
}

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
      quote: seenText,
      source: fc.constantFrom(...SOURCES),
      credibility: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
      notes: fc.option(wildText, { nil: undefined }),
      via: fc.option(
        fc.array(fc.record({ name: seenText, relation: fc.constantFrom('cites', 'quotes', 'syndicates') }), {
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
  claimant: [null, 5, [], '', ' ', '\u2028'],
  quote: ['', 3, null, { text: 'x' }, ' \t ', '\u200b\ufeff'],
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
    // A key written twice in one object, at the top or in the source, the second time plainly or
    // with an escape (`"\u0063ontroller"`): JSON.parse would keep the last value without a word.
    fc
      .tuple(fc.constantFrom(...Object.keys(base)), fc.boolean(), fc.boolean())
      .map(([top, nested, escaped]) => {
        const text = JSON.stringify(base);
        const source = base['source'] as Record<string, unknown>;
        const [key, value] = nested ? ['outlet', source['outlet']] : [top, base[top]];
        const written = escaped
          ? `\\u${key.charCodeAt(0).toString(16).padStart(4, '0')}${key.slice(1)}`
          : key;
        const again = `"${written}":${JSON.stringify(value)},`;
        return nested ? text.replace('"source":{', `"source":{${again}`) : `{${again}${text.slice(1)}`;
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
      /** The field set to a text at its limit or one under it (delta 0 or -1), if any. */
      readonly edge?: Edge & { readonly text: string };
    }
  | { readonly valid: false; readonly bytes: Uint8Array; readonly edge?: Edge };

interface Edge {
  readonly field: EdgeField;
  readonly delta: (typeof DELTAS)[number];
}

/** A record with one limited field at its limit, one under it (valid) or one past it (rejected). */
const edgeLine = (i: number, a: number): fc.Arbitrary<Line> =>
  fc
    .tuple(
      fc.constantFrom(...(Object.keys(EDGE_FIELDS) as EdgeField[])),
      fc.constantFrom(...DELTAS),
      pattern,
      fc.nat(),
    )
    .chain(([field, delta, pieces, padAt]) => {
      const given = `fz-${i}-${a % 1000}`;
      const text = edgeText(field, EDGE_FIELDS[field] + delta, pieces, padAt, given);
      return validRecord(given).map((base): Line => {
        const record = withEdge(base, given, field, text);
        const json = JSON.stringify(record);
        // A counterexample names the edge line's field, length and pattern, not its 20,000 characters of text.
        const shown = {
          [fc.toStringMethod]: () =>
            `<${field}: ${codePoints(text)} code points, ${text.length} UTF-16 units (limit ${delta < 0 ? delta : `+${delta}`}), ${JSON.stringify(pieces)} repeated>`,
        };
        return delta <= 0
          ? {
              valid: true,
              id: field === 'id' ? text : given,
              record,
              text: json,
              edge: { field, delta, text },
              ...shown,
            }
          : { valid: false, bytes: Buffer.from(json, 'utf8'), edge: { field, delta }, ...shown };
      });
    });

const fuzzFile = fc
  .array(fc.tuple(fc.nat(11), fc.nat(), fc.nat()), { minLength: 1, maxLength: 25 })
  .chain((shapes) =>
    fc.tuple(
      ...shapes.map(([shape, a], i): fc.Arbitrary<Line> => {
        // The first line is always valid, so the file is read as NDJSON (a first line opening
        // with "[" would make it a JSON array, a different format with its own tests).
        if (i === 0 || shape < 4) {
          const id = `fz-${i}`;
          return validRecord(id).map((record) => ({ valid: true, id, record, text: JSON.stringify(record) }));
        }
        if (shape >= 10) return edgeLine(i, a);
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
/** Edge lines seen, by field and delta ("quote -1", "quote 0", "quote 1"). */
const edges = new Map<string, number>();
const edgeKey = (edge: Edge) => `${edge.field} ${edge.delta}`;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-fuzz-'));
});
afterAll(() => {
  console.log(
    `record fuzz: ${files} files, ${seen.valid} valid lines, ${seen.broken} broken lines, ${seen.empty} empty lines, ${[...edges.values()].reduce((a, b) => a + b, 0)} at a length limit (-1, 0, +1)`,
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
  // A lost valid line is shown with why it was refused.
  expect(report.added, JSON.stringify(report.rejected).slice(0, 600)).toBe(valid.length);
  expect(report.rejectedLines).toBe(brokenNonEmpty.length);
  expect([...new Set(report.rejected.map((r) => r.line))].sort((a, b) => a - b)).toEqual(brokenNonEmpty);

  lines.forEach((line, i) => {
    if (line.edge === undefined) return;
    edges.set(edgeKey(line.edge), (edges.get(edgeKey(line.edge)) ?? 0) + 1);
    // A text past its limit is refused at its field, the limit named (not cut, not stored).
    if (line.edge.delta > 0 && report.rejected.length < REPORTED_REJECTIONS) {
      const path = line.edge.field === 'via.name' ? 'via.0.name' : line.edge.field;
      const limit = EDGE_FIELDS[line.edge.field].toLocaleString('en-US');
      expect(report.rejected.filter((r) => r.line === i + 1).map((r) => r.path)).toContain(path);
      expect(report.rejected.find((r) => r.line === i + 1 && r.path === path)?.message).toContain(
        `the most this field takes is ${limit}`,
      );
    }
  });

  const events = await all(store);
  type Claim = EventOfType<'ClaimRecorded'>['data'];
  const claims = new Map<string, { claim: Claim; count: number }>();
  const reports = new Map<string, EventOfType<'ReportCaptured'>['data']>();
  const sources = new Map<string, EventOfType<'SourceRegistered'>['data']>();
  const missions = new Map<string, EventOfType<'MissionRegistered'>['data']>();
  for (const e of events) {
    // Every stored event decodes with the domain's own decoder: nothing invalid got in.
    const event = decodeEvent(e.type, e.version, e.data);
    // And no text in it is longer than the record field it came from may be.
    expect(overLimit(event)).toEqual([]);
    if (event.type === 'ReportCaptured') reports.set(event.data.reportId, event.data);
    if (event.type === 'SourceRegistered') sources.set(event.data.sourceId, event.data);
    if (event.type === 'MissionRegistered') missions.set(event.data.missionId, event.data);
    if (event.type !== 'ClaimRecorded') continue;
    claims.set(event.data.claimId, {
      claim: event.data,
      count: (claims.get(event.data.claimId)?.count ?? 0) + 1,
    });
  }
  // Only the valid records' claims, each once, with the content as written.
  expect([...claims.keys()].sort()).toEqual(valid.map((v) => v.id).sort());
  for (const v of valid) {
    const stored = claims.get(v.id);
    expect(stored?.count).toBe(1);
    const claim = stored!.claim;
    expect({
      quote: claim.quote,
      claimant: claim.claimant.asWritten,
      notes: claim.notes,
      via: claim.via,
    }).toEqual({
      quote: v.record['quote'],
      claimant: v.record['claimant'],
      notes: v.record['notes'] ?? null,
      via: v.record['via'] ?? [],
    });
    // A text at its limit is stored whole, where its record put it.
    if (v.edge !== undefined)
      expect(storedEdge(v.edge.field, claim, reports, sources, missions)).toBe(v.edge.text);
  }
  expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(polluted);
}

/** Where a claim's limited field ended up in the store: in its claim, or its report, source or mission. */
function storedEdge(
  field: EdgeField,
  claim: EventOfType<'ClaimRecorded'>['data'],
  reports: ReadonlyMap<string, EventOfType<'ReportCaptured'>['data']>,
  sources: ReadonlyMap<string, EventOfType<'SourceRegistered'>['data']>,
  missions: ReadonlyMap<string, EventOfType<'MissionRegistered'>['data']>,
): string | null | undefined {
  const report = reports.get(claim.reportId);
  switch (field) {
    case 'quote':
      return claim.quote;
    case 'notes':
      return claim.notes;
    case 'claimant':
      return claim.claimant.asWritten;
    case 'via.name':
      return claim.via[0]?.name;
    case 'id':
      return claim.claimId;
    case 'respondsTo':
      return claim.respondsTo;
    case 'source.url':
      return report?.url;
    case 'source.title':
      return report?.title;
    case 'source.author':
      return report?.author;
    case 'source.outlet':
      return report === undefined ? undefined : sources.get(report.sourceId)?.outlet;
    case 'mission.name':
      return missions.get(claim.missionId)?.name;
  }
}

/** Each text of a stored event longer than the record field it came from allows, in code points. */
function overLimit(event: DomainEvent): string[] {
  const texts: [string, string | null | undefined, number][] = [];
  switch (event.type) {
    case 'ClaimRecorded':
      texts.push(
        ['quote', event.data.quote, QUOTE_MAX],
        ['notes', event.data.notes, QUOTE_MAX],
        ['claimant', event.data.claimant.asWritten, NAME_MAX],
        ['claimId', event.data.claimId, ID_MAX],
        ['respondsTo', event.data.respondsTo, ID_MAX],
        ...event.data.via.map((v): [string, string, number] => ['via.name', v.name, NAME_MAX]),
      );
      break;
    case 'ReportCaptured':
      texts.push(
        ['url', event.data.url, URL_MAX],
        ['title', event.data.title, NAME_MAX],
        ['author', event.data.author, NAME_MAX],
      );
      break;
    case 'SourceRegistered':
      texts.push(['outlet', event.data.outlet, NAME_MAX]);
      break;
    case 'MissionRegistered':
      texts.push(['name', event.data.name, NAME_MAX]);
      break;
    default:
      break;
  }
  return texts.flatMap(([field, text, max]) =>
    typeof text === 'string' && codePoints(text) > max
      ? [`${event.type}.${field}: ${codePoints(text)} code points > ${max}`]
      : [],
  );
}

/** The field and delta combinations no line has had yet: each field must be filled at, under and past its limit. */
function everyEdgeSeen(): string[] {
  return (Object.keys(EDGE_FIELDS) as EdgeField[])
    .flatMap((field) => DELTAS.map((delta) => edgeKey({ field, delta })))
    .filter((key) => (edges.get(key) ?? 0) === 0);
}

describe('fuzzing the claim-record reader through ingest', () => {
  it('memory store: never throws, stores no invalid record, loses no valid one', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzFile, async (lines) => {
        await checkFile(lines, new MemoryEventStore());
      }),
      { numRuns: 500 },
    );
    expect(everyEdgeSeen()).toEqual([]);
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
