// docs/commands.md, "Finding a mission or a claim": a claim id kb trace does not know gets the id one
// or two slips away, fewer for a short id: none under three characters, one under six.
import { describe, expect, it } from 'vitest';
import { bonnVisit, ingestStage, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-trace-hint-');
const store = `${dir}/kb.sqlite`;

// Claims of 2, 3, 5 and 6 characters, no two of them within three slips of each other.
const IDS = ['ab', 'cde', 'fghij', 'klmnop'];

const refusal = async (id: string) => {
  const run = await kbOn(store, 'trace', id);
  expect({ id, code: run.code, text: run.text }).toEqual({ id, code: 1, text: '' });
  return run.err;
};
const none = (id: string) => `kb: no claim "${id}" in the knowledge base`;
const meant = (id: string, claim: string) => `${none(id)}; did you mean ${claim}?`;

describe('kb trace of a short claim id it does not know', () => {
  it('offers no id one slip away from an id under three characters', async () => {
    await ingestStage(
      store,
      dir,
      'short-ids.ndjson',
      IDS.map((id) => bonnVisit(id, 'asserts', `https://alpha.example/${id}`)),
    );
    expect(await refusal('ax')).toBe(none('ax'));
    expect(await refusal('b')).toBe(none('b'));
  });

  it('offers the id one slip away, not two, from an id of three to five characters', async () => {
    expect(await refusal('cdx')).toBe(meant('cdx', 'cde'));
    expect(await refusal('fgxij')).toBe(meant('fgxij', 'fghij'));
    expect(await refusal('fgxyj')).toBe(none('fgxyj'));
  });

  it('offers the id two slips away, not three, from an id of six characters or more', async () => {
    expect(await refusal('klxyop')).toBe(meant('klxyop', 'klmnop'));
    expect(await refusal('kxyzop')).toBe(none('kxyzop'));
  });
});
