// Which invisible characters belong to a name where they stand, and which part its words. One rule,
// read by ingest (which refuses the others in a name, and through which kb's text output writes them
// out) and by the search key in projections (which drops the others, and parts words at a joiner
// that is part of the name and where partsWords says), so that no two packages decide it each their
// own way.

/** Joiners, which Persian, Arabic and Indic text (and emoji) use between the characters they join or part. */
const JOINER = /[\u200c\u200d]/u;
/** A letter or mark: beside a joiner, one of a script that uses joiners (not Latin nor common, below). */
const JOINS = /[\p{L}\p{M}]/u;
const LATIN = /[\p{Script=Latin}\p{Script=Common}]/u;
/**
 * An emoji, which a zero-width joiner binds into one (👩 U+200D 💻 is 👩‍💻). Emoji are of the common
 * script, so JOINS alone would refuse the joiner beside them. `ℹ` (U+2139) is one too, though it is
 * also a letter of the common script: a joiner beside it is part of the name, as beside any emoji.
 */
const EMOJI = /\p{Extended_Pictographic}/u;
/** Tag characters, which spell a subdivision flag after a black flag (🏴 and "gbwls", ended by U+E007F). */
const TAG = /[\u{e0020}-\u{e007f}]/u;
/** The marks that set the direction of neutral characters in right-to-left text. */
const DIRECTION_MARK = /[\u200e\u200f\u061c]/u;
/**
 * A letter of a right-to-left script. Letters only: the Arabic letter mark and number signs are of
 * the Arabic script too, and would make a name holding one right-to-left by themselves.
 */
const RIGHT_TO_LEFT =
  /(?=\p{L})[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]/u;

/** The Mongolian vowel separator, which parts a word's final vowel from the letter before it. */
const MONGOLIAN_VOWEL_SEPARATOR = /\u180e/u;
/** Mongolian free variation selectors (marks, not Cf): one may stand between a letter and the separator. */
const FREE_VARIATION = /[\u180b-\u180d\u180f]/u;
const MONGOLIAN = /\p{Script=Mongolian}/u;
const LETTER = /\p{L}/u;
const mongolianLetter = (c: string | undefined) => c !== undefined && LETTER.test(c) && MONGOLIAN.test(c);
/**
 * Number signs, each prepended to the digits it spans (U+0600 before ١٥): the Arabic ones (U+0600–
 * U+0605, U+06DD, the pound and piastre marks above U+0890–U+0891, U+08E2) and Kaithi's (U+110BD,
 * U+110CD).
 */
const NUMBER_SIGN = /[\u0600-\u0605\u06dd\u0890\u0891\u08e2\u{110bd}\u{110cd}]/u;
const DIGIT = /\p{Nd}/u;
/**
 * The Syriac abbreviation mark, which starts the line drawn over an abbreviation or a number: Syriac
 * writes numbers with letters, so it stands before a Syriac letter, or before a digit.
 */
const SYRIAC_ABBREVIATION_MARK = /\u070f/u;
const SYRIAC = /\p{Script=Syriac}/u;

/** Whether `text` holds a letter of a right-to-left script: the `rightToLeft` partOfName reads. */
export function holdsRightToLeftLetters(text: string): boolean {
  return RIGHT_TO_LEFT.test(text);
}

/**
 * Whether the invisible formatting character (Unicode Cf) at `i` of `chars` (a name split into its
 * code points) is part of the name in that place: a joiner beside a letter or mark of a script that
 * uses them (ZWNJ in Persian), on either side, or beside an emoji (👩‍💻, and `ℹ`); a tag character
 * of a flag (🏴 and its tags: Wales); a direction mark in a name holding right-to-left letters
 * (`rightToLeft`, holdsRightToLeftLetters of the whole name); the Mongolian vowel separator between
 * two Mongolian letters (a free variation selector may follow the first); a number sign (Arabic,
 * Kaithi) directly before a digit; or the Syriac abbreviation mark directly before a Syriac letter
 * or a digit. Anything else is not: a name holding it is another name that looks the same.
 * @example partOfName([...'ذبیح\u200cالله'], 4, true) // true
 * @example partOfName([...'Mu\u200cjahid'], 2, false) // false
 */
export function partOfName(chars: readonly string[], i: number, rightToLeft: boolean): boolean {
  const c = chars[i]!;
  if (JOINER.test(c))
    return [chars[i - 1], chars[i + 1]].some(
      (n) => n !== undefined && (EMOJI.test(n) || (JOINS.test(n) && !LATIN.test(n))),
    );
  if (TAG.test(c)) return EMOJI.test(chars.slice(0, i).findLast((n) => !TAG.test(n)) ?? '');
  if (DIRECTION_MARK.test(c)) return rightToLeft;
  if (MONGOLIAN_VOWEL_SEPARATOR.test(c)) {
    let before = i - 1;
    while (before >= 0 && FREE_VARIATION.test(chars[before]!)) before--;
    return mongolianLetter(chars[before]) && mongolianLetter(chars[i + 1]);
  }
  if (NUMBER_SIGN.test(c)) return DIGIT.test(chars[i + 1] ?? '');
  if (SYRIAC_ABBREVIATION_MARK.test(c)) {
    const next = chars[i + 1] ?? '';
    return DIGIT.test(next) || (LETTER.test(next) && SYRIAC.test(next));
  }
  return false;
}

/** Control characters that part words or lines: a tab, a line feed, a vertical tab, a form feed, a CR, NEL. */
const WORD_PARTING_CONTROL = /^[\t\n\v\f\r\u0085]$/u;

/**
 * Whether `c` (one character) is a control character that parts words or lines, as a space does: a
 * tab, a line break (LF, CR, NEL), a vertical tab or a form feed. No other invisible character
 * (control or Cf) parts words: a name written on one line has a space there instead (ingest tells
 * so), and a search key reads one as a word break and drops the others.
 */
export function partsWords(c: string): boolean {
  return WORD_PARTING_CONTROL.test(c);
}
