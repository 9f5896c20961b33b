// Throwaway folders for tests that need a real SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder under the OS temp dir and a function that removes it. */
export function tempFolder(prefix = 'kb-store-'): { dir: string; remove: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: async () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs `test` with the path of a file `name` (not yet made) in a fresh folder, removed afterwards
 * whatever the test does.
 */
export async function withTempFile(name: string, test: (path: string) => Promise<void>): Promise<void> {
  const folder = tempFolder();
  try {
    await test(join(folder.dir, name));
  } finally {
    await folder.remove();
  }
}
