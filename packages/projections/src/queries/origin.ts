import type { CitationLink, Claimant } from '@kb/domain';
import { searchKey } from '../knowledge/search-key.js';

/**
 * Who an account ultimately comes from, so one spokesman repeated by three outlets counts once.
 * The origin is the claimant (its resolved actor id, else its name as written, folded) together with
 * the innermost link of the citation chain when there is one (the person or body finally quoted).
 * @example originOf({asWritten: 'Afghan embassy', actorId: null}, [{name: 'Tolo News', relation: 'cites'}, {name: 'the embassy', relation: 'quotes'}]) // 'name:afghan embassy|the embassy'
 */
export function originOf(claimant: Claimant, via: readonly CitationLink[]): string {
  const who = claimant.actorId !== null ? `actor:${claimant.actorId}` : `name:${folded(claimant.asWritten)}`;
  const innermost = via.at(-1);
  return innermost === undefined ? who : `${who}|${folded(innermost.name)}`;
}

// Claimant and outlet names repeat across thousands of accounts (an overview folds every account of
// every mission), and folding one costs a Unicode normalisation: keep the folded forms of the names
// seen lately, forgetting them all once there are too many to be worth keeping.
const FOLDED_KEPT = 10_000;
const foldedNames = new Map<string, string>();

function folded(name: string): string {
  let key = foldedNames.get(name);
  if (key === undefined) {
    if (foldedNames.size >= FOLDED_KEPT) foldedNames.clear();
    key = searchKey(name);
    foldedNames.set(name, key);
  }
  return key;
}
