import { currentVersion } from '@kb/domain';
import { openSqliteStore } from '@kb/store';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '../events/recorded-event.js';

/** A SQLite event file's image, holding given recorded events; `open()` gives a fresh copy each time. */
export interface LogImage {
  open(): Database.Database;
}

/**
 * Appends `events` to an in-memory SQLite store exactly as they are recorded (ids, streams, times,
 * metadata; positions must run 1, 2, ...), so read models, which join claims to the log, can be
 * built beside them and compared with the in-memory fold of the same events.
 */
export async function logImage(events: readonly RecordedEvent[]): Promise<LogImage> {
  let next = 0;
  const store = openSqliteStore({
    path: ':memory:',
    clock: () => new Date(events[next]?.envelope.recordedAt ?? 0),
  });
  try {
    for (; next < events.length; next++) {
      const { event, envelope } = events[next]!;
      await store.append(envelope.stream, [
        {
          id: envelope.eventId,
          type: event.type,
          version: currentVersion(event.type),
          data: event.data,
          metadata: envelope.metadata,
        },
      ]);
      if (store.headPosition() !== envelope.position) {
        throw new Error(
          `logImage: event ${envelope.eventId} is at position ${envelope.position}, the store put it at ${store.headPosition()}`,
        );
      }
    }
    const image = store.database.serialize();
    return { open: () => new Database(image) };
  } finally {
    await store.close();
  }
}
