import { COMMAND_OPTIONS, GLOBAL_OPTIONS, takesEventstore } from './option-rules.js';

// `kb help status` and `kb status --help`: the lines of the full usage text that concern one
// command (its usage line, the options it takes, and those every command takes), cut from that one
// text so the two never disagree.

/** The part of `usage` about `command`; null for a command kb does not have. */
export function commandHelp(usage: string, command: string): string | null {
  if (!Object.hasOwn(COMMAND_OPTIONS, command) || command === 'help') return null;
  const own = COMMAND_OPTIONS[command]!;
  const lines = usage.split('\n');
  const heading = lines[0]!;
  // A usage line too long to leave room has its description on the line below, indented deeper.
  const usageLines = lines.flatMap((line, at) =>
    line === `  kb ${command}` || line.startsWith(`  kb ${command} `) ? continued(lines, at) : [],
  );
  const global = GLOBAL_OPTIONS.filter(
    (o) => o !== 'help' && (o !== 'eventstore' || takesEventstore(command)),
  );
  const options = [...own, ...global].flatMap((name) => ownMeaning(optionLines(lines, name), command));
  return [
    heading,
    '',
    'Usage:',
    ...usageLines,
    '',
    'Options:',
    ...options,
    '',
    'kb help lists every command.',
  ].join('\n');
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
