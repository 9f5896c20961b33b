// kb log --runs: one row for each ingest run the log holds, in the order each first wrote, then the
// events no run wrote. On a knowledge base of its own: a first run of two claims, two events written
// through the store's API (no run), a second run of a retraction, a correction and a claim, and one
// more event through the API after it, so that the events of no run lie on both sides of that run.
import { join } from 'node:path';
import { encodeEvent } from '@kb/domain';
import { MemoryEventStore, openSqliteStore } from '@kb/store';
import { beforeAll, describe, expect, it } from 'vitest';
import { SILENT } from '../render/progress.js';
import { bonnVisit, ingestStage, kbOn, testFolder } from '../testing/cli-test-kit.js';
import { editedCopy } from '../testing/damaged-copies.js';
import { readRuns } from './log-runs.js';

const { dir } = testFolder('kb-log-runs-');
const store = join(dir, 'kb.sqlite');
const kb = (...args: string[]) => kbOn(store, ...args);

const claim = bonnVisit;

interface Logged {
  position: number;
  type: string;
  stream: string;
  recordedAt: string;
  metadata: { ingestRunId?: string; correlationId?: string };
}

interface RunJson {
  run: string | null;
  firstPosition: number;
  lastPosition: number;
  events: number;
  firstRecordedAt: string;
  lastRecordedAt: string;
  claims: number;
  retractions: number;
  corrections: number;
  other: number;
  types: Record<string, number>;
  unreadableMetadata?: true;
}

/** Aliases of the mission the first run registered, appended as a program would: no ingest run. */
async function throughTheApi(aliases: string[]): Promise<void> {
  const log = (await kb('log', '--type', 'MissionRegistered', '--json')).out.json_[0] as Logged[];
  const mission = log[0]!.stream;
  const kbStore = openSqliteStore({ path: store });
  try {
    await kbStore.append(
      mission,
      aliases.map((alias) => ({
        id: crypto.randomUUID(),
        ...encodeEvent('AliasAdded', { subject: 'mission', id: mission.slice('mission-'.length), alias }),
        // A correlation id alone names no ingest run.
        metadata: { correlationId: 'api-call' },
      })),
    );
  } finally {
    await kbStore.close();
  }
}

let all: Logged[] = [];
let first = '';
let second = '';

beforeAll(async () => {
  await ingestStage(store, dir, 'first.ndjson', [
    claim('visit', 'asserts', 'https://alpha.example/1'),
    claim('deny', 'denies', 'https://alpha.example/2', 'visit'),
  ]);
  await throughTheApi(['Bonn consulate', 'Konsulat Bonn']);
  await ingestStage(store, dir, 'second.ndjson', [
    { type: 'retraction', claim: 'deny', reason: 'withdrawn' },
    {
      type: 'correction',
      claim: 'visit',
      changes: { quote: 'visit, as corrected.' },
      reason: 'misquoted',
      by: 'analyst',
    },
    claim('late-visit', 'asserts', 'https://alpha.example/3'),
  ]);
  await throughTheApi(['Generalkonsulat Bonn']);
  all = (await kb('log', '--limit', '100000', '--json')).out.json_[0] as Logged[];
  first = all[0]!.metadata.ingestRunId!;
  second = all.find((e) => e.type === 'ClaimRetracted')!.metadata.ingestRunId!;
});

/** What --runs should say of the events `of` picks, worked out from the whole log as --json gives it. */
function expected(of: (e: Logged) => boolean) {
  const mine = all.filter(of);
  const count = (type: string) => mine.filter((e) => e.type === type).length;
  return {
    firstPosition: mine[0]!.position,
    lastPosition: mine.at(-1)!.position,
    events: mine.length,
    firstRecordedAt: mine[0]!.recordedAt,
    lastRecordedAt: mine.at(-1)!.recordedAt,
    claims: count('ClaimRecorded'),
    retractions: count('ClaimRetracted'),
    corrections: count('ClaimCorrected'),
  };
}

