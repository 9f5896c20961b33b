// A page of the events table SQLite cannot read, verified with the id index checked on a thread:
// the walk stops there and the report names where, as it does with the check on the caller. The
// thread's answer is not waited for: past the damage there is nothing more to name.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { lastLeafPage, zeroPage } from '../testing/zero-page.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { tempFolder } from './sqlite-test-files.js';

const EVENTS = 40;
const folder = tempFolder('kb-verify-damaged-thread-');
const original = join(folder.dir, 'original.sqlite');

beforeAll(async () => {
  // A tail of 3, so that the id index's tables hold events and the check runs on the thread.
  const store = openSqliteStore({ path: original, idTailLimit: 3 });
  for (let i = 0; i < EVENTS; i++)
    await store.append(`claim-${i}`, [newEvent({ i, quote: 'q'.repeat(400) })]);
  await store.close();
});
afterAll(() => folder.remove());

async function verifyDamaged(indexCheckThreadFrom: number) {
  const path = folder.copyOf(original);
  zeroPage(path, lastLeafPage('events'));
  const store = openSqliteStore({ path, readonly: true, indexCheckThreadFrom });
  try {
    return await store.verify();
  } finally {
    await store.close();
  }
}

describe('verify of a damaged events page with the index checked on a thread', () => {
  it('names the first position it could not read, as the check on the caller does', async () => {
    const thread = await verifyDamaged(1);
    expect(thread.ok).toBe(false);
    expect(thread.checked).toBeGreaterThan(0);
    expect(thread.checked).toBeLessThan(EVENTS);
    expect(thread.firstBreak).toMatchObject({ position: thread.checked + 1, unreadable: true });
    expect(thread.firstBreak?.reason).toMatch(/^the file is damaged from here on and cannot be read/);
    expect(thread).toEqual(await verifyDamaged(Number.POSITIVE_INFINITY));
  });
});
