// Quotes and lists of ids as the text views print them.

/**
 * A quote for a view that sets accounts side by side: whole up to `max` characters, else cut there
 * with a note of how much is left and where to read it whole. The stored quote is never changed.
 */
export function clippedQuote(text: string, max: number, whole: string): string {
  if (text.length <= max) return quoted(text);
  // Never between the two halves of a surrogate pair (an emoji, say).
  const cut = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  const rest = text.length - cut;
  return `${quoted(`${text.slice(0, cut)}…`)} [${rest.toLocaleString('en-US')} more characters: ${whole}]`;
}

/** Names in a list, the first `max` of them and a count of the rest with where to find them all. */
export function clippedList(names: readonly string[], max: number, whole: string): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more (${whole})`;
}

/** Puts a quote in quotation marks unless the source's own marks already enclose it. */
export function quoted(text: string): string {
  return /^[“"«‘']/.test(text) && /[”"»’']$/.test(text) ? text : `“${text}”`;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** A claimant as written, with the actor it was resolved to: `Taliban spokesman (taliban)`. */
export function claimantText(claimant: {
  readonly asWritten: string;
  readonly actorId: string | null;
}): string {
  return claimant.actorId ? `${claimant.asWritten} (${claimant.actorId})` : claimant.asWritten;
}
