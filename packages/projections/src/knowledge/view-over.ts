import type { KnowledgeView } from './knowledge-view.js';

/**
 * A view that asks `view` every question, as it is: what a wrapper (memoised-view.ts,
 * many-missions.ts) spreads first, then overrides the questions it answers otherwise, so a question
 * added to KnowledgeView is passed through once, here.
 */
export function viewOver(view: KnowledgeView): KnowledgeView {
  return {
    getMission: (id) => view.getMission(id),
    listMissions: () => view.listMissions(),
    findMissions: (text) => view.findMissions(text),
    claimsOfMission: (missionId) => view.claimsOfMission(missionId),
    getClaim: (id) => view.getClaim(id),
    respondersTo: (claimId) => view.respondersTo(claimId),
    respondersToAny: (claimIds, known) => view.respondersToAny(claimIds, known),
    answeredClaimIds: () => view.answeredClaimIds(),
    getReport: (id) => view.getReport(id),
    getSource: (id) => view.getSource(id),
    getActor: (id) => view.getActor(id),
    listActors: () => view.listActors(),
    listSources: () => view.listSources(),
    listClaims: () => view.listClaims(),
    listClaimIds: () => view.listClaimIds(),
  };
}
