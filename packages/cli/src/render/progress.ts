/** Where progress goes: a terminal gets a redrawn bar, anything else gets nothing (pipes stay clean). */
export interface ProgressSink {
  update(done: number, total: number | null, detail: string): void;
  finish(): void;
}

/** A sink that shows nothing. */
export const SILENT: ProgressSink = { update() {}, finish() {} };

interface TtyLike {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(chunk: string): boolean;
}

/** A progress bar on stderr when it is a terminal; a silent sink otherwise. */
export function progressBar(stream: TtyLike = process.stderr, label = 'ingest'): ProgressSink {
  if (!stream.isTTY) return SILENT;
  let last = 0;
  let drawn = false;
  return {
    update(done, total, detail) {
      const now = Date.now();
      if (now - last < 100 && (total === null || done < total)) return;
      last = now;
      drawn = true;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 60));
      const fraction = total ? Math.min(1, done / total) : null;
      const bar =
        fraction === null
          ? ''
          : `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '.')}] ${(fraction * 100).toFixed(0).padStart(3)}% `;
      stream.write(`\r${label} ${bar}${detail}\u001b[K`);
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}

/**
 * `sink`, silent until `ms` have passed since it was made: work that usually ends at once draws
 * nothing, and the same work on a large knowledge base shows where it is.
 */
export function afterDelay(sink: ProgressSink, ms = 1000, now: () => number = Date.now): ProgressSink {
  const from = now();
  return {
    update(done, total, detail) {
      if (now() - from >= ms) sink.update(done, total, detail);
    },
    finish: () => sink.finish(),
  };
}

/**
 * A bar counting missions for work that visits every one (kb status, kb sources): on a terminal, once
 * it has taken a second; silent when `quiet`.
 */
export function missionsBar(
  label: string,
  quiet = false,
): { mission(done: number, total: number): void; finish(): void } {
  const bar = quiet ? SILENT : afterDelay(progressBar(process.stderr, label));
  return {
    mission: (done, total) => bar.update(done, total, `${done} of ${total} missions`),
    finish: () => bar.finish(),
  };
}
