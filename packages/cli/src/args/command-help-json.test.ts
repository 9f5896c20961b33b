// kb help --json (docs/commands.md: every command takes --json): one JSON document on stdout, cut
// from the same usage text the text help is, so a script reads which commands kb has, what each
// does and which options it takes, with what each option means to it.
import { describe, expect, it } from 'vitest';
import { run } from '../cli.js';
import { capture } from '../testing/cli-test-kit.js';
import { COMMAND_OPTIONS } from './option-rules.js';

interface OptionJson {
  option: string;
  value: string | null;
  description: string;
}
interface CommandJson {
  command: string;
  usage: string;
  summary: string;
  options: OptionJson[];
}

async function helpJson(...argv: string[]): Promise<unknown> {
  const out = capture();
  expect(await run(argv, out), argv.join(' ')).toBe(0);
  expect(out.stderr).toEqual([]);
  // One JSON document, and nothing else on stdout.
  expect(out.json_, argv.join(' ')).toHaveLength(1);
  expect(out.stdout).toHaveLength(1);
  return out.json_[0];
}

/** The options the text help of `command` lists, as `--name`. */
async function textOptions(command: string): Promise<string[]> {
  const out = capture();
  expect(await run(['help', command], out)).toBe(0);
  return [...out.stdout.join('\n').matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]!);
}

const COMMANDS = Object.keys(COMMAND_OPTIONS).filter((c) => c !== 'help');

describe('kb help --json', () => {
  it('lists every command with its usage, summary and the options its text help lists', async () => {
    const help = (await helpJson('help', '--json')) as { summary: string; commands: CommandJson[] };
    expect(help.summary).toBe('kb: a knowledge base of contested claims');
    expect(help.commands.map((c) => c.command)).toEqual(COMMANDS);
    for (const entry of help.commands) {
      expect(entry.usage, entry.command).toMatch(new RegExp(`^kb ${entry.command}\\b`));
      expect(entry.summary, entry.command).toMatch(/^[a-z]/);
      expect(
        entry.options.map((o) => o.option),
        entry.command,
      ).toEqual(await textOptions(entry.command));
      for (const o of entry.options) expect(o.description, `${entry.command} ${o.option}`).not.toBe('');
    }
  });

  it('gives one command as kb help lists it, from kb help COMMAND --json and kb COMMAND --help --json alike', async () => {
    const whole = (await helpJson('help', '--json')) as { commands: CommandJson[] };
    const mission = whole.commands.find((c) => c.command === 'mission');
    expect(mission).toMatchObject({
      usage: 'kb mission MISSION [--controller NAME] [--limit N]',
      summary: 'one mission\'s accounts side by side (MISSION: id, name, city, country, or "city, country")',
    });
    // An option of several commands gives this command's meaning alone; a description over two
    // lines comes whole.
    expect(mission!.options.find((o) => o.option === '--limit')).toEqual({
      option: '--limit',
      value: 'N',
      description: 'list at most N accounts (1 or more), standing first (default all)',
    });
    expect(mission!.options.find((o) => o.option === '--json')).toEqual({
      option: '--json',
      value: null,
      description: 'machine-readable output',
    });
    expect(mission!.options.find((o) => o.option === '--recorded-at')?.description).toContain(
      'UTC; or an ISO timestamp such as',
    );
    for (const command of COMMANDS) {
      const entry = whole.commands.find((c) => c.command === command);
      expect(await helpJson('help', command, '--json'), command).toEqual(entry);
      expect(await helpJson(command, '--help', '--json'), command).toEqual(entry);
    }
  });

  it('still refuses help on what is not a command, exit 2, with nothing on stdout', async () => {
    const out = capture();
    expect(await run(['help', 'stauts', '--json'], out)).toBe(2);
    expect(out.stdout).toEqual([]);
    expect(out.stderr.join('\n')).toMatch(/no help on "stauts"/);
  });
});
