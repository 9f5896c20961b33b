import { DEFAULT_RELIABILITY } from '@kb/domain';
import { type SourceLedger, sourceLedgerSteps } from '@kb/projections';
import type { ParsedCommand, QueryOptions } from '../args/parse-args.js';
import { openForRead } from '../context/open-context.js';
import { missionsBar } from '../render/progress.js';
import { renderTable, wrap } from '../render/table.js';
import { clippedList } from '../render/text.js';
import { noteTo, type Output } from './output.js';
import { toControlQuery } from './query-description.js';
import { pauseDue } from './read-stop.js';
import { nothingRecordedNote } from './status.js';

/** `kb sources`: per outlet and per claimant, what they claimed and how often it was contradicted. */
export async function sourcesCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  const ctx = await openForRead(cmd.global, { notice: out.error });
  try {
    // A bar on a terminal once it takes more than a second: every mission's accounts are counted.
    const bar = missionsBar('sources');
    // A mission at a time, with a turn of the event loop now and then, so Ctrl-C stops a long
    // count (read-stop.ts).
    let ledger: SourceLedger | null = null;
    for (const step of ctx.answerEach((view) =>
      sourceLedgerSteps(view, toControlQuery(cmd.query), bar.mission),
    )) {
      ledger = step;
      const wait = pauseDue();
      if (wait !== null) await wait;
    }
    bar.finish();
    if (ledger === null) throw new Error('kb sources: the ledger was not made');
    if (cmd.global.json) await out.json(ledger);
    else sourcesText(ledger, cmd.query, out);
    const { recordedAt } = cmd.query;
    if (ledger.outlets.length === 0 && ledger.claimants.length === 0 && recordedAt !== null) {
      // Under the empty text answer, or on stderr beside --json.
      const note = await nothingRecordedNote(ctx.kb.store, recordedAt);
      if (note !== undefined) noteTo(out, cmd.global.json)(note);
    }
    return 0;
  } finally {
    await ctx.close();
  }
}

/** The ledger as two tables, outlets then claimants. */
function sourcesText(ledger: SourceLedger, query: QueryOptions, out: Output): void {
  out.text('Outlets\n');
  out.text(
    renderTable(
      [
        { title: 'outlet' },
        { title: 'grade' },
        { title: 'claims' },
        { title: 'contradicted' },
        { title: 'denied' },
        { title: 'retracted' },
      ],
      ledger.outlets.map((o) => [
        o.outlet,
        o.reliability ?? DEFAULT_RELIABILITY,
        String(o.claims.length),
        String(o.contradicted),
        String(o.denied),
        String(o.retracted),
      ]),
    ),
  );
  const idle = ledger.outlets.filter((o) => o.claims.length === 0).map((o) => o.outlet);
  if (idle.length > 0) out.text(`\n${idleOutletsNote(idle, query)}`);
  out.text('\nClaimants\n');
  out.text(
    renderTable(
      [
        { title: 'claimant', max: 50 },
        { title: 'via', max: 40 },
        { title: 'actor' },
        { title: 'claims' },
        { title: 'contradicted' },
        { title: 'denied' },
        { title: 'retracted' },
      ],
      ledger.claimants.map((c) => [
        c.names.join(' / '),
        c.via.length > 0 ? c.via.join(' / ') : '-',
        c.actorId ?? '-',
        String(c.claims.length),
        String(c.contradicted),
        String(c.denied),
        String(c.retracted),
      ]),
    ),
  );
}

/**
 * Why an outlet with no claims is in the table: the knowledge base holds it (registered, with its
 * grade), but no claim of its reports counts here. A report may carry only a retraction (counted
 * under the retracted claim's own outlet), or be left out by --known-at, or its claims by --at.
 */
export function idleOutletsNote(outlets: readonly string[], query: QueryOptions): string {
  const one = outlets.length === 1;
  const reasons = [
    "carry only a retraction (counted under the retracted claim's own outlet)",
    ...(query.knownAt ? [`be published after --known-at ${query.knownAt}`] : []),
    ...(query.at ? [`hold only claims that had not happened by --at ${query.at}`] : []),
  ];
  const last = reasons.pop()!;
  const may = reasons.length > 0 ? `${reasons.join(', ')} or ${last}` : last;
  return wrap(
    `0 claims: ${clippedList(outlets, 10, '--json lists every one')} ${one ? 'is' : 'are'} registered, with a grade, but no claim of ${one ? 'its' : 'their'} reports, if any, counts here: a report may ${may}.`,
    100,
  ).join('\n');
}
