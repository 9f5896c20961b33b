// A child for the concurrent-writers test: appends COUNT events to one shared stream, each with the
// revision it believes is last. Between appends it pauses a moment (a client that read the stream and
// decides before it writes), in which the other racers append, so its expectation is often stale.
// A WrongExpectedRevisionError (another process got there first) is the port's conflict error: the
// child checks it names this stream, the expectation given and a revision past it, learns the actual
// revision and retries, which is safe because the event id is fixed per event. Any other error ends
// the child non-zero. It prints `ready` once the store is open, starts when GO_FILE exists (so the
// racers start together however long each took to load), and ends with
//   raced conflicts=<n> retried=<events that needed a retry> misfits=<conflicts not as described>
// Usage: tsx revision-race-child.ts STORE NAME COUNT STREAM GO_FILE
import { existsSync } from 'node:fs';
import { openSqliteStore, WrongExpectedRevisionError } from '@kb/store';

const [path, name, count, stream, goFile] = process.argv.slice(2);
if (path === undefined || name === undefined || count === undefined || stream === undefined || !goFile) {
  throw new Error('usage: revision-race-child.ts STORE NAME COUNT STREAM GO_FILE');
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const store = openSqliteStore({ path });
process.stdout.write('ready\n');
const giveUp = Date.now() + 60_000;
while (!existsSync(goFile)) {
  if (Date.now() > giveUp) throw new Error(`${goFile} did not appear within 60 s`);
  await sleep(1);
}
let expected = -1;
for await (const e of store.readStream(stream)) expected = e.revision;
let conflicts = 0;
let retried = 0;
let misfits = 0;
for (let i = 0; i < Number(count); i++) {
  const event = { id: `${name}-${i}`, type: 'RaceAppended', version: 1, data: { name, i } };
  await sleep(Math.random() < 0.5 ? 0 : 1);
  for (let attempt = 1; ; attempt++) {
    const expectedRevision = expected < 0 ? ('no_stream' as const) : expected;
    try {
      const result = await store.append(stream, [event], { expectedRevision });
      expected = result.nextRevision;
      if (attempt > 1) retried++;
      break;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      conflicts++;
      if (error.stream !== stream || error.expected !== expectedRevision || error.actual <= expected)
        misfits++;
      expected = error.actual;
    }
  }
}
await store.close();
process.stdout.write(`raced conflicts=${conflicts} retried=${retried} misfits=${misfits}\n`);
