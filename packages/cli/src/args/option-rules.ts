import { likelyField } from '@kb/ingest';

// Which options each command takes, and plain messages for the mistakes node:util's parseArgs
// reports in its own words. An option a command does not use is refused rather than ignored: `kb
// verify --at 2022-01-01` would otherwise look like a verify as of that day.

/** The options every command takes. */
const GLOBAL = ['store', 'eventstore', 'json', 'debug', 'help'] as const;
const TIME = ['at', 'known-at', 'recorded-at'] as const;

/** The options of each command, beyond the global ones. */
export const COMMAND_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  demo: TIME,
  ingest: ['dry-run', 'rejects', 'batch-size'],
  status: [...TIME, 'contested'],
  mission: TIME,
  timeline: TIME,
  trace: [...TIME, 'prov'],
  sources: TIME,
  verify: [],
  rebuild: [],
  help: [],
};

/** What follows an option that takes a value, in messages. */
const VALUE_NAMES: Readonly<Record<string, string>> = {
  store: 'PATH',
  eventstore: 'URL',
  at: 'DATE',
  'known-at': 'DATE',
  'recorded-at': 'DATE',
  rejects: 'FILE',
  'batch-size': 'N',
};

/** Every option name kb knows, for suggestions. */
const ALL_OPTIONS = [...new Set([...GLOBAL, ...Object.values(COMMAND_OPTIONS).flat()])];

/**
 * The first of `given` (option names, without dashes) that `command` does not take, as a message
 * naming the commands that do; null when all apply. Unknown commands are left to the caller.
 */
export function misplacedOption(command: string, given: readonly string[]): string | null {
  const own = COMMAND_OPTIONS[command];
  if (own === undefined) return null;
  for (const option of given) {
    if ((GLOBAL as readonly string[]).includes(option) || own.includes(option)) continue;
    const takers = Object.keys(COMMAND_OPTIONS).filter((c) => COMMAND_OPTIONS[c]!.includes(option));
    return `kb ${command} does not take --${option} (${takers.map((c) => `kb ${c}`).join(', ')} ${takers.length === 1 ? 'does' : 'do'})`;
  }
  return null;
}

/** The command `unknown` most likely meant, as " (did you mean …?)", or "". */
export function commandHint(unknown: string): string {
  const likely = likelyField(unknown, Object.keys(COMMAND_OPTIONS));
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
    const likely = likelyField(name, ALL_OPTIONS);
    return `unknown option "${quoted}"${likely === null ? '' : ` (did you mean --${likely}?)`}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const value = VALUE_NAMES[name];
    if (value === undefined) return `--${name} is a switch and takes no value`;
    if (/ambiguous/.test(message))
      return `--${name} needs a value (--${name} ${value}), but an option follows it`;
    return `--${name} needs a value (--${name} ${value})`;
  }
  return message;
}
