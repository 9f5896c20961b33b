// fast-check arbitraries for the projection properties: a small random world of registrations,
// reports and claims (with responses, retractions, corrections, assessments and regrades), every
// event built through the same factory an ingest-shaped fixture uses, so each one is valid.
import { type DomainEvent, streamOf } from '@kb/domain';
import fc from 'fast-check';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { type KnowledgeView, knowledgeView } from '../knowledge/knowledge-view.js';
import {
  actorEvent,
  assessEvent,
  claimEvent,
  correctEvent,
  gradeEvent,
  missionEvent,
  recordAll,
  reportEvent,
  reportRevisedEvent,
  retractEvent,
  sourceEvent,
} from '../testing/event-factory.js';

const MISSIONS = [
  { id: 'tj-khorog-consulate', name: 'Consulate in Khorog', country: 'Tajikistan', city: 'Khorog' },
  { id: 'tj-dushanbe-embassy', name: 'Embassy in Dushanbe', country: 'Tajikistan', city: 'Dushanbe' },
  { id: 'uz-termez-consulate', name: 'Consulate in Termez', country: 'Uzbekistan', city: 'Termez' },
] as const;
const SOURCES = ['outlet-a', 'outlet-b', 'outlet-c'] as const;
const REPORTS = [
  { id: 'report-1', sourceId: 'outlet-a', published: '2023-01-10' },
  { id: 'report-2', sourceId: 'outlet-b', published: '2023-02' },
  { id: 'report-3', sourceId: 'outlet-c', published: '2023-03-28' },
  { id: 'report-4', sourceId: 'outlet-a', published: '2022' },
] as const;
const KINDS = ['visit', 'control', 'takeover', 'closure', 'statement'] as const;
const STANCES = ['asserts', 'denies', 'confirms', 'disputes'] as const;
const CONTROLLERS = ['taliban', 'republic', 'unknown', 'none'] as const;
const OCCURRED = ['2023-03-23', '2023-03', '2022-08', '../2023-03-28', '2022-21'] as const;
const CLAIMANTS = ['Taliban spokesman', 'Embassy of Afghanistan', 'Tolo News', 'The Diplomat'] as const;
const GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

/** One generated claim with what may happen to it later. */
export interface ClaimPlan {
  readonly mission: number;
  readonly report: number;
  readonly kind: (typeof KINDS)[number];
  readonly stance: (typeof STANCES)[number];
  readonly controller: (typeof CONTROLLERS)[number];
  readonly occurred: (typeof OCCURRED)[number];
  readonly claimant: (typeof CLAIMANTS)[number];
  /** Which earlier claim this one answers, if any: modulo the claims before it (the first answers none). */
  readonly respondsTo: number | null;
  readonly retracted: boolean;
  readonly correctedTo: (typeof CONTROLLERS)[number] | null;
  /**
   * A later correction of the claim's links to other streams: `to` re-points `respondsTo` to an
   * earlier claim as `respondsTo` picks it (null unlinks it), `mission` moves the claim.
   */
  readonly relinked: { readonly to?: number | null; readonly mission?: number } | null;
  readonly assessed: 1 | 2 | 3 | 4 | 5 | 6 | null;
}

const claimPlan: fc.Arbitrary<ClaimPlan> = fc.record({
  mission: fc.nat(MISSIONS.length - 1),
  report: fc.nat(REPORTS.length - 1),
  kind: fc.constantFrom(...KINDS),
  stance: fc.constantFrom(...STANCES),
  controller: fc.constantFrom(...CONTROLLERS),
  occurred: fc.constantFrom(...OCCURRED),
  claimant: fc.constantFrom(...CLAIMANTS),
  respondsTo: fc.option(fc.nat(20), { nil: null, freq: 2 }),
  retracted: fc.boolean(),
  correctedTo: fc.option(fc.constantFrom(...CONTROLLERS), { nil: null, freq: 4 }),
  relinked: fc.option(
    fc.record(
      { to: fc.option(fc.nat(20), { nil: null, freq: 4 }), mission: fc.nat(MISSIONS.length - 1) },
      { requiredKeys: [] },
    ),
    { nil: null, freq: 2 },
  ),
  assessed: fc.option(fc.constantFrom(1, 2, 3, 4, 5, 6 as const), { nil: null, freq: 3 }),
});

/** The plan of a world: its claims, regrades of sources and report revisions. */
export interface WorldPlan {
  readonly claims: readonly ClaimPlan[];
  readonly regrades: readonly { source: number; grade: (typeof GRADES)[number] }[];
  readonly revisions: readonly number[];
}

export const worldPlan: fc.Arbitrary<WorldPlan> = fc.record({
  claims: fc.array(claimPlan, { minLength: 1, maxLength: 14 }),
  regrades: fc.array(fc.record({ source: fc.nat(SOURCES.length - 1), grade: fc.constantFrom(...GRADES) }), {
    maxLength: 3,
  }),
  revisions: fc.array(fc.nat(REPORTS.length - 1), { maxLength: 2 }),
});

const claimId = (i: number) => `claim-${i}`;

