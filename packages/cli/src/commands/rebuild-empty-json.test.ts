// kb rebuild on a store that holds no events yet (made by an ingest of an empty file): its text says
// it rebuilt from 0 events, and its --json must say the same, with the checkpoint a position (0,
// before the log's first event) rather than null, which a script reading a number trips over.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-rebuild-empty-');

describe('kb rebuild of a store with no events', () => {
  it('gives checkpoint 0 in --json, as the text says 0 events', async () => {
    const store = join(dir, 'kb.sqlite');
    const empty = join(dir, 'empty.ndjson');
    writeFileSync(empty, '');
    expect((await kbOn(store, 'ingest', empty)).code).toBe(0);

    const text = await kbOn(store, 'rebuild');
    expect(text.code).toBe(0);
    expect(text.text).toMatch(/^rebuilt the read models from 0 events in \d+ ms$/);

    const json = await kbOn(store, 'rebuild', '--json');
    expect(json.code).toBe(0);
    expect(json.out.json_).toHaveLength(1);
    expect(json.out.json_[0]).toMatchObject({ processed: 0, checkpoint: 0 });
    expect(json.out.stdout).toHaveLength(1);
  });
});
