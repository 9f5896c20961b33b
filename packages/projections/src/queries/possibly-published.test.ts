import { describe, expect, it } from 'vitest';
import { claimEvent, reportEvent, reportRevisedEvent, retractEvent } from '../testing/event-factory.js';
import { MISSION, smallWorld, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';
import { possiblyPublishedAt } from './possibly-published.js';
import { unknownPublicationAt } from './unknown-publication.js';

// What a --known-at cut leaves out only because a report was possibly, not certainly, published by
// its knownAt (kb mission's note): an account, and a retraction, on a report of 2023-03 under
// --known-at 2023-03-15. A report certainly published by then, or certainly after it, is not named.

const K = '2023-03-15';
const claim = (id: string, report: string, controller: string) =>
  claimEvent({ id, report, mission: MISSION, kind: 'control', controller, occurred: '2023-01' });

const events = [
  // report-mar (smallWorld) is published 2023-03: possibly by K, not certainly.
  claim('s1', 'report-mar', 'taliban'),
  // Certainly published by K, and retracted by a report of 2023-03.
  claim('c1', 'report-jan', 'republic'),
  retractEvent('c1', 'withdrawn', 'report-mar'),
  // Certainly published by K: counted, nothing to say.
  claim('c2', 'report-feb', 'republic'),
  // Certainly published after K (its earliest day is after it), and its retraction of 2023-03 moot.
  reportEvent({ id: 'report-apr', sourceId: 'outlet-b', published: '2023-04' }),
  claim('a1', 'report-apr', 'taliban'),
  retractEvent('a1', 'withdrawn', 'report-mar'),
];
const view = smallWorldView(...events);
const ids = (entries: readonly { claimId: string }[]) => entries.map((e) => e.claimId);

describe('possiblyPublishedAt', () => {
  it('names the straddling account and the straddling retraction, left out at the knownAt', () => {
    const cut = missionControl(view, MISSION, { knownAt: K });
    // The cut alone shows c1 standing and s1 nowhere, without a word.
    expect(cut.accounts.map((a) => a.claimId).sort()).toEqual(['c1', 'c2']);
    expect(cut.retractedAccounts).toEqual([]);
    const possibly = possiblyPublishedAt(view, MISSION, { knownAt: K });
    expect(possibly.accounts).toEqual([
      {
        claimId: 's1',
        reportId: 'report-mar',
        published: { text: '2023-03', earliest: '2023-03-01', latest: '2023-03-31', anchor: null },
      },
    ]);
    expect(possibly.retractions).toEqual([
      {
        claimId: 'c1',
        reportId: 'report-mar',
        published: { text: '2023-03', earliest: '2023-03-01', latest: '2023-03-31', anchor: null },
      },
    ]);
    // They are not reports of unknown publication.
    expect(unknownPublicationAt(view, MISSION, { knownAt: K })).toEqual({ accounts: [], retractions: [] });
  });

  it('names nothing certainly published by the knownAt, or certainly after it', () => {
    const possibly = possiblyPublishedAt(view, MISSION, { knownAt: K });
    const named = [...ids(possibly.accounts), ...ids(possibly.retractions)];
    expect(named).not.toContain('c2');
    expect(named).not.toContain('a1');
    // Once the 2023-03 report is certainly published (by the month's end), nothing is left to say.
    expect(possiblyPublishedAt(view, MISSION, { knownAt: '2023-03-31' })).toEqual({
      accounts: [],
      retractions: [],
    });
    // Before the month begins the report is certainly not yet published.
    expect(possiblyPublishedAt(view, MISSION, { knownAt: '2023-02-28' })).toEqual({
      accounts: [],
      retractions: [],
    });
  });

  it('names the report of 2023-03 from the month’s first day, and not the day before', () => {
    // On 2023-03-01 the report may already be out: its earliest day is the knownAt itself.
    const first = possiblyPublishedAt(view, MISSION, { knownAt: '2023-03-01' });
    expect([ids(first.accounts), ids(first.retractions)]).toEqual([['s1'], ['c1']]);
    const before = possiblyPublishedAt(view, MISSION, { knownAt: '2023-02-28' });
    expect([ids(before.accounts), ids(before.retractions)]).toEqual([[], []]);
  });

  it('names nothing without a knownAt', () => {
    expect(possiblyPublishedAt(view, MISSION)).toEqual({ accounts: [], retractions: [] });
  });

  it('reads reports and their revisions as of the recorded cutoff', () => {
    // The 2023-03 report revised to a day before K: certainly published by then, once recorded.
    const revised = smallWorldView(...events, reportRevisedEvent('report-mar', '2023-03-02'));
    const revisedAt = new Date(
      Date.parse('2024-01-01T00:00:00.000Z') + (smallWorld().length + events.length) * 1000,
    );
    expect(possiblyPublishedAt(revised, MISSION, { knownAt: K })).toEqual({ accounts: [], retractions: [] });
    const before = new Date(revisedAt.getTime() - 1).toISOString();
    const asRecorded = possiblyPublishedAt(revised, MISSION, { knownAt: K, recordedAt: before });
    expect([ids(asRecorded.accounts), ids(asRecorded.retractions)]).toEqual([['s1'], ['c1']]);
    // Before c1's retraction was recorded, there is no retraction to name.
    const retractedAt = Date.parse('2024-01-01T00:00:00.000Z') + (smallWorld().length + 2) * 1000;
    const early = possiblyPublishedAt(view, MISSION, {
      knownAt: K,
      recordedAt: new Date(retractedAt - 1).toISOString(),
    });
    expect([ids(early.accounts), ids(early.retractions)]).toEqual([['s1'], []]);
  });
});
