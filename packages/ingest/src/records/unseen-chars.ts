// Characters a reader cannot see, named so a message can point at one: white space JSON does not
// take as white space (a no-break space, a form feed), invisible formatting characters (a byte
// order mark, a zero-width space, a soft hyphen, the bidirectional marks) and control characters.
// Scraped text brings them in; printed as they are, a message about one would show nothing. Which of
// them a name holds where it stands is @kb/domain's rule (partOfName, text/invisible-in-names.ts).

import { holdsRightToLeftLetters, partOfName, partsWords } from '@kb/domain';

const NAMES: Readonly<Record<number, string>> = {
  9: 'a tab',
  10: 'a line break',
  11: 'a vertical tab',
  12: 'a form feed',
  13: 'a carriage return',
  133: 'a next-line control (NEL)',
  160: 'a no-break space',
  173: 'a soft hyphen',
  1536: 'an Arabic number sign',
  1537: 'an Arabic sign sanah',
  1538: 'an Arabic footnote marker',
  1539: 'an Arabic sign safha',
  1540: 'an Arabic sign samvat',
  1541: 'an Arabic number mark above',
  1564: 'an Arabic letter mark',
  1757: 'an Arabic end of ayah',
  1807: 'a Syriac abbreviation mark',
  2192: 'an Arabic pound mark above',
  2193: 'an Arabic piastre mark above',
  2274: 'an Arabic disputed end of ayah',
  5760: 'an Ogham space mark',
  6158: 'a Mongolian vowel separator',
  8203: 'a zero-width space',
  8204: 'a zero-width non-joiner',
  8205: 'a zero-width joiner',
  8206: 'a left-to-right mark',
  8207: 'a right-to-left mark',
  8232: 'a line separator',
  8233: 'a paragraph separator',
  8234: 'a left-to-right embedding',
  8235: 'a right-to-left embedding',
  8236: 'a pop directional formatting',
  8237: 'a left-to-right override',
  8238: 'a right-to-left override',
  8239: 'a narrow no-break space',
  8287: 'a medium mathematical space',
  8288: 'a word joiner',
  8294: 'a left-to-right isolate',
  8295: 'a right-to-left isolate',
  8296: 'a first strong isolate',
  8297: 'a pop directional isolate',
  12288: 'an ideographic space',
  65279: 'a byte order mark',
  69821: 'a Kaithi number sign',
  69837: 'a Kaithi number sign above',
};

/** `U+00A0`: a code point as Unicode writes it. */
export function codePointName(c: string): string {
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Whether `c` (one character) is white space JSON does not take as such, an invisible formatting
 * character or a control character other than JSON's tab, line feed and carriage return.
 */
export function isUnseen(c: string): boolean {
  return !JSON_SPACE.test(c) && UNSEEN.test(c);
}

const JSON_SPACE = /^[ \t\n\r]$/;
const UNSEEN = /^[\s\p{Cf}\p{Cc}]$/u;

/** `c` named for a message: `a no-break space (U+00A0)`, `white space (U+2003)`. */
export function unseenName(c: string): string {
  const code = codePointName(c);
  const name = NAMES[c.codePointAt(0) ?? 0];
  if (name !== undefined) return `${name} (${code})`;
  if (/\s/u.test(c)) return `white space (${code})`;
  if (/\p{Cc}/u.test(c)) return `the control character ${code}`;
  return `the invisible character ${code}`;
}

/**
 * The first invisible formatting character (Unicode Cf) in a name that no reader sees and that makes
 * it another name where it looks the same, with its position (in characters, from 1): a byte order
 * mark, a zero-width space, a soft hyphen, a word joiner, a bidirectional override or isolate. One
 * that the writing of the name puts there is part of it (partOfName): a joiner in Persian or in an
 * emoji sequence, a flag's tags, a direction mark in right-to-left text, the Mongolian vowel
 * separator, a number sign before its digits, the Syriac abbreviation mark before what it spans.
 * Null when there is none.
 */
export function hiddenInName(text: string): { char: string; at: number } | null {
  if (!CF.test(text)) return null;
  const chars = [...text];
  const rightToLeft = holdsRightToLeftLetters(text);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!CF_ONE.test(c) || partOfName(chars, i, rightToLeft)) continue;
    return { char: c, at: i + 1 };
  }
  return null;
}

const CF = /\p{Cf}/u;
const CF_ONE = /^\p{Cf}$/u;

