import type { LogFinding } from '@kb/projections';
import {
  type EventStore,
  GENESIS_HASH,
  isDamageCode,
  type RecordedTimeStep,
  SQLITE_SCHEMA_VERSION,
  SqliteEventStore,
  StoreUnavailableError,
  type VerifyReport,
} from '@kb/store';
import { type ParsedCommand, UsageError } from '../args/parse-args.js';
import { type CutShort, readableCopyOfCutFile } from '../context/cut-file.js';
import { CliError, openForWrite } from '../context/open-context.js';
import { sqliteErrorIn } from '../context/private-copy.js';
import { withReadOnlyFile } from '../context/read-only-store.js';
import { refuseOtherThanFile } from '../context/store-path.js';
import { requireKnowledgeBase } from '../context/store-presence.js';
import { shellWord, storeOptions } from '../render/command-line.js';
import { afterDelay, progressBar } from '../render/progress.js';
import type { Output } from './output.js';
import { pauseDue } from './read-stop.js';
import { keptFindings } from './verify-kept-findings.js';
import { checkReadModels, describeLogFindings, describeReadModelCheck } from './verify-read-models.js';
import { reportWalNotOwn, walNotOwnIn } from './verify-wal-not-own.js';

/** `kb verify`: walks the hash chain; exit 0 when intact, 1 naming the first bad position otherwise. */
export async function verifyCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  let report: VerifyReport;
  let anchor: AnchorOutcome = NOT_LOOKED_FOR;
  // What commands found and kept in the file: a log rewritten or cut back since the read models
  // applied it (rm_log_findings), which the chain alone cannot show.
  let findings: readonly LogFinding[] = [];
  try {
    if (!cmd.global.eventstore) {
      refuseOtherThanFile(cmd.global.store);
      requireKnowledgeBase(cmd.global.store);
    }
    [report, anchor, findings] = cmd.global.eventstore
      ? [...(await verifyEventStoreDb(cmd)), []]
      : await verifyFile(cmd.global.store, out, cmd.anchor);
  } catch (error) {
    // A connection string that is not one is a bad option value (openForWrite), as for any command.
    if (error instanceof UsageError) throw error;
    // A server that does not answer has verified nothing, broken or not: said as for any command.
    // (The driver's failures read "EventStoreDB …"; an event whose envelope was altered is a break.)
    // So is a store file that is not there: neither is a broken chain.
    const unreachable =
      cmd.global.eventstore !== null &&
      error instanceof StoreUnavailableError &&
      error.message.startsWith('EventStoreDB ');
    if (error instanceof CliError || unreachable) {
      if (!cmd.global.json) throw error;
      // Scripts still get an answer of the one shape on stdout; the reason goes to stderr as ever.
      await out.json(unreadAnswer(cmd, error.message));
      out.error(`kb: ${error.message}`);
      return error instanceof CliError ? error.exitCode : 1;
    }
    // A -wal beside the file that is not its own: the file alone is not what was refused.
    const notOwn = walNotOwnIn(error);
    if (notOwn !== undefined) return reportWalNotOwn(cmd, notOwn, out, (reason) => unreadAnswer(cmd, reason));
    // A file too damaged to open or read is a failed verification, not a crash.
    const message = error instanceof Error ? error.message : String(error);
    const reason = (cmd.global.eventstore ? undefined : olderSchema(cmd.global.store, message)) ?? message;
    if (cmd.global.json) {
      // As above: the answer's one shape on stdout, the reason on stderr too.
      await out.json(unreadAnswer(cmd, reason));
      out.error(`kb: ${reason}`);
    } else out.text(`BROKEN: the store could not be read (${reason})`);
    return 1;
  }
  const file = report.file ?? null;
  // Derived from the log, so compared only with a log that verifies, in a file SQLite reads whole.
  const models =
    cmd.readModels && report.firstBreak === null && (file === null || file.damage.length === 0)
      ? await checkReadModels(cmd.global.store, afterDelay(progressBar(process.stderr, 'read models')))
      : null;
  const modelsOk =
    models === null ||
    (models.state !== 'failed' && (models.state !== 'checked' || models.tables.length === 0));
  const ok = report.ok && modelsOk && findings.length === 0;
  if (cmd.global.json)
    await out.json({
      // The answer as a whole, as the exit code gives it: the chain's own is firstBreak === null.
      ok,
      checked: report.checked,
      lastHash: report.lastHash,
      firstBreak: report.firstBreak,
      recordedTimeStepsBack: report.recordedTimeStepsBack ?? null,
      file,
      logFindings: findings,
      ...(cmd.anchor === null ? {} : { anchor: { hash: cmd.anchor, ...anchor } }),
      ...(cmd.readModels ? { readModels: models === null ? null : { ok: modelsOk, ...models } } : {}),
    });
  else if (report.firstBreak === null) {
    out.text(`ok: ${report.checked} events checked; the hash chain is intact`);
    if (anchor.position === 0) out.text('The anchor is the hash every chain starts from.');
    else if (anchor.position !== null)
      out.text(`The anchor is the hash of the event at position ${anchor.position}.`);
    // A log cut back to an earlier event, its head row set to match, verifies on its own: only a
    // hash kept elsewhere tells.
    out.text(
      `Last hash: ${report.lastHash}\n` +
        `Kept elsewhere, it later shows that nothing up to it was cut off: kb verify --anchor ${report.lastHash}${storeOptions(cmd.global)}`,
    );
    if (file !== null) describeFileCheck(file, cmd, out);
    // With --read-models, the check's own description lists them.
    const found = models === null ? describeLogFindings(findings) : null;
    if (found !== null) out.text(found);
    // The other commands answer from the read models, which an "ok" for the log does not vouch for.
    if (!cmd.readModels && !cmd.global.eventstore)
      out.text(
        `Read models: not compared with the log; kb verify --read-models${storeOptions(cmd.global)} compares them with a rebuild.`,
      );
    if (models !== null) out.text(describeReadModelCheck(models));
    else if (cmd.readModels)
      out.text('Read models: not compared, as SQLite finds the file holding them damaged (above).');
    if (report.recordedTimeStepsBack !== undefined) out.text(describeStepBack(report.recordedTimeStepsBack));
  } else {
    const b = report.firstBreak!;
    const from = Math.max(1, b.position - 1);
    const unanchored = anchor.found === false;
    // At a broken link the event before it is not counted: nothing vouches for it any more.
    const verified = unanchored
      ? // No position names a missing anchor: the change may lie anywhere up to the anchored event.
        `The log's ${report.checked} events link to one another, but none has the anchor's hash, so nothing vouches for them.`
      : b.previous === undefined
        ? `${report.checked} events before it verified.`
        : `${report.checked} events before the one at ${b.previous} verified; that one matches its own hash, but the link that vouched for it is the one that breaks.`;
    out.text(`BROKEN${unanchored ? '' : ` at position ${b.position}`}: ${b.reason}\n${verified}`);
    // kb log reads the file as it is: past a damaged page or a cut, it cannot show the rows there.
    if (b.unreadable !== true && !unanchored)
      out.text(
        `kb log --from ${from} --limit 3${storeOptions(cmd.global)} --json shows the events there as stored.`,
      );
    if (file !== null) describeFileCheck(file, cmd, out);
    const found = describeLogFindings(findings);
    if (found !== null) out.text(found);
    if (cmd.readModels) out.text('Read models: not compared, as the log they derive from does not verify.');
    if (report.recordedTimeStepsBack !== undefined) out.text(describeStepBack(report.recordedTimeStepsBack));
  }
  return ok ? 0 : 1;
}

