// The key the `events` table indexes event ids by. Ids are free text, usually 36-character UUIDs; a
// unique index on that text made every append rewrite far more index pages than the rows themselves,
// because the ids are random. A 48-bit integer keeps the index entries small. The key is not unique,
// so every lookup by key also compares the full id, and the append transaction (not the index) keeps
// ids unique, as it always did for idempotency; a collision only costs a wasted row read.
import { hash } from 'node:crypto';

// A UUID's first 48 bits are random (v4) or hash bits (v8, deterministicId): already a good key.
const UUID_HEAD = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The index key of an event id: a lower-case UUID's first 48 bits, else the first 48 of its sha-256. */
export function idKey(id: string): number {
  if (id.length === 36 && UUID_HEAD.test(id)) {
    return Number.parseInt(id.slice(0, 8), 16) * 0x10000 + Number.parseInt(id.slice(9, 13), 16);
  }
  return hash('sha256', id, 'buffer').readUIntBE(0, 6);
}
