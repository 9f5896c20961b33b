import type { KnowledgeView } from './knowledge-view.js';
import { viewOver } from './view-over.js';

/**
 * A view that reads each record once, for a question that asks the same mission many times over
 * (the timeline asks its mission once for every day a status can change on, and the SQLite view
 * reads and decodes the rows again each time). Answers are the wrapped view's, kept for as long as
 * the memoised view lives: use one for a single question, over a view that does not change under it.
 * What one question about one mission reads is that mission's claims, their reports, sources and
 * answers, so the memory it keeps is bounded by what the question reads anyway.
 */
export function memoisedView(view: KnowledgeView): KnowledgeView {
  const once = <T>(read: (key: string) => T) => {
    const kept = new Map<string, T>();
    return (key: string): T => {
      if (kept.has(key)) return kept.get(key) as T;
      const value = read(key);
      kept.set(key, value);
      return value;
    };
  };
  const respondersToAny = once((joined) => view.respondersToAny(JSON.parse(joined) as string[]));
  return {
    ...viewOver(view),
    getMission: once((id) => view.getMission(id)),
    claimsOfMission: once((missionId) => view.claimsOfMission(missionId)),
    getClaim: once((id) => view.getClaim(id)),
    respondersTo: once((claimId) => view.respondersTo(claimId)),
    respondersToAny: (claimIds) => respondersToAny(JSON.stringify(claimIds)),
    getReport: once((id) => view.getReport(id)),
    getSource: once((id) => view.getSource(id)),
    getActor: once((id) => view.getActor(id)),
  };
}
