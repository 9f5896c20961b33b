// docs/claim-records.md, "The file": a compressed input is refused whole, as the one problem of
// line 1; `kb ingest FILE` refuses it before opening the store (exit 1: kb-ingest.test.ts), while
// `kb ingest -`, which cannot look at stdin first, "exits 3 as for any rejected line; nothing of
// the input is stored", and the message says how to unpack it into `kb ingest -`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { exampleLines, kbOn, kbPiped, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-stdin-refused-');

const kbReading = (bytes: Uint8Array, args: readonly string[]) => kbPiped(dir, args, bytes);

describe('kb ingest - given a gzip-compressed stream', () => {
  it('exits 3, naming the one problem of line 1 and the command that unpacks it, and stores nothing', async () => {
    const store = join(dir, 'kb.sqlite');
    const rejects = join(dir, 'rejected.ndjson');
    const packed = gzipSync(`${exampleLines().join('\n')}\n`);
    const run = await kbReading(packed, ['ingest', '-', '--store', store, '--rejects', rejects]);
    expect(run.code).toBe(3);
    expect(run.out).toContain(
      'line 1, (record): the file is gzip-compressed, not claim records: nothing of it was read. Unpack it first (gunzip -c FILE.gz | kb ingest -)',
    );
    expect(run.out).toMatch(/added 0 \(0 events\), already present 0, rejected 1 line\./);
    expect(existsSync(rejects)).toBe(false);
    const log = await kbOn(store, 'log', '--json');
    expect(log.code).toBe(0);
    expect(log.out.json_).toEqual([[]]);
  });
});
