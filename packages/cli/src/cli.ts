import { IngestInterruptedError } from '@kb/ingest';
import { UnknownMissionError } from '@kb/projections';
import { isDamageCode, StoreUnavailableError, UnreadableEventError } from '@kb/store';
import { commandHelp, commandHelpJson, helpJson } from './args/command-help.js';
import { commandHint } from './args/option-rules.js';
import { DAY, type ParsedCommand, parseCommandLine, UsageError } from './args/parse-args.js';
import { demoCommand } from './commands/demo.js';
import { EXIT_INTERRUPTED, ingestCommand, interruptedLine } from './commands/ingest.js';
import { logCommand } from './commands/log.js';
import { missionCommand } from './commands/mission.js';
import { type Output, processOutput } from './commands/output.js';
import { READ_COMMANDS, signalsTaken, stopReadOnSignal } from './commands/read-stop.js';
import { rebuildCommand } from './commands/rebuild.js';
import { sourcesCommand } from './commands/sources.js';
import { statusCommand } from './commands/status.js';
import { timelineCommand } from './commands/timeline.js';
import { traceCommand } from './commands/trace.js';
import { verifyCommand } from './commands/verify.js';
import { CliError } from './context/open-context.js';
import { sqliteErrorIn } from './context/private-copy.js';
import { refuseOtherThanFile } from './context/store-path.js';
import { shellWord } from './render/command-line.js';

export const USAGE = `kb: a knowledge base of contested claims

Usage (kb help COMMAND, or kb COMMAND --help, for one command):
  kb demo                          ingest the bundled dataset and show the picture on 2023-03-28 (npm start)
  kb ingest FILE|-                 append claim records (NDJSON, a JSON array, or jq-style records); rejects to FILE.rejected.ndjson
  kb status [--contested]          every mission's status
  kb mission MISSION [--controller NAME] [--limit N]
                                   one mission's accounts side by side (MISSION: id, name, city, country, or "city, country")
  kb timeline MISSION              status across world time and across publication time
  kb trace CLAIM_ID [--prov]       a claim back to its source; --prov prints W3C PROV-JSON
  kb sources                       per outlet and claimant: claims, grades, contradictions, retractions
  kb verify [--anchor HASH] [--read-models]
                                   check the hash chain; exit 1 names the first bad position
  kb log [--from POSITION]         the events as recorded, with the ingest run that wrote each
  kb rebuild                       drop the read models and replay the whole log into them

Ingest:
  --dry-run            ingest into a private scratch copy and report what would happen; the store is not changed
  --rejects FILE       where rejected lines go (default FILE.rejected.ndjson, or ./rejected.ndjson for -; not written on a dry run)
  --batch-size N       records per transaction, 1 to 10000 (default 100)

Status and trace:
  --contested          kb status: only the missions whose control is contested
  --prov               kb trace: the trace as W3C PROV-JSON

Mission:
  --controller NAME    list only the accounts naming this controller: an actor's id, name or alias, none
                       (closed) or unknown; the status and counts stay those of the whole mission
  --limit N            kb mission: list at most N accounts (1 or more), standing first (default all);
                       kb log: show at most N events, 1 to 100000 (default 50)

Log (and --limit, above):
  --from POSITION      start at this position of the log (default 1)
  --run RUN_ID         only the events this ingest run wrote
  --runs               instead of events, one row for each ingest run: its first and last position and
                       recorded time, and its events by type (kb log --runs alone, or with --json)
  --type TYPE          only events of this type (ClaimRecorded, ClaimRetracted, ...)
  --stream STREAM      only this stream's events (claim-ID, mission-ID, report-ID, ...)

Verify:
  --anchor HASH        also require the event with this hash (a last hash kb verify printed before) to be in the log
  --read-models        also compare the read models the other commands answer from with a rebuild from the log (on a copy)

Time (status, mission, timeline, sources, demo; kb trace takes --recorded-at alone):
  --at DATE            world time: what had happened by DATE
  --known-at DATE      publication time: only reports certainly published by DATE
  --recorded-at DATE   recorded time: the knowledge base exactly as it stood then (a DATE means its end, UTC;
                       or an ISO timestamp such as 2026-11-28T12:00:00Z)

Everywhere:
  --store PATH         the embedded store (default ./data/kb.sqlite, or $KB_STORE)
  --eventstore URL     an EventStoreDB instead, e.g. esdb://localhost:2113?tls=false
  --json               machine-readable output
  --debug              show stack traces

Exit codes: 0 ok; 1 error or a broken chain; 2 wrong usage; 3 some ingested lines were rejected;
130 stopped by Ctrl-C or SIGTERM (an ingest keeps what it committed: run it again to go on).`;

type Handler = (cmd: ParsedCommand, out: Output) => Promise<number>;

const COMMANDS: Record<string, Handler> = {
  demo: demoCommand,
  ingest: ingestCommand,
  status: statusCommand,
  mission: missionCommand,
  timeline: timelineCommand,
  trace: traceCommand,
  sources: sourcesCommand,
  verify: verifyCommand,
  log: logCommand,
  rebuild: rebuildCommand,
};

