// Tampering with copies of a real store file: the real `kb verify` (a child process) must name the
// first bad position and exit 1 each time, and on an intact file exit 0 saying how many it checked.
// `kb trace` of an edited claim warns of it too.
import { spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { chainHashOfJson } from '@kb/store';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ChildRun, EXAMPLES, KB_BIN, kbChild, testFolder } from '../testing/cli-test-kit.js';

const example = EXAMPLES;

type Run = ChildRun;
const kb = (...args: string[]): Promise<Run> => kbChild(args);

/** A claim record per index: enough of them that the log spans many pages of the file. */
function record(i: number): string {
  return JSON.stringify({
    id: `tamper-${i}`,
    mission: { country: 'Tajikistan', city: i % 2 === 0 ? 'Khorog' : 'Dushanbe', kind: 'consulate' },
    kind: 'control',
    stance: 'asserts',
    controller: i % 3 === 0 ? 'taliban' : 'unknown',
    occurred: '2023-03',
    claimant: `claimant ${i % 7}`,
    source: { outlet: 'The Diplomat', url: `https://news.example/${i % 9}`, published: '2023-03-28' },
    quote: `quote ${i} `.repeat(20),
  });
}

const { dir } = testFolder('kb-verify-');
/** Made by `kb demo`: the bundled dataset, read models in the same file. */
let demo: string;
/** Made by `kb ingest`: the log alone, so the file's last pages hold the last events. */
let ingested: string;
let demoEvents: number;
let ingestedEvents: number;

