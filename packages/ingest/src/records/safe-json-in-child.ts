// For tests: parseJsonSafely run in a child process that is killed after a few seconds. Were its
// string skipping to loop (a quote after an even run of backslashes taken as escaped), a test in
// this process would hang, for no test timeout stops a loop that never yields; in a child it fails.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The results of parseJsonSafely for `texts`, in a child process; null when it did not end in time. */
export function parsedInChild(texts: readonly string[], timeoutMs = 10_000): unknown[] | null {
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import { readFileSync } from 'node:fs';
       const { parseJsonSafely } = await import(process.env.SAFE_JSON);
       const texts = JSON.parse(readFileSync(0, 'utf8'));
       process.stdout.write(JSON.stringify(texts.map((text) => parseJsonSafely(text))));`,
    ],
    {
      cwd: fileURLToPath(new URL('../../../../', import.meta.url)),
      env: { ...process.env, SAFE_JSON: new URL('./safe-json.ts', import.meta.url).href },
      input: JSON.stringify(texts),
      encoding: 'utf8',
      timeout: timeoutMs,
    },
  );
  if (child.error !== undefined || child.signal !== null) return null;
  if (child.status !== 0) throw new Error(`parseJsonSafely failed in the child: ${child.stderr}`);
  return JSON.parse(child.stdout) as unknown[];
}

/**
 * For the fuzz files, whose generated text holds strings that end in backslashes: one such text is
 * parsed in a child first, so a looping parser fails the file at once instead of hanging it.
 */
export function endsOnTrailingBackslash(): boolean {
  return parsedInChild([String.raw`{"q":"\\"}`]) !== null;
}
