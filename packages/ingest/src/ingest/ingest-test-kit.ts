// What the ingest tests share: a fresh folder per test, files written into it, and the log read back.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeEvent } from '@kb/domain';
import type { EventStore, StoredEvent } from '@kb/store';
import { beforeEach } from 'vitest';
import { ndjson } from './test-records.js';

/** A fresh folder for each test of the calling file; `dir` is the current test's. */
export function folderPerTest(): { readonly dir: string } {
  const folder = { dir: '' };
  beforeEach(() => {
    folder.dir = mkdtempSync(join(tmpdir(), 'kb-ingest-'));
  });
  return folder;
}

/** Writes `text` to `name` in the folder; returns the path. */
export function fileIn(folder: { readonly dir: string }, name: string, text: string): string {
  const path = join(folder.dir, name);
  writeFileSync(path, text);
  return path;
}

/** A file of `lines` records, each missing the eight required fields and holding one unknown one. */
export const badLinesFile = (folder: { readonly dir: string }, name: string, lines: number) =>
  fileIn(folder, name, ndjson(Array.from({ length: lines }, (_, i) => ({ id: `bad-${i}`, colour: 'red' }))));

export async function all(store: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const event of store.readAll()) out.push(event);
  return out;
}

/** The data of every ClaimRecorded in the log, decoded. */
export async function claims(store: EventStore) {
  return (await all(store))
    .filter((e) => e.type === 'ClaimRecorded')
    .map((e) => decodeEvent(e.type, e.version, e.data))
    .flatMap((e) => (e.type === 'ClaimRecorded' ? [e.data] : []));
}
