// How long a bar's work has left, from the pace of its counts. Kept honest: nothing is guessed
// until the bar has counted for a while, the pace is the one over the last stretch of work (so a
// quick or a slow batch does not swing it, and a lasting change of pace shows), a count that does
// not move gives no estimate at all, and done work has none.

/** No estimate before the bar has counted this long: a pace measured over less is mostly noise. */
export const ESTIMATE_AFTER_MS = 2_000;
/** The pace is measured over about this much of the most recent work. */
export const PACE_WINDOW_MS = 10_000;
/** Counts are kept at most this often, so a window holds a few dozen at most. */
const KEEP_EVERY_MS = 250;

interface Count {
  readonly at: number;
  readonly done: number;
}

/**
 * An estimator for one bar: given each count with its time, what to say after it, or null. With a
 * total: `~2m10s left`, from two seconds after the first count on, while the count is short of the
 * total and moved over the last ten seconds. Without one: how long since the first count
 * (`1m05s so far`), from two seconds on.
 */
export function timeLeft(): (done: number, total: number | null, at: number) => string | null {
  const kept: Count[] = [];
  let start = 0;
  return (done, total, at) => {
    // A clock that went back starts the measure again rather than giving a pace from it.
    if (kept.length === 0 || at < kept.at(-1)!.at) {
      kept.splice(0, kept.length, { at, done });
      start = at;
    }
    if (at - kept.at(-1)!.at >= KEEP_EVERY_MS) kept.push({ at, done });
    // The oldest count kept is the last one at least a window old: the pace spans the whole window.
    while (kept.length > 1 && kept[1]!.at <= at - PACE_WINDOW_MS) kept.shift();
    if (at - start < ESTIMATE_AFTER_MS) return null;
    if (total === null) return `${exactly((at - start) / 1_000)} so far`;
    if (done >= total) return null;
    const from = kept[0]!;
    const pace = (done - from.done) / (at - from.at);
    if (!(pace > 0)) return null;
    return `~${roughly((total - done) / pace / 1_000)} left`;
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * A time to come, as roughly as it can be known: whole seconds (rounded up, at least 1) under a
 * minute, tens of seconds under an hour, minutes above.
 */
export function roughly(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s}s`;
  const tens = Math.round(s / 10) * 10;
  if (tens < 3_600) return `${Math.floor(tens / 60)}m${two(tens % 60)}s`;
  const minutes = Math.round(s / 60);
  return `${Math.floor(minutes / 60)}h${two(minutes % 60)}m`;
}

/** A time gone by, in whole seconds. */
function exactly(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3_600) return `${Math.floor(s / 60)}m${two(s % 60)}s`;
  return `${Math.floor(s / 3_600)}h${two(Math.floor(s / 60) % 60)}m`;
}
