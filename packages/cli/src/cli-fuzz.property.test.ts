// Command lines put together at random from kb's own words and from mistakes, run against the
// bundled dataset: whatever is typed, kb answers with an exit code it documents, a mistake is said
// in one of its own messages (never the catch-all that asks for --debug, never a stack trace), --json
// prints one JSON value, and a reading command leaves the log as it was.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMAND_OPTIONS } from './args/option-rules.js';
import { parseCommandLine } from './args/parse-args.js';
import { run } from './cli.js';
import { capture, demoKnowledgeBase, kbOn } from './testing/cli-test-kit.js';

const kb = demoKnowledgeBase('kb-cli-fuzz-');

// Commands that only read, with what they take. ingest, demo and rebuild write, and --store and
// --eventstore are left out: every run reads the demo store.
const READERS = ['status', 'mission', 'timeline', 'trace', 'sources', 'verify', 'log'] as const;
const today = new Date().toISOString().slice(0, 10);
const HEAD = '<head hash>';

// Values as a user means them: the answers are read, not only the mistakes.
const goodDay = fc.constantFrom('2021-08-15', '2022-01-01', '2023-03-28', '2023-03-29', '2020-01-01', today);
const goodRecordedAt = fc.oneof(
  goodDay,
  fc.constantFrom(new Date(Date.now() - 3_600_000).toISOString(), '2026-01-01T00:00:00+02:00'),
);
const mission = fc.constantFrom(
  'Khorog',
  'Khorugh',
  'Ashgabat',
  'tj-khorog-consulate',
  'Khorog, Tajikistan',
  'Tajikistan',
  'Khorgo',
  'Nowhere',
  'Khorog, Peru',
);
const claim = fc.constantFrom(
  'diplomat-2023-03-khorog-denial',
  'diplomat-2023-03-khorog-visit',
  'diplomat-2023-03-khorog-informal-control',
  'diplomat-2023-03-khorog-denail',
  'diplomat',
);
const controller = fc.constantFrom(
  'taliban',
  'Republic',
  'Islamic Emirate',
  'none',
  'unknown',
  'no controller',
);
const GOOD: Record<string, fc.Arbitrary<string[]>> = {
  at: goodDay.map((d) => ['--at', d]),
  'known-at': goodDay.map((d) => ['--known-at', d]),
  'recorded-at': goodRecordedAt.map((d) => ['--recorded-at', d]),
  contested: fc.constant(['--contested']),
  prov: fc.constant(['--prov']),
  controller: controller.map((c) => ['--controller', c]),
  limit: fc.integer({ min: 1, max: 40 }).map((n) => ['--limit', String(n)]),
  from: fc.integer({ min: 1, max: 40 }).map((n) => ['--from', String(n)]),
  run: fc.constantFrom('run-1', 'x').map((r) => ['--run', r]),
  runs: fc.constant(['--runs']),
  type: fc
    .constantFrom('ClaimRecorded', 'ClaimRetracted', 'MissionRegistered', 'Nope')
    .map((t) => ['--type', t]),
  stream: fc.constantFrom('mission-tj-khorog-consulate', 'claim-x').map((t) => ['--stream', t]),
  anchor: fc.constantFrom(HEAD, 'a'.repeat(64)).map((h) => ['--anchor', h]),
  'read-models': fc.constant(['--read-models']),
};

// Mistakes: a value kb cannot read, an option the command does not take or kb does not know, a
// word too many, a name nothing has.
const badDay = fc.constantFrom(
  '2023-02-29',
  '2023-13-01',
  '2023-3-5',
  '2023',
  '2023-03',
  '2023-22',
  '28/03/2023',
  '9999-12-31',
  '0999-12-31',
  'yesterday',
  '2023-03-28T25:00:00Z',
  '2023-03-28T12:00',
  ' ',
  '-1',
);
const badNumber = fc.constantFrom(
  '0',
  '-3',
  '1.5',
  'all',
  '1e3',
  '99999999999999999999',
  '0x10',
  ' 3',
  '100001',
);
const anyText = fc.oneof(
  fc.constantFrom('Nowhere', 'Talibn', 'dip', '-', '--', ''),
  fc.string({ maxLength: 12, unit: 'grapheme' }),
);
const mistake: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(fc.constantFrom('--at', '--known-at', '--recorded-at'), badDay),
  fc.tuple(fc.constantFrom('--limit', '--from', '--batch-size'), badNumber),
  fc.tuple(fc.constantFrom('--controller', '--run', '--type', '--stream', '--rejects', '--anchor'), anyText),
  fc
    .constantFrom(
      '--colour',
      '--at=',
      '--json=1',
      '-x',
      '--',
      '-',
      '--dry-run',
      '--contested',
      '--prov',
      '--runs',
    )
    .map((s) => [s]),
  anyText.map((t) => [t]),
);

