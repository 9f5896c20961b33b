// Ingest notices: records that describe an outlet, report or mission otherwise than before, and
// event records about subjects nobody registered.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { claimRecord, SOURCE } from '../test-kit/test-records.js';

describe('ingest: notices about what a record describes', () => {
  it("notes a record's grade for an outlet graded otherwise: stored all the same, not regraded", async () => {
    const store = new MemoryEventStore();
    const graded = (id: string, outlet: string, reliability?: string) =>
      claimRecord({
        id,
        source: { outlet, published: '2023-03-28', ...(reliability === undefined ? {} : { reliability }) },
      });
    // The Diplomat is in the store already, graded D.
    await ingest(store, [graded('first', 'The Diplomat', 'D')]);
    const regrade = {
      type: 'event',
      event: {
        type: 'SourceGraded',
        data: { sourceId: 'eurasianet', reliability: 'B', rationale: 'track record', gradedBy: 'analyst' },
      },
    };
    const report = await ingest(
      store,
      [
        graded('a', 'The Diplomat'), // 1: no grade given: nothing to note
        graded('b', 'The Diplomat', 'B'), // 2: the store says D
        graded('c', 'The Diplomat', 'D'), // 3: the same grade
        graded('d', 'Tolo News'), // 4: registers Tolo News at F
        graded('e', 'Tolo News', 'A'), // 5: graded F by line 4, earlier in this run
        graded('f', 'Eurasianet', 'C'), // 6: registers Eurasianet at C
        regrade, // 7: regrades it B
        graded('g', 'Eurasianet', 'B'), // 8: agrees with the regrade
        graded('h', 'Eurasianet', 'C'), // 9: no longer
        graded('i', 'The Diplomat', 'Z'), // 10: not a grade at all: rejected, not noted
        graded('j', 'The Diplomat', 'B'), // 11: line 2's note again
        graded('k', 'The Diplomat', 'B'), // 12: and again
      ],
      { batchSize: 3 },
    );
    expect(report).toMatchObject({ added: 11, rejectedLines: 1 });
    // One note per distinct note, at its first line, counting the lines that gave it.
    expect(
      report.notices.map((n) => [n.line, n.lines, n.path, n.message.slice(0, n.message.indexOf(';'))]),
    ).toEqual([
      [2, 3, 'source.reliability', 'The Diplomat is graded D'],
      [5, 1, 'source.reliability', 'Tolo News is graded F'],
      [9, 1, 'source.reliability', 'Eurasianet is graded B'],
    ]);
    expect(report.notices[0]?.message).toMatch(
      /so B was not applied \(send a SourceGraded event record to regrade it\)$/,
    );
    // Nothing was regraded by the records themselves.
    const grades = (await all(store))
      .filter((e) => e.type === 'SourceRegistered' || e.type === 'SourceGraded')
      .map((e) => [
        e.type,
        (e.data as { sourceId: string }).sourceId,
        (e.data as { reliability: string }).reliability,
      ]);
    expect(grades).toEqual([
      ['SourceRegistered', 'the-diplomat', 'D'],
      ['SourceRegistered', 'tolo-news', 'F'],
      ['SourceRegistered', 'eurasianet', 'C'],
      ['SourceGraded', 'eurasianet', 'B'],
    ]);
  });

  it('refuses an event record about a subject nobody registered, naming the field', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'known' })]);
    const event = (type: string, data: Record<string, unknown>) => ({ type: 'event', event: { type, data } });
    const grade = { reliability: 'B', rationale: 'r', gradedBy: 'analyst' };
    const report = await ingest(store, [
      event('SourceGraded', { sourceId: 'no-such-outlet', ...grade }), // 1
      event('SourceGraded', { sourceId: 'the-diplomat', ...grade }), // 2: registered by the claim
      event('AliasAdded', { subject: 'mission', id: 'xx-nowhere-embassy', alias: 'Nowhere' }), // 3
      event('AliasAdded', { subject: 'actor', id: 'republic', alias: 'the old government' }), // 4: built in
      event('ReportRevised', { reportId: 'no-such-report', changes: { title: 't' }, reason: 'r' }), // 5
      event('ClaimAssessed', {
        claimId: 'unknown-claim',
        credibility: 2,
        likelihood: null,
        rationale: 'r',
        assessedBy: 'a',
        assessedOn: null,
      }), // 6
      event('ClaimCorrected', {
        claimId: 'known',
        changes: { missionId: 'xx-nowhere-embassy' },
        reason: 'r',
        correctedBy: 'a',
      }), // 7
      event('MissionRegistered', {
        missionId: 'xx-nowhere-embassy',
        name: 'Embassy in Nowhere',
        kind: 'embassy',
        country: 'Nowhere',
        city: 'Nowhere',
        aliases: [],
      }), // 8
      event('AliasAdded', { subject: 'mission', id: 'xx-nowhere-embassy', alias: 'Nowhere' }), // 9: now it is
    ]);
    expect(report.rejected.map((r) => [r.line, r.path, r.message.slice(0, r.message.indexOf(';'))])).toEqual([
      [1, 'event.data.sourceId', 'no source "no-such-outlet" is stored or earlier in this input'],
      [3, 'event.data.id', 'no mission "xx-nowhere-embassy" is stored or earlier in this input'],
      [5, 'event.data.reportId', 'no report "no-such-report" is stored or earlier in this input'],
      [6, 'event.data.claimId', 'no claim "unknown-claim" is stored or earlier in this input'],
      [
        7,
        'event.data.changes.missionId',
        'no mission "xx-nowhere-embassy" is stored or earlier in this input',
      ],
    ]);
    expect(report.added).toBe(4);
    const streams = (await all(store)).map((e) => e.stream);
    expect(streams).toContain('actor-republic'); // registered by the alias that named it
    expect(streams.filter((s) => s === 'source-no-such-outlet')).toEqual([]);
  });

  it('notes a report or mission described otherwise than when it was first registered', async () => {
    const store = new MemoryEventStore();
    const mission = { country: 'Tajikistan', city: 'Khorog', kind: 'consulate', name: 'Consulate in Khorog' };
    await ingest(store, [
      claimRecord({ id: 'first', mission, source: { ...SOURCE, author: 'Catherine Putz' } }),
    ]);
    const report = await ingest(store, [
      claimRecord({ id: 'same', mission, source: { ...SOURCE, author: 'Catherine Putz' } }), // 1: agrees
      claimRecord({
        id: 'title',
        source: { ...SOURCE, title: 'Another headline', author: 'Catherine Putz' },
      }), // 2
      claimRecord({ id: 'renamed', mission: { ...mission, name: 'Afghan consulate, Khorog' } }), // 3: no author given: nothing to say of it
      claimRecord({
        id: 'new-1',
        source: { outlet: 'Tolo News', url: 'https://tolonews.com/a', published: '2023-04-02', author: 'A' },
      }), // 4
      claimRecord({
        id: 'new-2',
        source: { outlet: 'Tolo News', url: 'https://tolonews.com/a', published: '2023-04-02', author: 'B' },
      }), // 5: same batch
    ]);
    expect(report).toMatchObject({ added: 5, rejectedLines: 0 });
    expect(report.notices.map((n) => [n.line, n.path, n.message])).toEqual([
      [
        2,
        'source',
        'report "the-diplomat-2023-03-28-f79c437df7" stays as first registered: title "Taliban’s Diplomatic Presence Growing in Central Asia" (this line: "Another headline")',
      ],
      [
        3,
        'mission',
        'mission "tj-khorog-consulate" stays as first registered: name "Consulate in Khorog" (this line: "Afghan consulate, Khorog")',
      ],
      [
        5,
        'source',
        expect.stringMatching(
          /^report "tolo-news-2023-04-02-[0-9a-f]{10}" stays as first registered: author "A" \(this line: "B"\)$/,
        ),
      ],
    ]);
  });

  it('notes a line in a later batch of the run that describes a report or mission otherwise', async () => {
    const store = new MemoryEventStore();
    const mission = { country: 'Tajikistan', city: 'Khorog', kind: 'consulate', name: 'Consulate in Khorog' };
    const first = await ingest(
      store,
      [
        claimRecord({ id: 'a', mission, source: { ...SOURCE, author: 'Catherine Putz' } }), // 1: registers both
        claimRecord({ id: 'b', mission, source: { ...SOURCE, author: 'Catherine Putz' } }), // 2: agrees
        claimRecord({ id: 'c', source: { ...SOURCE, author: 'Someone Else' } }), // 3
        claimRecord({ id: 'd', mission: { ...mission, name: 'Afghan consulate, Khorog' } }), // 4
      ],
      { batchSize: 1 },
    );
    expect(first).toMatchObject({ added: 4, rejectedLines: 0 });
    expect(first.notices.map((n) => [n.line, n.path, n.message])).toEqual([
      [
        3,
        'source',
        'report "the-diplomat-2023-03-28-f79c437df7" stays as first registered: author "Catherine Putz" (this line: "Someone Else")',
      ],
      [
        4,
        'mission',
        'mission "tj-khorog-consulate" stays as first registered: name "Consulate in Khorog" (this line: "Afghan consulate, Khorog")',
      ],
    ]);

    // A later run meets the registration stored by the first one, and keeps comparing with it.
    const second = await ingest(
      store,
      [
        claimRecord({ id: 'e', source: { ...SOURCE, author: 'Someone Else' } }), // 1: found stored
        claimRecord({ id: 'f', source: { ...SOURCE, author: 'Someone Else' } }), // 2: a later batch
        claimRecord({ id: 'g', source: { ...SOURCE, author: 'Catherine Putz' } }), // 3: agrees
      ],
      { batchSize: 1 },
    );
    expect(second).toMatchObject({ added: 3, rejectedLines: 0 });
    expect(second.notices.map((n) => [n.line, n.lines])).toEqual([[1, 2]]);
    expect(second.notices[0]?.message).toContain('author "Catherine Putz" (this line: "Someone Else")');
  });

  it('notes dates that cannot all be right (a claim after its report, a report read before it was published, or published after today), storing the lines as written', async () => {
    const store = new MemoryEventStore();
    const source = (extra: Record<string, unknown>) => ({
      outlet: 'Date Desk',
      published: '2023-03-28',
      ...extra,
    });
    const report = await ingest(store, [
      claimRecord({ id: 'planned', occurred: '2023-05-01' }), // 1: after its report of 2023-03-28
      claimRecord({ id: 'read-early', source: source({ retrieved: '2023-03-01' }) }), // 2
      claimRecord({ id: 'from-the-future', occurred: '2099', source: source({ published: '2099-06' }) }), // 3
      claimRecord({ id: 'same-day', occurred: '2023-03-28', source: source({ retrieved: '2023-03-28' }) }), // 4: fine
      claimRecord({ id: 'vague', occurred: '2023', source: source({}) }), // 5: may be before: fine
      claimRecord({ id: 'earlier', occurred: 'earlier' }), // 6: by definition before: fine
      { type: 'correction', claim: 'same-day', changes: { occurred: '2023-04' }, reason: 'r' }, // 7
    ]);
    expect(report).toMatchObject({ added: 7, rejectedLines: 0 });
    expect(report.notices.map((n) => [n.line, n.path, n.message.slice(0, n.message.indexOf(':'))])).toEqual([
      [1, 'occurred', '2023-05-01 is after the report was published (2023-03-28)'],
      [2, 'source.retrieved', '2023-03-01 is before the report was published (2023-03-28)'],
      [3, 'source.published', `2099-06 is after today (${new Date().toISOString().slice(0, 10)})`],
      [7, 'changes.occurred', '2023-04 is after the report was published (2023-03-28)'],
    ]);
  });

  it('keeps the first 1,000 distinct notes and counts the rest, so a note naming each line does not grow the run', async () => {
    const store = new MemoryEventStore();
    const records = [claimRecord({ id: 'target' })];
    // Each answer names a claim about another mission: a note of its own on every line.
    for (let i = 0; i < 1005; i++)
      records.push(
        claimRecord({
          id: `answer-${i}`,
          mission: { country: 'Tajikistan', city: `Town ${i}`, kind: 'consulate' },
          respondsTo: 'target',
          quote: `answer ${i}`,
        }),
      );
    const report = await ingest(store, records);
    expect(report).toMatchObject({ added: 1006, noticesNotListed: 5 });
    expect(report.notices).toHaveLength(1000);
    expect(report.notices.at(-1)?.line).toBe(1001);
  });

  it('notes a country or city the tables do not know when one of theirs is a slip away, naming the mission it makes', async () => {
    const store = new MemoryEventStore();
    const at = (id: string, country: string, city: string) =>
      claimRecord({ id, mission: { country, city, kind: 'consulate' } });
    const report = await ingest(store, [
      at('a', 'Tadjikistan', 'Khorog'), // 1: a slip of Tajikistan
      at('b', 'Tajikistan', 'Khorogg'), // 2: a slip of Khorog
      at('c', 'Tadzhikistan', 'Khorugh'), // 3: spellings the tables know: nothing to say
      at('d', 'Norway', 'Oslo'), // 4: unknown, and near nothing known: nothing to say
      at('e', 'Tadjikistan', 'Khorog'), // 5: line 1's note again
    ]);
    expect(report).toMatchObject({ added: 5, rejectedLines: 0 });
    expect(report.notices.map((n) => [n.line, n.lines, n.path, n.message])).toEqual([
      [
        1,
        2,
        'mission.country',
        '"Tadjikistan" is not a country the tables know, so it is taken as written and names the mission "tadjikistan-khorog-consulate"; did you mean "Tajikistan"?',
      ],
      [
        2,
        1,
        'mission.city',
        '"Khorogg" is not a city the tables know, so it is taken as written and names the mission "tj-khorogg-consulate"; did you mean "Khorog"?',
      ],
    ]);
  });
});
