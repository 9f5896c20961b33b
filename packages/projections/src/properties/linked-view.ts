// The parts of the contested view that read links between streams: a reply names its target in
// another claim's stream, a correction moves a claim to another mission or re-points its reply, a
// claim names a report and a mission registered in streams of their own. The projection indexes
// these links as events arrive (respondersTo, claimsOfMission), so an index kept only when the other
// end had already arrived would make `kb trace` ("denied by") depend on how streams interleave.
// `linkedView` gathers all of it in a form two folds of the same streams must agree on.
import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { manyMissionsView } from '../knowledge/many-missions.js';
import { type ClaimTrace, type RecordedAt, traceClaim } from '../queries/claim-trace.js';
import type { ControlQuery } from '../queries/control-query.js';
import { type MissionTimeline, missionTimeline } from '../queries/mission-timeline.js';

const ids = (records: readonly { readonly id: string }[]) => records.map((r) => r.id).sort();

const byClaimId = <T extends { readonly claimId: string }>(list: readonly T[]) =>
  [...list].sort((a, b) => (a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : 0));

/**
 * What a store decides about an event: its position always (positions follow the interleaving);
 * with `stripRecordedTimes`, its id and recorded time too (when they were stamped in the new order).
 */
function stored<T extends Pick<RecordedAt, 'eventId' | 'recordedAt' | 'position'>>(
  fact: T,
  stripRecordedTimes: boolean,
) {
  const { position: _, eventId, recordedAt, ...rest } = fact;
  return stripRecordedTimes ? rest : { ...rest, eventId, recordedAt };
}

/**
 * A trace without what the store decided. Responses are listed by position (explicit ones, then
 * implicit ones), so they are compared as a set keyed by claim id; everything else keeps its order,
 * which is the order of one stream.
 */
export function traceInvariant(trace: ClaimTrace | null, stripRecordedTimes: boolean) {
  if (trace === null) return null;
  const strip = <T extends Pick<RecordedAt, 'eventId' | 'recordedAt' | 'position'>>(fact: T) =>
    stored(fact, stripRecordedTimes);
  return {
    ...trace,
    recorded: strip(trace.recorded),
    corrections: trace.corrections.map(strip),
    retractions: trace.retractions.map(strip),
    assessments: trace.assessments.map(strip),
    report:
      trace.report === null
        ? null
        : {
            ...trace.report,
            revisions: trace.report.revisions.map(strip),
          },
    source:
      trace.source === null
        ? null
        : {
            ...trace.source,
            grades: trace.source.grades.map(({ position: _, recordedAt, ...rest }) =>
              stripRecordedTimes ? rest : { ...rest, recordedAt },
            ),
          },
    responses: byClaimId(trace.responses),
  };
}

/**
 * A timeline's steps with their claims as sets: a step lists its accounts by occurrence and then by
 * position, so accounts whose dates tie follow the interleaving.
 */
function timelineInvariant(timeline: MissionTimeline) {
  const asSets = <S extends MissionTimeline['world' | 'publication'][number]>(s: S) => ({
    ...s,
    claimIds: [...s.claimIds].sort(),
    superseded: [...s.superseded].sort((a, b) => a.claimId.localeCompare(b.claimId)),
    retracted: [...s.retracted].sort(),
  });
  return { world: timeline.world.map(asSets), publication: timeline.publication.map(asSets) };
}

/**
 * Every claim's trace, every mission's timeline, and the two link indexes the queries read (who
 * ever answered each claim, which claims were ever filed under each mission) as sets. A trace reads
 * only `recordedAt` of the query; a timeline reads all of it.
 */
export function linkedView(view: KnowledgeView, query: ControlQuery = {}, stripRecordedTimes = false) {
  const claimIds = [...view.listClaimIds()].sort();
  const missionIds = ids(view.listMissions());
  const many = manyMissionsView(view);
  return {
    claimIds,
    respondersTo: Object.fromEntries(claimIds.map((id) => [id, ids(view.respondersTo(id))])),
    claimsOfMission: Object.fromEntries(missionIds.map((id) => [id, ids(view.claimsOfMission(id))])),
    respondersToMission: Object.fromEntries(
      missionIds.map((id) => [id, ids(view.respondersToAny(view.claimsOfMission(id).map((c) => c.id)))]),
    ),
    // The same through the view kb status asks every mission of, which looks up answered ids only.
    respondersToMissionMany: Object.fromEntries(
      missionIds.map((id) => [id, ids(many.respondersToAny(many.claimsOfMission(id).map((c) => c.id)))]),
    ),
    // The same given the mission's claims as read already.
    respondersToMissionKnown: Object.fromEntries(
      missionIds.map((id) => {
        const own = view.claimsOfMission(id);
        return [
          id,
          ids(
            view.respondersToAny(
              own.map((c) => c.id),
              own,
            ),
          ),
        ];
      }),
    ),
    answeredClaimIds: [...new Set(view.answeredClaimIds())].sort(),
    traces: Object.fromEntries(
      claimIds.map((id) => [id, traceInvariant(traceClaim(view, id, query), stripRecordedTimes)]),
    ),
    timelines: Object.fromEntries(
      missionIds.map((id) => [id, timelineInvariant(missionTimeline(view, id, query))]),
    ),
  };
}
