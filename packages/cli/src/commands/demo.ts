import { fileURLToPath } from 'node:url';
import { missionControl, overview } from '@kb/projections';
import type { ParsedCommand } from '../args/parse-args.js';
import { openForRead } from '../context/open-context.js';
import { storeOptions } from '../render/command-line.js';
import { EXIT_REJECTED, ingestFile, summarise } from './ingest.js';
import { renderMission, resolveMission } from './mission.js';
import type { Output } from './output.js';
import { describeQuery, toControlQuery } from './query-description.js';
import { renderOverview, summaryOf } from './status.js';

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
  const report = await ingestFile(cmd, BUNDLED_DATASET);
  if (!cmd.global.json) {
    out.text(`Knowledge base: ${cmd.global.eventstore ?? cmd.global.store}`);
    out.text(summarise(report));
  }
  const query = {
    ...cmd.query,
    at: cmd.query.at ?? ARTICLE_DATE,
    knownAt: cmd.query.knownAt ?? ARTICLE_DATE,
  };
  const ctx = await openForRead(cmd.global, { notice: out.error });
  try {
    const control = toControlQuery(query);
    const rows = overview(ctx.view, control);
    const khorog = missionControl(ctx.view, resolveMission(ctx.view, 'Khorog'), control);
    if (cmd.global.json) {
      out.json({ ingest: report, overview: rows, khorog });
    } else {
      out.text(`\n${renderOverview(rows.map(summaryOf), describeQuery(query), false)}`);
      out.text(`\n${renderMission(khorog, describeQuery(query))}`);
      out.text(`\n${nextSteps(cmd)}`);
    }
    return report.rejected.length > 0 ? EXIT_REJECTED : 0;
  } finally {
    await ctx.close();
  }
}

/** Commands to try next, on the same store; the overview as the demo showed it, at the article's date. */
export function nextSteps(cmd: ParsedCommand): string {
  const on = storeOptions(cmd.global);
  const dated = ` --at ${ARTICLE_DATE} --known-at ${ARTICLE_DATE}`;
  return `Next: ${[
    `npx kb mission Khorog --json${on}`,
    `npx kb trace diplomat-2023-03-khorog-denial${on}`,
    `npx kb status --contested${dated}${on}`,
    `npx kb timeline Ashgabat${on}`,
  ].join('; ')}`;
}
