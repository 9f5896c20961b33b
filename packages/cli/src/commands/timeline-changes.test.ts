// What a later row of kb timeline says of its accounts: the change since the row above.
import { describe, expect, it } from 'vitest';
import { stepChanges, stepClaims } from './timeline.js';

const step = (
  claimIds: string[],
  superseded: [string, string][] = [],
  retracted: string[] = [],
): Parameters<typeof stepChanges>[0] => ({
  knownAt: '2023-01-01',
  status: 'contested',
  controller: null,
  happened: 'certainly',
  claimIds,
  superseded: superseded.map(([claimId, supersededBy]) => ({ claimId, supersededBy })),
  retracted,
});

describe('kb timeline: the changes a row names', () => {
  it('names accounts that come, are superseded or retracted, and those no longer so or no longer listed', () => {
    const before = step(['a', 'b', 'c', 'd'], [['c', 'x']], ['r']);
    const after = step(
      ['a', 'c', 'd', 'e', 'f'],
      [
        ['a', 'e'],
        ['f', 'e'],
      ],
      ['b', 'r2'],
    );
    expect(stepChanges(before, after)).toEqual([
      'a (superseded by e)',
      'c (no longer superseded)',
      '+e',
      '+f (superseded by e)',
      'b (retracted)',
      '+r2 (retracted)',
      '-r',
    ]);
    // A retraction that no longer counts, and the account superseded by another change than before.
    expect(stepChanges(step(['a'], [['a', 'x']], ['b']), step(['a', 'b'], [['a', 'y']]))).toEqual([
      'a (superseded by y)',
      'b (no longer retracted)',
    ]);
    expect(stepChanges(before, before)).toEqual([]);
  });

  it('lists every account of a first row, as marked', () => {
    expect(stepClaims(step(['a', 'b'], [['a', 'b']], ['c']))).toEqual([
      'a (superseded by b)',
      'b',
      'c (retracted)',
    ]);
  });
});
