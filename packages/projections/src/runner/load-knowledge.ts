import type { EventStore } from '@kb/store';
import { FROM_STORE, toRecordedEvent } from '../events/recorded-event.js';
import { knowledgeProjection } from '../knowledge/knowledge-projection.js';
import type { KnowledgeState } from '../knowledge/knowledge-state.js';
import { resolveQuery } from '../queries/control-query.js';

/**
 * Folds the whole log into an in-memory knowledge state (any store: memory, SQLite, EventStoreDB).
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
  for await (const stored of store.readAll()) {
    if (recordedBy !== null && Date.parse(stored.recordedAt) > recordedBy) continue;
    state = knowledgeProjection.evolve(state, toRecordedEvent(stored, FROM_STORE));
  }
  return state;
}