/** The answer when nothing could be read: the same keys as any other, for scripts; nothing checked, nothing found. */
function unreadAnswer(cmd: ParsedCommand, error: string): Record<string, unknown> {
  return {
    ok: false,
    checked: 0,
    lastHash: null,
    firstBreak: null,
    recordedTimeStepsBack: null,
    file: null,
    logFindings: [],
    ...(cmd.anchor === null ? {} : { anchor: { hash: cmd.anchor, ...NOT_LOOKED_FOR } }),
    ...(cmd.readModels ? { readModels: null } : {}),
    error,
  };
}

/**
 * Not a break (the times are hashed as written), but the auditor's replay leans on recorded times
 * rising along the log: between the two times it would show this event without those before it.
 */
function describeStepBack(step: RecordedTimeStep): string {
  return (
    `Note: the recorded times step back at position ${step.position} (${step.recordedAt}, after an event recorded ${step.after}): ` +
    'a machine clock went back while writing, or the recorded times were altered with the hashes computed again. ' +
    'A --recorded-at replay to a time between the two shows that event without some recorded before it.'
  );
}

/** What SQLite's check and the schema say of the file around the log (FileCheck), when anything. */
function describeFileCheck(file: NonNullable<VerifyReport['file']>, cmd: ParsedCommand, out: Output): void {
  const store = cmd.global.store;
  if (file.damage.length > 0)
    out.text(
      `BROKEN: SQLite finds the file damaged in the log's tables or their indexes (PRAGMA quick_check):\n${indent(file.damage)}\n` +
        'The walk reads the events in position order, so it verifies them past damage elsewhere; commands that look ' +
        'events up another way (kb trace, kb ingest) may fail as "malformed". Keep this file as it is; restore a backup, ' +
        `or write the file anew from a dump and verify that: sqlite3 ${shellWord(store)} .dump | sqlite3 NEW; kb verify --store NEW`,
    );
  // A check that could not run found nothing either way: not a break, and not sound either.
  if (file.unchecked !== null)
    out.text(
      `NOT CHECKED: ${file.unchecked}. That says nothing of damage: the file around the log was found neither damaged nor sound, so this check fails; run kb verify again.`,
    );
  if (file.foreign.length > 0)
    out.text(
      `BROKEN: the file holds schema objects on the log's tables that kb does not make:\n${indent(file.foreign)}\n` +
        'kb makes none of these: they were put there outside kb, and a trigger can change what later appends store before it is hashed. ' +
        'Keep this file as it is; to go on using the store, drop them on a copy (sqlite3 COPY "DROP TRIGGER name") and verify that.',
    );
}

