// A correction held on a re-run (held-corrections.ts) is released only by a later line the store
// then takes: one refused at commit, or at preparing for clashing with an earlier line, leaves it
// waiting, to be released by a later line or rejected at the end of the run.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import type { PreparedRecord } from '../prepare/prepared-record.js';
import { ingest } from '../run/ingest.js';
import { IngestInterruptedError } from '../run/ingest-report.js';
import { claimRecord } from '../test-kit/test-records.js';
import { HeldCorrections } from './held-corrections.js';

const fix = (changes: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'correction',
  claim: 'x',
  changes,
  reason: 'r',
  by: 'an',
  ...extra,
});
const dated = (day: string, extra: Record<string, unknown> = {}) => fix({ occurred: day }, extra);
const A = dated('2023-03-21');
const B = dated('2023-03-22');
const STALE =
  /^the same correction is already stored \(position \d+\), but the claim's occurred has since been changed to 2023-03-22/;
const fillers = [claimRecord({ id: 'other-1' }), claimRecord({ id: 'other-2' })];

async function storeWith(records: readonly unknown[]): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  const first = await ingest(store, [claimRecord({ id: 'x' }), ...fillers, ...records]);
  expect(first.rejectedLines).toBe(0);
  return store;
}

const where = (report: { rejected: readonly { line: number; path: string; message: string }[] }) =>
  report.rejected.map((r) => [r.line, r.path]);

describe('ingest: a held correction released only by a line the store takes', () => {
  it('rejects A when the line after it that sets the same field is refused at commit (the reported case)', async () => {
    const store = await storeWith([A, dated('2023-03-22', { id: 'b' })]);
    // Alone, A is stale: the claim holds b's 2023-03-22.
    const alone = await ingest(store, [A]);
    expect(where(alone)).toEqual([[1, 'changes.occurred']]);
    const report = await ingest(store, [A, dated('2023-03-23', { id: 'b' })]);
    expect(report).toMatchObject({ added: 0, skipped: 0, rejectedLines: 2 });
    expect(where(report)).toEqual([
      [1, 'changes.occurred'],
      [2, 'id'],
    ]);
    expect(report.rejected[0]?.message).toEqual(alone.rejected[0]?.message);
    expect(report.rejected[1]?.message).toMatch(
      /^correction "b" of claim "x" is already stored with different content/,
    );
  });

  for (const batchSize of [1, 100]) {
    it(`rejects A when its releaser is refused at commit, lines between (batch size ${batchSize})`, async () => {
      const store = await storeWith([A, dated('2023-03-22', { id: 'b' })]);
      const report = await ingest(store, [A, ...fillers, dated('2023-03-23', { id: 'b' })], { batchSize });
      expect(report).toMatchObject({ added: 0, skipped: 2, rejectedLines: 2 });
      expect(where(report)).toEqual([
        [1, 'changes.occurred'],
        [4, 'id'],
      ]);
      expect(report.rejected[0]?.message).toMatch(STALE);
    });

    it(`rejects A when its releaser clashes with an earlier line of this input (batch size ${batchSize})`, async () => {
      const store = await storeWith([A, B]);
      // Line 1 is new and stored; line 3 gives its id other content: refused at preparing when both
      // share a batch, by the store when line 1 was committed before.
      const report = await ingest(
        store,
        [dated('2023-03-23', { id: 'c' }), A, dated('2023-03-24', { id: 'c' })],
        {
          batchSize,
        },
      );
      expect(report).toMatchObject({ added: 1, skipped: 0, rejectedLines: 2 });
      expect(where(report)).toEqual([
        [2, 'changes.occurred'],
        [3, 'id'],
      ]);
      expect(report.rejected[0]?.message).toMatch(
        /has since been changed to 2023-03-23 by line 1 of this input/,
      );
      expect(report.rejected[1]?.message).toMatch(/appears earlier in this input \(line 1\)/);
    });

    it(`rejects A when its releaser, let through after an earlier line of its id was refused, is refused too (batch size ${batchSize})`, async () => {
      const store = await storeWith([A, B, dated('2023-03-23', { id: 'c' })]);
      // Lines 1 and 3 both give the stored id c other content: line 3 meets line 1 in its batch,
      // which the store refuses, so line 3 goes on to be refused by the store too.
      const report = await ingest(
        store,
        [dated('2023-03-25', { id: 'c' }), A, dated('2023-03-26', { id: 'c' })],
        {
          batchSize,
        },
      );
      expect(report).toMatchObject({ added: 0, skipped: 0, rejectedLines: 3 });
      expect(where(report)).toEqual([
        [1, 'id'],
        [2, 'changes.occurred'],
        [3, 'id'],
      ]);
      expect(report.rejected[1]?.message).toMatch(/has since been changed to 2023-03-23/);
    });

    it(`releases A by a truthful line after a refused one (batch size ${batchSize})`, async () => {
      const store = await storeWith([A, dated('2023-03-22', { id: 'b' })]);
      const report = await ingest(
        store,
        [A, dated('2023-03-23', { id: 'b' }), ...fillers, dated('2023-03-22', { id: 'b' })],
        { batchSize },
      );
      expect(report).toMatchObject({ added: 0, skipped: 4, rejectedLines: 1 });
      expect(where(report)).toEqual([[2, 'id']]);
    });

    it(`takes a re-run of A then B as already present (batch size ${batchSize})`, async () => {
      const store = await storeWith([A, B]);
      const batches: number[] = [];
      const report = await ingest(store, [A, B], { batchSize, onBatch: (b) => batches.push(b.skipped) });
      expect(report).toMatchObject({ added: 0, skipped: 2, rejectedLines: 0 });
      // A is committed (found present) after B, which releases it: nothing is lost at the end.
      expect(batches.reduce((a, b) => a + b, 0)).toBe(2);
    });
  }

  it('rejects A when the line that would release it is itself held and rejected at the end', async () => {
    const store = await storeWith([A, B, dated('2023-03-23')]);
    const report = await ingest(store, [A, B]);
    expect(report).toMatchObject({ added: 0, skipped: 0, rejectedLines: 2 });
    expect(where(report)).toEqual([
      [1, 'changes.occurred'],
      [2, 'changes.occurred'],
    ]);
  });

  it('releases a held line through another held line once that one is released', async () => {
    // H waits for occurred; M sets occurred (which the claim holds) and waits for stance; S sets stance.
    const H = dated('2023-03-21');
    const M = fix({ occurred: '2023-03-22', stance: 'denies' });
    const S = fix({ stance: 'asserts' });
    const store = await storeWith([H, M, S]);
    for (const batchSize of [1, 100]) {
      const report = await ingest(store, [H, M, S], { batchSize });
      expect(report).toMatchObject({ added: 0, skipped: 3, rejectedLines: 0 });
    }
  });

  it('rejects a line that holds one of its fields still waiting, at that field only', async () => {
    // The claim holds occurred 22 (B) and stance asserts (C); B sets occurred again, nothing stance.
    const A2 = fix({ occurred: '2023-03-21', stance: 'denies' });
    const store = await storeWith([A2, B, fix({ stance: 'asserts' })]);
    const report = await ingest(store, [A2, B]);
    expect(report).toMatchObject({ added: 0, skipped: 1, rejectedLines: 1 });
    expect(where(report)).toEqual([[1, 'changes.stance']]);
  });

  it('releases a held mission correction by a later one (missionId is the record field mission)', async () => {
    const m = (city: string) => fix({ mission: { country: 'Tajikistan', city, kind: 'consulate' } });
    const input = [m('Dushanbe'), m('Khujand')];
    const store = await storeWith(input);
    const report = await ingest(store, input);
    expect(report).toMatchObject({ added: 0, skipped: 2, rejectedLines: 0 });
  });

  it('lets a retraction of the claim follow a held line', async () => {
    const store = await storeWith([A, B]);
    const report = await ingest(store, [A, { type: 'retraction', claim: 'x', reason: 'withdrawn' }]);
    expect(report).toMatchObject({ added: 1, rejectedLines: 1 });
    expect(where(report)).toEqual([[1, 'changes.occurred']]);
  });
});

