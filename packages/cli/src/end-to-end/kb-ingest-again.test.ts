// kb ingest of the bundled dataset again, on a knowledge base `kb demo` built for this file from it:
// every record already present is nothing new, unless a line was rejected beside them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoKnowledgeBase, exampleLines } from '../testing/cli-test-kit.js';

const { dir, kb } = demoKnowledgeBase('kb-ingest-again-');

describe('kb ingest of records already held', () => {
  it('says nothing is new when every record was already present, and exits 0', async () => {
    const file = join(dir, 'again.ndjson');
    writeFileSync(file, `${exampleLines().join('\n')}\n`);
    const r = await kb('ingest', file);
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/\n {2}added 0 \(0 events\), already present \d+, rejected 0 lines\.\n/);
    expect(r.text).toContain('Nothing new: every record was already in the knowledge base.');
  });

  it('does not say nothing is new when a line beside them was rejected, and exits 3', async () => {
    const lines = exampleLines();
    const file = join(dir, 'again-with-a-bad-line.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n{not json\n`);
    const r = await kb('ingest', file);
    expect(r.code).toBe(3);
    expect(r.text).toMatch(/\n {2}added 0 \(0 events\), already present \d+, rejected 1 line\.\n/);
    expect(r.text).toContain(`\nRejected:\n  line ${lines.length + 1}, (record): malformed JSON`);
    expect(r.text).not.toContain('Nothing new');
  });
});
