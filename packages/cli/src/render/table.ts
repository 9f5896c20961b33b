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
    Math.max(
      column.title.length,
      ...wrapped.map((row) => Math.max(0, ...row[i]!.map((line) => line.length))),
    ),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w)))];
  for (const row of wrapped) {
    const height = Math.max(1, ...row.map((cell) => cell.length));
    for (let k = 0; k < height; k++) out.push(line(row.map((cell) => cell[k] ?? '')));
  }
  return out.join('\n');
}

/** Breaks text at spaces into lines of at most `width` characters (a longer word is cut). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let current = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word;
      while (rest.length > width) {
        if (current) {
          lines.push(current);
          current = '';
        }
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
      if (!current) current = rest;
      else if (current.length + 1 + rest.length <= width) current += ` ${rest}`;
      else {
        lines.push(current);
        current = rest;
      }
    }
    lines.push(current);
  }
  return lines;
}
