import { type MissionTimeline, missionTimeline, resolveQuery } from '@kb/projections';
import { type ParsedCommand, type QueryOptions, UsageError } from '../args/parse-args.js';
import { openForRead } from '../context/open-context.js';
import { renderTable, wrap } from '../render/table.js';
import { clippedList } from '../render/text.js';
import { resolveMission } from './mission.js';
import type { Output } from './output.js';
import { toControlQuery } from './query-description.js';
import { nothingRecordedNote } from './status.js';
import { unknownPublicationList } from './unknown-publication-note.js';

/** `kb timeline MISSION`: status across world time, and separately across publication time. */
export async function timelineCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  const text = cmd.positionals.join(' ').trim();
  if (!text)
    throw new UsageError(
      'kb timeline needs a mission: an id, a name, a city or a country (kb timeline Ashgabat)',
    );
  const ctx = await openForRead(cmd.global, { notice: out.error });
  try {
    const id = resolveMission(ctx.view, text);
    const timeline = missionTimeline(ctx.view, id, toControlQuery(cmd.query));
    if (cmd.global.json) {
      out.json({ mission: id, ...timeline });
      return 0;
    }
    out.text(renderTimeline(id, timeline, cmd.query));
    const { recordedAt } = cmd.query;
    if (timeline.world.length === 0 && timeline.publication.length === 0 && recordedAt !== null) {
      // As kb status says it; and when the log had begun but not this mission, when the mission came.
      const note = await nothingRecordedNote(ctx.kb.store, recordedAt);
      const mission = ctx.view.getMission(id);
      const cutoff = resolveQuery({ recordedAt }).recordedBy!;
      if (note !== undefined) out.text(note);
      else if (mission !== undefined && Date.parse(mission.recorded.recordedAt) > cutoff)
        out.text(
          `Nothing about ${id} had been recorded by then: the mission was recorded at ${mission.recorded.recordedAt}.`,
        );
    }
    return 0;
  } finally {
    await ctx.close();
  }
}

// A step rests on every standing account of its day: a mission with sixty claims would list them
// all on each step, wrapped down the screen. The text shows this many; --json lists every one.
const IDS_SHOWN = 10;

/**
 * A step's accounts as its row names them: every standing one, a superseded one with what superseded
 * it, then the retracted ones, so an account never leaves the table without the reason.
 */
export function stepClaims(step: MissionTimeline['world' | 'publication'][number]): string[] {
  const by = new Map(step.superseded.map((s) => [s.claimId, s.supersededBy]));
  return [
    ...step.claimIds.map((id) => (by.has(id) ? `${id} (superseded by ${by.get(id)})` : id)),
    ...step.retracted.map((id) => `${id} (retracted)`),
  ];
}

/** Both tables, each headed by where the other axes were held. */
export function renderTimeline(id: string, timeline: MissionTimeline, query: QueryOptions): string {
  const columns = (first: string) => [
    { title: first },
    { title: 'status' },
    { title: 'controller' },
    { title: 'happened' },
    { title: 'claims', max: 60 },
  ];
  const cells = (s: MissionTimeline['world' | 'publication'][number]) => [
    s.status,
    s.controller ?? '-',
    s.happened ?? '-',
    clippedList(stepClaims(s), IDS_SHOWN, '--json lists every one'),
  ];
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
      timeline.world.map((s) => [s.from ?? '(no start)', ...cells(s)]),
    ),
    '',
    `Across publication time (what was known when), judged ${at ? `at world time ${at}` : 'over all world time'}; ${recorded}:`,
    renderTable(
      columns('known at'),
      timeline.publication.map((s) => [s.knownAt, ...cells(s)]),
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
