// What a run promises, where a mutation pass found it unchecked: without batchSize a transaction
// holds 100 records; a correction released by a later line is committed before the next line is
// read, so no batch grows past batchSize by taking a line beside it; onBatch counts the records the
// store refused; notices are listed by line though a batch hears of its added records first;
// malformed JSON in an element of an iterable is named by character, there being no file line; and
// a line repeating an earlier one's id under another source is told a correction cannot change it.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { claimRecord, datedCorrection as dated, SOURCE } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';
import type { CommittedBatch } from './ingest-report.js';

describe('ingest: batch size', () => {
  it('commits 100 records a transaction when no batchSize is given', async () => {
    const records = Array.from({ length: 250 }, (_, i) => claimRecord({ id: `c${i}` }));
    const batches: CommittedBatch[] = [];
    const report = await ingest(new MemoryEventStore(), records, { onBatch: (b) => batches.push(b) });
    expect(report).toMatchObject({ added: 250, batches: 3 });
    expect(batches.map((b) => [b.firstLine, b.lastLine, b.added])).toEqual([
      [1, 100, 100],
      [101, 200, 100],
      [201, 250, 50],
    ]);
  });

  it('commits a released correction on its own before the next line joins a batch', async () => {
    const store = new MemoryEventStore();
    const input = [
      dated('2023-03-21'), // 1: on the re-run, held until line 4 (the claim holds line 4's date)
      claimRecord({ id: 'x' }),
      claimRecord({ id: 'y' }),
      dated('2023-03-22'), // 4: releases line 1
      claimRecord({ id: 'z' }), // 5
    ];
    await ingest(store, [claimRecord({ id: 'visit' })]);
    expect(await ingest(store, input)).toMatchObject({ added: 5, rejectedLines: 0 });
    const batches: CommittedBatch[] = [];
    const again = await ingest(store, input, { batchSize: 1, onBatch: (b) => batches.push(b) });
    expect(again).toMatchObject({ added: 0, skipped: 5, rejectedLines: 0 });
    expect(batches.map((b) => [b.firstLine, b.lastLine, b.added + b.skipped])).toEqual([
      [2, 2, 1],
      [3, 3, 1],
      [4, 4, 1],
      [1, 1, 1],
      [5, 5, 1],
    ]);
  });
});

describe('ingest: what a run tells', () => {
  it('counts in onBatch the records the store refused at the commit', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'a' })]);
    const batches: CommittedBatch[] = [];
    const report = await ingest(
      store,
      [claimRecord({ id: 'b' }), claimRecord({ id: 'a', stance: 'denies' })],
      {
        onBatch: (b) => batches.push(b),
      },
    );
    expect(report).toMatchObject({ added: 1, skipped: 0, rejectedLines: 1 });
    expect(batches).toEqual([
      { batch: 1, firstLine: 1, lastLine: 2, added: 1, skipped: 0, rejected: 1, eventsAppended: 1 },
    ]);
  });

  it('lists notices by line, also where a line found already present comes before a line added in its batch', async () => {
    const store = new MemoryEventStore();
    const graded = (id: string, outlet: string, reliability: string) =>
      claimRecord({ id, source: { ...SOURCE, outlet, reliability } });
    await ingest(store, [graded('first', 'The Diplomat', 'D'), graded('t', 'Tolo News', 'F')]);
    const report = await ingest(store, [
      graded('first', 'The Diplomat', 'B'), // 1: already present, and The Diplomat is graded D
      graded('new', 'Tolo News', 'A'), // 2: added, and Tolo News is graded F
    ]);
    expect(report).toMatchObject({ added: 1, skipped: 1, batches: 1 });
    expect(report.notices.map((n) => [n.line, n.message.slice(0, n.message.indexOf(';'))])).toEqual([
      [1, 'The Diplomat is graded D'],
      [2, 'Tolo News is graded F'],
    ]);
  });

  it('names malformed JSON in an element of an iterable by its character, not a line and column', async () => {
    const report = await ingest(new MemoryEventStore(), [claimRecord({ id: 'a' }), '{"id":"b" "x":1}']);
    expect(report.rejected).toEqual([
      {
        line: 2,
        path: '',
        message: "malformed JSON at character 11: Expected ',' or '}' after property value",
      },
    ]);
  });
});

describe('ingest: a repeat with another source within one input', () => {
  it("is told that a correction cannot change a claim's source, as a stored claim would be", async () => {
    const other = { ...SOURCE, url: 'https://thediplomat.com/2023/03/another-article/' };
    const report = await ingest(new MemoryEventStore(), [
      claimRecord({ id: 'a' }),
      claimRecord({ id: 'a', source: other }),
    ]);
    expect(report).toMatchObject({ added: 1, rejectedLines: 1 });
    expect(report.rejected[0]?.message).toMatch(
      /^claim "a" appears earlier in this input \(line 1\) with different content \(source\.url \(or source\.title, without a URL\) differs\); A correction cannot change a claim's source\./,
    );
  });
});
