// A claim line's notes are stored in its ClaimRecorded event (docs/claim-records.md): with an id
// or without one, and null when the line has none.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';

describe('ingest: claim notes', () => {
  it('stores the notes a claim line gives, and null when it gives none', async () => {
    const store = new MemoryEventStore();
    const { id: _id, ...withoutId } = claimRecord({ quote: 'a second account', notes: 'read in print' });
    const result = await ingest(store, [
      claimRecord({ id: 'noted', notes: 'the quote is translated' }),
      claimRecord({ id: 'bare', quote: 'another account of the visit' }),
      withoutId,
    ]);
    expect(result).toMatchObject({ added: 3, rejectedLines: 0 });
    const notes = (await all(store))
      .filter((e) => e.type === 'ClaimRecorded')
      .map((e) => (e.data as { notes: unknown }).notes);
    expect(notes).toEqual(['the quote is translated', null, 'read in print']);
  });
});
