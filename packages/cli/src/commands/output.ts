import { once } from 'node:events';
import { gathered, jsonPieces } from '../render/json-chunks.js';
import { visible } from '../render/visible.js';
import { pauseDue } from './read-stop.js';

export { visible };

/** Where a command writes its answer: text for people, JSON for scripts. */
export interface Output {
  text(line: string): void;
  /**
   * One JSON value, as `JSON.stringify(value, null, 2)` prints it, in pieces, waiting for the reader
   * whenever it falls behind (a pipe into a slower program), so a long answer is never queued in
   * memory whole.
   */
  json(value: unknown): Promise<void>;
  /**
   * A JSON array written element by element, as `json([...items])` would print it, waiting for the
   * reader whenever it falls behind, so a long answer is never held in memory whole.
   */
  jsonArray(items: Iterable<unknown>): Promise<void>;
  error(line: string): void;
}

/**
 * Where a command writes a note about its answer (why it is empty, where more of it is): under the
 * text answer, or beside --json on stderr as `kb: note: …`, as the note on a --recorded-at of today
 * is, so stdout stays the one JSON document of its documented shape and a script still learns what
 * the text says.
 */
export function noteTo(out: Output, json: boolean): (line: string) => void {
  return json ? (line) => out.error(`kb: note: ${line}`) : (line) => out.text(line);
}

/** Where processOutput writes: the process's own stdout and stderr, or streams a test holds. */
export interface OutputStreams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export function processOutput(
  streams: OutputStreams = { stdout: process.stdout, stderr: process.stderr },
): Output {
  const { stdout, stderr } = streams;
  return {
    text: (line) => stdout.write(`${visible(line)}\n`),
    // Written in pieces: a whole answer can be longer than a string may be. A write to a file is
    // synchronous, but one to a pipe is queued when the reader is behind, so each piece waits for
    // the queue to drain: `kb mission --json | gzip` on a mission of 10,000 accounts queued its
    // whole gigabyte and ran out of memory.
    json: (value) => writeChunks(stdout, gathered(jsonLines(value))),
    jsonArray: (items) => writeChunks(stdout, gathered(jsonArrayChunks(items))),
    error: (line) => stderr.write(`${visible(line)}\n`),
  };
}

/**
 * Writes `chunks` in order, waiting for `stream` to drain whenever it asks to. Answers worked out as
 * they are written (kb status) also give the event loop a turn now and then, so Ctrl-C is taken
 * between chunks (read-stop.ts).
 */
async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
    const wait = pauseDue();
    if (wait !== null) await wait;
  }
}

/** jsonPieces of `value`, and the line's end. */
function* jsonLines(value: unknown): Generator<string> {
  yield* jsonPieces(value);
  yield '\n';
}

/**
 * The text of `JSON.stringify([...items], null, 2)` and a newline, one element at a time, each
 * element in pieces of bounded size (jsonPieces).
 */
export function* jsonArrayChunks(items: Iterable<unknown>): Generator<string> {
  let first = true;
  for (const item of items) {
    yield first ? '[\n  ' : ',\n  ';
    first = false;
    let wrote = false;
    for (const piece of jsonPieces(item, '  ')) {
      wrote = true;
      yield piece;
    }
    if (!wrote) yield 'null';
  }
  yield first ? '[]\n' : '\n]\n';
}
