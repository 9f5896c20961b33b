// "Did you mean" never offers a far name (mutation pass C): a swap of neighbours is one edit only
// when both letters trade places, and it costs one edit, not none.
import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name.js';

describe('closestName: swaps of neighbours', () => {
  it('counts a swap as one edit, so a swap and a wrong letter are two', () => {
    // Five letters allow one edit; "qoute" is a swap away from "quote" but a swap and a letter from "quota".
    expect(closestName('qoute', ['quota'])).toBeNull();
    expect(closestName('qoute', ['quota', 'quote'])).toBe('quote');
  });

  it('does not take two letters for a swap when only one of them moved', () => {
    // "ab" to "bc" is two replacements, not a swap: with the "a" to "o" this is three edits.
    expect(closestName('clasure-ab', ['closure-bc'])).toBeNull();
    expect(closestName('clasure-ab', ['closure-bc', 'closure-ba'])).toBe('closure-ba');
  });

  it('takes the first of two names equally near', () => {
    expect(closestName('khorog-visjt', ['khorog-visat', 'khorog-visit'])).toBe('khorog-visat');
    expect(closestName('khorog-visjt', ['khorog-visit', 'khorog-visat'])).toBe('khorog-visit');
  });
});