const indent = (lines: readonly string[]) => lines.map((line) => `  ${line}`).join('\n');

/**
 * For a file that claims schema version 1 or 2: kb migrates those when it opens one for writing, which
 * changes the file, so the advice for the evidence is to verify a migrated copy. Undefined otherwise.
 */
function olderSchema(path: string, message: string): string | undefined {
  // Read from the store's refusal, not from the file: opening a write-protected file in write-ahead-log
  // mode, even read-only, leaves a -wal and a -shm beside the evidence.
  const version = /the event file has schema version ([^;\s]+);/.exec(message)?.[1];
  if (version !== '1' && version !== '2') return undefined;
  return (
    `the event file claims schema version ${version}; kb verify reads version ${SQLITE_SCHEMA_VERSION}. ` +
    'kb migrates older versions when it opens a file for writing, which would change this one: keep it as it is, and ' +
    `verify a migrated copy (cp ${shellWord(path)} COPY; kb status --store COPY; kb verify --store COPY)`
  );
}

/**
 * The embedded file, read-only: checking the evidence must not change it (read-only-store.ts). A
 * bar on a terminal: a million events take about ten seconds here.
 */
async function verifyFile(
  path: string,
  out: Output,
  anchor: string | null,
): Promise<readonly [VerifyReport, AnchorOutcome, readonly LogFinding[]]> {
  const bar = progressBar(process.stderr, 'verify');
  const check = async (store: SqliteEventStore) => {
    const walked = await store.verify({
      onProgress: (checked, total) => bar.update(checked, total, `${checked} of ${total} events`),
      // A turn of the event loop now and then, so Ctrl-C stops the walk (read-stop.ts).
      pause: pauseDue,
    });
    const [report, findings] = keptFindings(store.database, walked);
    return [...(await anchored(store, report, anchor)), findings] as const;
  };
  try {
    try {
      return await withReadOnlyFile(path, out, check, 'checks');
    } catch (error) {
      const damaged = sqliteErrorIn(error, isDamageCode);
      const copy = damaged === undefined ? null : readableCopyOfCutFile(path);
      if (copy === null) throw error;
      // SQLite refuses a file cut short by whole pages; its copy, told how many are left, is read
      // up to the cut, so the first event lost is named (cut-file.ts).
      try {
        const [report, , findings] = await withReadOnlyFile(copy.path, out, check, 'checks');
        return [cutReport(report, copy), NOT_LOOKED_FOR, findings];
      } catch {
        // Too little left to read (the schema's own pages gone): the file's own refusal says so.
        throw error;
      } finally {
        copy.remove();
      }
    }
  } finally {
    bar.finish();
  }
}

