// Ingest run twice, and cut short: idempotence, all-or-nothing batches, stopping on a signal.
import { join } from 'node:path';
import { deterministicId, MemoryEventStore, openSqliteStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { garbageCollector } from '../../testing/collect-garbage.js';
import { ingest } from '../run/ingest.js';
import { IngestAbortedError, IngestInterruptedError } from '../run/ingest-report.js';
import { all, claims, folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord, ndjson } from '../test-kit/test-records.js';
import { FirstLines } from './first-lines.js';

const folder = folderPerTest();
const { file } = folder;

describe('ingest: idempotence', () => {
  it('adds nothing the second time and says how many were already present', async () => {
    const store = openSqliteStore({ path: join(folder.dir, 'kb.sqlite') });
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
    expect(report.rejected[0]?.message).toMatch(
      /^claim "a" is already stored with different content \(stance differs\);/,
    );
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
    expect(report.rejected[0]?.message).toContain(
      'claim "a" appears earlier in this input (line 1) with different content (quote differs);',
    );
  });

  it('compares a line with what is stored when the earlier line with its id was refused, and lists problems by line', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'a' })]);
    const report = await ingest(store, [
      claimRecord({ id: 'a', stance: 'denies' }), // 1: clashes with the stored claim: refused
      claimRecord({ id: 'A' }), // 2: the stored claim exactly: already present
      claimRecord({ id: 'b', occurred: '2023-02-30' }), // 3: refused before any commit
      claimRecord({ id: 'a', quote: 'other' }), // 4: clashes with the stored claim
    ]);
    expect(report).toMatchObject({ added: 0, skipped: 1, rejectedLines: 3 });
    expect(report.rejected.map((r) => [r.line, r.path])).toEqual([
      [1, 'id'],
      [3, 'occurred'],
      [4, 'id'],
    ]);
    expect(report.rejected[0]?.message).toMatch(
      /^claim "a" is already stored with different content \(stance differs\)/,
    );
    // Line 2 stands for what is stored now.
    expect(report.rejected[2]?.message).toMatch(
      /^claim "a" appears earlier in this input \(line 2\) with different content \(quote differs\)/,
    );
    expect((await claims(store)).map((c) => [c.claimId, c.stance])).toEqual([['a', 'asserts']]);
  });
});

