import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gathered, jsonPieces } from './json-chunks.js';

const joined = (value: unknown, indent = '') => [...jsonPieces(value, indent)].join('');

describe('jsonPieces', () => {
  it('gives the text JSON.stringify(value, null, 2) gives, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(joined(value)).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 500 },
    );
  });

  it('writes what JSON has no text for as JSON.stringify does: null in arrays, left out of objects', () => {
    const odd = {
      a: undefined,
      b: () => 1,
      c: Symbol('s'),
      d: [undefined, () => 1, Symbol('s'), { toJSON: () => undefined }, 1],
      e: new Date(Date.UTC(2023, 2, 28)),
      f: { toJSON: (key: string) => ({ key, inner: { toJSON: () => 'kept as an object' } }) },
      g: [new Date(0), { toJSON: () => [1, { x: 2 }] }, 'z'],
      h: { toJSON: () => undefined },
    };
    expect(joined(odd)).toBe(JSON.stringify(odd, null, 2));
    expect([...jsonPieces(undefined)]).toEqual([]);
    expect([...jsonPieces(() => 1)]).toEqual([]);
  });

  it('writes boxed values as the values they hold, and a value shared by two members twice', () => {
    const shared = ['a', 'b'];
    const boxed = {
      n: new Number(3),
      s: new String('ab'),
      b: new Boolean(false),
      list: [new Number(1)],
      shared,
      again: shared,
    };
    expect(joined(boxed)).toBe(JSON.stringify(boxed, null, 2));
  });

  it('refuses a value inside itself, as JSON.stringify does, with a TypeError', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop['self'] = { back: loop };
    expect(() => [...jsonPieces(loop)]).toThrow(TypeError);
    const ring: unknown[] = [1];
    ring.push(ring);
    expect(() => [...jsonPieces(ring)]).toThrow(TypeError);
  });

  it('indents every line after the first, as an element of an indented array is', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const whole = JSON.stringify(value, null, 2);
        expect(joined(value, '    ')).toBe(whole.replaceAll('\n', '\n    '));
      }),
      { numRuns: 200 },
    );
  });

  it('never makes one long piece of a long array, so an answer of any length can be written', () => {
    // A mission whose accounts each list thousands of others they contradict.
    const ids = Array.from({ length: 20_000 }, (_, i) => `claim-${i}-${'x'.repeat(30)}`);
    const answer = { accounts: Array.from({ length: 20 }, (_, i) => ({ id: `a-${i}`, contradicts: ids })) };
    let longest = 0;
    let total = 0;
    for (const piece of jsonPieces(answer)) {
      longest = Math.max(longest, piece.length);
      total += piece.length;
    }
    expect(total).toBe(JSON.stringify(answer, null, 2).length);
    expect(longest).toBeLessThan(20_000);
  });
});

describe('gathered', () => {
  it('joins pieces into strings of about the size asked, losing and reordering nothing', () => {
    const pieces = Array.from({ length: 1000 }, (_, i) => `piece ${i};`);
    const out = [...gathered(pieces, 100)];
    expect(out.join('')).toBe(pieces.join(''));
    for (const s of out.slice(0, -1)) expect(s.length).toBeGreaterThanOrEqual(100);
    for (const s of out) expect(s.length).toBeLessThan(100 + 20);
    expect([...gathered([], 100)]).toEqual([]);
  });
});