/** The report on the readable part of a file cut short: broken, where the walk stopped, whatever it found. */
function cutReport(report: VerifyReport, cut: CutShort): VerifyReport {
  const said = `the file is cut short: it holds ${cut.actualBytes} of the ${cut.recordedBytes} bytes its header records`;
  const position = report.firstBreak?.position ?? report.checked + 1;
  const reason = report.firstBreak === null ? said : `${said}; ${report.firstBreak.reason}`;
  return { ...report, ok: false, firstBreak: { position, reason, unreadable: true } };
}

async function verifyEventStoreDb(cmd: ParsedCommand): Promise<Verified> {
  const kb = await openForWrite(cmd.global);
  try {
    const store = kb.store as typeof kb.store & { verify?: () => Promise<VerifyReport> };
    if (typeof store.verify !== 'function') throw new CliError('this store cannot verify its log');
    const report = await store.verify();
    return await anchored(store, report, cmd.anchor);
  } finally {
    await kb.close();
  }
}

/**
 * What became of `--anchor`, as `--json` gives it: found at a position (0 for the genesis hash); not
 * found in a chain that verified (`found: false`, and the report is broken there); or not looked
 * for (`found: null`), as no anchor was given, or the chain broke or could not be read first.
 */
interface AnchorOutcome {
  readonly found: boolean | null;
  readonly position: number | null;
}

const NOT_LOOKED_FOR: AnchorOutcome = { found: null, position: null };
const foundAt = (position: number): AnchorOutcome => ({ found: true, position });

/** A verification's report, and what became of the anchor. */
type Verified = readonly [VerifyReport, AnchorOutcome];

/**
 * With an anchor, the position of the event whose chain hash it is; when no event has it, the report
 * turns broken (unanchored). Without one, or with a chain already broken, the report as it is.
 */
async function anchored(store: EventStore, report: VerifyReport, anchor: string | null): Promise<Verified> {
  if (anchor === null || report.firstBreak !== null) return [report, NOT_LOOKED_FOR];
  // What an empty store printed as its last hash: every chain starts from it.
  if (anchor === GENESIS_HASH) return [report, foundAt(0)];
  let last = 0;
  if (store instanceof SqliteEventStore) {
    const db = store.database;
    last = (db.prepare('SELECT max(position) FROM events').pluck().get() as number | null) ?? 0;
    // Most often the last hash noted at the last verify, and nothing appended since: no scan.
    if (anchor === report.lastHash && last > 0) return [report, foundAt(last)];
    const found = db.prepare('SELECT position FROM events WHERE hash = ?').pluck().get(anchor);
    if (typeof found === 'number') return [report, foundAt(found)];
  } else {
    for await (const event of store.readAll()) {
      if (event.hash === anchor) return [report, foundAt(event.position)];
      last = event.position;
    }
  }
  return [unanchored(report, anchor, last + 1), { found: false, position: null }];
}

/**
 * A chain that verifies but no longer holds the anchor: cut back to before it, or written anew.
 * Named at the position after the last event, where the log stops matching what was noted.
 */
function unanchored(report: VerifyReport, anchor: string, position: number): VerifyReport {
  return {
    ...report,
    ok: false,
    firstBreak: {
      position,
      reason: `no event in the log has the anchor hash ${anchor}: the log was cut back to before that event or written anew since the hash was noted`,
    },
  };
}
