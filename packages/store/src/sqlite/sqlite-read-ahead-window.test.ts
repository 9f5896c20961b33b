// The read-ahead worker paces itself through shared memory (sqlite-read-ahead.ts): it reads at most
// `depth` pages ahead of the page the caller is on, sleeps when that window is full, and is woken as
// the caller takes pages, or when the caller has to wait. Whatever the depth and page size, a caller
// that reads the first pages itself or not, that pauses (so the worker fills its window and sleeps)
// and that has events appended by another connection while it reads, a reading neither stalls nor
// skips: it gives, in order, every event up to some end at least the log's end when it began, each
// exactly as the inline reader gives it.
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { readInline, readThroughAhead } from './sqlite-read-ahead-testing.js';
import { tempFolder } from './sqlite-test-files.js';

const EVENTS = 600;
const folder = tempFolder('kb-read-ahead-window-');
const original = join(folder.dir, 'original.sqlite');

beforeAll(async () => {
  const store = openSqliteStore({ path: original });
  for (let from = 0; from < EVENTS; from += 100) {
    await store.appendMany(
      Array.from({ length: 100 }, (_, i) => ({
        stream: `claim-${(from + i) % 13}`,
        events: [newEvent({ n: from + i })],
      })),
    );
  }
  await store.close();
});
afterAll(() => folder.remove());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sqlite read-ahead window', () => {
  it('gives every event in order under any pacing, with appends while it reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          pageSize: fc.integer({ min: 3, max: 60 }),
          depth: fc.integer({ min: 1, max: 6 }),
          readWhileStarting: fc.boolean(),
          steps: fc.array(
            fc.oneof(
              fc.record({
                at: fc.integer({ min: 0, max: EVENTS }),
                pauseMs: fc.integer({ min: 1, max: 15 }),
              }),
              fc.record({ at: fc.integer({ min: 0, max: EVENTS }), append: fc.integer({ min: 1, max: 40 }) }),
            ),
            { maxLength: 6 },
          ),
        }),
        async ({ pageSize, depth, readWhileStarting, steps }) => {
          const path = folder.copyOf(original);
          const writer = openSqliteStore({ path });
          const byStep = [...steps].sort((a, b) => a.at - b.at);
          let reading: Awaited<ReturnType<typeof readThroughAhead>>;
          try {
            reading = await readThroughAhead(path, {
              pageSize,
              depth,
              readWhileStarting,
              afterEach: async (count) => {
                for (const step of byStep.filter((s) => s.at === count)) {
                  if ('pauseMs' in step) await sleep(step.pauseMs);
                  else
                    await writer.append(
                      `late-${count}`,
                      Array.from({ length: step.append }, (_, i) => newEvent({ late: i })),
                    );
                }
              },
            });
          } finally {
            await writer.close();
          }
          expect(reading.error).toBeUndefined();
          const read = reading.events;
          const all = (await readInline(path)).events;
          expect(read.length).toBeGreaterThanOrEqual(EVENTS);
          expect(read).toEqual(all.slice(0, read.length));
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});
