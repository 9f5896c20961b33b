// A correction or retraction is one event whichever way it came: sent once as a record and once as
// a raw event (either order, one input or two runs) it is stored once, and a raw correction that puts
// back a value a later one replaced is held to the A-B-A rule a correction record is.
import { canonicalJson, deterministicId, MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';

const raw = (type: string, data: unknown) => ({ type: 'event', event: { type, data } });
const day = (text: string) => ({ text, earliest: text, latest: text, anchor: null });
const correction = (occurred: string) => ({
  type: 'correction',
  claim: 'first',
  changes: { occurred },
  reason: 'r',
  by: 'me',
});
const rawCorrection = (occurred: string) =>
  raw('ClaimCorrected', {
    claimId: 'first',
    changes: { occurred: day(occurred) },
    reason: 'r',
    correctedBy: 'me',
  });
const retraction = { type: 'retraction', claim: 'first', reason: 'withdrawn', quote: 'q' };
const rawRetraction = raw('ClaimRetracted', {
  claimId: 'first',
  reportId: null,
  reason: 'withdrawn',
  quote: 'q',
});

async function storeWithClaim() {
  const store = new MemoryEventStore();
  await ingest(store, [claimRecord({ id: 'first' })]);
  return store;
}

const VERSION: Readonly<Record<string, number>> = { ClaimCorrected: 2, ClaimRetracted: 1 };
const ofType = async (store: MemoryEventStore, type: string) =>
  (await all(store)).filter((e) => e.type === type);

describe('ingest: a correction or retraction sent as a record and as a raw event', () => {
  it('stores the same correction once, whichever came first, in one input or across runs', async () => {
    for (const order of [
      [[rawCorrection('2023-03-21')], [correction('2023-03-21')]],
      [[correction('2023-03-21')], [rawCorrection('2023-03-21')]],
      [[rawCorrection('2023-03-21'), correction('2023-03-21')]],
      [[correction('2023-03-21'), rawCorrection('2023-03-21')]],
    ]) {
      const store = await storeWithClaim();
      const reports = [];
      for (const lines of order) reports.push(await ingest(store, lines));
      expect(reports.flatMap((r) => r.rejected)).toEqual([]);
      expect(reports.reduce((n, r) => n + r.added, 0)).toBe(1);
      expect(await ofType(store, 'ClaimCorrected')).toHaveLength(1);
    }
  });

  it('stores the same retraction once, whichever came first', async () => {
    for (const order of [
      [[retraction], [rawRetraction]],
      [[rawRetraction], [retraction]],
      [[retraction, rawRetraction]],
    ]) {
      const store = await storeWithClaim();
      let added = 0;
      for (const lines of order) added += (await ingest(store, lines)).added;
      expect(added).toBe(1);
      expect(await ofType(store, 'ClaimRetracted')).toHaveLength(1);
    }
  });

  it('holds a raw correction putting back a replaced value to the A-B-A rule', async () => {
    const store = await storeWithClaim();
    const aba = [correction('2023-03-21'), correction('2023-03-22'), correction('2023-03-21')];
    expect((await ingest(store, aba)).rejected.map((r) => [r.line, r.path])).toEqual([
      [3, 'changes.occurred'],
    ]);
    const report = await ingest(store, [rawCorrection('2023-03-21')]);
    expect(report.added).toBe(0);
    expect(report.rejected.map((r) => [r.line, r.path])).toEqual([[1, 'event.data.changes.occurred']]);
    expect(report.rejected[0]!.message).toMatch(
      /the same correction is already stored.*would change nothing/,
    );
    expect(await ofType(store, 'ClaimCorrected')).toHaveLength(2);
    // A raw A then B, re-sent, adds nothing and rejects nothing.
    const again = await ingest(store, [rawCorrection('2023-03-21'), rawCorrection('2023-03-22')]);
    expect([again.added, again.skipped, again.rejected]).toEqual([0, 2, []]);
  });

  it('finds a raw correction or retraction an earlier version stored under the id its content gave', async () => {
    const store = await storeWithClaim();
    // A raw correction's key held credibility 6 when it named none (keyedAsV1), its data did not.
    const old = (type: string, data: unknown, key: unknown = data) => {
      const id = deterministicId('event', type, canonicalJson(key));
      return {
        id,
        type,
        version: VERSION[type]!,
        data,
        metadata: { ingestRunId: 'old', correlationId: 'old', causationId: `event:${id}` },
      };
    };
    const corrected = {
      claimId: 'first',
      changes: { occurred: day('2023-03-21') },
      reason: 'r',
      correctedBy: 'me',
    };
    const key = { ...corrected, changes: { ...corrected.changes, credibility: 6 } };
    await store.append('claim-first', [
      old('ClaimCorrected', corrected, key),
      old('ClaimRetracted', rawRetraction.event.data),
    ]);
    const report = await ingest(store, [
      correction('2023-03-21'),
      rawCorrection('2023-03-21'),
      retraction,
      rawRetraction,
    ]);
    expect([report.added, report.skipped, report.rejected]).toEqual([0, 4, []]);
  });
});
