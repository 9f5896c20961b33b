// README.md and docs/commands.md, "Progress": ingest, verify, rebuild and a catch-up of the read
// models show a bar on a terminal; a pipe gets only the output. kb run as a child here, its stdout
// and stderr both pipes: stderr holds kb's own lines and nothing drawn.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, kbChild, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-pipe-');
const store = join(dir, 'kb.sqlite');

describe('kb writing to pipes', () => {
  it('draws no progress on stderr for an ingest, a catch-up, a verify or a rebuild', async () => {
    const ingest = await kbChild(['ingest', EXAMPLES, '--store', store]);
    expect({ code: ingest.code, stderr: ingest.stderr }).toEqual({
      code: 0,
      stderr: `kb: made a new knowledge base at ${store}\n`,
    });
    expect(ingest.stdout).toMatch(/^Ingest run ingest-\S+: 15 lines, 15 records in 1 batch\./);
    // The read models built from the whole log by the first read command.
    for (const args of [['status', '--json'], ['verify'], ['rebuild'], ['verify', '--read-models']]) {
      const r = await kbChild([...args, '--store', store]);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
      expect(r.stdout.includes('\r') || r.stdout.includes('\u001b[K'), args.join(' ')).toBe(false);
      expect(r.stdout.length, args.join(' ')).toBeGreaterThan(0);
    }
  });
});
