// `kb verify --read-models` (the real kb, a child process) on copies of a real store file: the read
// models compared with a rebuild from the log, and the private copy that check works on.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_FINDINGS_TABLE } from '@kb/projections';
import { describe, expect, it } from 'vitest';
import { KB_BIN, kbChild } from '../testing/cli-test-kit.js';
import {
  demo,
  demoEvents,
  dir,
  example,
  ingested,
  kb,
  tampered,
  useTamperedStores,
} from './verify-test-stores.js';

useTamperedStores();

describe('kb verify on tampered copies of a store', () => {
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
    expect(JSON.parse(grownCheck.stdout)).toMatchObject({
      ok: true,
      readModels: { ok: true, tables: [], behind: 0 },
    });
    expect(grownCheck.code).toBe(0);

    // Read models behind the log (an ingest since, no command read them; or one killed while it
    // caught them up): compared once caught up, on the copy, and said to have been behind.
    const behindInput = join(dir, 'part-behind.ndjson');
    writeFileSync(
      behindInput,
      `${JSON.stringify({ type: 'retraction', claim: 'diplomat-2023-03-khorog-visit', reason: 'withdrawn too' })}\n`,
    );
    expect((await kb('ingest', behindInput, '--store', grown)).code).toBe(0);
    const behind = await kb('verify', '--store', grown, '--read-models');
    expect(behind.code).toBe(0);
    expect(behind.stdout).toMatch(
      /\nRead models: the same as a rebuild from the log once caught up: they were 1 event behind the log \(the next command that reads them catches them up\) \(\d+ rows in 7 tables\)\.\n$/,
    );
    const behindJson = JSON.parse((await kb('verify', '--store', grown, '--read-models', '--json')).stdout);
    expect(behindJson.readModels).toMatchObject({ ok: true, state: 'checked', behind: 1 });

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
    expect(server.code).toBe(2);
    expect(server.stderr).toMatch(/--read-models works on the embedded store/);
  });

  it('--read-models names a table with a row only added, fails a checkpoint one past the log, and finds none in a file holding only the findings table', async () => {
    // A row only added: stored, and no rebuild writes it; the first key named is that row's.
    const added = tampered(demo, (db) =>
      db
        .prepare("INSERT INTO rm_actors SELECT 'forged-actor', body FROM rm_actors WHERE id = 'taliban'")
        .run(),
    );
    const addedCheck = await kb('verify', '--store', added, '--read-models', '--json');
    expect(addedCheck.code).toBe(1);
    expect(JSON.parse(addedCheck.stdout).readModels).toMatchObject({
      ok: false,
      state: 'checked',
      tables: [{ table: 'rm_actors', unexpected: 1, missing: 0, first: 'id forged-actor' }],
    });

    // The checkpoint just one past the log's last event: a catch-up would skip the next one. Said
    // by the check itself before any catch-up, with how to tell a cut log from an edited checkpoint.
    const past = tampered(demo, (db) =>
      db
        .prepare(
          "UPDATE rm_meta SET value = CAST((SELECT max(position) + 1 FROM events) AS TEXT) WHERE key = 'checkpoint'",
        )
        .run(),
    );
    const pastCheck = await kb('verify', '--store', past, '--read-models', '--json');
    expect(pastCheck.code).toBe(1);
    expect(JSON.parse(pastCheck.stdout).readModels).toEqual({
      ok: false,
      state: 'failed',
      reason: `their checkpoint, position ${demoEvents + 1}, is past the log's last event, position ${demoEvents}: the log was cut back since they applied it, or their checkpoint was edited (kb verify --anchor with a hash kept outside the file tells which)`,
      findings: [],
    });

    // The findings table is not a read model: a file holding only it holds no read models.
    const findingsOnly = tampered(demo, (db) => {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 3) = 'rm_'")
        .pluck()
        .all() as string[];
      for (const table of tables) db.exec(`DROP TABLE ${table}`);
      db.exec(
        `CREATE TABLE ${LOG_FINDINGS_TABLE} (found_at TEXT NOT NULL, position INTEGER NOT NULL, expected_hash TEXT, found_hash TEXT, log_end INTEGER NOT NULL) STRICT`,
      );
    });
    const findingsCheck = await kb('verify', '--store', findingsOnly, '--read-models', '--json');
    expect(JSON.parse(findingsCheck.stdout)).toMatchObject({
      ok: true,
      readModels: { ok: true, state: 'none' },
    });
    expect(findingsCheck.code).toBe(0);
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
});
