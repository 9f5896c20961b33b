// kb ingest --dry-run writes nothing: the heading of its notes says the lines would be stored, not
// that they were, beside its first line saying nothing was written.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';

const folder = testFolder('kb-ingest-dry-notes-');

describe('kb ingest --dry-run notes', () => {
  it('heads them as lines that would be stored', async () => {
    const file = join(folder.dir, 'graded.ndjson');
    const record = {
      id: 'dry-graded-1',
      mission: { country: 'Tajikistan', city: 'Khorog', kind: 'consulate' },
      kind: 'statement',
      stance: 'asserts',
      controller: 'taliban',
      occurred: '2023-03-23',
      claimant: 'Someone',
      quote: 'q',
      source: { outlet: 'The Diplomat', published: '2023-03-30', reliability: 'A' },
    };
    // Two lines naming one outlet with two grades: the second's is noted, the first's applied.
    writeFileSync(
      file,
      `${JSON.stringify(record)}\n${JSON.stringify({ ...record, id: 'dry-graded-2', source: { ...record.source, reliability: 'B' } })}\n`,
    );
    const r = await kbOn(join(folder.dir, 'kb.sqlite'), 'ingest', file, '--dry-run');
    expect(r.code, r.err).toBe(0);
    expect(r.text).toContain('Dry run: nothing was written to');
    expect(r.text).toContain(
      '\nNotes (these lines would be stored; each note says what to check):\n  line 2, ',
    );
    expect(r.text).not.toContain('these lines were stored');
  });
});
