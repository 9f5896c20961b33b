import { type EventStore, SqliteEventStore } from '@kb/store';
import { readRecorded } from '../events/recorded-event.js';
import { forEachStored } from '../events/unreadable-event.js';
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
  // On SQLite an event the store cannot parse is named (UnreadableEventError), as a catch-up names it.
  const db = store instanceof SqliteEventStore ? store.database : undefined;
  await forEachStored(store.readAll(), db, 0, (stored) => {
    if (recordedBy !== null && Date.parse(stored.recordedAt) > recordedBy) return;
    state = knowledgeProjection.evolve(state, readRecorded(stored));
  });
  return state;
}
