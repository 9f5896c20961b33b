// Text in composed form (NFC): composedText, composed at any depth, sameComposed and composedId.
import { describe, expect, it } from 'vitest';
import { composed, composedId, composedText, sameComposed } from './text-form.js';

const NFD = 'Khoro\u0301g';
const NFC = NFD.normalize('NFC');

describe('composedText', () => {
  it('composes decomposed text and gives composed text back as it is', () => {
    expect(composedText(NFD)).toBe(NFC);
    expect(composedText('plain')).toBe('plain');
  });
});

describe('composed', () => {
  it('composes every string of an object, not only the last one that changes', () => {
    expect(composed({ a: NFD, b: NFD })).toEqual({ a: NFC, b: NFC });
    expect(composed({ a: NFD, b: 'x', c: NFD })).toEqual({ a: NFC, b: 'x', c: NFC });
  });

  it('composes every string of an array, and arrays inside objects', () => {
    expect(composed([NFD, NFD])).toEqual([NFC, NFC]);
    expect(composed([NFD, 'x', NFD])).toEqual([NFC, 'x', NFC]);
    expect(composed({ via: [{ name: NFD }] })).toEqual({ via: [{ name: NFC }] });
  });

  it('gives the same value back, by identity, when nothing changes, and leaves the input as it was', () => {
    const value = { a: [NFC, { b: 'x' }], n: 1, z: null };
    expect(composed(value)).toBe(value);
    const array = ['x', NFC];
    expect(composed(array)).toBe(array);
    const input = { a: [NFD] };
    const out = composed(input);
    expect(out).not.toBe(input);
    expect(input.a[0]).toBe(NFD);
  });

  it('keeps a "__proto__" key of the data as data', () => {
    const out = composed(JSON.parse(`{"__proto__":"${NFD}","a":"${NFD}"}`) as Record<string, unknown>);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe(`{"__proto__":"${NFC}","a":"${NFC}"}`);
  });
});

describe('sameComposed', () => {
  it('takes text differing only in form as the same, and other text as other', () => {
    expect(sameComposed({ a: [NFD] }, { a: [NFC] })).toBe(true);
    expect(sameComposed({ a: NFC }, { a: NFC })).toBe(true);
    expect(sameComposed({ a: NFC }, { a: 'Khorog' })).toBe(false);
  });
});

describe('composedId', () => {
  const idOf = (content: { name: string }) => `id:${content.name}`;

  it('gives the id of composed text, asking nothing for text already composed', async () => {
    const asked: string[] = [];
    const id = await composedId({ name: NFC }, idOf, async (before) => {
      asked.push(before);
      return true;
    });
    expect(id).toBe(`id:${NFC}`);
    expect(asked).toEqual([]);
  });

  it('keeps the id of text as written where it is stored, else the composed one', async () => {
    expect(await composedId({ name: NFD }, idOf, async () => true)).toBe(`id:${NFD}`);
    expect(await composedId({ name: NFD }, idOf, async () => false)).toBe(`id:${NFC}`);
  });
});
