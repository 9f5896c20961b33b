import type { ReadFilter } from '../port/event-store.js';

/** Whether an event of this type in this stream passes the filter; an absent or empty filter passes all. */
export function matchesFilter(filter: ReadFilter | undefined, type: string, stream: string): boolean {
  if (!filter) return true;
  if (filter.eventTypes && !filter.eventTypes.includes(type)) return false;
  if (filter.streamPrefix !== undefined && !stream.startsWith(filter.streamPrefix)) return false;
  return true;
}
