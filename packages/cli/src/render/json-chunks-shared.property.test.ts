// jsonPieces keeps the text of a list it meets a second time and writes that text again where the
// same list turns up (json-chunks.ts, SharedLists). This property builds values in which a few lists
// are each placed at several depths, inside arrays and inside objects, long and short, some holding
// objects, so the kept text is offered at other indents and beside other lists, and the output must
// stay exactly JSON.stringify(value, null, 2).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces } from './json-chunks.js';

const joined = (value: unknown, indent = '') => [...jsonPieces(value, indent)].join('');

/** A list of plain values, sometimes past the 32 at which a list is kept as text. */
const plainList = fc.nat(70).chain((n) =>
  fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null), fc.boolean()), {
    minLength: n,
    maxLength: n,
  }),
);
/** How many times a counting element's toJSON was called, set to 0 before each text is made. */
let asked = 0;
/**
 * A list with an object among its plain values: never kept as text. The object is sometimes one whose
 * toJSON answers differently each time it is asked, as JSON.stringify asks it at each place.
 */
const mixedList = fc
  .tuple(plainList, fc.nat(70), fc.jsonValue({ maxDepth: 2 }), fc.boolean())
  .map(([list, at, odd, counting]) => {
    const copy: unknown[] = [...list];
    copy.splice(at % (copy.length + 1), 0, counting ? { toJSON: () => `asked ${++asked}` } : { odd });
    return copy;
  });

/** The text of `value` by `write`, the counting toJSON starting from 0. */
function fresh(write: () => string | undefined): string | undefined {
  asked = 0;
  return write();
}

/** Where a shared list is put: a path of array positions and member names down from the top. */
type Shape = { list: number } | { array: Shape[] } | { object: [string, Shape][] } | { plain: unknown };

const shape: fc.Arbitrary<Shape> = fc.letrec<{ node: Shape }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ list: fc.nat(3) }),
    fc.record({ plain: fc.jsonValue({ maxDepth: 1 }) }),
    fc.record({ array: fc.array(tie('node'), { maxLength: 4 }) }),
    fc.record({ object: fc.array(fc.tuple(fc.string({ maxLength: 3 }), tie('node')), { maxLength: 4 }) }),
  ),
})).node;

/** The value a shape describes, each `list` leaf being one of `lists` itself, not a copy. */
function build(s: Shape, lists: readonly unknown[][]): unknown {
  if ('list' in s) return lists[s.list % lists.length];
  if ('plain' in s) return s.plain;
  if ('array' in s) return s.array.map((x) => build(x, lists));
  return Object.fromEntries(s.object.map(([name, x]) => [name, build(x, lists)]));
}

describe('jsonPieces, with lists shared across depths', () => {
  it('writes what JSON.stringify(value, null, 2) writes, at the top and indented', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(plainList, plainList, mixedList), { minLength: 1, maxLength: 4 }),
        fc.array(shape, { minLength: 2, maxLength: 6 }),
        (lists, shapes) => {
          // Each list at least twice at the top, so it is kept, then met again deeper down.
          const value = [...lists, ...lists, ...shapes.map((s) => build(s, lists)), { lists }];
          const whole = fresh(() => JSON.stringify(value, null, 2)) ?? '';
          expect(fresh(() => joined(value))).toBe(whole);
          expect(fresh(() => joined(value, '   '))).toBe(whole.replaceAll('\n', '\n   '));
          const inside = { inside: value };
          expect(fresh(() => joined(inside))).toBe(fresh(() => JSON.stringify(inside, null, 2)));
        },
      ),
      { numRuns: 1500 },
    );
  });
});
