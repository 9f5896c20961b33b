import {
  type ControlSummary,
  type MissionControl,
  overviewOf,
  overviewSummaryOf,
  resolveQuery,
} from '@kb/projections';
import type { EventStore } from '@kb/store';
import type { ParsedCommand } from '../args/parse-args.js';
import { openForRead } from '../context/open-context.js';
import { missionsBar } from '../render/progress.js';
import { renderTable } from '../render/table.js';
import { controllerCell } from '../render/text.js';
import { noteTo, type Output } from './output.js';
import { describeQuery, toControlQuery } from './query-description.js';
import { pauseDue } from './read-stop.js';

/** `kb status`: every mission's status at the query, optionally only the contested ones. */
export async function statusCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  const ctx = await openForRead(cmd.global, { notice: out.error });
  try {
    // One mission's accounts at a time: the JSON is written as each mission is reached, and the
    // table keeps only its own columns.
    // A bar on a terminal once it takes more than a second (thousands of missions); not beside JSON
    // being written to the same terminal.
    const bar = missionsBar('status', cmd.global.json && process.stdout.isTTY === true);
    const query = { ...toControlQuery(cmd.query), contestedOnly: cmd.contested };
    let empty: boolean;
    if (cmd.global.json) {
      const rows = counting(ctx.answerEach((view) => overviewOf(view, query, bar.mission)));
      await out.jsonArray(rows);
      bar.finish();
      empty = rows.count === 0;
    } else {
      // The table counts the accounts, so they are never built. A turn of the event loop now and
      // then between missions, so Ctrl-C stops a long one (read-stop.ts).
      const summaries: ReturnType<typeof rowOf>[] = [];
      // The contested ones picked here, so the loop's turns come between every mission.
      const every = { ...query, contestedOnly: false };
      for (const summary of ctx.answerEach((view) => overviewSummaryOf(view, every, bar.mission))) {
        if (!cmd.contested || summary.status === 'contested') summaries.push(rowOf(summary));
        const wait = pauseDue();
        if (wait !== null) await wait;
      }
      bar.finish();
      out.text(renderOverview(summaries, describeQuery(cmd.query), cmd.contested));
      empty = summaries.length === 0;
    }
    // Under the empty text answer, or on stderr beside --json.
    if (empty && cmd.query.recordedAt !== null) {
      const note = await nothingRecordedNote(ctx.kb.store, cmd.query.recordedAt);
      if (note !== undefined) noteTo(out, cmd.global.json)(note);
    }
    return 0;
  } finally {
    await ctx.close();
  }
}

/** `items`, passed on one by one as they are read, counting them. */
function counting<T>(items: Iterable<T>): Iterable<T> & { readonly count: number } {
  let count = 0;
  return {
    get count() {
      return count;
    },
    *[Symbol.iterator]() {
      for (const item of items) {
        count++;
        yield item;
      }
    },
  };
}

/**
 * The note for an answer replayed to a --recorded-at before anything was recorded, naming when the
 * log's first event was; undefined when something had been recorded by then. kb status, kb timeline,
 * kb sources and kb demo print it under their empty text answers (on stderr beside --json), and exit
 * 0 all the same.
 */
export async function nothingRecordedNote(
  store: EventStore,
  recordedAt: string,
): Promise<string | undefined> {
  const first = await firstRecordedAfter(store, recordedAt);
  return first === undefined
    ? undefined
    : `Nothing had been recorded by then: the first event was recorded at ${first}.`;
}

/** When the log's first event was recorded, if that was after the --recorded-at cutoff. */
async function firstRecordedAfter(store: EventStore, recordedAt: string): Promise<string | undefined> {
  const cutoff = resolveQuery({ recordedAt }).recordedBy!;
  for await (const first of store.readAll({ maxCount: 1 }))
    return Date.parse(first.recordedAt) > cutoff ? first.recordedAt : undefined;
  return undefined;
}

/** What the overview table shows of one mission. */
export interface OverviewRow {
  readonly mission: MissionControl['mission'];
  readonly status: MissionControl['status'];
  readonly controller: string | null;
  readonly accounts: number;
  /** Beside an undisputed status, the origins behind its controller; else those of every active account. */
  readonly origins: number;
  /** Active accounts of an undisputed mission that name no controller, left out of `origins`. */
  readonly namingNone: number;
  readonly happened: MissionControl['happened'];
}

/** A mission's row from its summary. */
export const rowOf = (summary: ControlSummary): OverviewRow => ({
  mission: summary.mission,
  status: summary.status,
  controller: summary.controller,
  accounts: summary.accounts,
  origins: summary.controllerOrigins ?? summary.independentOrigins,
  namingNone:
    summary.controllerOrigins === null
      ? 0
      : summary.originsByController
          .filter((g) => g.controller !== summary.controller)
          .reduce((n, g) => n + g.accounts, 0),
  happened: summary.happened,
});

/** A mission's row from its whole control, accounts and all. */
export const summaryOf = (control: MissionControl): OverviewRow =>
  rowOf({ ...control, accounts: control.accounts.length });

export function renderOverview(rows: readonly OverviewRow[], scope: string, contestedOnly: boolean): string {
  const header = `${contestedOnly ? 'Contested missions' : 'Missions'} (${scope}): ${rows.length}`;
  if (rows.length === 0) return `${header}\n(none)`;
  const table = renderTable(
    [
      { title: 'mission' },
      { title: 'place', max: 30 },
      { title: 'status' },
      { title: 'controller' },
      { title: 'accounts' },
      { title: 'origins' },
    ],
    rows.map((row) => [
      row.mission.id,
      [row.mission.city, row.mission.country].filter(Boolean).join(', '),
      row.happened === 'possibly' ? `${row.status} ${POSSIBLY}` : row.status,
      controllerCell(row.status, row.controller),
      String(row.accounts),
      String(row.origins),
    ]),
  );
  const possibly = rows.some((row) => row.happened === 'possibly')
    ? `\n${POSSIBLY}: at least one account the status rests on only possibly happened by the world date (kb mission shows how many, and which)`
    : '';
  const origins = rows.some((row) => row.namingNone > 0)
    ? '\norigins: beside an undisputed status, those behind its controller; an account naming no controller is not one (kb mission counts them apart)'
    : '';
  const note = `${possibly}${origins}`;
  return `${header}\n\n${table}${note}`;
}

/** The mark beside a status resting on an account or more that only possibly happened by the world date. */
const POSSIBLY = '(possibly)';
