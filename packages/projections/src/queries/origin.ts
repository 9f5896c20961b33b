import { BoundedMemo, type CitationLink, type Claimant, nameKey } from '@kb/domain';

/**
 * Who an account ultimately comes from, so one spokesman repeated by three outlets counts once.
 * When the citation chain ends in a `quotes` link, the one finally quoted is where the account comes
 * from, and the origin is that person or body alone: whoever quoted them (the claimant, and any
 * outlet cited on the way) only relayed their words. Otherwise the origin is the claimant: its
 * resolved actor id, else its name as written. Outlets that cite or syndicate only relay what they
 * heard and are never part of an origin.
 *
 * A quoted name is not resolved to an actor: ingest resolves claimants against its actor registry
 * (built-in actors, stored ones, and role words such as "spokesman"), and a view holds no such
 * index. It is folded like an unresolved claimant's name, so "Tolo News quotes Zabihullah Mujahid"
 * and the claimant "Zabihullah Mujahid" (unresolved, as a named person is) are one origin; a quoted
 * body that a claimant of that name resolves to (`actor:taliban`) still counts apart.
 * @example originOf({asWritten: 'Tolo News', actorId: null}, [{name: 'Zabihullah Mujahid', relation: 'quotes'}]) // 'name:zabihullah mujahid'
 * @example originOf({asWritten: 'Zabihullah Mujahid', actorId: null}, []) // 'name:zabihullah mujahid'
 * @example originOf({asWritten: 'Taliban spokesman', actorId: 'taliban'}, [{name: 'Tolo News', relation: 'cites'}]) // 'actor:taliban'
 */
export function originOf(claimant: Claimant, via: readonly CitationLink[]): string {
  const quoted = quotedOrigin(via);
  if (quoted !== null) return `name:${folded(quoted.name)}`;
  return claimant.actorId !== null ? `actor:${claimant.actorId}` : `name:${folded(claimant.asWritten)}`;
}

/** The link naming the one finally quoted, when the chain ends in `quotes` (the origin), else null. */
export function quotedOrigin(via: readonly CitationLink[]): CitationLink | null {
  const innermost = via.at(-1);
  return innermost?.relation === 'quotes' ? innermost : null;
}

// Claimant and outlet names repeat across thousands of accounts (an overview folds every account of
// every mission), and folding one costs a Unicode normalisation: keep the folded forms of the names
// seen lately, forgetting them all once there are too many to be worth keeping.
const foldedNames = new BoundedMemo<string>(10_000);

/**
 * A name folded as searchKey folds it: without the characters no reader sees inside it, so
 * "Zabihullah Mu<U+200B>jahid", stored before ingest refused such names, is the origin "Zabihullah
 * Mujahid" is; and without any terminal escape sequence, dropped whole ("Zabihullah ESC[31mMujahid"
 * is that origin too). Then, between two letters of a script in which a name's parts are written
 * both apart and together, the space goes (closedUpKey). Origins are worked out when a view
 * reads them, never stored.
 */
function folded(name: string): string {
  return foldedNames.get(name, originNameKey);
}

/** The origin key's name part: the name's key (nameKey in @kb/domain), folded and closed up. */
export function originNameKey(name: string): string {
  return nameKey(name);
}
