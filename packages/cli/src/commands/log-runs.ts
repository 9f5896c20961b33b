// `kb log --runs`: the ingest runs the log holds, one row each, summed up in one read of the log.

import type { EventStore, StoredRow } from '@kb/store';
import { SqliteEventStore } from '@kb/store';
import type { ParsedCommand } from '../args/parse-args.js';
import { shellWord, storeOptions } from '../render/command-line.js';
import { type ProgressSink, positionsRead } from '../render/progress.js';
import { renderTable } from '../render/table.js';
import type { Output } from './output.js';
import { pauseDue } from './read-stop.js';

/**
 * What one ingest run wrote, as `kb log --runs` lists it: `run` is null for the events that name no
 * run (written through the store's API, not by kb ingest), and for those whose metadata cannot be
 * read (`unreadable`), where the run that wrote them is not known.
 */
interface RunRow {
  readonly run: string | null;
  readonly unreadable: boolean;
  readonly firstPosition: number;
  lastPosition: number;
  events: number;
  readonly firstRecordedAt: string;
  lastRecordedAt: string;
  /** Events of each type. */
  readonly types: Map<string, number>;
}

/** The event types with a column of their own: what an auditor asks of a run first. */
const COUNTED = [
  ['claims', 'ClaimRecorded'],
  ['retractions', 'ClaimRetracted'],
  ['corrections', 'ClaimCorrected'],
] as const;

/**
 * `kb log --runs`: one row for each ingest run, in the order each first wrote, then one for the
 * events that name no run, so that the rows account for every event of the log.
 */
export async function listRuns(
  store: EventStore,
  cmd: ParsedCommand,
  out: Output,
  progress: ProgressSink,
): Promise<number> {
  const rows = await readRuns(store, progress);
  if (cmd.global.json) {
    await out.jsonArray(rows.map(runJson));
    return 0;
  }
  out.text('Ingest runs, in the order each first wrote:');
  if (rows.length === 0) {
    out.text('(no runs)');
    out.text('The log holds no events yet.');
    return 0;
  }
  out.text('');
  out.text(
    renderTable(
      [
        { title: 'ingest run' },
        { title: 'first' },
        { title: 'last' },
        { title: 'events' },
        { title: 'first recorded at' },
        { title: 'last recorded at' },
        ...COUNTED.map(([title]) => ({ title })),
        { title: 'other' },
      ],
      rows.map((r) => [
        r.run ?? (r.unreadable ? '(metadata unreadable)' : '(no run)'),
        String(r.firstPosition),
        String(r.lastPosition),
        String(r.events),
        r.firstRecordedAt,
        r.lastRecordedAt,
        ...kinds(r).map(([, n]) => String(n)),
      ]),
    ),
  );
  out.text('');
  const runs = rows.filter((r) => r.run !== null);
  const noRun = rows.find((r) => r.run === null && !r.unreadable);
  const unreadable = rows.find((r) => r.unreadable);
  const parts = [
    ...(runs.length === 0
      ? []
      : [`${counted(runs.length, 'ingest run')} wrote ${counted(sum(runs), 'event')}`]),
    ...(noRun === undefined
      ? []
      : [
          `${counted(noRun.events, 'event')} ${noRun.events === 1 ? 'names' : 'name'} no run (written through the API, not by kb ingest)`,
        ]),
    ...(unreadable === undefined
      ? []
      : [
          `the metadata of ${counted(unreadable.events, 'event')} from position ${unreadable.firstPosition} is not valid JSON, so which run wrote ${unreadable.events === 1 ? 'it' : 'them'} is not known`,
        ]),
  ];
  // Where the rows are not all runs', the total they make up.
  const all = parts.length === 1 ? '' : `; ${counted(sum(rows), 'event')} in all`;
  const said = parts.join('; ');
  out.text(`${said.charAt(0).toUpperCase()}${said.slice(1)}${all}.`);
  const newest = runs.at(-1);
  if (newest !== undefined)
    out.text(`The newest run's events: kb log --run ${shellWord(newest.run!)}${storeOptions(cmd.global)}`);
  return 0;
}

/** The events of `rows`. */
const sum = (rows: readonly RunRow[]): number => rows.reduce((n, r) => n + r.events, 0);

/** "1 event", "2 events". */
const counted = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A row's counts with a column of their own (claims, retractions, corrections), then its other events. */
function kinds(r: RunRow): [string, number][] {
  const counts: [string, number][] = COUNTED.map(([name, type]) => [name, r.types.get(type) ?? 0]);
  return [...counts, ['other', r.events - counts.reduce((n, [, c]) => n + c, 0)]];
}

/** A row of `kb log --runs --json`: the text's columns, and every type's count. */
function runJson(r: RunRow): Record<string, unknown> {
  return {
    run: r.run,
    firstPosition: r.firstPosition,
    lastPosition: r.lastPosition,
    events: r.events,
    firstRecordedAt: r.firstRecordedAt,
    lastRecordedAt: r.lastRecordedAt,
    ...Object.fromEntries(kinds(r)),
    types: Object.fromEntries([...r.types].sort(([a], [b]) => (a < b ? -1 : 1))),
    ...(r.unreadable ? { unreadableMetadata: true } : {}),
  };
}

/**
 * The whole log read once, summed up by the run that wrote each event: memory grows with the runs,
 * not the events. Named runs come in the order each first wrote, then the events that name none.
 */
export async function readRuns(store: EventStore, progress: ProgressSink): Promise<RunRow[]> {
  const runs = new Map<string, RunRow>();
  let noRun: RunRow | null = null;
  let unreadable: RunRow | null = null;
  const positions = positionsRead(progress);
  try {
    let read = 0;
    for await (const event of wholeLog(store)) {
      // A turn of the event loop now and then, so Ctrl-C stops a long read (read-stop.ts).
      if ((++read & 0x3ff) === 0) {
        const wait = pauseDue();
        if (wait !== null) await wait;
      }
      positions.row(event.position);
      const damaged = event.unreadable?.includes('metadata') === true;
      const run = event.metadata?.ingestRunId;
      const named = typeof run === 'string' && !damaged ? run : null;
      const row = named === null ? (damaged ? unreadable : noRun) : runs.get(named);
      if (row === undefined || row === null) {
        const made: RunRow = {
          run: named,
          unreadable: damaged,
          firstPosition: event.position,
          lastPosition: event.position,
          events: 1,
          firstRecordedAt: event.recordedAt,
          lastRecordedAt: event.recordedAt,
          types: new Map([[event.type, 1]]),
        };
        if (named !== null) runs.set(named, made);
        else if (damaged) unreadable = made;
        else noRun = made;
        continue;
      }
      row.lastPosition = event.position;
      row.lastRecordedAt = event.recordedAt;
      row.events++;
      row.types.set(event.type, (row.types.get(event.type) ?? 0) + 1);
    }
    positions.end();
  } finally {
    progress.finish();
  }
  return [...runs.values(), ...(noRun === null ? [] : [noRun]), ...(unreadable === null ? [] : [unreadable])];
}

/**
 * Every event of the log: the embedded file row by row as stored, its data left unread (a run's row
 * needs none of it), another store through the port.
 */
function wholeLog(store: EventStore): Iterable<StoredRow> | AsyncIterable<StoredRow> {
  return store instanceof SqliteEventStore
    ? store.storedRows({ after: 0, withoutData: true })
    : store.readAll();
}
