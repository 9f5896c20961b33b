// A mission given as an id in the `<code>-<city>-<kind>` shape is expanded as the object form is, so
// a city the tables do not know, one or two slips from one they do, is noted the same way; an id
// whose last word is a slip of a mission kind is rejected with the id likely meant.
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

  it('rejects an id whose kind is a slip, naming the id likely meant', async () => {
    const store = new MemoryEventStore();
    const unknown = (id: string) =>
      `unknown mission "${id}": write the mission as {country, city, kind} the first time, or use an id like "tj-khorog-consulate" (country code, city, kind)`;
    const report = await ingest(store, [
      claimRecord({ id: 'a', mission: 'tj-dushanbe-embasy' }), // 1
      claimRecord({ id: 'b', mission: 'uz-termez-consulate-generl' }), // 2: a kind of two words
      claimRecord({ id: 'c', mission: 'tj-khorugh-consulat' }), // 3: the city as the table spells it
      claimRecord({ id: 'd', mission: 'tj-dushanbe-office' }), // 4: no kind near
      claimRecord({ id: 'e', mission: 'xx-dushanbe-embasy' }), // 5: no country code of the table
    ]);
    expect(report.rejected.map((r) => [r.line, r.path, r.message])).toEqual([
      [1, 'mission', `${unknown('tj-dushanbe-embasy')}; did you mean "tj-dushanbe-embassy"?`],
      [2, 'mission', `${unknown('uz-termez-consulate-generl')}; did you mean "uz-termez-consulate-general"?`],
      [3, 'mission', `${unknown('tj-khorugh-consulat')}; did you mean "tj-khorog-consulate"?`],
      [4, 'mission', unknown('tj-dushanbe-office')],
      [5, 'mission', unknown('xx-dushanbe-embasy')],
    ]);
  });
});
