// A claim without an id whose via names have white space around them is the claim the same names
// without it give, as for the claimant (ingest-claimant-space.test.ts): hashed and stored trimmed,
// so a second export of one report that trims its names adds no second account. A claim an earlier
// version stored under the id it hashed with the white space is found under that id, as stored, and
// a claim given an id keeps its via as written, so re-running an old file stores nothing twice.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { claims } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const { id: _, ...noId } = claimRecord({ via: [{ name: 'Tolo News', relation: 'cites' }] });
const spaced = { ...noId, via: [{ name: ' Tolo News ', relation: 'cites' }] };
/** The id this content derives with the via name trimmed (and always has, for that name). */
const TRIMMED_ID = 'tj-khorog-consulate-visit-88578ada132ff1c3';
/** The id ingest derived for the via name " Tolo News " before it was trimmed, hashed as written. */
const AS_WRITTEN_ID = 'tj-khorog-consulate-visit-31df782178aa35eb';

const stored = async (store: MemoryEventStore) =>
  (await claims(store)).map((c) => [c.claimId, (c as unknown as { via: { name: string }[] }).via[0]?.name]);

describe('ingest: a via name with white space around it, in a claim without an id', () => {
  it('is the claim the name without it is: one account, stored trimmed', async () => {
    const store = new MemoryEventStore();
    expect(await ingest(store, [spaced])).toMatchObject({ added: 1 });
    expect(await stored(store)).toEqual([[TRIMMED_ID, 'Tolo News']]);
    const again = await ingest(store, [noId, { ...noId, via: [{ name: '\tTolo News', relation: 'cites' }] }]);
    expect(again).toMatchObject({ added: 0, skipped: 2, rejectedLines: 0 });
    expect(await stored(store)).toEqual([[TRIMMED_ID, 'Tolo News']]);
  });

  it('finds a claim an earlier version stored under the id it hashed with the white space, as it stored it', async () => {
    const store = new MemoryEventStore();
    expect(await ingest(store, [{ ...spaced, id: AS_WRITTEN_ID }])).toMatchObject({ added: 1 });
    const again = await ingest(store, [spaced]);
    expect(again).toMatchObject({ added: 0, skipped: 1, rejectedLines: 0 });
    expect(await stored(store)).toEqual([[AS_WRITTEN_ID, ' Tolo News ']]);
  });

  it('leaves the via of a claim given an id as written, so its own line sent again is a repeat', async () => {
    const store = new MemoryEventStore();
    const line = { ...spaced, id: 'spaced-via' };
    expect(await ingest(store, [line])).toMatchObject({ added: 1 });
    expect(await ingest(store, [line])).toMatchObject({ added: 0, skipped: 1, rejectedLines: 0 });
    expect(await stored(store)).toEqual([['spaced-via', ' Tolo News ']]);
  });
});
