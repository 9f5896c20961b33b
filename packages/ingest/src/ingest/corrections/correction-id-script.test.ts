// A correction's own id in another script than Latin loses its letters when normalised, so two
// corrections ("Правка-1", "Ошибка-1") would share the id "1" and the second be refused as the
// first changed: such an id is rejected at its field, as a claim's is.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { claimRecord } from '../test-kit/test-records.js';

describe('ingest: a correction id with letters of another script', () => {
  it('is rejected at id, and the claim is left as it was', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'khorog-visit' }),
      {
        type: 'correction',
        id: 'Правка-1',
        claim: 'khorog-visit',
        changes: { stance: 'denies' },
        reason: 'misread',
      },
    ]);
    expect(report).toMatchObject({ added: 1, rejectedLines: 1 });
    expect(report.rejected).toEqual([
      {
        line: 2,
        path: 'id',
        message: expect.stringMatching(
          /^"Правка-1" has letters an id cannot hold \(Правк\).*would name the same correction:/,
        ),
      },
    ]);
  });
});
