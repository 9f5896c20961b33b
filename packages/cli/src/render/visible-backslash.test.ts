// The text views write invisible and control characters out as JavaScript escapes (`\u200b`). Text
// that holds those six characters themselves (copied from an escaped source, say) showed the same as
// a real zero-width space written out, so an auditor could not tell which the store held. A
// backslash is now doubled, as in a JavaScript string, and what is shown reads back as what is stored.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { visible } from './visible.js';

/** Reads a shown text back: `\\` is a backslash, `\uXXXX` and `\u{X…}` the character; all else as is. */
function readBack(shown: string): string {
  return shown.replace(
    /\\(\\|u\{([0-9a-f]+)\}|u([0-9a-f]{4}))/g,
    (_, one: string, long?: string, short?: string) =>
      one === '\\' ? '\\' : String.fromCodePoint(Number.parseInt((long ?? short)!, 16)),
  );
}

describe('visible: backslashes', () => {
  it('tells the text "\\u200b" from a zero-width space written out', () => {
    expect(visible('Dush\u200banbe')).toBe('Dush\\u200banbe');
    expect(visible('Dush\\u200banbe')).toBe('Dush\\\\u200banbe');
    expect(visible('C:\\reports')).toBe('C:\\\\reports');
    expect(visible('no backslash')).toBe('no backslash');
  });

  it('shows every text so that it reads back as stored', () => {
    const pieces = fc.constantFrom(
      '\\',
      'u',
      '200b',
      '\u200b',
      '\u001b',
      '\u202e',
      '\u00ad',
      '\u200c',
      'ب',
      'ก',
      'a',
      '{1f600}',
      '\u{e0001}',
      ' ',
      '\n',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(readBack(visible(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (text) => {
        expect(readBack(visible(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
