import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonArrayChunks, visible } from './output.js';

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

describe('visible', () => {
  it('writes out every control character but line breaks and tabs, and leaves all other text as it is', () => {
    expect(visible('Spoof\u001b[1A\u001b[2KOfficial')).toBe('Spoof\\u001b[1A\\u001b[2KOfficial');
    expect(visible('a\u0000b\u0007c\u007fd\u009be\rf')).toBe('a\\u0000b\\u0007c\\u007fd\\u009be\\u000df');
    const plain = 'line one\n\tKhorog — Хорог «قونسلگری» 😀 \u00a0👩\u200d💻';
    expect(visible(plain)).toBe(plain);
    // A joiner joining nothing is written out, as other invisible characters no name holds are
    // (output-invisible.test.ts).
    expect(visible('\u00a0\u200d')).toBe('\u00a0\\u200d');
  });

  it('writes out the bidirectional controls, which would redraw the text around them in another order', () => {
    // A right-to-left override draws the stored "cilbuper" as "republic" on a terminal.
    expect(visible('controller \u202ecilbuper\u202c')).toBe('controller \\u202ecilbuper\\u202c');
    const controls = '\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
    expect(visible(controls)).toBe(
      '\\u061c\\u200e\\u200f\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069',
    );
  });
});

describe('jsonArrayChunks, with long elements', () => {
  it('prints any array of JSON values as JSON.stringify does, and no element as one long piece', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), (array) => {
        expect([...jsonArrayChunks(array)].join('')).toBe(`${JSON.stringify(array, null, 2)}\n`);
      }),
      { numRuns: 300 },
    );
    const contradicts = Array.from({ length: 50_000 }, (_, i) => `claim-${i}`);
    const longest = Math.max(...[...jsonArrayChunks([{ contradicts }])].map((c) => c.length));
    expect(longest).toBeLessThan(20_000);
  });
});
