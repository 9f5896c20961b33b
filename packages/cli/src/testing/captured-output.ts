// kb's output kept in memory for a test (cli-test-kit.ts's capture and kbOn). Each JSON answer is kept
// in the pieces the real kb writes it in (output.ts), so an answer longer than one string may be
// (V8's limit, about 512 MB: a mission of some 16,000 accounts, each listing the ones it contradicts)
// is still captured whole; only reading it as one string, in `stdout` or parsed in `json_`, fails,
// saying where to read it instead.
import { constants } from 'node:buffer';
import { jsonArrayChunks, type Output } from '../commands/output.js';
import { gathered, jsonPieces } from '../render/json-chunks.js';

/** One JSON answer as kb wrote it: the text `JSON.stringify(value, null, 2)` and a newline give. */
export interface CapturedAnswer {
  /** The text in pieces as processOutput writes them (about 64 KB each), in order. */
  readonly pieces: readonly string[];
  /** The text's length in characters, the pieces' summed. */
  readonly length: number;
}

/** An Output that keeps what kb printed: its lines, its errors, and each JSON value parsed back. */
export interface Captured extends Output {
  /**
   * The lines kb printed, a JSON answer as one string among them (`json` writes it compact,
   * `jsonArray` as kb prints it). Reading the string of an answer past `joinUpTo` throws, naming
   * its place in `answers`.
   */
  readonly stdout: string[];
  readonly stderr: string[];
  /** Each JSON answer parsed back; reading one past `joinUpTo` throws as in `stdout`. */
  readonly json_: unknown[];
  /** Each JSON answer in its pieces, whatever its length. */
  readonly answers: CapturedAnswer[];
}

export interface CaptureOptions {
  /**
   * The longest answer kept as one string in `stdout` and parsed in `json_`. Default, and at most:
   * the longest string the engine can make (buffer.constants.MAX_STRING_LENGTH).
   */
  readonly joinUpTo?: number;
}

export function capture({ joinUpTo = constants.MAX_STRING_LENGTH }: CaptureOptions = {}): Captured {
  const limit = Math.min(joinUpTo, constants.MAX_STRING_LENGTH);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const json_: unknown[] = [];
  const answers: CapturedAnswer[] = [];
  /** Keeps `pieces` as the next answer; whether it is short enough to be one string too. */
  const keep = (pieces: readonly string[]): boolean => {
    const length = pieces.reduce((n, piece) => n + piece.length, 0);
    answers.push({ pieces, length });
    if (length <= limit) return true;
    const refuse = (where: string) => () => {
      throw new Error(
        `kb's JSON answer ${answers.length - 1} is ${length} characters, more than one string may hold here (${limit}): ` +
          `read it from ${where}`,
      );
    };
    const at = `answers[${answers.length - 1}].pieces`;
    Object.defineProperty(stdout, stdout.length, { get: refuse(at), enumerable: true, configurable: true });
    Object.defineProperty(json_, json_.length, { get: refuse(at), enumerable: true, configurable: true });
    return false;
  };
  return {
    stdout,
    stderr,
    json_,
    answers,
    text: (line) => stdout.push(line),
    json: async (value) => {
      if (!keep([...gathered(answerPieces(value))])) return;
      json_.push(JSON.parse(JSON.stringify(value)));
      stdout.push(JSON.stringify(value));
    },
    jsonArray: async (items) => {
      const pieces = [...gathered(jsonArrayChunks(items))];
      if (!keep(pieces)) return;
      const text = pieces.join('');
      json_.push(JSON.parse(text));
      stdout.push(text);
    },
    error: (line) => stderr.push(line),
  };
}

/** The pieces processOutput writes for `json(value)`. */
function* answerPieces(value: unknown): Generator<string> {
  yield* jsonPieces(value);
  yield '\n';
}
