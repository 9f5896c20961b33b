// A correction that moves a claim to another mission and makes it answer a claim of that mission is
// checked against the mission the claim will be about, not the one it leaves: no note that the answer
// is filed under another mission. Moved away from the answered claim's mission, it is noted.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { claimRecord } from '../test-kit/test-records.js';

const DUSHANBE = { country: 'Tajikistan', city: 'Dushanbe', kind: 'embassy' };

async function storeWithTwoMissions() {
  const store = new MemoryEventStore();
  const report = await ingest(store, [
    claimRecord({ id: 'khorog-claim' }),
    claimRecord({ id: 'dushanbe-claim', mission: DUSHANBE, quote: 'The embassy changed hands.' }),
  ]);
  expect(report.added).toBe(2);
  return store;
}

const correction = (changes: Record<string, unknown>) => ({
  type: 'correction',
  claim: 'khorog-claim',
  changes,
  reason: 'misfiled',
});

describe('ingest: a correction changing mission and respondsTo together', () => {
  it('checks the answer against the mission the claim moves to', async () => {
    const store = await storeWithTwoMissions();
    const report = await ingest(store, [
      correction({
        mission: DUSHANBE,
        stance: 'denies',
        controller: 'unknown',
        respondsTo: 'dushanbe-claim',
      }),
    ]);
    expect(report).toMatchObject({ added: 1, rejectedLines: 0 });
    expect(report.notices.filter((n) => n.path === 'changes.respondsTo')).toEqual([]);
  });

  it('notes an answer to a claim of the mission the claim moves away from', async () => {
    const store = await storeWithTwoMissions();
    await ingest(store, [claimRecord({ id: 'khorog-other', quote: 'Another account of Khorog.' })]);
    const report = await ingest(store, [
      correction({ mission: DUSHANBE, stance: 'denies', controller: 'unknown', respondsTo: 'khorog-other' }),
    ]);
    expect(report.notices.filter((n) => n.path === 'changes.respondsTo')).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^claim "khorog-other" is about mission "tj-khorog-consulate", and the corrected claim is about mission "tj-dushanbe-embassy"/,
        ),
      }),
    ]);
  });

  it.each([
    ['in one input', true],
    ['in two runs', false],
  ])(
    'checks a later correction against the mission an earlier one moved the claim to (%s)',
    async (_, together) => {
      const store = await storeWithTwoMissions();
      const move = { ...correction({ mission: DUSHANBE }), id: 'move' };
      const answer = {
        ...correction({ stance: 'denies', controller: 'unknown', respondsTo: 'dushanbe-claim' }),
        id: 'answer',
      };
      if (!together) await ingest(store, [move]);
      const report = await ingest(store, together ? [move, answer] : [answer]);
      expect(report.rejectedLines).toBe(0);
      expect(report.notices.filter((n) => n.path === 'changes.respondsTo')).toEqual([]);
    },
  );
});
