import type { EventMetadata } from '../port/event-store.js';

// Metadata repeats from row to row (one ingest run writes the same on every event): parse each
// distinct text once and share the frozen result between consecutive rows. One entry, so readers
// that interleave (the store's pages, the read models' claim rows) only cost a parse on a change.
let lastText = '{}';
let last: EventMetadata = Object.freeze({});

/** An event's stored metadata text as the frozen EventMetadata it holds. */
export function parseMetadataText(text: string): EventMetadata {
  if (text !== lastText) {
    last = Object.freeze(JSON.parse(text) as EventMetadata);
    lastText = text;
  }
  return last;
}
