import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { collect, numbered } from './contract/contract-context.js';
import { openEventStore } from './open-store.js';
import { tempFolder } from './sqlite/sqlite-test-files.js';

it('opens a SQLite store, creating the folder of its file', async () => {
  const folder = tempFolder();
  try {
    const path = join(folder.dir, 'nested', 'deeper', 'kb.sqlite');
    const store = await openEventStore({ kind: 'sqlite', path });
    await store.append('claim-1', numbered(2));
    expect(existsSync(path)).toBe(true);
    expect(await collect(store.readAll())).toHaveLength(2);
    expect(await store.verify?.()).toMatchObject({ ok: true, checked: 2 });
    await store.close();
  } finally {
    await folder.remove();
  }
});
