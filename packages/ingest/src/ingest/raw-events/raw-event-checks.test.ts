// Raw event records held to the rules claim records are: a vague date's bounds are what its text
// gives, a controller or claimant actor is a known actor, a built-in actor keeps its name, and a
// name or alias stands for one actor.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { reportIdOf, reportKeyOf, sourceIdOf } from '../identity/ids.js';
import { ingest } from '../run/ingest.js';
import { all, claims } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';

const event = (type: string, data: Record<string, unknown>) => ({ type: 'event', event: { type, data } });
const day = (text: string) => ({ text, earliest: text, latest: text, anchor: null });

/** A store holding one claim record's claim, report and mission; and a raw claim beside it. */
async function storeWithClaim() {
  const store = new MemoryEventStore();
  await ingest(store, [claimRecord({ id: 'first' })]);
  const [first] = await claims(store);
  const rawClaim = (claimId: string, changes: Record<string, unknown> = {}) =>
    event('ClaimRecorded', {
      claimId,
      reportId: first!.reportId,
      missionId: first!.missionId,
      kind: 'visit',
      stance: 'asserts',
      controller: 'taliban',
      occurred: day('2023-03-23'),
      quote: 'q',
      claimant: { asWritten: 'a source', actorId: null },
      via: [],
      notes: null,
      respondsTo: null,
      ...changes,
    });
  return { store, reportId: first!.reportId, rawClaim };
}

const problems = (report: { rejected: readonly { line: number; path: string; message: string }[] }) =>
  report.rejected.map((r) => [r.line, r.path, r.message]);