describe('kb log --runs', () => {
  it('the fixture: two runs, and events of no run before and after the second', () => {
    expect(first).not.toBe(second);
    const runs = all.map((e) => e.metadata.ingestRunId ?? '-');
    const firstEnd = runs.lastIndexOf(first);
    expect(runs.slice(firstEnd + 1, firstEnd + 3)).toEqual(['-', '-']);
    expect(runs.at(-1)).toBe('-');
    expect(runs.indexOf(second)).toBe(firstEnd + 3);
  });

  it('--json: one object for each run in the order each first wrote, then the events of no run', async () => {
    const result = await kb('log', '--runs', '--json');
    expect(result.code).toBe(0);
    const rows = result.out.json_[0] as RunJson[];
    expect(rows.map((r) => r.run)).toEqual([first, second, null]);
    const [a, b, none] = rows as [RunJson, RunJson, RunJson];
    expect(a).toMatchObject(expected((e) => e.metadata.ingestRunId === first));
    expect(b).toMatchObject(expected((e) => e.metadata.ingestRunId === second));
    expect(none).toMatchObject(expected((e) => e.metadata.ingestRunId === undefined));
    // What each run wrote, as given to it: counted here without the log.
    expect(a).toMatchObject({ firstPosition: 1, claims: 2, retractions: 0, corrections: 0 });
    expect(b).toMatchObject({ claims: 1, retractions: 1, corrections: 1 });
    expect(b.firstPosition).toBe(a.lastPosition + 3);
    expect(none).toMatchObject({
      firstPosition: a.lastPosition + 1,
      lastPosition: all.length,
      events: 3,
      claims: 0,
      other: 3,
      types: { AliasAdded: 3 },
    });
    // The rows account for every event; "other" is what the three counts leave, and types sums up.
    expect(rows.reduce((n, r) => n + r.events, 0)).toBe(all.length);
    for (const r of rows) {
      expect(r.other).toBe(r.events - r.claims - r.retractions - r.corrections);
      expect(Object.values(r.types).reduce((n, c) => n + c, 0)).toBe(r.events);
      expect(Object.keys(r)).toEqual([
        'run',
        'firstPosition',
        'lastPosition',
        'events',
        'firstRecordedAt',
        'lastRecordedAt',
        'claims',
        'retractions',
        'corrections',
        'other',
        'types',
      ]);
    }
    expect(b.types).toMatchObject({ ClaimRecorded: 1, ClaimRetracted: 1, ClaimCorrected: 1 });
  });

  it('text: a row for each run, "(no run)" last, a sum, and the command for the newest run', async () => {
    const result = await kb('log', '--runs');
    expect(result.code).toBe(0);
    const lines = result.text.split('\n');
    expect(lines[0]).toBe('Ingest runs, in the order each first wrote:');
    expect(lines[2]).toMatch(
      /^ingest run +first +last +events +first recorded at +last recorded at +claims +retractions +corrections +other$/,
    );
    const rows = [
      ...result.text.matchAll(
        /^(\S+|\(no run\)) +(\d+) +(\d+) +(\d+) +(\S+) +(\S+) +(\d+) +(\d+) +(\d+) +(\d+)$/gm,
      ),
    ].map((m) => m.slice(1));
    const a = expected((e) => e.metadata.ingestRunId === first);
    const b = expected((e) => e.metadata.ingestRunId === second);
    const none = expected((e) => e.metadata.ingestRunId === undefined);
    const row = (run: string, x: ReturnType<typeof expected>) => [
      run,
      ...[x.firstPosition, x.lastPosition, x.events].map(String),
      x.firstRecordedAt,
      x.lastRecordedAt,
      ...[x.claims, x.retractions, x.corrections, x.events - x.claims - x.retractions - x.corrections].map(
        String,
      ),
    ];
    expect(rows).toEqual([row(first, a), row(second, b), row('(no run)', none)]);
    expect(lines.slice(-2)).toEqual([
      `2 ingest runs wrote ${a.events + b.events} events; 3 events name no run (written through the API, not by kb ingest); ${all.length} events in all.`,
      `The newest run's events: kb log --run ${second} --store ${store}`,
    ]);
    // The command offered lists that run's events.
    const next = await kb('log', '--run', second, '--json');
    expect((next.out.json_[0] as Logged[]).map((e) => e.position)).toEqual(
      all.filter((e) => e.metadata.ingestRunId === second).map((e) => e.position),
    );
  });

  it('kb log --run that finds nothing points at kb log --runs', async () => {
    const result = await kb('log', '--run', 'no-such-run');
    expect(result.code).toBe(0);
    expect(result.text).toMatch(/^\(no events\)$/m);
    expect(result.text.split('\n').at(-1)).toBe(
      `Every ingest run the log holds, with what each wrote: kb log --runs --store ${store}`,
    );
    // A listing that finds events says nothing of it.
    expect((await kb('log', '--run', first)).text).not.toContain('--runs');
  });

  it('refuses what would pick events or a page of them, as a usage mistake', async () => {
    const both = await kb('log', '--runs', '--run', first);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(
      /^kb: kb log --runs lists every ingest run and --run RUN_ID the events one run wrote; give one of them\n/,
    );
    expect(both.text).toBe('');
    for (const [option, value, name] of [
      ['--type', 'ClaimRecorded', 'TYPE'],
      ['--stream', 'claim-visit', 'STREAM'],
      ['--from', '3', 'POSITION'],
      ['--limit', '5', 'N'],
    ] as const) {
      // The options the other way round too: the refusal is of the pair, whichever comes first.
      for (const argv of [
        ['log', '--runs', option, value],
        ['log', option, value, '--runs', '--json'],
      ]) {
        const refused = await kb(...argv);
        expect(refused.code, argv.join(' ')).toBe(2);
        expect(refused.err, argv.join(' ')).toContain(
          `kb: kb log --runs sums up the whole log, one row for each ingest run, and does not take ${option} (kb log --run RUN_ID ${option} ${name} lists what one run wrote)`,
        );
        expect(refused.text).toBe('');
      }
    }
    const elsewhere = await kb('status', '--runs');
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.err).toMatch(/^kb: kb status does not take --runs \(kb log does\)/);
  });

  it('kb help log describes --runs', async () => {
    const help = await kb('help', 'log');
    expect(help.code).toBe(0);
    expect(help.text).toMatch(/^ {2}--runs {15}instead of events, one row for each ingest run/m);
  });

  it('an empty log has no runs, and says so', async () => {
    const empty = join(dir, 'empty.sqlite');
    await openSqliteStore({ path: empty }).close();
    const result = await kbOn(empty, 'log', '--runs');
    expect(result.code).toBe(0);
    expect(result.text).toBe(
      'Ingest runs, in the order each first wrote:\n(no runs)\nThe log holds no events yet.',
    );
    expect((await kbOn(empty, 'log', '--runs', '--json')).out.json_[0]).toEqual([]);
  });

  it('an event whose metadata is not valid JSON is counted apart: which run wrote it is not known', async () => {
    const damaged = editedCopy(store, join(dir, 'damaged.sqlite'), (db) =>
      db.exec("UPDATE events SET metadata = 'not json' WHERE position = 2"),
    );
    const json = (await kbOn(damaged, 'log', '--runs', '--json')).out.json_[0] as RunJson[];
    expect(json.map((r) => [r.run, r.events, r.unreadableMetadata])).toEqual([
      [first, expected((e) => e.metadata.ingestRunId === first).events - 1, undefined],
      [second, expected((e) => e.metadata.ingestRunId === second).events, undefined],
      [null, 3, undefined],
      [null, 1, true],
    ]);
    expect(json[3]).toMatchObject({ firstPosition: 2, lastPosition: 2, types: { [all[1]!.type]: 1 } });
    const text = await kbOn(damaged, 'log', '--runs');
    expect(text.text).toMatch(/^\(metadata unreadable\) +2 +2 +1 /m);
    expect(text.text).toContain(
      '; the metadata of 1 event from position 2 is not valid JSON, so which run wrote it is not known;',
    );
  });
});

