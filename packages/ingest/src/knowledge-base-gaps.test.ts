// openKnowledgeBase, where a mutation pass found it unchecked: an EventStoreDB connection string
// takes precedence over a SQLite path given beside it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKnowledgeBase } from './knowledge-base.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openKnowledgeBase', () => {
  it('opens EventStoreDB when given both a connection string and a SQLite path, creating no SQLite file', async () => {
    const path = join(dir, 'kb.sqlite');
    // The client connects on first use: nothing listens on port 1, and nothing is asked of it here.
    const kb = await openKnowledgeBase({ store: path, eventstore: 'esdb://127.0.0.1:1?tls=false' });
    try {
      expect(kb.store.atomicBatches).toBe(false);
      expect(existsSync(path)).toBe(false);
    } finally {
      await kb.close();
    }
  });
});
