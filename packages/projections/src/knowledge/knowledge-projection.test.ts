import type { StoredEvent } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { toRecordedEvent } from '../events/recorded-event.js';
import {
  aliasEvent,
  claimEvent,
  correctEvent,
  gradeEvent,
  recordAll,
  reportRevisedEvent,
  retractEvent,
} from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { foldKnowledge, knowledgeProjection } from './knowledge-projection.js';
import { knowledgeView } from './knowledge-view.js';

const claim = (id: string, more: Partial<Parameters<typeof claimEvent>[0]> = {}) =>
  claimEvent({
    id,
    report: 'report-jan',
    mission: MISSION,
    kind: 'control',
    controller: 'taliban',
    occurred: '2023-01',
    ...more,
  });

describe('knowledgeProjection', () => {
  it('starts from a fresh empty state every time', () => {
    const a = knowledgeProjection.initial();
    const b = knowledgeProjection.initial();
    expect(a).not.toBe(b);
    expect(a.claims).not.toBe(b.claims);
    expect(a.position).toBe(-1);
  });

  it('indexes registries, aliases, grades and report revisions with their recorded stamps', () => {
    const events = recordAll([
      ...smallWorld(),
      aliasEvent('mission', MISSION, 'Old Legation'),
      gradeEvent('outlet-b', 'C'),
      reportRevisedEvent('report-jan', '2023-01-09'),
    ]);
    const state = foldKnowledge(events);
    expect(state.missions.get(MISSION)?.aliases.map((a) => a.alias)).toEqual([
      'Capital Mission',
      'Old Legation',
    ]);
    expect(state.sources.get('outlet-b')?.grades.map((g) => [g.reliability, g.recorded.position])).toEqual([
      ['F', 4],
      ['C', events.length - 1],
    ]);
    expect(state.reports.get('report-jan')?.revisions[0]?.changes.published?.text).toBe('2023-01-09');
    expect(state.position).toBe(events.length);
  });

  it('keeps a claim as recorded and its later history in order, indexed by mission and respondsTo', () => {
    const state = foldKnowledge(
      recordAll([
        ...smallWorld(),
        claim('c1'),
        claim('c2', { stance: 'denies', respondsTo: 'c1' }),
        correctEvent('c1', { missionId: 'other-mission' }),
        retractEvent('c1', 'withdrawn'),
      ]),
    );
    const c1 = state.claims.get('c1')!;
    expect(c1.values.missionId).toBe(MISSION);
    expect(c1.history.map((h) => h.type)).toEqual(['corrected', 'retracted']);
    expect([...(state.claimsByMission.get(MISSION) ?? [])]).toEqual(['c1', 'c2']);
    expect([...(state.claimsByMission.get('other-mission') ?? [])]).toEqual(['c1']);
    expect([...(state.respondersByClaim.get('c1') ?? [])]).toEqual(['c2']);
  });

  it('ignores history about a claim it does not know, and a second registration of the same id', () => {
    const state = foldKnowledge(
      recordAll([
        ...smallWorld(),
        retractEvent('ghost', 'x'),
        claim('c1'),
        claim('c1', { controller: 'republic' }),
      ]),
    );
    expect(state.claims.has('ghost')).toBe(false);
    expect(state.claims.get('c1')?.values.controller).toBe('taliban');
  });

  it('gives identical state on two replays of the same events', () => {
    const events = recordAll([...smallWorld(), claim('c1'), retractEvent('c1', 'x')]);
    expect(foldKnowledge(events)).toEqual(foldKnowledge(events));
  });

  it('folds stored v1 claims upcast to the newest shape', () => {
    const stored: StoredEvent = {
      id: 'e1',
      type: 'ClaimRecorded',
      version: 1,
      data: {
        claimId: 'old',
        reportId: 'report-jan',
        missionId: MISSION,
        kind: 'visit',
        stance: 'asserts',
        controller: 'taliban',
        occurred: { text: '2023-01', earliest: '2023-01-01', latest: '2023-01-31', anchor: null },
        quote: 'q',
        respondsTo: null,
        claimant: 'A spokesman',
      },
      metadata: { ingestRunId: 'legacy' },
      stream: 'claim-old',
      revision: 0,
      position: 7,
      recordedAt: '2024-01-01T00:00:00.000Z',
      hash: 'h',
      prevHash: 'p',
    };
    const recorded = toRecordedEvent(stored);
    const state = knowledgeProjection.evolve(knowledgeProjection.initial(), recorded);
    expect(state.claims.get('old')).toMatchObject({
      values: { claimant: { asWritten: 'A spokesman', actorId: null }, via: [], credibility: 6 },
      recorded: { position: 7, ingestRunId: 'legacy' },
    });
  });
});

describe('knowledgeView', () => {
  it('finds missions by id, name, city, country or alias, ignoring case and accents', () => {
    const view = knowledgeView(foldKnowledge(recordAll(smallWorld())));
    for (const text of ['xx-capital', 'EMBASSY in', 'capital', 'Capitál', 'capital mission', 'XLAND']) {
      expect(
        view.findMissions(text).map((m) => m.id),
        text,
      ).toEqual([MISSION]);
    }
    expect(view.findMissions('nowhere')).toEqual([]);
    expect(view.findMissions('  ')).toEqual([]);
  });
});
