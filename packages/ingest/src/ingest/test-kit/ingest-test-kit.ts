// What the ingest tests share: a fresh folder per test, files written into it, and the log read back.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeEvent } from '@kb/domain';
import type { EventStore, StoredEvent } from '@kb/store';
import { afterEach, beforeEach } from 'vitest';
import { ndjson } from './test-records.js';

/** The current test's folder, and files written into it. */
export interface TestFolder {
  readonly dir: string;
  /** Writes `text` to `name` in the folder; returns the path. */
  file(name: string, text: string): string;
  /** A file of `lines` records, each missing the eight required fields and holding one unknown one. */
  badLinesFile(name: string, lines: number): string;
}

/** A fresh folder for each test of the calling file, removed after it. */
export function folderPerTest(): TestFolder {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kb-ingest-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  return {
    get dir() {
      return dir;
    },
    file,
    badLinesFile: (name, lines) =>
      file(name, ndjson(Array.from({ length: lines }, (_, i) => ({ id: `bad-${i}`, colour: 'red' })))),
  };
}

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
