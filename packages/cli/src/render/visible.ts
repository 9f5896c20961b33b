// Stored text as the text output shows it: what a terminal would act on or not draw, written out.

import { hiddenShown } from '@kb/ingest';

// C0 controls but tab and line feed, DEL, and the C1 controls (0x9B starts a sequence by itself);
// and the bidirectional controls: the marks (LRM, RLM, ALM), embeddings, overrides and isolates,
// which reorder how the text around them is drawn.
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `\u200b`, or `\u{e0001}` past the BMP: a character written out as a JavaScript escape. */
function escaped(c: string): string {
  const code = (c.codePointAt(0) ?? 0).toString(16);
  return code.length > 4 ? `\\u{${code}}` : `\\u${code.padStart(4, '0')}`;
}

/**
 * Text for a terminal with every control character but line breaks and tabs written out (`\u001b`).
 * Claims carry text from anywhere: a claimant or quote holding an escape sequence would otherwise
 * move the cursor, erase a line or recolour what an auditor reads, and a right-to-left override
 * (`\u202e`) would draw what follows it backwards, so what is shown could differ from what is
 * stored. The other invisible formatting characters are written out too (`Dush\u200banbe`, a soft
 * hyphen `\u00ad`), so a name stored before ingest refused them does not look like the name it is
 * not, but for those ingest takes as part of a name where they stand (hiddenShown: the joiner of a
 * Persian name or an emoji sequence, a flag's tags, a number sign before its digits). A zero-width
 * space between two words of Thai, Lao, Khmer, Myanmar or Tibetan, which write none between words
 * and put one there where a line may break, is shown as it is (WORD_SPACE): a quote in them holds one
 * between most words, and written out each time it would be unreadable. A name holds none (ingest
 * refuses it, as it would make another name that looks the same); one stored by an earlier version
 * shows so too, and folds as the name without it (search-key.ts). JSON output is
 * data and gets none of this: JSON.stringify escapes the C0 controls itself, and the rest reach a
 * program as the characters they are.
 */
export function visible(text: string): string {
  if (!text.includes('\u200b')) return writtenOut(text);
  // The characters beside such a space are letters, so those further on are written out the same
  // with it or without it, and the text between two of them can be shown alone.
  return text.split(WORD_SPACE).map(writtenOut).join('\u200b');
}

/**
 * `text` with each character visible() writes out written out, a zero-width space too, and each
 * backslash doubled, as in a JavaScript string: the text `\u200b`, six characters stored as such
 * (copied from an escaped source, say), then shows as `\\u200b`, never as the zero-width space
 * written out.
 */
function writtenOut(text: string): string {
  const escapedBackslashes = text.includes('\\') ? text.replaceAll('\\', '\\\\') : text;
  return hiddenShown(escapedBackslashes, escaped).replace(CONTROL, escaped);
}

/**
 * The scripts written without spaces between words, which put a zero-width space (U+200B) there to
 * say where a line may break: a quote in them holds one between most words.
 */
const WORD_SPACED_SCRIPTS = ['Thai', 'Lao', 'Khmer', 'Myanmar', 'Tibetan'];
/**
 * A zero-width space between two words of one such script: after a letter or a mark (a Thai tone
 * mark, a Myanmar visarga end many words) and before a letter, both of the same script. Not one
 * beside a Latin letter, a digit, a space or another script's letter, nor one of two in a row.
 */
const WORD_SPACE = new RegExp(
  WORD_SPACED_SCRIPTS.map(
    (script) => `(?<=\\p{Script=${script}})(?<=[\\p{L}\\p{M}])\\u200b(?=\\p{Script=${script}})(?=\\p{L})`,
  ).join('|'),
  'u',
);
