// How many columns of a terminal a text takes: what a table pads and wraps by (table.ts). A
// character of Chinese, Japanese or Korean and an emoji take two, a combining mark or a joiner none.

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Printable ASCII only: one column a character. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Code points that take no column of their own: combining marks (an accent written after its letter,
 * Arabic and Persian harakat, Thai tone marks), format characters (joiners, a zero-width space kept
 * between two words of Thai), and the variation selectors, which are marks too.
 */
const ZERO = /^[\p{M}\p{Cf}]$/u;

/** Drawn as a picture two columns wide unless a variation selector asks for text. */
const EMOJI = /^\p{Emoji_Presentation}$/u;

/**
 * Drawn as text by default (❤ ☀ ✈ ©, and the digits, # and * of a keycap), as a picture two
 * columns wide when VARIATION SELECTOR-16 (U+FE0F) follows it: ❤️, 1️⃣ (digit, selector, the
 * combining enclosing keycap). VARIATION SELECTOR-15 (U+FE0E) asks for the text, one column.
 */
const EMOJI_CAPABLE = /^\p{Emoji}$/u;

const EMOJI_SELECTOR = '\ufe0f';

/**
 * East Asian Wide and Fullwidth code points (Unicode's EastAsianWidth W and F) other than those
 * with emoji presentation, as [first, last] pairs in order.
 */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo, leading consonants
  [0x2329, 0x232a], // angle brackets
  [0x2e80, 0x303e], // CJK radicals, Kangxi radicals, ideographic description, CJK symbols and punctuation
  [0x3041, 0x3247], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, enclosed CJK
  [0x3250, 0x4dbf], // enclosed CJK, CJK compatibility, CJK Unified Ideographs extension A
  [0x4e00, 0xa4cf], // CJK Unified Ideographs, Yi syllables and radicals
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x16fe4], // ideographic symbols
  [0x16ff0, 0x16ff1],
  [0x17000, 0x18cff], // Tangut, Khitan
  [0x18d00, 0x18d08],
  [0x1aff0, 0x1b2ff], // Kana supplement and extensions, Nushu
  [0x1f200, 0x1f265], // enclosed ideographic supplement
  [0x20000, 0x3fffd], // CJK Unified Ideographs extensions B and on, compatibility supplement
];

function inWide(code: number): boolean {
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [first, last] = WIDE[mid]!;
    if (code < first) hi = mid - 1;
    else if (code > last) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * The columns one code point takes by itself: 0, 1 or 2. East Asian Ambiguous characters (… α ° ①)
 * take one: a terminal set for Chinese, Japanese or Korean may draw them two wide, but most others,
 * and every Western default, draw them one, so one is what a table here pads by.
 */
function pointWidth(point: string): number {
  const code = point.codePointAt(0)!;
  if (code >= 0x20 && code < 0x7f) return 1;
  if (ZERO.test(point)) return 0;
  return inWide(code) || EMOJI.test(point) ? 2 : 1;
}

/**
 * The columns one grapheme takes: as many as its widest code point. A letter with its accents takes
 * the letter's one, and an emoji sequence joined by ZWJ (👩‍💻) or a flag is one picture of two, as is
 * a pictograph or a keycap's digit that VARIATION SELECTOR-16 follows (❤️, 1️⃣), though each of its
 * code points alone takes one.
 */
function graphemeWidth(grapheme: string): number {
  let width = 0;
  let previous = '';
  for (const point of grapheme) {
    if (point === EMOJI_SELECTOR && EMOJI_CAPABLE.test(previous)) return 2;
    width = Math.max(width, pointWidth(point));
    if (width === 2) break;
    previous = point;
  }
  return width;
}

/**
 * How many columns `text` takes on a terminal: printable ASCII one a character (counted at once by
 * its length), East Asian wide and fullwidth characters and emoji (❤️ too) two, East Asian
 * Ambiguous characters one, combining marks, joiners and other format characters none, anything
 * else one, each grapheme counted as its widest code point.
 * Text holding a control character is not measured right: the text views write those out first
 * (visible.ts).
 */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const { segment } of graphemes.segment(text)) width += graphemeWidth(segment);
  return width;
}
