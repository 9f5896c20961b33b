// What Emmett's SQLite store does with the expectations our port promises to honour. Each case runs
// against the peer's public store (getSQLiteEventStore, as its docs show it) on a fresh file and
// prints what happened beside what our store does. Where the peer is wrong, our side has a test in
// packages/store/src/sqlite/peer-cases.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimEvents } from '../lib/claim-fixtures.js';
import {
  type EmmettSqliteModule,
  loadEmmettSqlite,
  type PeerEvent,
  type PeerStore,
  peerVersions,
} from './emmett-peer.js';

interface Outcome {
  readonly peerRight: boolean;
  readonly observed: string;
}

interface PeerCase {
  readonly name: string;
  /** What our store does (and what its test in peer-cases.test.ts asserts). */
  readonly ours: string;
  run(peer: EmmettSqliteModule, file: string): Promise<Outcome>;
}

const FIXTURES = claimEvents(64);

const event = (n: number, messageId?: string): PeerEvent => ({
  type: 'ClaimRecorded',
  data: FIXTURES[n % FIXTURES.length]?.event.data,
  ...(messageId === undefined ? {} : { metadata: { messageId } }),
});

/** The error's class and message, or 'ok' when the call succeeded. */
async function settle(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (!(error instanceof Error)) return `threw ${String(error)}`;
    const code = (error as { code?: unknown }).code;
    return `${error.constructor.name.replace(/^_/, '')}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}`;
  }
}

const positions = async (store: PeerStore, stream: string): Promise<string> =>
  (await store.readStream(stream)).events.map((e) => String(e.metadata.streamPosition)).join(',') || '(none)';

/** Runs `calls` concurrently and tallies how each ended, keeping one message of each kind of failure. */
async function tally(
  calls: Promise<unknown>[],
): Promise<{ ok: number; failures: Map<string, { count: number; message: string }> }> {
  const failures = new Map<string, { count: number; message: string }>();
  let ok = 0;
  for (const outcome of await Promise.all(calls.map(settle))) {
    if (outcome === 'ok') ok += 1;
    else {
      const kind = outcome.split(':')[0] ?? outcome;
      const seen = failures.get(kind);
      failures.set(kind, { count: (seen?.count ?? 0) + 1, message: seen?.message ?? outcome });
    }
  }
  return { ok, failures };
}

const describeFailures = (failures: Map<string, { count: number; message: string }>): string =>
  [...failures.values()].map(({ count, message }) => `${count}x "${message}"`).join(', ') || 'none';

