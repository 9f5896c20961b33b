// docs/dates.md, "Examples": every row of the table, read from the page itself, gives the bounds
// (or the refusal) it shows, so the page cannot drift from parseVagueDate.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseVagueDate } from './edtf.js';

const page = readFileSync(fileURLToPath(new URL('../../../../docs/dates.md', import.meta.url)), 'utf8');

interface Row {
  readonly text: string;
  readonly anchor: string | undefined;
  /** `earliest..latest` as the page writes them, or `refused`. */
  readonly shown: string;
}

/** The table's rows; a cell of two dates (`/2022-07`, `2022-03/`) is two rows, split on " / ". */
function rows(): Row[] {
  const table = page.slice(page.indexOf('## Examples'), page.indexOf('## Asking questions'));
  return table.split('\n').flatMap((line): Row[] => {
    const cells = line.split('|').map((c) => c.trim());
    const texts = [...(cells[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    if (texts.length === 0) return [];
    const anchor = / with anchor /.test(cells[1]!) ? texts.pop() : undefined;
    const earliest = cells[2]!.split(' / ');
    const latest = cells[3]!.split(' / ');
    return texts.map((text, i) => ({
      text,
      anchor,
      shown: earliest[i] === 'refused' ? 'refused' : `${earliest[i]}..${latest[i]}`,
    }));
  });
}

describe('docs/dates.md, the examples table', () => {
  it('has its rows read, refusals included', () => {
    const read = rows();
    expect(read.length).toBeGreaterThan(30);
    expect(read.filter((r) => r.shown === 'refused').map((r) => r.text)).toEqual([
      '2023-02-30',
      '2023-13',
      '2022-08/2022-06',
      'earlier',
    ]);
  });

  it.each(rows())('$text (anchor $anchor) gives $shown', ({ text, anchor, shown }) => {
    const parsed = parseVagueDate(text, anchor === undefined ? {} : { anchor });
    const got = parsed.ok ? `${parsed.value.earliest}..${parsed.value.latest}` : 'refused';
    expect(got).toBe(shown);
  });

  it("gives the refusal the page's code sample shows for 2023-02-30", () => {
    const shown = /parseVagueDate\('2023-02-30'\);\n\/\/ \{ ok: false, error: '([^']+)'/.exec(page)?.[1];
    expect(shown).toBeDefined();
    expect(parseVagueDate('2023-02-30')).toMatchObject({ ok: false, error: shown });
  });
});
