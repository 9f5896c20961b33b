// A list many members share is turned into text once per answer. On a contested mission every
// account naming one controller carries the same contradiction list (one array, shared), so
// `kb status --json` on four missions of 10,000 accounts turned about 200 million ids into JSON
// one at a time, where about 20,000 differ: 50 s, most of it here. The ids turned are counted
// (JSON.stringify), so writing each occurrence afresh again fails without anything being timed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonPieces } from './json-chunks.js';

const joined = (value: unknown, indent = '') => [...jsonPieces(value, indent)].join('');
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

afterEach(() => {
  vi.restoreAllMocks();
});

/** jsonPieces of `value`, joined, and how many times JSON.stringify was called to make it. */
function counted(value: unknown, indent = ''): { text: string; calls: number } {
  const stringify = vi.spyOn(JSON, 'stringify');
  const text = joined(value, indent);
  const calls = stringify.mock.calls.length;
  stringify.mockRestore();
  return { text, calls };
}

describe('jsonPieces, with a list many members share', () => {
  // 200 accounts, half naming each controller, each contradicting the other half: 20,000 ids
  // written, two lists of 100 ids that differ.
  const taliban = ids('t', 100);
  const republic = ids('r', 100);
  const accounts = [...taliban, ...republic].map((claimId, i) => ({
    claimId,
    contradicts: i < 100 ? republic : taliban,
  }));

  it('writes the text JSON.stringify gives, turning each shared list into text about once', () => {
    const expected = JSON.stringify({ accounts }, null, 2);
    const { text, calls } = counted({ accounts });
    expect(text).toBe(expected);
    // Each id of the two lists at most twice, and the 200 accounts' own members; 20,000 before.
    expect(calls).toBeLessThan(2 * 200 + 200 * 4);
  });

  it('writes a shared list at each depth with that depth’s indent, and lists equal but not shared each in full', () => {
    const list = ids('x', 300);
    const value = { top: list, nested: { deeper: [list, list] }, again: list, copy: [...list] };
    const { text, calls } = counted(value, '    ');
    expect(text).toBe(JSON.stringify(value, null, 2).replaceAll('\n', '\n    '));
    // The copy is turned into text whole, and the shared list at its first sight and when kept,
    // at each depth it is met at again: 1,200 ids at most, where each of the five was 1,500.
    expect(calls).toBeGreaterThanOrEqual(300);
    expect(calls).toBeLessThan(4 * 300 + 50);
  });

  it('keeps writing lists of values it cannot keep as text (objects, a toJSON) afresh', () => {
    let asked = 0;
    const dated = { toJSON: () => `asked ${++asked}` };
    const mixed = ['a', dated, 'b'];
    const value = [mixed, mixed, mixed];
    expect(joined(value)).toBe(
      '[\n  [\n    "a",\n    "asked 1",\n    "b"\n  ],\n  [\n    "a",\n    "asked 2",\n    "b"\n  ],\n  [\n    "a",\n    "asked 3",\n    "b"\n  ]\n]',
    );
  });
});
