import type { EventStore } from '@kb/store';
import { readRecorded } from '../events/recorded-event.js';
import { knowledgeProjection } from '../knowledge/knowledge-projection.js';
import type { KnowledgeState } from '../knowledge/knowledge-state.js';
import { resolveQuery } from '../queries/control-query.js';

/**
 * Folds the whole log into an in-memory knowledge state (any store: memory, SQLite, EventStoreDB);
 * an event that cannot be read is named (UnreadableEventError).
 * With `recordedAt`, events recorded after that cutoff are left out.
 */
export async function loadKnowledge(
  store: EventStore,
  options: { recordedAt?: string } = {},
): Promise<KnowledgeState> {
  const { recordedBy } = resolveQuery(
    options.recordedAt === undefined ? {} : { recordedAt: options.recordedAt },
  );
  let state = knowledgeProjection.initial();
  // The store names a row it cannot parse, readRecorded an event that does not decode.
  for await (const stored of store.readAll()) {
    if (recordedBy !== null && Date.parse(stored.recordedAt) > recordedBy) continue;
    state = knowledgeProjection.evolve(state, readRecorded(stored));
  }
  return state;
}
