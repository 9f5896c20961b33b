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
 * Persian name or an emoji sequence, a flag's tags, a number sign before its digits). JSON output is
 * data and gets none of this: JSON.stringify escapes the C0 controls itself, and the rest reach a
 * program as the characters they are.
 */
export function visible(text: string): string {
  return hiddenShown(text, escaped).replace(CONTROL, escaped);
}
