// Quotes and lists of ids as the text views print them.

import { headOf } from './characters.js';

/**
 * A quote for a view that sets accounts side by side: whole up to `max` characters, else cut there
 * with a note of how much is left and where to read it whole. The stored quote is never changed.
 * Characters are code points, and the cut falls between two of what a reader sees as characters.
 */
export function clippedQuote(text: string, max: number, whole: string): string {
  const { head, rest } = headOf(text, max);
  if (rest === 0) return quoted(text);
  return `${quoted(`${head}…`)} ${moreCharacters(rest, whole)}`;
}

/** Free text (an analyst's notes) cut as clippedQuote cuts a quote, without the quotation marks. */
export function clippedText(text: string, max: number, whole: string): string {
  const { head, rest } = headOf(text, max);
  return rest === 0 ? text : `${head}… ${moreCharacters(rest, whole)}`;
}

const moreCharacters = (rest: number, whole: string) =>
  `[${rest.toLocaleString('en-US')} more character${rest === 1 ? '' : 's'}: ${whole}]`;

/** Names in a list, the first `max` of them and a count of the rest with where to find them all. */
export function clippedList(names: readonly string[], max: number, whole: string): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more (${whole})`;
}

/** Puts a quote in quotation marks unless the source's own marks already enclose it. */
export function quoted(text: string): string {
  return /^[“"«‘']/.test(text) && /[”"»’']$/.test(text) ? text : `“${text}”`;
}

/** A claimant as written, with the actor it was resolved to: `Taliban spokesman (taliban)`. */
export function claimantText(claimant: {
  readonly asWritten: string;
  readonly actorId: string | null;
}): string {
  return claimant.actorId ? `${claimant.asWritten} (${claimant.actorId})` : claimant.asWritten;
}

/**
 * A status's controller in a table's column: the one named, `(disputed)` when accounts conflict,
 * `-` when no account names one (status unknown), so a reader never takes a contest for no controller.
 */
export function controllerCell(status: string, controller: string | null): string {
  return controller ?? (status === 'contested' ? '(disputed)' : '-');
}
