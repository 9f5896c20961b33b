// Ingest of retractions and corrections (raw event records: raw-events/raw-event-records.test.ts).
import { canonicalJson, deterministicId, MemoryEventStore, type StoredEvent } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';

describe('ingest: retractions and corrections', () => {
  it('appends a retraction and a correction behind their claim, and refuses ones for unknown claims', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'a' }),
      { type: 'retraction', claim: 'a', reason: 'the ministry withdrew the statement' },
      {
        type: 'correction',
        claim: 'a',
        changes: { occurred: 'earlier', controller: 'IEA' },
        reason: 'misread date',
        by: 'analyst',
      },
      { type: 'retraction', claim: 'nope', reason: 'x' },
    ]);
    expect(report.added).toBe(3);
    expect(report.rejected).toEqual([
      { line: 4, path: 'claim', message: expect.stringContaining('no claim "nope"') },
    ]);
    const stream: StoredEvent[] = [];
    for await (const e of store.readStream('claim-a')) stream.push(e);
    expect(stream.map((e) => e.type)).toEqual(['ClaimRecorded', 'ClaimRetracted', 'ClaimCorrected']);
    expect(stream[2]?.data).toMatchObject({
      changes: { controller: 'taliban', occurred: { text: 'earlier', anchor: '2023-03-28' } },
      correctedBy: 'analyst',
    });
    // A later run finds the claim in the store and stores the same retraction only once.
    const again = await ingest(store, [
      { type: 'retraction', claim: 'a', reason: 'the ministry withdrew the statement' },
    ]);
    expect(again).toMatchObject({ added: 0, skipped: 1 });
  });

  it('keeps the credibility of a claim whose correction does not name one', async () => {
    const store = new MemoryEventStore();
    const correction = {
      type: 'correction',
      claim: 'graded',
      changes: { occurred: '2023-03-24' },
      reason: 'misread the date',
      by: 'analyst',
    };
    await ingest(store, [claimRecord({ id: 'graded', credibility: 2 }), correction]);
    const stored = (await all(store)).find((e) => e.type === 'ClaimCorrected')!;
    expect(stored.version).toBe(2);
    // Only the date: with credibility 6 in its changes it would reset the claim's 2 (v1 did).
    expect(Object.keys((stored.data as { changes: object }).changes)).toEqual(['occurred']);
    // Sent again, it is the same correction.
    expect(await ingest(store, [correction])).toMatchObject({ added: 0, skipped: 1 });
  });

  it('finds a correction stored at v1 (credibility 6 written beside its changes) when it is sent again', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'old', credibility: 2 })]);
    const changes = {
      occurred: { text: '2023-03-24', earliest: '2023-03-24', latest: '2023-03-24', anchor: null },
    };
    // Exactly what the v1 writer appended: the default in the changes and in the event's key.
    const v1Changes = { ...changes, credibility: 6 };
    await store.append('claim-old', [
      {
        id: deterministicId('ClaimCorrected', 'old', canonicalJson(v1Changes), 'misread the date', 'analyst'),
        type: 'ClaimCorrected',
        version: 1,
        data: { claimId: 'old', changes: v1Changes, reason: 'misread the date', correctedBy: 'analyst' },
      },
    ]);
    const again = await ingest(store, [
      {
        type: 'correction',
        claim: 'old',
        changes: { occurred: '2023-03-24' },
        reason: 'misread the date',
        by: 'analyst',
      },
    ]);
    expect(again.rejected).toEqual([]);
    expect(again).toMatchObject({ added: 0, skipped: 1 });
    const stored = (await all(store)).filter((e) => e.type === 'ClaimCorrected');
    expect(stored.map((e) => e.version)).toEqual([1]);
  });

  it('finds a raw ClaimCorrected event stored at v1 when the same event record is sent again', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'raw' })]);
    const occurred = { text: '2023-03-24', earliest: '2023-03-24', latest: '2023-03-24', anchor: null };
    const data = {
      claimId: 'raw',
      changes: { occurred },
      reason: 'misread the date',
      correctedBy: 'analyst',
    };
    // The v1 writer keyed and stored the data with the credibility default in its changes.
    const v1Data = { ...data, changes: { occurred, credibility: 6 } };
    await store.append('claim-raw', [
      {
        id: deterministicId('event', 'ClaimCorrected', canonicalJson(v1Data)),
        type: 'ClaimCorrected',
        version: 1,
        data: v1Data,
      },
    ]);
    const again = await ingest(store, [{ type: 'event', event: { type: 'ClaimCorrected', data } }]);
    expect(again.rejected).toEqual([]);
    expect(again).toMatchObject({ added: 0, skipped: 1 });
    expect((await all(store)).filter((e) => e.type === 'ClaimCorrected')).toHaveLength(1);
  });

  it('names the claim id a retraction or correction most likely meant', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'khorog-visit-2023-03-23' })]);
    const report = await ingest(
      store,
      [
        { type: 'retraction', claim: 'khorog-vist-2023-03-23', reason: 'withdrawn' }, // a stored claim, one slip away
        claimRecord({ id: 'ashgabat-handover' }),
        { type: 'retraction', claim: 'ashgabat-handovr', reason: 'withdrawn' }, // earlier in the same batch
        claimRecord({ id: 'termez-takeover' }),
        {
          type: 'correction',
          claim: 'termez-takover',
          changes: { occurred: '2022' },
          reason: 'r',
        }, // committed by this run (lines 2 and 4 were a batch) after line 1 read the stored ids
        { type: 'retraction', claim: 'nothing-like-it', reason: 'withdrawn' },
      ],
      { batchSize: 2 },
    );
    expect(report.rejected.map((r) => [r.line, r.message])).toEqual([
      [
        1,
        'no claim "khorog-vist-2023-03-23" is stored or earlier in this input; did you mean "khorog-visit-2023-03-23"?',
      ],
      [
        3,
        'no claim "ashgabat-handovr" is stored or earlier in this input; did you mean "ashgabat-handover"?',
      ],
      [5, 'no claim "termez-takover" is stored or earlier in this input; did you mean "termez-takeover"?'],
      [
        6,
        'no claim "nothing-like-it" is stored or earlier in this input; ingest the claim first (a claim later in this input is not seen yet: put it earlier, or ingest this line again once the claim is stored)',
      ],
    ]);
  });

  it('refuses a correction that makes a stored claim answer itself, its claim spelt in another case', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'k-visit' })]);
    const report = await ingest(store, [
      { type: 'correction', claim: 'K-Visit', changes: { respondsTo: 'k-visit' }, reason: 'slip' },
    ]);
    expect(report.rejected).toEqual([
      {
        line: 1,
        path: 'changes.respondsTo',
        message: expect.stringMatching(/names the corrected claim itself/),
      },
    ]);
    expect(report.added).toBe(0);
    expect((await all(store)).filter((e) => e.type === 'ClaimCorrected')).toEqual([]);
  });
});
