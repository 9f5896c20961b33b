import type { ClaimRecord } from './knowledge-state.js';
import type { KnowledgeView } from './knowledge-view.js';
import { viewOver } from './view-over.js';

/**
 * A view for one question asked of every mission (kb status, kb sources), over a view that does not
 * change under it. Such a question asks respondersToAny of each mission's claims, though few claims
 * are answered at all: on the SQLite read models, looking up each of a million claim ids in the two
 * target indexes took about a fifth of kb status. Here the ids that some claim answers are read
 * once, in one pass (`answeredClaimIds`), and only those are looked up; an id not among them has no
 * responder, so the answers are the wrapped view's. Answers that are claims of the mission last
 * asked with claimsOfMission (nearly all, in the synthetic logs) are given from those, as read then.
 * Everything else is passed through as it is.
 */
export function manyMissionsView(view: KnowledgeView): KnowledgeView {
  let answered: ReadonlySet<string> | undefined;
  // The claims of the mission last asked: most answers are among them, and are not read again.
  let mission: readonly ClaimRecord[] = [];
  return {
    ...viewOver(view),
    claimsOfMission: (missionId) => {
      mission = view.claimsOfMission(missionId);
      return mission;
    },
    respondersToAny: (claimIds, known) => {
      answered ??= view.answeredClaimIds();
      const set = answered;
      const asked = claimIds.filter((id) => set.has(id));
      return asked.length === 0 ? [] : view.respondersToAny(asked, known ?? mission);
    },
    answeredClaimIds: () => {
      answered ??= view.answeredClaimIds();
      return answered;
    },
  };
}
