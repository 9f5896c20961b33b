import { describe, expect, it } from 'vitest';
import { run, USAGE } from '../cli.js';
import { capture } from '../testing/cli-test-kit.js';
import { commandHelp } from './command-help.js';
import { COMMAND_OPTIONS } from './option-rules.js';

describe('help on one command', () => {
  it('kb help COMMAND and kb COMMAND --help print the same part of the usage text', async () => {
    for (const argv of [
      ['help', 'status'],
      ['status', '--help'],
      ['status', '-h'],
    ]) {
      const out = capture();
      expect(await run(argv, out), argv.join(' ')).toBe(0);
      expect(out.stdout.join('\n')).toBe(commandHelp(USAGE, 'status'));
    }
  });

  it("lists the command's usage line and exactly the options it takes, and those every command takes", () => {
    for (const command of Object.keys(COMMAND_OPTIONS).filter((c) => c !== 'help')) {
      const help = commandHelp(USAGE, command)!;
      expect(help, command).toMatch(new RegExp(`^Usage:\\n {2}kb ${command}\\b`, 'm'));
      const listed = [...help.matchAll(/^ {2}--([a-z-]+)/gm)].map((m) => m[1]!);
      // kb rebuild works on the embedded store alone, so its help leaves --eventstore out.
      const globals =
        command === 'rebuild' ? ['store', 'json', 'debug'] : ['store', 'eventstore', 'json', 'debug'];
      const takes = [...COMMAND_OPTIONS[command]!, ...globals];
      // Every option it takes has its line under Options, with what it does; no other option has one.
      for (const option of takes) expect(listed, `${command} --${option}`).toContain(option);
      expect(
        listed.filter((o) => !takes.includes(o)),
        command,
      ).toEqual([]);
      expect(listed.slice(-globals.length), command).toEqual(globals);
    }
    // A description that runs over two lines comes whole.
    expect(commandHelp(USAGE, 'trace')).toContain('or an ISO timestamp such as');
    expect(commandHelp(USAGE, 'verify')).not.toContain('--at');
  });

  it("gives each command's description from kb help, also one on the line below its usage line", () => {
    for (const command of Object.keys(COMMAND_OPTIONS).filter((c) => c !== 'help')) {
      const help = commandHelp(USAGE, command)!;
      const usage = help.slice(help.indexOf('Usage:\n'), help.indexOf('\n\nOptions:'));
      // A description stands apart from the usage line by a run of spaces, on it or on the next line.
      expect(usage, command).toMatch(/ {3,}[a-z]/);
    }
    expect(commandHelp(USAGE, 'verify')).toMatch(
      /^ {2}kb verify \[--anchor HASH\] \[--read-models\]\n {4,}check the hash chain; exit 1 names the first bad position$/m,
    );
  });

  it('says a topic that is not a command is not one, with the command it may have meant', async () => {
    const out = capture();
    expect(await run(['help', 'stauts'], out)).toBe(2);
    expect(out.stderr.join('\n')).toMatch(
      /^kb: no help on "stauts": it is not a command \(did you mean kb status\?\)/,
    );
    expect(commandHelp(USAGE, 'frobnicate')).toBeNull();
    // Names every object has are no commands either; help on help is the whole usage.
    for (const topic of ['constructor', 'toString', '__proto__']) {
      expect(commandHelp(USAGE, topic), topic).toBeNull();
      const wrong = capture();
      expect(await run(['help', topic], wrong), topic).toBe(2);
    }
    const whole = capture();
    expect(await run(['help', 'help'], whole)).toBe(0);
    expect(whole.stdout.join('\n')).toBe(USAGE);
  });

  it("gives an option of several commands with only this command's meaning, without its prefix", () => {
    const option = (command: string, name: string) =>
      commandHelp(USAGE, command)!
        .split('\n')
        .filter(
          (line, at, lines) =>
            line.startsWith(`  --${name} `) ||
            (at > 0 && lines[at - 1]!.startsWith(`  --${name} `) && /^ {5,}\S/.test(line)),
        );
    expect(option('log', 'limit')).toEqual([
      '  --limit N            show at most N events, 1 to 100000 (default 50)',
    ]);
    expect(option('mission', 'limit')).toEqual([
      '  --limit N            list at most N accounts (1 or more), standing first (default all)',
    ]);
    expect(option('status', 'contested')).toEqual([
      '  --contested          only the missions whose control is contested',
    ]);
    // The whole usage keeps every meaning, each named.
    expect(USAGE).toMatch(/^ {2}--limit N +kb mission: .*;\n +kb log: /m);
    // No command's help names another command's meaning of an option.
    for (const command of Object.keys(COMMAND_OPTIONS).filter((c) => c !== 'help'))
      expect(commandHelp(USAGE, command), command).not.toMatch(/^ {2}--\S+(?: \S+)? +kb [a-z]+: /m);
  });
});
