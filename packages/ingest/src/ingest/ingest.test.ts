import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeEvent } from '@kb/domain';
import {
  canonicalJson,
  deterministicId,
  type EventStore,
  MemoryEventStore,
  openSqliteStore,
  type StoredEvent,
} from '@kb/store';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECORD_LENGTH } from '../input/split-records.js';
import { garbageCollector } from '../testing/collect-garbage.js';
import { ingest } from './ingest.js';
import {
  IngestAbortedError,
  IngestInterruptedError,
  type IngestProgress,
  REPORTED_REJECTIONS,
  type Rejection,
} from './ingest-report.js';
import { claimRecord, ndjson, SOURCE } from './test-records.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-ingest-'));
});

async function all(store: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const event of store.readAll()) out.push(event);
  return out;
}

async function claims(store: EventStore) {
  return (await all(store))
    .filter((e) => e.type === 'ClaimRecorded')
    .map((e) => decodeEvent(e.type, e.version, e.data))
    .flatMap((e) => (e.type === 'ClaimRecorded' ? [e.data] : []));
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A file of `lines` records, each missing the eight required fields and holding one unknown one. */
const badLinesFile = (name: string, lines: number) =>
  file(name, ndjson(Array.from({ length: lines }, (_, i) => ({ id: `bad-${i}`, colour: 'red' }))));

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
    const rejectsPath = join(dir, 'rejects.ndjson');
    const report = await ingest(store, path, { rejectsPath, batchSize: 3 });

    expect(report.lines).toBe(15);
    expect(report.records).toBe(13);
    expect(report.added).toBe(4);
    expect(report.rejectedLines).toBe(9);
    const where = report.rejected.map((r) => `${r.line}:${r.path}`);
    expect(where).toEqual([
      '2:',
      '4:via',
      '4:credibility',
      '5:kind',
      '6:occurred',
      '7:source.published',
      '9:__proto__',
      '12:controller',
      '13:colour',
      '14:mission',
    ]);
    expect(report.rejected.find((r) => r.line === 6)?.message).toMatch(/2023-02-30/);
    expect(report.rejected.find((r) => r.line === 12)?.message).toMatch(
      /unknown controller "Northern Alliance".*taliban/,
    );

    expect((await claims(store)).map((c) => c.claimId).sort()).toEqual([
      'good-1',
      'good-2',
      'long',
      'script',
    ]);
    const stored = await claims(store);
    expect(stored.find((c) => c.claimId === 'script')?.quote).toBe(script);
    expect(stored.find((c) => c.claimId === 'long')?.quote).toHaveLength(longQuote.length);
    expect(stored.find((c) => c.claimId === 'good-2')?.occurred).toMatchObject({
      latest: '2023-03-28',
      anchor: '2023-03-28',
    });
    expect(Object.prototype).not.toHaveProperty('polluted');

    expect(report.rejectsPath).toBe(rejectsPath);
    const rejects = readFileSync(rejectsPath, 'utf8').split('\n');
    expect(rejects).toEqual([2, 4, 5, 6, 7, 9, 12, 13, 14].map((n) => lines[n - 1]).concat(['']));
  });

  it('writes no rejects file when nothing is rejected', async () => {
    const report = await ingest(new MemoryEventStore(), [claimRecord()], {
      rejectsPath: join(dir, 'none.ndjson'),
    });
    expect(report.rejectsPath).toBeNull();
    expect(report.rejected).toEqual([]);
  });

  it('refuses a rejects path that is the input itself, or a link to it, before reading a line', async () => {
    const text = ndjson([claimRecord({ id: 'kept-1' }), '{"broken":', claimRecord({ id: 'kept-2' })]);
    const path = file('self.ndjson', text);
    const link = join(dir, 'self-link.ndjson');
    symlinkSync(path, link);
    for (const rejectsPath of [path, link, join(dir, '.', 'self.ndjson')]) {
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
    const rejectsPath = join(dir, 'all-bad.rejects.ndjson');
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
    const path = join(dir, 'cp1252.ndjson');
    writeFileSync(path, Buffer.concat([before!, cp1252!, after!]));
    const rejectsPath = join(dir, 'cp1252.rejects.ndjson');
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
    const report = await ingest(store, path, { rejectsPath: join(dir, 'too-long.rejects.ndjson') });
    expect(report).toMatchObject({ lines: 3, records: 3, added: 2, rejectedLines: 1 });
    expect(report.rejected).toEqual([
      { line: 2, path: '', message: expect.stringContaining('longer than 16,777,216 characters') },
    ]);
    // Its text was never held whole, so there is none to copy: no rejects file.
    expect(report.rejectsPath).toBeNull();
    expect((await claims(store)).map((c) => c.claimId).sort()).toEqual(['after', 'before']);
  });
});

