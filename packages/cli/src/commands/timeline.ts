import { missionTimeline } from '@kb/projections';
import { type ParsedCommand, UsageError } from '../args/parse-args.js';
import { openForRead } from '../context/open-context.js';
import { renderTable } from '../render/table.js';
import { resolveMission } from './mission.js';
import type { Output } from './output.js';
import { toControlQuery } from './query-description.js';

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
    const columns = (first: string) => [
      { title: first },
      { title: 'status' },
      { title: 'controller' },
      { title: 'happened' },
      { title: 'claims', max: 60 },
    ];
    // Each axis is walked in turn; the others stay where the options put them, and the reader is told.
    const { at, knownAt, recordedAt } = cmd.query;
    const recorded = recordedAt
      ? `as the knowledge base stood at ${recordedAt}`
      : 'everything recorded so far';
    out.text(
      `Timeline of ${id}\n\nAcross world time (what happened when), from ${knownAt ? `reports published by ${knownAt}` : 'every report'}; ${recorded}:`,
    );
    out.text(
      renderTable(
        columns('from'),
        timeline.world.map((s) => [
          s.from ?? '(no start)',
          s.status,
          s.controller ?? '-',
          s.happened ?? '-',
          s.claimIds.join(' '),
        ]),
      ),
    );
    out.text(
      `\nAcross publication time (what was known when), judged ${at ? `at world time ${at}` : 'over all world time'}; ${recorded}:`,
    );
    out.text(
      renderTable(
        columns('known at'),
        timeline.publication.map((s) => [
          s.knownAt,
          s.status,
          s.controller ?? '-',
          s.happened ?? '-',
          s.claimIds.join(' '),
        ]),
      ),
    );
    return 0;
  } finally {
    await ctx.close();
  }
}
