import { closestName } from '@kb/domain';

// Every option kb knows (one table, which parseArgs reads too), which options each command takes,
// and plain messages for the mistakes node:util's parseArgs reports in its own words. An option a
// command does not use is refused rather than ignored: `kb verify --at 2022-01-01` would otherwise
// look like a verify as of that day.

/** Every option kb knows, as node:util's parseArgs reads them. */
export const OPTIONS = {
  store: { type: 'string' },
  eventstore: { type: 'string' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  at: { type: 'string' },
  'known-at': { type: 'string' },
  'recorded-at': { type: 'string' },
  contested: { type: 'boolean' },
  prov: { type: 'boolean' },
  rejects: { type: 'string' },
  'batch-size': { type: 'string' },
  'dry-run': { type: 'boolean' },
  from: { type: 'string' },
  limit: { type: 'string' },
  controller: { type: 'string' },
  run: { type: 'string' },
  runs: { type: 'boolean' },
  type: { type: 'string' },
  stream: { type: 'string' },
  anchor: { type: 'string' },
  'read-models': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The options every command takes. */
export const GLOBAL_OPTIONS: readonly string[] = ['store', 'eventstore', 'json', 'debug', 'help'];
const TIME = ['at', 'known-at', 'recorded-at'] as const;

/** The options of each command, beyond the global ones. */
export const COMMAND_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  demo: TIME,
  ingest: ['dry-run', 'rejects', 'batch-size'],
  status: [...TIME, 'contested'],
  mission: [...TIME, 'controller', 'limit'],
  timeline: TIME,
  // A claim's trace is its whole story, whatever the world or publication date; only what the
  // knowledge base held at a time cuts it.
  trace: ['recorded-at', 'prov'],
  sources: TIME,
  verify: ['anchor', 'read-models'],
  log: ['from', 'limit', 'run', 'runs', 'type', 'stream'],
  rebuild: [],
  help: [],
};

/**
 * What each command takes after its name, for messages; absent for mission and timeline, whose words
 * are read as one name ("kb mission Mazar i Sharif"). An argument more is refused, not ignored:
 * `kb trace a b` would otherwise trace only a.
 */
const ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  demo: [],
  ingest: ['FILE'],
  status: [],
  trace: ['CLAIM_ID'],
  sources: [],
  verify: [],
  log: [],
  rebuild: [],
};

/** A message for arguments `command` does not take, or null. */
export function extraArguments(command: string, args: readonly string[]): string | null {
  const takes = ARGUMENTS[command];
  if (takes === undefined || args.length <= takes.length) return null;
  const given = args.map((a) => JSON.stringify(a)).join(' ');
  const expected = takes.length === 0 ? 'no arguments' : `one argument, ${takes.join(' ')},`;
  return `kb ${command} takes ${expected} and was given ${args.length}: ${given} (quote a value that holds spaces)`;
}

/** What follows an option that takes a value, in messages ("VALUE" for one not listed). */
const VALUE_NAMES: Readonly<Record<string, string>> = {
  store: 'PATH',
  eventstore: 'URL',
  at: 'DATE',
  'known-at': 'DATE',
  'recorded-at': 'DATE',
  rejects: 'FILE',
  'batch-size': 'N',
  from: 'POSITION',
  limit: 'N',
  controller: 'NAME',
  run: 'RUN_ID',
  type: 'TYPE',
  stream: 'STREAM',
  anchor: 'HASH',
};

/**
 * What works on the embedded store alone, with why, so that beside `--eventstore` it is refused as a
 * usage mistake (exit 2) before anything is opened: each needs the SQLite file itself.
 */
const EMBEDDED_ONLY: readonly { command: string; option: string | null; why: string }[] = [
  {
    command: 'rebuild',
    option: null,
    why: 'with --eventstore every query folds the log afresh, so there are no read models to rebuild',
  },
  {
    command: 'verify',
    option: 'read-models',
    why: 'with --eventstore every query folds the log afresh, so there are no read models to check',
  },
  {
    command: 'ingest',
    option: 'dry-run',
    why: 'it ingests into a private copy of the file, and an EventStoreDB cannot be copied that way',
  },
];

