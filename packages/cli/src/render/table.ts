import { piecesOf } from './characters.js';
import { displayWidth } from './display-width.js';
import { visible } from './visible.js';

/** A column of a plain-text table: its heading, and the widest it may grow before text wraps. */
export interface Column {
  readonly title: string;
  readonly max?: number;
}

/**
 * How many columns `text` takes once printed: the columns a terminal gives it (displayWidth: 新华社
 * takes 6, an accent written after its letter or a joiner none) as visible() writes it out, where
 * `Mu\u200bjahid` takes 13, not the 8 of the name it holds. The text output shows every line through
 * visible(), so a table measures its cells so, and each row's columns start where the heading's do.
 * A cell is parted from the next by spaces, which no character's written form depends on, so a cell
 * is shown in its line as it is alone.
 */
export const shownWidth = (text: string): number => displayWidth(visible(text));

/** `text` padded with spaces to `width` columns as shown (shownWidth). */
const padShown = (text: string, width: number): string =>
  text + ' '.repeat(Math.max(0, width - shownWidth(text)));

/**
 * Lays rows out as aligned columns; cells longer than their column's `max` wrap onto more lines.
 * Widths are counted on the text as it is shown (shownWidth), the cells are left as they are stored:
 * the output writes them out once, as it does every line.
 * @example renderTable([{title: 'id'}], [['khorog']])
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const wrapped = rows.map((row) => columns.map((column, i) => wrap(row[i] ?? '', column.max ?? 200)));
  const widths = columns.map((column, i) =>
    Math.max(shownWidth(column.title), ...wrapped.map((row) => Math.max(0, ...row[i]!.map(shownWidth)))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => padShown(cell, widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w)))];
  for (const row of wrapped) {
    const height = Math.max(1, ...row.map((cell) => cell.length));
    for (let k = 0; k < height; k++) out.push(line(row.map((cell) => cell[k] ?? '')));
  }
  return out.join('\n');
}

/**
 * White space a reader sees, where wrap parts words: `\s` but the byte order mark, which no reader
 * sees and which the output writes out (`\ufeff`) where it stands.
 */
const SPACES = /[^\S\ufeff]+/u;

/**
 * Breaks text at spaces into lines of at most `width` columns as shown (shownWidth: the columns a
 * terminal gives it, a character written out counting as its written form); a longer word is cut
 * between two graphemes (see piecesOf), never inside an emoji, a wide character or a surrogate pair,
 * nor between a letter and its accents. A character wider than `width` by itself (新 in a column of
 * one) gets a line of its own.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let current = '';
    let size = 0;
    for (const word of paragraph.split(SPACES).filter(Boolean)) {
      let rest = word;
      let restSize = shownWidth(word);
      if (restSize > width) {
        if (current) lines.push(current);
        const pieces = [...piecesOf(word, width, shownWidth)];
        rest = pieces.pop()!;
        restSize = shownWidth(rest);
        lines.push(...pieces);
        current = '';
      }
      if (!current) {
        current = rest;
        size = restSize;
      } else if (size + 1 + restSize <= width) {
        current += ` ${rest}`;
        size += 1 + restSize;
      } else {
        lines.push(current);
        current = rest;
        size = restSize;
      }
    }
    lines.push(current);
  }
  return lines;
}
