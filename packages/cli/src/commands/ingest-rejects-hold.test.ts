// kb ingest never overwrites a rejects file without a word: not one mended in place, nor one another
// input's run wrote, nor one a run still writes; re-running the same command stays as it was, even
// after a run killed mid-way.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { IngestReport } from '@kb/ingest';
import { describe, expect, it, vi } from 'vitest';
import { KB_BIN, kbOn, testFolder } from '../testing/cli-test-kit.js';
import { interruptedLine, stoppedLine } from './ingest.js';
import { holdRejects } from './ingest-rejects-hold.js';

// What another run does between this run's steps, played at the read of a lock file.
const race = vi.hoisted(() => ({
  beforeRead: null as ((path: string) => void) | null,
  afterRead: null as ((path: string) => void) | null,
  /** Every path opened through openSync. */
  opened: [] as string[],
  /** Paths whose writeFileSync makes the file, then finds the disk full. */
  fullDisk: null as RegExp | null,
}));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((...args: Parameters<typeof fs.readFileSync>) => {
    const path = String(args[0]);
    const before = path.endsWith('.lock') ? race.beforeRead : null;
    race.beforeRead = before === null ? race.beforeRead : null;
    before?.(path);
    const text = fs.readFileSync(...args);
    const after = path.endsWith('.lock') ? race.afterRead : null;
    race.afterRead = after === null ? race.afterRead : null;
    after?.(path);
    return text;
  }) as typeof fs.readFileSync;
  const openSync = ((...args: Parameters<typeof fs.openSync>) => {
    race.opened.push(String(args[0]));
    return fs.openSync(...args);
  }) as typeof fs.openSync;
  const writeFileSync = ((...args: Parameters<typeof fs.writeFileSync>) => {
    if (race.fullDisk?.test(String(args[0]))) {
      fs.writeFileSync(args[0], '', args[2] as Parameters<typeof fs.writeFileSync>[2]);
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    return fs.writeFileSync(...args);
  }) as typeof fs.writeFileSync;
  return {
    ...fs,
    readFileSync,
    openSync,
    writeFileSync,
    default: { ...fs, readFileSync, openSync, writeFileSync },
  };
});

/** The id of a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((done) => child.on('exit', done));
  return child.pid as number;
}

const { dir } = testFolder('kb-rejects-hold-');
let n = 0;
/** A fresh store, an input holding `lines`, and where its rejected lines go by default. */
function setUp(lines: string[]) {
  n++;
  const store = join(dir, `kb-${n}.sqlite`);
  const input = join(dir, `in-${n}.ndjson`);
  writeFileSync(input, `${lines.join('\n')}\n`);
  return { store, input, rejects: `${input}.rejected.ndjson` };
}

/** Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot. */
function startTicks(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

describe('kb ingest: the rejects file', () => {
  it('is written anew when the same command runs again on the same input', async () => {
    const { store, input, rejects } = setUp(['{"a" 1}', '{"b" 2}']);
    expect((await kbOn(store, 'ingest', input)).code).toBe(3);
    expect(readFileSync(rejects, 'utf8')).toBe('{"a" 1}\n{"b" 2}\n');
    const again = await kbOn(store, 'ingest', input);
    expect([again.code, again.err]).toEqual([3, '']);
    expect(readFileSync(rejects, 'utf8')).toBe('{"a" 1}\n{"b" 2}\n');
  });

  it('is not overwritten by a second run reading stdin: piped input cannot be shown to be the same', async () => {
    const { store, rejects } = setUp([]);
    const piped = (text: string) =>
      new Promise<{ code: number | null; err: string }>((done) => {
        const child = spawn(process.execPath, [
          KB_BIN,
          'ingest',
          '-',
          '--rejects',
          rejects,
          '--store',
          store,
        ]);
        let err = '';
        child.stderr.on('data', (chunk) => {
          err += String(chunk);
        });
        child.on('close', (code) => done({ code, err }));
        child.stdin.end(text);
      });
    expect((await piped('{"first" 1}\n')).code).toBe(3);
    const second = await piped('{"second" 1}\n');
    expect(second.code).toBe(2);
    expect(second.err).toContain(
      `kb: ${rejects} holds the rejected lines of an earlier run reading stdin, and what is piped in now cannot be shown to be the same input`,
    );
    expect(second.err).toContain(`Ingest it (kb ingest ${rejects}), then move or remove it`);
    expect(readFileSync(rejects, 'utf8')).toBe('{"first" 1}\n');
  });

  it('may be /dev/null, to drop the rejected lines, run after run, with no lock or note made beside it', async () => {
    const { store, input } = setUp(['{"a" 1}']);
    for (let run = 0; run < 2; run++) {
      const r = await kbOn(store, 'ingest', input, '--rejects', '/dev/null');
      expect(r.code, r.err).toBe(3);
      expect(r.err).not.toContain('/dev/null');
    }
    expect(existsSync('/dev/null.lock')).toBe(false);
    expect(existsSync('/dev/.null.kb')).toBe(false);
  });

  it('is not overwritten once mended in place, nor when kb did not write it: the run is refused (exit 2)', async () => {
    const { store, input, rejects } = setUp(['{"a" 1}']);
    expect((await kbOn(store, 'ingest', input)).code).toBe(3);
    writeFileSync(rejects, '{"a": 1}\n');
    const refused = await kbOn(store, 'ingest', input, '--json');
    expect([refused.code, refused.text]).toEqual([2, '']);
    expect(refused.err).toBe(
      `kb: ${rejects} has been changed since kb ingest wrote it: its lines would be overwritten by this run's. Ingest it (kb ingest ${rejects}), then move or remove it, and run this again; or give --rejects another path`,
    );
    expect(readFileSync(rejects, 'utf8')).toBe('{"a": 1}\n');
    expect(existsSync(`${rejects}.lock`)).toBe(false);

    const other = join(dir, 'by-hand.ndjson');
    writeFileSync(other, '{"kept": true}\n');
    const byHand = await kbOn(store, 'ingest', input, '--rejects', other);
    expect(byHand.code).toBe(2);
    expect(byHand.err).toContain(`${other} is there already, and nothing shows kb ingest wrote it`);
    expect(readFileSync(other, 'utf8')).toBe('{"kept": true}\n');

    // Moved away (or ingested and removed), the same command runs again.
    rmSync(rejects);
    expect((await kbOn(store, 'ingest', input)).code).toBe(3);
  });

  it("is not overwritten by another input's run", async () => {
    const first = setUp(['{"p" 1}']);
    const second = setUp(['{"q" 1}']);
    const shared = join(dir, 'shared.ndjson');
    expect((await kbOn(first.store, 'ingest', first.input, '--rejects', shared)).code).toBe(3);
    const r = await kbOn(first.store, 'ingest', second.input, '--rejects', shared);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${shared} holds the rejected lines of another input (${first.input})`);
    expect(readFileSync(shared, 'utf8')).toBe('{"p" 1}\n');
  });

  it('is refused to a second run while a first still writes it, and taken over from a run that is gone', async () => {
    const { store, rejects } = setUp([]);
    const lock = `${rejects}.lock`;
    // A first run reading a quiet stdin holds the rejects file until its input ends.
    const child = spawn(process.execPath, [KB_BIN, 'ingest', '-', '--rejects', rejects, '--store', store]);
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.stdin.write('{"first" 1}\n');
    for (let i = 0; i < 1500 && !existsSync(lock); i++) await new Promise((wait) => setTimeout(wait, 20));
    const second = setUp(['{"second" 1}']);
    const busy = await kbOn(second.store, 'ingest', second.input, '--rejects', rejects);
    expect(busy.code).toBe(2);
    expect(busy.err).toContain(
      `kb: another kb ingest (process ${child.pid}) is writing rejected lines to ${rejects} now`,
    );
    child.stdin.end();
    expect(await exited).toBe(3);
    expect(readFileSync(rejects, 'utf8')).toBe('{"first" 1}\n');
    expect(existsSync(lock)).toBe(false);

    // A lock left by a process that no longer runs (killed outright) is taken over.
    writeFileSync(lock, `${child.pid}\n`);
    const gone = setUp(['{"third" 1}']);
    rmSync(rejects);
    expect((await kbOn(gone.store, 'ingest', gone.input, '--rejects', rejects)).code).toBe(3);
    expect(readFileSync(rejects, 'utf8')).toBe('{"third" 1}\n');
  });

  it('is refused again after only being ingested, as it is left unchanged: the advice says to move or remove it too', async () => {
    const { store, input, rejects } = setUp(['{"a" 1}']);
    expect((await kbOn(store, 'ingest', input)).code).toBe(3);
    writeFileSync(rejects, '{"a": 1}\n');
    const refused = await kbOn(store, 'ingest', input);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(
      `Ingest it (kb ingest ${rejects}), then move or remove it, and run this again`,
    );
    // Following the advice: ingested, R is as it was, so the command is refused still...
    expect((await kbOn(store, 'ingest', rejects)).code).not.toBe(2);
    expect(readFileSync(rejects, 'utf8')).toBe('{"a": 1}\n');
    expect((await kbOn(store, 'ingest', input)).code).toBe(2);
    // ...until it is moved or removed.
    rmSync(rejects);
    expect((await kbOn(store, 'ingest', input)).code).toBe(3);
    expect(readFileSync(rejects, 'utf8')).toBe('{"a" 1}\n');
  });

  it('left by a run of the same command killed mid-way is written anew when that command runs again', async () => {
    const { store, input, rejects } = setUp(['{"again" 1}']);
    const lock = `${rejects}.lock`;
    // A run of this input took the rejects file, wrote part of it, and was killed outright.
    holdRejects(rejects, input);
    writeFileSync(rejects, '{"again" 1}\n{"par');
    writeFileSync(lock, `${await deadPid()}\n`);

    const again = await kbOn(store, 'ingest', input);
    expect([again.code, again.err]).toEqual([3, `kb: made a new knowledge base at ${store}`]);
    expect(readFileSync(rejects, 'utf8')).toBe('{"again" 1}\n');
    expect(existsSync(lock)).toBe(false);

    // Another input's run still may not overwrite what a killed run left.
    writeFileSync(
      join(dir, `.${basename(rejects)}.kb`),
      `${JSON.stringify({ input: '-', sha256: null, running: true })}\n`,
    );
    const other = setUp(['{"other" 1}']);
    const refused = await kbOn(other.store, 'ingest', other.input, '--rejects', rejects);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`${rejects} holds the rejected lines of another input (stdin)`);
  });

  it('left unwritten by a run killed mid-way leaves no note once a run of the same command rejects nothing', async () => {
    const { store, input, rejects } = setUp([]);
    const note = join(dir, `.${basename(rejects)}.kb`);
    // A run of this input took the rejects file and was killed before it rejected a line.
    holdRejects(rejects, input);
    writeFileSync(`${rejects}.lock`, `${await deadPid()}\n`);
    expect(JSON.parse(readFileSync(note, 'utf8'))).toMatchObject({ sha256: null, running: true });

    const again = await kbOn(store, 'ingest', input);
    expect(again.code, again.err).toBe(0);
    // As after a run that never rejected: no rejects file, no lock, and no note saying one is written.
    expect([existsSync(rejects), existsSync(`${rejects}.lock`), existsSync(note)]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('notes the input path and the SHA-256 of what it wrote, and does not read the input again to hash it', () => {
    const { input, rejects } = setUp(['{"a" 1}']);
    const hold = holdRejects(rejects, input);
    writeFileSync(rejects, '{"a" 1}\n');
    race.opened.length = 0;
    hold.release(true);
    expect(race.opened.filter((path) => path === input)).toEqual([]);
    const note = JSON.parse(readFileSync(join(dir, `.${basename(rejects)}.kb`), 'utf8'));
    expect(note).toEqual({ input, sha256: createHash('sha256').update('{"a" 1}\n').digest('hex') });
  });

  it('gives up its hold without throwing when the note cannot be written, or the rejects file is gone: it warns, and the run stands', () => {
    const { input, rejects } = setUp(['{"a" 1}']);
    const note = join(dir, `.${basename(rejects)}.kb`);
    const lock = `${rejects}.lock`;
    // The rejects file removed during the run: its SHA-256 cannot be taken.
    let warned: string[] = [];
    const gone = holdRejects(rejects, input);
    expect(() => gone.release(true, (line) => warned.push(line))).not.toThrow();
    expect(warned).toEqual([
      expect.stringMatching(
        new RegExp(`^kb: warning: could not note in .*${basename(note)} what this run left in`),
      ),
    ]);
    expect(existsSync(lock)).toBe(false);
    // The note cannot be written (a folder in its place here; no room or no right alike).
    warned = [];
    const hold = holdRejects(rejects, input);
    writeFileSync(rejects, '{"a" 1}\n');
    rmSync(note);
    mkdirSync(note);
    expect(() => hold.release(true, (line) => warned.push(line))).not.toThrow();
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain('EISDIR');
    expect(existsSync(lock)).toBe(false);
    rmSync(note, { recursive: true });
  });

  it('takes the lock made anew when the one it found is removed before it is read', async () => {
    const { input, rejects } = setUp([]);
    const lock = `${rejects}.lock`;
    writeFileSync(lock, `${process.pid}\n`);
    race.beforeRead = (path) => rmSync(path); // its run ended just then
    const hold = holdRejects(rejects, input);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n${startTicks(process.pid)}\n`);
    hold.release(false);
    expect(existsSync(lock)).toBe(false);
  });

  it('is taken over when its process number now belongs to a process started later, and refused while its own process runs', () => {
    const { input, rejects } = setUp([]);
    const lock = `${rejects}.lock`;
    const started = startTicks(process.pid);
    // A run killed long ago whose number the system gave again, to this process.
    writeFileSync(lock, `${process.pid}\n${Number(started) - 1}\n`);
    const hold = holdRejects(rejects, input);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n${started}\n`);
    hold.release(false);
    // The same number and start: that run is still going.
    writeFileSync(lock, `${process.pid}\n${started}\n`);
    expect(() => holdRejects(rejects, input)).toThrow(
      `another kb ingest (process ${process.pid}) is writing rejected lines to ${rejects} now`,
    );
    // A lock that notes no start (an older kb) is held while any process has its number.
    writeFileSync(lock, `${process.pid}\n`);
    expect(() => holdRejects(rejects, input)).toThrow(`another kb ingest (process ${process.pid})`);
    rmSync(lock);
  });

  it('taking over a stale lock does not remove one another run made meanwhile: this run is refused', async () => {
    const { input, rejects } = setUp([]);
    const lock = `${rejects}.lock`;
    writeFileSync(lock, `${await deadPid()}\n`);
    // Another run found it stale too, took it over first and holds it now (a live process).
    race.afterRead = (path) => {
      rmSync(path);
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
    };
    let refused: unknown = null;
    try {
      holdRejects(rejects, input);
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({
      exitCode: 2,
      message: expect.stringContaining(
        `another kb ingest (process ${process.pid}) is writing rejected lines to ${rejects} now`,
      ),
    });
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
    rmSync(lock);
  });
});

describe('kb ingest - stopped having written rejected lines', () => {
  it('does not tell to run the same command again as it is, which would be refused: the rejects file is to be moved first', async () => {
    const { store, rejects } = setUp([]);
    const child = spawn(process.execPath, [KB_BIN, 'ingest', '-', '--rejects', rejects, '--store', store]);
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += String(chunk);
    });
    const closed = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    // The first rejected line is written at once; the pipe stays open, then Ctrl-C.
    child.stdin.write('{"colour": "red"}\n');
    const deadline = Date.now() + 30_000;
    while (!(existsSync(rejects) && readFileSync(rejects, 'utf8') === '{"colour": "red"}\n')) {
      if (Date.now() > deadline) throw new Error('the rejected line was not written');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    expect(err).not.toContain('Run the same command again to go on');
    expect(err).toContain(
      `To go on, move ${rejects} aside (ingest it once its lines are mended: kb ingest ${rejects}) or give --rejects another path, as a run reading stdin does not overwrite the rejected lines of another, then run the same command again: what is already stored is skipped.`,
    );
  });

  it('says so when stopped by a failure too; a run of a file, or with no rejected line, is told to run again as it is', () => {
    const done = (rejectsPath: string | null) =>
      ({
        lines: 4,
        records: 4,
        batches: 1,
        added: 3,
        skipped: 0,
        rejectedLines: 1,
        rejectsPath,
      }) as unknown as IngestReport;
    expect(stoppedLine(done('r.ndjson'), 'the disk is full', 'the store', '-')).toBe(
      'kb: ingest stopped by the store: the disk is full. The 1 batch committed before it is kept. Once that is fixed, move r.ndjson aside (ingest it once its lines are mended: kb ingest r.ndjson) or give --rejects another path, as a run reading stdin does not overwrite the rejected lines of another, and run the same command again: what is already stored is skipped.',
    );
    for (const [rejectsPath, input] of [
      ['r.ndjson', 'in.ndjson'],
      [null, '-'],
    ] as const) {
      expect(stoppedLine(done(rejectsPath), 'the disk is full', 'the store', input)).toContain(
        'Once that is fixed, run the same command again: what is already stored is skipped.',
      );
      expect(interruptedLine(done(rejectsPath), input)).toContain(
        'Run the same command again to go on: what is already stored is skipped.',
      );
    }
  });
});

describe('holdRejects on a full disk', () => {
  it('says the lock or the note beside the rejects file cannot be written, and leaves no lock behind', () => {
    const here = join(dir, 'full-disk');
    mkdirSync(here, { recursive: true });
    const rejects = join(here, 'r.ndjson');
    const input = join(here, 'in.ndjson');
    writeFileSync(input, '{}\n');
    for (const [what, name] of [
      [/\.lock$/, 'r.ndjson.lock'],
      [/\.r\.ndjson\.kb(\.\d+\.next)?$/, '.r.ndjson.kb'],
    ] as const) {
      race.fullDisk = what;
      try {
        expect(() => holdRejects(rejects, input)).toThrow(
          `cannot write ${join(here, name)} beside the rejects file ${rejects}: the disk is full; free some room, or give --rejects a path on another disk`,
        );
      } finally {
        race.fullDisk = null;
      }
      expect(existsSync(`${rejects}.lock`), name).toBe(false);
    }
  });

  it('keeps the note whole when it cannot be written at the end of a run, so the same command runs again', () => {
    const here = join(dir, 'full-disk-note');
    mkdirSync(here, { recursive: true });
    const rejects = join(here, 'r.ndjson');
    const input = join(here, 'in.ndjson');
    writeFileSync(input, '{}\n');
    const first = holdRejects(rejects, input);
    writeFileSync(rejects, '{"a" 1}\n');
    first.release(true);
    const second = holdRejects(rejects, input);
    const warned: string[] = [];
    race.fullDisk = /\.r\.ndjson\.kb(\.\d+\.next)?$/;
    try {
      second.release(true, (line) => warned.push(line));
    } finally {
      race.fullDisk = null;
    }
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain('could not note in');
    // The note is the one the run began with (a run of this input writing it): not emptied.
    expect(JSON.parse(readFileSync(join(here, '.r.ndjson.kb'), 'utf8'))).toMatchObject({ running: true });
    expect(() => holdRejects(rejects, input).release(false)).not.toThrow();
    expect(readdirSync(here).filter((name) => name.endsWith('.next'))).toEqual([]);
  });
});
