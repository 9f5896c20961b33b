import { type MissionTimeline, missionTimeline, resolveQuery } from '@kb/projections';
import { type ParsedCommand, type QueryOptions, UsageError } from '../args/parse-args.js';
import { openForRead, type ReadContext } from '../context/open-context.js';
import { afterDelay, progressBar } from '../render/progress.js';
import { renderTable, wrap } from '../render/table.js';
import { clippedList, controllerCell } from '../render/text.js';
import { resolveMission } from './mission.js';
import { noteTo, type Output } from './output.js';
import { replayScope, toControlQuery } from './query-description.js';
import { stopReadUntilAnswer } from './read-stop.js';
import { nothingRecordedNote } from './status.js';
import { unknownPublicationList } from './unknown-publication-note.js';

/** `kb timeline MISSION`: status across world time, and separately across publication time. */
export async function timelineCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  const text = cmd.positionals.join(' ').trim();
  if (!text)
    throw new UsageError(
      'kb timeline needs a mission: an id, a name, a city or a country (kb timeline Ashgabat)',
    );
  // Ctrl-C stops the catch-up before the answer as it stops any read command; the answer itself
  // is ended by the signal at once (read-stop.ts).
  const ctx = await stopReadUntilAnswer('timeline', () => openForRead(cmd.global, { notice: out.error }));
  try {
    const id = resolveMission(ctx.view, text);
    // A mission of thousands of accounts takes seconds: on a terminal, after one, a bar counts the days.
    const bar = afterDelay(progressBar(process.stderr, 'timeline'));
    const timeline = ctx.answer((view) =>
      missionTimeline(view, id, toControlQuery(cmd.query), (done, total) =>
        bar.update(done, total, `${done} of ${total} days`),
      ),
    );
    bar.finish();
    // The replay it answers travels with the answer, as kb mission --json's does (`query`).
    if (cmd.global.json) await out.json({ query: replayScope(cmd.query), mission: id, ...timeline });
    else out.text(renderTimeline(id, timeline, cmd.query));
    const { recordedAt } = cmd.query;
    if (timeline.world.length === 0 && timeline.publication.length === 0 && recordedAt !== null) {
      // Under the empty text answer, or on stderr beside --json.
      const note = await emptyTimelineNote(ctx, id, recordedAt);
      if (note !== undefined) noteTo(out, cmd.global.json)(note);
    }
    return 0;
  } finally {
    await ctx.close();
  }
}

/**
 * Why a timeline replayed to `recordedAt` has no step, when that is the cutoff: as kb status says
 * it, or, when the log had begun but not this mission, when the mission came.
 */
async function emptyTimelineNote(
  ctx: Pick<ReadContext, 'kb' | 'view'>,
  id: string,
  recordedAt: string,
): Promise<string | undefined> {
  const note = await nothingRecordedNote(ctx.kb.store, recordedAt);
  if (note !== undefined) return note;
  const mission = ctx.view.getMission(id);
  const cutoff = resolveQuery({ recordedAt }).recordedBy!;
  return mission !== undefined && Date.parse(mission.recorded.recordedAt) > cutoff
    ? `Nothing about ${id} had been recorded by then: the mission was recorded at ${mission.recorded.recordedAt}.`
    : undefined;
}

// A row names at most this many accounts; --json lists every one.
const IDS_SHOWN = 10;

type TimelineStep = MissionTimeline['world' | 'publication'][number];

/**
 * A step's accounts as the first row of a table names them: every standing one, a superseded one
 * with what superseded it, then the retracted ones, so an account never leaves the table without
 * the reason.
 */
export function stepClaims(step: TimelineStep): string[] {
  const by = new Map(step.superseded.map((s) => [s.claimId, s.supersededBy]));
  return [
    ...step.claimIds.map((id) => (by.has(id) ? `${id} (superseded by ${by.get(id)})` : id)),
    ...step.retracted.map((id) => `${id} (retracted)`),
  ];
}

/**
 * What a later row says of its accounts: how they changed since the row above, as stepClaims would
 * mark them. An account that comes is `+id`, one a change supersedes `id (superseded by …)`, one
 * whose retraction counts from this step `id (retracted)`, one no longer listed at all `-id`. A step
 * of thousands of accounts thus names the few that made it a step, where the whole list repeated row
 * after row.
 */
export function stepChanges(before: TimelineStep, step: TimelineStep): string[] {
  return changesBetween(marksOf(before), marksOf(step));
}

