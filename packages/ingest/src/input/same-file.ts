import { statSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Whether two paths name one file: the same device and inode when both exist (so a link or another
 * spelling of the path counts), else the same resolved path.
 */
export function sameFile(a: string, b: string): boolean {
  const x = statSync(a, { throwIfNoEntry: false });
  const y = statSync(b, { throwIfNoEntry: false });
  if (x !== undefined && y !== undefined) return x.dev === y.dev && x.ino === y.ino;
  return resolve(a) === resolve(b);
}
