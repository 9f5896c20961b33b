// How names are folded for comparing: searching for a mission (projections' search-key.ts), counting
// the origins behind a claim (projections' origin.ts), and telling outlets apart by name where no
// Latin letter names them (ingest's source ids). One rule for all three, so a name that is found
// as another also counts as it and is the same outlet. Tested here (name-fold-*.test.ts) and where
// each use is (projections' knowledge/search-key-*.test.ts, ingest's identity/outlet-key.test.ts).
import { partOfName, partsWords } from './invisible-in-names.js';

/**
 * Folds text for matching: accents stripped, lower case, runs of other characters to one space. The
 * characters no reader sees inside a name are dropped first, not read as word breaks, and so is a
 * terminal's escape sequence, whole (withoutUnseen).
 * @example searchKey('Khorugh (Хоруғ)') === searchKey('khorugh (хоруғ)')
 * @example searchKey('Dush\u00adanbe') === 'dushanbe'
 * @example searchKey('Dushanbe \u001b[1mEmbassy') === 'dushanbe embassy'
 */
export function searchKey(text: string): string {
  return folded(withoutUnseen(text));
}

/**
 * The search key with the joiners that are part of the name dropped instead of parting words:
 * Persian "سرکنسول‌گری" (consulate general, with its zero-width non-joiner) gives "سرکنسولگری", the
 * spelling of a keyboard or writer that leaves the joiner out, where searchKey gives "سرکنسول گری",
 * that of one who types a space. A mission is found by all three (missionSearchText). The same as
 * searchKey for a text holding no such joiner.
 */
export function joinedSearchKey(text: string): string {
  return folded(withoutJoiners(withoutUnseen(text)));
}

/**
 * A folded key (searchKey, joinedSearchKey) without the space between two letters of a script in
 * which one name is written with its parts apart, joined or closed up: Persian, Pashto and Arabic
 * compound names ("ذبیح الله", "ذبیح‌الله" and "ذبیحالله"; "سفارت خانه" and "سفارتخانه"), and Chinese,
 * Japanese and Korean names, whose family and given names are written apart or together ("岸田 文雄"
 * and "岸田文雄"). One spokesman written three ways is one origin (originNameKey), and a mission
 * stored one way is found by the others (missionSearchText, matchesSearchText). In Latin, Cyrillic
 * and every other script a space parts a name as it is written, and so does one where the script
 * changes ("ذبیح الله Mujahid" gives "ذبیحالله mujahid").
 * @example closedUpKey(searchKey('ذبیح الله مجاهد')) === 'ذبیحاللهمجاهد'
 * @example closedUpKey('abdul haq') === 'abdul haq'
 */
export function closedUpKey(key: string): string {
  return key.includes(' ') ? key.replace(SPACE_INSIDE, '') : key;
}

/**
 * A name as names are told apart: folded (searchKey) and closed up (closedUpKey). Two names with
 * one key are one name written two ways: "Zabihullah Mujahid" and "ZABIHULLAH MUJAHID", "ذبیح الله
 * مجاهد" and "ذبیح‌الله مجاهد" (origin.ts in projections); "رادیو آزادی" and "رادیو‌آزادی\u200f"
 * (ingest's source ids).
 */
// Part of outlets' ids: an outlet with no Latin letters is `outlet-` and a hash of its nameKey
// (ingest's sourceIdOf), stored in every event about it. Changing this fold changes those ids for
// outlets first seen after the change; ingest's outlet-key.test.ts pins some, and stores written
// before keep theirs only through an earlier form in ingest's earlierReportIds.
export function nameKey(name: string): string {
  return closedUpKey(searchKey(name));
}

const SPACED_SCRIPTS = String.raw`[\p{Script=Arabic}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]`;
const SPACE_INSIDE = new RegExp(
  String.raw`(?<=${SPACED_SCRIPTS})(?<=\p{L}) (?=\p{L})(?=${SPACED_SCRIPTS})`,
  'gu',
);