/** A command line for one reading command: its own options, mostly good, now and then a mistake. */
const forCommand = (command: (typeof READERS)[number]): fc.Arbitrary<string[]> => {
  const own = (COMMAND_OPTIONS[command] ?? []).filter((o) => GOOD[o] !== undefined).map((o) => GOOD[o]!);
  const options =
    own.length === 0 ? fc.constant([] as string[][]) : fc.array(fc.oneof(...own), { maxLength: 3 });
  const words =
    command === 'mission' || command === 'timeline'
      ? mission.map((m) => [m])
      : command === 'trace'
        ? claim.map((c) => [c])
        : fc.constant([] as string[]);
  return fc
    .tuple(
      words,
      options,
      fc.boolean(),
      fc.array(mistake, { maxLength: 1 }),
      fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
    )
    .map(([w, o, json, m, mistaken]) => [
      command,
      ...w,
      ...o.flat(),
      ...(json ? ['--json'] : []),
      ...(mistaken ? m.flat() : []),
    ]);
};

const commandLine = fc.oneof(
  { arbitrary: fc.oneof(...READERS.map(forCommand)), weight: 9 },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom('help', 'stauts', 'Mission', ''),
        fc.array(
          fc.oneof(
            mistake,
            controller.map((c) => [c]),
          ),
          { maxLength: 3 },
        ),
      )
      .map(([c, pieces]) => (c === '' ? pieces.flat() : [c, ...pieces.flat()])),
    weight: 1,
  },
);

/** Whether argv would make kb write: a command outside COMMANDS in first place. */
const writes = (argv: readonly string[]) => {
  const first = argv.find((word) => !word.startsWith('-'));
  return first === 'ingest' || first === 'demo' || first === 'rebuild';
};

/** Whether kb reads argv as a request for help (kb help, --help, or no command at all). */
const asksHelp = (argv: readonly string[]) => {
  const cmd = parseCommandLine(argv);
  return cmd.help || cmd.command === 'help';
};

/** kb verify's answer for a log that fails a check: `BROKEN: …`, or `ok: false` under --json. */
const brokenChain = (out: ReturnType<typeof capture>) =>
  /^BROKEN: \S/.test(out.stdout[0] ?? '') || (out.json_[0] as { ok?: unknown } | undefined)?.ok === false;

describe('kb on command lines put together at random', () => {
  it('exits 0, 1 or 2 with a message of its own, prints one JSON value for --json, and leaves the log as it was', async () => {
    const before = (await kb.kb('verify', '--json')).out.json_[0] as { lastHash: string };
    const head = before.lastHash;
    await fc.assert(
      fc.asyncProperty(commandLine, async (argv) => {
        fc.pre(!writes(argv));
        const out = capture();
        argv = argv.map((word) => (word === HEAD ? head : word));
        const code = await run([...argv, '--store', kb.store], out);
        const said = out.stderr.join('\n');
        expect([0, 1, 2]).toContain(code);
        // Every failure is one kb foresaw: not the catch-all, and no stack trace without --debug.
        expect(said).not.toMatch(/run again with --debug/);
        expect(said).not.toMatch(/^\s+at /m);
        if (code === 2) {
          expect(said).toMatch(/^kb: /);
          expect(said).toMatch(/Run kb help for the commands and options\.$/);
        }
        // kb verify says a broken chain on stdout (exit 1, as documented), the others on stderr.
        if (code === 1) expect(/^kb: \S/.test(said) || brokenChain(out)).toBe(true);
        const json = argv.includes('--json');
        const help = code === 0 && asksHelp([...argv, '--store', kb.store]);
        if (code === 0 && json && !help) {
          expect(out.json_).toHaveLength(1);
          expect(out.stdout).toHaveLength(1);
        }
      }),
      { numRuns: Number(process.env['KB_FUZZ_RUNS'] ?? 400) },
    );
    // The log and its chain are as they were.
    expect((await kbOn(kb.store, 'verify', '--json')).out.json_[0]).toEqual(before);
  }, 180_000);
});