describe('ingest: idempotence', () => {
  it('adds nothing the second time and says how many were already present', async () => {
    const store = openSqliteStore({ path: join(dir, 'kb.sqlite') });
    const path = file(
      'claims.ndjson',
      ndjson([
        claimRecord({ id: 'a' }),
        claimRecord({ id: 'b' }),
        claimRecord({ id: undefined, quote: 'no id' }),
      ]),
    );
    const first = await ingest(store, path);
    const count = (await all(store)).length;
    const second = await ingest(store, path);
    expect(first).toMatchObject({ added: 3, skipped: 0 });
    expect(second).toMatchObject({ added: 0, skipped: 3, eventsAppended: 0, rejected: [] });
    expect(await all(store)).toHaveLength(count);
    await store.close();
  });

  it('rejects a stored claim id offered with other content, pointing at correction records', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'a' })]);
    const report = await ingest(store, [
      claimRecord({ id: 'b' }),
      claimRecord({ id: 'a', stance: 'denies' }),
    ]);
    expect(report.added).toBe(1);
    expect(report.rejected).toEqual([
      { line: 2, path: 'id', message: expect.stringContaining('correction record') },
    ]);
    expect((await claims(store)).find((c) => c.claimId === 'a')?.stance).toBe('asserts');
  });

  it('rejects a repeated id with other content within one batch, and skips an exact repeat', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'a' }),
      claimRecord({ id: 'a', quote: 'other' }),
      claimRecord({ id: 'a' }),
    ]);
    expect(report).toMatchObject({ added: 1, skipped: 1, rejectedLines: 1 });
    expect(report.rejected[0]).toMatchObject({ line: 2, path: 'id' });
  });
});

