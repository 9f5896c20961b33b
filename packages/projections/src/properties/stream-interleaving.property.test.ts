// Reordering how independent streams interleave does not change the contested view. The streams
// keep their own order (a claim's correction stays after the claim); everything else is shuffled,
// claims before the registrations of their missions and reports included, and positions are
// renumbered. Two things are not invariant, by design, and are left out of the comparison:
// - accounts whose occurrence dates tie are listed in log order, so their order among themselves
//   follows the positions; accounts are compared as a set keyed by claim id, and the order of the
//   occurrence dates down the list is checked separately;
// - recorded times (an assessment's `recordedAt`, a retraction's `at`) are when the store wrote the
//   event. The first property carries each event's recorded time with it, so they must match
//   exactly; the second renumbers times with positions, as a store would, and strips them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../events/recorded-event.js';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import type { Account } from '../queries/accounts.js';
import { type MissionControl, overview } from '../queries/mission-control.js';
import { recordAll } from '../testing/event-factory.js';
import { controlQuery, interleave, worldEvents, worldPlan } from './arbitrary-world.js';

function streamsOf(events: readonly RecordedEvent[]): RecordedEvent[][] {
  const groups = new Map<string, RecordedEvent[]>();
  for (const e of events) groups.set(e.envelope.stream, [...(groups.get(e.envelope.stream) ?? []), e]);
  return [...groups.values()];
}

const renumber = (events: readonly RecordedEvent[]): RecordedEvent[] =>
  events.map((e, i) => ({ ...e, envelope: { ...e.envelope, position: i + 1 } }));

const byClaimId = (accounts: readonly Account[]) =>
  [...accounts].sort((a, b) => (a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : 0));

/** The parts of an overview that must not depend on the interleaving. */
function invariant(rows: readonly MissionControl[], stripRecordedTimes = false) {
  const account = (a: Account) =>
    stripRecordedTimes
      ? {
          ...a,
          retracted: a.retracted === null ? null : { reason: a.retracted.reason },
          assessments: a.assessments.map(({ recordedAt: _, ...rest }) => rest),
        }
      : a;
  return rows.map((row) => ({
    ...row,
    accounts: byClaimId(row.accounts).map(account),
    retractedAccounts: byClaimId(row.retractedAccounts).map(account),
    occurrenceOrder: row.accounts.map((a) => a.occurred.text),
  }));
}

const picks = fc.array(fc.nat(), { minLength: 1, maxLength: 60 });

describe('interleaving of independent streams', () => {
  it('does not change the contested view (recorded times travel with their events)', () => {
    fc.assert(
      fc.property(worldPlan, picks, controlQuery, (plan, order, query) => {
        const recorded = recordAll(worldEvents(plan));
        const shuffled = renumber(interleave(streamsOf(recorded), order));
        expect(shuffled).toHaveLength(recorded.length);
        const a = overview(knowledgeView(foldKnowledge(recorded)), query);
        const b = overview(knowledgeView(foldKnowledge(shuffled)), query);
        expect(invariant(b)).toEqual(invariant(a));
      }),
      { numRuns: 400 },
    );
  });

  it('does not change the contested view when the store stamps times in its own order', () => {
    fc.assert(
      fc.property(worldPlan, picks, (plan, order) => {
        const events = worldEvents(plan);
        const recorded = recordAll(events);
        // Interleave the domain events, then record them afresh: positions and times both follow the new order.
        const shuffled = recordAll(interleave(streamsOf(recorded), order).map((e) => e.event));
        const a = overview(knowledgeView(foldKnowledge(recorded)));
        const b = overview(knowledgeView(foldKnowledge(shuffled)));
        expect(invariant(b, true)).toEqual(invariant(a, true));
      }),
      { numRuns: 300 },
    );
  });

  it('the interleaving keeps every stream in its order and loses no event', () => {
    fc.assert(
      fc.property(worldPlan, picks, (plan, order) => {
        const recorded = recordAll(worldEvents(plan));
        const shuffled = interleave(streamsOf(recorded), order);
        expect(
          streamsOf(shuffled)
            .map((s) => s.map((e) => e.envelope.eventId))
            .sort(),
        ).toEqual(
          streamsOf(recorded)
            .map((s) => s.map((e) => e.envelope.eventId))
            .sort(),
        );
      }),
      { numRuns: 100 },
    );
  });
});
