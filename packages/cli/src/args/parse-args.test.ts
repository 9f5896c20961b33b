import { describe, expect, it } from 'vitest';
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

  it('rejects unknown options and bad batch sizes plainly', () => {
    expect(() => parseCommandLine(['status', '--colour'])).toThrow(UsageError);
    expect(() => parseCommandLine(['ingest', 'x', '--batch-size', '0'])).toThrow(/--batch-size/);
  });

  it('defaults to help with no command', () => {
    expect(parseCommandLine([]).command).toBe('help');
  });
});
