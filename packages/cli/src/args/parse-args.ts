import { parseArgs as nodeParseArgs } from 'node:util';
import { daysInMonth, formatDay, MONTH_NAMES, parseVagueDate } from '@kb/domain';
import {
  COMMAND_OPTIONS,
  commandHint,
  embeddedOnly,
  emptyValue,
  extraArguments,
  logRunsConflict,
  misplacedOption,
  OPTIONS,
  optionMistake,
} from './option-rules.js';

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
  readonly log: LogOptions;
  /** `kb mission --controller NAME --limit N`: which accounts the answer lists (null: every one). */
  readonly mission: MissionSelection;
  /** `kb log --runs`: one row for each ingest run the log holds, in place of the events. */
  readonly runs: boolean;
  /** `kb verify --anchor`: a hash noted earlier, which the verified log must still hold. */
  readonly anchor: string | null;
  /** `kb verify --read-models`: also compare the read models with a rebuild from the log. */
  readonly readModels: boolean;
  readonly help: boolean;
}

export interface MissionSelection {
  readonly controller: string | null;
  readonly limit: number | null;
}

/** `kb log`: which events, from where, how many. */
export interface LogOptions {
  /** The first position shown (1 = the start of the log). */
  readonly from: number;
  readonly limit: number;
  readonly run: string | null;
  readonly type: string | null;
  readonly stream: string | null;
}

export const DEFAULT_STORE = './data/kb.sqlite';
export const DEFAULT_LOG_LIMIT = 50;
const MAX_LOG_LIMIT = 100_000;

/** A day as the options take it, YYYY-MM-DD. */
export const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function day(option: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!DAY.test(value) || !isRealDay(value)) {
    throw new UsageError(`--${option} expects a day as YYYY-MM-DD, got "${value}"${dayHint(value)}`);
  }
  inDayRange(option, value);
  return value;
}

/** Days run from 1000-01-01 to 9999-12-31 (docs/dates.md), so string order is day order. */
function inDayRange(option: string, value: string): void {
  if (value < '1000-01-01') {
    throw new UsageError(`--${option}: days run from 1000-01-01 to 9999-12-31, got "${value}"`);
  }
}

/**
 * The knowledge base can say what it held at a moment that has passed, not at one to come: what it
 * will hold then is not known yet. A day is its end, so today is allowed.
 */
function notToCome(option: string, value: string, now: Date): void {
  const today = now.toISOString().slice(0, 10);
  const later = DAY.test(value) ? value > today : Date.parse(value) > now.getTime();
  if (later) {
    throw new UsageError(
      `--${option} ${value} is still to come (it is now ${now.toISOString()}): the knowledge base can be replayed only to a moment that has passed; leave --${option} out for what it holds now`,
    );
  }
}

