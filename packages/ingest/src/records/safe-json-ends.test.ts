// parseJsonSafely counts the keys a text writes, and reads it again for a key written twice, by
// skipping each string to its closing quote: a quote after an odd run of backslashes is escaped,
// one after an even run (escaped backslashes, "C:\\") closes the string. Were an even run taken for
// an escape, the skip would run past the last quote and start again from the start of the text, for
// ever: a loop that never yields, which no test timeout can stop, so the test run would hang. These
// texts are therefore parsed in a child process, killed after a few seconds, and the test fails.
import { describe, expect, it } from 'vitest';
import { parsedInChild } from './safe-json-in-child.js';

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