describe('a raw event record', () => {
  it("is refused when a vague date's bounds or anchor are not what its text gives", async () => {
    const { store, reportId, rawClaim } = await storeWithClaim();
    const report = await ingest(store, [
      rawClaim('bounds', {
        occurred: { text: '2023-03-23', earliest: '1999-01-01', latest: '1999-01-02', anchor: null },
      }), // 1
      rawClaim('inverted', {
        occurred: { text: '2023-03', earliest: '2023-03-31', latest: '2023-03-01', anchor: null },
      }), // 2
      rawClaim('anchored', { occurred: { ...day('2023-03-23'), anchor: '2023-03-28' } }), // 3
      rawClaim('no-anchor', {
        occurred: { text: 'earlier', earliest: null, latest: '2023-03-28', anchor: null },
      }), // 4
      rawClaim('impossible', { occurred: day('2023-02-30') }), // 5
      rawClaim('spaced', { occurred: { ...day('2023-03-23'), text: ' 2023-03-23' } }), // 6
      event('ClaimCorrected', {
        claimId: 'first',
        changes: {
          occurred: { text: '2022-22', earliest: '2022-06-01', latest: '2022-09-30', anchor: null },
        },
        reason: 'r',
        correctedBy: 'a',
      }), // 7
      event('ReportRevised', {
        reportId,
        changes: { published: { text: 'unknown', earliest: '2023-03-28', latest: null, anchor: null } },
        reason: 'r',
      }), // 8
      event('ReportRevised', {
        reportId,
        changes: {
          published: { text: 'earlier', earliest: null, latest: '2023-03-28', anchor: '2023-03-28' },
        },
        reason: 'r',
      }), // 9: a publication date is never relative
      // As the texts give them: stored.
      rawClaim('exact', {
        occurred: { text: '2022-22', earliest: '2022-06-01', latest: '2022-08-31', anchor: null },
      }), // 10
      rawClaim('earlier', {
        occurred: { text: 'earlier', earliest: null, latest: '2023-03-28', anchor: '2023-03-28' },
      }), // 11
      rawClaim('unknown', { occurred: { text: 'unknown', earliest: null, latest: null, anchor: null } }), // 12
    ]);
    const bounds = (given: string, text: string, gives: string) =>
      `${given} does not match the date's text: the text "${text}" gives ${gives} (docs/dates.md), and every view reads the bounds`;
    expect(problems(report)).toEqual([
      [1, 'event.data.occurred.earliest', bounds('1999-01-01', '2023-03-23', '2023-03-23')],
      [1, 'event.data.occurred.latest', bounds('1999-01-02', '2023-03-23', '2023-03-23')],
      [2, 'event.data.occurred.earliest', bounds('2023-03-31', '2023-03', '2023-03-01')],
      [2, 'event.data.occurred.latest', bounds('2023-03-01', '2023-03', '2023-03-31')],
      [
        3,
        'event.data.occurred.anchor',
        `2023-03-28 does not match the date's text: only a relative date ("earlier") has an anchor, and the text "2023-03-23" gives null (open)`,
      ],
      [
        4,
        'event.data.occurred.anchor',
        `the text "earlier" is relative and needs an anchor: the day the report was published, as a claim record's "earlier" takes its report's published date`,
      ],
      [
        5,
        'event.data.occurred.text',
        expect.stringMatching(/^"2023-02-30" is not a real day \(February 2023 has 28 days\)/),
      ],
      [6, 'event.data.occurred.text', '" 2023-03-23" has white space around it; write "2023-03-23"'],
      [7, 'event.data.changes.occurred.latest', bounds('2022-09-30', '2022-22', '2022-08-31')],
      [8, 'event.data.changes.published.earliest', bounds('2023-03-28', 'unknown', 'null (open)')],
      [
        9,
        'event.data.changes.published.text',
        expect.stringMatching(/^"earlier" needs a publication date to resolve against/),
      ],
    ]);
    expect(report.added).toBe(3);
    expect((await claims(store)).map((c) => c.claimId)).toEqual(['first', 'exact', 'earlier', 'unknown']);
  });

  it('is refused when its "earlier" is anchored on another day than its report was published', async () => {
    const { store, reportId, rawClaim } = await storeWithClaim();
    const earlier = (anchor: string) => ({ text: 'earlier', earliest: null, latest: anchor, anchor });
    const correction = (anchor: string) =>
      event('ClaimCorrected', {
        claimId: 'first',
        changes: { occurred: earlier(anchor) },
        reason: `anchored on ${anchor}`,
        correctedBy: 'a',
      });
    // Two reports this input registers (in the batch being built): one published in a month, one unknown.
    const monthly = { outlet: 'Asia-Plus', published: '2023-03', title: 'March' };
    const undated = { outlet: 'Asia-Plus', published: 'unknown', title: 'Undated' };
    const idOf = (source: { outlet: string; published: string; title: string }) =>
      reportIdOf(sourceIdOf(source.outlet), source.published, reportKeyOf(source));
    const report = await ingest(store, [
      rawClaim('after', { occurred: earlier('2023-04-02') }), // 1: the report was out by then
      rawClaim('before', { occurred: earlier('2023-03-20') }), // 2: a day nobody wrote
      rawClaim('on-the-day', { occurred: earlier('2023-03-28') }), // 3
      correction('2023-03-30'), // 4
      correction('2023-03-28'), // 5
      claimRecord({ id: 'in-march', source: monthly }), // 6
      claimRecord({ id: 'undated', source: undated }), // 7
      rawClaim('month-end', { reportId: idOf(monthly), occurred: earlier('2023-03-31') }), // 8
      rawClaim('month-start', { reportId: idOf(monthly), occurred: earlier('2023-03-01') }), // 9
      rawClaim('no-day', { reportId: idOf(undated), occurred: earlier('2023-03-28') }), // 10
    ]);
    const wrong = (anchor: string, of: string, published: string, day = published) =>
      `${anchor} is not the day ${of} was published (${published}${day === published ? '' : `, whose last day is ${day}`}): "earlier" is anchored on that day, as a claim record's is; write ${day} as anchor and latest`;
    expect(problems(report)).toEqual([
      [1, 'event.data.occurred.anchor', wrong('2023-04-02', `report "${reportId}"`, '2023-03-28')],
      [2, 'event.data.occurred.anchor', wrong('2023-03-20', `report "${reportId}"`, '2023-03-28')],
      [
        4,
        'event.data.changes.occurred.anchor',
        wrong('2023-03-30', 'the report of claim "first"', '2023-03-28'),
      ],
      [
        9,
        'event.data.occurred.anchor',
        wrong('2023-03-01', `report "${idOf(monthly)}"`, '2023-03', '2023-03-31'),
      ],
      [
        10,
        'event.data.occurred.text',
        expect.stringMatching(
          new RegExp(
            `^report "${idOf(undated)}" was published unknown, and "earlier" needs a publication date`,
          ),
        ),
      ],
    ]);
    expect((await claims(store)).map((c) => c.claimId)).toEqual([
      'first',
      'on-the-day',
      'in-march',
      'undated',
      'month-end',
    ]);
    const corrected = (await all(store)).filter((e) => e.type === 'ClaimCorrected');
    expect(corrected.map((e) => (e.data as { reason: string }).reason)).toEqual(['anchored on 2023-03-28']);
  });

  it('is refused when its controller or claimant is an actor id nobody registered', async () => {
    const { store, rawClaim } = await storeWithClaim();
    const nrf = event('ActorRegistered', {
      actorId: 'nrf',
      name: 'National Resistance Front',
      kind: 'faction',
      aliases: ['NRF'],
    });
    const report = await ingest(store, [
      rawClaim('nobody', { controller: 'nobody-registered' }), // 1
      rawClaim('ghost', { claimant: { asWritten: 'Ghost', actorId: 'ghost' } }), // 2
      rawClaim('slip', { controller: 'talibn' }), // 3
      rawClaim('alias', { controller: 'Taliban' }), // 4: a name, not the id
      event('ClaimCorrected', {
        claimId: 'first',
        changes: { controller: 'nrf' },
        reason: 'r',
        correctedBy: 'a',
      }), // 5: not yet
      nrf, // 6
      event('ClaimCorrected', {
        claimId: 'first',
        changes: { controller: 'nrf' },
        reason: 'r',
        correctedBy: 'a',
      }), // 7: now it is
      rawClaim('closed', { controller: 'none', claimant: { asWritten: 'NRF', actorId: 'nrf' } }), // 8
      rawClaim('republic', { controller: 'republic' }), // 9: built in, registered by naming it
    ]);
    expect(problems(report)).toEqual([
      [
        1,
        'event.data.controller',
        'no actor "nobody-registered" is stored, built in or registered earlier in this input; a controller is an actor id, "none" or "unknown", and an unknown id would count as one more controller: register the actor first with an ActorRegistered event',
      ],
      [
        2,
        'event.data.claimant.actorId',
        `no actor "ghost" is stored, built in or registered earlier in this input; a claimant's actorId is an actor id or null, and an unknown id would count as one more claimant: register the actor first with an ActorRegistered event`,
      ],
      [
        3,
        'event.data.controller',
        expect.stringContaining(
          'no actor "talibn" is stored, built in or registered earlier in this input; did you mean "taliban"?',
        ),
      ],
      [
        4,
        'event.data.controller',
        '"Taliban" is not an actor id but a name of actor "taliban": write its id, "taliban"',
      ],
      [5, 'event.data.changes.controller', expect.stringContaining('no actor "nrf" is stored')],
    ]);
    expect(report.added).toBe(4);
    const streams = (await all(store)).map((e) => e.stream);
    expect(streams).toContain('actor-republic');
    expect(streams).not.toContain('actor-ghost');
  });

  it('is refused when it registers a built-in actor under another name, or gives an actor a name another one has', async () => {
    const { store } = await storeWithClaim();
    const report = await ingest(store, [
      event('ActorRegistered', { actorId: 'taliban', name: 'Fake Taliban', kind: 'government', aliases: [] }), // 1
      event('ActorRegistered', {
        actorId: 'republic',
        name: 'Islamic Republic of Afghanistan (former)',
        kind: 'faction',
        aliases: [],
      }), // 2
      event('AliasAdded', { subject: 'actor', id: 'republic', alias: 'Taliban' }), // 3: taliban's name
      event('AliasAdded', { subject: 'actor', id: 'republic', alias: 'islamic emirate' }), // 4: taliban's alias, folded
      event('ActorRegistered', {
        actorId: 'nrf',
        name: 'National Resistance Front',
        kind: 'faction',
        aliases: ['NRF', 'IEA'],
      }), // 5
      event('ActorRegistered', { actorId: 'fake', name: 'The Taliban', kind: 'faction', aliases: [] }), // 6
      // Allowed: a built-in as it is, an alias of its own, a new actor with names of its own.
      event('ActorRegistered', { actorId: 'taliban', name: 'Taliban', kind: 'government', aliases: ['IEA'] }), // 7
      event('AliasAdded', { subject: 'actor', id: 'republic', alias: 'Former government' }), // 8
      event('AliasAdded', { subject: 'actor', id: 'republic', alias: 'Republic' }), // 9: its own already
      event('ActorRegistered', {
        actorId: 'nrf',
        name: 'National Resistance Front',
        kind: 'faction',
        aliases: ['NRF'],
      }), // 10
      event('AliasAdded', { subject: 'actor', id: 'taliban', alias: 'NRF' }), // 11: registered on line 10
    ]);
    const names = (alias: string, id: string, name: string) =>
      `"${alias}" already names actor "${id}" ("${name}"): a name or alias stands for one actor, and records naming it resolve to "${id}"`;
    expect(problems(report)).toEqual([
      [
        1,
        'event.data.name',
        '"taliban" is a built-in actor, named "Taliban": it cannot be registered under another name ("Fake Taliban"); to give it another name, send an AliasAdded event',
      ],
      [
        2,
        'event.data.kind',
        '"republic" is a built-in actor, a diplomatic-corps: it cannot be registered as a faction',
      ],
      [3, 'event.data.alias', names('Taliban', 'taliban', 'Taliban')],
      [4, 'event.data.alias', names('islamic emirate', 'taliban', 'Taliban')],
      [5, 'event.data.aliases.1', names('IEA', 'taliban', 'Taliban')],
      [6, 'event.data.name', names('The Taliban', 'taliban', 'Taliban')],
      [11, 'event.data.alias', names('NRF', 'nrf', 'National Resistance Front')],
    ]);
    expect(report.added).toBe(4);
  });

  it('that registers a known actor again otherwise is stored with a note: the first registration stands', async () => {
    const store = new MemoryEventStore();
    const nrf = { actorId: 'nrf', name: 'National Resistance Front', kind: 'faction', aliases: ['NRF'] };
    await ingest(store, [event('ActorRegistered', nrf)]);
    const report = await ingest(store, [
      event('ActorRegistered', nrf), // 1: the same: already stored
      event('ActorRegistered', { ...nrf, name: 'Resistance Front' }), // 2
      // 3: the second registration's name names nobody, in the views or in this run.
      claimRecord({ id: 'named-by-second', controller: 'Resistance Front' }),
    ]);
    expect(report).toMatchObject({ added: 1, skipped: 1, rejectedLines: 1 });
    expect(report.rejected.map((r) => [r.line, r.path])).toEqual([[3, 'controller']]);
    expect(report.notices.map((n) => [n.line, n.path, n.message])).toEqual([
      [
        2,
        'event.data',
        'actor "nrf" stays as first registered: name "National Resistance Front", faction, aliases ["NRF"]; this registration is stored but changes nothing (add a name with an AliasAdded event)',
      ],
    ]);
  });
});
