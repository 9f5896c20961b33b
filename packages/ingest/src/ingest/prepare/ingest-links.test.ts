// Ingest resolving names to missions and actors, and linking claims to their sources and to each other.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all, claims } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';

describe('ingest: resolution and links', () => {
  it('resolves Khorog, Khorugh and a Khorogh id to one mission, registered once', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'a' }),
      claimRecord({ id: 'b', mission: { country: 'tajikistan', city: 'Khorugh', kind: 'consulate' } }),
      claimRecord({ id: 'c', mission: 'tj-khorogh-consulate' }),
    ]);
    expect(report.added).toBe(3);
    const events = await all(store);
    expect(events.filter((e) => e.type === 'MissionRegistered').map((e) => e.stream)).toEqual([
      'mission-tj-khorog-consulate',
    ]);
    expect(new Set((await claims(store)).map((c) => c.missionId))).toEqual(new Set(['tj-khorog-consulate']));
  });

  it('keeps the citation chain, links a denial to what it denies, and resolves the claimant', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [
      claimRecord({ id: 'Diplomat 2023-03 Khorog Visit' }),
      claimRecord({
        id: 'denial',
        stance: 'denies',
        controller: 'unknown',
        claimant: 'Embassy of Afghanistan in Tajikistan',
        via: [{ name: 'Tolo News', relation: 'cites' }],
        respondsTo: 'Diplomat 2023-03 Khorog Visit',
      }),
    ]);
    const [visit, denial] = await claims(store);
    expect(visit?.claimId).toBe('diplomat-2023-03-khorog-visit');
    expect(visit?.claimant).toEqual({ asWritten: 'Taliban Foreign Ministry spokesman', actorId: 'taliban' });
    expect(denial).toMatchObject({
      respondsTo: 'diplomat-2023-03-khorog-visit',
      via: [{ name: 'Tolo News', relation: 'cites' }],
      claimant: { asWritten: 'Embassy of Afghanistan in Tajikistan', actorId: null },
      controller: 'unknown',
    });
  });

  it('refuses a claim that answers itself, recorded so or corrected so, however its id is spelt', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'Self Reply', stance: 'denies', respondsTo: 'self-reply' }),
      claimRecord({ id: 'kept' }),
      { type: 'correction', claim: 'kept', changes: { respondsTo: 'KEPT' }, reason: 'slip' },
    ]);
    expect(report.rejected).toEqual([
      {
        line: 1,
        path: 'respondsTo',
        message: 'names this claim itself ("self-reply"); a claim answers another claim',
      },
      {
        line: 3,
        path: 'changes.respondsTo',
        message: 'names the corrected claim itself ("kept"); a claim answers another claim',
      },
    ]);
    expect((await claims(store)).map((c) => c.claimId)).toEqual(['kept']);
  });

  it('stores an answer to a claim not ingested yet with a note, naming the known id a slip away', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'visit-1' })]);
    const denial = (id: string, respondsTo: string) =>
      claimRecord({ id, stance: 'denies', controller: 'unknown', respondsTo });
    const report = await ingest(
      store,
      [
        denial('denies-stored', 'Visit 1'), // 1: stored in the earlier run: nothing to note
        denial('denies-typo', 'visit-l'), // 2: a slip of visit-1
        denial('denies-later', 'arrives-later'), // 3: ingested below, in a later batch
        claimRecord({ id: 'arrives-later', occurred: '2023-03-24' }), // 4
        denial('denies-earlier', 'arrives-later'), // 5: earlier in this input now
        {
          type: 'correction',
          claim: 'denies-earlier',
          changes: { respondsTo: 'nothing-like-it' },
          reason: 'x',
        }, // 6
      ],
      { batchSize: 2 },
    );
    expect(report).toMatchObject({ added: 6, rejectedLines: 0 });
    const unknown = (id: string) =>
      `no claim "${id}" is stored or earlier in this input; stored as written, this answers that claim once it is ingested`;
    expect(report.notices).toEqual([
      { line: 2, lines: 1, path: 'respondsTo', message: `${unknown('visit-l')}; did you mean "visit-1"?` },
      { line: 3, lines: 1, path: 'respondsTo', message: unknown('arrives-later') },
      { line: 6, lines: 1, path: 'changes.respondsTo', message: unknown('nothing-like-it') },
    ]);
    // Stored as written: the answer given before arrives-later was ingested names it all the same.
    const byId = new Map((await claims(store)).map((c) => [c.claimId as string, c]));
    expect(byId.get('denies-later')?.respondsTo).toBe('arrives-later');
    expect(byId.get('denies-typo')?.respondsTo).toBe('visit-l');
  });

  it('notes an answer to a claim about another mission, stored or earlier in the input, corrections applied', async () => {
    const store = new MemoryEventStore();
    const dushanbe = { country: 'Tajikistan', city: 'Dushanbe', kind: 'embassy' };
    await ingest(store, [claimRecord({ id: 'khorog-visit' })]);
    const answer = (id: string, respondsTo: string, mission: unknown = dushanbe) =>
      claimRecord({ id, mission, stance: 'denies', controller: 'unknown', respondsTo });
    const report = await ingest(
      store,
      [
        answer('stored-target', 'khorog-visit'), // 1: the stored claim is about Khorog
        answer('same-mission', 'khorog-visit', 'tj-khorog-consulate'), // 2: nothing to note
        claimRecord({ id: 'dushanbe-visit', mission: dushanbe }), // 3
        answer('earlier-target', 'dushanbe-visit', 'tj-khorog-consulate'), // 4: line 3 is about Dushanbe
        {
          type: 'correction',
          claim: 'dushanbe-visit',
          changes: { mission: 'tj-khorog-consulate' },
          reason: 'r',
        }, // 5
        answer('after-correction', 'dushanbe-visit', 'tj-khorog-consulate'), // 6: about Khorog now
        { type: 'correction', claim: 'same-mission', changes: { respondsTo: 'stored-target' }, reason: 'r' }, // 7
        {
          type: 'correction',
          claim: 'same-mission',
          changes: { respondsTo: 'stored-target', mission: dushanbe },
          reason: 'moved',
        }, // 8: the corrected claim moves to Dushanbe with it
      ],
      { batchSize: 3 },
    );
    expect(report).toMatchObject({ added: 8, rejectedLines: 0 });
    const other = (target: string, theirs: string, whose: string, ours: string) =>
      `claim "${target}" is about mission "${theirs}", and ${whose} about mission "${ours}": stored as written, the answer shows in the trace of "${target}", and, if it denies or disputes, in the account of mission "${theirs}" too, marked as filed under "${ours}"`;
    expect(report.notices).toEqual([
      {
        line: 1,
        lines: 1,
        path: 'respondsTo',
        message: other('khorog-visit', 'tj-khorog-consulate', 'this claim is', 'tj-dushanbe-embassy'),
      },
      {
        line: 4,
        lines: 1,
        path: 'respondsTo',
        message: other('dushanbe-visit', 'tj-dushanbe-embassy', 'this claim is', 'tj-khorog-consulate'),
      },
      {
        line: 7,
        lines: 1,
        path: 'changes.respondsTo',
        message: other(
          'stored-target',
          'tj-dushanbe-embassy',
          'the corrected claim is',
          'tj-khorog-consulate',
        ),
      },
    ]);
  });

  it('names the id a slip away for the first 20 such lines of a run only, as each search reads every stored id', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'visit-1' })]);
    const answers = Array.from({ length: 25 }, (_, i) =>
      claimRecord({ id: `answer-${i}`, stance: 'denies', controller: 'unknown', respondsTo: 'visit-l' }),
    );
    const report = await ingest(store, answers);
    expect(report.added).toBe(25);
    const unknown = `no claim "visit-l" is stored or earlier in this input; stored as written, this answers that claim once it is ingested`;
    expect(report.notices).toEqual([
      { line: 1, lines: 20, path: 'respondsTo', message: `${unknown}; did you mean "visit-1"?` },
      { line: 21, lines: 5, path: 'respondsTo', message: unknown },
    ]);
  });

  it('records run id, correlation and causation in every event', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'a' })], { runId: 'run-1' });
    const events = await all(store);
    expect(events.map((e) => e.type).sort()).toEqual([
      'ActorRegistered',
      'ClaimRecorded',
      'MissionRegistered',
      'ReportCaptured',
      'SourceRegistered',
    ]);
    for (const event of events)
      expect(event.metadata).toEqual({ ingestRunId: 'run-1', correlationId: 'run-1', causationId: 'a' });
  });

  it('derives a stable id from the content when a record has none', async () => {
    const store = new MemoryEventStore();
    const record = claimRecord({ id: undefined });
    const first = await ingest(store, [record]);
    const second = await ingest(store, [{ ...record }]);
    expect([first.added, second.skipped]).toEqual([1, 1]);
    expect((await claims(store))[0]?.claimId).toMatch(/^tj-khorog-consulate-visit-[0-9a-f]{16}$/);
  });
});
