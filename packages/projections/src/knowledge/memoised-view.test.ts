// The memoised view the timeline reads through: the wrapped view's answers, each read once.
import { describe, expect, it } from 'vitest';
import { claimEvent } from '../testing/event-factory.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import type { KnowledgeView } from './knowledge-view.js';
import { memoisedView } from './memoised-view.js';

const claim = (id: string, respondsTo: string | null = null) =>
  claimEvent({
    id,
    report: 'report-jan',
    mission: MISSION,
    kind: 'visit',
    occurred: '2023-01-05',
    ...(respondsTo === null ? {} : { stance: 'denies' as const, respondsTo }),
  });

/** The view with every call counted, by method and argument. */
function counted(view: KnowledgeView): { view: KnowledgeView; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const wrapped = Object.fromEntries(
    Object.entries(view).map(([name, read]) => [
      name,
      (...args: unknown[]) => {
        const key = `${name} ${JSON.stringify(args)}`;
        calls.set(key, (calls.get(key) ?? 0) + 1);
        return (read as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as KnowledgeView;
  return { view: wrapped, calls };
}

describe('memoisedView', () => {
  it("gives the wrapped view's answers, reading each record once however often it is asked", () => {
    const plain = smallWorldView(claim('a'), claim('b', 'a'));
    const { view, calls } = counted(plain);
    const memo = memoisedView(view);
    for (let i = 0; i < 3; i++) {
      expect(memo.claimsOfMission(MISSION)).toEqual(plain.claimsOfMission(MISSION));
      expect(memo.getClaim('a')).toEqual(plain.getClaim('a'));
      expect(memo.getClaim('nothing')).toBeUndefined();
      expect(memo.getReport('report-jan')).toEqual(plain.getReport('report-jan'));
      expect(memo.getSource('outlet-a')).toEqual(plain.getSource('outlet-a'));
      expect(memo.getMission(MISSION)).toEqual(plain.getMission(MISSION));
      expect(memo.respondersTo('a').map((c) => c.id)).toEqual(['b']);
      expect(memo.respondersToAny(['a', 'b']).map((c) => c.id)).toEqual(['b']);
      expect(memo.respondersToAny(['b']).map((c) => c.id)).toEqual([]);
    }
    // An answer of undefined is kept too, and two lists of ids are two questions.
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
    expect([...calls.keys()].sort()).toEqual([
      'claimsOfMission ["xx-capital-embassy"]',
      'getClaim ["a"]',
      'getClaim ["nothing"]',
      'getMission ["xx-capital-embassy"]',
      'getReport ["report-jan"]',
      'getSource ["outlet-a"]',
      'respondersTo ["a"]',
      'respondersToAny [["a","b"]]',
      'respondersToAny [["b"]]',
    ]);
  });
});