describe('ingest: batches are all or nothing', () => {
  it('stores nothing of a batch that fails inside its transaction, and reports the batches committed', async () => {
    const store = openSqliteStore({ path: join(dir, 'kb.sqlite') });
    // A trigger makes the third claim's insert fail half-way through the second batch.
    const doomed = deterministicId('ClaimRecorded', 'c3');
    store.database.exec(
      `CREATE TRIGGER crash BEFORE INSERT ON events WHEN NEW.id = '${doomed}' BEGIN SELECT RAISE(ABORT, 'simulated crash'); END;`,
    );
    const records = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'].map((id, i) =>
      claimRecord({ id, mission: { country: 'Uzbekistan', city: `City ${i}`, kind: 'embassy' } }),
    );
    const failure = await ingest(store, records, { batchSize: 2 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(IngestAbortedError);
    expect((failure as IngestAbortedError).report).toMatchObject({ batches: 1, added: 2 });
    const events = await all(store);
    expect((await claims(store)).map((c) => c.claimId)).toEqual(['c0', 'c1']);
    // c2 shared the failed batch with c3: neither it nor its mission registration was kept.
    expect(events.some((e) => e.stream === 'mission-uz-city-2-embassy')).toBe(false);

    store.database.exec('DROP TRIGGER crash');
    const rerun = await ingest(store, records, { batchSize: 2 });
    expect(rerun).toMatchObject({ added: 4, skipped: 2, batches: 3 });
    await store.close();
  });

  it('stops between records when its signal aborts, commits what it read, and a rerun goes on from there', async () => {
    const store = openSqliteStore({ path: join(dir, 'kb.sqlite') });
    const records = Array.from({ length: 10 }, (_, i) =>
      claimRecord({ id: `s${i}`, mission: { country: 'Uzbekistan', city: `Town ${i}`, kind: 'embassy' } }),
    );
    const stop = new AbortController();
    // Aborted while the fifth record is being read: the four read before it are committed, in a
    // batch of three and a batch of one; the fifth is not taken, and nothing after it is read.
    let seen = 0;
    async function* input() {
      for (const record of records) {
        seen++;
        if (seen === 5) stop.abort(new Error('interrupted by SIGINT'));
        yield record;
      }
    }
    const failure = await ingest(store, input(), { batchSize: 3, signal: stop.signal }).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(IngestInterruptedError);
    expect(failure).toBeInstanceOf(IngestAbortedError);
    expect((failure as Error).message).toMatch(/interrupted by SIGINT/);
    expect((failure as IngestInterruptedError).report).toMatchObject({ lines: 4, added: 4, batches: 2 });
    expect(seen).toBe(5);
    expect((await claims(store)).map((c) => c.claimId)).toEqual(['s0', 's1', 's2', 's3']);

    const rerun = await ingest(store, records, { batchSize: 3 });
    expect(rerun).toMatchObject({ added: 6, skipped: 4 });
    expect((await claims(store)).map((c) => c.claimId)).toEqual(records.map((r) => r['id']));
    expect((await store.verify()).ok).toBe(true);
    await store.close();
  });

  it('keeps no memory per record read for its signal: a long run with one holds steady', async () => {
    const gc = garbageCollector();
    const store = new MemoryEventStore();
    const lines = 300_000;
    // Blank lines cost the run next to nothing but the read itself and its race with the signal.
    const blank = function* () {
      for (let i = 0; i < lines; i++) yield '';
    };
    await ingest(store, blank(), { signal: new AbortController().signal }); // warm up
    gc();
    const before = process.memoryUsage().heapUsed;
    let after = 0;
    const report = await ingest(store, blank(), {
      signal: new AbortController().signal,
      onProgress: () => {
        gc();
        after = process.memoryUsage().heapUsed;
      },
    });
    expect(report.lines).toBe(lines);
    // Measured before the run lets go of anything: a reaction kept per read came to about 100 MB here.
    expect((after - before) / 1e6).toBeLessThan(20);
  });

  it('stops on its signal while waiting for input that does not come, committing what it read', async () => {
    const store = new MemoryEventStore();
    const stop = new AbortController();
    // Two records, then a source gone quiet (a pipe nobody writes to): without the signal this never ends.
    async function* input() {
      yield claimRecord({ id: 'q0' });
      yield claimRecord({ id: 'q1', mission: { country: 'Uzbekistan', city: 'Termez', kind: 'consulate' } });
      await new Promise(() => undefined);
    }
    const running = ingest(store, input(), { batchSize: 10, signal: stop.signal }).catch((e: unknown) => e);
    setTimeout(() => stop.abort(new Error('interrupted by SIGTERM')), 20);
    const failure = await running;
    expect(failure).toBeInstanceOf(IngestInterruptedError);
    expect((failure as IngestInterruptedError).report).toMatchObject({ lines: 2, added: 2, batches: 1 });
    expect((await claims(store)).map((c) => c.claimId)).toEqual(['q0', 'q1']);
  });
});

describe('ingest: resolution and links', () => {
  it('resolves Khorog, Khorugh and a Khorogh id to one mission, registered once', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'a' }),
      claimRecord({ id: 'b', mission: { country: 'tajikistan', city: 'Khorugh', kind: 'consulate' } }),
      claimRecord({ id: 'c', mission: 'tj-khorogh-consulate' }),
    ]);
    expect(report.added).toBe(3);
    const events = await all(store);
    expect(events.filter((e) => e.type === 'MissionRegistered').map((e) => e.stream)).toEqual([
      'mission-tj-khorog-consulate',
    ]);
    expect(new Set((await claims(store)).map((c) => c.missionId))).toEqual(new Set(['tj-khorog-consulate']));
  });

  it('keeps the citation chain, links a denial to what it denies, and resolves the claimant', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [
      claimRecord({ id: 'Diplomat 2023-03 Khorog Visit' }),
      claimRecord({
        id: 'denial',
        stance: 'denies',
        controller: 'unknown',
        claimant: 'Embassy of Afghanistan in Tajikistan',
        via: [{ name: 'Tolo News', relation: 'cites' }],
        respondsTo: 'Diplomat 2023-03 Khorog Visit',
      }),
    ]);
    const [visit, denial] = await claims(store);
    expect(visit?.claimId).toBe('diplomat-2023-03-khorog-visit');
    expect(visit?.claimant).toEqual({ asWritten: 'Taliban Foreign Ministry spokesman', actorId: 'taliban' });
    expect(denial).toMatchObject({
      respondsTo: 'diplomat-2023-03-khorog-visit',
      via: [{ name: 'Tolo News', relation: 'cites' }],
      claimant: { asWritten: 'Embassy of Afghanistan in Tajikistan', actorId: null },
      controller: 'unknown',
    });
  });

  it('refuses a claim that answers itself, recorded so or corrected so, however its id is spelt', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'Self Reply', stance: 'denies', respondsTo: 'self-reply' }),
      claimRecord({ id: 'kept' }),
      { type: 'correction', claim: 'kept', changes: { respondsTo: 'KEPT' }, reason: 'slip' },
    ]);
    expect(report.rejected).toEqual([
      {
        line: 1,
        path: 'respondsTo',
        message: 'names this claim itself ("self-reply"); a claim answers another claim',
      },
      {
        line: 3,
        path: 'changes.respondsTo',
        message: 'names the corrected claim itself ("kept"); a claim answers another claim',
      },
    ]);
    expect((await claims(store)).map((c) => c.claimId)).toEqual(['kept']);
  });

  it('records run id, correlation and causation in every event', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'a' })], { runId: 'run-1' });
    const events = await all(store);
    expect(events.map((e) => e.type).sort()).toEqual([
      'ActorRegistered',
      'ClaimRecorded',
      'MissionRegistered',
      'ReportCaptured',
      'SourceRegistered',
    ]);
    for (const event of events)
      expect(event.metadata).toEqual({ ingestRunId: 'run-1', correlationId: 'run-1', causationId: 'a' });
  });

  it('derives a stable id from the content when a record has none', async () => {
    const store = new MemoryEventStore();
    const record = claimRecord({ id: undefined });
    const first = await ingest(store, [record]);
    const second = await ingest(store, [{ ...record }]);
    expect([first.added, second.skipped]).toEqual([1, 1]);
    expect((await claims(store))[0]?.claimId).toMatch(/^tj-khorog-consulate-visit-[0-9a-f]{16}$/);
  });
});

