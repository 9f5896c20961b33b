import { describe, expect, it } from 'vitest';
import { COMMAND_OPTIONS, GLOBAL_OPTIONS, OPTIONS } from './option-rules.js';
import { DEFAULT_STORE, parseCommandLine, UsageError } from './parse-args.js';

describe('parseCommandLine', () => {
  it('reads the command, positionals and the three time axes', () => {
    const cmd = parseCommandLine([
      'mission',
      'Khorog',
      '--at',
      '2023-03-28',
      '--known-at',
      '2023-03-01',
      '--json',
    ]);
    expect(cmd.command).toBe('mission');
    expect(cmd.positionals).toEqual(['Khorog']);
    expect(cmd.query).toEqual({ at: '2023-03-28', knownAt: '2023-03-01', recordedAt: null });
    expect(cmd.global.json).toBe(true);
    expect(cmd.global.store).toBe(process.env['KB_STORE'] ?? DEFAULT_STORE);
  });

  it('accepts a recorded time as a day or a timestamp, normalised to UTC', () => {
    expect(parseCommandLine(['status', '--recorded-at', '2024-01-01']).query.recordedAt).toBe('2024-01-01');
    expect(parseCommandLine(['status', '--recorded-at', '2024-01-01T10:00:00+02:00']).query.recordedAt).toBe(
      '2024-01-01T08:00:00.000Z',
    );
  });

  it('rejects an impossible day and names the option', () => {
    expect(() => parseCommandLine(['status', '--at', '2023-02-30'])).toThrow(
      /--at expects a day as YYYY-MM-DD/,
    );
    expect(() => parseCommandLine(['status', '--known-at', 'March'])).toThrow(UsageError);
  });

  it('says why a value that looks like a day is not one, and which day it most likely meant', () => {
    const said = (value: string) => {
      try {
        parseCommandLine(['status', '--at', value]);
        return 'accepted';
      } catch (error) {
        return (error as Error).message.replace(`--at expects a day as YYYY-MM-DD, got "${value}"`, '');
      }
    };
    expect(said('2023-02-29')).toBe(': February 2023 has 28 days');
    expect(said('2024-02-30')).toBe(': February 2024 has 29 days');
    expect(said('2023-13-01')).toBe(': there is no month 13');
    expect(said('2023-03-00')).toBe(': there is no day 0');
    expect(said('2023-03')).toBe(': that is a month; for the end of it, give 2023-03-31');
    expect(said('2024-02')).toBe(': that is a month; for the end of it, give 2024-02-29');
    expect(said('2022-22')).toBe(
      ': that is a season or part of a year (EDTF, docs/dates.md); for the end of it, give 2022-08-31',
    );
    expect(said('2022-50')).toBe(': there is no month 50');
    expect(said('2023')).toBe(': that is a year; for the end of it, give 2023-12-31');
    expect(said('2023-3-5')).toBe(': did you mean 2023-03-05?');
    expect(said('28/03/2023')).toBe(': did you mean 2023-03-28?');
    expect(said('03/28/2023')).toBe(': did you mean 2023-03-28?');
    expect(said('31.12.2023')).toBe(': did you mean 2023-12-31?');
    expect(said('05/04/2023')).toBe(': write it year first, as YYYY-MM-DD');
    expect(said('March')).toBe('');
    expect(said('2024-02-29')).toBe('accepted');
    expect(() => parseCommandLine(['status', '--recorded-at', '2023-06'])).toThrow(
      'got "2023-06": that is a month; for the end of it, give 2023-06-30',
    );
    expect(() => parseCommandLine(['status', '--recorded-at', '2026-12-05T21:16:13'])).toThrow(
      'got "2026-12-05T21:16:13": a timestamp needs its zone, Z for UTC (2026-12-05T21:16:13Z) or an offset such as +02:00',
    );
  });

  it('rejects unknown options and bad batch sizes plainly', () => {
    expect(() => parseCommandLine(['status', '--colour'])).toThrow(UsageError);
    expect(() => parseCommandLine(['ingest', 'x', '--batch-size', '0'])).toThrow(/--batch-size/);
  });

  it('takes a batch size from 1 to 10000, the documented limit, and refuses 10001 saying so', () => {
    expect(parseCommandLine(['ingest', 'x', '--batch-size', '1']).batchSize).toBe(1);
    expect(parseCommandLine(['ingest', 'x', '--batch-size', '10000']).batchSize).toBe(10_000);
    expect(() => parseCommandLine(['ingest', 'x', '--batch-size', '10001'])).toThrow(
      '--batch-size expects a whole number from 1 to 10000, got "10001"',
    );
  });

  it('names the option a slip of the keyboard meant, and the command', () => {
    expect(() => parseCommandLine(['status', '--contsted'])).toThrow(
      'unknown option "--contsted" (did you mean --contested?)',
    );
    expect(() => parseCommandLine(['status', '--colour'])).toThrow(/^unknown option "--colour"$/);
    expect(() => parseCommandLine(['stauts'])).toThrow('unknown command "stauts" (did you mean kb status?)');
    expect(() => parseCommandLine(['frobnicate'])).toThrow(/^unknown command "frobnicate"$/);
  });

  it('refuses an option the command does not use, naming the commands that do', () => {
    expect(() => parseCommandLine(['verify', '--at', '2022-01-01'])).toThrow(
      'kb verify does not take --at (kb demo, kb status, kb mission, kb timeline, kb sources do)',
    );
    // A trace is the claim's whole story: only --recorded-at (what the knowledge base held) cuts it.
    expect(() => parseCommandLine(['trace', 'c-1', '--known-at', '2022-01-01'])).toThrow(
      'kb trace does not take --known-at (kb demo, kb status, kb mission, kb timeline, kb sources do)',
    );
    expect(() => parseCommandLine(['status', '--prov'])).toThrow(
      'kb status does not take --prov (kb trace does)',
    );
    expect(() => parseCommandLine(['ingest', 'f.ndjson', '--contested'])).toThrow(/kb ingest does not take/);
    // Global options go anywhere; each command's own are accepted.
    expect(parseCommandLine(['verify', '--json', '--store', 'x.sqlite']).global.store).toBe('x.sqlite');
    expect(parseCommandLine(['trace', 'c-1', '--prov', '--recorded-at', '2024-01-01']).prov).toBe(true);
    expect(parseCommandLine(['ingest', 'f.ndjson', '--dry-run', '--batch-size', '5']).batchSize).toBe(5);
  });

  it('refuses beside --eventstore, as a usage mistake, what needs the embedded file, whatever the URL', () => {
    for (const url of ['esdb://localhost:2113?tls=false', 'notaurl']) {
      expect(() => parseCommandLine(['rebuild', '--eventstore', url])).toThrow(
        new UsageError(
          'kb rebuild works on the embedded store (--store): with --eventstore every query folds the log afresh, so there are no read models to rebuild',
        ),
      );
      expect(() => parseCommandLine(['verify', '--read-models', '--eventstore', url])).toThrow(
        /^kb verify --read-models works on the embedded store \(--store\): .* no read models to check$/,
      );
      expect(() => parseCommandLine(['ingest', 'f.ndjson', '--eventstore', url, '--dry-run'])).toThrow(
        /^kb ingest --dry-run works on the embedded store \(--store\): it ingests into a private copy/,
      );
    }
    // The same commands without what needs the file take an EventStoreDB, and help is still help.
    expect(parseCommandLine(['verify', '--eventstore', 'esdb://h:2113']).global.eventstore).toBe(
      'esdb://h:2113',
    );
    expect(parseCommandLine(['ingest', 'f.ndjson', '--eventstore', 'esdb://h:2113']).dryRun).toBe(false);
    expect(parseCommandLine(['rebuild', '--eventstore', 'esdb://h:2113', '--help']).help).toBe(true);
  });

  it('says which option lacks a value, or has one it cannot take', () => {
    expect(() => parseCommandLine(['status', '--at'])).toThrow('--at needs a value (--at DATE)');
    expect(() => parseCommandLine(['status', '--at', '--json'])).toThrow(
      '--at needs a value (--at DATE), but an option follows it (a value that starts with a dash is written --at=VALUE)',
    );
    expect(() => parseCommandLine(['log', '--from=-1'])).toThrow(
      '--from expects a whole number 1 or more, got "-1"',
    );
    expect(() => parseCommandLine(['status', '--json=yes'])).toThrow('--json is a switch and takes no value');
  });

  it('refuses an option given twice with two values, and takes the same value twice', () => {
    expect(() => parseCommandLine(['status', '--at', '2023-03-28', '--at', '2024-01-01'])).toThrow(
      '--at is given twice ("2023-03-28" and "2024-01-01"); give it once',
    );
    expect(() => parseCommandLine(['status', '--store', 'a.sqlite', '--store=b.sqlite'])).toThrow(
      '--store is given twice ("a.sqlite" and "b.sqlite")',
    );
    expect(parseCommandLine(['status', '--at', '2023-03-28', '--at=2023-03-28']).query.at).toBe('2023-03-28');
    expect(parseCommandLine(['status', '--json', '--json']).global.json).toBe(true);
  });

  it('lets every option through somewhere: on every command or on the commands that name it', () => {
    const placed = new Set([...GLOBAL_OPTIONS, ...Object.values(COMMAND_OPTIONS).flat()]);
    expect([...placed].sort()).toEqual(Object.keys(OPTIONS).sort());
  });

  it('refuses an argument more than a command takes, and reads mission words as one name', () => {
    expect(() => parseCommandLine(['trace', 'c-1', 'c-2'])).toThrow(
      'kb trace takes one argument, CLAIM_ID, and was given 2: "c-1" "c-2" (quote a value that holds spaces)',
    );
    expect(() => parseCommandLine(['status', 'Khorog'])).toThrow(
      'kb status takes no arguments and was given 1: "Khorog"',
    );
    expect(() => parseCommandLine(['ingest', 'a.ndjson', 'b.ndjson'])).toThrow(
      /^kb ingest takes one argument, FILE,/,
    );
    expect(parseCommandLine(['mission', 'Mazar', 'i', 'Sharif']).positionals).toEqual([
      'Mazar',
      'i',
      'Sharif',
    ]);
    expect(parseCommandLine(['trace', 'c-1']).positionals).toEqual(['c-1']);
    expect(parseCommandLine(['help', 'status']).command).toBe('help');
  });

  it('refuses an option given an empty value, naming what it needs', () => {
    expect(() => parseCommandLine(['status', '--store', ''])).toThrow(
      '--store needs a value (--store PATH), got an empty one',
    );
    expect(() => parseCommandLine(['log', '--stream='])).toThrow('--stream needs a value (--stream STREAM)');
  });

  it('refuses a timestamp whose day or time is not on the calendar, as it refuses such a day, instead of rolling it over', () => {
    const said = (value: string) => {
      try {
        return parseCommandLine(['status', '--recorded-at', value]).query.recordedAt;
      } catch (error) {
        return (error as Error).message.replace(
          `--recorded-at expects a day as YYYY-MM-DD or a timestamp such as 2026-11-28T12:00:00Z, got "${value}"`,
          '',
        );
      }
    };
    expect(said('2023-04-31')).toBe(': April 2023 has 30 days');
    expect(said('2023-04-31T10:00:00Z')).toBe(': April 2023 has 30 days');
    expect(said('2023-02-31T10:00:00Z')).toBe(': February 2023 has 28 days');
    expect(said('2023-02-29T10:00+02:00')).toBe(': February 2023 has 28 days');
    expect(said('2023-13-01T10:00:00Z')).toBe(': there is no month 13');
    expect(said('2023-03-00T10:00:00Z')).toBe(': there is no day 0');
    expect(said('2023-04-30T24:00:00Z')).toBe(
      ': there is no hour 24; for the end of 2023-04-30, give the day alone',
    );
    expect(said('2023-04-30T25:00:00Z')).toBe(': there is no hour 25');
    expect(said('2023-04-30T23:60:00Z')).toBe(': there is no minute 60');
    expect(said('2023-04-30T23:59:60Z')).toBe(': there is no second 60');
    expect(said('2023-04-30T10:00:00+25:00')).toBe(': there is no offset +25:00');
    expect(said('2024-02-29T23:59:59.5-01:00')).toBe('2024-03-01T00:59:59.500Z');
    // --at and --known-at take days only, and refuse an impossible one the same way.
    expect(() => parseCommandLine(['status', '--known-at', '2023-04-31'])).toThrow(
      '--known-at expects a day as YYYY-MM-DD, got "2023-04-31": April 2023 has 30 days',
    );
    expect(() => parseCommandLine(['status', '--at', '2023-04-31T10:00:00Z'])).toThrow(
      '--at expects a day as YYYY-MM-DD, got "2023-04-31T10:00:00Z"',
    );
  });

  it('refuses a day before 1000, the first day dates run from, on every axis', () => {
    for (const option of ['--at', '--known-at', '--recorded-at']) {
      expect(() => parseCommandLine(['status', option, '0999-12-31'])).toThrow(
        `${option}: days run from 1000-01-01 to 9999-12-31, got "0999-12-31"`,
      );
      expect(parseCommandLine(['status', option, '1000-01-01']).query).toBeDefined();
    }
    expect(() => parseCommandLine(['status', '--recorded-at', '0999-12-31T23:00:00Z'])).toThrow(
      'days run from 1000-01-01',
    );
  });

  it('refuses a recorded time still to come: what the knowledge base will hold then is not known', () => {
    const now = new Date();
    const tomorrow = new Date(now.getTime() + 36 * 3600_000).toISOString().slice(0, 10);
    for (const value of ['2999-01-01', tomorrow, '2999-01-01T00:00:00Z']) {
      expect(() => parseCommandLine(['status', '--recorded-at', value])).toThrow(
        `--recorded-at ${value} is still to come`,
      );
    }
    // Today is allowed (a day means its end), and so is a moment just past.
    const today = now.toISOString().slice(0, 10);
    expect(parseCommandLine(['status', '--recorded-at', today]).query.recordedAt).toBe(today);
    const past = new Date(now.getTime() - 60_000).toISOString();
    expect(parseCommandLine(['status', '--recorded-at', past]).query.recordedAt).toBe(past);
    // World and publication time may be asked of days to come.
    expect(
      parseCommandLine(['status', '--at', '2999-01-01', '--known-at', '2999-01-01']).query,
    ).toMatchObject({
      at: '2999-01-01',
      knownAt: '2999-01-01',
    });
  });

  it('says a recorded time may be a day or a timestamp when it is neither', () => {
    for (const value of ['garbage', '2023-02-30', '2023-03-28T25:00:00Z'])
      expect(() => parseCommandLine(['status', '--recorded-at', value])).toThrow(
        `--recorded-at expects a day as YYYY-MM-DD or a timestamp such as 2026-11-28T12:00:00Z, got "${value}"`,
      );
  });

  it('takes the store from KB_STORE unless --store names one, and an empty KB_STORE as unset', () => {
    const before = process.env['KB_STORE'];
    try {
      process.env['KB_STORE'] = 'env.sqlite';
      expect(parseCommandLine(['status']).global.store).toBe('env.sqlite');
      expect(parseCommandLine(['status', '--store', 'flag.sqlite']).global.store).toBe('flag.sqlite');
      process.env['KB_STORE'] = '';
      expect(parseCommandLine(['status']).global.store).toBe(DEFAULT_STORE);
    } finally {
      if (before === undefined) delete process.env['KB_STORE'];
      else process.env['KB_STORE'] = before;
    }
  });

  it('defaults to help with no command', () => {
    expect(parseCommandLine([]).command).toBe('help');
  });
});
