// Ingest against bad input: rejections by line and field, the rejects file, limits and encodings.
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { MAX_RECORD_LENGTH } from '../../input/split-records.js';
import { LONG_TEXT_MAX } from '../../records/long-text.js';
import { garbageCollector } from '../../testing/collect-garbage.js';
import { all, claims, folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord, ndjson, SOURCE } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';
import { IngestAbortedError, REPORTED_REJECTIONS, type Rejection } from './ingest-report.js';
import { RejectsFileError } from './rejects-file.js';

const folder = folderPerTest();
const { file, badLinesFile } = folder;

describe('ingest: a corpus of bad input', () => {
  const script = '<script>alert("kb")</script><img src=x onerror="alert(1)"> &amp; \'quoted\'';
  const longQuote = 'x'.repeat(5 * 1024 * 1024);
  const lines = [
    JSON.stringify(claimRecord({ id: 'good-1' })), // 1 (after a BOM)
    '{"id": "broken", "mission": ', // 2 malformed JSON
    '', // 3 empty
    JSON.stringify(claimRecord({ id: 'wrong-types', credibility: 'high', via: 'Tolo News' })), // 4
    JSON.stringify(claimRecord({ id: 'unknown-kind', kind: 'invasion' })), // 5
    JSON.stringify(claimRecord({ id: 'bad-date', occurred: '2023-02-30' })), // 6
    JSON.stringify(claimRecord({ id: 'bad-published', source: { ...SOURCE, published: '2023-13' } })), // 7
    '   ', // 8 blank
    `{"__proto__": {"polluted": true}, ${JSON.stringify(claimRecord({ id: 'proto' })).slice(1)}`, // 9
    JSON.stringify(claimRecord({ id: 'script', quote: script })), // 10
    JSON.stringify(claimRecord({ id: 'long', quote: longQuote })), // 11
    JSON.stringify(claimRecord({ id: 'controller', controller: 'Northern Alliance' })), // 12
    JSON.stringify({ ...claimRecord({ id: 'extra' }), colour: 'red' }), // 13
    JSON.stringify(claimRecord({ id: 'unknown-mission', mission: 'somewhere-nobody-knows' })), // 14
    JSON.stringify(claimRecord({ id: 'good-2', occurred: 'earlier' })), // 15
  ];

  it('stores the valid lines, reports each rejected one by line and field, and writes the rejects file', async () => {
    const store = new MemoryEventStore();
    const path = file('bad.ndjson', `\uFEFF${lines.join('\r\n')}\r\n`);
    const rejectsPath = join(folder.dir, 'rejects.ndjson');
    const report = await ingest(store, path, { rejectsPath, batchSize: 3 });

    expect(report.lines).toBe(15);
    expect(report.records).toBe(13);
    expect(report.added).toBe(3);
    expect(report.rejectedLines).toBe(10);
    const where = report.rejected.map((r) => `${r.line}:${r.path}`);
    expect(where).toEqual([
      '2:',
      '4:via',
      '4:credibility',
      '5:kind',
      '6:occurred',
      '7:source.published',
      '9:__proto__',
      '11:quote',
      '12:controller',
      '13:colour',
      '14:mission',
    ]);
    expect(report.rejected.find((r) => r.line === 6)?.message).toMatch(/2023-02-30/);
    // Read whole, then refused by its field: a quote is the words an account rests on.
    expect(report.rejected.find((r) => r.line === 11)?.message).toBe(
      '5,242,880 characters long; the most this field takes is 20,000',
    );
    expect(report.rejected.find((r) => r.line === 12)?.message).toMatch(
      /unknown controller "Northern Alliance".*taliban/,
    );

    expect((await claims(store)).map((c) => c.claimId).sort()).toEqual(['good-1', 'good-2', 'script']);
    const stored = await claims(store);
    expect(stored.find((c) => c.claimId === 'script')?.quote).toBe(script);
    expect(stored.find((c) => c.claimId === 'good-2')?.occurred).toMatchObject({
      latest: '2023-03-28',
      anchor: '2023-03-28',
    });
    expect(Object.prototype).not.toHaveProperty('polluted');

    expect(report.rejectsPath).toBe(rejectsPath);
    const rejects = readFileSync(rejectsPath, 'utf8').split('\n');
    expect(rejects).toEqual([2, 4, 5, 6, 7, 9, 11, 12, 13, 14].map((n) => lines[n - 1]).concat(['']));
  });

  it('takes a quote or note of 20,000 characters, and refuses a longer one by line and field, raw events too', async () => {
    const store = new MemoryEventStore();
    const most = 'q'.repeat(LONG_TEXT_MAX);
    const over = `${most}é`;
    const records = [
      claimRecord({ id: 'at-limit', quote: most, notes: most }), // 1
      claimRecord({ id: 'long-quote', quote: over }), // 2
      claimRecord({ id: 'long-notes', notes: over }), // 3
      { type: 'retraction', claim: 'at-limit', reason: 'withdrawn', quote: over }, // 4
      { type: 'correction', claim: 'at-limit', reason: 'r', changes: { quote: over, notes: over } }, // 5
      { type: 'retraction', claim: 'at-limit', reason: 'withdrawn', quote: most }, // 6
      {
        type: 'event',
        event: {
          type: 'ClaimRetracted',
          data: { claimId: 'at-limit', reportId: null, reason: 'withdrawn', quote: over },
        },
      }, // 7
    ];
    const report = await ingest(store, file('long-text.ndjson', ndjson(records)), {
      rejectsPath: join(folder.dir, 'long-text.rejects.ndjson'),
    });
    const said = '20,001 characters long; the most this field takes is 20,000';
    expect(report.rejected).toEqual([
      { line: 2, path: 'quote', message: said },
      { line: 3, path: 'notes', message: said },
      { line: 4, path: 'quote', message: said },
      { line: 5, path: 'changes.quote', message: said },
      { line: 5, path: 'changes.notes', message: said },
      { line: 7, path: 'event.data.quote', message: said },
    ]);
    expect(report).toMatchObject({ added: 2, rejectedLines: 5 });
    const [stored] = await claims(store);
    expect([stored?.claimId, stored?.quote, stored?.notes]).toEqual(['at-limit', most, most]);
    const retracted = (await all(store)).filter((e) => e.type === 'ClaimRetracted');
    expect(retracted.map((e) => (e.data as { quote: string }).quote)).toEqual([most]);
  });

  it('counts a quote in characters (code points) the same way in a claim record and in a raw event', async () => {
    const store = new MemoryEventStore();
    // An emoji is one character and two UTF-16 units: 20,000 of them is at the limit, not past it.
    const most = '\u{1F600}'.repeat(LONG_TEXT_MAX);
    const over = `${most}\u{1F600}`;
    const retraction = (quote: string) => ({
      type: 'event',
      event: { type: 'ClaimRetracted', data: { claimId: 'emoji', reportId: null, reason: 'r', quote } },
    });
    const records = [
      claimRecord({ id: 'emoji', quote: most }), // 1
      claimRecord({ id: 'emoji-over', quote: over }), // 2
      retraction(most), // 3
      retraction(over), // 4
    ];
    const report = await ingest(store, file('emoji.ndjson', ndjson(records)), {
      rejectsPath: join(folder.dir, 'emoji.rejects.ndjson'),
    });
    const said = '20,001 characters long; the most this field takes is 20,000';
    expect(report.rejected).toEqual([
      { line: 2, path: 'quote', message: said },
      { line: 4, path: 'event.data.quote', message: said },
    ]);
    expect((await claims(store)).map((c) => c.quote)).toEqual([most]);
  });

  it('refuses a mission whose country or city would make an id other names make too, or one too long', async () => {
    const store = new MemoryEventStore();
    const at = (country: string, city: string, id: string) =>
      claimRecord({ id, mission: { country, city, kind: 'consulate' } });
    const records = [
      at('Tajikistan', 'Хорог', 'cyrillic-1'), // 1
      at('Tajikistan', 'Душанбе', 'cyrillic-2'), // 2
      at('Tajikistan', 'Khorog 2', 'latin'), // 3: stored
      at('Tajikistan', 'Хорог 2', 'mixed'), // 4: would fold to "2"
      at('Таджикистан', 'Khorog', 'country'), // 5
      at('Tajikistan', 'b'.repeat(190), 'long'), // 6
      at('Poland', 'Łódź', 'accented'), // 7: stored, Latin letters
    ];
    const report = await ingest(store, file('places.ndjson', ndjson(records)), {
      rejectsPath: join(folder.dir, 'places.rejects.ndjson'),
    });
    expect(report.rejected.map((r) => `${r.line}:${r.path}`)).toEqual([
      '1:mission.city',
      '2:mission.city',
      '4:mission.city',
      '5:mission.country',
      '6:mission.city',
    ]);
    expect(report.rejected[0]!.message).toBe(
      '"Хорог" has no letters a to z or digits to make the mission\'s id from: write it in Latin letters',
    );
    expect(report.rejected[2]!.message).toMatch(
      /"Хорог 2" has letters the mission's id cannot hold \(ХОРГ?/i,
    );
    expect(report.rejected[4]!.message).toMatch(/would be 203 characters long, and an id takes at most 200/);
    expect((await claims(store)).map((c) => [c.claimId, c.missionId])).toEqual([
      ['latin', 'tj-khorog-2-consulate'],
      // Ł has no decomposition and is dropped, as it always was: ids already stored stay valid.
      ['accented', 'poland-odz-consulate'],
    ]);
  });

  it('writes no rejects file when nothing is rejected', async () => {
    const report = await ingest(new MemoryEventStore(), [claimRecord()], {
      rejectsPath: join(folder.dir, 'none.ndjson'),
    });
    expect(report.rejectsPath).toBeNull();
    expect(report.rejected).toEqual([]);
  });

  it('stops with a RejectsFileError, not an unhandled stream error, when the rejects file cannot be made', async () => {
    const path = file(
      'unwritable-rejects.ndjson',
      ndjson([claimRecord({ id: 'before-1' }), '{"broken":', claimRecord({ id: 'after-1' })]),
    );
    for (const [rejectsPath, why] of [
      [join(folder.dir, 'no-such-folder', 'r.ndjson'), 'its folder does not exist'],
      [folder.dir, 'that is a folder; name a file'],
    ] as const) {
      const store = new MemoryEventStore();
      const error = await ingest(store, path, { rejectsPath }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IngestAbortedError);
      const { cause, report } = error as IngestAbortedError;
      expect(cause).toBeInstanceOf(RejectsFileError);
      expect((cause as Error).message).toBe(`cannot write rejected lines to ${rejectsPath}: ${why}`);
      // The valid record read before the bad line is committed (its batch was not full); nothing
      // after the bad line is read.
      expect(report).toMatchObject({ added: 1, batches: 1, rejectedLines: 1, rejectsPath: null });
      expect((await claims(store)).map((c) => c.claimId)).toEqual(['before-1']);
    }
  });

  it('refuses a rejects path that is the input itself, or a link to it, before reading a line', async () => {
    const text = ndjson([claimRecord({ id: 'kept-1' }), '{"broken":', claimRecord({ id: 'kept-2' })]);
    const path = file('self.ndjson', text);
    const link = join(folder.dir, 'self-link.ndjson');
    symlinkSync(path, link);
    for (const rejectsPath of [path, link, join(folder.dir, '.', 'self.ndjson')]) {
      const store = new MemoryEventStore();
      await expect(ingest(store, path, { rejectsPath })).rejects.toThrow(
        `rejectsPath ${rejectsPath} is the input file itself`,
      );
      expect(readFileSync(path, 'utf8')).toBe(text);
      expect(await all(store)).toEqual([]);
    }
  });

  it('reports the first problems of a file of bad lines, counts them all, and hands every one to onReject', async () => {
    const lines = 3000;
    const path = badLinesFile('all-bad.ndjson', lines);
    const heard: Rejection[] = [];
    const rejectsPath = join(folder.dir, 'all-bad.rejects.ndjson');
    const report = await ingest(new MemoryEventStore(), path, {
      rejectsPath,
      onReject: (r) => heard.push(r),
    });
    // Each line misses the eight required fields and has one unknown field: nine problems.
    expect(report).toMatchObject({
      lines,
      records: lines,
      added: 0,
      rejectedLines: lines,
      rejectedProblems: 9 * lines,
    });
    expect(report.rejected).toHaveLength(REPORTED_REJECTIONS);
    expect(report.rejected).toEqual(heard.slice(0, REPORTED_REJECTIONS));
    expect(heard).toHaveLength(9 * lines);
    expect(heard.at(-1)).toMatchObject({ line: lines, path: 'colour' });
    expect(readFileSync(rejectsPath, 'utf8').split('\n').filter(Boolean)).toHaveLength(lines);
  });

  it('keeps memory steady over a long file of bad lines', async () => {
    const gc = garbageCollector();
    const lines = 50_000;
    const path = badLinesFile('many-bad.ndjson', lines);
    gc();
    const before = process.memoryUsage().heapUsed;
    let grown = 0;
    let problems = 0;
    const report = await ingest(new MemoryEventStore(), path, {
      onReject: () => {
        if (++problems % 90_000 === 0) {
          gc();
          grown = Math.max(grown, process.memoryUsage().heapUsed - before);
        }
      },
    });
    expect(report.rejectedProblems).toBe(9 * lines);
    // Every problem kept in the report came to about 100 MB here.
    expect(grown / 1e6).toBeLessThan(20);
  });

  it('rejects a line whose bytes are not UTF-8 (a Windows-1252 quote) instead of storing a replacement character', async () => {
    const store = new MemoryEventStore();
    const [before, cp1252, after] = [
      claimRecord({ id: 'before', quote: 'the ministry’s statement' }),
      claimRecord({ id: 'cp1252', quote: 'the embassy@s statement' }),
      claimRecord({ id: 'after' }),
    ].map((r) => Buffer.from(`${JSON.stringify(r)}\n`));
    cp1252![cp1252!.indexOf('@')] = 0x92; // ’ as Windows-1252 writes it
    const path = join(folder.dir, 'cp1252.ndjson');
    writeFileSync(path, Buffer.concat([before!, cp1252!, after!]));
    const rejectsPath = join(folder.dir, 'cp1252.rejects.ndjson');
    const report = await ingest(store, path, { rejectsPath });
    expect(report).toMatchObject({ lines: 3, records: 3, added: 2, rejectedLines: 1, rejectsPath: null });
    expect(report.rejected).toEqual([
      {
        line: 2,
        path: '',
        message: expect.stringMatching(
          /^the text is not UTF-8: byte 0x92 \(byte \d+ of line 2\) is not part of any UTF-8 character/,
        ),
      },
    ]);
    const stored = await claims(store);
    expect(stored.map((c) => c.claimId).sort()).toEqual(['after', 'before']);
    expect(stored.find((c) => c.claimId === 'before')?.quote).toBe('the ministry’s statement');
  });

  it('rejects a line longer than the record limit by its number, and stores the lines around it', async () => {
    const store = new MemoryEventStore();
    const tooLong = claimRecord({ id: 'too-long', quote: 'q'.repeat(MAX_RECORD_LENGTH) });
    const path = file(
      'too-long.ndjson',
      ndjson([claimRecord({ id: 'before' }), tooLong, claimRecord({ id: 'after' })]),
    );
    const report = await ingest(store, path, { rejectsPath: join(folder.dir, 'too-long.rejects.ndjson') });
    expect(report).toMatchObject({ lines: 3, records: 3, added: 2, rejectedLines: 1 });
    expect(report.rejected).toEqual([
      { line: 2, path: '', message: expect.stringContaining('longer than 16,777,216 characters') },
    ]);
    // Its text was never held whole, so there is none to copy: no rejects file.
    expect(report.rejectsPath).toBeNull();
    expect((await claims(store)).map((c) => c.claimId).sort()).toEqual(['after', 'before']);
  });

  it('says when records are parted by bare carriage returns (old Mac line endings), read as one line', async () => {
    const hint =
      '; lines end in a bare carriage return (old Mac line endings), so they were read as one: convert them to \\n';
    const a = JSON.stringify(claimRecord({ id: 'a' }));
    const b = JSON.stringify(claimRecord({ id: 'b' }));
    const mac = await ingest(new MemoryEventStore(), file('mac.ndjson', `${a}\r${b}\r${a}\r`));
    expect(mac).toMatchObject({ lines: 1, records: 1, added: 0 });
    expect(mac.rejected).toEqual([
      {
        line: 1,
        path: '',
        message: `malformed JSON at line 1, column ${a.length + 2}: Unexpected non-whitespace character after JSON${hint}`,
      },
    ]);
    // Records pretty-printed one after another, the same way; the first record broken does not hide it.
    const pretty = (id: string) => JSON.stringify(claimRecord({ id }), null, 2).replaceAll('\n', '\r');
    const broken = `${pretty('a').replace('"visit",', '"visit"')}\r${pretty('b')}\r`;
    const macPretty = await ingest(new MemoryEventStore(), file('mac.json', broken));
    expect(macPretty.rejected).toEqual([
      {
        line: 1,
        path: '',
        message: expect.stringMatching(
          /^malformed JSON at line 1, column \d+: Expected .*; lines end in a bare carriage return/,
        ),
      },
    ]);
    // Not said of a broken line in a file with CRLF line endings.
    const crlf = await ingest(new MemoryEventStore(), file('crlf.ndjson', `${a}\r\n{"id": x}\r\n${b}\r\n`));
    expect(crlf.rejected).toEqual([
      { line: 2, path: '', message: "malformed JSON at line 2, column 8: Unexpected token 'x'" },
    ]);
  });
});
