import { fileURLToPath } from 'node:url';
import type { IngestReport } from '@kb/ingest';
import { type KnowledgeView, overview, UnknownMissionError } from '@kb/projections';
import type { ParsedCommand, QueryOptions } from '../args/parse-args.js';
import { openForRead } from '../context/open-context.js';
import { storeOptions } from '../render/command-line.js';
import { ingestReportJson } from '../render/ingest-report-json.js';
import { refuseForeignStore } from './demo-store.js';
import { EXIT_REJECTED, ingestFile, summarise } from './ingest.js';
import { type MissionAnswer, missionAnswer, missionJson, missionText, resolveMission } from './mission.js';
import { noteTo, type Output } from './output.js';
import { describeQuery, toControlQuery } from './query-description.js';
import { catchUpKept, signalsTaken, stopInterrupted, stopOnSignalSaying } from './read-stop.js';
import { nothingRecordedNote, renderOverview, summaryOf } from './status.js';

/** The bundled dataset: every claim in The Diplomat's article of 2023-03-28. */
export const BUNDLED_DATASET = fileURLToPath(
  new URL('../../../../examples/central-asia-2023.ndjson', import.meta.url),
);
/** The article's publication date: the demo replays the world and what was known to that day. */
export const ARTICLE_DATE = '2023-03-28';

/**
 * `kb demo` (what `npm start` runs): ingests the bundled dataset (a second run adds nothing) and
 * prints the contested-control overview replayed to the article's date, then Khorog side by side.
 */
export async function demoCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  // Ctrl-C or SIGTERM: while the ingest runs, it stops it on its own (ingest-stop.ts: what was read
  // is committed, and kb says so as after kb ingest); after it, kb demo stops as a read command does,
  // saying the ingest is kept. Listening from the start, never letting go in between: a signal that
  // came as the ingest's last batch held the thread reaches this listener once the ingest's are
  // gone, rather than being lost (it was, and the demo went on to answer and exit 0).
  let report: IngestReport | undefined;
  let during: NodeJS.Signals | null = null;
  const stopping = stopOnSignalSaying((name, committed) => {
    if (report !== undefined || during !== null) return interruptedDemoLine(name, report, committed);
    during = name;
    return null;
  });
  try {
    // Sample claims go only where nothing else is: the log keeps whatever is appended to it for good.
    const where = cmd.global.eventstore ?? cmd.global.store;
    report = await ingestFile(cmd, BUNDLED_DATASET, {
      before: (store) => refuseForeignStore(store, BUNDLED_DATASET, where),
    });
    // Signalled while ingesting, after its last record was read: the ingest ran whole, and kb stops.
    if (during !== null) stopInterrupted(interruptedDemoLine(during, report, null));
    const code = await answerDemo(cmd, out, report, where);
    // A signal that came in the last stretch of the answer is answered now, rather than lost.
    await signalsTaken();
    return code;
  } finally {
    stopping();
  }
}

/**
 * What kb demo stopped by `name` says: its ingest kept (`report`, or while it ran, what it committed),
 * and what a catch-up of the read models kept since (`committed`, its last checkpoint, or null).
 */
export function interruptedDemoLine(
  name: string,
  report: IngestReport | undefined,
  committed: number | null,
): string {
  const again = 'Run the same command again for its answer: what is already stored is skipped';
  if (report === undefined)
    return `kb: ${name}: kb demo interrupted while ingesting; what it committed is kept. ${again}`;
  const kept = `kb: ${name}: kb demo interrupted after its ingest, which is kept (${report.added} added, ${report.skipped} already present)`;
  const since =
    committed === null ? 'it only read since, so nothing else was changed' : catchUpKept(committed);
  return `${kept}; ${since}. ${again}`;
}

