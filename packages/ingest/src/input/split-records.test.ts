import { describe, expect, it } from 'vitest';
import { type InputItem, splitRecords } from './split-records.js';

async function split(chunks: (string | Uint8Array)[]): Promise<InputItem[]> {
  const out: InputItem[] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const item of splitRecords(source())) out.push(item);
  return out;
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('splitRecords: NDJSON', () => {
  it('numbers lines from 1, passes empty lines through, strips CR and a BOM', async () => {
    const items = await split([bytes('\uFEFF{"a":1}\r\n\r\n{"b":2}\n{"c":3}')]);
    expect(items).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '' },
      { line: 3, text: '{"b":2}' },
      { line: 4, text: '{"c":3}' },
    ]);
  });

  it('joins lines and multi-byte characters cut across chunks', async () => {
    const all = bytes('{"q":"Khorog — Хорог"}\n{"q":"x"}\n');
    const items = await split([all.slice(0, 9), all.slice(9, 10), all.slice(10, 30), all.slice(30)]);
    expect(items.map((i) => i.text)).toEqual(['{"q":"Khorog — Хорог"}', '{"q":"x"}']);
  });

  it('reads a 5 MB line whole', async () => {
    const long = `{"quote":"${'x'.repeat(5 * 1024 * 1024)}"}`;
    const encoded = bytes(`{"a":1}\n${long}\n{"b":2}\n`);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < encoded.length; i += 65536) chunks.push(encoded.slice(i, i + 65536));
    const items = await split(chunks);
    expect(items.map((i) => i.text.length)).toEqual([7, long.length, 7]);
    expect(items[1]?.line).toBe(2);
  });
});

describe('splitRecords: JSON array', () => {
  it('yields each element with the line it starts on', async () => {
    const items = await split(['\uFEFF [\n  {"a": "x,]}"},\n  {"b": [1, {"c": 2}]},\n  "s", 42\n]\n']);
    expect(items).toEqual([
      { line: 2, text: '{"a": "x,]}"}' },
      { line: 3, text: '{"b": [1, {"c": 2}]}' },
      { line: 4, text: '"s"' },
      { line: 4, text: '42' },
    ]);
  });

  it('handles escapes and elements cut across chunks', async () => {
    const text = '[{"q":"a \\"quoted\\" ] word"},{"r":1}]';
    const items = await split(text.split(''));
    expect(items.map((i) => JSON.parse(i.text))).toEqual([{ q: 'a "quoted" ] word' }, { r: 1 }]);
  });

  it('reads an empty array as nothing and reports an unclosed one', async () => {
    expect(await split(['[ ]'])).toEqual([]);
    const items = await split(['[{"a":1},\n{"b":2}']);
    expect(items.at(-1)).toMatchObject({ error: expect.stringContaining('not closed') });
    expect(items.filter((i) => i.error === undefined).map((i) => i.text)).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('reports text after the closing bracket', async () => {
    const items = await split(['[{"a":1}]\n{"b":2}']);
    expect(items).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '', error: expect.stringContaining('after the closing') },
    ]);
  });
});
