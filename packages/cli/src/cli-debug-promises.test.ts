import { describe, expect, it, vi } from 'vitest';
import { run } from './cli.js';
import { capture } from './testing/cli-test-kit.js';

// docs/commands.md, "Everywhere": every command takes --debug, which shows stack traces on errors.
// A failure kb did not foresee (here, kb status throwing a plain Error) is one line without it, with
// the hint to run again with --debug; with it, the stack trace follows that line instead.
vi.mock('./commands/status.js', () => ({
  statusCommand: async () => {
    throw new Error('something kb did not foresee');
  },
}));

describe('--debug', () => {
  it('is not needed to learn what failed: one line, and the hint to run again with it', async () => {
    const out = capture();
    expect(await run(['status', '--store', '/nowhere.sqlite'], out)).toBe(1);
    expect(out.stderr).toEqual([
      'kb: something kb did not foresee',
      '(run again with --debug for the details)',
    ]);
    expect(out.stdout).toEqual([]);
  });

  it('adds the stack trace, where the error was thrown, in place of the hint', async () => {
    const out = capture();
    expect(await run(['status', '--debug', '--store', '/nowhere.sqlite'], out)).toBe(1);
    expect(out.stderr[0]).toBe('kb: something kb did not foresee');
    const stack = out.stderr.slice(1).join('\n');
    expect(stack).toMatch(/^Error: something kb did not foresee\n\s+at /);
    expect(stack).toContain('cli-debug-promises.test.ts');
    expect(stack).not.toContain('run again with --debug');
  });
});