const withoutJoiners = (text: string): string => text.replace(JOINERS, '');

const JOINERS = /[\u200c\u200d]/gu;

function folded(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** An invisible formatting character or a control character: either may be dropped by withoutUnseen. */
const UNSEEN = /[\p{Cf}\p{Cc}]/u;
const UNSEEN_ONE = /^[\p{Cf}\p{Cc}]$/u;
const JOINER = /^[\u200c\u200d]$/u;

/**
 * The text without the characters no reader sees inside it, which folding would read as word breaks:
 * "Dush<U+00AD>anbe" or "Zabihullah Mu<U+200B>jahid", stored before ingest refused such names
 * (docs/claim-records.md), fold as "Dushanbe" and "Zabihullah Mujahid" do, and so do names holding a
 * byte order mark, a bidirectional control or a NUL. A tab or a line break (NEL too) is still a
 * word break (partsWords), and so is a joiner where it is part of the name by the rule ingest reads
 * names by (partOfName in @kb/domain): beside a letter of a script that uses joiners, on either side
 * (the ZWNJ of Persian "ذبیح‌الله", which folds as "ذبیح الله", its other common spelling, does), or
 * beside an emoji (`ℹ`, the one that is also a letter, keeps its word apart). A letter of the common
 * script (U+02BC, the apostrophe of "Maʼrib") is of no such script. The Mongolian vowel separator,
 * part of a name too, is dropped: it parts no word.
 * A terminal's escape sequence goes whole first (withoutEscapes): the ESC alone would leave "[31m".
 */
function withoutUnseen(text: string): string {
  if (!UNSEEN.test(text)) return text;
  const chars = [...withoutEscapes(text)];
  // Whether a joiner is part of the name does not depend on the name's direction.
  return chars
    .filter((c, i) => !UNSEEN_ONE.test(c) || partsWords(c) || (JOINER.test(c) && partOfName(chars, i, false)))
    .join('');
}

/** ESC, or the one-character CSI and OSC: text holding none (nearly all) holds no escape sequence. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding escape sequences is the point
const ESCAPE = /[\u001b\u009b\u009d]/u;
/**
 * A terminal's escape sequence: a CSI (ESC [ or U+009B, parameter and intermediate bytes, one final
 * byte: `ESC[31m`, `ESC[1;38;5;196m`; at the end of the text, where no final byte follows, a
 * terminal waits for one and shows none of it, so "Mujahid ESC[31" is "Mujahid" on screen) or an OSC (ESC ] or U+009D: a window title, a hyperlink
 * `ESC]8;;https://…BEL`). An OSC ends where a terminal ends it: at its terminator (BEL, ESC \ or
 * U+009C), at a CAN or SUB (which cancel it), before the ESC of another sequence (which starts
 * afresh), and, with none of these, at the end of the text. A terminal reading an OSC with no end
 * waits for one and shows nothing of what follows, so "Mujahid ESC]0;title" is the name "Mujahid"
 * on screen and folds so; a name that is nothing but such an OSC folds to nothing at all.
 */
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding escape sequences is the point
  /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*(?:[\u0040-\u007e]|$)|(?:\u001b\]|\u009d)[^\u0007\u0018\u001a\u001b\u009c]*(?:[\u0007\u0018\u001a\u009c]|\u001b\\|(?=\u001b)|$)/gu;

/**
 * The text without the escape sequences a terminal left in it, stored before ingest refused control
 * characters in a name (docs/claim-records.md): "Zabihullah ESC[31mMujahid" folds as "Zabihullah
 * Mujahid" does, and a mission named "Embassy in ESC[1mDushanbe" is found by "Dushanbe". Dropping
 * the ESC alone would keep "[31m" as a word of the name.
 */
function withoutEscapes(text: string): string {
  return ESCAPE.test(text) ? text.replace(ESCAPE_SEQUENCE, '') : text;
}
