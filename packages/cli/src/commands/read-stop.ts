// The read commands' answer to Ctrl-C and SIGTERM (cli.ts): end the bar, say what was kept, exit 130.
import { removeLiveCopies } from '../context/private-copy.js';
import { finishLiveBars } from '../render/progress.js';

/** Exit code of a command stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it). */
const EXIT_INTERRUPTED = 130;

/** The commands that only read (a catch-up of the read models aside) that stopReadOnSignal serves. */
export const READ_COMMANDS: ReadonlySet<string> = new Set(['status', 'trace', 'sources', 'verify', 'log']);
// Not kb mission or kb timeline, which stop so only until their answer (stopReadUntilAnswer).

/** The last checkpoint a catch-up of the store's own read models committed in this process, if any. */
let caughtUpTo: number | null = null;

/** Said by the catch-up after each chunk it commits to the store's own file (not a private copy). */
export function noteReadModelsCommitted(checkpoint: number): void {
  caughtUpTo = checkpoint;
}

/**
 * Ctrl-C or SIGTERM during a command that only reads: the bar on the terminal is ended on its own
 * line, a line on stderr says the command was interrupted and what was kept, the private copies go,
 * and kb exits 130. Nothing is left half-written: the handler runs only between pieces of work
 * (the long ones let the event loop run now and then: pauseDue), never inside a transaction, and the
 * only writes a read command makes are a catch-up's chunks, each committed with its checkpoint.
 * Returns what takes the listeners away again.
 */
export function stopReadOnSignal(command: string, options: ReadStopOptions = {}): () => void {
  return stopOnSignalSaying((name, committed) => interruptedReadLine(name, command, committed), options);
}

/**
 * kb mission's and kb timeline's answer to Ctrl-C and SIGTERM: while `prepare` runs (opening the
 * store and bringing the read models up to date, with its bar), the read commands' (stopReadOnSignal).
 * Then the listeners go, once a signal that came in its last stretch has been taken (signalsTaken),
 * so that the answer, one stretch of work with no pause in it (seconds on a mission of thousands of
 * accounts), through which a listener would only hold the signal, is ended by the signal itself at
 * once, as is the writing of it. Returns what `prepare` gave.
 */
export async function stopReadUntilAnswer<T>(
  command: string,
  prepare: () => Promise<T>,
  options: ReadStopOptions = {},
): Promise<T> {
  const dispose = stopReadOnSignal(command, options);
  try {
    const prepared = await prepare();
    await signalsTaken();
    return prepared;
  } finally {
    dispose();
  }
}

/**
 * The same answer to Ctrl-C and SIGTERM for any command whose writes are all committed piece by
 * piece between turns of the event loop (kb rebuild's ranges, kb demo's catch-up): `say` gives the
 * line for the signal's name, told the last checkpoint a catch-up of the store's own read models
 * committed in this process (null for none); null instead of a line leaves this signal to another
 * handler (kb demo's ingest stops on its own) and keeps listening. Returns what takes the listeners
 * away again.
 */
export function stopOnSignalSaying(
  say: (name: NodeJS.Signals, committed: number | null) => string | null,
  options: ReadStopOptions = {},
): () => void {
  const signals = options.signals ?? process;
  const onSignal = (name: NodeJS.Signals) => {
    const line = say(name, caughtUpTo);
    if (line === null) return;
    dispose();
    stopInterrupted(line, options);
  };
  const dispose = () => {
    signals.off('SIGINT', onSignal);
    signals.off('SIGTERM', onSignal);
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
  return dispose;
}

/** Ends the bars on the terminal, removes the private copies, writes `line` on stderr and exits 130. */
export function stopInterrupted(
  line: string,
  {
    write = (text: string) => void process.stderr.write(text),
    exit = (code: number) => process.exit(code),
  }: ReadStopOptions = {},
): void {
  finishLiveBars();
  removeLiveCopies();
  write(`${line}\n`);
  exit(EXIT_INTERRUPTED);
}

/** What a read command stopped by `name` says: that nothing was changed, or what a catch-up kept. */
export function interruptedReadLine(name: string, command: string, committed: number | null): string {
  const stopped = `kb: ${name}: kb ${command} interrupted`;
  if (committed === null) return `${stopped}; it only reads, so nothing was changed`;
  return `${stopped}. The log was not changed; ${catchUpKept(committed)}, and the next command goes on from there`;
}

/** What a catch-up of the read models stopped after committing up to `committed` kept, in words. */
export function catchUpKept(committed: number): string {
  return `the read models, which it was bringing up to date, keep the events applied so far (up to position ${committed}, each chunk committed with its checkpoint)`;
}

/** Where stopReadOnSignal listens, writes and exits: the process, or a test's stand-ins. */
export interface ReadStopOptions {
  readonly signals?: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
  readonly write?: (text: string) => void;
  readonly exit?: (code: number) => void;
}

/** How long work may run without letting the event loop take a signal. */
const PAUSE_EVERY_MS = 50;
let lastPause = performance.now();

/**
 * A wait of one turn of the event loop when the last was PAUSE_EVERY_MS ago or more, else null: a
 * long loop asks every few thousand steps (or every mission) and waits on what it gets, so a
 * signal's handler runs within a fraction of a second at the cost of a turn every 50 ms.
 */
export function pauseDue(): Promise<void> | null {
  const now = performance.now();
  if (now - lastPause < PAUSE_EVERY_MS) return null;
  return new Promise<void>((resolve) =>
    setImmediate(() => {
      lastPause = performance.now();
      resolve();
    }),
  );
}

/**
 * A wait that lets a signal come in the last stretch of work reach its listener: one that came while
 * the thread was held is taken when the event loop next polls, which a single setImmediate from a
 * poll-phase callback (an fs callback's continuation) comes before; the second comes after it.
 */
export async function signalsTaken(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}