describe('kb log --runs through the store port (as on EventStoreDB)', () => {
  it('sums the log up by run, in the order each first wrote, however the runs interleave', async () => {
    const memory = new MemoryEventStore();
    const write = async (stream: string, type: string, ingestRunId?: string) =>
      memory.append(stream, [
        {
          id: crypto.randomUUID(),
          type,
          version: 1,
          data: {},
          ...(ingestRunId === undefined ? {} : { metadata: { ingestRunId } }),
        },
      ]);
    await write('claim-a', 'ClaimRecorded', 'run-b');
    await write('claim-b', 'ClaimRecorded', 'run-a');
    await write('claim-a', 'ClaimRetracted', 'run-b');
    await write('claim-c', 'Other');
    await write('claim-b', 'ClaimCorrected', 'run-a');
    const rows = await readRuns(memory, SILENT);
    const stored: { position: number }[] = [];
    for await (const e of memory.readAll()) stored.push(e);
    const at = (i: number) => stored[i]!.position;
    expect(
      rows.map((r) => [r.run, r.firstPosition, r.lastPosition, r.events, Object.fromEntries(r.types)]),
    ).toEqual([
      ['run-b', at(0), at(2), 2, { ClaimRecorded: 1, ClaimRetracted: 1 }],
      ['run-a', at(1), at(4), 2, { ClaimRecorded: 1, ClaimCorrected: 1 }],
      [null, at(3), at(3), 1, { Other: 1 }],
    ]);
  });
});
