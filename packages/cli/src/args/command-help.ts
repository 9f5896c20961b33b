import { COMMAND_OPTIONS, GLOBAL_OPTIONS, takesEventstore } from './option-rules.js';

// `kb help status` and `kb status --help`: the lines of the full usage text that concern one
// command (its usage line, the options it takes, and those every command takes), cut from that one
// text so the two never disagree; and the same as data for `--json`.

/** The part of `usage` about `command`; null for a command kb does not have. */
export function commandHelp(usage: string, command: string): string | null {
  const part = helpPart(usage, command);
  if (part === null) return null;
  return [
    part.heading,
    '',
    'Usage:',
    ...part.usage,
    '',
    'Options:',
    ...part.options.flat(),
    '',
    'kb help lists every command.',
  ].join('\n');
}

/** One command's help as `kb help COMMAND --json` gives it. */
export interface CommandHelpJson {
  readonly command: string;
  /** Its usage line, as `kb status [--contested]`. */
  readonly usage: string;
  /** What it does, in the words of kb help. */
  readonly summary: string;
  /** The options it takes, its own first, then those every command takes. */
  readonly options: readonly { option: string; value: string | null; description: string }[];
}

/**
 * `kb help --json`: the heading and every command as `commandHelpJson` gives it, in the order the
 * commands are kept (COMMAND_OPTIONS).
 */
export function helpJson(usage: string): { summary: string; commands: CommandHelpJson[] } {
  const commands = Object.keys(COMMAND_OPTIONS).flatMap((command) => {
    const json = commandHelpJson(usage, command);
    return json === null ? [] : [json];
  });
  return { summary: usage.split('\n')[0]!, commands };
}

/**
 * The part of `usage` about `command`, as data: the lines `commandHelp` prints, each split at the
 * run of spaces before its description, and lines that continue one joined to it. Null for a
 * command kb does not have.
 */
export function commandHelpJson(usage: string, command: string): CommandHelpJson | null {
  const part = helpPart(usage, command);
  if (part === null) return null;
  const [line = '', ...more] = part.usage;
  const [head = '', ...said] = line.trim().split(/ {2,}/);
  return {
    command,
    usage: head,
    summary: joined([said.join(' '), ...more]),
    options: part.options.map(([first = '', ...rest]) => {
      const named = /^ {2}(--[a-z-]+)(?: ([A-Z][A-Z_]*))? +(.*)$/.exec(first);
      return {
        option: named?.[1] ?? first.trim(),
        value: named?.[2] ?? null,
        description: joined([named?.[3] ?? '', ...rest]),
      };
    }),
  };
}

/** Lines of one description read as one: trimmed, joined with a space. */
const joined = (lines: readonly string[]): string =>
  lines
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');

/** The lines of `usage` about `command`: the heading, its usage line(s), each option's lines. */
function helpPart(
  usage: string,
  command: string,
): { heading: string; usage: string[]; options: string[][] } | null {
  if (!Object.hasOwn(COMMAND_OPTIONS, command) || command === 'help') return null;
  const own = COMMAND_OPTIONS[command]!;
  const lines = usage.split('\n');
  // A usage line too long to leave room has its description on the line below, indented deeper.
  const usageLines = lines.flatMap((line, at) =>
    line === `  kb ${command}` || line.startsWith(`  kb ${command} `) ? continued(lines, at) : [],
  );
  const global = GLOBAL_OPTIONS.filter(
    (o) => o !== 'help' && (o !== 'eventstore' || takesEventstore(command)),
  );
  const options = [...own, ...global]
    .map((name) => ownMeaning(optionLines(lines, name), command))
    .filter((option) => option.length > 0);
  return { heading: lines[0]!, usage: usageLines, options };
}

/** An option's line in `lines` and the lines that continue it. */
function optionLines(lines: readonly string[], name: string): string[] {
  const at = lines.findIndex((line) => line.startsWith(`  --${name} `));
  return at < 0 ? [] : continued(lines, at);
}

/** The line at `at` and the lines that continue it (indented deeper, not another option or command). */
function continued(lines: readonly string[], at: number): string[] {
  const out = [lines[at]!];
  for (let i = at + 1; i < lines.length && /^ {4,}\S/.test(lines[i]!); i++) out.push(lines[i]!);
  return out;
}

/**
 * An option's lines with only what it means to `command`: an option of several commands gives each
 * meaning on lines of its own, each starting `kb COMMAND:` (`--limit`), and one command's help
 * shows its own, without that prefix. Lines with no such prefix are given as they are.
 */
function ownMeaning(option: readonly string[], command: string): string[] {
  const first = option[0];
  // Where the description starts: past the option's name and argument.
  const column = first === undefined ? undefined : /^ {2}--\S+(?: \S+)? +/.exec(first)?.[0].length;
  if (first === undefined || column === undefined) return [...option];
  const texts = [first.slice(column), ...option.slice(1).map((line) => line.trimStart())];
  const marker = /^kb ([a-z]+): /;
  if (!texts.some((text) => marker.test(text))) return [...option];
  // The meanings in order: each from a line with a prefix up to the next such line.
  const meanings: { command: string; texts: string[] }[] = [];
  for (const text of texts) {
    const named = marker.exec(text);
    if (named) meanings.push({ command: named[1]!, texts: [text.slice(named[0].length)] });
    else meanings.at(-1)?.texts.push(text);
  }
  const own = meanings.find((meaning) => meaning.command === command);
  if (own === undefined) return [...option];
  const last = own.texts.length - 1;
  own.texts[last] = own.texts[last]!.replace(/;$/, '');
  const indent = ' '.repeat(column);
  return own.texts.map((text, at) => (at === 0 ? first.slice(0, column) : indent) + text);
}
