// The Mongolian vowel separator (U+180E) is part of a name only between two Mongolian letters: a
// Mongolian digit (U+1810–U+1819) or punctuation mark (the colon U+1804, of the Mongolian script
// too; the full stop U+1803 is of the common script) beside it is no letter whose final vowel it
// parts, and the separator there is as hidden as a zero-width space.
import { describe, expect, it } from 'vitest';
import { hiddenInName } from './unseen-chars.js';

describe('hiddenInName, on the Mongolian vowel separator beside a Mongolian non-letter', () => {
  it('refuses it after a Mongolian digit, with or without a free variation selector', () => {
    expect(hiddenInName('\u1810\u180eᠠ')).toEqual({ char: '\u180e', at: 2 });
    expect(hiddenInName('ᠠ \u1819\u180b\u180eᠠ')).toEqual({ char: '\u180e', at: 5 });
  });

  it('refuses it before a Mongolian digit or punctuation mark', () => {
    expect(hiddenInName('ᠲᠡᠷᠭᠡ\u180e\u1811')).toEqual({ char: '\u180e', at: 6 });
    expect(hiddenInName('ᠲᠡᠷᠭᠡ\u180e\u1804')).toEqual({ char: '\u180e', at: 6 });
    expect(hiddenInName('ᠲᠡᠷᠭᠡ\u180e\u1803')).toEqual({ char: '\u180e', at: 6 });
  });

  it('still takes it between two Mongolian letters', () => {
    expect(hiddenInName('ᠲᠡᠷᠭᠡ\u180eᠡ')).toBeNull();
  });
});
