// Scratch folders for benchmarks under bench/.work (gitignored), removed after use.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/.work, created if missing. */
export const WORK_ROOT = fileURLToPath(new URL('../.work/', import.meta.url));

/** A fresh folder `bench/.work/<name>-XXXXXX` and a function that removes it. */
export function workDir(name: string): { dir: string; remove: () => void } {
  mkdirSync(WORK_ROOT, { recursive: true });
  const dir = mkdtempSync(join(WORK_ROOT, `${name}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