describe('ingest: held lines when the run is stopped', () => {
  /** The records, then a stop while the next one is read (it is not taken). */
  async function stopped(store: MemoryEventStore, records: readonly unknown[], batchSize: number) {
    const stop = new AbortController();
    async function* input() {
      yield* records;
      stop.abort(new Error('stopped'));
      yield claimRecord({ id: 'never' });
    }
    const failure = await ingest(store, input(), { batchSize, signal: stop.signal }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(IngestInterruptedError);
    return (failure as IngestInterruptedError).report;
  }

  for (const batchSize of [1, 100]) {
    it(`commits the releaser and then the line it releases, each counted once (batch size ${batchSize})`, async () => {
      const store = await storeWith([A, B]);
      const report = await stopped(store, [A, B], batchSize);
      expect(report).toMatchObject({ added: 0, skipped: 2, rejectedLines: 0 });
    });

    it(`rejects the held line when the releaser is refused (batch size ${batchSize})`, async () => {
      const store = await storeWith([A, dated('2023-03-22', { id: 'b' })]);
      const report = await stopped(store, [A, dated('2023-03-23', { id: 'b' })], batchSize);
      expect(report).toMatchObject({ added: 0, skipped: 0, rejectedLines: 2 });
      expect(where(report)).toEqual([
        [1, 'changes.occurred'],
        [2, 'id'],
      ]);
    });
  }
});

describe('HeldCorrections: the limit', () => {
  const held = (line: number): PreparedRecord => ({
    line,
    text: `line ${line}`,
    key: `correction:x`,
    own: [],
    needs: [],
    notices: [],
    claim: null,
    correction: { claimId: 'x', id: null, stale: [{ path: 'changes.occurred', message: 'stale' }] },
  });

  it('holds up to its limit, and past it settles the oldest at once', () => {
    const lines = new HeldCorrections(2);
    const [first, second, third] = [held(1), held(2), held(3)];
    expect(lines.hold(first, 1)).toEqual([]);
    expect(lines.hold(second, 2)).toEqual([]);
    expect(lines.hold(third, 3)).toEqual([{ record: first, issues: first.correction!.stale }]);
    expect(lines.drain().map((s) => s.record)).toEqual([second, third]);
  });
});