/** Folds the WAL into the main file so a copy of that one file is the whole store. */
function checkpoint(path: string): number {
  const db = new Database(path);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

let copies = 0;
/** A copy of `source`, tampered with through SQL by `edit`. */
function tampered(source: string, edit?: (db: Database.Database) => void): string {
  const copy = join(dir, `copy-${++copies}.sqlite`);
  copyFileSync(source, copy);
  if (edit !== undefined) {
    const db = new Database(copy);
    try {
      edit(db);
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
  }
  return copy;
}

/** Moves row a's content to position b and b's to a (the rows swap places in the log). */
function swapRows(db: Database.Database, a: number, b: number): void {
  // Every column but the position, whatever the store's layout version adds.
  const columns = (db.pragma('table_info(events)') as { name: string }[])
    .map((c) => c.name)
    .filter((name) => name !== 'position');
  const list = columns.join(', ');
  db.transaction(() => {
    const get = db.prepare(`SELECT ${list} FROM events WHERE position = ?`).raw();
    const rowA = get.get(a) as unknown[];
    const rowB = get.get(b) as unknown[];
    db.prepare('DELETE FROM events WHERE position IN (?, ?)').run(a, b);
    const put = db.prepare(
      `INSERT INTO events (position, ${list}) VALUES (?${', ?'.repeat(columns.length)})`,
    );
    put.run(a, ...rowB);
    put.run(b, ...rowA);
  })();
}

function brokenAt(run: Run): number | null {
  const match = /^BROKEN at position (\d+)(?: \(the log ends at \d+\))?:/m.exec(run.stdout);
  return match === null ? null : Number(match[1]);
}

beforeAll(async () => {
  demo = join(dir, 'demo.sqlite');
  expect((await kb('demo', '--store', demo)).code).toBe(0);
  demoEvents = checkpoint(demo);
  const input = join(dir, 'records.ndjson');
  writeFileSync(input, `${Array.from({ length: 300 }, (_, i) => record(i)).join('\n')}\n`);
  ingested = join(dir, 'ingested.sqlite');
  expect((await kb('ingest', example, '--store', ingested)).code).toBe(0);
  expect((await kb('ingest', input, '--store', ingested)).code).toBe(0);
  ingestedEvents = checkpoint(ingested);
}, 120_000);

describe('kb verify on tampered copies of a store', () => {
  it('passes an intact store: exit 0 and the number of events checked', async () => {
    for (const [file, events] of [
      [demo, demoEvents],
      [ingested, ingestedEvents],
    ] as const) {
      const run = await kb('verify', '--store', tampered(file));
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain(`ok: ${events} events checked`);
    }
    expect(demoEvents).toBeGreaterThan(20);
    expect(ingestedEvents).toBeGreaterThan(300);
  });

  it("edited data: names the edited row's position", async () => {
    // A claim's stance flipped from asserts to denies: the edit a forger would want.
    const db = new Database(demo, { readonly: true });
    const flipped = db
      .prepare(
        `SELECT position FROM events WHERE type = 'ClaimRecorded' AND json_extract(data, '$.stance') = 'asserts' ORDER BY position`,
      )
      .pluck()
      .get() as number;
    db.close();
    const cases: [number, string][] = [
      [flipped, `UPDATE events SET data = json_set(data, '$.stance', 'denies') WHERE position = ?`],
      [1, `UPDATE events SET data = json_set(data, '$.tampered', 1) WHERE position = ?`],
      [demoEvents, `UPDATE events SET data = replace(data, '"', ' "') WHERE position = ?`],
    ];
    for (const [position, sql] of cases) {
      const copy = tampered(demo, (d) => d.prepare(sql).run(position));
      const run = await kb('verify', '--store', copy);
      expect({ position, code: run.code, stdout: run.stdout }).toMatchObject({ code: 1 });
      expect(brokenAt(run), run.stdout).toBe(position);
      expect(run.stdout).toContain('does not match its hash');
      // The line it ends with shows the edited row as it is stored now.
      const hint =
        /^(kb log --from \d+ --limit 3 --store \S+ --json) shows the events there as stored\.$/m.exec(
          run.stdout,
        );
      expect(hint, run.stdout).not.toBeNull();
      const shown = await kb(...(hint![1]!.split(' ').slice(1) as [string, ...string[]]));
      expect(shown).toMatchObject({ code: 0, stderr: '' });
      const rows = JSON.parse(shown.stdout) as {
        position: number;
        data: { stance?: string; tampered?: number } | null;
        unreadable?: string[];
        dataText?: string;
      }[];
      const edited = rows.find((r) => r.position === position);
      if (position === flipped) expect(edited?.data?.stance).toBe('denies');
      if (position === 1) expect(edited?.data?.tampered).toBe(1);
      // Spaces put before escaped quotes break the JSON: the row is shown with its text as stored.
      if (position === demoEvents) {
        expect(edited).toMatchObject({ data: null, unreadable: ['data'] });
        expect(edited?.dataText).toContain('\\ "');
        const text = await kb(...(hint![1]!.split(' ').slice(1, -1) as [string, ...string[]]));
        expect(text.stdout).toContain(
          `position ${position}: its data is not valid JSON; --json shows the text as stored`,
        );
      }
    }
  });

  it('kb trace warns that its claim was edited after it was recorded, and says nothing on an intact copy', async () => {
    const claim = 'diplomat-2023-03-khorog-denial';
    const db = new Database(demo, { readonly: true });
    const position = db
      .prepare(
        `SELECT position FROM events WHERE type = 'ClaimRecorded' AND json_extract(data, '$.claimId') = ?`,
      )
      .pluck()
      .get(claim) as number;
    db.close();
    const intact = await kb('trace', claim, '--store', tampered(demo));
    expect(intact).toMatchObject({ code: 0, stderr: '' });
    expect(intact.stdout).not.toContain('WARNING');

    const copy = tampered(demo, (d) =>
      d
        .prepare(
          `UPDATE events SET data = json_set(data, '$.quote', 'there was a delegation') WHERE position = ?`,
        )
        .run(position),
    );
    const warned = `this claim's event at position ${position} no longer matches its chain hash`;
    const text = await kb('trace', claim, '--store', copy);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('there was a delegation');
    expect(text.stdout).toMatch(new RegExp(`^ {2}WARNING {7}${warned}`, 'm'));
    expect(text.stderr).toContain(`kb: WARNING: ${warned}: it was altered in the store after being recorded`);
    const json = await kb('trace', claim, '--store', copy, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ altered: [position] });
    expect(JSON.parse((await kb('trace', claim, '--store', tampered(demo), '--json')).stdout)).toMatchObject({
      altered: [],
    });
  });

  it('a deleted row: names the position after it, or the end of the log when it was the last', async () => {
    const middle = tampered(ingested, (db) => db.prepare('DELETE FROM events WHERE position = ?').run(100));
    const run = await kb('verify', '--store', middle);
    expect(run.code).toBe(1);
    expect(brokenAt(run), run.stdout).toBe(101);
    expect(run.stdout).toContain('previous-hash link');

    const first = tampered(ingested, (db) => db.prepare('DELETE FROM events WHERE position = 1').run());
    const runFirst = await kb('verify', '--store', first);
    expect(runFirst.code).toBe(1);
    expect(brokenAt(runFirst), runFirst.stdout).toBe(2);

    const last = tampered(ingested, (db) =>
      db.prepare('DELETE FROM events WHERE position = ?').run(ingestedEvents),
    );
    const runLast = await kb('verify', '--store', last);
    expect(runLast.code).toBe(1);
    expect(brokenAt(runLast), runLast.stdout).toBe(ingestedEvents);
    expect(runLast.stdout).toContain('cut off the end');
  });

  it('two rows swapped: names the earlier of the two positions', async () => {
    for (const [a, b] of [
      [5, 9],
      [30, 31],
      [2, ingestedEvents],
    ] as const) {
      const run = await kb(
        'verify',
        '--store',
        tampered(ingested, (db) => swapRows(db, a, b)),
      );
      expect(run.code).toBe(1);
      expect(brokenAt(run), run.stdout).toBe(a);
    }
  });

  it('a changed hash: names that position', async () => {
    for (const position of [1, 77, ingestedEvents]) {
      // One hex digit changed, so the stored hash is a different, well-formed hash.
      const copy = tampered(ingested, (db) =>
        db
          .prepare(
            `UPDATE events SET hash = CASE WHEN substr(hash, 1, 1) = '0' THEN '1' ELSE '0' END || substr(hash, 2) WHERE position = ?`,
          )
          .run(position),
      );
      const run = await kb('verify', '--store', copy);
      expect({ position, code: run.code, stdout: run.stdout }).toMatchObject({ code: 1 });
      expect(brokenAt(run), run.stdout).toBe(position);
    }
  });

  // Bytes cut off the end of the main file fall in its last page: rows whose cells lay there read
  // back as NULL or garbage (a few bytes), or SQLite refuses the file (whole pages gone).
  const truncatedCopy = (cut: number) => {
    const copy = tampered(ingested);
    truncateSync(copy, statSync(ingested).size - cut);
    return copy;
  };

  /** Verify fails on a file cut by `cut` bytes and names a position among its last events. */
  const expectBreakNearEnd = async (cut: number) => {
    const run = await kb('verify', '--store', truncatedCopy(cut));
    expect({ cut, code: run.code, stdout: run.stdout }).toMatchObject({ code: 1 });
    const position = brokenAt(run);
    expect(position, run.stdout).not.toBeNull();
    expect(position!).toBeGreaterThan(ingestedEvents - 40);
    expect(position!).toBeLessThanOrEqual(ingestedEvents);
  };

  it('a file cut by a few bytes: names a position among the last events', async () => {
    for (const cut of [1, 200]) await expectBreakNearEnd(cut);
  });

  it('a file cut deeper into its last page (rows with NULL cells): names the first damaged position', async () => {
    for (const cut of [1000, 3000]) await expectBreakNearEnd(cut);
  });

  it('a file cut by whole pages, which SQLite will not open: names the first event lost, read from a copy', async () => {
    const size = statSync(ingested).size;
    const last: number[] = [];
    const cutOutputs: string[] = [];
    for (const cut of [4096, 40_000, Math.floor(size / 2)]) {
      const run = await kb('verify', '--store', truncatedCopy(cut));
      expect({ cut, code: run.code, stdout: run.stdout }).toMatchObject({ code: 1 });
      expect(run.stdout).toContain(`the file is cut short: it holds ${size - cut} of the ${size} bytes`);
      const position = brokenAt(run);
      expect(position, run.stdout).not.toBeNull();
      expect(run.stdout).toContain(`\n${position! - 1} events before it verified.`);
      last.push(position!);
      cutOutputs.push(run.stdout);
    }
    // No kb log line: kb log reads the file as it is, and SQLite refuses it.
    expect(cutOutputs.every((stdout) => !stdout.includes('kb log'))).toBe(true);
    // A store with read models ends with their pages, whose tables a cut leaves without a first
    // page: the log is still read whole, and the cut still named, after the last event.
    const demoCopy = tampered(demo);
    truncateSync(demoCopy, statSync(demoCopy).size - 4096);
    const demoCut = await kb('verify', '--store', demoCopy);
    expect({ code: demoCut.code, stdout: demoCut.stdout }).toMatchObject({ code: 1 });
    expect(brokenAt(demoCut), demoCut.stdout).toBe(demoEvents + 1);
    expect(demoCut.stdout).toContain('the file is cut short');
    // The deeper the cut, the earlier the first event lost; half the file keeps some of the log.
    expect(last[0]!).toBeGreaterThan(last[1]!);
    expect(last[1]!).toBeGreaterThan(last[2]!);
    expect(last[2]!).toBeGreaterThan(1);
  });

  it('a page zeroed in the middle of the log: names the first event SQLite cannot read, marked unreadable', async () => {
    const size = statSync(ingested).size;
    const seen: number[] = [];
    for (const share of [0.3, 0.6]) {
      const copy = tampered(ingested);
      const page = Math.floor((size / 4096) * share);
      const fd = openSync(copy, 'r+');
      writeSync(fd, Buffer.alloc(4096), 0, 4096, page * 4096);
      closeSync(fd);
      const run = await kb('verify', '--store', copy);
      expect({ share, code: run.code, stdout: run.stdout }).toMatchObject({ code: 1 });
      expect(run.stdout).toContain('the file is damaged from here on and cannot be read');
      // kb log reads the file as it is, so no line offering it.
      expect(run.stdout).not.toContain('kb log');
      const json = JSON.parse((await kb('verify', '--store', copy, '--json')).stdout);
      expect(json.firstBreak).toMatchObject({ position: brokenAt(run), unreadable: true });
      seen.push(brokenAt(run)!);
    }
    expect(seen[0]!).toBeGreaterThan(1);
    expect(seen[1]!).toBeGreaterThan(seen[0]!);
  });

  it('a file cut so deep that its schema is gone: still BROKEN, exit 1, naming the file', async () => {
    const run = await kb('verify', '--store', truncatedCopy(statSync(ingested).size - 4096));
    expect(run.code).toBe(1);
    const hash = 'a'.repeat(64);
    const json = await kb(
      'verify',
      '--store',
      truncatedCopy(statSync(ingested).size - 4096),
      '--json',
      '--anchor',
      hash,
      '--read-models',
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      checked: 0,
      lastHash: null,
      firstBreak: null,
      anchor: { hash, found: null, position: null },
      readModels: null,
      error: expect.stringMatching(/malformed/),
    });
    expect(run.stdout).toMatch(/^BROKEN: the store could not be read \(.*copy-\d+\.sqlite/);
  });

  it('--read-models compares the read models with a rebuild from the log, on a copy: an edited row fails it', async () => {
    const intact = tampered(demo);
    const before = readFileSync(intact);
    const ok = await kb('verify', '--store', intact, '--read-models');
    expect({ code: ok.code, stdout: ok.stdout }).toMatchObject({ code: 0 });
    expect(ok.stdout).toMatch(
      /\nRead models: the same as a rebuild from the log \(\d+ rows in 7 tables\)\.\n$/,
    );
    expect(readFileSync(intact).equals(before)).toBe(true);

    // Caught up across ingests, a correction moving a claim and one re-pointing an answer, and a
    // retraction: the rows a catch-up wrote are the rows a rebuild writes.
    const grown = join(dir, 'grown.sqlite');
    const examples = readFileSync(example, 'utf8').trimEnd().split('\n');
    const later = [
      {
        type: 'correction',
        claim: 'diplomat-2023-03-khorog-visit',
        reason: 'moved',
        changes: { mission: 'tj-dushanbe-embassy' },
      },
      { type: 'retraction', claim: 'diplomat-2023-03-khorog-denial', reason: 'withdrawn' },
      {
        type: 'correction',
        claim: 'diplomat-2023-03-khorog-informal-control',
        reason: 'answers',
        changes: { respondsTo: 'diplomat-2023-03-khorog-visit' },
      },
    ].map((r) => JSON.stringify(r));
    for (const [i, part] of [examples.slice(0, 8), examples.slice(8), later].entries()) {
      const input = join(dir, `part-${i}.ndjson`);
      writeFileSync(input, `${part.join('\n')}\n`);
      expect((await kb('ingest', input, '--store', grown)).code).toBe(0);
      expect((await kb('status', '--store', grown)).code).toBe(0);
    }
    const grownCheck = await kb('verify', '--store', grown, '--read-models', '--json');
    expect(JSON.parse(grownCheck.stdout)).toMatchObject({ ok: true, readModels: { ok: true, tables: [] } });
    expect(grownCheck.code).toBe(0);

    // Khorog's accounts deleted: kb status then calls it unknown, and the log still verifies.
    const deleted = tampered(demo, (db) =>
      db.prepare("DELETE FROM rm_claims WHERE mission_id = 'tj-khorog-consulate'").run(),
    );
    expect((await kb('verify', '--store', deleted)).code).toBe(0);
    const caught = await kb('verify', '--store', deleted, '--read-models');
    expect({ code: caught.code, stdout: caught.stdout }).toMatchObject({ code: 1 });
    expect(caught.stdout).toMatch(/Read models: BROKEN/);
    expect(caught.stdout).toMatch(
      /rm_claims: 0 rows stored that a rebuild does not write, 3 it writes that are not stored \(first: position \d+\)/,
    );

    const renamed = tampered(demo, (db) =>
      db.prepare("UPDATE rm_missions SET body = replace(body, 'Khorog', 'Khorug')").run(),
    );
    const json = await kb('verify', '--store', renamed, '--read-models', '--json');
    expect(json.code).toBe(1);
    // The top-level ok is the whole answer, as the exit code; the chain itself verified.
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      firstBreak: null,
      readModels: {
        ok: false,
        state: 'checked',
        tables: [{ table: 'rm_missions', unexpected: 1, missing: 1 }],
      },
    });

    // A table dropped (opening would put it back empty) or a checkpoint past the log's end (a
    // catch-up would skip what comes next): said before anything is caught up.
    for (const [sql, said] of [
      ['DROP TABLE rm_claims', 'rm_claims is missing'],
      ["UPDATE rm_meta SET value = '100000' WHERE key = 'checkpoint'", 'position 100000, is past the log'],
    ]) {
      const run = await kb(
        'verify',
        '--store',
        tampered(demo, (db) => db.exec(sql!)),
        '--read-models',
      );
      expect({ sql, code: run.code }).toEqual({ sql, code: 1 });
      expect(run.stdout).toContain(said!);
    }

    const server = await kb('verify', '--eventstore', 'esdb://127.0.0.1:1?tls=false', '--read-models');
    expect(server.code).toBe(1);
    expect(server.stderr).toMatch(/--read-models works on the embedded store/);
  });

  it('a private copy left by a command killed mid-run is removed by the next command that makes one', async () => {
    const tmp = mkdtempSync(join(dir, 'tmp-'));
    const env = { ...process.env, TMPDIR: tmp };
    const copies = () => readdirSync(tmp).filter((name) => name.startsWith('kb-private-copy-'));
    // Killed while its copy exists; a run that ends first leaves nothing to test, so try again.
    for (let attempt = 0; attempt < 5 && copies().length === 0; attempt++) {
      const child = spawn(process.execPath, [KB_BIN, 'verify', '--store', ingested, '--read-models'], {
        env,
        stdio: 'ignore',
      });
      let running = true;
      const ended = new Promise<void>((resolve) =>
        child.on('exit', () => {
          running = false;
          resolve();
        }),
      );
      while (running && copies().length === 0) await new Promise((r) => setTimeout(r, 2));
      if (running) child.kill('SIGKILL');
      await ended;
    }
    const orphan = copies();
    expect(orphan).toHaveLength(1);
    expect(orphan[0]).toMatch(/^kb-private-copy-\d+-/);
    const next = await kbChild(['verify', '--store', ingested, '--read-models'], { env });
    expect(next.code).toBe(0);
    expect(copies()).toEqual([]);
  });

  it('a log cut back with its head row set to match verifies alone, and fails against an anchor noted before', async () => {
    const intact = await kb('verify', '--store', tampered(ingested));
    const last = /^Last hash: ([0-9a-f]{64})$/m.exec(intact.stdout)?.[1];
    expect(last, intact.stdout).toBeDefined();
    expect(intact.stdout).toContain(`kb verify --anchor ${last}`);
    const keep = ingestedEvents - 5;
    const cutBack = tampered(ingested, (db) => {
      const hash = db.prepare('SELECT hash FROM events WHERE position = ?').pluck().get(keep);
      db.prepare('DELETE FROM events WHERE position > ?').run(keep);
      db.prepare('UPDATE head SET count = ?, last_position = ?, last_hash = ?').run(keep, keep, hash);
    });
    // Nothing left in the file tells: this is what the anchor is for.
    expect((await kb('verify', '--store', cutBack)).code).toBe(0);
    const anchored = await kb('verify', '--store', cutBack, '--anchor', last!.toUpperCase());
    expect({ code: anchored.code, stdout: anchored.stdout }).toMatchObject({ code: 1 });
    expect(brokenAt(anchored), anchored.stdout).toBe(keep + 1);
    expect(anchored.stdout).toContain(`no event in the log has the anchor hash ${last}`);
    expect(anchored.stdout).toContain(`BROKEN at position ${keep + 1} (the log ends at ${keep}):`);
    const json = await kb('verify', '--store', cutBack, '--anchor', last!, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      anchor: { hash: last, found: false, position: null },
    });
    // On the intact store the anchor is found, at the last position.
    const found = await kb('verify', '--store', tampered(ingested), '--anchor', last!);
    expect(found.code).toBe(0);
    expect(found.stdout).toContain(`The anchor is the hash of the event at position ${ingestedEvents}.`);
    // An earlier event's hash is found by its row; the hash an empty store printed always holds.
    const db = new Database(ingested, { readonly: true });
    const fifth = db.prepare('SELECT hash FROM events WHERE position = 5').pluck().get() as string;
    db.close();
    const earlier = await kb('verify', '--store', cutBack, '--anchor', fifth);
    expect(earlier.stdout).toContain('The anchor is the hash of the event at position 5.');
    const earlierJson = await kb('verify', '--store', cutBack, '--anchor', fifth, '--json');
    expect(JSON.parse(earlierJson.stdout)).toMatchObject({
      ok: true,
      anchor: { hash: fifth, found: true, position: 5 },
    });
    // A chain broken before the anchor is looked for: found is null, not false.
    const edited = tampered(ingested, (db) => {
      db.prepare("UPDATE events SET data = replace(data, 'a', 'b') WHERE position = 3").run();
    });
    const notLooked = await kb('verify', '--store', edited, '--anchor', fifth, '--json');
    expect(JSON.parse(notLooked.stdout)).toMatchObject({
      ok: false,
      firstBreak: { position: 3 },
      anchor: { hash: fifth, found: null, position: null },
    });
    const genesis = await kb('verify', '--store', cutBack, '--anchor', '0'.repeat(64));
    expect(genesis.stdout).toContain('The anchor is the hash every chain starts from.');
    const wrong = await kb('verify', '--store', ingested, '--anchor', 'abc');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("--anchor expects an event's hash, 64 hexadecimal digits");
  });

  it('the head row deleted, with or without events cut off the end: names the position after the last event left', async () => {
    for (const cut of [0, 10]) {
      const copy = tampered(ingested, (db) => {
        db.prepare('DELETE FROM head').run();
        db.prepare('DELETE FROM events WHERE position > ?').run(ingestedEvents - cut);
      });
      const run = await kb('verify', '--store', copy);
      expect({ cut, code: run.code }).toEqual({ cut, code: 1 });
      expect(brokenAt(run), run.stdout).toBe(ingestedEvents - cut + 1);
      expect(run.stdout).toContain("the store's head row is missing");
    }
  });

  it('recorded times that step back (a clock gone back, before stores prevented it): verified, with a note naming where', async () => {
    const at = 40;
    // Rewritten as a writer with a clock a day behind would have written it, every hash after it redone.
    const stepped = tampered(ingested, (db) => {
      const rows = db
        .prepare(
          'SELECT position, id, stream, revision, type, version, data, metadata, recorded_at FROM events WHERE position >= ? ORDER BY position',
        )
        .raw()
        .all(at) as [number, string, string, number, string, number, string, string, string][];
      let prevHash = db
        .prepare('SELECT hash FROM events WHERE position = ?')
        .pluck()
        .get(at - 1) as string;
      const update = db.prepare(
        'UPDATE events SET recorded_at = ?, prev_hash = ?, hash = ? WHERE position = ?',
      );
      for (const [position, id, stream, revision, type, version, dataJson, metadataJson, stamp] of rows) {
        const recordedAt = position === at ? '2001-02-03T04:05:06.000Z' : stamp;
        const hash = chainHashOfJson({
          id,
          type,
          version,
          dataJson,
          metadataJson,
          stream,
          revision,
          position,
          recordedAt,
          prevHash,
        });
        update.run(recordedAt, prevHash, hash, position);
        prevHash = hash;
      }
      db.prepare('UPDATE head SET last_hash = ?').run(prevHash);
    });
    const run = await kb('verify', '--store', stepped);
    expect({ code: run.code, stdout: run.stdout }).toMatchObject({ code: 0 });
    expect(run.stdout).toContain(`ok: ${ingestedEvents} events checked`);
    expect(run.stdout).toContain(
      `Note: the recorded times step back at position ${at} (2001-02-03T04:05:06.000Z, after an event recorded 20`,
    );
    const json = JSON.parse((await kb('verify', '--store', stepped, '--json')).stdout);
    expect(json).toMatchObject({
      ok: true,
      recordedTimeStepsBack: { position: at, recordedAt: '2001-02-03T04:05:06.000Z' },
    });
    const intact = JSON.parse((await kb('verify', '--store', tampered(ingested), '--json')).stdout);
    expect(intact).toMatchObject({ ok: true, recordedTimeStepsBack: null });
  });
});
