// kb verify's bar is driven by this progress: its last call must be the whole walk, as the report's
// count is. Before, the calls stopped at the last multiple of `progressEvery`, and a terminal was
// left on "310000 of 325103 events" above "ok: 325103 events checked".
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { tempFolder } from './sqlite-test-files.js';

const EVENTS = 10;
const folder = tempFolder('kb-verify-progress-');
const path = join(folder.dir, 'kb.sqlite');

beforeAll(async () => {
  const store = openSqliteStore({ path });
  for (let i = 0; i < EVENTS; i++) await store.append(`claim-${i % 3}`, [newEvent({ i })]);
  await store.close();
});
afterAll(() => folder.remove());

async function progressCalls(progressEvery: number): Promise<{ calls: [number, number][]; checked: number }> {
  const calls: [number, number][] = [];
  const store = openSqliteStore({ path, readonly: true });
  try {
    const report = await store.verify({ onProgress: (c, t) => calls.push([c, t]), progressEvery });
    return { calls, checked: report.checked };
  } finally {
    await store.close();
  }
}

describe('sqlite verify progress', () => {
  for (const every of [3, 5, 10, 20]) {
    it(`ends on every event checked, once (every ${every})`, async () => {
      const { calls, checked } = await progressCalls(every);
      expect(checked).toBe(EVENTS);
      expect(calls.at(-1)).toEqual([EVENTS, EVENTS]);
      expect(calls.filter(([c]) => c === EVENTS)).toHaveLength(1);
      const counts = calls.map(([c]) => c);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
    });
  }
});
