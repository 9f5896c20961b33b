// traceClaim: a claim followed to its report, outlet, citation chain and ingest run, with its
// corrections, the later events about it and the claims answering it, as of any recorded cutoff.
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { claimEvent, recordAll, reportRevisedEvent, retractEvent } from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { traceClaim } from './claim-trace.js';
import { events, implicitDenial, view } from './claim-trace-fixture.js';

describe('traceClaim', () => {
  const trace = traceClaim(view, 'visit')!;

  it('follows the claim to report, outlet, citation chain and ingest run', () => {
    expect(trace.report).toMatchObject({
      id: 'report-jan',
      url: 'https://a.example/jan',
      published: { text: '2023-01-11' },
    });
    // The report's revision, with the publication date it replaced.
    const revised = events.find((e) => e.event.type === 'ReportRevised')!.envelope;
    expect(trace.report?.revisions).toEqual([
      {
        eventId: revised.eventId,
        position: revised.position,
        ingestRunId: 'run-1',
        correlationId: null,
        causationId: null,
        reason: 'date corrected',
        recordedAt: revised.recordedAt,
        before: { published: expect.objectContaining({ text: '2023-01-10' }) },
        after: { published: expect.objectContaining({ text: '2023-01-11' }) },
      },
    ]);
    expect(trace.source?.grades.map((g) => g.reliability)).toEqual(['B', 'C']);
    expect(trace.citationChain).toEqual([
      { name: 'Outlet A', relation: 'reports' },
      { name: 'Tolo News', relation: 'cites' },
      { name: 'the embassy', relation: 'quotes' },
    ]);
    const recorded = events.find((e) => e.event.type === 'ClaimRecorded')!.envelope;
    expect(trace.recorded).toMatchObject({
      ingestRunId: 'run-1',
      position: recorded.position,
      recordedAt: recorded.recordedAt,
    });
  });

  it('keeps the original beside the corrected values, with before and after', () => {
    expect(trace.original.occurred.text).toBe('2023-01-05');
    expect(trace.current.occurred.text).toBe('2023-01-06');
    expect(trace.corrections[0]).toMatchObject({
      reason: 'misread the day',
      before: { occurred: { text: '2023-01-05' } },
      after: { occurred: { text: '2023-01-06' } },
    });
  });

  it('lists later retractions and assessments with their recorded times, and the claims answering it', () => {
    expect(trace.retractions).toEqual([
      expect.objectContaining({
        reason: 'the outlet withdrew it',
        ingestRunId: 'run-1',
        reportId: 'report-feb',
        report: {
          sourceId: 'outlet-b',
          outlet: 'Outlet B',
          url: null,
          published: expect.objectContaining({ text: '2023-02-10' }),
          revisions: [],
        },
      }),
    ]);
    expect(trace.assessments).toEqual([expect.objectContaining({ credibility: 3 })]);
    expect(trace.responses.map((r) => [r.claimId, r.binding])).toEqual([
      ['deny', 'explicit'],
      ['deny-2', 'implicit'],
    ]);
  });

  it('lists a denial without respondsTo only when its kind answers the claim: an event denial does not answer a state claim', () => {
    const linked = claimEvent({
      id: 'linked',
      report: 'report-jan',
      mission: MISSION,
      kind: 'control',
      controller: 'taliban',
      occurred: '2023-01',
    });
    const stateDenial = claimEvent({
      id: 'not-ours',
      report: 'report-feb',
      mission: MISSION,
      kind: 'control',
      stance: 'denies',
      occurred: '2023-01',
    });
    const world = knowledgeView(
      foldKnowledge(recordAll([...smallWorld(), linked, implicitDenial, stateDenial])),
    );
    // deny-2 disputes a visit in 2023-01: it says nothing of who holds the mission.
    expect(traceClaim(world, 'linked')!.responses.map((r) => [r.claimId, r.binding])).toEqual([
      ['not-ours', 'implicit'],
    ]);
  });

  it('shows the claim as it stood at a recorded cutoff, and nothing before it was recorded', () => {
    const claimAt = events.find((e) => e.event.type === 'ClaimRecorded')!.envelope.recordedAt;
    const early = traceClaim(view, 'visit', { recordedAt: claimAt })!;
    expect(early.corrections).toEqual([]);
    expect(early.retractions).toEqual([]);
    expect(early.current.occurred.text).toBe('2023-01-05');
    expect(traceClaim(view, 'visit', { recordedAt: '2023-12-31' })).toBeNull();
    expect(traceClaim(view, 'no-such-claim')).toBeNull();
  });
});

describe('traceClaim and the retraction’s report', () => {
  it('gives the revisions of the report that carried the retraction, as of the cutoff', () => {
    const revised = knowledgeView(
      foldKnowledge(
        recordAll([
          ...smallWorld(),
          claimEvent({
            id: 'c',
            report: 'report-jan',
            mission: MISSION,
            kind: 'visit',
            occurred: '2023-01-05',
          }),
          retractEvent('c', 'withdrawn', 'report-feb'),
          reportRevisedEvent('report-feb', '2023-02-20', 'the notice went out later'),
        ]),
      ),
    );
    const report = traceClaim(revised, 'c')!.retractions[0]?.report;
    expect(report?.published.text).toBe('2023-02-20');
    expect(report?.revisions).toEqual([
      expect.objectContaining({
        reason: 'the notice went out later',
        before: { published: expect.objectContaining({ text: '2023-02-10' }) },
        after: { published: expect.objectContaining({ text: '2023-02-20' }) },
      }),
    ]);
  });
});
