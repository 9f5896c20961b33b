// commitBatch where a mutation pass found it unchecked: a store failure that is not an id conflict
// is the caller's at once (never retried); a record whose id conflicts in a stream the store never
// shows is refused with the store's words and "nothing was changed", the others committed; a
// registration found stored with other details is noted once, on the first record needing it; the
// events a write adds to a stream after ones already stored are the ones counted as new; and
// registrations come before the claims that need them in the log.
import { EventIdConflictError, MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import type { PreparedRecord } from '../prepare/prepared-record.js';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { reportCaptured as captured, claimRecord, preparedClaim } from '../test-kit/test-records.js';
import { commitBatch } from './batch-writer.js';
import { KnownStreams } from './known-streams.js';

/** Line n's record, its claim quoting `quote`. */
const record = (n: number, quote = 'q') => preparedClaim(n, { quote });

describe('commitBatch: failures other than a conflict', () => {
  it('gives a failure that is not an id conflict to the caller at once, without retrying the batch', async () => {
    const store = new MemoryEventStore();
    // Line 1's id is stored with other content: a retry would refuse it and commit line 2.
    await store.append('claim-c-1', [record(1, 'stored before').own[0]!.event]);
    const failure = new Error('disk I/O error');
    const appendMany = store.appendMany.bind(store);
    let calls = 0;
    store.appendMany = async (writes) => {
      if (calls++ === 0) throw failure;
      return appendMany(writes);
    };
    const commit = commitBatch(store, [record(1), record(2)], new KnownStreams());
    await expect(commit).rejects.toBe(failure);
    expect(calls).toBe(1);
    const stored: string[] = [];
    for await (const event of store.readAll()) stored.push(event.id);
    expect(stored).toEqual(['event-c-1']);
  });
});

describe('commitBatch: a conflict on an id in a stream the store does not show', () => {
  it("refuses that id's record with the store's words and commits the rest", async () => {
    const store = new MemoryEventStore();
    const appendMany = store.appendMany.bind(store);
    let calls = 0;
    store.appendMany = async (writes) => {
      // Another writer holds line 2's event id in a stream of its own: reading line 2's stream finds nothing.
      if (calls++ === 0)
        throw new EventIdConflictError('event-c-2', 'claim-elsewhere', 'stored in another stream');
      return appendMany(writes);
    };
    const records = [record(1), record(2), record(3)];
    const outcome = await commitBatch(store, records, new KnownStreams());
    expect(calls).toBe(2);
    expect(outcome.added).toEqual([records[0], records[2]]);
    expect(outcome.skipped).toEqual([]);
    expect(outcome.rejected).toEqual([
      {
        record: records[1],
        message: 'event event-c-2 in "claim-elsewhere": stored in another stream; nothing was changed',
      },
    ]);
    expect(outcome.eventsAppended).toBe(2);
  });
});

describe('commitBatch: what stands of a registration found stored', () => {
  it('notes a registration stored with other details once, on the first record of the batch that needs it', async () => {
    const store = new MemoryEventStore();
    await store.append('report-r', [captured('Theirs')]);
    const needing = (n: number): PreparedRecord => ({
      ...record(n),
      needs: [{ stream: 'report-r', event: captured('Ours') }],
      notices: [],
    });
    const records = [needing(1), needing(2)];
    const outcome = await commitBatch(store, records, new KnownStreams());
    expect(outcome.added).toEqual(records);
    expect(records[0]!.notices).toEqual([
      { path: 'source', message: 'report "r" stays as first registered: title "Theirs" (this line: "Ours")' },
    ]);
    expect(records[1]!.notices).toEqual([]);
  });
});

describe('commitBatch: what a write added', () => {
  it('counts as new the events a stream took after those it already held, and the record they belong to', async () => {
    const store = new MemoryEventStore();
    const first = record(1);
    await store.append('claim-c-1', [first.own[0]!.event]);
    // A second record whose event goes to the same stream, after the stored one.
    const second: PreparedRecord = {
      ...record(2),
      own: [
        {
          stream: 'claim-c-1',
          event: { id: 'event-c-1-b', type: 'ClaimRetracted', version: 1, data: { claimId: 'c-1' } },
        },
      ],
    };
    const outcome = await commitBatch(store, [first, second], new KnownStreams());
    expect(outcome.added).toEqual([second]);
    expect(outcome.skipped).toEqual([first]);
    expect(outcome.appended.map((e) => e.id)).toEqual(['event-c-1-b']);
    expect(outcome.eventsAppended).toBe(1);
  });
});

describe('ingest: the order of a batch in the log', () => {
  it('stores the registrations a claim needs before the claim itself', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'a' })]);
    const types = (await all(store)).map((e) => e.type);
    expect(types.at(-1)).toBe('ClaimRecorded');
    expect(types.filter((t) => t === 'ClaimRecorded')).toHaveLength(1);
    expect(types.length).toBeGreaterThan(1);
  });
});
