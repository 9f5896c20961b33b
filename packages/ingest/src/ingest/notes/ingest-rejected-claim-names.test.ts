// A line naming a claim whose own line was rejected earlier in the same input (a retraction's or a
// correction's `claim`, a `respondsTo`, a raw event's claimId) is told that line, to be mended, and
// never a slip of the id: the claim is in this input, and rebinding the line to another claim would
// be wrong. A claim rejected and then stored by a later line is found as before; one rejected in an
// earlier run is not in this input at all.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { event, problems, storeWithClaim } from '../test-kit/raw-event-records.js';
import { claimRecord, SOURCE } from '../test-kit/test-records.js';

/** Claim `id` under a report of unknown date: `occurred: "earlier"` cannot resolve, so the line is rejected. */
const unresolvable = (id: string) =>
  claimRecord({
    id,
    occurred: 'earlier',
    source: { ...SOURCE, url: `${SOURCE.url}u`, published: 'unknown' },
  });
const retraction = (claim: string) => ({ type: 'retraction', claim, reason: 'withdrawn' });
const correction = (claim: string) => ({
  type: 'correction',
  claim,
  changes: { quote: 'the words again' },
  reason: 'misquoted',
});
const denial = (id: string, respondsTo: string) =>
  claimRecord({
    id,
    stance: 'denies',
    controller: 'unknown',
    respondsTo,
    source: { ...SOURCE, url: `${SOURCE.url}d` },
  });

const issue = (id: string, line: number) =>
  `claim "${id}" is on line ${line} of this input, which was rejected; mend line ${line} and ingest the input again: the lines already stored are skipped, and this one is taken once that claim is stored`;
const note = (id: string, line: number) =>
  `claim "${id}" is on line ${line} of this input, which was rejected; stored as written, this answers that claim once line ${line} is mended and the input ingested again`;

describe('ingest: a line naming a claim whose own line was rejected', () => {
  it('names the rejected line to mend, for a retraction, a correction, a respondsTo and a raw event, with no slip hint', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'c68' }), // 1: stored, a slip away from c768
      unresolvable('c768'), // 2: rejected at prepare (occurred)
      retraction('c768'), // 3
      correction('c768'), // 4
      denial('d1', 'c768'), // 5: stored, noted
      { type: 'correction', claim: 'c68', changes: { respondsTo: 'C768' }, reason: 'answers it' }, // 6: stored, noted
      event('ClaimRetracted', { claimId: 'c768', reportId: null, reason: 'withdrawn', quote: null }), // 7
      claimRecord({ id: 'c769', credibility: 9 }), // 8: rejected at its shape
      retraction('C769'), // 9
      unresolvable('c768'), // 10: rejected again; line 2 stays the one named
      retraction('c768'), // 11
    ]);
    expect(problems(report).map(([line, path]) => [line, path])).toEqual([
      [2, 'occurred'],
      [3, 'claim'],
      [4, 'claim'],
      [7, 'event.data.claimId'],
      [8, 'credibility'],
      [9, 'claim'],
      [10, 'occurred'],
      [11, 'claim'],
    ]);
    expect(problems(report).filter(([line]) => line !== 2 && line !== 8 && line !== 10)).toEqual([
      [3, 'claim', issue('c768', 2)],
      [4, 'claim', issue('c768', 2)],
      [7, 'event.data.claimId', `${issue('c768', 2)} (the knowledge base would ignore this event)`],
      [9, 'claim', issue('c769', 8)],
      [11, 'claim', issue('c768', 2)],
    ]);
    expect(report.notices.map((n) => [n.line, n.path, n.message])).toEqual([
      [5, 'respondsTo', note('c768', 2)],
      [6, 'changes.respondsTo', note('c768', 2)],
    ]);
    expect(JSON.stringify([report.rejected, report.notices])).not.toContain('did you mean');
    expect(report).toMatchObject({ added: 3, rejectedLines: 8 });
  });

  it("names a raw ClaimRecorded's line rejected at prepare; a line whose JSON does not parse has no id to remember", async () => {
    const { store, rawClaim } = await storeWithClaim();
    const report = await ingest(store, [
      rawClaim('raw-1', { missionId: 'nowhere' }), // 1: rejected at prepare (no such mission)
      retraction('raw-1'), // 2
      '{"id":"broken-1","mission":', // 3: not JSON
      retraction('broken-1'), // 4
    ]);
    expect(problems(report).map(([line, path]) => [line, path])).toEqual([
      [1, 'event.data.missionId'],
      [2, 'claim'],
      [3, ''],
      [4, 'claim'],
    ]);
    expect(problems(report).filter(([line]) => line === 2 || line === 4)).toEqual([
      [2, 'claim', issue('raw-1', 1)],
      [
        4,
        'claim',
        expect.stringMatching(
          /^no claim "broken-1" is stored or earlier in this input; ingest the claim first/,
        ),
      ],
    ]);
  });

  it('finds a claim rejected on one line and stored by a later one, as before', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'c68' }), // 1
      unresolvable('c768'), // 2: rejected
      claimRecord({ id: 'c768', source: { ...SOURCE, url: `${SOURCE.url}v` } }), // 3: stored
      retraction('c768'), // 4
      correction('c768'), // 5
      denial('d1', 'c768'), // 6
    ]);
    expect(problems(report).map(([line, path]) => [line, path])).toEqual([[2, 'occurred']]);
    expect(report.notices.filter((n) => n.path === 'respondsTo')).toEqual([]);
    expect(report).toMatchObject({ added: 5, rejectedLines: 1 });
  });

  it('remembers rejected claims for one run only: in the next the claim is not in the input at all', async () => {
    const store = new MemoryEventStore();
    const first = await ingest(store, [claimRecord({ id: 'c68' }), unresolvable('c768')]);
    expect(first).toMatchObject({ added: 1, rejectedLines: 1 });
    const second = await ingest(store, [retraction('c768'), denial('d1', 'c768')]);
    expect(problems(second)).toEqual([
      [1, 'claim', 'no claim "c768" is stored or earlier in this input; did you mean "c68"?'],
    ]);
    expect(second.notices.map((n) => [n.line, n.path, n.message])).toEqual([
      [
        2,
        'respondsTo',
        'no claim "c768" is stored or earlier in this input; stored as written, this answers that claim once it is ingested; did you mean "c68"?',
      ],
    ]);
  });
});
