// Raw event records held to the actor rules claim records are: a controller or claimant actor is a
// known actor, a built-in actor keeps its name, and a name or alias stands for one actor.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { event, problems, storeWithClaim } from '../test-kit/raw-event-records.js';
import { claimRecord } from '../test-kit/test-records.js';

describe('a raw event record', () => {
  it('takes "unknown" as a controller, in a ClaimRecorded and in a correction, as "none" is', async () => {
    const { store, rawClaim } = await storeWithClaim();
    const report = await ingest(store, [
      rawClaim('unclear', { controller: 'unknown' }),
      event('ClaimCorrected', {
        claimId: 'first',
        changes: { controller: 'unknown' },
        reason: 'r',
        correctedBy: 'a',
      }),
    ]);
    expect(problems(report)).toEqual([]);
    expect(report.added).toBe(2);
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
