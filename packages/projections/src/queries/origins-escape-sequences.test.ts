import { describe, expect, it } from 'vitest';
import { originOf } from './origin.js';

// A claimant stored by an earlier version with a terminal's escape sequence in the name (ingest now
// refuses control characters in a name) is the origin of the plain name: the whole sequence is
// dropped when origins are folded. Brackets written as text, with no ESC, are part of the name.

const origin = (asWritten: string) => originOf({ asWritten, actorId: null }, []);
const PLAIN = 'name:zabihullah mujahid';

describe('an origin folded from a name holding an escape sequence', () => {
  it('is the origin of the plain name, for CSI and OSC sequences in their 7-bit and 8-bit forms', () => {
    for (const name of [
      'Zabihullah \u001b[31mMujahid',
      'Zabihullah \u001b[31mMujahid\u001b[0m',
      '\u001b[2K\u001b[1GZabihullah Mujahid',
      'Zabihullah \u001b[1;38;5;196mMujahid\u001b[m',
      'Zabihullah \u009b31mMujahid\u009b0m',
      '\u001b]8;;https://example.org/\u0007Zabihullah Mujahid\u001b]8;;\u0007',
      'Zabihullah \u001b]0;a title\u001b\\Mujahid',
      'Zabihullah \u009d0;a title\u009cMujahid',
    ])
      expect(origin(name), JSON.stringify(name)).toBe(PLAIN);
    expect(
      originOf({ asWritten: 'Tolo News', actorId: null }, [
        { name: 'Zabihullah \u001b[31mMujahid\u001b[0m', relation: 'quotes' },
      ]),
    ).toBe(PLAIN);
  });

  it('keeps brackets written as text, with no escape before them', () => {
    expect(origin('Zabihullah Mujahid [31m]')).toBe('name:zabihullah mujahid 31m');
  });
});
