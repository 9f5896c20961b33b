// The library as a plain-JavaScript script calls it: wrong options and inputs are refused before a
// line is read, one element JSON cannot hold is that element's problem, and an input that fails
// midway keeps what was read before it.
import { MemoryEventStore, openSqliteStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { MAX_RECORD_LENGTH } from '../../input/split-records.js';
import { openKnowledgeBase } from '../../knowledge-base.js';
import { all, claims } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';
import { IngestAbortedError } from './ingest-report.js';

describe('ingest: options and inputs a script gets wrong', () => {
  it('refuses each wrong option by name before reading a line', async () => {
    const cases: [Record<string, unknown>, string | RegExp][] = [
      [{ batchsize: 5 }, 'ingest: unknown option "batchsize"; did you mean "batchSize"?'],
      [{ rejectPath: 'r.ndjson' }, 'ingest: unknown option "rejectPath"; did you mean "rejectsPath"?'],
      [{ batchSize: 0 }, 'ingest: batchSize must be a whole number from 1 to 10000, got 0'],
      [{ batchSize: 1.5 }, /got 1\.5$/],
      [{ batchSize: Number.NaN }, /got NaN$/],
      [{ batchSize: 1e9 }, /got 1000000000$/],
      [{ batchSize: '10' }, /got "10"$/],
      [{ runId: '' }, 'ingest: runId must be 1 to 200 printable characters without spaces, got ""'],
      [{ runId: 'my run' }, /got "my run"$/],
      [{ runId: 42 }, /got 42$/],
      [{ rejectsPath: 42 }, 'ingest: rejectsPath must be the path of a file, got 42'],
      [{ rejectsPath: '' }, 'ingest: rejectsPath must be the path of a file, got ""'],
      [{ onProgress: 5 }, 'ingest: onProgress must be a function, got number'],
      [{ signal: {} }, 'ingest: signal must be an AbortSignal (new AbortController().signal)'],
    ];
    for (const [options, message] of cases) {
      const store = new MemoryEventStore();
      await expect(ingest(store, [claimRecord()], options as never), JSON.stringify(options)).rejects.toThrow(
        message,
      );
      expect(await all(store)).toEqual([]);
    }
    for (const input of [null, 42, '', { not: 'iterable' }]) {
      await expect(ingest(new MemoryEventStore(), input as never), String(input)).rejects.toThrow(
        /^ingest: (input must be a file's path, '-' for stdin, or an iterable of records, got|the input path is empty)/,
      );
    }
  });

  it('rejects an element JSON cannot hold, or that is no record, and stores the others', async () => {
    const cyclic: Record<string, unknown> = claimRecord({ id: 'cyclic' });
    cyclic['self'] = cyclic;
    const getter = Object.defineProperty(claimRecord({ id: 'getter' }), 'quote', {
      enumerable: true,
      get() {
        throw new Error('no quote today');
      },
    });
    const elements: unknown[] = [
      claimRecord({ id: 'kept-1' }), // 1
      { ...claimRecord({ id: 'bigint' }), credibility: 3n }, // 2
      cyclic, // 3
      getter, // 4
      Symbol('x'), // 5
      7, // 6
      null, // 7
      new String(JSON.stringify(claimRecord({ id: 'kept-string-object' }))), // 8
      Buffer.from(JSON.stringify(claimRecord({ id: 'kept-bytes' }))), // 9
      `\uFEFF${JSON.stringify(claimRecord({ id: 'kept-bom' }))}`, // 10
      'x'.repeat(MAX_RECORD_LENGTH + 1), // 11
      claimRecord({ id: 'kept-2' }), // 12
    ];
    const store = new MemoryEventStore();
    const report = await ingest(store, elements);
    expect((await claims(store)).map((c) => c.claimId).sort()).toEqual(
      ['kept-1', 'kept-2', 'kept-bom', 'kept-bytes', 'kept-string-object'].sort(),
    );
    expect(report).toMatchObject({ added: 5, rejectedLines: 7, records: 12 });
    const said = Object.fromEntries(report.rejected.map((r) => [r.line, r.message]));
    expect(said[2]).toBe('not a record: JSON cannot hold it (Do not know how to serialize a BigInt)');
    expect(said[3]).toMatch(/^not a record: JSON cannot hold it \(.*circular/i);
    expect(said[4]).toBe('not a record: JSON cannot hold it (no quote today)');
    expect([said[5], said[6], said[7]]).toEqual([
      'expected a record object, got a symbol',
      'expected a record object, got the number 7',
      'expected a record object, got null',
    ]);
    expect(said[11]).toMatch(/^the record is longer than 16,777,216 characters/);
  });

  it('commits what was read when the input fails midway, and says why it stopped', async () => {
    const failure = new Error('the feed went away');
    function* feed() {
      for (let i = 0; i < 12; i++) yield claimRecord({ id: `fed-${i}` });
      throw failure;
    }
    const store = new MemoryEventStore();
    const error = await ingest(store, feed(), { batchSize: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestAbortedError);
    expect((error as IngestAbortedError).cause).toBe(failure);
    // Two full batches and the two records read after them: all twelve are kept.
    expect((error as IngestAbortedError).report).toMatchObject({ records: 12, added: 12, batches: 3 });
    expect(await claims(store)).toHaveLength(12);
  });

  it('refuses an empty store path instead of a temporary database that keeps nothing', async () => {
    expect(() => openSqliteStore({ path: '' })).toThrow(
      `the SQLite store needs the path of its file (or ':memory:'), got ""`,
    );
    await expect(openKnowledgeBase({ store: '' })).rejects.toThrow(/needs the path of its file/);
  });
});
