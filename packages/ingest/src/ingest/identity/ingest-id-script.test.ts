// An id in another script than Latin loses its letters when normalised ("Хорог-2023" and
// "Душанбе-2023" are both "2023"), so two claims would share one id and a retraction naming one
// would withdraw the other. Such an id is rejected at its field, as a city in another script is.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { claims } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';

describe('ingest: an id with letters of another script', () => {
  it('is rejected at id, and a retraction naming such an id withdraws no other claim', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: '2023' }),
      claimRecord({ id: 'Душанбе-2023', quote: 'another claim' }),
      { type: 'retraction', claim: 'Хорог-2023', reason: 'withdrawn' },
    ]);
    expect(report).toMatchObject({ added: 1, rejectedLines: 2 });
    expect(report.rejected).toEqual([
      {
        line: 2,
        path: 'id',
        message: expect.stringMatching(/^"Душанбе-2023" has letters an id cannot hold \(Душан\)/),
      },
      {
        line: 3,
        path: 'claim',
        message: expect.stringMatching(/^"Хорог-2023" has letters an id cannot hold/),
      },
    ]);
    expect((await claims(store)).map((c) => c.claimId)).toEqual(['2023']);
  });

  it('takes Latin letters the id folds away (ł, ß), as it always has', async () => {
    const store = new MemoryEventStore();
    expect(await ingest(store, [claimRecord({ id: 'Łódź-visit' })])).toMatchObject({
      added: 1,
      rejectedLines: 0,
    });
  });
});
