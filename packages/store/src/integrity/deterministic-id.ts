import { hash } from 'node:crypto';

/**
 * A UUID derived from its parts (RFC 9562 version 8, sha-256 based), so the same claim offered
 * twice gets the same event id and the second append is a no-op, on SQLite and EventStoreDB alike.
 * @example deterministicId('ClaimRecorded', 'khorog-visit-2023-03-23')
 */
export function deterministicId(...parts: readonly string[]): string {
  // One-shot crypto.hash, as chain-hash.ts: ingest derives several ids a line.
  const hex = hash('sha256', parts.join('\u001f'), 'hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
