// Copies of a real store file damaged where the walk cannot go on (cut short, a page zeroed, the
// schema gone, the head row deleted): the real `kb verify` (a child process) still exits 1 and names
// a position, or the file when there is none to name.
import {
  chmodSync,
  closeSync,
  existsSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rootPage, zeroPage } from '../testing/damaged-copies.js';
import {
  brokenAt,
  demo,
  demoEvents,
  ingested,
  ingestedEvents,
  kb,
  tampered,
  useTamperedStores,
} from './verify-test-stores.js';

useTamperedStores();

describe('kb verify on tampered copies of a store', () => {
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

  it('a zeroed page of the (stream, revision) index: the chain verifies, but verify fails naming the damage SQLite finds', async () => {
    const copy = tampered(ingested);
    const root = zeroPage(copy, rootPage('sqlite_autoindex_events_1'));
    const run = await kb('verify', '--store', copy);
    expect({ code: run.code, stdout: run.stdout }).toMatchObject({ code: 1 });
    expect(run.stdout).toContain(`ok: ${ingestedEvents} events checked; the hash chain is intact`);
    expect(run.stdout).toContain(
      "BROKEN: SQLite finds the file damaged in the log's tables or their indexes",
    );
    expect(run.stdout).toContain(`page ${root}`);
    const json = JSON.parse((await kb('verify', '--store', copy, '--json')).stdout);
    expect(json).toMatchObject({
      ok: false,
      checked: ingestedEvents,
      firstBreak: null,
      file: { foreign: [] },
    });
    expect(json.file.damage.length).toBeGreaterThan(0);
    // An intact file: the same key, nothing in it.
    const intact = JSON.parse((await kb('verify', '--store', tampered(ingested), '--json')).stdout);
    expect(intact).toMatchObject({ ok: true, file: { damage: [], foreign: [] } });
  });

  it('a zeroed page of the head row: every event verified, the end named as unseen, the damage named', async () => {
    const copy = tampered(ingested);
    zeroPage(copy, rootPage('head'));
    const run = await kb('verify', '--store', copy);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: '' });
    expect(brokenAt(run), run.stdout).toBe(ingestedEvents + 1);
    expect(run.stdout).toContain("the store's head row is on a damaged page SQLite cannot read");
    expect(run.stdout).toContain(`${ingestedEvents} events before it verified`);
    expect(run.stdout).toMatch(/BROKEN: SQLite finds the file damaged[^\n]*\n {2}head: /);
  });

  it('the damage advice quotes a path with a space, and --read-models says they were not compared', async () => {
    const copy = tampered(ingested);
    zeroPage(copy, rootPage('sqlite_autoindex_events_1'));
    const spaced = join(dirname(copy), 'evidence copy.sqlite');
    renameSync(copy, spaced);
    const run = await kb('verify', '--read-models', '--store', spaced);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`sqlite3 '${spaced}' .dump | sqlite3 NEW; kb verify --store NEW`);
    expect(run.stdout).toMatch(
      /\nRead models: not compared, as SQLite finds the file holding them damaged \(above\)\.$/m,
    );
  });

  it('a trigger added on events: named as a failure, though the chain verifies', async () => {
    const copy = tampered(demo, (db) =>
      db.exec(
        `CREATE TRIGGER rewrite AFTER INSERT ON events BEGIN UPDATE events SET data = replace(data, 'taliban', 'republic') WHERE position = new.position; END`,
      ),
    );
    const run = await kb('verify', '--store', copy);
    expect({ code: run.code, stdout: run.stdout }).toMatchObject({ code: 1 });
    expect(run.stdout).toContain(`ok: ${demoEvents} events checked; the hash chain is intact`);
    expect(run.stdout).toMatch(
      /BROKEN: the file holds schema objects on the log's tables that kb does not make:\n {2}trigger rewrite on events\n/,
    );
    expect(JSON.parse((await kb('verify', '--store', copy, '--json')).stdout)).toMatchObject({
      ok: false,
      firstBreak: null,
      file: { damage: [], foreign: ['trigger rewrite on events'] },
    });
  });
  it('a file that claims schema version 2: advises verifying a migrated copy, not opening the evidence for writing', async () => {
    const copy = tampered(demo, (db) =>
      db.prepare("UPDATE meta SET value = '2' WHERE key = 'schema_version'").run(),
    );
    const run = await kb('verify', '--store', copy);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('the event file claims schema version 2; kb verify reads version 3');
    expect(run.stdout).toContain('verify a migrated copy');
    expect(run.stdout).not.toContain('e.g. kb status, to migrate it');
  });
  it('a write-protected file that claims schema version 2: advised so without a file made beside it', async () => {
    const copy = tampered(demo, (db) =>
      db.prepare("UPDATE meta SET value = '2' WHERE key = 'schema_version'").run(),
    );
    for (const suffix of ['-wal', '-shm']) rmSync(`${copy}${suffix}`, { force: true });
    chmodSync(copy, 0o444);
    try {
      const run = await kb('verify', '--store', copy);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('the event file claims schema version 2; kb verify reads version 3');
      expect(existsSync(`${copy}-wal`)).toBe(false);
      expect(existsSync(`${copy}-shm`)).toBe(false);
    } finally {
      chmodSync(copy, 0o644);
    }
  });
});
