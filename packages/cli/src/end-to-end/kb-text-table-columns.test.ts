// The tables of kb status and kb sources stay lined up when a stored name holds a character the text
// output writes out (`Dush\u200banbe`, `\u001b`): an earlier version stored such names, and each is
// measured as it is shown, six columns or more where the character took none or one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, kbChild, kbOn, testFolder } from '../testing/cli-test-kit.js';
import { storeClaimAsBefore, storeMissionAsBefore } from '../testing/stored-before.js';

const { dir } = testFolder('kb-text-table-columns-');
const store = join(dir, 'kb.sqlite');

beforeAll(async () => {
  const file = join(dir, 'in.ndjson');
  writeFileSync(file, `${readFileSync(EXAMPLES, 'utf8').split('\n')[0]}\n`);
  const ingest = await kbOn(store, 'ingest', file);
  if (ingest.code !== 0) throw new Error(`ingest failed with ${ingest.code}: ${ingest.err}`);
  await storeMissionAsBefore(store, {
    missionId: 'tj-capital-embassy',
    name: 'Embassy in Dushanbe',
    city: 'Dush\u200banbe',
    country: 'Tajikistan',
  });
  await storeClaimAsBefore(store, 'capital-hidden', {
    missionId: 'tj-capital-embassy',
    claimant: { asWritten: 'Zabihullah Mu\u200bjahid\u0007', actorId: null },
  });
});

/** The lines of the table headed by `heading` in kb's text output, to the first blank line. */
function tableAt(stdout: string, heading: RegExp): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => heading.test(line));
  expect(start, stdout).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, i) => i > start && line.trim() === '');
  return lines.slice(start, end === -1 ? undefined : end);
}

/**
 * Each line of `table` that has a cell in every column: none of its cells runs into the two spaces
 * before the next column, where the rule of dashes under the headings puts them.
 */
function expectLinedUp(table: readonly string[]): void {
  const starts = [...table[1]!.matchAll(/-+/g)].map((m) => m.index);
  for (const line of table.slice(2))
    for (const s of starts.slice(1)) {
      expect(line.slice(s - 2, s), line).toBe('  ');
      expect(line[s], line).not.toBe(' ');
    }
}

describe('a table holding a name the text output writes out', () => {
  it('lines up in kb status', async () => {
    const r = await kbChild(['status', '--store', store]);
    const table = tableAt(r.stdout, /^mission\s+place/);
    expect(table.join('\n')).toContain('Dush\\u200banbe, Tajikistan');
    expectLinedUp(table);
  });

  it('lines up in kb sources', async () => {
    const r = await kbChild(['sources', '--store', store]);
    const table = tableAt(r.stdout, /^claimant\s+via/);
    expect(table.join('\n')).toContain('Zabihullah Mu\\u200bjahid\\u0007');
    expectLinedUp(table);
  });
});
