import { describe, expect, it } from 'vitest';
import { codePoints, headOf, padTo, piecesOf } from './characters.js';

describe('characters as the text views count them', () => {
  it('counts code points: an emoji is one', () => {
    expect(codePoints('')).toBe(0);
    expect(codePoints('Хорог')).toBe(5);
    expect(codePoints('a😀'.repeat(600))).toBe(1200);
    expect(padTo('😀', 3)).toBe('😀  ');
  });

  it('cuts only between graphemes, and inside one only when it alone is longer than a piece', () => {
    expect([...piecesOf('ab😀cd', 3)]).toEqual(['ab😀', 'cd']);
    expect([...piecesOf('a😀b', 1)]).toEqual(['a', '😀', 'b']);
    // A letter under five accents is six code points: past a width of 4 it is cut between code points.
    const heavy = `x${'\u0301'.repeat(5)}`;
    expect([...piecesOf(`${heavy}y`, 4)]).toEqual([`x${'\u0301'.repeat(3)}`, `${'\u0301'.repeat(2)}y`]);
    expect(headOf('😀'.repeat(20_000), 1000)).toEqual({ head: '😀'.repeat(1000), rest: 19_000 });
    expect(headOf('short', 10)).toEqual({ head: 'short', rest: 0 });
  });
});
