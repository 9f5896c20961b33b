// commitBatch retries a batch after a conflict, but a bounded number of times: a store that keeps
// refusing it (another writer racing forever, or a broken adapter) ends the commit with its error.
import { EventIdConflictError, MemoryEventStore, type StreamWrite } from '@kb/store';
import { describe, expect, it } from 'vitest';
import type { PreparedRecord } from '../prepare/prepared-record.js';
import { reportCaptured as captured, preparedClaim } from '../test-kit/test-records.js';
import { commitBatch } from './batch-writer.js';
import { KnownStreams } from './known-streams.js';

const record = (n: number) => preparedClaim(n);

describe('commitBatch: conflicts', () => {
  it('gives up after five appendMany calls when every one conflicts on an id the store never shows', async () => {
    const store = new MemoryEventStore();
    const calls: StreamWrite[][] = [];
    // Every call conflicts on the first record still offered; reading its stream finds nothing, so
    // nothing settles and each round rejects that record's owner and tries the rest again.
    store.appendMany = async (writes) => {
      calls.push([...writes]);
      const first = writes[0]!;
      throw new EventIdConflictError(first.events[0]!.id, first.stream, 'stored by another writer');
    };
    const records = Array.from({ length: 8 }, (_, i) => record(i + 1));
    const commit = commitBatch(store, records, new KnownStreams());
    await expect(commit).rejects.toThrow(EventIdConflictError);
    await expect(commit).rejects.toMatchObject({ eventId: 'event-c-5' });
    expect(calls).toHaveLength(5);
    expect(calls.map((writes) => writes.length)).toEqual([8, 7, 6, 5, 4]);
  });

  it('notes a registration another writer stored with other details before the batch, found on the retry', async () => {
    const store = new MemoryEventStore();
    const needing: PreparedRecord = {
      ...record(1),
      needs: [{ stream: 'report-r', event: captured('Ours') }],
    };
    const appendMany = store.appendMany.bind(store);
    let calls = 0;
    store.appendMany = async (writes) => {
      // Another writer registers the report first, under another title.
      if (calls++ === 0) await store.append('report-r', [captured('Theirs')]);
      return appendMany(writes);
    };
    const outcome = await commitBatch(store, [needing], new KnownStreams());
    expect(calls).toBe(2);
    expect(outcome.added).toEqual([needing]);
    expect(needing.notices).toEqual([
      { path: 'source', message: 'report "r" stays as first registered: title "Theirs" (this line: "Ours")' },
    ]);
  });

  it('refuses an event stored under its id at an older version the store cannot read, rather than skip it', async () => {
    const store = new MemoryEventStore();
    // A ClaimCorrected v1 whose data no schema reads, under the id the new event has.
    await store.append('claim-c-1', [
      { id: 'event-c-1', type: 'ClaimCorrected', version: 1, data: { garbage: true } },
    ]);
    const correcting: PreparedRecord = {
      ...record(1),
      own: [
        {
          stream: 'claim-c-1',
          event: {
            id: 'event-c-1',
            type: 'ClaimCorrected',
            version: 2,
            data: { claimId: 'c-1', changes: { stance: 'denies' }, reason: 'r', correctedBy: 'me' },
          },
        },
      ],
    };
    const outcome = await commitBatch(store, [correcting], new KnownStreams());
    expect(outcome.added).toEqual([]);
    expect(outcome.skipped).toEqual([]);
    expect(outcome.rejected).toEqual([
      {
        record: correcting,
        message: 'an event with id event-c-1 is already stored with other content; nothing was changed',
      },
    ]);
  });
});
