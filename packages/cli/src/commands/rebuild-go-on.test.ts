// Going on after Ctrl-C stopped `kb rebuild`: the next command takes the rebuild's own way from the
// checkpoint, by ranges, with the claim indexes built once after the last (before, it built them as it
// opened the read models and caught up chunk by chunk through them, 3 to 4 times slower than a
// rebuild). That command is killed in its turn between two of those ranges, and the one after it
// must still leave the read models a whole rebuild leaves, answer the same, and pass
// kb verify --read-models.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { READ_MODEL_TABLES } from '@kb/projections';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';
import { statusKilledPast } from '../testing/killed-catch-up.js';
import { interruptedKb, slowing } from '../testing/slowed-statement.js';

const { dir } = testFolder('kb-rebuild-go-on-');
/** Over three of a rebuild's ranges (5,000 positions each). */
const CLAIMS = 16_000;

/** Claims over two missions; every ninth denies the one four before it. */
const claim = (i: number) =>
  JSON.stringify({
    id: `go-on-${i}`,
    mission:
      i % 2 === 0
        ? { country: 'Uzbekistan', city: 'Termez', kind: 'consulate' }
        : { country: 'Tajikistan', city: 'Khorog', kind: 'consulate' },
    kind: 'statement',
    stance: i % 9 === 5 ? 'denies' : 'asserts',
    controller: i % 9 === 5 ? 'unknown' : 'taliban',
    occurred: '2023-03-23',
    claimant: `A spokesman ${i % 11}`,
    source: { outlet: 'The Diplomat', published: '2023-03-28' },
    quote: `statement number ${i}`,
    ...(i % 9 === 5 ? { respondsTo: `go-on-${i - 4}` } : {}),
  });

/** The read models as a killed or stopped command left them. */
function left(path: string): {
  checkpoint: number | null;
  head: number;
  indexes: number;
  rebuilding: boolean;
} {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const meta = db.prepare('SELECT value FROM rm_meta WHERE key = ?').pluck();
    const checkpoint = meta.get('checkpoint') as string | undefined;
    return {
      checkpoint: checkpoint === undefined ? null : Number(checkpoint),
      head: db.prepare('SELECT last_position FROM head').pluck().get() as number,
      indexes: db
        .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'rm_claims_by_%'")
        .pluck()
        .get() as number,
      rebuilding: meta.get('rebuilding') !== undefined,
    };
  } finally {
    db.close();
  }
}

/** Every read-model row, sorted: what a whole rebuild leaves. */
function rows(path: string): string {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    return JSON.stringify(
      READ_MODEL_TABLES.map((table) => [
        table,
        (db.prepare(`SELECT * FROM ${table}`).raw(true).all() as unknown[][])
          .map((r) => JSON.stringify(r))
          .sort(),
      ]),
    );
  } finally {
    db.close();
  }
}

describe('going on after an interrupted kb rebuild', () => {
  it("the next command goes on the rebuild's way, and a kill in the middle of it loses nothing", async () => {
    const path = join(dir, 'kb.sqlite');
    const input = join(dir, 'claims.ndjson');
    writeFileSync(input, `${Array.from({ length: CLAIMS }, (_, i) => claim(i)).join('\n')}\n`);
    expect((await kbOn(path, 'ingest', input, '--batch-size', '5000')).code).toBe(0);
    const reference = {
      status: (await kbOn(path, 'status')).text,
      contested: (await kbOn(path, 'status', '--contested')).text,
      rows: rows(path),
    };

    // Ctrl-C in kb rebuild's first range: it stops after it, the rebuild marked unfinished.
    const slowRanges = slowing(dir, 'ranges', 'SELECT min(position) FROM events WHERE position >', 300);
    const stopped = await interruptedKb(['rebuild', '--store', path], slowRanges);
    expect(stopped.code, stopped.stderr).toBe(130);
    const interrupted = left(path);
    expect(interrupted).toMatchObject({ indexes: 0, rebuilding: true });
    expect(interrupted.checkpoint).not.toBeNull();
    expect(interrupted.checkpoint!).toBeLessThan(interrupted.head - 5000);

    // kb status goes on by ranges: killed after one, the indexes are still left out (an ordinary
    // catch-up built them first) and the rebuild is still marked unfinished.
    // Each rebuild range's first statement slowed by 300 ms: killed in the pause before the next range.
    await statusKilledPast(path, interrupted.checkpoint!, { preload: slowRanges });
    const killed = left(path);
    expect(killed.checkpoint!).toBeGreaterThan(interrupted.checkpoint!);
    expect(killed.checkpoint!).toBeLessThan(killed.head);
    expect(killed).toMatchObject({ indexes: 0, rebuilding: true });

    // The next command finishes it: the same answers and rows as before the rebuild, indexes and all.
    const status = await kbOn(path, 'status');
    expect(status.code, status.err).toBe(0);
    expect(status.text).toBe(reference.status);
    expect((await kbOn(path, 'status', '--contested')).text).toBe(reference.contested);
    expect(left(path)).toMatchObject({ checkpoint: killed.head, indexes: 3, rebuilding: false });
    expect(rows(path)).toBe(reference.rows);
    const verified = await kbOn(path, 'verify', '--read-models', '--json');
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out.json_[0]).toMatchObject({ ok: true, readModels: { ok: true, state: 'checked' } });
  }, 120_000);
});
