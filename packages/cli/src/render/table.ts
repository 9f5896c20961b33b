import { codePoints, padTo, piecesOf } from './characters.js';

/** A column of a plain-text table: its heading, and the widest it may grow before text wraps. */
export interface Column {
  readonly title: string;
  readonly max?: number;
}

/**
 * Lays rows out as aligned columns; cells longer than their column's `max` wrap onto more lines.
 * @example renderTable([{title: 'id'}], [['khorog']])
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const wrapped = rows.map((row) => columns.map((column, i) => wrap(row[i] ?? '', column.max ?? 200)));
  const widths = columns.map((column, i) =>
    Math.max(column.title.length, ...wrapped.map((row) => Math.max(0, ...row[i]!.map(codePoints)))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => padTo(cell, widths[i]!))
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
 * Breaks text at spaces into lines of at most `width` characters (code points); a longer word is cut
 * between two graphemes (see piecesOf), never inside an emoji or between a letter and its accents.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let current = '';
    let size = 0;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word;
      let restSize = codePoints(word);
      if (restSize > width) {
        if (current) lines.push(current);
        const pieces = [...piecesOf(word, width)];
        rest = pieces.pop()!;
        restSize = codePoints(rest);
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
