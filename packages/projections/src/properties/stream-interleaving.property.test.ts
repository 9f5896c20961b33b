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
// Beside the overview, both compare what reads links between streams (linked-view.ts): the trace of
// every claim (`kb trace`: its responses, corrections, retractions, report and source), every
// mission's timeline, and the respondersTo and claimsOfMission indexes. The world's replies and
// re-pointing corrections name earlier claims, so in many interleavings a reply is folded before its
// target's ClaimRecorded; the runs count how often, and a property that saw it too rarely fails.
// With times travelling, every comparison is also made at a recorded cutoff R: the same events are
// recorded by R in any interleaving.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../events/recorded-event.js';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { type KnowledgeView, knowledgeView } from '../knowledge/knowledge-view.js';
import type { Account } from '../queries/accounts.js';
import { type MissionControl, type OverviewQuery, overview } from '../queries/mission-control.js';
import { recordAll } from '../testing/event-factory.js';
import { controlQuery, interleave, replyAheadOfTarget, worldEvents, worldPlan } from './arbitrary-world.js';
import { linkedView } from './linked-view.js';

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

/** The overview and everything that reads links between streams, as the interleaving must leave them. */
function contestedView(view: KnowledgeView, query: OverviewQuery, stripRecordedTimes = false) {
  const { contestedOnly: _, ...control } = query;
  return {
    overview: invariant(overview(view, query), stripRecordedTimes),
    linked: linkedView(view, control, stripRecordedTimes),
  };
}

const picks = fc.array(fc.nat(), { minLength: 1, maxLength: 60 });

/** A recorded cutoff somewhere in a world's log (recordAll stamps one event a second), or none. */
const recordedAt = fc.option(
  fc.nat(90).map((s) => new Date(Date.parse('2024-01-01T00:00:00.000Z') + s * 1000).toISOString()),
  { nil: undefined, freq: 2 },
);

/** Runs of a property, and how many of them folded a reply before its target. */
const seen = { first: { runs: 0, ahead: 0 }, second: { runs: 0, ahead: 0 } };
const MIN_AHEAD_SHARE = 0.5;

describe('interleaving of independent streams', () => {
  it('does not change the contested view (recorded times travel with their events)', () => {
    fc.assert(
      fc.property(worldPlan, picks, controlQuery, recordedAt, (plan, order, control, cutoff) => {
        const recorded = recordAll(worldEvents(plan));
        const shuffled = renumber(interleave(streamsOf(recorded), order));
        expect(shuffled).toHaveLength(recorded.length);
        seen.first.runs++;
        if (replyAheadOfTarget(shuffled.map((e) => e.event))) seen.first.ahead++;
        const query = cutoff === undefined ? control : { ...control, recordedAt: cutoff };
        const a = contestedView(knowledgeView(foldKnowledge(recorded)), query);
        const b = contestedView(knowledgeView(foldKnowledge(shuffled)), query);
        expect(b.overview).toEqual(a.overview);
        expect(b.linked).toEqual(a.linked);
      }),
      { numRuns: 400 },
    );
    console.log(
      `interleaving, times travel: ${seen.first.ahead} of ${seen.first.runs} runs folded a reply before its target`,
    );
    expect(seen.first.ahead / seen.first.runs).toBeGreaterThan(MIN_AHEAD_SHARE);
  });

  it('does not change the contested view when the store stamps times in its own order', () => {
    fc.assert(
      fc.property(worldPlan, picks, (plan, order) => {
        const events = worldEvents(plan);
        const recorded = recordAll(events);
        // Interleave the domain events, then record them afresh: positions and times both follow the new order.
        const shuffled = recordAll(interleave(streamsOf(recorded), order).map((e) => e.event));
        seen.second.runs++;
        if (replyAheadOfTarget(shuffled.map((e) => e.event))) seen.second.ahead++;
        const a = contestedView(knowledgeView(foldKnowledge(recorded)), {}, true);
        const b = contestedView(knowledgeView(foldKnowledge(shuffled)), {}, true);
        expect(b.overview).toEqual(a.overview);
        expect(b.linked).toEqual(a.linked);
      }),
      { numRuns: 300 },
    );
    console.log(
      `interleaving, times restamped: ${seen.second.ahead} of ${seen.second.runs} runs folded a reply before its target`,
    );
    expect(seen.second.ahead / seen.second.runs).toBeGreaterThan(MIN_AHEAD_SHARE);
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
