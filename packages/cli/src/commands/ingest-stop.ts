// kb ingest's answer to Ctrl-C and SIGTERM (ingest.ts): stop reading, commit what was read, say so.
import { type ProgressSink, SILENT } from '../render/progress.js';

/**
 * Ctrl-C or SIGTERM during an ingest: reading stops, even while it waits on a quiet stdin, the
 * records read so far are committed and the run ends there (IngestOptions.signal). A second signal
 * gets the default behaviour, stopping at once; the open transaction, if any, is then rolled back,
 * so nothing is half-written either way. A dry run writes nothing anywhere, and says so.
 *
 * The listeners go at the first signal, so the default behaviour needs no JavaScript and ends kb
 * even while a commit holds its thread. Two signals that both came while the thread was busy are
 * taken as one: the second is handed out after the first, when the listeners are gone, and kb
 * stops as after one (seen with a test's held commit: the stop had already run whole by then).
 */
export function stopOnSignal(
  dry: boolean,
  bar: ProgressSink = SILENT,
  { signals = process, write = (text: string) => void process.stderr.write(text) }: SignalOptions = {},
): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    dispose();
    // The bar ends first, leaving the cursor on a line of its own: a frame drawn after this line
    // would draw over it (progress.ts), and a second Ctrl-C leaves the terminal as clean.
    bar.finish();
    const what = dry
      ? 'stopping the dry run; nothing is written'
      : 'stopping: the records read so far are being committed';
    write(`kb: ${name}: ${what} (${name} again stops at once)\n`);
    controller.abort(new Error(`interrupted by ${name}`));
  };
  const dispose = () => {
    signals.off('SIGINT', onSignal);
    signals.off('SIGTERM', onSignal);
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
  return { signal: controller.signal, dispose };
}

/** Where stopOnSignal listens and writes: the process and its stderr, or a test's stand-ins. */
interface SignalOptions {
  readonly signals?: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
  readonly write?: (text: string) => void;
}
