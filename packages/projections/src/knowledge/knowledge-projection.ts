import type { EventOfType } from '@kb/domain';
import type { RecordedEnvelope, RecordedEvent } from '../events/recorded-event.js';
import {
  type ClaimHistoryEntry,
  type ClaimRecord,
  emptyKnowledgeState,
  type KnowledgeState,
  type Stamp,
} from './knowledge-state.js';

/** A projection: a pure fold over recorded events. No clock, I/O or randomness inside. */
export interface Projection<S> {
  /** Bumped whenever `evolve` changes meaning; persistent read models rebuild when it differs. */
  readonly version: number;
  initial(): S;
  evolve(state: S, recorded: RecordedEvent): S;
}

/** The stamp of an event: the recorded-time facts an auditor traces a fact back to. */
export function stampOf(
  envelope: Pick<RecordedEnvelope, 'eventId' | 'position' | 'recordedAt' | 'metadata'>,
): Stamp {
  return {
    eventId: envelope.eventId,
    position: envelope.position,
    recordedAt: envelope.recordedAt,
    ingestRunId: envelope.metadata.ingestRunId ?? null,
    correlationId: envelope.metadata.correlationId ?? null,
    causationId: envelope.metadata.causationId ?? null,
  };
}

function addToIndex(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (set === undefined) index.set(key, new Set([value]));
  else set.add(value);
}

/**
 * The knowledge fold. `evolve` mutates the state it is given and returns it: folding a million
 * events by copying maps would be quadratic. That stays deterministic because `initial()` always
 * returns a fresh state and nothing but the event and the state is read. Events about something
 * not yet known (a retraction before its claim, an alias before its subject) are ignored: streams
 * keep a claim's history behind its ClaimRecorded, and ingest registers subjects first.
 * A first registration wins over a later duplicate, as in the store an id is written once.
 */
export const knowledgeProjection: Projection<KnowledgeState> = {
  // 2: v1 corrections are read without the credibility default they were written with (ClaimCorrected v2).
  version: 2,
  initial: emptyKnowledgeState,
  evolve(state, recorded) {
    const { event } = recorded;
    const stamp = stampOf(recorded.envelope);
    state.position = Math.max(state.position, stamp.position);
    switch (event.type) {
      case 'MissionRegistered': {
        const d = event.data;
        if (state.missions.has(d.missionId)) return state;
        state.missions.set(d.missionId, {
          id: d.missionId,
          name: d.name,
          kind: d.kind,
          country: d.country,
          city: d.city,
          aliases: d.aliases.map((alias) => ({ alias, recorded: stamp })),
          recorded: stamp,
        });
        return state;
      }
      case 'ActorRegistered': {
        const d = event.data;
        if (state.actors.has(d.actorId)) return state;
        state.actors.set(d.actorId, {
          id: d.actorId,
          name: d.name,
          kind: d.kind,
          aliases: d.aliases.map((alias) => ({ alias, recorded: stamp })),
          recorded: stamp,
        });
        return state;
      }
      case 'AliasAdded': {
        const d = event.data;
        const map =
          d.subject === 'mission' ? state.missions : d.subject === 'actor' ? state.actors : state.sources;
        const subject = map.get(d.id);
        if (subject !== undefined && !subject.aliases.some((a) => a.alias === d.alias)) {
          subject.aliases.push({ alias: d.alias, recorded: stamp });
        }
        return state;
      }
      case 'SourceRegistered': {
        const d = event.data;
        if (state.sources.has(d.sourceId)) return state;
        state.sources.set(d.sourceId, {
          id: d.sourceId,
          outlet: d.outlet,
          kind: d.kind,
          homepage: d.homepage,
          aliases: [],
          grades: [{ reliability: d.reliability, rationale: null, gradedBy: null, recorded: stamp }],
          recorded: stamp,
        });
        return state;
      }
      case 'SourceGraded': {
        const d = event.data;
        state.sources.get(d.sourceId)?.grades.push({
          reliability: d.reliability,
          rationale: d.rationale,
          gradedBy: d.gradedBy,
          recorded: stamp,
        });
        return state;
      }
      case 'ReportCaptured': {
        const d = event.data;
        if (state.reports.has(d.reportId)) return state;
        state.reports.set(d.reportId, {
          id: d.reportId,
          sourceId: d.sourceId,
          url: d.url,
          title: d.title,
          author: d.author,
          published: d.published,
          retrieved: d.retrieved,
          recorded: stamp,
          revisions: [],
        });
        return state;
      }
      case 'ReportRevised': {
        const d = event.data;
        state.reports
          .get(d.reportId)
          ?.revisions.push({ changes: stripUndefined(d.changes), reason: d.reason, recorded: stamp });
        return state;
      }
      case 'ClaimRecorded': {
        if (state.claims.has(event.data.claimId)) return state;
        const claim = claimRecorded(event.data, stamp);
        state.claims.set(claim.id, claim);
        addToIndex(state.claimsByMission, claim.values.missionId, claim.id);
        if (claim.values.respondsTo !== null)
          addToIndex(state.respondersByClaim, claim.values.respondsTo, claim.id);
        return state;
      }
      case 'ClaimRetracted': {
        const d = event.data;
        pushHistory(state, d.claimId, {
          type: 'retracted',
          reportId: d.reportId,
          reason: d.reason,
          quote: d.quote,
          recorded: stamp,
        });
        return state;
      }
      case 'ClaimCorrected': {
        const d = event.data;
        const changes = stripUndefined(d.changes);
        if (
          !pushHistory(state, d.claimId, {
            type: 'corrected',
            changes,
            reason: d.reason,
            correctedBy: d.correctedBy,
            recorded: stamp,
          })
        ) {
          return state;
        }
        // Index the claim under every mission and target it ever had; queries fold it as of R and filter.
        if (changes.missionId !== undefined) addToIndex(state.claimsByMission, changes.missionId, d.claimId);
        if (changes.respondsTo !== undefined && changes.respondsTo !== null) {
          addToIndex(state.respondersByClaim, changes.respondsTo, d.claimId);
        }
        return state;
      }
      case 'ClaimAssessed': {
        const d = event.data;
        pushHistory(state, d.claimId, {
          type: 'assessed',
          credibility: d.credibility,
          likelihood: d.likelihood,
          rationale: d.rationale,
          assessedBy: d.assessedBy,
          assessedOn: d.assessedOn,
          recorded: stamp,
        });
        return state;
      }
      default: {
        const unhandled: never = event;
        throw new Error(`knowledge projection: unhandled event ${(unhandled as { type: string }).type}`);
      }
    }
  },
};

/** A claim as its ClaimRecorded registers it, with no history yet (the SQLite read models build it too). */
export function claimRecorded(data: EventOfType<'ClaimRecorded'>['data'], stamp: Stamp): ClaimRecord {
  const { claimId, reportId, ...values } = data;
  return { id: claimId, reportId, values, recorded: stamp, history: [] };
}

function pushHistory(state: KnowledgeState, claimId: string, entry: ClaimHistoryEntry): boolean {
  const claim = state.claims.get(claimId);
  if (claim === undefined) return false;
  claim.history.push(entry);
  return true;
}

/** Drops keys whose value is undefined, so the stored changes list only what changed. */
function stripUndefined<T extends object>(changes: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) out[key] = value;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** Folds a sequence of recorded events from a fresh state. */
export function foldKnowledge(events: Iterable<RecordedEvent>): KnowledgeState {
  let state = knowledgeProjection.initial();
  for (const e of events) state = knowledgeProjection.evolve(state, e);
  return state;
}
