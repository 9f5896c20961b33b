// `kb verify --read-models` (the real kb, a child process) on copies of a real store file: the read
// models compared with a rebuild from the log, and the private copy that check works on.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KB_BIN, kbChild } from '../testing/cli-test-kit.js';
import { demo, dir, example, ingested, kb, tampered, useTamperedStores } from './verify-test-stores.js';

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
    expect(server.code).toBe(2);
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
});
