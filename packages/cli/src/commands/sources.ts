import { sourceLedger } from '@kb/projections';
import type { ParsedCommand } from '../args/parse-args.js';
import { openForRead } from '../context/open-context.js';
import { missionsBar } from '../render/progress.js';
import { renderTable } from '../render/table.js';
import type { Output } from './output.js';
import { toControlQuery } from './query-description.js';

/** `kb sources`: per outlet and per claimant, what they claimed and how often it was contradicted. */
export async function sourcesCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  const ctx = await openForRead(cmd.global, { notice: out.error });
  try {
    // A bar on a terminal once it takes more than a second: every mission's accounts are counted.
    const bar = missionsBar('sources');
    const ledger = sourceLedger(ctx.view, toControlQuery(cmd.query), bar.mission);
    bar.finish();
    if (cmd.global.json) {
      out.json(ledger);
      return 0;
    }
    out.text('Outlets\n');
    out.text(
      renderTable(
        [
          { title: 'outlet' },
          { title: 'grade' },
          { title: 'claims' },
          { title: 'contradicted' },
          { title: 'retracted' },
        ],
        ledger.outlets.map((o) => [
          o.outlet,
          o.reliability ?? 'F',
          String(o.claims.length),
          String(o.contradicted),
          String(o.retracted),
        ]),
      ),
    );
    out.text('\nClaimants\n');
    out.text(
      renderTable(
        [
          { title: 'claimant', max: 50 },
          { title: 'via', max: 40 },
          { title: 'actor' },
          { title: 'claims' },
          { title: 'contradicted' },
          { title: 'retracted' },
        ],
        ledger.claimants.map((c) => [
          c.names.join(' / '),
          c.via.length > 0 ? c.via.join(' / ') : '-',
          c.actorId ?? '-',
          String(c.claims.length),
          String(c.contradicted),
          String(c.retracted),
        ]),
      ),
    );
    return 0;
  } finally {
    await ctx.close();
  }
}
