// jsonPieces hands its text on in pieces of a few kilobytes, not a piece for every value. Each piece
// used to be one key, one number or one short run, handed up through a generator for every level it
// sat under: kb status --json on 600 missions (500 MB of accounts) spent 10 of its 14 s there, where
// working the answer out took under 3. The pieces are counted, so a return to a piece for each value
// fails without anything being timed.
import { describe, expect, it } from 'vitest';
import { jsonPieces } from './json-chunks.js';

/** Accounts shaped as kb status --json writes them: small objects, nested a level or two. */
const accounts = Array.from({ length: 2000 }, (_, i) => ({
  claimId: `c-${i}`,
  claimant: { asWritten: `Spokesman ${i % 40}`, actorId: null },
  stance: i % 5 === 0 ? 'denies' : 'asserts',
  occurred: { text: '2021-03', earliest: '2021-03-01', latest: '2021-03-28', anchor: null },
  credibility: i % 6,
  respondsTo: null,
  contradicts: [`c-${i + 1}`, `c-${i + 2}`],
}));

describe('jsonPieces, on an answer of many small values', () => {
  it('hands the text on in pieces of a few kilobytes, the same text JSON.stringify gives', () => {
    const value = [{ mission: { id: 'm-1' }, accounts }];
    const pieces = [...jsonPieces(value, '  ')];
    const text = pieces.join('');
    expect(text).toBe(JSON.stringify(value, null, 2).replaceAll('\n', '\n  '));
    // About 780 KB: one piece a value made some 60,000 pieces.
    expect(pieces.length).toBeLessThan(text.length / 1000);
  });

  it('still ends a piece within a few kilobytes of text, however the values nest', () => {
    const deep = { a: { b: { c: accounts.slice(0, 300) } }, d: accounts.slice(300, 600) };
    const pieces = [...jsonPieces(deep)];
    expect(pieces.join('')).toBe(JSON.stringify(deep, null, 2));
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(20_000);
  });
});
