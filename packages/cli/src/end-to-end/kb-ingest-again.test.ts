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

  it('heads the notes of a run that stored nothing new as lines already stored, not stored now', async () => {
    const graded = (id: string) =>
      JSON.stringify({
        id,
        mission: 'tj-khorog-consulate',
        kind: 'statement',
        stance: 'asserts',
        controller: 'taliban',
        occurred: '2023-03-23',
        claimant: 'Someone',
        quote: `q ${id}`,
        source: { outlet: 'The Diplomat', published: '2023-03-30', reliability: 'A' },
      });
    const file = join(dir, 'graded.ndjson');
    writeFileSync(file, `${graded('graded-again-1')}\n`);
    const first = await kb('ingest', file);
    expect(first.text).toContain(
      '\nNotes (these lines were stored; each note says what to check):\n  line 1, ',
    );
    const again = await kb('ingest', file);
    expect(again.code).toBe(0);
    expect(again.text).toMatch(/added 0 \(0 events\), already present 1,/);
    expect(again.text).toContain(
      '\nNotes (these lines were already stored by an earlier run; each note says what to check):\n  line 1, ',
    );
    expect(again.text).not.toContain('these lines were stored;');
    // One line new beside one already stored: the heading says both.
    writeFileSync(file, `${graded('graded-again-1')}\n${graded('graded-again-2')}\n`);
    const mixed = await kb('ingest', file);
    expect(mixed.text).toMatch(/added 1 \(\d+ events?\), already present 1,/);
    expect(mixed.text).toContain(
      '\nNotes (these lines are stored, by this run or an earlier one; each note says what to check):\n',
    );
  });
});
