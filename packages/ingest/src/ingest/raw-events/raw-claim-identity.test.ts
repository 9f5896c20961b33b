// A claim is one claim whichever way it came: a raw ClaimRecorded and a claim record with one claim
// id are compared as two claim records are (stored, earlier in the input, across runs and files),
// the same content already present, other content refused with "send a correction record".
import { canonicalJson, deterministicId, MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';

const rawOf = (data: unknown) => ({ type: 'event', event: { type: 'ClaimRecorded', data } });

/** A store holding claim "first" (a claim record) and the data of its ClaimRecorded. */
async function stored() {
  const store = new MemoryEventStore();
  await ingest(store, [claimRecord({ id: 'first' })]);
  const recorded = (await all(store)).find((e) => e.type === 'ClaimRecorded')!;
  return { store, data: recorded.data as Record<string, unknown> };
}

const recordedIn = async (store: MemoryEventStore, claimId: string) =>
  (await all(store))
    .filter((e) => e.type === 'ClaimRecorded' && e.stream === `claim-${claimId}`)
    .map((e) => (e.data as { quote: string }).quote);

describe('ingest: a raw ClaimRecorded and a claim record with one claim id', () => {
  it('takes a raw ClaimRecorded of a stored claim with the same content as already present', async () => {
    const { store, data } = await stored();
    const report = await ingest(store, [rawOf(data)]);
    expect([report.added, report.skipped, report.rejected]).toEqual([0, 1, []]);
    expect(await recordedIn(store, 'first')).toHaveLength(1);
  });

  it('refuses a raw ClaimRecorded of a stored claim with other content, at the field that differs', async () => {
    const { store, data } = await stored();
    const before = await all(store);
    const report = await ingest(store, [rawOf({ ...data, quote: 'DIFFERENT quote' })]);
    expect(report.added).toBe(0);
    expect(report.rejected).toEqual([
      {
        line: 1,
        path: 'event.data.quote',
        message: expect.stringMatching(/claim "first" is already stored with different content.*correction/),
      },
    ]);
    expect(await all(store)).toEqual(before);
  });

  it('refuses a claim record whose claim a raw event stored with other content, and skips the same one', async () => {
    const { store, data } = await stored();
    expect((await ingest(store, [rawOf({ ...data, claimId: 'newc', quote: 'raw quote' })])).added).toBe(1);
    const other = await ingest(store, [claimRecord({ id: 'newc', quote: 'quote one' })]);
    expect(other.added).toBe(0);
    expect(other.rejected.map((r) => [r.line, r.message])).toEqual([
      [
        1,
        expect.stringMatching(
          /claim "newc" is already stored with different content \(quote differs\).*correction/,
        ),
      ],
    ]);
    const same = await ingest(store, [claimRecord({ id: 'newc', quote: 'raw quote' })]);
    expect([same.added, same.skipped, same.rejected]).toEqual([0, 1, []]);
    expect(await recordedIn(store, 'newc')).toEqual(['raw quote']);
  });

  it('compares the two within one input, in either order and whatever the batch size', async () => {
    for (const batchSize of [1, 100]) {
      const { store, data } = await stored();
      const raw = rawOf({ ...data, claimId: 'newc', quote: 'raw quote' });
      const report = await ingest(
        store,
        [
          raw, // 1
          claimRecord({ id: 'newc', quote: 'quote one' }), // 2: other content
          claimRecord({ id: 'newc', quote: 'raw quote' }), // 3: the same
          claimRecord({ id: 'other', quote: 'record quote' }), // 4
          rawOf({ ...data, claimId: 'other', quote: 'raw quote' }), // 5: other content
          rawOf({ ...data, claimId: 'other', quote: 'record quote' }), // 6: the same
        ],
        { batchSize },
      );
      expect(report.rejected.map((r) => [r.line, r.path])).toEqual([
        [2, 'id'],
        [5, 'event.data.quote'],
      ]);
      expect(report.rejected[0]!.message).toMatch(/appears earlier in this input \(line 1\).*correction/);
      expect(report.rejected[1]!.message).toMatch(
        /claim "other" appears earlier in this input \((line 4|stored at position \d+)\) with different content \(quote differs\)/,
      );
      expect([report.added, report.skipped]).toEqual([2, 2]);
      expect(await recordedIn(store, 'newc')).toEqual(['raw quote']);
      expect(await recordedIn(store, 'other')).toEqual(['record quote']);
    }
  });

  it('finds a raw ClaimRecorded an earlier version stored under the id its content gave', async () => {
    const { store, data } = await stored();
    const old = { ...data, claimId: 'newc', quote: 'raw quote' };
    const oldId = deterministicId('event', 'ClaimRecorded', canonicalJson(old));
    await store.append('claim-newc', [
      {
        id: oldId,
        type: 'ClaimRecorded',
        version: 2,
        data: old,
        metadata: { ingestRunId: 'old', correlationId: 'old', causationId: `event:${oldId}` },
      },
    ]);
    // An event record finds it (it reads the claim's stream); a claim record does not look for it.
    const again = await ingest(store, [rawOf(old)]);
    expect([again.added, again.skipped, again.rejected]).toEqual([0, 1, []]);
    const other = await ingest(store, [rawOf({ ...old, notes: 'n' })]);
    expect(other.rejected.map((r) => [r.line, r.path])).toEqual([[1, 'event.data.notes']]);
    expect(await recordedIn(store, 'newc')).toEqual(['raw quote']);
  });

  it('takes again, as already present, a raw ClaimRecorded an earlier version stored beside the claim', async () => {
    // Before 2026-12-06 a raw ClaimRecorded of a stored claim was stored as a second ClaimRecorded
    // under the id its content gave: sending that file again must not now refuse the line.
    const { store, data } = await stored();
    const second = { ...data, quote: 'DIFFERENT quote' };
    const oldId = deterministicId('event', 'ClaimRecorded', canonicalJson(second));
    await store.append('claim-first', [
      {
        id: oldId,
        type: 'ClaimRecorded',
        version: 2,
        data: second,
        metadata: { ingestRunId: 'old', correlationId: 'old', causationId: `event:${oldId}` },
      },
    ]);
    const again = await ingest(store, [rawOf(second)]);
    expect([again.added, again.skipped, again.rejected]).toEqual([0, 1, []]);
    expect(await recordedIn(store, 'first')).toHaveLength(2);
    // Other content still is refused.
    const other = await ingest(store, [rawOf({ ...data, quote: 'third quote' })]);
    expect(other.rejected.map((r) => [r.line, r.path])).toEqual([[1, 'event.data.quote']]);
  });
});
