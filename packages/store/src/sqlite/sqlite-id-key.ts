// The key the `events` table indexes event ids by. Ids are free text, usually 36-character UUIDs; a
// unique index on that text made every append rewrite far more index pages than the rows themselves,
// because the ids are random. A 48-bit integer keeps the index entries small. The key is not unique,
// so every lookup by key also compares the full id, and the append transaction (not the index) keeps
// ids unique, as it always did for idempotency; a collision only costs a wasted row read.
import { hash } from 'node:crypto';

// A UUID's first 48 bits are random (v4) or hash bits (v8, deterministicId): already a good key.

/** The index key of an event id: a lower-case UUID's first 48 bits, else the first 48 of its sha-256. */
export function idKey(id: string): number {
  const head = uuidHead(id);
  return head >= 0 ? head : hash('sha256', id, 'buffer').readUIntBE(0, 6);
}

/**
 * The first 48 bits of a lower-case UUID (8-4-4-4-12 hex digits), or -1 for any other text. Read
 * digit by digit: this runs for every offered event, and a regular expression plus two parseInts
 * measured several times slower.
 */
function uuidHead(id: string): number {
  if (id.length !== 36) return -1;
  let head = 0;
  for (let i = 0; i < 36; i++) {
    const c = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return -1; // '-'
      continue;
    }
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) return -1;
    if (i < 13) head = head * 16 + digit;
  }
  return head;
}
