// hiddenInName's reading of the invisible formatting characters the writing of a name puts there
// (partOfName in unseen-chars.ts), at the edges the ingest tests did not reach: the direction marks
// in a name with and without right-to-left letters, the Arabic letter mark, the Mongolian free
// variation selectors before the vowel separator, and the whole range of tag characters.
import { describe, expect, it } from 'vitest';
import { hiddenInName } from './unseen-chars.js';

describe('hiddenInName, on marks a script puts in a name', () => {
  it('takes a direction mark as part of a name with right-to-left letters, and only there', () => {
    expect(hiddenInName('\u200fمحمد (Mohammed)')).toBeNull();
    expect(hiddenInName('שלום\u200e Shalom')).toBeNull();
    expect(hiddenInName('Kabul\u200e Times')).toEqual({ char: '\u200e', at: 6 });
    expect(hiddenInName('\u200fTolo News')).toEqual({ char: '\u200f', at: 1 });
  });

  it('takes the Arabic letter mark as part of an Arabic name, and not of a Latin one', () => {
    expect(hiddenInName('\u061cطالبان')).toBeNull();
    expect(hiddenInName('Tali\u061cban')).toEqual({ char: '\u061c', at: 5 });
  });

  it('takes the Mongolian vowel separator after any free variation selector that follows a letter', () => {
    for (const selector of ['\u180b', '\u180c', '\u180d', '\u180f', '\u180b\u180c']) {
      expect(hiddenInName(`ᠨ${selector}\u180eᠠ`), `selector ${[...selector].length}`).toBeNull();
    }
    expect(hiddenInName('\u180b\u180eᠠ')).toEqual({ char: '\u180e', at: 2 });
  });

  it("takes every tag character after a flag, U+E0020 to U+E007F, as part of the flag's name", () => {
    for (const tag of [0xe0020, 0xe0061, 0xe007a, 0xe007f]) {
      expect(hiddenInName(`🏴${String.fromCodePoint(tag)}\u{e007f}`), tag.toString(16)).toBeNull();
    }
    expect(hiddenInName('a\u{e0020}')).toEqual({ char: '\u{e0020}', at: 2 });
  });
});
