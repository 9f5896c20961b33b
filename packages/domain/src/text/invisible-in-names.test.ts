// The rule of which invisible formatting characters belong to a name where they stand, read here
// directly, one family at a time; ingest's tests read it through hiddenInName and whole ingests.
import { describe, expect, it } from 'vitest';
import { holdsRightToLeftLetters, partOfName, partsWords } from './invisible-in-names.js';

/** partOfName for the first occurrence of `c` in `name`, reading the direction from the name. */
function partAt(name: string, c: string): boolean {
  const chars = [...name];
  const i = chars.indexOf(c);
  if (i < 0) throw new Error(`${JSON.stringify(name)} holds no ${JSON.stringify(c)}`);
  return partOfName(chars, i, holdsRightToLeftLetters(name));
}

const ZWNJ = '\u200c';
const ZWJ = '\u200d';

describe('partOfName, joiners', () => {
  it('takes a joiner beside a letter or mark of a script that uses them, on either side', () => {
    expect(partAt('ذبیح\u200cالله', ZWNJ)).toBe(true);
    expect(partAt('ذبیح\u200c5', ZWNJ)).toBe(true);
    expect(partAt('5\u200cالله', ZWNJ)).toBe(true);
    expect(partAt('क्\u200dष', ZWJ)).toBe(true);
  });

  it('takes a joiner beside an emoji, and ℹ (U+2139, a letter of the common script) is one', () => {
    expect(partAt('👩\u200d💻', ZWJ)).toBe(true);
    expect(partAt('ℹ\u200d💻', ZWJ)).toBe(true);
    expect(partAt('ℹ\u200dx', ZWJ)).toBe(true);
    expect(partAt('x\u200cℹ', ZWNJ)).toBe(true);
  });

  it('refuses a joiner between Latin or common-script letters, digits or spaces, or alone', () => {
    expect(partAt('Mu\u200djahid', ZWJ)).toBe(false);
    expect(partAt('Ma\u02bc\u200crib', ZWNJ)).toBe(false);
    expect(partAt('5\u200c6', ZWNJ)).toBe(false);
    expect(partAt('a \u200d b', ZWJ)).toBe(false);
    expect(partAt('\u200d', ZWJ)).toBe(false);
  });
});

describe('partOfName, the other signs a script puts in a name', () => {
  it('takes tag characters after a flag, and not after a letter', () => {
    const wales = '🏴\u{e0067}\u{e0062}\u{e0077}\u{e006c}\u{e0073}\u{e007f}';
    expect(partAt(wales, '\u{e0073}')).toBe(true);
    expect(partAt(wales, '\u{e007f}')).toBe(true);
    expect(partAt('Dip\u{e0067}lomat', '\u{e0067}')).toBe(false);
  });

  it('takes a direction mark only in a name holding right-to-left letters', () => {
    expect(partAt('ד"ר כהן\u200f', '\u200f')).toBe(true);
    expect(partAt('\u061cطالبان', '\u061c')).toBe(true);
    expect(partAt('Kabul\u200e Times', '\u200e')).toBe(false);
    expect(partAt('Tali\u061cban', '\u061c')).toBe(false);
  });

  it('takes the Mongolian vowel separator between two Mongolian letters, a selector after the first', () => {
    expect(partAt('ᠲᠡᠷᠭᠡ\u180eᠡ', '\u180e')).toBe(true);
    expect(partAt('ᠨ\u180b\u180eᠠ', '\u180e')).toBe(true);
    expect(partAt('\u1810\u180eᠠ', '\u180e')).toBe(false);
    expect(partAt('ᠲᠡᠷᠭᠡ\u180e', '\u180e')).toBe(false);
    expect(partAt('a\u180eb', '\u180e')).toBe(false);
  });

  it('takes a number sign directly before a digit, the Syriac abbreviation mark before a Syriac letter or digit', () => {
    expect(partAt('شارع \u0600١٥', '\u0600')).toBe(true);
    expect(partAt('\u{110bd}12', '\u{110bd}')).toBe(true);
    expect(partAt('شارع \u0600 ١٥', '\u0600')).toBe(false);
    expect(partAt('ܫܢܬ \u070fܐܬܩ', '\u070f')).toBe(true);
    expect(partAt('\u070f7', '\u070f')).toBe(true);
    expect(partAt('\u070fa', '\u070f')).toBe(false);
  });

  it('takes no other invisible formatting character anywhere', () => {
    for (const c of ['\u200b', '\u00ad', '\ufeff', '\u2060', '\u202e', '\u2066'])
      expect(partAt(`ذبیح${c}الله`, c), c.codePointAt(0)!.toString(16)).toBe(false);
  });
});

describe('holdsRightToLeftLetters', () => {
  it('reads letters of a right-to-left script, not the Arabic marks and signs alone', () => {
    expect(holdsRightToLeftLetters('Tolo طلوع')).toBe(true);
    expect(holdsRightToLeftLetters('שלום')).toBe(true);
    expect(holdsRightToLeftLetters('Tali\u061cban \u0600')).toBe(false);
  });
});

describe('partsWords', () => {
  it('is true of the controls that part words or lines, and of nothing else invisible', () => {
    for (const c of ['\t', '\n', '\v', '\f', '\r', '\u0085'])
      expect(partsWords(c), JSON.stringify(c)).toBe(true);
    for (const c of [' ', '\u0000', '\u001b', '\u200b', '\u200c', '\u180e', 'a'])
      expect(partsWords(c), JSON.stringify(c)).toBe(false);
  });
});
