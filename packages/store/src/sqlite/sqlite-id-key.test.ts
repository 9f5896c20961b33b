import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idKey } from './sqlite-id-key.js';

const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The key as its comment states it, written the slow, obvious way. */
function expectedKey(id: string): number {
  if (LOWER_UUID.test(id)) return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
  return Number.parseInt(createHash('sha256').update(id).digest('hex').slice(0, 12), 16);
}

// Characters a near-UUID may hold instead of one of its own: other cases, non-hex letters, dashes,
// and codes over 127 whose low bits are those of a hex digit or a dash ('İ' is U+0130, 'a' + 0x100).
const STRAY = fc.constantFrom(
  'A',
  'F',
  'g',
  'z',
  '-',
  '0',
  '9',
  'a',
  'f',
  '/',
  ':',
  '`',
  ' ',
  'İ',
  'ġ',
  'ĭ',
  '😀',
);

describe('idKey', () => {
  it('gives every id the key its definition gives, UUIDs and near misses alike', () => {
    const nearUuid = fc
      .tuple(
        fc.uuid(),
        fc.array(fc.tuple(fc.nat(35), STRAY), { maxLength: 2 }),
        fc.constantFrom('keep', 'cut', 'grow'),
      )
      .map(([uuid, swaps, length]) => {
        const chars = [...uuid];
        for (const [at, char] of swaps) chars[at] = char;
        const id = chars.join('');
        return length === 'cut' ? id.slice(1) : length === 'grow' ? `${id}0` : id;
      });
    fc.assert(
      fc.property(fc.oneof(nearUuid, fc.string()), (id) => {
        expect(idKey(id)).toBe(expectedKey(id));
      }),
      { numRuns: 5000 },
    );
  });
});