describe('ingest: retractions, corrections and raw events', () => {
  it('appends a retraction and a correction behind their claim, and refuses ones for unknown claims', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'a' }),
      { type: 'retraction', claim: 'a', reason: 'the ministry withdrew the statement' },
      {
        type: 'correction',
        claim: 'a',
        changes: { occurred: 'earlier', controller: 'IEA' },
        reason: 'misread date',
        by: 'analyst',
      },
      { type: 'retraction', claim: 'nope', reason: 'x' },
    ]);
    expect(report.added).toBe(3);
    expect(report.rejected).toEqual([
      { line: 4, path: 'claim', message: expect.stringContaining('no claim "nope"') },
    ]);
    const stream: StoredEvent[] = [];
    for await (const e of store.readStream('claim-a')) stream.push(e);
    expect(stream.map((e) => e.type)).toEqual(['ClaimRecorded', 'ClaimRetracted', 'ClaimCorrected']);
    expect(stream[2]?.data).toMatchObject({
      changes: { controller: 'taliban', occurred: { text: 'earlier', anchor: '2023-03-28' } },
      correctedBy: 'analyst',
    });
    // A later run finds the claim in the store and stores the same retraction only once.
    const again = await ingest(store, [
      { type: 'retraction', claim: 'a', reason: 'the ministry withdrew the statement' },
    ]);
    expect(again).toMatchObject({ added: 0, skipped: 1 });
  });

  it('keeps the credibility of a claim whose correction does not name one', async () => {
    const store = new MemoryEventStore();
    const correction = {
      type: 'correction',
      claim: 'graded',
      changes: { occurred: '2023-03-24' },
      reason: 'misread the date',
      by: 'analyst',
    };
    await ingest(store, [claimRecord({ id: 'graded', credibility: 2 }), correction]);
    const stored = (await all(store)).find((e) => e.type === 'ClaimCorrected')!;
    expect(stored.version).toBe(2);
    // Only the date: with credibility 6 in its changes it would reset the claim's 2 (v1 did).
    expect(Object.keys((stored.data as { changes: object }).changes)).toEqual(['occurred']);
    // Sent again, it is the same correction.
    expect(await ingest(store, [correction])).toMatchObject({ added: 0, skipped: 1 });
  });

  it('finds a correction stored at v1 (credibility 6 written beside its changes) when it is sent again', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'old', credibility: 2 })]);
    const changes = {
      occurred: { text: '2023-03-24', earliest: '2023-03-24', latest: '2023-03-24', anchor: null },
    };
    // Exactly what the v1 writer appended: the default in the changes and in the event's key.
    const v1Changes = { ...changes, credibility: 6 };
    await store.append('claim-old', [
      {
        id: deterministicId('ClaimCorrected', 'old', canonicalJson(v1Changes), 'misread the date', 'analyst'),
        type: 'ClaimCorrected',
        version: 1,
        data: { claimId: 'old', changes: v1Changes, reason: 'misread the date', correctedBy: 'analyst' },
      },
    ]);
    const again = await ingest(store, [
      {
        type: 'correction',
        claim: 'old',
        changes: { occurred: '2023-03-24' },
        reason: 'misread the date',
        by: 'analyst',
      },
    ]);
    expect(again.rejected).toEqual([]);
    expect(again).toMatchObject({ added: 0, skipped: 1 });
    const stored = (await all(store)).filter((e) => e.type === 'ClaimCorrected');
    expect(stored.map((e) => e.version)).toEqual([1]);
  });

  it('finds a raw ClaimCorrected event stored at v1 when the same event record is sent again', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'raw' })]);
    const occurred = { text: '2023-03-24', earliest: '2023-03-24', latest: '2023-03-24', anchor: null };
    const data = {
      claimId: 'raw',
      changes: { occurred },
      reason: 'misread the date',
      correctedBy: 'analyst',
    };
    // The v1 writer keyed and stored the data with the credibility default in its changes.
    const v1Data = { ...data, changes: { occurred, credibility: 6 } };
    await store.append('claim-raw', [
      {
        id: deterministicId('event', 'ClaimCorrected', canonicalJson(v1Data)),
        type: 'ClaimCorrected',
        version: 1,
        data: v1Data,
      },
    ]);
    const again = await ingest(store, [{ type: 'event', event: { type: 'ClaimCorrected', data } }]);
    expect(again.rejected).toEqual([]);
    expect(again).toMatchObject({ added: 0, skipped: 1 });
    expect((await all(store)).filter((e) => e.type === 'ClaimCorrected')).toHaveLength(1);
  });

  it('names the claim id a retraction or correction most likely meant', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'khorog-visit-2023-03-23' })]);
    const report = await ingest(
      store,
      [
        { type: 'retraction', claim: 'khorog-vist-2023-03-23', reason: 'withdrawn' }, // a stored claim, one slip away
        claimRecord({ id: 'ashgabat-handover' }),
        { type: 'retraction', claim: 'ashgabat-handovr', reason: 'withdrawn' }, // earlier in the same batch
        claimRecord({ id: 'termez-takeover' }),
        {
          type: 'correction',
          claim: 'termez-takover',
          changes: { occurred: '2022' },
          reason: 'r',
        }, // committed by this run (lines 2 and 4 were a batch) after line 1 read the stored ids
        { type: 'retraction', claim: 'nothing-like-it', reason: 'withdrawn' },
      ],
      { batchSize: 2 },
    );
    expect(report.rejected.map((r) => [r.line, r.message])).toEqual([
      [
        1,
        'no claim "khorog-vist-2023-03-23" is stored or earlier in this input; did you mean "khorog-visit-2023-03-23"?',
      ],
      [
        3,
        'no claim "ashgabat-handovr" is stored or earlier in this input; did you mean "ashgabat-handover"?',
      ],
      [5, 'no claim "termez-takover" is stored or earlier in this input; did you mean "termez-takeover"?'],
      [6, 'no claim "nothing-like-it" is stored or earlier in this input; ingest the claim first'],
    ]);
  });

  it("notes a record's grade for an outlet graded otherwise: stored all the same, not regraded", async () => {
    const store = new MemoryEventStore();
    const graded = (id: string, outlet: string, reliability?: string) =>
      claimRecord({
        id,
        source: { outlet, published: '2023-03-28', ...(reliability === undefined ? {} : { reliability }) },
      });
    // The Diplomat is in the store already, graded D.
    await ingest(store, [graded('first', 'The Diplomat', 'D')]);
    const regrade = {
      type: 'event',
      event: {
        type: 'SourceGraded',
        data: { sourceId: 'eurasianet', reliability: 'B', rationale: 'track record', gradedBy: 'analyst' },
      },
    };
    const report = await ingest(
      store,
      [
        graded('a', 'The Diplomat'), // 1: no grade given: nothing to note
        graded('b', 'The Diplomat', 'B'), // 2: the store says D
        graded('c', 'The Diplomat', 'D'), // 3: the same grade
        graded('d', 'Tolo News'), // 4: registers Tolo News at F
        graded('e', 'Tolo News', 'A'), // 5: graded F by line 4, earlier in this run
        graded('f', 'Eurasianet', 'C'), // 6: registers Eurasianet at C
        regrade, // 7: regrades it B
        graded('g', 'Eurasianet', 'B'), // 8: agrees with the regrade
        graded('h', 'Eurasianet', 'C'), // 9: no longer
        graded('i', 'The Diplomat', 'Z'), // 10: not a grade at all: rejected, not noted
        graded('j', 'The Diplomat', 'B'), // 11: line 2's note again
        graded('k', 'The Diplomat', 'B'), // 12: and again
      ],
      { batchSize: 3 },
    );
    expect(report).toMatchObject({ added: 11, rejectedLines: 1 });
    // One note per distinct note, at its first line, counting the lines that gave it.
    expect(
      report.notices.map((n) => [n.line, n.lines, n.path, n.message.slice(0, n.message.indexOf(';'))]),
    ).toEqual([
      [2, 3, 'source.reliability', 'The Diplomat is graded D'],
      [5, 1, 'source.reliability', 'Tolo News is graded F'],
      [9, 1, 'source.reliability', 'Eurasianet is graded B'],
    ]);
    expect(report.notices[0]?.message).toMatch(
      /so B was not applied \(send a SourceGraded event record to regrade it\)$/,
    );
    // Nothing was regraded by the records themselves.
    const grades = (await all(store))
      .filter((e) => e.type === 'SourceRegistered' || e.type === 'SourceGraded')
      .map((e) => [
        e.type,
        (e.data as { sourceId: string }).sourceId,
        (e.data as { reliability: string }).reliability,
      ]);
    expect(grades).toEqual([
      ['SourceRegistered', 'the-diplomat', 'D'],
      ['SourceRegistered', 'tolo-news', 'F'],
      ['SourceRegistered', 'eurasianet', 'C'],
      ['SourceGraded', 'eurasianet', 'B'],
    ]);
  });

  it('refuses an event record about a subject nobody registered, naming the field', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'known' })]);
    const event = (type: string, data: Record<string, unknown>) => ({ type: 'event', event: { type, data } });
    const grade = { reliability: 'B', rationale: 'r', gradedBy: 'analyst' };
    const report = await ingest(store, [
      event('SourceGraded', { sourceId: 'no-such-outlet', ...grade }), // 1
      event('SourceGraded', { sourceId: 'the-diplomat', ...grade }), // 2: registered by the claim
      event('AliasAdded', { subject: 'mission', id: 'xx-nowhere-embassy', alias: 'Nowhere' }), // 3
      event('AliasAdded', { subject: 'actor', id: 'republic', alias: 'the old government' }), // 4: built in
      event('ReportRevised', { reportId: 'no-such-report', changes: { title: 't' }, reason: 'r' }), // 5
      event('ClaimAssessed', {
        claimId: 'unknown-claim',
        credibility: 2,
        likelihood: null,
        rationale: 'r',
        assessedBy: 'a',
        assessedOn: null,
      }), // 6
      event('ClaimCorrected', {
        claimId: 'known',
        changes: { missionId: 'xx-nowhere-embassy' },
        reason: 'r',
        correctedBy: 'a',
      }), // 7
      event('MissionRegistered', {
        missionId: 'xx-nowhere-embassy',
        name: 'Embassy in Nowhere',
        kind: 'embassy',
        country: 'Nowhere',
        city: 'Nowhere',
        aliases: [],
      }), // 8
      event('AliasAdded', { subject: 'mission', id: 'xx-nowhere-embassy', alias: 'Nowhere' }), // 9: now it is
    ]);
    expect(report.rejected.map((r) => [r.line, r.path, r.message.slice(0, r.message.indexOf(';'))])).toEqual([
      [1, 'event.data.sourceId', 'no source "no-such-outlet" is stored or earlier in this input'],
      [3, 'event.data.id', 'no mission "xx-nowhere-embassy" is stored or earlier in this input'],
      [5, 'event.data.reportId', 'no report "no-such-report" is stored or earlier in this input'],
      [6, 'event.data.claimId', 'no claim "unknown-claim" is stored or earlier in this input'],
      [
        7,
        'event.data.changes.missionId',
        'no mission "xx-nowhere-embassy" is stored or earlier in this input',
      ],
    ]);
    expect(report.added).toBe(4);
    const streams = (await all(store)).map((e) => e.stream);
    expect(streams).toContain('actor-republic'); // registered by the alias that named it
    expect(streams.filter((s) => s === 'source-no-such-outlet')).toEqual([]);
  });

  it('notes a report or mission described otherwise than when it was first registered', async () => {
    const store = new MemoryEventStore();
    const mission = { country: 'Tajikistan', city: 'Khorog', kind: 'consulate', name: 'Consulate in Khorog' };
    await ingest(store, [
      claimRecord({ id: 'first', mission, source: { ...SOURCE, author: 'Catherine Putz' } }),
    ]);
    const report = await ingest(store, [
      claimRecord({ id: 'same', mission, source: { ...SOURCE, author: 'Catherine Putz' } }), // 1: agrees
      claimRecord({
        id: 'title',
        source: { ...SOURCE, title: 'Another headline', author: 'Catherine Putz' },
      }), // 2
      claimRecord({ id: 'renamed', mission: { ...mission, name: 'Afghan consulate, Khorog' } }), // 3: no author given: nothing to say of it
      claimRecord({
        id: 'new-1',
        source: { outlet: 'Tolo News', url: 'https://tolonews.com/a', published: '2023-04-02', author: 'A' },
      }), // 4
      claimRecord({
        id: 'new-2',
        source: { outlet: 'Tolo News', url: 'https://tolonews.com/a', published: '2023-04-02', author: 'B' },
      }), // 5: same batch
    ]);
    expect(report).toMatchObject({ added: 5, rejectedLines: 0 });
    expect(report.notices.map((n) => [n.line, n.path, n.message])).toEqual([
      [
        2,
        'source',
        'report "the-diplomat-2023-03-28-f79c437df7" stays as first registered: title "Taliban’s Diplomatic Presence Growing in Central Asia" (this line: "Another headline")',
      ],
      [
        3,
        'mission',
        'mission "tj-khorog-consulate" stays as first registered: name "Consulate in Khorog" (this line: "Afghan consulate, Khorog")',
      ],
      [
        5,
        'source',
        expect.stringMatching(
          /^report "tolo-news-2023-04-02-[0-9a-f]{10}" stays as first registered: author "A" \(this line: "B"\)$/,
        ),
      ],
    ]);
  });

  it('notes a line in a later batch of the run that describes a report or mission otherwise', async () => {
    const store = new MemoryEventStore();
    const mission = { country: 'Tajikistan', city: 'Khorog', kind: 'consulate', name: 'Consulate in Khorog' };
    const first = await ingest(
      store,
      [
        claimRecord({ id: 'a', mission, source: { ...SOURCE, author: 'Catherine Putz' } }), // 1: registers both
        claimRecord({ id: 'b', mission, source: { ...SOURCE, author: 'Catherine Putz' } }), // 2: agrees
        claimRecord({ id: 'c', source: { ...SOURCE, author: 'Someone Else' } }), // 3
        claimRecord({ id: 'd', mission: { ...mission, name: 'Afghan consulate, Khorog' } }), // 4
      ],
      { batchSize: 1 },
    );
    expect(first).toMatchObject({ added: 4, rejectedLines: 0 });
    expect(first.notices.map((n) => [n.line, n.path, n.message])).toEqual([
      [
        3,
        'source',
        'report "the-diplomat-2023-03-28-f79c437df7" stays as first registered: author "Catherine Putz" (this line: "Someone Else")',
      ],
      [
        4,
        'mission',
        'mission "tj-khorog-consulate" stays as first registered: name "Consulate in Khorog" (this line: "Afghan consulate, Khorog")',
      ],
    ]);

    // A later run meets the registration stored by the first one, and keeps comparing with it.
    const second = await ingest(
      store,
      [
        claimRecord({ id: 'e', source: { ...SOURCE, author: 'Someone Else' } }), // 1: found stored
        claimRecord({ id: 'f', source: { ...SOURCE, author: 'Someone Else' } }), // 2: a later batch
        claimRecord({ id: 'g', source: { ...SOURCE, author: 'Catherine Putz' } }), // 3: agrees
      ],
      { batchSize: 1 },
    );
    expect(second).toMatchObject({ added: 3, rejectedLines: 0 });
    expect(second.notices.map((n) => [n.line, n.lines])).toEqual([[1, 2]]);
    expect(second.notices[0]?.message).toContain('author "Catherine Putz" (this line: "Someone Else")');
  });

  it('accepts a new actor by event record, after which claims may name it as controller', async () => {
    const store = new MemoryEventStore();
    const actor = {
      type: 'event',
      event: {
        type: 'ActorRegistered',
        data: { actorId: 'nrf', name: 'National Resistance Front', kind: 'faction', aliases: ['NRF'] },
      },
    };
    const report = await ingest(store, [
      claimRecord({ id: 'early', controller: 'NRF' }),
      actor,
      claimRecord({ id: 'late', controller: 'NRF' }),
    ]);
    expect(report.rejected.map((r) => `${r.line}:${r.path}`)).toEqual(['1:controller']);
    expect((await claims(store)).map((c) => [c.claimId, c.controller])).toEqual([['late', 'nrf']]);
    // A later run learns the actor from the store.
    expect(
      (await ingest(store, [claimRecord({ id: 'later', controller: 'national resistance front' })])).added,
    ).toBe(1);
  });

  it('reports a raw event that fails its schema by field path', async () => {
    const report = await ingest(new MemoryEventStore(), [
      {
        type: 'event',
        event: {
          type: 'SourceGraded',
          data: { sourceId: 'x', reliability: 'Z', rationale: 'r', gradedBy: 'me' },
        },
      },
      { type: 'event', event: { type: 'Nonsense', data: {} } },
    ]);
    expect(report.rejected.map((r) => `${r.line}:${r.path}`)).toEqual([
      '1:event.data.reliability',
      '2:event.type',
    ]);
  });
});