/** Each account a step lists, with its mark: '' (standing), `superseded by …` or `retracted`. */
function marksOf(step: TimelineStep): Map<string, string> {
  const by = new Map(step.superseded.map((x) => [x.claimId, x.supersededBy]));
  const marks = new Map<string, string>(
    step.claimIds.map((id) => [id, by.has(id) ? `superseded by ${by.get(id)}` : '']),
  );
  for (const id of step.retracted) marks.set(id, 'retracted');
  return marks;
}

function changesBetween(was: ReadonlyMap<string, string>, now: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [id, mark] of now) {
    const earlier = was.get(id);
    if (earlier === mark) continue;
    out.push(
      mark === ''
        ? earlier === undefined
          ? `+${id}`
          : `${id} (${earlier === 'retracted' ? 'no longer retracted' : 'no longer superseded'})`
        : `${earlier === undefined ? '+' : ''}${id} (${mark})`,
    );
  }
  for (const id of was.keys()) if (!now.has(id)) out.push(`-${id}`);
  return out;
}

/**
 * The accounts cell of each row of one table: the first row's accounts, then each row's changes.
 * Each step's marks are made once, and a step that shares the lists of the one before (its accounts
 * are those: missionTimeline shares them) changed none.
 */
function accountCells(steps: readonly TimelineStep[]): string[] {
  let was: Map<string, string> | undefined;
  return steps.map((step, i) => {
    const before = steps[i - 1];
    if (before === undefined) return clippedList(stepClaims(step), IDS_SHOWN, '--json lists every one');
    const same =
      before.claimIds === step.claimIds &&
      before.superseded === step.superseded &&
      before.retracted === step.retracted;
    const now = same ? (was ?? marksOf(before)) : marksOf(step);
    const changes = same ? [] : changesBetween(was ?? marksOf(before), now);
    was = now;
    return changes.length === 0
      ? '(same accounts)'
      : clippedList(changes, IDS_SHOWN, '--json lists every one');
  });
}

/** Both tables, each headed by where the other axes were held. */
export function renderTimeline(id: string, timeline: MissionTimeline, query: QueryOptions): string {
  const columns = (first: string) => [
    { title: first },
    { title: 'status' },
    { title: 'controller' },
    { title: 'happened' },
    { title: 'accounts' },
    { title: 'claims (later rows: what changed)', max: 60 },
  ];
  const cells = (s: TimelineStep, accounts: string) => [
    s.status,
    controllerCell(s.status, s.controller),
    s.happened ?? '-',
    String(s.claimIds.length),
    accounts,
  ];
  const worldAccounts = accountCells(timeline.world);
  const publicationAccounts = accountCells(timeline.publication);
  // Each axis is walked in turn; the others stay where the options put them, and the reader is told.
  const { at, knownAt, recordedAt } = query;
  const recorded = recordedAt ? `as the knowledge base stood at ${recordedAt}` : 'everything recorded so far';
  const steps = [...timeline.world, ...timeline.publication];
  return [
    `Timeline of ${id}`,
    '',
    `Across world time (what happened when), from ${knownAt ? `reports published by ${knownAt}` : 'every report'}; ${recorded}:`,
    renderTable(
      columns('from'),
      timeline.world.map((s, i) => [s.from ?? '(no start)', ...cells(s, worldAccounts[i]!)]),
    ),
    '',
    `Across publication time (what was known when), judged ${at ? `at world time ${at}` : 'over all world time'}; ${recorded}:`,
    renderTable(
      columns('known at'),
      timeline.publication.map((s, i) => [s.knownAt, ...cells(s, publicationAccounts[i]!)]),
    ),
    ...unplacedNote(id, timeline.unknownPublication),
    ...(steps.some((s) => s.happened === 'possibly')
      ? [
          '',
          ...wrap(
            `happened: "possibly" when at least one account of the step only possibly happened by the world date it is judged at, "certainly" when every one certainly did (kb mission ${id} --at DAY shows how many, and which).`,
            100,
          ),
        ]
      : []),
  ].join('\n');
}

/**
 * What the publication table cannot place, said under it: a report dated `unknown` is never certainly
 * published by a day, so no row counts its account (or its retraction), though `kb mission` with no
 * --known-at does. Without this line the last row could read as the whole picture.
 */
function unplacedNote(id: string, unknown: MissionTimeline['unknownPublication']): string[] {
  const list = unknownPublicationList(unknown);
  if (list === null) return [];
  const { text, one } = list;
  return [
    '',
    ...wrap(
      `Not on the publication axis: ${text}, whose report's publication date is unknown or open-ended. No day above counts ${one ? 'it' : 'them'}; with no --known-at ${one ? 'it counts' : 'they count'} (kb mission ${id}).`,
      100,
    ),
  ];
}
