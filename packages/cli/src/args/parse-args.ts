import { parseArgs as nodeParseArgs } from 'node:util';
import { COMMAND_OPTIONS, commandHint, misplacedOption, OPTIONS, optionMistake } from './option-rules.js';

/** A mistake in how the command was called; main prints it with the usage line and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Options every command takes. */
export interface GlobalOptions {
  readonly store: string;
  readonly eventstore: string | null;
  readonly json: boolean;
  readonly debug: boolean;
}

export interface QueryOptions {
  readonly at: string | null;
  readonly knownAt: string | null;
  readonly recordedAt: string | null;
}

export interface ParsedCommand {
  readonly command: string;
  readonly positionals: readonly string[];
  readonly global: GlobalOptions;
  readonly query: QueryOptions;
  readonly contested: boolean;
  readonly prov: boolean;
  readonly rejects: string | null;
  readonly batchSize: number | null;
  /** `kb ingest --dry-run`: ingest into a scratch copy and report, leaving the store as it is. */
  readonly dryRun: boolean;
  readonly help: boolean;
}

export const DEFAULT_STORE = './data/kb.sqlite';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function day(option: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || !isRealDay(value)) {
    throw new UsageError(`--${option} expects a day as YYYY-MM-DD, got "${value}"`);
  }
  return value;
}

function isRealDay(value: string): boolean {
  return new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

function dayOrTimestamp(option: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  return day(option, value);
}

/** Reads argv (without node and script) into a command, its positionals and typed options. */
export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(optionMistake(error), { cause: error });
  }
  const { values, positionals, tokens } = parsed;
  const [command = 'help', ...rest] = positionals;
  if (!Object.hasOwn(COMMAND_OPTIONS, command) && !values.help) {
    throw new UsageError(`unknown command "${command}"${commandHint(command)}`);
  }
  const given = tokens.flatMap((token) => (token.kind === 'option' ? [token.name] : []));
  const misplaced = misplacedOption(command, given);
  if (misplaced !== null) throw new UsageError(misplaced);
  const batch = values['batch-size'];
  const batchSize = batch === undefined ? null : Number(batch);
  if (batchSize !== null && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)) {
    throw new UsageError(`--batch-size expects a whole number from 1 to 10000, got "${batch}"`);
  }
  return {
    command,
    positionals: rest,
    global: {
      store: values.store ?? process.env['KB_STORE'] ?? DEFAULT_STORE,
      eventstore: values.eventstore ?? null,
      json: values.json ?? false,
      debug: values.debug ?? false,
    },
    query: {
      at: day('at', values.at),
      knownAt: day('known-at', values['known-at']),
      recordedAt: dayOrTimestamp('recorded-at', values['recorded-at']),
    },
    contested: values.contested ?? false,
    prov: values.prov ?? false,
    rejects: values.rejects ?? null,
    batchSize,
    dryRun: values['dry-run'] ?? false,
    help: values.help ?? false,
  };
}

function parse(argv: readonly string[]) {
  return nodeParseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    tokens: true,
    options: OPTIONS,
  });
}
