import { type KnowledgeView, UnreadableEventError } from '@kb/projections';
import { CliError } from './cli-error.js';

// An event of the log that cannot be read (its data or metadata not JSON, say) stops every command
// that reads it, at the catch-up or at a query joining a claim to its event. The projections name
// it (UnreadableEventError: position, stream, type, what failed, and kb verify); this prints that
// plainly, as a CliError, rather than as an unforeseen failure with a --debug hint.

/** `error` as a CliError when it names an event that cannot be read; else `error` as it is. */
export function plainUnreadable(error: unknown): unknown {
  return error instanceof UnreadableEventError ? new CliError(error.message, 1, { cause: error }) : error;
}

/** `view`, whose reads throw an event that cannot be read as a CliError (plainUnreadable). */
export function namingUnreadable(view: KnowledgeView): KnowledgeView {
  const guard =
    <A extends unknown[], R>(read: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return read(...args);
      } catch (error) {
        throw plainUnreadable(error);
      }
    };
  return {
    getMission: guard((id) => view.getMission(id)),
    listMissions: guard(() => view.listMissions()),
    findMissions: guard((text) => view.findMissions(text)),
    claimsOfMission: guard((missionId) => view.claimsOfMission(missionId)),
    getClaim: guard((id) => view.getClaim(id)),
    respondersTo: guard((claimId) => view.respondersTo(claimId)),
    getReport: guard((id) => view.getReport(id)),
    getSource: guard((id) => view.getSource(id)),
    getActor: guard((id) => view.getActor(id)),
    listSources: guard(() => view.listSources()),
    listClaims: guard(() => view.listClaims()),
    // Ids only, read from the read models' own rows: no event is decoded.
    listClaimIds: () => view.listClaimIds(),
  };
}
