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
  const options = [...own, ...global].flatMap((name) => optionLines(lines, name));
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
