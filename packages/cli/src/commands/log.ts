import { closestName, DOMAIN_EVENT_TYPES, isDomainEventType, STREAM_PREFIX } from '@kb/domain';
import { type EventStore, SqliteEventStore, type StoredRow } from '@kb/store';
import { DEFAULT_LOG_LIMIT, type LogOptions, type ParsedCommand, UsageError } from '../args/parse-args.js';
import { openForWrite } from '../context/open-context.js';
import { withReadOnlyFile } from '../context/read-only-store.js';
import { requireKnowledgeBase } from '../context/store-presence.js';
import { shellWord, storeOptions } from '../render/command-line.js';
import { type ProgressSink, positionsRead, progressBar, SILENT } from '../render/progress.js';
import { renderTable } from '../render/table.js';
import { listRuns } from './log-runs.js';
import { noteTo, type Output } from './output.js';

/**
 * `kb log`: the events themselves, in the order they were recorded, with the ingest run that wrote
 * each: for an auditor looking at the position `kb verify` named, or at everything one run wrote.
 * The embedded file is read read-only, as verify reads it, so a damaged or write-protected file can
 * be looked at as it is. --json prints each event whole: data, metadata, hash and previous hash, and
 * the text's notes (why nothing was found, where the next page starts) go to stderr.
 */
export async function logCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  const options = cmd.log;
  if (options.type !== null && !isDomainEventType(options.type)) {
    const likely = closestName(options.type, DOMAIN_EVENT_TYPES);
    throw new UsageError(
      `--type: no event type "${options.type}"${likely === null ? `; the types are ${DOMAIN_EVENT_TYPES.join(', ')}` : ` (did you mean ${likely}?)`}`,
    );
  }
  const show = cmd.runs
    ? (store: EventStore, c: ParsedCommand, o: Output) =>
        listRuns(store, c, o, scanProgress(store, c.log, true))
    : list;
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
  // Why nothing was found, and where the next page starts: under the text, or on stderr beside --json.
  const note = noteTo(out, cmd.global.json);
  if (cmd.global.json) await out.jsonArray(page.events);
  else out.text(describe(cmd.log));
  if (page.events.length === 0) {
    if (!cmd.global.json) out.text('(no events)');
    if (cmd.log.run !== null) note(otherRuns(cmd.log.run, page.runsSeen));
    for (const hint of await emptyHints(store, cmd)) note(hint);
    if (cmd.log.run !== null)
      note(`Every ingest run the log holds, with what each wrote: kb log --runs${storeOptions(cmd.global)}`);
    return 0;
  }
  if (cmd.global.json) {
    if (page.next !== null) note(pageLine(page, cmd));
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
  out.text('');
  out.text(pageLine(page, cmd));
  return 0;
}

/** What a page of events showed, and whether more match: the command for the next page if so. */
function pageLine(page: Page, cmd: ParsedCommand): string {
  const first = page.events[0]!.position;
  const last = page.events.at(-1)!.position;
  const shown =
    page.events.length === 1
      ? `1 event, position ${first}`
      : `${page.events.length} events, positions ${first} to ${last}`;
  return page.next === null
    ? `${shown}; nothing more matches.`
    : `${shown}; more from position ${page.next}: ${again(cmd.log, page.next)}${storeOptions(cmd.global)}`;
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
  const positions = positionsRead(progress);
  for await (const event of rows(store, options)) {
    positions.row(event.position);
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
    if (events.length === options.limit) {
      positions.end();
      return { events, next: event.position, runsSeen };
    }
    events.push(event);
  }
  positions.end();
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
