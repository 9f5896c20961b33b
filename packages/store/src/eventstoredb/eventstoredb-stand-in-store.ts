// For tests: the adapter over a fresh stand-in client (eventstoredb-client-stand-in.ts), with events
// whose ids are UUIDs the server takes as they are.
import { StandInClient } from './eventstoredb-client-stand-in.js';
import { EventStoreDbStore } from './eventstoredb-store.js';

/** `count` events of one type, numbered from 0 in their data, with fixed UUIDs. */
export const standInEvents = (count: number) =>
  Array.from({ length: count }, (_, n) => ({
    id: `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
    type: 'T',
    version: 1,
    data: { n },
  }));

/** The adapter on a fresh stand-in client, its stream `s` holding `count` events. */
export async function standInStoreWith(
  count: number,
): Promise<{ client: StandInClient; store: EventStoreDbStore }> {
  const client = new StandInClient();
  const store = new EventStoreDbStore(client.asClient());
  await store.append('s', standInEvents(count));
  return { client, store };
}
