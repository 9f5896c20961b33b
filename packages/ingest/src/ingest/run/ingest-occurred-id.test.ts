// A claim without an id whose occurred has white space around it is the claim the same date without
// it is: occurred is stored trimmed, and its id hashes it trimmed.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { claims } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const { id: _, ...noId } = claimRecord();
/** The id this content derives with occurred "2023-03-23", as stored before and after the change. */
const TRIMMED_ID = 'tj-khorog-consulate-visit-a7e413cc389d6652';
/** The id ingest before 2026-12-06 derived with occurred " 2023-03-23 ", hashed as written. */
const AS_WRITTEN_ID = 'tj-khorog-consulate-visit-01ba779e87f05a7e';

describe('ingest: occurred with white space around it, in a claim without an id', () => {
  it('derives the id of the date without it, which stays what it was', async () => {
    const store = new MemoryEventStore();
    expect(await ingest(store, [{ ...noId, occurred: '2023-03-23' }])).toMatchObject({ added: 1 });
    expect((await claims(store)).map((c) => c.claimId)).toEqual([TRIMMED_ID]);
    const again = await ingest(store, [
      { ...noId, occurred: ' 2023-03-23 ' },
      { ...noId, occurred: '2023-03-23\t' },
    ]);
    expect(again).toMatchObject({ added: 0, skipped: 2, rejectedLines: 0 });
    expect((await claims(store)).map((c) => c.claimId)).toEqual([TRIMMED_ID]);
  });

  it('finds a claim an earlier version stored under the id it hashed with the white space', async () => {
    const store = new MemoryEventStore();
    // What that version stored: the claim under its id, the date trimmed.
    expect(await ingest(store, [{ ...noId, id: AS_WRITTEN_ID }])).toMatchObject({ added: 1 });
    const again = await ingest(store, [{ ...noId, occurred: ' 2023-03-23 ' }]);
    expect(again).toMatchObject({ added: 0, skipped: 1, rejectedLines: 0 });
    expect((await claims(store)).map((c) => c.claimId)).toEqual([AS_WRITTEN_ID]);
  });
});
