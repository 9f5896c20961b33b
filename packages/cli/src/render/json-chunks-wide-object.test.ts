// jsonPieces bounds its pieces for an object of many plain members too, as it does for a long array:
// an answer keyed by ids (one member a claim) ends a piece within a few kilobytes, however many
// members the object has, so no piece grows with the answer.
import { describe, expect, it } from 'vitest';
import { jsonPieces } from './json-chunks.js';

describe('jsonPieces, on an object of many plain members', () => {
  it('ends a piece within a few kilobytes, the same text JSON.stringify gives', () => {
    const wide = Object.fromEntries(
      Array.from({ length: 20_000 }, (_, i) => [`claim-${i}`, i % 7 === 0 ? null : `c-${i}`]),
    );
    const pieces = [...jsonPieces({ byClaim: wide })];
    expect(pieces.join('')).toBe(JSON.stringify({ byClaim: wide }, null, 2));
    // About 560 KB in all: one piece for the whole object would be all of it.
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(20_000);
  });
});
