// The kb binary itself, as npx runs it: through tsx, and writing stored text safely to a terminal.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { run } from '../cli.js';
import { capture, EXAMPLES, KB_BIN, testFolder } from '../testing/cli-test-kit.js';
import { storeClaimAsBefore } from '../testing/stored-before.js';

const folder = testFolder('kb-binary-');

describe('the kb binary', () => {
  it('shows the control characters of a stored claim written out, never sent to the terminal', async () => {
    const record = JSON.parse(readFileSync(EXAMPLES, 'utf8').split('\n')[0]!);
    const file = join(folder.dir, 'escapes.ndjson');
    const claimant = 'Spoof\u001b[1A\u001b[2KOfficial';
    writeFileSync(file, `${JSON.stringify({ ...record, id: 'escapes-0' })}\n`);
    const escapes = join(folder.dir, 'escapes.sqlite');
    expect(await run(['ingest', file, '--store', escapes], capture())).toBe(0);
    // A claim record's name holds no control character (docs/claim-records.md); one stored by an
    // earlier version is still shown, written out.
    await storeClaimAsBefore(escapes, 'escapes-1', {
      claimant: { asWritten: claimant, actorId: null },
      quote: 'a \u001b[2J\u009b31m quote',
    });
    const bin = KB_BIN;
    const { stdout } = await promisify(execFile)(process.execPath, [
      bin,
      'trace',
      'escapes-1',
      '--store',
      escapes,
    ]);
    expect(stdout).toContain('Spoof\\u001b[1A\\u001b[2KOfficial');
    expect(stdout).toContain('a \\u001b[2J\\u009b31m quote');
    expect([stdout.includes('\u001b'), stdout.includes('\u009b')]).toEqual([false, false]);
    // Stored as written all the same.
    const json = await promisify(execFile)(process.execPath, [
      bin,
      'trace',
      'escapes-1',
      '--json',
      '--store',
      escapes,
    ]);
    expect(JSON.parse(json.stdout).current.claimant.asWritten).toBe(claimant);
  });

  it('runs through npx-style bin with tsx and prints usage', async () => {
    const bin = KB_BIN;
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'help']);
    expect(stdout).toMatch(/^kb: a knowledge base of contested claims/);
  });
});
