import { type MissionControl, overview } from '@kb/projections';
import type { ParsedCommand } from '../args/parse-args.js';
import { openForRead } from '../context/open-context.js';
import { renderTable } from '../render/table.js';
import type { Output } from './output.js';
import { describeQuery, toControlQuery } from './query-description.js';

/** `kb status`: every mission's status at the query, optionally only the contested ones. */
export async function statusCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  const ctx = await openForRead(cmd.global, { notice: out.error });
  try {
    const rows = overview(ctx.view, { ...toControlQuery(cmd.query), contestedOnly: cmd.contested });
    if (cmd.global.json) out.json(rows);
    else out.text(renderOverview(rows, describeQuery(cmd.query), cmd.contested));
    return 0;
  } finally {
    await ctx.close();
  }
}

export function renderOverview(
  rows: readonly MissionControl[],
  scope: string,
  contestedOnly: boolean,
): string {
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
      row.status,
      row.controller ?? (row.status === 'contested' ? '(disputed)' : '-'),
      String(row.accounts.length),
      String(row.independentOrigins),
    ]),
  );
  return `${header}\n\n${table}`;
}
