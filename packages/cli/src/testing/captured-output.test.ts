// The test kit's capture of kb's output (captured-output.ts) with a JSON answer longer than one
// string may be. Before, it joined every answer into one string, which failed with "Invalid string
// length" (kb mission --json on a mission of some 16,000 accounts), though the real kb writes such
// an answer in pieces.
import { constants } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { run } from '../cli.js';
import { capture } from './cli-test-kit.js';

describe('the test kit capturing kb output', () => {
  it('keeps an answer longer than one string may be in its pieces, and says where to read it', async () => {
    // Shaped as kb mission --json on a contested mission: every account of one side carries the same
    // list of the accounts it contradicts (one array, written once as text and then again).
    const contradicts = Array.from({ length: 10_000 }, (_, i) => `id-${String(i).padStart(6, '0')}`);
    // Enough accounts for the answer to be too long for one string even written compact (12
    // characters an id), as the capture used to write it.
    const count = Math.ceil(constants.MAX_STRING_LENGTH / (contradicts.length * 12)) + 10;
    const accounts = Array.from({ length: count }, (_, i) => ({ i, contradicts }));
    const out = capture();
    await out.json({ accounts });
    out.text('after the answer');

    const [answer] = out.answers;
    expect(answer!.length).toBeGreaterThan(constants.MAX_STRING_LENGTH);
    expect(answer!.pieces.reduce((n, piece) => n + piece.length, 0)).toBe(answer!.length);
    expect(answer!.pieces[0]).toMatch(
      /^\{\n {2}"accounts": \[\n {4}\{\n {6}"i": 0,\n {6}"contradicts": \[\n/,
    );
    expect(answer!.pieces.at(-1)).toMatch(/"id-009999"\n {6}\]\n {4}\}\n {2}\]\n\}\n$/);
    expect(() => out.stdout[0]).toThrow(
      `kb's JSON answer 0 is ${answer!.length} characters, more than one string may hold here (${constants.MAX_STRING_LENGTH}): read it from answers[0].pieces`,
    );
    expect(() => out.json_[0]).toThrow('read it from answers[0].pieces');
    expect(out.stdout[1]).toBe('after the answer');
  });

  it('hands a real kb answer past a smaller limit over in pieces, the text kb prints', async () => {
    const whole = capture();
    expect(await run(['help', '--json'], whole)).toBe(0);
    const text = whole.answers[0]!.pieces.join('');
    expect(text).toBe(`${JSON.stringify(whole.json_[0], null, 2)}\n`);
    expect(whole.stdout).toEqual([JSON.stringify(whole.json_[0])]);

    const limited = capture({ joinUpTo: 1000 });
    expect(await run(['help', '--json'], limited)).toBe(0);
    expect(text.length).toBeGreaterThan(1000);
    expect(limited.answers).toEqual(whole.answers);
    expect(() => limited.stdout.join('\n')).toThrow('read it from answers[0].pieces');
    expect(() => limited.json_[0]).toThrow(`is ${text.length} characters`);
  });
});
