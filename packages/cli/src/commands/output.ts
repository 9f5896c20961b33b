import { once } from 'node:events';

/** Where a command writes its answer: text for people, JSON for scripts. */
export interface Output {
  text(line: string): void;
  json(value: unknown): void;
  /**
   * A JSON array written element by element, as `json([...items])` would print it, waiting for the
   * reader whenever it falls behind, so a long answer is never held in memory whole.
   */
  jsonArray(items: Iterable<unknown>): Promise<void>;
  error(line: string): void;
}

export function processOutput(): Output {
  return {
    text: (line) => process.stdout.write(`${line}\n`),
    json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    jsonArray: async (items) => {
      for (const chunk of jsonArrayChunks(items)) {
        if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
      }
    },
    error: (line) => process.stderr.write(`${line}\n`),
  };
}

/** The text of `JSON.stringify([...items], null, 2)` and a newline, one element at a time. */
export function* jsonArrayChunks(items: Iterable<unknown>): Generator<string> {
  let first = true;
  for (const item of items) {
    const text = JSON.stringify(item, null, 2) ?? 'null';
    yield `${first ? '[\n' : ',\n'}  ${text.replaceAll('\n', '\n  ')}`;
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}
