// How far `kb rebuild` has come: a bar on a terminal, as the other long commands draw, and on a pipe
// the lines a script or a kept log may read (`rebuilding: N of M events`), each with the time left.
import { afterDelay, progressBar } from './progress.js';
import { timeLeft } from './progress-estimate.js';

/** Progress lines on a pipe: one per tenth of the log at most. */
const PROGRESS_STEPS = 10;

interface StderrLike {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(chunk: string): boolean;
}

export interface RebuildProgressOptions {
  /** Where a bar is drawn, when it is a terminal. */
  readonly stream?: StderrLike;
  /** Writes one line on stderr (a pipe's progress lines). */
  readonly line: (text: string) => void;
  /** --json: a pipe gets no lines (a terminal still gets the bar, which never reaches stdout). */
  readonly json?: boolean;
  readonly now?: () => number;
}

export interface RebuildProgress {
  /** The read models now hold the log up to `held`, of the `total` positions the rebuild began with. */
  held(held: number): void;
  finish(): void;
}

/**
 * Progress of a rebuild of `total` events. On a terminal: a bar labelled `rebuild`, once the work has
 * taken a second, with the time left. Elsewhere: a line each tenth of the log at most (none at the
 * end, which the command's own line says), with the time left once the estimate has one.
 */
export function rebuildProgress(
  total: number,
  { stream = process.stderr, line, json = false, now = Date.now }: RebuildProgressOptions,
): RebuildProgress {
  const detail = (held: number) => `${held} of ${total} events`;
  if (stream.isTTY) {
    const bar = afterDelay(progressBar(stream, 'rebuild', now), 1000, now);
    return { held: (held) => bar.update(held, total, detail(held)), finish: () => bar.finish() };
  }
  if (json) return { held() {}, finish() {} };
  const step = Math.max(1, Math.ceil(total / PROGRESS_STEPS));
  const estimate = timeLeft();
  let reported = 0;
  return {
    held(held) {
      // Every count goes to the estimate, so its pace spans the whole of its window.
      const left = estimate(held, total, now());
      if (held - reported < step || held >= total) return;
      reported = held;
      line(`rebuilding: ${detail(held)}${left === null ? '' : `, ${left}`}`);
    },
    finish() {},
  };
}
