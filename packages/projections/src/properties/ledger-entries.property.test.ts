// The source ledger counts each mission's accounts from ledgerEntriesOf, which never builds them:
// its entries must say what controlOf's whole accounts say, under any query.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Account } from '../queries/accounts.js';
import { resolveQuery } from '../queries/control-query.js';
import { ledgerEntriesOf } from '../queries/ledger-entries.js';
import { controlOf } from '../queries/mission-control.js';
import { controlQuery, worldPlan, worldView } from './arbitrary-world.js';

const entry = (a: Account) => ({
  claimId: a.claimId,
  sourceId: a.source.sourceId,
  origin: a.origin,
  claimant: a.claimant,
  via: a.via,
  respondsTo: a.respondsTo,
  filedUnder: a.filedUnder,
  contradicted: a.contradicts.length > 0,
  denied: a.deniedBy.length > 0,
});

describe('ledger entries', () => {
  it('say of every account what controlOf says of it, under any query', () => {
    let denied = 0;
    let contradicted = 0;
    fc.assert(
      fc.property(worldPlan, controlQuery, (plan, query) => {
        const view = worldView(plan);
        const resolved = resolveQuery(query);
        for (const mission of view.listMissions()) {
          const whole = controlOf(view, mission.id, resolved);
          const entries = ledgerEntriesOf(view, mission.id, resolved);
          expect(entries).toEqual({
            accounts: whole.accounts.map(entry),
            retractedAccounts: whole.retractedAccounts.map(entry),
          });
          denied += entries.accounts.filter((e) => e.denied).length;
          contradicted += entries.accounts.filter((e) => e.contradicted).length;
        }
      }),
      { numRuns: 300 },
    );
    // The worlds hold both, so the two flags were compared both ways.
    expect(denied).toBeGreaterThan(0);
    expect(contradicted).toBeGreaterThan(0);
  });
});