const CASES: readonly PeerCase[] = [
  {
    name: 'no_stream on an existing stream',
    ours: 'WrongExpectedRevisionError (actual 0); nothing written',
    async run(peer, file) {
      const store = peer.getSQLiteEventStore({ fileName: file });
      await store.appendToStream('report-a', [event(0)]);
      const outcome = await settle(
        store.appendToStream('report-a', [event(1)], { expectedStreamVersion: 'STREAM_DOES_NOT_EXIST' }),
      );
      const stored = await positions(store, 'report-a');
      return { peerRight: outcome !== 'ok', observed: `${outcome}; stream positions ${stored}` };
    },
  },
  {
    name: 'stream_exists on a missing stream',
    ours: 'WrongExpectedRevisionError (actual -1); nothing written',
    async run(peer, file) {
      const store = peer.getSQLiteEventStore({ fileName: file });
      const outcome = await settle(
        store.appendToStream('report-b', [event(0)], { expectedStreamVersion: 'STREAM_EXISTS' }),
      );
      const stored = await positions(store, 'report-b');
      return { peerRight: outcome !== 'ok', observed: `${outcome}; stream positions ${stored}` };
    },
  },
  {
    name: 'stale exact revision is rejected',
    ours: 'WrongExpectedRevisionError',
    async run(peer, file) {
      const store = peer.getSQLiteEventStore({ fileName: file });
      await store.appendToStream('report-c', [event(0), event(1)]);
      const outcome = await settle(
        store.appendToStream('report-c', [event(2)], { expectedStreamVersion: 1n }),
      );
      return { peerRight: outcome !== 'ok', observed: outcome };
    },
  },
  {
    name: 'conflict error names the actual revision',
    ours: 'error carries stream, expected 0 and actual 1',
    async run(peer, file) {
      const store = peer.getSQLiteEventStore({ fileName: file });
      await store.appendToStream('report-d', [event(0), event(1)]);
      const outcome = await settle(
        store.appendToStream('report-d', [event(2)], { expectedStreamVersion: 1n }),
      );
      // Two events stored: Emmett's current version is 2.
      return { peerRight: /current 2\b/.test(outcome), observed: outcome };
    },
  },
  {
    name: 'rejected append leaves the stream unchanged',
    ours: 'next append at the true revision succeeds; revisions stay 0..n with no gap',
    async run(peer, file) {
      const store = peer.getSQLiteEventStore({ fileName: file });
      await store.appendToStream('report-e', [event(0), event(1)]);
      await settle(store.appendToStream('report-e', [event(2)], { expectedStreamVersion: 1n }));
      const atTrueVersion = await settle(
        store.appendToStream('report-e', [event(3)], { expectedStreamVersion: 2n }),
      );
      await settle(store.appendToStream('report-e', [event(4)]));
      const stored = await positions(store, 'report-e');
      return {
        peerRight: atTrueVersion === 'ok' && stored === '1,2,3,4',
        observed: `append at true version 2: ${atTrueVersion}; then an unchecked append; positions ${stored}`,
      };
    },
  },
  {
    name: 'exact revision on a missing stream',
    ours: 'WrongExpectedRevisionError (actual -1)',
    async run(peer, file) {
      const store = peer.getSQLiteEventStore({ fileName: file });
      const outcome = await settle(
        store.appendToStream('report-f', [event(0)], { expectedStreamVersion: 3n }),
      );
      return { peerRight: outcome.startsWith('ExpectedVersionConflictError'), observed: outcome };
    },
  },
  {
    name: 're-append of the same event ids',
    ours: 'a no-op: appended 0, the stream keeps 2 events',
    async run(peer, file) {
      const store = peer.getSQLiteEventStore({ fileName: file });
      const batch = [event(0, 'claim-0001'), event(1, 'claim-0002')];
      await store.appendToStream('report-g', batch);
      const again = await settle(store.appendToStream('report-g', batch));
      const ids = (await store.readStream('report-g')).events.map((e) => e.metadata.messageId);
      return {
        peerRight: ids.length === 2,
        observed: `second append: ${again}; stored ids ${ids.join(',')}`,
      };
    },
  },
  {
    name: 'read of an unknown stream',
    ours: 'empty, no error',
    async run(peer, file) {
      const store = peer.getSQLiteEventStore({ fileName: file });
      const read = await store.readStream('report-none');
      return {
        peerRight: read.events.length === 0 && !read.streamExists,
        observed: `${read.events.length} events, streamExists ${read.streamExists}`,
      };
    },
  },
  {
    name: 'one store, 50 concurrent appends',
    ours: 'all 50 stored',
    async run(peer, file) {
      const store = peer.getSQLiteEventStore({ fileName: file });
      const { ok, failures } = await tally(
        Array.from({ length: 50 }, (_, i) => store.appendToStream(`report-h${i}`, [event(i)])),
      );
      return { peerRight: ok === 50, observed: `${ok} stored; failed: ${describeFailures(failures)}` };
    },
  },
  {
    name: 'two stores on one file, 50 concurrent appends',
    ours: 'all 50 stored; no SQLITE_BUSY reaches the caller (busy timeout)',
    async run(peer, file) {
      const first = peer.getSQLiteEventStore({ fileName: file });
      const second = peer.getSQLiteEventStore({ fileName: file });
      const { ok, failures } = await tally(
        Array.from({ length: 50 }, (_, i) =>
          (i % 2 === 0 ? first : second).appendToStream(`report-i${i}`, [event(i)]),
        ),
      );
      return { peerRight: ok === 50, observed: `${ok} stored; failed: ${describeFailures(failures)}` };
    },
  },
  {
    name: 'two writers, same stream, same expected revision',
    ours: 'one wins; the other gets WrongExpectedRevisionError (actual 1)',
    async run(peer, file) {
      const first = peer.getSQLiteEventStore({ fileName: file });
      const second = peer.getSQLiteEventStore({ fileName: file });
      await first.appendToStream('report-j', [event(0)]);
      const outcomes = await Promise.all([
        settle(first.appendToStream('report-j', [event(1)], { expectedStreamVersion: 1n })),
        settle(second.appendToStream('report-j', [event(2)], { expectedStreamVersion: 1n })),
      ]);
      const wins = outcomes.filter((o) => o === 'ok').length;
      const conflicts = outcomes.filter((o) => o.startsWith('ExpectedVersionConflictError')).length;
      return {
        peerRight: wins === 1 && conflicts === 1,
        observed: `${outcomes.join(' | ')}; stream positions ${await positions(first, 'report-j')}`,
      };
    },
  },
];

/** Runs every case on its own fresh file; returns how many the peer got wrong. */
export async function runPeerCases(): Promise<{ wrong: number; total: number }> {
  const peer = await loadEmmettSqlite();
  const dir = mkdtempSync(join(tmpdir(), 'kb-peer-cases-'));
  // The peer's transaction wrapper console.logs every error it rethrows; keep the table readable.
  const log = console.log;
  let peerLogLines = 0;
  const rows: string[][] = [];
  let wrong = 0;
  try {
    for (const [index, peerCase] of CASES.entries()) {
      console.log = () => {
        peerLogLines += 1;
      };
      let outcome: Outcome;
      // Under concurrency the peer's driver has once emitted an 'error' event nobody listens to
      // ("cannot change into wal mode from within a transaction"), which would end this process. It is
      // caught for the case and counted as the peer failing it; the case's other calls are abandoned.
      let onUncaught: ((error: Error) => void) | undefined;
      const uncaught = new Promise<Outcome>((resolve) => {
        onUncaught = (error) =>
          resolve({ peerRight: false, observed: `the peer raised an unhandled error: ${String(error)}` });
        process.on('uncaughtException', onUncaught);
      });
      try {
        outcome = await Promise.race([peerCase.run(peer, join(dir, `case-${index}.sqlite`)), uncaught]);
      } catch (error) {
        outcome = { peerRight: false, observed: `case crashed: ${String(error)}` };
      } finally {
        console.log = log;
        if (onUncaught) process.off('uncaughtException', onUncaught);
      }
      if (!outcome.peerRight) wrong += 1;
      rows.push([peerCase.name, outcome.peerRight ? 'right' : 'WRONG', outcome.observed, peerCase.ours]);
    }
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
  const v = peerVersions();
  log(
    `\nCorrectness: @event-driven-io/emmett-sqlite ${v.emmettSqlite} (getSQLiteEventStore, sqlite3 ${v.sqlite3})`,
  );
  for (const [name, verdict, observed, ours] of rows) {
    log(`\n- ${name}: peer ${verdict}\n    peer: ${observed}\n    ours: ${ours}`);
  }
  log(
    `\nThe peer printed ${peerLogLines} error objects to stdout from its transaction wrapper during these cases.`,
  );
  log(`Peer wrong on ${wrong} of ${CASES.length} cases.`);
  return { wrong, total: CASES.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runPeerCases();
  // A case abandoned after an unhandled peer error may leave the peer's handles open.
  process.exit(0);
}
