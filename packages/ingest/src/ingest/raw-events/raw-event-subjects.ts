import {
  actorStream,
  claimStream,
  type DomainEvent,
  missionStream,
  reportStream,
  sourceStream,
} from '@kb/domain';
import { type Planner, rejectedClaimIssue } from '../prepare/planning.js';
import { planActor } from '../prepare/resolve-names.js';
import { checkActors } from './raw-event-actors.js';

// An event record is a domain event written by hand. The projections ignore an event about a
// subject they do not know (a grade for an outlet never registered, a claim under a mission nobody
// registered): stored, it would say nothing, for good. So the subjects an event names must be in
// the store or earlier in the input, as the record kinds require of theirs.

interface Subject {
  /** The field naming it, under event.data. */
  readonly path: string;
  readonly what: 'mission' | 'actor' | 'source' | 'report' | 'claim';
  readonly id: string;
}

/** The registered subjects an event refers to (not those it registers). */
function subjectsOf(event: DomainEvent): Subject[] {
  switch (event.type) {
    case 'MissionRegistered':
    case 'ActorRegistered':
    case 'SourceRegistered':
      return [];
    case 'AliasAdded':
      return [{ path: 'id', what: event.data.subject, id: event.data.id }];
    case 'SourceGraded':
    case 'ReportCaptured':
      return [{ path: 'sourceId', what: 'source', id: event.data.sourceId }];
    case 'ReportRevised':
      return [{ path: 'reportId', what: 'report', id: event.data.reportId }];
    case 'ClaimRecorded':
      return [
        { path: 'reportId', what: 'report', id: event.data.reportId },
        { path: 'missionId', what: 'mission', id: event.data.missionId },
      ];
    case 'ClaimRetracted':
      return [
        { path: 'claimId', what: 'claim', id: event.data.claimId },
        ...(event.data.reportId === null
          ? []
          : [{ path: 'reportId', what: 'report' as const, id: event.data.reportId }]),
      ];
    case 'ClaimCorrected':
      return [
        { path: 'claimId', what: 'claim', id: event.data.claimId },
        ...(event.data.changes.missionId === undefined
          ? []
          : [{ path: 'changes.missionId', what: 'mission' as const, id: event.data.changes.missionId }]),
      ];
    case 'ClaimAssessed':
      return [{ path: 'claimId', what: 'claim', id: event.data.claimId }];
    default: {
      const never: never = event;
      throw new Error(`unhandled event type ${(never as { type: string }).type}`);
    }
  }
}

const STREAM = {
  mission: missionStream,
  actor: actorStream,
  source: sourceStream,
  report: reportStream,
  claim: claimStream,
} as const;

/**
 * Records an issue on `plan` for each subject of `event` that is neither stored nor earlier in the
 * input. A built-in actor (taliban, republic) counts as known: naming it registers it, as a claim
 * record naming it does. Then the actors it names or registers (raw-event-actors.ts): a controller
 * or claimant must be a known actor, and a name or alias stands for one actor.
 */
export async function checkSubjects(plan: Planner, event: DomainEvent): Promise<void> {
  for (const { path, what, id } of subjectsOf(event)) {
    if (what === 'actor' && plan.ctx.registry.get(id)?.builtIn) {
      await planActor(plan, id);
      continue;
    }
    const known =
      what === 'claim'
        ? (await plan.ctx.claimPublished(id)) !== null
        : await plan.ctx.streamExists(STREAM[what](id));
    if (known) continue;
    // A claim whose own line was rejected is named by that line (planning.ts rejectedClaimIssue).
    const rejected = what === 'claim' ? plan.ctx.rejectedClaimLine(id) : null;
    plan.issue(
      `event.data.${path}`,
      rejected !== null
        ? `${rejectedClaimIssue(id, rejected)} (the knowledge base would ignore this event)`
        : `no ${what} "${id}" is stored or earlier in this input; register it first (the knowledge base would ignore this event)`,
    );
  }
  await checkActors(plan, event);
}
