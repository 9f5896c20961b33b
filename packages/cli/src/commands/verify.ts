import { StoreUnavailableError, type VerifyReport } from '@kb/store';
import type { ParsedCommand } from '../args/parse-args.js';
import { CliError, openForWrite, requireKnowledgeBase } from '../context/open-context.js';
import { withReadOnlyFile } from '../context/read-only-store.js';
import { storeOptions } from '../render/command-line.js';
import { progressBar } from '../render/progress.js';
import type { Output } from './output.js';

/** `kb verify`: walks the hash chain; exit 0 when intact, 1 naming the first bad position otherwise. */
export async function verifyCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  if (!cmd.global.eventstore) requireKnowledgeBase(cmd.global.store);
  let report: VerifyReport;
  try {
    report = cmd.global.eventstore ? await verifyEventStoreDb(cmd) : await verifyFile(cmd.global.store, out);
  } catch (error) {
    if (error instanceof CliError) throw error;
    // A server that does not answer has verified nothing, broken or not: said as for any command.
    // (The driver's failures read "EventStoreDB …"; an event whose envelope was altered is a break.)
    if (
      cmd.global.eventstore &&
      error instanceof StoreUnavailableError &&
      error.message.startsWith('EventStoreDB ')
    )
      throw error;
    // A file too damaged to open or read is a failed verification, not a crash.
    const reason = error instanceof Error ? error.message : String(error);
    if (cmd.global.json) out.json({ ok: false, checked: 0, firstBreak: null, error: reason });
    else out.text(`BROKEN: the store could not be read (${reason})`);
    return 1;
  }
  if (cmd.global.json) out.json(report);
  else if (report.ok) out.text(`ok: ${report.checked} events checked; the hash chain is intact`);
  else {
    const b = report.firstBreak!;
    const from = Math.max(1, b.position - 1);
    out.text(
      `BROKEN at position ${b.position}: ${b.reason}\n${report.checked} events before it verified.\n` +
        `kb log --from ${from} --limit 3${storeOptions(cmd.global)} --json shows the events there as stored.`,
    );
  }
  return report.ok ? 0 : 1;
}

/**
 * The embedded file, read-only: checking the evidence must not change it (read-only-store.ts). A
 * bar on a terminal: a million events take about ten seconds here.
 */
async function verifyFile(path: string, out: Output): Promise<VerifyReport> {
  const bar = progressBar(process.stderr, 'verify');
  try {
    return await withReadOnlyFile(
      path,
      out,
      (store) =>
        store.verify({
          onProgress: (checked, total) => bar.update(checked, total, `${checked} of ${total} events`),
        }),
      'checks',
    );
  } finally {
    bar.finish();
  }
}

async function verifyEventStoreDb(cmd: ParsedCommand): Promise<VerifyReport> {
  const kb = await openForWrite(cmd.global);
  try {
    const store = kb.store as typeof kb.store & { verify?: () => Promise<VerifyReport> };
    if (typeof store.verify !== 'function') throw new CliError('this store cannot verify its log');
    return await store.verify();
  } finally {
    await kb.close();
  }
}
