// parseJsonSafely counts the keys a text writes, and reads it again for a key written twice, by
// skipping each string to its closing quote: a quote after an odd run of backslashes is escaped,
// one after an even run (escaped backslashes, "C:\\") closes the string. Were an even run taken for
// an escape, the skip would run past the last quote and start again from the start of the text, for
// ever: a loop that never yields, which no test timeout can stop, so the test run would hang. These
// texts are therefore parsed in a child process, killed after a few seconds, and the test fails.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The results of parseJsonSafely for `texts`, in a child process; null when it did not end in time. */
function parsedInChild(texts: readonly string[]): unknown[] | null {
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
      timeout: 10_000,
    },
  );
  if (child.error !== undefined || child.signal !== null) return null;
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout) as unknown[];
}

const twice = (key: string) =>
  `the key ${JSON.stringify(key)} appears twice in this object; JSON would keep only the last value: write the field once`;

describe('parseJsonSafely: strings that end in backslashes', () => {
  it('ends, and reads each string to its own closing quote, however many backslashes come before it', () => {
    const taken = [
      String.raw`{"q":"\\"}`,
      String.raw`{"q":"C:\\\\"}`,
      String.raw`{"s":{"q":"\\"},"q":"\\\"x"}`,
      String.raw`["\\","\\\"",{"k\\":1,"k":2}]`,
    ];
    const refused = [String.raw`{"a":"\\","a":1}`, String.raw`{"k\\":1,"k\\":2}`];
    const results = parsedInChild([...taken, ...refused]);
    expect(results, 'parseJsonSafely did not end within 10 seconds').not.toBeNull();
    expect(results).toEqual([
      ...taken.map((text) => ({ ok: true, value: JSON.parse(text) })),
      { ok: false, path: 'a', message: twice('a') },
      { ok: false, path: 'k\\', message: twice('k\\') },
    ]);
  }, 30_000);
});
