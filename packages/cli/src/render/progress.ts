import { displayWidth } from './display-width.js';
import { timeLeft } from './progress-estimate.js';

/** Where progress goes: a terminal gets a redrawn bar, anything else gets nothing (pipes stay clean). */
export interface ProgressSink {
  /**
   * `shorter`: forms of `detail` that say less, shortest last; a bar takes the fullest that fits
   * beside its graph and estimate (the shortest, cut, when none does).
   */
  update(done: number, total: number | null, detail: string, shorter?: readonly string[]): void;
  finish(): void;
}

/** A sink that shows nothing. */
export const SILENT: ProgressSink = { update() {}, finish() {} };

interface TtyLike {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(chunk: string): boolean;
}

/** The room the longest estimate takes after a detail: ", ~59m50s left". */
const LONGEST_ESTIMATE = 14;

/** Frames closer together than this are not drawn: about ten a second at most. */
const REDRAW_MS = 100;

/**
 * A progress bar on stderr when it is a terminal; a silent sink otherwise. Nothing else may be
 * written to the terminal between its first frame and `finish` (a later frame would draw over it).
 * Each frame fits the
 * terminal's width as it is now, in the columns the terminal draws it in, less one column (a frame wider than its row wraps, and the next
 * frame's carriage return goes back only to the start of the last row, leaving the others on
 * screen). An update that comes too soon after the last frame is kept, and drawn at `finish` if no
 * later one was, so the count left on screen is the last one given.
 */
export function progressBar(
  stream: TtyLike = process.stderr,
  label = 'ingest',
  now: () => number = Date.now,
): ProgressSink {
  if (!stream.isTTY) return SILENT;
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  let ended = false;
  let pending: (() => string) | null = null;
  const estimate = timeLeft();
  // Each frame ends on a new line, the next goes back up onto the bar's row: Ctrl-C, which ends most
  // commands at once, then leaves a whole bar and the cursor at the start of the line below it.
  const draw = (frame: string) => {
    stream.write(`${drawn ? '\u001b[1A' : ''}\r${frame}\u001b[K\n`);
    drawn = true;
  };
  const sink: ProgressSink = {
    update(done, total, detail, shorter = []) {
      if (ended) return;
      const t = now();
      const left = estimate(done, total, t);
      // A pseudo-terminal nobody sized says 0 columns: taken as the usual 80.
      const frame = () => frameOf(label, done, total, [detail, ...shorter], stream.columns || 80, left);
      if (t - last < REDRAW_MS && (total === null || done < total)) {
        pending = frame;
        return;
      }
      last = t;
      pending = null;
      draw(frame());
    },
    finish() {
      if (ended) return;
      ended = true;
      live.delete(sink);
      if (pending !== null) draw(pending());
    },
  };
  live.add(sink);
  return sink;
}

/** The bars on the terminal not finished yet. */
const live = new Set<ProgressSink>();

/** Finishes every bar not finished yet: a command stopped by a signal ends them first (read-stop.ts). */
export function finishLiveBars(): void {
  for (const bar of [...live]) bar.finish();
}

/**
 * One frame within `columns - 1` columns, as a terminal draws it (displayWidth: a Chinese character
 * or an emoji takes two, a combining mark none): the label, a graph (of up to 40 columns, fewer on a
 * terminal under 100 wide), the percentage (rounded down: 100% only when the work is done), the
 * detail, and `estimate` after it (the time left, or gone by). `detail` is one text or several
 * forms of it, fullest first. What does not fit goes in this order: the fuller forms of the detail,
 * then the estimate, then the graph (shown only with ten columns or more); then the fullest form
 * that fits alone is taken, or the shortest is cut at the end with "…".
 */
export function frameOf(
  label: string,
  done: number,
  total: number | null,
  detail: string | readonly string[],
  columns: number,
  estimate: string | null = null,
): string {
  const room = Math.max(1, Math.floor(columns) - 1);
  const forms = typeof detail === 'string' ? [detail] : detail;
  const fraction = total ? Math.min(1, Math.max(0, done / total)) : null;
  const percent = fraction === null ? '' : `${String(Math.floor(fraction * 100)).padStart(3)}% `;
  const plain = (form: string) => `${label} ${percent}${form}`;
  const graphed = (form: string, end: string): string | null => {
    const text = `${form}${end}`;
    if (fraction === null) return displayWidth(plain(text)) <= room ? plain(text) : null;
    const cap = Math.max(10, Math.min(40, columns - 60));
    const free = room - displayWidth(`${label} [] ${percent}${text}`);
    // An estimate gets shorter as it counts down: where there is room, the graph keeps the width the
    // longest one would leave it, rather than widening by a column now and then.
    const steady = free - Math.max(0, (end === '' ? 0 : LONGEST_ESTIMATE) - displayWidth(end));
    const width = Math.min(cap, steady >= 10 ? steady : free);
    if (width < 10) return null;
    return `${label} [${'#'.repeat(Math.floor(fraction * width)).padEnd(width, '.')}] ${percent}${text}`;
  };
  for (const end of estimate === null ? [''] : [`, ${estimate}`, ''])
    for (const form of forms) {
      const line = graphed(form, end);
      if (line !== null) return line;
    }
  const fits = forms.find((form) => displayWidth(plain(form)) <= room);
  return cut(plain(fits ?? forms.at(-1) ?? ''), room);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `line` in `room` columns, cut at the end with "…" when it is wider: the graphemes that fit in
 * `room - 1` columns are kept whole (a wide character that would cross that edge goes, and an accent
 * stays with its letter), so the cut line may be a column short of `room`.
 */
function cut(line: string, room: number): string {
  if (displayWidth(line) <= room) return line;
  let head = '';
  let width = 0;
  for (const { segment } of graphemes.segment(line)) {
    width += displayWidth(segment);
    if (width > room - 1) break;
    head += segment;
  }
  return `${head}…`;
}

/**
 * `sink`, silent until `ms` have passed since it was made: work that usually ends at once draws
 * nothing, and the same work on a large knowledge base shows where it is.
 */
export function afterDelay(sink: ProgressSink, ms = 1000, now: () => number = Date.now): ProgressSink {
  const from = now();
  return {
    update(done, total, detail, shorter) {
      if (now() - from >= ms) sink.update(done, total, detail, shorter);
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

/**
 * Progress of a read through the log, by position: every 1,024th row read, and at `end` the last
 * one, so the count a bar is left on is where the read stopped (not the last multiple before it).
 */
export function positionsRead(sink: ProgressSink): { row(position: number): void; end(): void } {
  let read = 0;
  let last: number | null = null;
  let shown: number | null = null;
  const show = (position: number) => {
    shown = position;
    sink.update(position, null, `position ${position}`);
  };
  return {
    row(position) {
      last = position;
      if ((++read & 0x3ff) === 0) show(position);
    },
    end() {
      if (last !== null && last !== shown) show(last);
    },
  };
}
