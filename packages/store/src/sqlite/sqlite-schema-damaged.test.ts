// A store whose `meta` table (the schema version) is on a page SQLite cannot read is kb's own file,
// damaged: it is refused as damaged, never as "not a knowledge-base event file" (another
// application's), and it is left as it was, opened for writing or read-only.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { StoreUnavailableError } from '../port/errors.js';
import { rootPage, zeroPage } from '../testing/zero-page.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { tempFolder } from './sqlite-test-files.js';

const folder = tempFolder('kb-schema-damaged-');
const original = join(folder.dir, 'original.sqlite');

beforeAll(async () => {
  const store = openSqliteStore({ path: original });
  for (let i = 0; i < 5; i++) await store.append(`claim-${i}`, [newEvent({ i })]);
  await store.close();
});
afterAll(() => folder.remove());

/** A copy whose page holding `name` (a table or index, one page in a store this small) is zeroed. */
function zeroedCopy(name: string): string {
  const path = folder.copyOf(original);
  zeroPage(path, rootPage(name));
  return path;
}

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('a store whose schema version is on a damaged page', () => {
  it.each([
    ['the table meta', 'meta'],
    ["meta's key index", 'sqlite_autoindex_meta_1'],
  ])('%s zeroed: refused as damaged, naming the file, and left as it was', (_, name) => {
    const path = zeroedCopy(name);
    const before = digest(path);
    for (const readonly of [false, true]) {
      let caught: unknown;
      try {
        openSqliteStore({ path, readonly });
      } catch (error) {
        caught = error;
      }
      expect(caught, `readonly: ${readonly}`).toBeInstanceOf(StoreUnavailableError);
      const message = (caught as Error).message;
      expect(message).toContain(
        `cannot open the event file ${path}: the file is damaged: SQLite cannot read its schema version, in the table meta (database disk image is malformed)`,
      );
      expect(message).not.toContain('not a knowledge-base event file');
    }
    expect(digest(path)).toBe(before);
  });
});
