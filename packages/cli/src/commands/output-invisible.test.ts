// The text output writes out the invisible formatting characters that no name holds (a zero-width
// space, a soft hyphen, a byte order mark, a word joiner, a stray tag), so a name stored before
// ingest refused them is never shown as the name it only looks like; those the writing of a name
// puts in their place (docs/claim-records.md) are shown as they are.
import { describe, expect, it } from 'vitest';
import { visible } from './output.js';

describe('visible, with invisible formatting characters', () => {
  it('writes out those no name holds where they stand', () => {
    expect(visible('did you mean Dush\u200banbe (xx-capital-embassy)?')).toBe(
      'did you mean Dush\\u200banbe (xx-capital-embassy)?',
    );
    expect(visible('The Dip\u00adlomat')).toBe('The Dip\\u00adlomat');
    expect(visible('\ufeffTolo News\u2060')).toBe('\\ufeffTolo News\\u2060');
    expect(visible('Mu\u180ejahid, Route \u0600A, \u070fMujahid')).toBe(
      'Mu\\u180ejahid, Route \\u0600A, \\u070fMujahid',
    );
    expect(visible('Tolo\u{e0041} News')).toBe('Tolo\\u{e0041} News');
  });

  it('keeps those the writing of a name puts there', () => {
    for (const name of [
      'ذبیح‌الله مجاهد',
      'Analyst 👩‍💻',
      '🏴\u{e0067}\u{e0062}\u{e0077}\u{e006c}\u{e0073}\u{e007f} Cardiff',
      'شارع \u0600١٥',
      'ᠲᠡᠷᠭᠡ\u180eᠡ',
      'ܫܢܬ \u070fܐܬܩ',
    ])
      expect(visible(name), name).toBe(name);
  });

  it('still writes out a direction mark, as every bidirectional control, in right-to-left text too', () => {
    expect(visible('ذبیح‌الله\u200f (taliban)')).toBe('ذبیح‌الله\\u200f (taliban)');
  });
});
