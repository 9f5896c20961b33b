// A claim without an id whose claimant has white space around it is the claim the same claimant
// without it is: the claimant is hashed and stored trimmed. Claims an earlier version stored under
// the id it hashed with the white space are found under that id, and a claim given an id keeps its
// claimant as written, so re-running an old file stores nothing twice and clashes with nothing.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { claims } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const { id: _, ...noId } = claimRecord();
const CLAIMANT = 'Taliban Foreign Ministry spokesman';
/** The id this content derives with the claimant trimmed (and always has, for that claimant). */
const TRIMMED_ID = 'tj-khorog-consulate-visit-a7e413cc389d6652';
/** The id ingest derived for the claimant "…spokesman " before it was trimmed, hashed as written. */
const AS_WRITTEN_ID = 'tj-khorog-consulate-visit-da689affe10aa9a2';
/** The id the oldest ingest derived with both occurred " 2023-03-23 " and that claimant as written. */
const OLDEST_ID = 'tj-khorog-consulate-visit-d78a4eef1fe289e1';

const stored = async (store: MemoryEventStore) =>
  (await claims(store)).map((c) => [
    c.claimId,
    (c as unknown as { claimant: { asWritten: string } }).claimant.asWritten,
  ]);

describe('ingest: a claimant with white space around it, in a claim without an id', () => {
  it('is the claim the claimant without it is: one account, stored trimmed', async () => {
    expect(noId['claimant']).toBe(CLAIMANT);
    const store = new MemoryEventStore();
    expect(await ingest(store, [{ ...noId, claimant: `${CLAIMANT} ` }])).toMatchObject({ added: 1 });
    expect(await stored(store)).toEqual([[TRIMMED_ID, CLAIMANT]]);
    const again = await ingest(store, [
      { ...noId },
      { ...noId, claimant: `\t${CLAIMANT}` },
      { ...noId, claimant: ` ${CLAIMANT}  `, occurred: ' 2023-03-23 ' },
    ]);
    expect(again).toMatchObject({ added: 0, skipped: 3, rejectedLines: 0 });
    expect(await stored(store)).toEqual([[TRIMMED_ID, CLAIMANT]]);
  });

  it('finds a claim an earlier version stored under the id it hashed with the white space, as it stored it', async () => {
    const store = new MemoryEventStore();
    // What that version stored: the claim under that id, the claimant as written.
    const old = { ...noId, id: AS_WRITTEN_ID, claimant: `${CLAIMANT} ` };
    expect(await ingest(store, [old])).toMatchObject({ added: 1 });
    expect(await stored(store)).toEqual([[AS_WRITTEN_ID, `${CLAIMANT} `]]);
    const again = await ingest(store, [{ ...noId, claimant: `${CLAIMANT} ` }]);
    expect(again).toMatchObject({ added: 0, skipped: 1, rejectedLines: 0 });
    expect(await stored(store)).toEqual([[AS_WRITTEN_ID, `${CLAIMANT} `]]);
  });

  it('leaves the claimant of a claim given an id as written, so its own line sent again is a repeat', async () => {
    const store = new MemoryEventStore();
    const line = { ...noId, id: 'spaced-claimant', claimant: `${CLAIMANT} ` };
    expect(await ingest(store, [line])).toMatchObject({ added: 1 });
    expect(await ingest(store, [line])).toMatchObject({ added: 0, skipped: 1, rejectedLines: 0 });
    expect(await stored(store)).toEqual([['spaced-claimant', `${CLAIMANT} `]]);
  });

  it('finds a claim the oldest version stored, its occurred and claimant both hashed with the white space', async () => {
    const store = new MemoryEventStore();
    const spaced = { claimant: `${CLAIMANT} `, occurred: ' 2023-03-23 ' };
    expect(await ingest(store, [{ ...noId, ...spaced, id: OLDEST_ID }])).toMatchObject({ added: 1 });
    const again = await ingest(store, [{ ...noId, ...spaced }]);
    expect(again).toMatchObject({ added: 0, skipped: 1, rejectedLines: 0 });
    expect(await stored(store)).toEqual([[OLDEST_ID, `${CLAIMANT} `]]);
  });

  it("notes a line with an id whose content is that of such an earlier claim, as for today's", async () => {
    const store = new MemoryEventStore();
    expect(await ingest(store, [{ ...noId, id: AS_WRITTEN_ID, claimant: `${CLAIMANT} ` }])).toMatchObject({
      added: 1,
    });
    const given = await ingest(store, [{ ...noId, id: 'given', claimant: `${CLAIMANT} ` }]);
    expect(given).toMatchObject({ added: 1, rejectedLines: 0 });
    expect(given.notices).toEqual([
      expect.objectContaining({
        line: 1,
        path: 'id',
        message: expect.stringMatching(
          new RegExp(`^claim "given" has the same content as claim "${AS_WRITTEN_ID}", stored without an id`),
        ),
      }),
    ]);
  });

  it('refuses a retraction naming the id an earlier version gave, in a store it did not write, saying why', async () => {
    // A store rebuilt from the old input files: the claim gets today's id, the retraction names the old.
    const store = new MemoryEventStore();
    const retraction = {
      type: 'retraction',
      claim: AS_WRITTEN_ID,
      reason: 'withdrawn',
      source: { outlet: 'Tolo News', url: 'https://tolonews.com/x', published: '2023-04-02' },
      quote: 'withdrawn',
    };
    const report = await ingest(store, [{ ...noId, claimant: `${CLAIMANT} ` }, retraction]);
    expect(report).toMatchObject({ added: 1, rejectedLines: 1 });
    expect(await stored(store)).toEqual([[TRIMMED_ID, CLAIMANT]]);
    expect(JSON.stringify(report.rejected)).toContain(
      'an ingest before 2026-12-06 gave it another id than it gets now: kb mission lists the ids its claims have',
    );
  });
});