function isRealDay(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function dayOrTimestamp(option: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  // Date.parse rolls an impossible day over (2023-04-31T10:00:00Z is May 1st): check the fields first.
  const impossible = TIMESTAMP.test(value) ? timestampHint(value) : '';
  if (TIMESTAMP.test(value) && impossible === '' && !Number.isNaN(Date.parse(value))) {
    inDayRange(option, value.slice(0, 10));
    notToCome(option, value, new Date());
    return new Date(value).toISOString();
  }
  if (DAY.test(value) && isRealDay(value)) {
    inDayRange(option, value);
    notToCome(option, value, new Date());
    return value;
  }
  throw new UsageError(
    `--${option} expects a day as YYYY-MM-DD or a timestamp such as 2026-11-28T12:00:00Z, got "${value}"${impossible || dayHint(value) || zoneHint(value)}`,
  );
}

/**
 * Why a value of the timestamp's shape names no instant, '' when it does: its day is not on the
 * calendar (said as for a day), or its hour, minute, second or offset is out of range. 24:00 is
 * refused too: a day alone already means its end.
 * @example timestampHint('2023-04-31T10:00:00Z') // ': April 2023 has 30 days'
 */
export function timestampHint(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/.exec(
    value,
  );
  if (match === null) return '';
  const [, date, hour, minute, second, offsetHours, offsetMinutes] = match;
  const day = dayHint(date!);
  if (day !== '') return day;
  if (Number(hour) === 24) return `: there is no hour 24; for the end of ${date}, give the day alone`;
  if (Number(hour) > 23) return `: there is no hour ${Number(hour)}`;
  if (Number(minute) > 59) return `: there is no minute ${Number(minute)}`;
  if (second !== undefined && Number(second) > 59) return `: there is no second ${Number(second)}`;
  if (offsetHours !== undefined && (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)) {
    return `: there is no offset ${value.slice(-6)}`;
  }
  return '';
}

/** A timestamp without its zone names no one instant: say which to add, rather than guess one. */
function zoneHint(value: string): string {
  const bare = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.exec(value);
  if (bare === null || Number.isNaN(Date.parse(`${value}Z`))) return '';
  return `: a timestamp needs its zone, Z for UTC (${value}Z) or an offset such as +02:00`;
}

/**
 * Why a value that is not a day is not, when it looks like one someone meant: a day past its
 * month's end, a month or a year given alone (a cutoff means the end of it), a day without its
 * zeros, or a day written D/M/Y or M/D/Y. '' when nothing more can be said.
 */
export function dayHint(value: string): string {
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match) {
    const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (month < 1 || month > 12) return `: there is no month ${month}`;
    const last = daysInMonth(year, month);
    if (date < 1) return ': there is no day 0';
    if (date > last) return `: ${MONTH_NAMES[month - 1]} ${year} has ${last} days`;
    return '';
  }
  match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (match) {
    const padded = formatDay(Number(match[1]), Number(match[2]), Number(match[3]));
    return isRealDay(padded) ? `: did you mean ${padded}?` : '';
  }
  match = /^(\d{4})-(\d{2})$/.exec(value);
  if (match) {
    const [year, month] = [Number(match[1]), Number(match[2])];
    if (month > 12) {
      // A season or other part of a year, as EDTF writes it in claim records (2022-22, summer 2022).
      const group = parseVagueDate(value);
      if (group.ok && group.value.latest !== null)
        return `: that is a season or part of a year (EDTF, docs/dates.md); for the end of it, give ${group.value.latest}`;
    }
    if (month < 1 || month > 12) return `: there is no month ${month}`;
    return `: that is a month; for the end of it, give ${formatDay(year, month, daysInMonth(year, month))}`;
  }
  if (/^\d{4}$/.test(value)) return `: that is a year; for the end of it, give ${value}-12-31`;
  match = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(value);
  if (match) {
    const [first, second, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
    // Only one reading is a day of the calendar when one of the two numbers cannot be a month.
    const readings = [
      [second, first],
      [first, second],
    ].filter(
      ([month, date]) => month! >= 1 && month! <= 12 && date! >= 1 && date! <= daysInMonth(year, month!),
    );
    const unique = new Set(readings.map(([month, date]) => formatDay(year, month!, date!)));
    if (unique.size === 1) return `: did you mean ${[...unique][0]}?`;
    return ': write it year first, as YYYY-MM-DD';
  }
  return '';
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
  const repeated = repeatedOption(tokens);
  if (repeated !== null) throw new UsageError(repeated);
  const empty = emptyValue(tokens);
  if (empty !== null) throw new UsageError(empty);
  // KB_STORE is only a default; two stores named on one command line leave which one meant unsaid.
  if (values.store !== undefined && values.eventstore !== undefined)
    throw new UsageError('--store and --eventstore each name the store to use; give one of them');
  const embedded = values.help ? null : embeddedOnly(command, given);
  if (embedded !== null) throw new UsageError(embedded);
  const runsConflict = values.help ? null : logRunsConflict(command, given);
  if (runsConflict !== null) throw new UsageError(runsConflict);
  const extra = values.help ? null : extraArguments(command, rest);
  if (extra !== null) throw new UsageError(extra);
  const from = wholeNumber('from', values.from, 1, Number.MAX_SAFE_INTEGER) ?? 1;
  // kb log pages through the log, 50 events unless told; kb mission lists every account unless told.
  const limitGiven = wholeNumber(
    'limit',
    values.limit,
    1,
    command === 'log' ? MAX_LOG_LIMIT : Number.MAX_SAFE_INTEGER,
  );
  const limit = command === 'log' ? (limitGiven ?? DEFAULT_LOG_LIMIT) : DEFAULT_LOG_LIMIT;
  const batchSize = wholeNumber('batch-size', values['batch-size'], 1, 10_000);
  return {
    command,
    positionals: rest,
    global: {
      // An empty KB_STORE (`KB_STORE= kb status`) is unset, not a file named ''.
      store: values.store ?? (process.env['KB_STORE'] || DEFAULT_STORE),
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
    log: { from, limit, run: values.run ?? null, type: values.type ?? null, stream: values.stream ?? null },
    mission: {
      controller: values.controller ?? null,
      limit: command === 'mission' ? limitGiven : null,
    },
    runs: values.runs ?? false,
    anchor: hash('anchor', values.anchor),
    readModels: values['read-models'] ?? false,
    help: values.help ?? false,
  };
}

/**
 * An option given twice with two values: the parser would keep the last one silently, and a query
 * with one date the user did not mean answers without a word. The same value twice is harmless.
 */
function repeatedOption(tokens: ReturnType<typeof parse>['tokens']): string | null {
  const seen = new Map<string, string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    const before = seen.get(token.name);
    if (before !== undefined && before !== token.value)
      return `--${token.name} is given twice ("${before}" and "${token.value}"); give it once`;
    seen.set(token.name, token.value);
  }
  return null;
}

/** A chain hash as `kb verify` prints it: 64 hexadecimal digits, read in either case. */
function hash(option: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!/^[0-9a-fA-F]{64}$/.test(value))
    throw new UsageError(
      `--${option} expects an event's hash, 64 hexadecimal digits as kb verify prints it, got "${value}" (${value.length} characters)`,
    );
  return value.toLowerCase();
}

function wholeNumber(option: string, value: string | undefined, min: number, max: number): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    throw new UsageError(`--${option} expects a whole number ${range}, got "${value}"`);
  }
  return n;
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