describe('ingest: inputs', () => {
  it('reads a JSON array file and reports elements by the line they start on', async () => {
    const path = file(
      'claims.json',
      `[\n${JSON.stringify(claimRecord({ id: 'a' }), null, 2)},\n{"kind": 5}\n]\n`,
    );
    const report = await ingest(new MemoryEventStore(), path, { rejectsPath: join(dir, 'r.ndjson') });
    expect(report.added).toBe(1);
    const elementLine = 2 + JSON.stringify(claimRecord({ id: 'a' }), null, 2).split('\n').length;
    expect(new Set(report.rejected.map((r) => r.line))).toEqual(new Set([elementLine]));
    expect(readFileSync(join(dir, 'r.ndjson'), 'utf8')).toBe('{"kind": 5}\n');
  });

  it('fails plainly on a missing file, before writing anything', async () => {
    const store = new MemoryEventStore();
    await expect(ingest(store, join(dir, 'missing.ndjson'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await all(store)).toEqual([]);
  });

  it('reads an async iterable of JSON strings and reports progress', async () => {
    async function* records() {
      for (let i = 0; i < 5; i++) yield JSON.stringify(claimRecord({ id: `r${i}` }));
    }
    const seen: IngestProgress[] = [];
    const report = await ingest(new MemoryEventStore(), records(), {
      batchSize: 2,
      onProgress: (p) => seen.push(p),
    });
    expect(report).toMatchObject({ lines: 5, added: 5, batches: 3 });
    expect(seen.map((p) => p.added)).toEqual([2, 4, 5, 5]);
    expect(seen.at(-1)?.totalBytes).toBeNull();
  });
});
