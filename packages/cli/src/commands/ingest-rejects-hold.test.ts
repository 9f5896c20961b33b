// kb ingest never overwrites a rejects file without a word: not one mended in place, nor one another
// input's run wrote, nor one a run still writes; re-running the same command stays as it was.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KB_BIN, kbOn, testFolder } from '../testing/cli-test-kit.js';

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

describe('kb ingest: the rejects file', () => {
  it('is written anew when the same command runs again, mended or not', async () => {
    const { store, input, rejects } = setUp(['{"a" 1}', '{"b" 2}']);
    expect((await kbOn(store, 'ingest', input)).code).toBe(3);
    expect(readFileSync(rejects, 'utf8')).toBe('{"a" 1}\n{"b" 2}\n');
    expect((await kbOn(store, 'ingest', input)).code).toBe(3);
    writeFileSync(input, '{"b" 2}\n');
    const again = await kbOn(store, 'ingest', input);
    expect([again.code, again.err]).toEqual([3, '']);
    expect(readFileSync(rejects, 'utf8')).toBe('{"b" 2}\n');
  });

  it('is not overwritten once mended in place, nor when kb did not write it: the run is refused (exit 2)', async () => {
    const { store, input, rejects } = setUp(['{"a" 1}']);
    expect((await kbOn(store, 'ingest', input)).code).toBe(3);
    writeFileSync(rejects, '{"a": 1}\n');
    const refused = await kbOn(store, 'ingest', input, '--json');
    expect([refused.code, refused.text]).toEqual([2, '']);
    expect(refused.err).toBe(
      `kb: ${rejects} has been changed since kb ingest wrote it: its lines would be overwritten by this run's. Ingest it (kb ingest ${rejects}) or move it away, then run this again; or give --rejects another path`,
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
    for (let i = 0; i < 500 && !existsSync(lock); i++) await new Promise((wait) => setTimeout(wait, 20));
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
});
