// `kb demo` (npm start) pointed at a store by --store or KB_STORE: it writes its sample claims only
// into a new or empty store, or one holding nothing but what the demo wrote before, never into a
// store kept for real work, whose append-only log could not be rid of them again.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, exampleLines, kbChild, kbOn, testFolder } from '../testing/cli-test-kit.js';

const folder = testFolder('kb-demo-store-');

/** The store's events, counted on the file itself. */
async function eventCount(path: string): Promise<number> {
  const store = await openEventStore({ kind: 'sqlite', path });
  try {
    let n = 0;
    for await (const _ of store.readAll()) n++;
    return n;
  } finally {
    await store.close();
  }
}

/** One claim of the user's own, not in the bundled dataset: the first example's line under another id. */
function unrelatedClaim(name: string): string {
  const file = join(folder.dir, name);
  const record = JSON.parse(exampleLines()[0]!) as { id: string };
  writeFileSync(file, `${JSON.stringify({ ...record, id: 'my-own-claim-2024-01' })}\n`);
  return file;
}

describe('kb demo on a store that holds other events', () => {
  it('refuses a store holding one unrelated claim, exit 2, naming it, and writes nothing', async () => {
    const store = join(folder.dir, 'real-work.sqlite');
    expect((await kbOn(store, 'ingest', unrelatedClaim('mine.ndjson'))).code).toBe(0);
    const before = await eventCount(store);
    const r = await kbOn(store, 'demo');
    expect({ code: r.code, text: r.text }).toEqual({ code: 2, text: '' });
    expect(r.err).toContain(`kb: ${store} holds events the demo did not write`);
    expect(r.err).toContain('ingest run ingest-');
    expect(r.err).toContain('Nothing was written');
    expect(r.err).toContain('KB_STORE=/tmp/kb-demo.sqlite npm start');
    expect(r.err).toContain('npx kb demo --store /tmp/kb-demo.sqlite');
    expect(await eventCount(store)).toBe(before);
  });

  it('refuses the store KB_STORE names, as npm start run for real work would find it', async () => {
    const store = join(folder.dir, 'exported.sqlite');
    expect((await kbOn(store, 'ingest', unrelatedClaim('exported.ndjson'))).code).toBe(0);
    const before = await eventCount(store);
    const r = await kbChild(['demo'], { env: { ...process.env, KB_STORE: store } });
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
    expect(r.stderr).toContain(`kb: ${store} holds events the demo did not write`);
    expect(await eventCount(store)).toBe(before);
  });

  it('refuses under --json too, with nothing on stdout', async () => {
    const store = join(folder.dir, 'real-work-json.sqlite');
    expect((await kbOn(store, 'ingest', unrelatedClaim('mine-json.ndjson'))).code).toBe(0);
    const before = await eventCount(store);
    const r = await kbOn(store, 'demo', '--json');
    expect({ code: r.code, stdout: r.out.stdout }).toEqual({ code: 2, stdout: [] });
    expect(r.err).toContain('holds events the demo did not write');
    expect(await eventCount(store)).toBe(before);
  });

  it("refuses the demo's own store once real work was ingested into it after the demo", async () => {
    const store = join(folder.dir, 'demo-then-work.sqlite');
    expect((await kbOn(store, 'demo')).code).toBe(0);
    expect((await kbOn(store, 'ingest', unrelatedClaim('later.ndjson'))).code).toBe(0);
    const before = await eventCount(store);
    const r = await kbOn(store, 'demo');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the first: ClaimRecorded of claim-my-own-claim-2024-01 at position \d+/);
    expect(await eventCount(store)).toBe(before);
  });

  it('fills a fresh store, and on a second run on it says already present 15', async () => {
    const store = join(folder.dir, 'fresh.sqlite');
    const first = await kbOn(store, 'demo');
    expect(first.code).toBe(0);
    expect(first.text).toMatch(/added 15 \(\d+ events\), already present 0/);
    const events = await eventCount(store);
    const again = await kbOn(store, 'demo');
    expect(again.code).toBe(0);
    expect(again.text).toMatch(/added 0 \(0 events\), already present 15/);
    expect(await eventCount(store)).toBe(events);
  });

  it('takes an empty file as a new store', async () => {
    const store = join(folder.dir, 'empty.sqlite');
    writeFileSync(store, '');
    const r = await kbOn(store, 'demo');
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/added 15 /);
  });

  it('completes a store holding only the first records of its dataset, as an interrupted demo leaves it', async () => {
    const store = join(folder.dir, 'interrupted.sqlite');
    const head = join(folder.dir, 'head.ndjson');
    writeFileSync(head, `${readFileSync(EXAMPLES, 'utf8').split('\n').slice(0, 5).join('\n')}\n`);
    expect((await kbOn(store, 'ingest', head)).code).toBe(0);
    const r = await kbOn(store, 'demo');
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/added 10 \(\d+ events\), already present 5/);
  });
});
