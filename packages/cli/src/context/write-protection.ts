import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The code of the error writeProtection's refusal carries, which refusedWriting knows. */
export const WRITE_PROTECTED = 'KB_WRITE_PROTECTED';

/**
 * Why a store file is write-protected by its mode whoever runs kb: the file, or the folder it is in
 * (or would be made in), has no write permission bit for anyone. Root may write either all the same
 * (as CI and containers run), and SQLite would; such a mode says the evidence is not to be written,
 * so kb treats it as a refusal. An error (with a code refusedWriting knows) naming which; undefined
 * when the mode leaves writing to the permissions, or neither the file nor its folder is there.
 */
export function writeProtection(path: string): Error | undefined {
  const folder = protectedFolder(path);
  const why = noWriteBits(path)
    ? `${path} has no write permission for anyone`
    : folder !== undefined
      ? `its folder ${folder} has no write permission for anyone`
      : undefined;
  return why === undefined ? undefined : refusal(why);
}

/**
 * The store's folder that has no write permission bit for anyone, if any: the one it is in (or would
 * be made in), or, through a symbolic link, the one the file it names is in, beside which SQLite
 * writes (its -wal, its -shm).
 */
export function protectedFolder(path: string): string | undefined {
  return [...new Set([dirname(resolve(path)), dirname(storeFile(path))])].find(noWriteBits);
}

/**
 * The file a store path names, symbolic links followed, as SQLite opens it: its write-ahead log and
 * shared-memory file are beside that file, not beside a link to it. The path itself when missing.
 */
export function storeFile(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Why writing the store would be refused, found without opening it: its mode (writeProtection), or
 * the permissions of whoever runs kb on the file, or on the folder SQLite makes its journal files in
 * (or makes the file in). For a dry run, which must say what the ingest would do without writing.
 */
export function writeRefusal(path: string): Error | undefined {
  const protectedBy = writeProtection(path);
  if (protectedBy !== undefined) return protectedBy;
  const folder = dirname(resolve(path));
  for (const at of existsSync(path) ? [path, folder] : [folder]) {
    if (!existsSync(at)) continue;
    try {
      accessSync(at, constants.W_OK);
    } catch {
      return refusal(`${at === path ? path : `its folder ${folder}`} cannot be written by this user`);
    }
  }
  return undefined;
}

const noWriteBits = (at: string) => {
  const mode = statSync(at, { throwIfNoEntry: false })?.mode;
  return mode !== undefined && (mode & 0o222) === 0;
};

const refusal = (why: string) => Object.assign(new Error(why), { code: WRITE_PROTECTED });
