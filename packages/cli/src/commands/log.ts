import { closestName, DOMAIN_EVENT_TYPES, isDomainEventType, STREAM_PREFIX } from '@kb/domain';
import { type EventStore, SqliteEventStore, type StoredRow } from '@kb/store';
import { DEFAULT_LOG_LIMIT, type LogOptions, type ParsedCommand, UsageError } from '../args/parse-args.js';
import { openForWrite, requireKnowledgeBase } from '../context/open-context.js';
import { withReadOnlyFile } from '../context/read-only-store.js';
import { shellWord, storeOptions } from '../render/command-line.js';
import { type ProgressSink, progressBar, SILENT } from '../render/progress.js';
import { renderTable } from '../render/table.js';
import type { Output } from './output.js';

/**
 * `kb log`: the events themselves, in the order they were recorded, with the ingest run that wrote
 * each: for an auditor looking at the position `kb verify` named, or at everything one run wrote.
 * The embedded file is read read-only, as verify reads it, so a damaged or write-protected file can
 * be looked at as it is. --json prints each event whole: data, metadata, hash and previous hash.
 */
export async function logCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  const options = cmd.log;
  if (options.type !== null && !isDomainEventType(options.type)) {
    const likely = closestName(options.type, DOMAIN_EVENT_TYPES);
    throw new UsageError(
      `--type: no event type "${options.type}"${likely === null ? `; the types are ${DOMAIN_EVENT_TYPES.join(', ')}` : ` (did you mean ${likely}?)`}`,
    );
  }
  const show = cmd.runs ? listRuns : list;
  if (cmd.global.eventstore) {
    const kb = await openForWrite(cmd.global);
    try {
      return await show(kb.store, cmd, out);
    } finally {
      await kb.close();
    }
  }
  requireKnowledgeBase(cmd.global.store);
  return withReadOnlyFile(cmd.global.store, out, (store) => show(store, cmd, out));
}

/**
 * What one listing found: the events shown, and the position of the next match past them, if any.
 * A listing by run that found nothing also has the runs it read past, newest last, to say which
 * run may have been meant.
 */
interface Page {
  readonly events: StoredRow[];
  readonly next: number | null;
  readonly runsSeen: ReadonlySet<string>;
}

