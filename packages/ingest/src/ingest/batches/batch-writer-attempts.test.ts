// commitBatch retries a batch after a conflict, but a bounded number of times: a store that keeps
// refusing it (another writer racing forever, or a broken adapter) ends the commit with its error.
import { EventIdConflictError, MemoryEventStore, type StreamWrite } from '@kb/store';
import { describe, expect, it } from 'vitest';
import type { PreparedRecord } from '../prepare/prepared-record.js';
import { commitBatch } from './batch-writer.js';
import { KnownStreams } from './known-streams.js';

/** A record of one ClaimRecorded of its own, needing no registration. */
const record = (n: number): PreparedRecord => ({
  line: n,
  text: `{"id":"c-${n}"}`,
  key: `c-${n}`,
  own: [
    {
      stream: `claim-c-${n}`,
      event: { id: `event-c-${n}`, type: 'ClaimRecorded', version: 1, data: { claimId: `c-${n}` } },
    },
  ],
  needs: [],
  notices: [],
  claim: null,
});

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
});