/** Runs one kb invocation and returns its exit code; never throws. */
export async function run(argv: readonly string[], out: Output = processOutput()): Promise<number> {
  let debug = argv.includes('--debug');
  let eventstore: string | null = null;
  let store: string | null = null;
  let recordedAt: string | null = null;
  try {
    const cmd = parseCommandLine(argv);
    recordedAt = cmd.query.recordedAt;
    debug = cmd.global.debug;
    eventstore = cmd.global.eventstore;
    if (eventstore === null) store = cmd.global.store;
    if (cmd.help || cmd.command === 'help') {
      const topic = cmd.command === 'help' ? cmd.positionals[0] : cmd.command;
      if (topic === undefined || topic === 'help') {
        if (cmd.global.json) await out.json(helpJson(USAGE));
        else out.text(USAGE);
        return 0;
      }
      const help = cmd.global.json ? commandHelpJson(USAGE, topic) : commandHelp(USAGE, topic);
      if (help === null)
        throw new UsageError(`no help on "${topic}": it is not a command${commandHint(topic)}`);
      if (typeof help === 'string') out.text(help);
      else await out.json(help);
      return 0;
    }
    const handler = Object.hasOwn(COMMANDS, cmd.command) ? COMMANDS[cmd.command] : undefined;
    if (!handler) throw new UsageError(`unknown command "${cmd.command}"`);
    const unfinished = dayNotOver(recordedAt, new Date());
    if (unfinished !== null) out.error(unfinished);
    // kb verify checks it itself, so that --json still answers with its report's keys.
    if (!cmd.global.eventstore && cmd.command !== 'verify') refuseOtherThanFile(cmd.global.store);
    // A command that only reads stops on Ctrl-C or SIGTERM, saying so (read-stop.ts), kb mission
    // and kb timeline until their answer (stopReadUntilAnswer); kb ingest commits what it read first
    // (ingest-stop.ts); kb rebuild and kb demo say what they kept (rebuild.ts, demo.ts).
    const stopping = READ_COMMANDS.has(cmd.command) ? stopReadOnSignal(cmd.command) : () => {};
    try {
      const code = await handler(cmd, out);
      // A signal that came in the last stretch of work waits for the event loop to poll: given the
      // turns that takes here, it is answered as any other, rather than lost once the listeners go.
      if (READ_COMMANDS.has(cmd.command)) await signalsTaken();
      return code;
    } finally {
      stopping();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      out.error(`kb: ${error.message}\nRun kb help for the commands and options.`);
      return 2;
    }
    if (error instanceof CliError) {
      out.error(`kb: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof IngestInterruptedError) {
      // kb demo's ingest; kb ingest reports its own with the run's summary.
      out.error(interruptedLine(error.report));
      return EXIT_INTERRUPTED;
    }
    if (error instanceof UnknownMissionError) {
      // Resolved by name from the registered missions, then not found in the view asked: under
      // --recorded-at, a mission registered after that time; with none, the view changed between the
      // two (which one read snapshot rules out for the embedded store).
      out.error(
        recordedAt === null
          ? `kb: ${error.message} in the knowledge base's answer; run the command again`
          : `kb: ${error.message} in the knowledge base as it stood at ${recordedAt} (nothing about it was recorded by the --recorded-at time)`,
      );
      return 1;
    }
    // An event of the log that cannot be read, wherever a command meets it: one line naming it.
    if (error instanceof UnreadableEventError) {
      out.error(`kb: ${error.message}`);
      if (debug && error.stack) out.error(error.stack);
      return 1;
    }
    const damaged = store === null ? null : damagedFileLine(store, error);
    if (damaged !== null) {
      out.error(damaged);
      if (debug && error instanceof Error && error.stack) out.error(error.stack);
      return 1;
    }
    if (error instanceof StoreUnavailableError) {
      out.error(`kb: ${error.message}`);
      // Nothing answered at the address: most often a server that is not started.
      if (eventstore !== null && /\bunavailable\b/i.test(error.message))
        out.error(
          `kb: is an EventStoreDB server running at ${eventstore}? From this repository, docker compose up -d eventstore starts one (docs/eventstoredb.md).`,
        );
      if (debug && error.cause instanceof Error && error.cause.stack) out.error(error.cause.stack);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    out.error(`kb: ${message}`);
    if (debug && error instanceof Error && error.stack) out.error(error.stack);
    else out.error('(run again with --debug for the details)');
    return 1;
  }
}

/**
 * The line for a failure SQLite gave as damage (a page it cannot read) in the store's file, met past
 * its opening (which names the file itself): SQLite's words alone name no file and no next step.
 * Null for any other failure.
 */
export function damagedFileLine(store: string, error: unknown): string | null {
  const damage = sqliteErrorIn(error, isDamageCode);
  if (damage === undefined) return null;
  if (error instanceof StoreUnavailableError && error.message.startsWith('cannot open the event file '))
    return null;
  const file = shellWord(store);
  const message = error instanceof Error ? error.message : String(error);
  return (
    `kb: ${store} is damaged: SQLite cannot read a page of it (${message}). kb verify --store ${file} names where the log is hit; ` +
    `keep the file as it is, and restore a backup or copy what SQLite can read into a new file (sqlite3 ${file} .dump | sqlite3 NEW)`
  );
}

/**
 * A --recorded-at of today, as a day, means the end of a day not over yet: the answer is everything
 * recorded so far, and the same question can get another answer before midnight UTC. Said, so an
 * auditor does not keep it as what the knowledge base said that day. Null for any other value.
 */
export function dayNotOver(recordedAt: string | null, now: Date): string | null {
  if (recordedAt === null || !DAY.test(recordedAt)) return null;
  if (recordedAt !== now.toISOString().slice(0, 10)) return null;
  return `kb: note: --recorded-at ${recordedAt} is today, which is not over (it is now ${now.toISOString()}): this answers with everything recorded so far, and the same question may get another answer before the day ends, UTC`;
}
