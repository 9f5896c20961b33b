import type { CitationLink, Claimant } from '@kb/domain';
import { searchKey } from '../knowledge/search-key.js';

/**
 * Who an account ultimately comes from, so one spokesman repeated by three outlets counts once.
 * The origin is the claimant (its resolved actor id, else its name as written, folded) together with
 * the innermost link of the citation chain when there is one (the person or body finally quoted).
 * @example originOf({asWritten: 'Afghan embassy', actorId: null}, [{name: 'Tolo News', relation: 'cites'}, {name: 'the embassy', relation: 'quotes'}]) // 'name:afghan embassy|the embassy'
 */
export function originOf(claimant: Claimant, via: readonly CitationLink[]): string {
  const who =
    claimant.actorId !== null ? `actor:${claimant.actorId}` : `name:${searchKey(claimant.asWritten)}`;
  const innermost = via.at(-1);
  return innermost === undefined ? who : `${who}|${searchKey(innermost.name)}`;
}
