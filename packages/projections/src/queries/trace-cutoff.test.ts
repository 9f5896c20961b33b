import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import {
  assessEvent,
  claimEvent,
  correctEvent,
  gradeEvent,
  recordAll,
  reportRevisedEvent,
  retractEvent,
} from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { traceCutoff } from './trace-cutoff.js';

const world = smallWorld();
const claim = claimEvent({
  id: 'visit',
  report: 'report-jan',
  mission: MISSION,
  kind: 'visit',
  occurred: '2023-01-05',
});
// Recorded one second apart from 2024-01-01T00:00:00Z: the claim is the last of the registry.
const later = [
  claimEvent({
    id: 'deny',
    report: 'report-feb',
    mission: MISSION,
    kind: 'visit',
    stance: 'denies',
    occurred: 'unknown',
    respondsTo: 'visit',
  }),
  claimEvent({
    id: 'deny-2',
    report: 'report-feb',
    mission: MISSION,
    kind: 'visit',
    stance: 'disputes',
    occurred: '2023-01',
  }),
  correctEvent('visit', { controller: 'taliban' }),
  assessEvent('visit', 3),
  gradeEvent('outlet-a', 'C'),
  reportRevisedEvent('report-jan', '2023-01-11'),
  retractEvent('visit', 'withdrawn'),
];
const view = knowledgeView(foldKnowledge(recordAll([...world, claim, ...later])));
const claimRecordedAt = new Date(Date.parse('2024-01-01T00:00:00.000Z') + world.length * 1000).toISOString();
/** `steps` seconds after the claim was recorded: the events after it are recorded a second apart. */
const at = (steps: number) => new Date(Date.parse(claimRecordedAt) + steps * 1000).toISOString();
/** A denial of the claim, from the February report. */
const denial = (id: string) =>
  claimEvent({
    id,
    report: 'report-feb',
    mission: MISSION,
    kind: 'visit',
    stance: 'denies',
    occurred: 'unknown',
    respondsTo: 'visit',
  });

describe('traceCutoff', () => {
  it('counts each kind of event about the claim recorded after the cutoff', () => {
    expect(traceCutoff(view, 'visit', { recordedAt: claimRecordedAt })).toEqual({
      retractions: 1,
      corrections: 1,
      assessments: 1,
      reportRevisions: 1,
      grades: 1,
      responses: 2,
      responseRetractions: 0,
      responseCorrections: 0,
    });
  });

  it('counts nothing when everything was recorded by then, and is null without a cutoff', () => {
    const end = new Date(Date.parse(claimRecordedAt) + later.length * 1000).toISOString();
    expect(Object.values(traceCutoff(view, 'visit', { recordedAt: end }) ?? {})).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(traceCutoff(view, 'visit', {})).toBeNull();
  });
});

describe('traceCutoff and the reports a trace shows besides the claim’s', () => {
  it('counts a revision of the retraction’s report recorded after the cutoff, once', () => {
    const revisedLater = knowledgeView(
      foldKnowledge(
        recordAll([
          ...world,
          claim,
          retractEvent('visit', 'withdrawn', 'report-feb'),
          reportRevisedEvent('report-feb', '2023-02-20', 'the notice went out later'),
        ]),
      ),
    );
    // Cut just after the retraction: only the revision of its report came later.
    const retractedAt = new Date(Date.parse(claimRecordedAt) + 1000).toISOString();
    expect(traceCutoff(revisedLater, 'visit', { recordedAt: retractedAt })).toMatchObject({
      retractions: 0,
      reportRevisions: 1,
    });
    // A retraction in the claim's own report: its revision is counted once, not twice.
    const own = knowledgeView(
      foldKnowledge(
        recordAll([
          ...world,
          claim,
          retractEvent('visit', 'withdrawn', 'report-jan'),
          reportRevisedEvent('report-jan', '2023-01-11'),
        ]),
      ),
    );
    expect(traceCutoff(own, 'visit', { recordedAt: retractedAt })).toMatchObject({ reportRevisions: 1 });
  });
});

describe('traceCutoff and the responses retracted since', () => {
  // The claim, a denial retracted before the cutoff, one retracted after it (twice), and one
  // recorded and retracted after it; the cutoff falls after the third event of these.
  const retractedLater = knowledgeView(
    foldKnowledge(
      recordAll([
        ...world,
        claim,
        denial('deny-early'),
        retractEvent('deny-early', 'withdrawn'),
        denial('deny-later'),
        retractEvent('deny-later', 'withdrawn'),
        retractEvent('deny-later', 'withdrawn again'),
        denial('deny-new'),
        retractEvent('deny-new', 'withdrawn'),
      ]),
    ),
  );

  it('counts a response retracted after the cutoff once, and not one retracted before it', () => {
    expect(traceCutoff(retractedLater, 'visit', { recordedAt: at(3) })).toMatchObject({
      retractions: 0,
      responses: 1,
      responseRetractions: 2,
    });
    // Once every retraction is recorded, none is left out.
    expect(traceCutoff(retractedLater, 'visit', { recordedAt: at(7) })).toMatchObject({
      responses: 0,
      responseRetractions: 0,
    });
  });
});

describe('traceCutoff and the responses corrected since', () => {
  // The claim; a denial corrected before the cutoff; one corrected twice after it; one that a
  // correction after it moves to another kind, so that it answers the claim at the cutoff and not
  // now; one recorded and corrected after it; and a claim that never answered, corrected after it.
  // The cutoff falls after the fifth event of these.
  const correctedLater = knowledgeView(
    foldKnowledge(
      recordAll([
        ...world,
        claim,
        denial('deny-early'),
        correctEvent('deny-early', { credibility: 3 }),
        denial('deny-later'),
        denial('deny-moved'),
        correctEvent('deny-later', { credibility: 3 }),
        correctEvent('deny-later', { stance: 'disputes' }),
        correctEvent('deny-moved', { kind: 'appointment', respondsTo: null }),
        denial('deny-new'),
        correctEvent('deny-new', { credibility: 3 }),
        claimEvent({
          id: 'aside',
          report: 'report-feb',
          mission: MISSION,
          kind: 'handover',
          occurred: '2023-03',
        }),
        correctEvent('aside', { credibility: 3 }),
      ]),
    ),
  );

  it('counts each correction of a response at the cutoff or now recorded after it, and none before', () => {
    expect(traceCutoff(correctedLater, 'visit', { recordedAt: at(4) })).toMatchObject({
      corrections: 0,
      responses: 1,
      responseCorrections: 4,
    });
    expect(traceCutoff(correctedLater, 'visit', { recordedAt: at(12) })).toMatchObject({
      responses: 0,
      responseCorrections: 0,
    });
  });
});
