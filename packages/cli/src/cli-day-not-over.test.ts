import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayNotOver, run } from './cli.js';
import { capture, testFolder } from './testing/cli-test-kit.js';

// --recorded-at of today, as a day, is allowed, but that day is not over: the answer can still
// change, and an auditor keeping it as "what the knowledge base said that day" must be told.
describe('--recorded-at today', () => {
  const now = new Date('2026-12-06T17:45:00.000Z');

  it('is noted as a day not over, with the time it is now', () => {
    expect(dayNotOver('2026-12-06', now)).toBe(
      'kb: note: --recorded-at 2026-12-06 is today, which is not over (it is now 2026-12-06T17:45:00.000Z): this answers with everything recorded so far, and the same question may get another answer before the day ends, UTC',
    );
  });

  it('is not noted for a day gone by, a timestamp, or no --recorded-at', () => {
    expect(dayNotOver('2026-12-05', now)).toBeNull();
    expect(dayNotOver('2026-12-06T17:00:00.000Z', now)).toBeNull();
    expect(dayNotOver(null, now)).toBeNull();
  });

  const { dir } = testFolder('kb-day-not-over-');
  it('is said on stderr by a read command, which still answers', async () => {
    const store = join(dir, 'kb.sqlite');
    expect((await run(['demo', '--store', store], capture())).valueOf()).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const out = capture();
    expect(await run(['status', '--recorded-at', today, '--json', '--store', store], out)).toBe(0);
    expect(out.stderr.join('\n')).toContain(`kb: note: --recorded-at ${today} is today, which is not over`);
    expect(out.json_).toHaveLength(1);
    const before = capture();
    expect(await run(['status', '--recorded-at', '2020-01-01', '--store', store], before)).toBe(0);
    expect(before.stderr.join('\n')).not.toContain('is today');
  });
});