/** A message for `command` given `--eventstore` with what needs the embedded store, or null. */
export function embeddedOnly(command: string, given: readonly string[]): string | null {
  if (!given.includes('eventstore')) return null;
  const rule = EMBEDDED_ONLY.find(
    (r) => r.command === command && (r.option === null || given.includes(r.option)),
  );
  if (rule === undefined) return null;
  const what = rule.option === null ? `kb ${command}` : `kb ${command} --${rule.option}`;
  return `${what} works on the embedded store (--store): ${rule.why}`;
}

/**
 * A message for `kb log --runs` given an option that picks events, or null: it sums the whole log,
 * one row for each ingest run, so a type, stream or page would leave a run's counts short.
 */
export function logRunsConflict(command: string, given: readonly string[]): string | null {
  if (command !== 'log' || !given.includes('runs')) return null;
  if (given.includes('run'))
    return 'kb log --runs lists every ingest run and --run RUN_ID the events one run wrote; give one of them';
  const other = given.find((o) => o !== 'runs' && COMMAND_OPTIONS['log']!.includes(o));
  if (other === undefined) return null;
  return `kb log --runs sums up the whole log, one row for each ingest run, and does not take --${other} (kb log --run RUN_ID --${other} ${VALUE_NAMES[other]} lists what one run wrote)`;
}

/** Whether `command` takes `--eventstore` at all (kb rebuild does not), for its help. */
export const takesEventstore = (command: string): boolean =>
  !EMBEDDED_ONLY.some((r) => r.command === command && r.option === null);

/**
 * The first of `given` (option names, without dashes) that `command` does not take, as a message
 * naming the commands that do; null when all apply. Unknown commands are left to the caller.
 */
export function misplacedOption(command: string, given: readonly string[]): string | null {
  const own = COMMAND_OPTIONS[command];
  if (own === undefined) return null;
  for (const option of given) {
    if (GLOBAL_OPTIONS.includes(option) || own.includes(option)) continue;
    const takers = Object.keys(COMMAND_OPTIONS).filter((c) => COMMAND_OPTIONS[c]!.includes(option));
    return `kb ${command} does not take --${option} (${takers.map((c) => `kb ${c}`).join(', ')} ${takers.length === 1 ? 'does' : 'do'})`;
  }
  return null;
}

/** A message for an option given an empty value (`--store ''`), or null. */
export function emptyValue(
  tokens: readonly { kind: string; name?: string | undefined; value?: string | undefined }[],
): string | null {
  for (const token of tokens) {
    if (token.kind === 'option' && token.value === '' && token.name !== undefined)
      return `--${token.name} needs a value (--${token.name} ${VALUE_NAMES[token.name] ?? 'VALUE'}), got an empty one`;
  }
  return null;
}

/** The command `unknown` most likely meant, as " (did you mean …?)", or "". */
export function commandHint(unknown: string): string {
  const likely = closestName(unknown, Object.keys(COMMAND_OPTIONS));
  return likely === null ? '' : ` (did you mean kb ${likely}?)`;
}

/** parseArgs' error for an option, reworded: which option, and what was wrong with it. */
export function optionMistake(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'(-{1,2}[^'\s<=]+)/.exec(message)?.[1];
  if (quoted === undefined) return message;
  const name = quoted.replace(/^-+/, '');
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const likely = closestName(name, Object.keys(OPTIONS));
    return `unknown option "${quoted}"${likely === null ? '' : ` (did you mean --${likely}?)`}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (Object.hasOwn(OPTIONS, name) && OPTIONS[name as keyof typeof OPTIONS].type === 'boolean') {
      return `--${name} is a switch and takes no value`;
    }
    const value = VALUE_NAMES[name] ?? 'VALUE';
    if (/ambiguous/.test(message))
      return `--${name} needs a value (--${name} ${value}), but an option follows it (a value that starts with a dash is written --${name}=VALUE)`;
    return `--${name} needs a value (--${name} ${value})`;
  }
  return message;
}
