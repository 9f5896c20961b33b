import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The code of the error writeProtection's refusal carries, which refusedWriting knows. */
export const WRITE_PROTECTED = 'KB_WRITE_PROTECTED';

/**
 * Why an existing store file is write-protected by its mode whoever runs kb: the file, or the folder
 * it is in, has no write permission bit for anyone. Root may write either all the same (as CI and
 * containers run), and SQLite would; such a mode says the evidence is not to be written, so kb
 * treats it as a refusal. An error (with a code refusedWriting knows) naming which; undefined when
 * the mode leaves writing to the permissions, or the file is not there.
 */
export function writeProtection(path: string): Error | undefined {
  const noWriteBits = (at: string) => {
    const mode = statSync(at, { throwIfNoEntry: false })?.mode;
    return mode !== undefined && (mode & 0o222) === 0;
  };
  if (!existsSync(path)) return undefined;
  const folder = dirname(resolve(path));
  const why = noWriteBits(path)
    ? `${path} has no write permission for anyone`
    : noWriteBits(folder)
      ? `its folder ${folder} has no write permission for anyone`
      : undefined;
  return why === undefined ? undefined : Object.assign(new Error(why), { code: WRITE_PROTECTED });
}
