// A child for the concurrent-writers test: appends COUNT events to one shared stream, each with the
// revision it believes is last. A WrongExpectedRevisionError (another process got there first) is the
// port's conflict error: the child learns the actual revision and retries, which is safe because the
// event id is fixed per attempt loop. Any other error ends the child non-zero.
// Usage: tsx revision-race-child.ts STORE NAME COUNT STREAM START_AT (epoch ms: all racers start together)
import { openSqliteStore, WrongExpectedRevisionError } from '@kb/store';

const [path, name, count, stream, startAt] = process.argv.slice(2);
if (path === undefined || name === undefined || count === undefined || stream === undefined) {
  throw new Error('usage: revision-race-child.ts STORE NAME COUNT STREAM START_AT');
}
const store = openSqliteStore({ path });
const wait = Number(startAt ?? 0) - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
let expected = -1;
for await (const e of store.readStream(stream)) expected = e.revision;
let conflicts = 0;
for (let i = 0; i < Number(count); i++) {
  const event = { id: `${name}-${i}`, type: 'RaceAppended', version: 1, data: { name, i } };
  for (;;) {
    try {
      const result = await store.append(stream, [event], {
        expectedRevision: expected < 0 ? 'no_stream' : expected,
      });
      expected = result.nextRevision;
      break;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      conflicts++;
      expected = error.actual;
    }
  }
}
await store.close();
process.stdout.write(`conflicts ${conflicts}\n`);
