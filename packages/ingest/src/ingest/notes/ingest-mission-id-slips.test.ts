// A mission given as an id in the `<code>-<city>-<kind>` shape is expanded as the object form is, so
// a city the tables do not know, one or two slips from one they do, is noted the same way.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { claimRecord } from '../test-kit/test-records.js';

describe('ingest: slips in a mission id', () => {
  it('notes a city the tables do not know a slip away from one they do, as the object form is', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'a', mission: 'tj-khorgo-consulate' }), // 1: two letters swapped
      claimRecord({ id: 'b', mission: 'TJ-Khorogg-Consulate' }), // 2: one letter more
      claimRecord({ id: 'c', mission: 'tj-khorugh-consulate' }), // 3: a spelling the table knows
      claimRecord({ id: 'd', mission: 'tj-kulob-consulate' }), // 4: near nothing known
      claimRecord({ id: 'e', mission: 'tj-khorgo-consulate' }), // 5: line 1's note again
      claimRecord({ id: 'f', mission: { country: 'Tajikistan', city: 'Khorgo', kind: 'consulate' } }), // 6
    ]);
    expect(report).toMatchObject({ added: 6, rejectedLines: 0 });
    expect(report.notices.map((n) => [n.line, n.lines, n.path, n.message])).toEqual([
      [
        1,
        2,
        'mission',
        '"khorgo" is not a city the tables know, so it is taken as written and names the mission "tj-khorgo-consulate"; did you mean "Khorog"?',
      ],
      [
        2,
        1,
        'mission',
        '"khorogg" is not a city the tables know, so it is taken as written and names the mission "tj-khorogg-consulate"; did you mean "Khorog"?',
      ],
      [
        6,
        1,
        'mission.city',
        '"Khorgo" is not a city the tables know, so it is taken as written and names the mission "tj-khorgo-consulate"; did you mean "Khorog"?',
      ],
    ]);
  });
});