describe('ingest: a repeated id with other content is refused in the same words whatever the batch size', () => {
  const claim = (i: number, quote = `quote ${i}`) =>
    claimRecord({
      id: `c${i}`,
      mission: { country: 'Uzbekistan', city: `Town ${i}`, kind: 'embassy' },
      quote,
    });
  const originals = Array.from({ length: 15 }, (_, i) => claim(i + 1));
  const changed = Array.from({ length: 15 }, (_, i) => claim(i + 1, 'other'));
  const batchSizes = [1, 2, undefined];

  it.each(batchSizes)('a claim this run stored is named by its line (batch size %s)', async (batchSize) => {
    const store = new MemoryEventStore();
    const report = await ingest(
      store,
      [...originals, ...changed],
      batchSize === undefined ? {} : { batchSize },
    );
    expect(report).toMatchObject({ added: 15, rejectedLines: 15 });
    expect(report.rejected).toEqual(
      changed.map((_, i) => ({
        line: 16 + i,
        path: 'id',
        message: `claim "c${i + 1}" appears earlier in this input (line ${i + 1}) with different content (quote differs); send a correction record to change it`,
      })),
    );
  });

  it.each(batchSizes)(
    'a claim stored before the run is named by the line that stood for it, else as stored (batch size %s)',
    async (batchSize) => {
      const store = new MemoryEventStore();
      await ingest(store, originals);
      // Lines 1-3 are three stored claims again; lines 4-6 change them, lines 7-9 change three others.
      const input = [...originals.slice(0, 3), ...changed.slice(0, 3), ...changed.slice(3, 6)];
      const report = await ingest(store, input, batchSize === undefined ? {} : { batchSize });
      expect(report).toMatchObject({ added: 0, skipped: 3, rejectedLines: 6 });
      expect(
        report.rejected.map((r) => r.message.slice(0, r.message.indexOf(' with different content'))),
      ).toEqual([
        'claim "c1" appears earlier in this input (line 1)',
        'claim "c2" appears earlier in this input (line 2)',
        'claim "c3" appears earlier in this input (line 3)',
        'claim "c4" is already stored',
        'claim "c5" is already stored',
        'claim "c6" is already stored',
      ]);
    },
  );

  it.each(batchSizes)(
    'the line named is the first that stood for the claim, not a repeat of it (batch size %s)',
    async (batchSize) => {
      const store = new MemoryEventStore();
      // With batches of 2, line 3 repeats line 1 in the batch line 4 changes it in.
      const input = [originals[0], originals[1], originals[0], changed[0]];
      const report = await ingest(store, input, batchSize === undefined ? {} : { batchSize });
      expect(report).toMatchObject({ added: 2, skipped: 1, rejectedLines: 1 });
      expect(report.rejected[0]?.message).toMatch(
        /^claim "c1" appears earlier in this input \(line 1\) with/,
      );
    },
  );

  it('a claim this run stored whose line is forgotten is named by its log position', async () => {
    const store = new MemoryEventStore();
    await ingest(store, originals.slice(0, 3), { runId: 'run-1' });
    const events = await all(store);
    const stored = (id: string) => events.find((e) => e.stream === `claim-${id}`)!;
    const lines = new FirstLines('run-1', 1);
    lines.taken(
      ['c1', 'c2', 'c3'].map((id, i) => ({
        line: i + 1,
        text: '',
        key: id,
        own: [{ stream: `claim-${id}`, event: stored(id) }],
        needs: [],
        notices: [],
        claim: { claimId: id, published: '2023-03-28' },
      })),
    );
    expect(lines.earlier(stored('c1'))).toEqual({ position: stored('c1').position });
    expect(lines.earlier(stored('c3'))).toEqual({ line: 3 });
    expect(new FirstLines('run-2').earlier(stored('c1'))).toBeNull();
    // An id of another shape than ingest derives is remembered as it is.
    const odd = { ...stored('c1'), id: 'an-id-of-another-shape' };
    const other = new FirstLines('run-2');
    other.taken([
      {
        line: 7,
        text: '',
        key: 'c1',
        own: [{ stream: 'claim-c1', event: odd }],
        needs: [],
        notices: [],
        claim: { claimId: 'c1', published: '2023-03-28' },
      },
    ]);
    expect([other.earlier(odd), other.earlier(stored('c1'))]).toEqual([{ line: 7 }, null]);
  });

  it('remembers the lines of at least the last 50,000 claims taken, and none past 100,000', () => {
    const lines = new FirstLines('run-1');
    const id = (i: number) => (i % 2 === 0 ? deterministicId('ClaimRecorded', `c${i}`) : `claim id ${i}`);
    const record = (i: number) => ({
      line: i + 1,
      text: '',
      key: `c${i}`,
      own: [{ stream: `claim-c${i}`, event: { id: id(i), type: 'ClaimRecorded', version: 2, data: {} } }],
      needs: [],
      notices: [],
      claim: { claimId: `c${i}`, published: '2023-03-28' },
    });
    const taken = 120_000;
    for (let from = 0; from < taken; from += 100)
      lines.taken(Array.from({ length: 100 }, (_, k) => record(from + k)));
    const twin = (i: number) => ({
      ...record(i).own[0]!.event,
      metadata: {},
      stream: '',
      revision: 0,
      position: i,
      recordedAt: '',
      hash: '',
      prevHash: '',
    });
    const found = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) => lines.earlier(twin(from + k))).filter((e) => e !== null);
    expect(found(taken - 50_000, taken)).toEqual(
      Array.from({ length: 50_000 }, (_, k) => ({ line: taken - 50_000 + k + 1 })),
    );
    expect(found(0, taken - 100_000)).toEqual([]);
  });
});

describe('ingest: batches are all or nothing', () => {
  it('stores nothing of a batch that fails inside its transaction, and reports the batches committed', async () => {
    const store = openSqliteStore({ path: join(folder.dir, 'kb.sqlite') });
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
    const store = openSqliteStore({ path: join(folder.dir, 'kb.sqlite') });
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