/**
 * `text` with each invisible formatting character (Cf) that hiddenInName would refuse in a name
 * replaced by `shown(c)`; those the writing puts there (partOfName: a Persian joiner, an emoji
 * sequence's joiner, a flag's tags, a number sign before its digits, …) are left as they are. So a
 * view can show what a name stored before ingest refused such characters really holds. Text holding
 * no Cf character is returned as it is, not read further.
 * @example hiddenShown('Dush\u200banbe', (c) => `<${codePointName(c)}>`) // 'Dush<U+200B>anbe'
 */
export function hiddenShown(text: string, shown: (c: string) => string): string {
  if (!CF.test(text)) return text;
  const chars = [...text];
  const rightToLeft = holdsRightToLeftLetters(text);
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    out += CF_ONE.test(c) && !partOfName(chars, i, rightToLeft) ? shown(c) : c;
  }
  return out;
}

/** What a name holding such a character is told. */
export function hiddenInNameMessage(found: { char: string; at: number }): string {
  return `holds ${unseenName(found.char)} at character ${found.at}, which no reader sees and which makes it another name than the one it looks like (another outlet, person or place); it is most often debris of copying from a web page: remove it`;
}

const CC = /\p{Cc}/u;
const CC_ONE = /^\p{Cc}$/u;

/**
 * The first control character in a name (C0, DEL or C1: an escape, a NUL, a tab, a line break), with
 * its position (in characters, from 1). None is part of a name: an escape sequence left by a terminal
 * (`\u001b[31m`) makes another name of it, and a tab or line break breaks the line it is shown on.
 * White space around the name (a tab before it, a line break after it) is not part of it and is not
 * counted: a claimant or `via` name is stored without it. Null when there is none.
 */
export function controlInName(text: string): { char: string; at: number } | null {
  return CC.test(text) ? firstWhere(text, (c) => CC_ONE.test(c), true) : null;
}

/** What a name holding a control character is told. */
export function controlInNameMessage(found: { char: string; at: number }): string {
  const where = `holds ${unseenName(found.char)} at character ${found.at}`;
  if (partsWords(found.char))
    return `${where}, which no name holds: a name is written on one line, its words parted by spaces; write a space there`;
  return `${where}, which no name holds and which makes it another name than the one it looks like (another outlet, person or place); it is most often debris of copying from a terminal or a web page: remove it`;
}

/** What a text holding a byte order mark inside it is told: no text holds one, only a file's start. */
export function byteOrderMarkMessage(text: string): string {
  return `holds a byte order mark (${codePointName('\uFEFF')}) at character ${[...text].indexOf('\uFEFF') + 1}, which only the start of a file may hold, not text: were two texts joined together? Remove it`;
}

/**
 * The first character of `text` a reader cannot see (see isUnseen), with its position (in
 * characters, from 1); with `inside`, white space around the text (which a date is read without)
 * is left out. Null when there is none.
 */
export function firstUnseen(text: string, inside = false): { char: string; at: number } | null {
  return firstWhere(text, isUnseen, inside);
}

/**
 * The first character of `text` that `test` holds for, with its position (in characters, from 1);
 * with `inside`, white space around the text is left out. Null when there is none.
 */
export function firstWhere(
  text: string,
  test: (c: string) => boolean,
  inside: boolean,
): { char: string; at: number } | null {
  const chars = [...text];
  let start = 0;
  let end = chars.length;
  if (inside) {
    while (start < end && /\s/u.test(chars[start]!)) start++;
    while (end > start && /\s/u.test(chars[end - 1]!)) end--;
  }
  for (let i = start; i < end; i++) if (test(chars[i]!)) return { char: chars[i]!, at: i + 1 };
  return null;
}

/** `text` quoted as JSON writes it, each character a reader cannot see written as an escape: `"5\u200b"`. */
export function quotedVisibly(text: string): string {
  return JSON.stringify(text).replace(/[\s\p{Cf}\p{Cc}]/gu, (c) => {
    if (!isUnseen(c)) return c;
    const code = (c.codePointAt(0) ?? 0).toString(16);
    return code.length > 4 ? `\\u{${code}}` : `\\u${code.padStart(4, '0')}`;
  });
}

/**
 * What a date that cannot be read is told when a character a reader cannot see stands inside it
 * (`"2023-03-23\u200b" holds a zero-width space (U+200B) at character 11, …`); null when none does.
 * A message quoting the date as written would show nothing where the character is.
 */
export function unseenInDateMessage(text: string): string | null {
  const found = firstUnseen(text, true);
  if (found === null) return null;
  return `${quotedVisibly(text)} holds ${unseenName(found.char)} at character ${found.at}, which no date holds: remove it`;
}
