// A correction that sets a field to the value the claim already holds would change nothing: it is
// rejected at that field, as a repeated correction whose value the claim no longer holds is, rather
// than stored, shown as "taliban → taliban" and marking the claim corrected.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';

const correction = (changes: Record<string, unknown>, reason = 'r') => ({
  type: 'correction',
  claim: 'first',
  changes,
  reason,
});

async function storeWithClaim() {
  const store = new MemoryEventStore();
  await ingest(store, [claimRecord({ id: 'first' })]);
  return store;
}

const corrections = async (store: MemoryEventStore) =>
  (await all(store)).filter((e) => e.type === 'ClaimCorrected').length;

describe('ingest: a correction that sets what the claim already holds', () => {
  it('rejects it at each such field, in whatever form the value is written', async () => {
    const store = await storeWithClaim();
    const report = await ingest(store, [
      correction({ controller: 'the Taliban' }), // 1: taliban already
      correction({ mission: 'tj-khorugh-consulate' }), // 2: resolves to its mission
      correction({ occurred: ' 2023-03-23 ', credibility: 6 }), // 3: occurred and credibility as they are
      {
        type: 'event',
        event: {
          type: 'ClaimCorrected',
          data: { claimId: 'first', changes: { controller: 'taliban' }, reason: 'r', correctedBy: 'me' },
        },
      }, // 4
    ]);
    expect(report.rejected.map((r) => [r.line, r.path])).toEqual([
      [1, 'changes.controller'],
      [2, 'changes.mission'],
      [3, 'changes.occurred'],
      [3, 'changes.credibility'],
      [4, 'event.data.changes.controller'],
    ]);
    expect(report.rejected[0]!.message).toBe(
      'the claim\'s controller is already "taliban", so this correction would change nothing and was not applied; leave controller out of the changes',
    );
    expect(report.added).toBe(0);
    expect(await corrections(store)).toBe(0);
  });

  it('takes one that changes some field whole, and one re-sent as already present', async () => {
    const store = await storeWithClaim();
    const change = correction({ controller: 'republic' });
    expect((await ingest(store, [change])).added).toBe(1);
    const again = await ingest(store, [change, correction({ controller: 'Republic' })]);
    expect([again.added, again.skipped, again.rejected]).toEqual([0, 2, []]);
    const back = await ingest(store, [correction({ controller: 'taliban' }, 'put back')]);
    expect([back.added, back.rejected]).toEqual([1, []]);
    const mixed = await ingest(store, [
      correction({ controller: 'taliban', quote: 'a new quote' }, 'requote'),
    ]);
    expect([mixed.added, mixed.rejected]).toEqual([1, []]);
    expect(await corrections(store)).toBe(3);
  });
});
