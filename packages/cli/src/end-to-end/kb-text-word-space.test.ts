// A quote in Thai (or Lao, Khmer, Myanmar, Tibetan) holds a zero-width space between its words, and
// kb trace and kb mission show it so, readable; one between Latin letters of a quote is written out
// (`\u200b`), as it is everywhere else in text output.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, kbChild, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-text-word-space-');
const store = join(dir, 'kb.sqlite');
const THAI = 'ผู้แทน\u200bกระทรวง\u200bการ\u200bต่างประเทศ\u200bกล่าว';

beforeAll(async () => {
  const record = JSON.parse(readFileSync(EXAMPLES, 'utf8').split('\n')[0]!);
  const file = join(dir, 'in.ndjson');
  writeFileSync(file, `${JSON.stringify({ ...record, quote: `${THAI} (Zabihullah Mu\u200bjahid)` })}\n`);
  const ingest = await kbOn(store, 'ingest', file);
  if (ingest.code !== 0) throw new Error(`ingest failed with ${ingest.code}: ${ingest.err}`);
});

describe('a Thai quote with zero-width spaces between its words, in the text views', () => {
  it('is shown as it is in kb trace and kb mission, a space between Latin letters written out', async () => {
    const record = JSON.parse(readFileSync(EXAMPLES, 'utf8').split('\n')[0]!);
    for (const args of [
      ['trace', record.id],
      ['mission', 'Khorog'],
    ]) {
      const r = await kbChild([...args, '--store', store]);
      expect(r.stdout, args.join(' ')).toContain(`${THAI} (Zabihullah Mu\\u200bjahid)`);
    }
  });
});
