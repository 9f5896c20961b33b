// kb pointed at something it cannot use: no knowledge base yet, a folder, a named pipe, another
// application's SQLite file, an EventStoreDB that does not answer, a command it does not know. Each
// says what it found in one line and changes nothing.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { run } from '../cli.js';
import { whereIs } from '../context/store-presence.js';
import { capture, EXAMPLES, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-wrong-target-');
const store = join(dir, 'kb.sqlite');
const kb = (...args: string[]) => kbOn(store, ...args);

describe('kb, pointed at the wrong thing', () => {
  it('says plainly when there is no knowledge base yet', async () => {
    const r = await kb('status');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no knowledge base at .*kb\.sqlite/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('names the file a relative store path reads, and where npm runs kb from when it differs', () => {
    expect(whereIs('/data/kb.sqlite', '/work', undefined)).toBe('/data/kb.sqlite');
    expect(whereIs('s.sqlite', '/work/main', undefined)).toBe('s.sqlite (/work/main/s.sqlite)');
    expect(whereIs('s.sqlite', '/work/main', '/work/main')).toBe('s.sqlite (/work/main/s.sqlite)');
    expect(whereIs('s.sqlite', '/work/main', '/tmp/audit')).toBe(
      's.sqlite (/work/main/s.sqlite: npm runs kb in /work/main, so a relative path is read from there; from /tmp/audit it is /tmp/audit/s.sqlite)',
    );
  });

  it('reads nothing from an empty file and leaves it empty, whatever the reading command', async () => {
    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    for (const args of [['status'], ['verify'], ['log'], ['rebuild'], ['mission', 'Khorog'], ['sources']]) {
      const out = capture();
      expect(await run([...args, '--store', empty], out), args.join(' ')).toBe(1);
      expect(out.stderr).toEqual([
        `kb: no knowledge base in ${empty}, an empty file: ingest something first (kb ingest FILE, or npm start for the bundled dataset), or name another with --store PATH`,
      ]);
      expect(statSync(empty).size).toBe(0);
    }
  });

  it('reads nothing from a SQLite file with no tables (a store whose making was cut short), which ingest then makes', async () => {
    // What a kb killed between setting the write-ahead mode and making its tables leaves.
    const cut = join(dir, 'cut-short.sqlite');
    const raw = new BetterSqlite3(cut);
    raw.pragma('journal_mode = WAL');
    raw.close();
    const bytes = readFileSync(cut);
    expect(bytes.length).toBe(4096);
    const reads = [
      ['status'],
      ['verify'],
      ['verify', '--read-models'],
      ['log'],
      ['rebuild'],
      ['mission', 'Khorog'],
    ];
    for (const args of [...reads, ['sources'], ['timeline', 'Khorog'], ['trace', 'x']]) {
      const out = capture();
      expect(await run([...args, '--store', cut], out), args.join(' ')).toBe(1);
      expect(out.stderr).toEqual([
        `kb: no knowledge base in ${cut}, a SQLite file with no tables (a store whose making was cut short, it may be): ingest something first (kb ingest FILE, or npm start for the bundled dataset), or name another with --store PATH`,
      ]);
      expect(readFileSync(cut).equals(bytes)).toBe(true);
    }
    const ingest = await kbOn(cut, 'ingest', EXAMPLES);
    expect(ingest.code).toBe(0);
    expect(ingest.err).toContain(`kb: made a new knowledge base at ${cut}`);
    expect((await kbOn(cut, 'verify')).text).toMatch(/^ok: 31 events checked/);
  });

  it('says a --store naming a folder names a folder, whatever the command', async () => {
    const examples = EXAMPLES;
    for (const args of [
      ['status'],
      ['verify'],
      ['log'],
      ['rebuild'],
      ['ingest', examples],
      ['mission', 'Khorog'],
    ]) {
      const out = capture();
      expect(await run([...args, '--store', dir], out), args.join(' ')).toBe(1);
      expect(out.stderr).toEqual([
        `kb: ${dir} is a folder: --store names the knowledge base's file, such as ${join(dir, 'kb.sqlite')}`,
      ]);
    }
  });

  it('says a --store naming a named pipe is no file, whatever the command, and makes nothing beside it', async () => {
    const pipe = join(dir, 'pipe.sqlite');
    execFileSync('mkfifo', [pipe]);
    for (const args of [
      ['status'],
      ['verify'],
      ['verify', '--json'],
      ['log'],
      ['trace', 'x'],
      ['ingest', EXAMPLES],
    ]) {
      const out = capture();
      expect(await run([...args, '--store', pipe], out), args.join(' ')).toBe(1);
      expect(out.stderr).toEqual([
        `kb: ${pipe} is a named pipe, not a file: --store names the knowledge base's file`,
      ]);
    }
    expect(readdirSync(dir).filter((name) => name.startsWith('pipe'))).toEqual(['pipe.sqlite']);
  });

  it('says a --store through a file, as though it were a folder, names no file, naming that file', async () => {
    const file = join(dir, 'notes.sqlite');
    writeFileSync(file, 'some notes\n');
    for (const through of [join(file, 'kb.sqlite'), `${file}/`, join(file, 'a', 'kb.sqlite')])
      for (const args of [['status'], ['verify', '--json'], ['log'], ['ingest', EXAMPLES]]) {
        const out = capture();
        expect(await run([...args, '--store', through], out), `${args.join(' ')} ${through}`).toBe(1);
        expect(out.stderr).toEqual([
          `kb: ${through} names no file kb can use: ${file} is a file, not a folder; --store names the knowledge base's file`,
        ]);
      }
    expect(readFileSync(file, 'utf8')).toBe('some notes\n');
  });

  it("refuses another application's SQLite file as its store, and leaves that file as it was", async () => {
    const foreign = join(dir, 'contacts.sqlite');
    const raw = new BetterSqlite3(foreign);
    raw.exec("CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('Ann')");
    raw.close();
    const tables = () => {
      const db = new BetterSqlite3(foreign, { readonly: true });
      const names = db.prepare('SELECT name FROM sqlite_master ORDER BY name').pluck().all();
      db.close();
      return names;
    };
    const examples = EXAMPLES;
    // A dry run reads a private copy; what it says of the copy names the user's file.
    for (const args of [['status'], ['ingest', examples], ['ingest', examples, '--dry-run'], ['demo']]) {
      const out = capture();
      expect(await run([...args, '--store', foreign], out), args.join(' ')).toBe(1);
      expect(out.stderr.join('\n')).toContain(
        `cannot open the event file ${foreign}: the file is a SQLite database but not a knowledge-base event file`,
      );
      expect(tables()).toEqual(['people']);
    }
  });

  it("names the user's file, not the private copy, when a dry run finds it is no knowledge base", async () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database at all\n');
    const out = capture();
    expect(await run(['ingest', EXAMPLES, '--dry-run', '--store', text], out)).toBe(1);
    expect(out.stderr).toEqual([`kb: cannot open the event file ${text}: file is not a database`]);
    expect(readFileSync(text, 'utf8')).toBe('not a database at all\n');
  });

  it('says where it looked when no EventStoreDB answers, and how to start one', async () => {
    // Port 1: nothing listens there, whatever else this machine runs.
    // kb verify too: a server that does not answer is not a broken chain.
    for (const command of ['status', 'verify']) {
      const out = capture();
      const code = await run([command, '--eventstore', 'esdb://127.0.0.1:1?tls=false'], out);
      const r = { code, err: out.stderr.join('\n') };
      expect(r.code, command).toBe(1);
      expect(out.stdout, command).toEqual([]);
      expect(r.err).toMatch(/^kb: EventStoreDB unavailable: .*\S$/m);
      expect(r.err).not.toMatch(/Resolution note/);
      expect(r.err).toMatch(
        /^kb: is an EventStoreDB server running at esdb:\/\/127\.0\.0\.1:1\?tls=false\? .*docker compose up -d eventstore/m,
      );
    }
  });

  it('refuses --store and --eventstore together: each names the store to use', async () => {
    const out = capture();
    expect(
      await run(['status', '--store', store, '--eventstore', 'esdb://localhost:2113?tls=false'], out),
    ).toBe(2);
    expect(out.stderr.join('\n')).toBe(
      'kb: --store and --eventstore each name the store to use; give one of them\nRun kb help for the commands and options.',
    );
  });

  it('usage mistakes exit 2 with a hint', async () => {
    const r = await kb('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command "frobnicate"/);
  });
});
