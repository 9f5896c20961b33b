// docs/commands.md, "Everywhere": an --eventstore value that is not a connection string is a usage
// error (exit 2) found only when the store is opened, so an error met before it, such as an input
// file that is not there, is the one kb ingest reports.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../cli.js';
import { capture, EXAMPLES, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-ingest-eventstore-order-');

describe('kb ingest beside an --eventstore that is no connection string', () => {
  it('reports a missing input first: exit 1, naming the file, and not the URL', async () => {
    const missing = join(dir, 'not-there.ndjson');
    const out = capture();
    const code = await run(['ingest', missing, '--eventstore', 'notaurl'], out);
    const said = out.stderr.join('\n');
    expect({ code, stdout: out.stdout }).toEqual({ code: 1, stdout: [] });
    expect(said).toBe(`kb: no such input file: ${missing}`);
    expect(said).not.toContain('connection string');
  });

  it('with an input that is there, reports the URL when the store is opened: exit 2', async () => {
    const out = capture();
    const code = await run(['ingest', EXAMPLES, '--eventstore', 'notaurl'], out);
    expect({ code, stdout: out.stdout }).toEqual({ code: 2, stdout: [] });
    expect(out.stderr.join('\n')).toMatch(
      /^kb: --eventstore: invalid EventStoreDB connection string "notaurl"/,
    );
  });
});