/** The demo's answer, once its ingest is done: the overview, Khorog, and what to try next. */
async function answerDemo(
  cmd: ParsedCommand,
  out: Output,
  report: IngestReport,
  where: string,
): Promise<number> {
  const query = {
    ...cmd.query,
    at: cmd.query.at ?? ARTICLE_DATE,
    knownAt: cmd.query.knownAt ?? ARTICLE_DATE,
  };
  const ctx = await openForRead(cmd.global, { notice: out.error });
  try {
    const control = toControlQuery(query);
    const { rows, khorog } = ctx.answer((view) => ({
      rows: overview(view, control),
      khorog: khorogAsOf(view, control),
    }));
    // Replayed to a --recorded-at before the dataset was ingested: nothing stood then, as kb status says.
    const nothing =
      query.recordedAt === null ? undefined : await nothingRecordedNote(ctx.kb.store, query.recordedAt);
    // A signal that came while catching up or working the answer out (the thread held, the catch-up
    // of the bundled dataset one range with no turn of the event loop after it) is taken here, so kb
    // stops before writing any of the answer, as a read command does; one that comes while it is
    // written is taken once it is written (demoCommand).
    await signalsTaken();
    if (cmd.global.json) {
      // The ingest report in the shape kb ingest --json gives it.
      // Khorog in the shape kb mission Khorog --json gives it at the same cutoffs.
      await out.json({
        ingest: ingestReportJson(report),
        overview: rows,
        khorog: khorog === null ? null : missionJson(query, khorog),
      });
      if (nothing !== undefined) noteTo(out, true)(nothing);
    } else {
      out.text(`Knowledge base: ${where}`);
      out.text(summarise(report));
      out.text(`\n${renderOverview(rows.map(summaryOf), describeQuery(query), false)}`);
      if (nothing !== undefined) out.text(nothing);
      out.text(
        `\n${
          khorog === null
            ? 'Khorog: nothing about the consulate had been recorded by then.'
            : missionText(query, khorog)
        }`,
      );
      out.text(`\n${nextSteps(cmd, query, khorog !== null)}`);
    }
    return report.rejected.length > 0 ? EXIT_REJECTED : 0;
  } finally {
    await ctx.close();
  }
}

/**
 * Khorog as the demo shows it, answered as kb mission answers it, or null when the query's
 * --recorded-at is before its consulate was recorded (a replay to before the demo's first run): the
 * overview is then empty too, not an error.
 */
function khorogAsOf(view: KnowledgeView, control: ReturnType<typeof toControlQuery>): MissionAnswer | null {
  try {
    return missionAnswer(view, resolveMission(view, 'Khorog'), control);
  } catch (error) {
    if (error instanceof UnknownMissionError) return null;
    throw error;
  }
}

/**
 * Commands to try next, on the same store; the overview with the cutoffs the demo showed it at (the
 * article's date unless the command line gave others). When `khorogShown` is false (a --recorded-at
 * before Khorog was recorded), kb mission and kb trace would find nothing at that cutoff and fail:
 * they are suggested without it, and the line after says why.
 */
export function nextSteps(cmd: ParsedCommand, query: QueryOptions, khorogShown = true): string {
  const on = storeOptions(cmd.global);
  const recorded = query.recordedAt === null ? '' : ` --recorded-at ${query.recordedAt}`;
  const cutoffs = ` --at ${query.at ?? ARTICLE_DATE} --known-at ${query.knownAt ?? ARTICLE_DATE}`;
  const dated = `${cutoffs}${recorded}`;
  const khorogRecorded = khorogShown ? recorded : '';
  // kb mission as the demo showed Khorog, at the same cutoffs; kb trace takes only --recorded-at.
  const next = `Next: ${[
    `npx kb mission Khorog --json${cutoffs}${khorogRecorded}${on}`,
    `npx kb trace diplomat-2023-03-khorog-denial${khorogRecorded}${on}`,
    `npx kb status --contested${dated}${on}`,
    `npx kb timeline Ashgabat${on}`,
  ].join('; ')}`;
  if (khorogShown || recorded === '') return next;
  return `${next}\n(kb mission and kb trace are suggested without --recorded-at ${query.recordedAt}, as nothing about Khorog had been recorded by then.)`;
}
