// How kb mission's text says what an account contradicts: a whole controller's accounts as a group
// once they outnumber what a list shows, the rest by id.
import type { Account } from '@kb/projections';
import { describe, expect, it } from 'vitest';
import { accountsByController, contradictionTexts, contradictsText } from './contradicts-text.js';

const account = (claimId: string, controller: string, filedUnder: string | null = null) =>
  ({ claimId, controller, filedUnder }) as Account;
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const WHOLE = '--json lists every one';

describe('contradictsText', () => {
  const accounts = [
    ...ids('r', 12).map((id) => account(id, 'republic')),
    ...ids('t', 3).map((id) => account(id, 'taliban')),
    account('n0', 'none'),
    account('u0', 'unknown'),
    account('e0', 'republic', 'other-mission'),
  ];
  const naming = accountsByController(accounts);

  it('groups the accounts by the controller they name for this mission, leaving out unknown and answers filed elsewhere', () => {
    expect([...naming].map(([c, of]) => [c, of.size])).toEqual([
      ['republic', 12],
      ['taliban', 3],
      ['none', 1],
    ]);
  });

  it("says every one of a controller's accounts as a group once there are more than the list shows, and lists the rest", () => {
    const all = [...ids('r', 12), 'u0', 'n0'].sort();
    expect(contradictsText(all, naming, 10, WHOLE)).toBe(
      'every standing account naming republic (12); n0, u0',
    );
    // Every account named, none left to list.
    expect(contradictsText(ids('r', 12), naming, 10, WHOLE)).toBe(
      'every standing account naming republic (12)',
    );
  });

  it('lists the ids as before when a group is short, or is not every account naming its controller', () => {
    expect(contradictsText(ids('t', 3), naming, 10, WHOLE)).toBe('t0, t1, t2');
    // Eleven of the twelve (one superseded by the change, say): listed, cut at ten.
    const most = ids('r', 11);
    expect(contradictsText(most, naming, 10, WHOLE)).toBe(
      `${most.slice(0, 10).join(', ')} and 1 more (${WHOLE})`,
    );
    expect(contradictsText(ids('r', 12), naming, 12, WHOLE)).toBe(ids('r', 12).join(', '));
  });

  it('says each list once for an answer, and says a list shared by many accounts as contradictsText does', () => {
    const say = contradictionTexts(naming, 10, WHOLE);
    const shared = [...ids('r', 12), 'n0'];
    expect(say(shared)).toBe(contradictsText(shared, naming, 10, WHOLE));
    expect(say(shared)).toBe('every standing account naming republic (12); n0');
    // A copy with other content is its own list.
    expect(say(ids('t', 3))).toBe('t0, t1, t2');
  });
});