async function list(store: EventStore, cmd: ParsedCommand, out: Output): Promise<number> {
  const page = await read(store, cmd.log);
  if (cmd.global.json) {
    await out.jsonArray(page.events);
    return 0;
  }
  out.text(describe(cmd.log));
  if (page.events.length === 0) {
    out.text('(no events)');
    if (cmd.log.run !== null) out.text(otherRuns(cmd.log.run, page.runsSeen));
    for (const hint of await emptyHints(store, cmd)) out.text(hint);
    if (cmd.log.run !== null)
      out.text(
        `Every ingest run the log holds, with what each wrote: kb log --runs${storeOptions(cmd.global)}`,
      );
    return 0;
  }
  out.text('');
  out.text(
    renderTable(
      [
        { title: 'position' },
        { title: 'recorded at' },
        { title: 'type' },
        { title: 'stream', max: 50 },
        { title: 'ingest run' },
      ],
      page.events.map((e) => [
        String(e.position),
        e.recordedAt,
        e.type,
        e.stream,
        e.metadata?.ingestRunId ?? '-',
      ]),
    ),
  );
  for (const e of page.events) {
    if (e.unreadable === undefined) continue;
    out.text(
      `position ${e.position}: its ${e.unreadable.join(' and ')} ${e.unreadable.length === 1 ? 'is' : 'are'} not valid JSON; --json shows the text as stored`,
    );
  }
  const first = page.events[0]!.position;
  const last = page.events.at(-1)!.position;
  const shown =
    page.events.length === 1
      ? `1 event, position ${first}`
      : `${page.events.length} events, positions ${first} to ${last}`;
  out.text('');
  out.text(
    page.next === null
      ? `${shown}; nothing more matches.`
      : `${shown}; more from position ${page.next}: ${again(cmd.log, page.next)}${storeOptions(cmd.global)}`,
  );
  return 0;
}

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
async function listRuns(store: EventStore, cmd: ParsedCommand, out: Output): Promise<number> {
  const rows = await readRuns(store, cmd.log);
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
export async function readRuns(store: EventStore, options: LogOptions): Promise<RunRow[]> {
  const progress = scanProgress(store, options, true);
  const runs = new Map<string, RunRow>();
  let noRun: RunRow | null = null;
  let unreadable: RunRow | null = null;
  let read = 0;
  try {
    for await (const event of wholeLog(store)) {
      if ((++read & 0x3ff) === 0) progress.update(event.position, null, `position ${event.position}`);
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
  } finally {
    progress.finish();
  }
  return [...runs.values(), ...(noRun === null ? [] : [noRun]), ...(unreadable === null ? [] : [unreadable])];
}

/** Every event of the log: the embedded file row by row as stored, another store through the port. */
function wholeLog(store: EventStore): Iterable<StoredRow> | AsyncIterable<StoredRow> {
  return store instanceof SqliteEventStore ? store.storedRows({ after: 0 }) : store.readAll();
}

/**
 * The first `limit` events at or after `from` that match, and the position of one more. Filters the
 * store can apply (type, stream prefix) go to it; the run and the exact stream are checked here.
 */
async function read(store: EventStore, options: LogOptions): Promise<Page> {
  const progress = scanProgress(store, options);
  try {
    return await scan(store, options, progress);
  } finally {
    progress.finish();
  }
}

async function scan(store: EventStore, options: LogOptions, progress: ProgressSink): Promise<Page> {
  const events: StoredRow[] = [];
  const runsSeen = new Set<string>();
  let lastRun: unknown = null;
  for await (const event of rows(store, options)) {
    if ((event.position & 0x3ff) === 0) progress.update(event.position, null, `position ${event.position}`);
    if (options.run !== null && event.metadata?.ingestRunId !== options.run) {
      // Only while nothing has matched (a listing with matches never shows them), and once for
      // each block of one run's events, which a run writes together. Moved to the end: newest last.
      const run = event.metadata?.ingestRunId;
      if (events.length === 0 && run !== lastRun && typeof run === 'string' && runsSeen.size < RUNS_KEPT) {
        runsSeen.delete(run);
        runsSeen.add(run);
      }
      lastRun = run;
      continue;
    }
    if (events.length === options.limit) return { events, next: event.position, runsSeen };
    events.push(event);
  }
  return { events, next: null, runsSeen };
}

/**
 * Why a listing may have found nothing, where the store can tell: the log ends before `--from`, or
 * the stream was named without its prefix (`--stream ID` for `claim-ID`).
 */
async function emptyHints(store: EventStore, cmd: ParsedCommand): Promise<string[]> {
  const options = cmd.log;
  const hints: string[] = [];
  // A listing that began past the log's end: a stream suggested below is listed from its start.
  let from = options.from;
  if (store instanceof SqliteEventStore) {
    const head = store.headPosition();
    if (options.from > head) {
      hints.push(head === 0 ? 'The log holds no events yet.' : `The log ends at position ${head}.`);
      from = 1;
    }
  }
  const stream = options.stream;
  if (stream !== null && !Object.values(STREAM_PREFIX).some((prefix) => stream.startsWith(prefix))) {
    const found: string[] = [];
    for (const prefix of Object.values(STREAM_PREFIX)) {
      for await (const _ of store.readStream(`${prefix}${stream}`, { maxCount: 1 }))
        found.push(`${prefix}${stream}`);
    }
    if (found.length > 0) {
      const tried = found.map((name) => again({ ...options, stream: name }, from));
      hints.push(
        `Streams are named with their kind: ${tried.map((line) => `${line}${storeOptions(cmd.global)}`).join(' or ')}`,
      );
    }
  }
  return hints;
}

/** Distinct runs kept while looking for one: far more than any real log holds, but bounded. */
const RUNS_KEPT = 100_000;

/** After a listing by run found nothing: the run probably meant, or the newest runs read past. */
function otherRuns(run: string, seen: ReadonlySet<string>): string {
  if (seen.size === 0) return 'No event read names an ingest run.';
  const likely = closestName(run, seen);
  if (likely !== null) return `No event read was written by that run. Did you mean ${shellWord(likely)}?`;
  const newest = [...seen].slice(-3).reverse();
  const more = seen.size > newest.length ? `, of ${seen.size} runs` : '';
  return `No event read was written by that run. The newest runs read: ${newest.map(shellWord).join(', ')}${more}.`;
}

/**
 * The events at or after `from` of the type and stream asked for. The embedded file is read row by
 * row as stored, so a row whose JSON was damaged is shown with its text rather than failing the
 * listing; another store is read through the port.
 */
function rows(store: EventStore, options: LogOptions): Iterable<StoredRow> | AsyncIterable<StoredRow> {
  if (!(store instanceof SqliteEventStore)) return portRows(store, options);
  return store.storedRows({
    after: options.from - 1,
    ...(options.type === null ? {} : { type: options.type }),
    ...(options.stream === null ? {} : { stream: options.stream }),
  });
}

/**
 * Through the port (EventStoreDB): the store filters by type and stream prefix, the exact stream is
 * checked here. With nothing left to check here, the store need read no more than is shown.
 */
export async function* portRows(store: EventStore, options: LogOptions): AsyncGenerator<StoredRow> {
  const filter = {
    ...(options.type === null ? {} : { eventTypes: [options.type] }),
    ...(options.stream === null ? {} : { streamPrefix: options.stream }),
  };
  const checkedHere = options.run !== null || options.stream !== null;
  for await (const event of store.readAll({
    after: options.from - 1,
    filter,
    ...(checkedHere ? {} : { maxCount: options.limit + 1 }),
  })) {
    if (options.stream === null || event.stream === options.stream) yield event;
  }
}

/**
 * A scan for a run, or for an exact stream through the port, may read the whole log, and a count of
 * the runs does: on a long one, a bar on a terminal. (The embedded file finds a stream's rows through its index.)
 */
function scanProgress(store: EventStore, options: LogOptions, wholeLog = false): ProgressSink {
  const embedded = store instanceof SqliteEventStore;
  if (!wholeLog && options.run === null && (options.stream === null || embedded)) return SILENT;
  const head = embedded ? store.headPosition() : null;
  if (head !== null && head - options.from < SCAN_PROGRESS_FROM) return SILENT;
  const bar = progressBar(process.stderr, 'log');
  return {
    update: (done, _total, detail) => bar.update(done, head, head === null ? detail : `${detail} of ${head}`),
    finish: () => bar.finish(),
  };
}

/** Fewer positions than this are read in about a second: no bar for them. */
const SCAN_PROGRESS_FROM = 200_000;

function describe(options: LogOptions): string {
  const which = [
    options.type === null ? null : `of type ${options.type}`,
    options.stream === null ? null : `in stream ${options.stream}`,
    options.run === null ? null : `written by ingest run ${options.run}`,
  ].filter((part): part is string => part !== null);
  return `Events${which.length === 0 ? '' : ` ${which.join(', ')}`}, from position ${options.from}:`;
}

/** The command line that shows the next page. */
function again(options: LogOptions, next: number): string {
  const parts = ['kb log', `--from ${next}`];
  if (options.limit !== DEFAULT_LOG_LIMIT) parts.push(`--limit ${options.limit}`);
  if (options.type !== null) parts.push(`--type ${options.type}`);
  if (options.stream !== null) parts.push(`--stream ${shellWord(options.stream)}`);
  if (options.run !== null) parts.push(`--run ${shellWord(options.run)}`);
  return parts.join(' ');
}
