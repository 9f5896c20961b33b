// The credibility a claim line gives is the one stored in its ClaimRecorded event; a line without
// one stores the documented default, 6 (cannot be judged: docs/claim-records.md).
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { all } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

describe('ingest: credibility', () => {
  it('stores the credibility given, and 6 when none is', async () => {
    const store = new MemoryEventStore();
    const result = await ingest(store, [
      claimRecord({ id: 'rated', credibility: 2 }),
      claimRecord({ id: 'unrated', quote: 'another account of the visit' }),
    ]);
    expect(result).toMatchObject({ added: 2, rejectedLines: 0 });
    const stored = (await all(store))
      .filter((e) => e.type === 'ClaimRecorded')
      .map((e) => e.data as { claimId: string; credibility: unknown });
    expect(stored.map((d) => [d.claimId, d.credibility])).toEqual([
      ['rated', 2],
      ['unrated', 6],
    ]);
  });
});
