// ℹ (U+2139) is an emoji and a letter of the common script at once: a joiner beside it is part of a
// name, as beside any emoji (partOfName, @kb/domain), so ingest keeps it and kb's text output shows
// it as it is; the search key drops it, as it drops every joiner (projections, search-key.ts).
import { describe, expect, it } from 'vitest';
import { hiddenInName, hiddenShown } from './unseen-chars.js';

describe('hiddenInName and hiddenShown beside ℹ', () => {
  it('take a joiner beside ℹ as part of the name, on either side', () => {
    for (const name of ['Desk ℹ\u200d💻', 'ℹ\u200dx', 'x\u200cℹ']) {
      expect(hiddenInName(name), name).toBeNull();
      expect(
        hiddenShown(name, () => '?'),
        name,
      ).toBe(name);
    }
  });

  it('still refuse a zero-width space beside it', () => {
    expect(hiddenInName('ℹ\u200bx')).toEqual({ char: '\u200b', at: 2 });
    expect(hiddenShown('ℹ\u200bx', () => '?')).toBe('ℹ?x');
  });
});
