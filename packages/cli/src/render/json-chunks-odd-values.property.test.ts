// jsonPieces against JSON.stringify(value, null, 2) over values the JSON-value properties never make:
// toJSON methods told their key, a toJSON giving a Date (whose own toJSON is not asked), getters and toJSON methods that answer with how often they were
// asked (so the text shows in what order, and how many times, each was asked), boxed primitives,
// members JSON has no text for, lists shared across the value and long enough to be kept as text,
// deep nesting, and long arrays mixing plain values with objects around the 256-value runs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces } from './json-chunks.js';

/** How many times a getter or toJSON was asked, set to 0 before each text is made. */
let asked = 0;

type Spec =
  | { plain: unknown }
  | { nothing: 'undefined' | 'function' | 'symbol' }
  | { boxed: number | string | boolean }
  | { keyed: Spec }
  | { counted: true }
  | { dated: number }
  | { getters: [string, Spec][] }
  | { array: Spec[] }
  | { object: [string, Spec][] }
  | { long: { length: number; objects: number[]; inner: Spec } }
  | { shared: number };

const name = fc.constantFrom('a', 'b', 'key', 'toJSON2', '0', '', 'é', 'x y');

const spec: fc.Arbitrary<Spec> = fc.letrec<{ node: Spec }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      plain: fc.oneof(
        fc.string({ maxLength: 3 }),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
      ),
    }),
    fc.record({ nothing: fc.constantFrom('undefined' as const, 'function' as const, 'symbol' as const) }),
    fc.record({ boxed: fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.boolean()) }),
    fc.record({ keyed: tie('node') }),
    fc.record({ counted: fc.constant(true as const) }),
    fc.record({ dated: fc.integer({ min: 0, max: 2 ** 40 }) }),
    fc.record({ getters: fc.array(fc.tuple(name, tie('node')), { maxLength: 3 }) }),
    fc.record({ array: fc.array(tie('node'), { maxLength: 4 }) }),
    fc.record({ object: fc.array(fc.tuple(name, tie('node')), { maxLength: 4 }) }),
    fc.record({
      long: fc.record({
        length: fc.integer({ min: 240, max: 530 }),
        // Objects at, before and after the ends of the runs of 256 plain values.
        objects: fc.array(fc.oneof(fc.constantFrom(0, 254, 255, 256, 257, 511, 512, 513), fc.nat(530)), {
          maxLength: 4,
        }),
        inner: tie('node'),
      }),
    }),
    fc.record({ shared: fc.nat(2) }),
  ),
})).node;

/** A list shared by reference across the value: plain values, or plain values around one object. */
const sharedList = fc
  .tuple(fc.integer({ min: 0, max: 80 }), fc.option(fc.nat(80), { nil: undefined }))
  .map(([length, objectAt]) => {
    const list: unknown[] = Array.from({ length }, (_, i) => (i % 3 === 0 ? `s${i}` : i));
    if (objectAt !== undefined) list.splice(objectAt % (length + 1), 0, { at: objectAt });
    return list;
  });

function build(s: Spec, lists: readonly unknown[][]): unknown {
  if ('plain' in s) return s.plain;
  if ('nothing' in s)
    return s.nothing === 'undefined' ? undefined : s.nothing === 'function' ? () => 1 : Symbol('s');
  if ('boxed' in s) return Object(s.boxed);
  if ('keyed' in s) {
    const inner = build(s.keyed, lists);
    return { toJSON: (key: string) => ({ key, inner }) };
  }
  if ('counted' in s) return { toJSON: (key: string) => `${key}:${asked++}` };
  // A toJSON giving an object with a toJSON of its own, which JSON.stringify does not call: {}.
  if ('dated' in s) return { toJSON: () => new Date(s.dated) };
  if ('getters' in s) {
    const o: Record<string, unknown> = {};
    for (const [n, x] of s.getters) {
      const inner = build(x, lists);
      Object.defineProperty(o, n, {
        enumerable: true,
        configurable: true,
        get: () => ({ asked: asked++, inner }),
      });
    }
    return o;
  }
  if ('array' in s) return s.array.map((x) => build(x, lists));
  if ('object' in s) return Object.fromEntries(s.object.map(([n, x]) => [n, build(x, lists)]));
  if ('long' in s) {
    const { length, objects, inner } = s.long;
    const list: unknown[] = Array.from({ length }, (_, i) => (i % 2 === 0 ? i : `v${i}`));
    for (const at of objects) if (at < length) list[at] = i(at, build(inner, lists));
    return list;
  }
  return lists[s.shared % lists.length];
}

const i = (at: number, inner: unknown) => ({ at, inner });

/** The text of `write`, each getter and toJSON counting from 0. */
function fresh(write: () => string | undefined): string | undefined {
  asked = 0;
  return write();
}

const joined = (value: unknown, indent = ''): string | undefined => {
  const pieces = [...jsonPieces(value, indent)];
  return pieces.length === 0 ? undefined : pieces.join('');
};

describe('jsonPieces, with values JSON.stringify takes apart', () => {
  it('writes what JSON.stringify(value, null, 2) writes, asking each getter and toJSON as it does', () => {
    fc.assert(
      fc.property(fc.array(sharedList, { minLength: 1, maxLength: 3 }), spec, (lists, s) => {
        // Each shared list twice at the top, so a long one is kept as text, then met again inside.
        const inner = build(s, lists);
        for (const value of [inner, [...lists, ...lists, inner, { deeper: [[inner]], lists }]]) {
          expect(fresh(() => joined(value))).toBe(fresh(() => JSON.stringify(value, null, 2)));
          const whole = fresh(() => JSON.stringify(value, null, 2));
          expect(fresh(() => joined(value, '  '))).toBe(whole?.replaceAll('\n', '\n  '));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('tells a toJSON at the top the key "", and in an array its index', () => {
    const top = { toJSON: (key: string) => `key "${key}"` };
    expect(joined(top)).toBe(JSON.stringify(top, null, 2));
    const list = [1, top, 'x', top];
    expect(joined(list)).toBe(JSON.stringify(list, null, 2));
  });

  it('writes values nested thousands deep', () => {
    let deep: unknown = 'bottom';
    for (let d = 0; d < 3000; d++) deep = d % 2 === 0 ? [deep, d] : { d, deep };
    expect(joined(deep)).toBe(JSON.stringify(deep, null, 2));
  });
});