/**
 * The world's events in a causal order: registrations, reports, then each claim followed by what
 * happens to it, with regrades and revisions at the end.
 */
export function worldEvents(plan: WorldPlan): DomainEvent[] {
  const events: DomainEvent[] = [
    actorEvent({ id: 'taliban', name: 'Taliban' }),
    actorEvent({ id: 'republic', name: 'Republic diplomats', kind: 'diplomatic-corps' }),
    ...SOURCES.map((id, i) => sourceEvent({ id, outlet: `Outlet ${i}`, reliability: GRADES[i]! })),
    ...MISSIONS.map((m) => missionEvent({ ...m, kind: m.id.endsWith('embassy') ? 'embassy' : 'consulate' })),
    ...REPORTS.map((r) => reportEvent({ ...r, url: `https://news.example/${r.id}` })),
  ];
  plan.claims.forEach((c, i) => {
    const answered = c.respondsTo !== null && i > 0 ? claimId(c.respondsTo % i) : null;
    events.push(
      claimEvent({
        id: claimId(i),
        report: REPORTS[c.report]!.id,
        mission: MISSIONS[c.mission]!.id,
        kind: c.kind,
        stance: answered === null ? 'asserts' : c.stance,
        controller: c.controller,
        occurred: c.occurred,
        claimant: c.claimant,
        respondsTo: answered,
        quote: `quote ${i}`,
      }),
    );
    if (c.correctedTo !== null) events.push(correctEvent(claimId(i), { controller: c.correctedTo }));
    const relink = relinkChanges(c.relinked, i);
    if (relink !== null) events.push(correctEvent(claimId(i), relink, 'wrong link'));
    if (c.assessed !== null) events.push(assessEvent(claimId(i), c.assessed));
    if (c.retracted) events.push(retractEvent(claimId(i), 'withdrawn'));
  });
  for (const r of plan.regrades) events.push(gradeEvent(SOURCES[r.source]!, r.grade));
  for (const r of plan.revisions) events.push(reportRevisedEvent(REPORTS[r]!.id, '2023-03-01'));
  return events;
}

/** The changes of a relinking correction of claim `i`, or null when it changes nothing. */
function relinkChanges(relinked: ClaimPlan['relinked'], i: number): Record<string, unknown> | null {
  if (relinked === null) return null;
  const changes: Record<string, unknown> = {};
  if (relinked.to === null) changes['respondsTo'] = null;
  else if (relinked.to !== undefined && i > 0) changes['respondsTo'] = claimId(relinked.to % i);
  if (relinked.mission !== undefined) changes['missionId'] = MISSIONS[relinked.mission]!.id;
  return Object.keys(changes).length === 0 ? null : changes;
}

/**
 * Whether some claim names, in its ClaimRecorded or a correction, a claim whose ClaimRecorded comes
 * later in `events`: the reply is folded before its target exists.
 */
export function replyAheadOfTarget(events: readonly DomainEvent[]): boolean {
  const recorded = new Set<string>();
  for (const event of events) {
    const target =
      event.type === 'ClaimRecorded'
        ? event.data.respondsTo
        : event.type === 'ClaimCorrected'
          ? event.data.changes.respondsTo
          : undefined;
    if (typeof target === 'string' && !recorded.has(target)) return true;
    if (event.type === 'ClaimRecorded') recorded.add(event.data.claimId);
  }
  return false;
}

/** The events grouped by stream, each group in log order. */
export function byStream(events: readonly DomainEvent[]): DomainEvent[][] {
  const groups = new Map<string, DomainEvent[]>();
  for (const event of events) {
    const stream = streamOf(event);
    let group = groups.get(stream);
    if (group === undefined) {
      group = [];
      groups.set(stream, group);
    }
    group.push(event);
  }
  return [...groups.values()];
}

/**
 * Merges the streams in the order `picks` dictates (each pick names a stream still holding events,
 * modulo how many do), so every stream keeps its own order while the interleaving is arbitrary.
 */
export function interleave<T>(streams: readonly (readonly T[])[], picks: readonly number[]): T[] {
  const queues = streams.map((s) => [...s]).filter((q) => q.length > 0);
  const out: T[] = [];
  let k = 0;
  while (queues.length > 0) {
    const at = (picks[k++ % Math.max(1, picks.length)] ?? 0) % queues.length;
    const queue = queues[at]!;
    out.push(queue.shift()!);
    if (queue.length === 0) queues.splice(at, 1);
  }
  return out;
}

/** A query an analyst might ask: world time, publication time, both, or none; contested only or all. */
export const controlQuery = fc.record(
  {
    at: fc.constantFrom('2022-06-01', '2023-03-01', '2023-03-28', '2024-01-01'),
    knownAt: fc.constantFrom('2022-12-31', '2023-02-15', '2023-03-28'),
    contestedOnly: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** The knowledge view of a planned world, its events recorded one a step. */
export function worldView(plan: WorldPlan): KnowledgeView {
  return knowledgeView(foldKnowledge(recordAll(worldEvents(plan))));
}
