import { describe, expect, it } from 'vitest';
import { jsonArrayChunks } from './output.js';

describe('jsonArrayChunks', () => {
  it('prints what JSON.stringify prints for the whole array, one element at a time', () => {
    const arrays: unknown[][] = [
      [],
      [1],
      [{ a: 1, b: [1, 2, { c: 'x\ny' }], d: {} }, null, 'text', []],
      [{ nested: { deeper: { list: [[], [1]] } } }, { empty: [] }],
    ];
    for (const array of arrays) {
      expect([...jsonArrayChunks(array)].join('')).toBe(`${JSON.stringify(array, null, 2)}\n`);
    }
  });

  it('takes the elements lazily, so a generator is never held whole', () => {
    let made = 0;
    function* items() {
      for (let i = 0; i < 3; i++) {
        made += 1;
        yield { i };
      }
    }
    const chunks = jsonArrayChunks(items());
    chunks.next();
    expect(made).toBe(1);
  });
});
