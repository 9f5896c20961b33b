import type { CitationLink, Claimant } from '@kb/domain';
import { searchKey } from '../knowledge/search-key.js';

/**
 * Who an account ultimately comes from, so one spokesman repeated by three outlets counts once.
 * The origin is the claimant (its resolved actor id, else its name as written, folded), together
 * with the person or body finally quoted when the citation chain ends in a `quotes` link. Outlets
 * that cite or syndicate only relay what they heard: they are not part of the origin, so a spokesman
 * heard directly by one outlet and through it by another counts once.
 * @example originOf({asWritten: 'Afghan embassy', actorId: null}, [{name: 'Tolo News', relation: 'cites'}, {name: 'the embassy', relation: 'quotes'}]) // 'name:afghan embassy|the embassy'
 * @example originOf({asWritten: 'Taliban spokesman', actorId: 'taliban'}, [{name: 'Tolo News', relation: 'cites'}]) // 'actor:taliban'
 */
export function originOf(claimant: Claimant, via: readonly CitationLink[]): string {
  const who = claimant.actorId !== null ? `actor:${claimant.actorId}` : `name:${folded(claimant.asWritten)}`;
  const innermost = via.at(-1);
  return innermost?.relation === 'quotes' ? `${who}|${folded(innermost.name)}` : who;
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
