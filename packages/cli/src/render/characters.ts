// Characters as the text views count and cut them: code points (as docs/claim-records.md counts
// characters), cut only where one grapheme ends and the next begins, so an emoji is never split into
// the two halves of its surrogate pair and an accent stays on its letter.

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const SURROGATE = /[\uD800-\uDFFF]/;

/** How many code points `text` holds: an emoji outside the BMP is one, not two. */
export function codePoints(text: string): number {
  if (!SURROGATE.test(text)) return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * `text` in pieces of at most `max` code points, in order, each ending where a grapheme does. A
 * grapheme longer than `max` by itself (a letter under dozens of combining marks) is the one thing
 * cut inside, and then between code points, never inside a surrogate pair. `max` is at least 1.
 * With `measure`, a grapheme counts as `measure` says (the columns it is shown in: table.ts)
 * instead, and is never cut: one wider than `max` by itself (新 in a column of one) is a piece alone.
 */
export function* piecesOf(
  text: string,
  max: number,
  measure?: (grapheme: string) => number,
): Generator<string> {
  const width = Math.max(1, Math.floor(max));
  const sizeOf = measure ?? codePoints;
  let piece = '';
  let size = 0;
  for (const { segment } of graphemes.segment(text)) {
    const n = sizeOf(segment);
    if (size > 0 && size + n > width) {
      yield piece;
      piece = '';
      size = 0;
    }
    if (n <= width) {
      piece += segment;
      size += n;
      continue;
    }
    if (measure) {
      yield piece + segment;
      piece = '';
      size = 0;
      continue;
    }
    const points = Array.from(piece + segment);
    piece = '';
    size = 0;
    for (let i = 0; i < points.length; i += width) {
      const part = points.slice(i, i + width);
      if (part.length === width) yield part.join('');
      else {
        piece = part.join('');
        size = part.length;
      }
    }
  }
  if (piece !== '') yield piece;
}

/** The start of `text` that `piecesOf(text, max)` gives first, with how many code points it leaves. */
export function headOf(text: string, max: number): { readonly head: string; readonly rest: number } {
  if (text.length <= max) return { head: text, rest: 0 };
  const head = piecesOf(text, max).next().value ?? '';
  return { head, rest: codePoints(text) - codePoints(head) };
}

/** `text` padded with spaces to `width` code points. */
export const padTo = (text: string, width: number): string =>
  text + ' '.repeat(Math.max(0, width - codePoints(text)));
