// Each claim field a correction record may change reaches the stored ClaimCorrected event, resolved
// as the claim's own field would be: none of them is dropped on the way.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';

describe('a correction record changing claim fields', () => {
  it('stores every field it changes, each as the claim record would have it', async () => {
    const store = new MemoryEventStore();
    // Each written as a claim record writes it, and stored so: none of these is resolved to another form.
    const changes = {
      kind: 'handover',
      stance: 'confirms',
      via: [{ name: 'Tolo News', relation: 'cites' }],
      quote: 'the consulate was handed over on March 23',
      credibility: 3,
      respondsTo: 'denial',
      notes: 'read again against the original report',
    };
    const report = await ingest(store, [
      claimRecord({ id: 'visit' }),
      claimRecord({
        id: 'denial',
        stance: 'denies',
        controller: 'unknown',
        claimant: 'Embassy of Afghanistan',
      }),
      {
        type: 'correction',
        claim: 'visit',
        changes,
        reason: 'misread the article',
        by: 'analyst',
      },
    ]);
    expect(report).toMatchObject({ added: 3, rejected: [] });
    const corrected = (await all(store)).filter((e) => e.type === 'ClaimCorrected');
    expect(corrected).toHaveLength(1);
    expect(corrected[0]?.data).toMatchObject({
      claimId: 'visit',
      changes,
    });
    expect(Object.keys((corrected[0]!.data as { changes: object }).changes).sort()).toEqual([
      'credibility',
      'kind',
      'notes',
      'quote',
      'respondsTo',
      'stance',
      'via',
    ]);
  });

  it('stores a change of notes alone, and of kind alone, as a correction of that field', async () => {
    const store = new MemoryEventStore();
    const correction = (changes: Record<string, unknown>) => ({
      type: 'correction',
      claim: 'visit',
      changes,
      reason: 'checked again',
      by: 'analyst',
    });
    const report = await ingest(store, [
      claimRecord({ id: 'visit' }),
      correction({ notes: 'the date is the ministry’s own' }),
      correction({ kind: 'takeover' }),
    ]);
    expect(report).toMatchObject({ added: 3, rejected: [] });
    const changes = (await all(store))
      .filter((e) => e.type === 'ClaimCorrected')
      .map((e) => (e.data as { changes: object }).changes);
    expect(changes).toEqual([{ notes: 'the date is the ministry’s own' }, { kind: 'takeover' }]);
  });
});
