// A claim id given in a record is normalised before it is stored: what it starts with other than a
// letter or digit is dropped, so ".diplomat visit" names the claim "diplomat visit" names.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { claims } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';

describe('ingest: a claim id given in a record', () => {
  it('drops the dots and dashes it starts with, so it names the claim written without them', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: '..Diplomat visit' }),
      claimRecord({ id: '-.-diplomat visit' }),
      claimRecord({ id: 'diplomat-visit' }),
    ]);
    expect(report.rejected).toEqual([]);
    expect(report.added).toBe(1);
    expect((await claims(store)).map((c) => c.claimId)).toEqual(['diplomat-visit']);
  });
});
