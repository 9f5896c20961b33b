// Readings for the read-ahead tests: through a ReadAhead alone (no store around it), and on the
// caller's connection alone, each keeping what it read before any error ended it.
import BetterSqlite3 from 'better-sqlite3';
import type { StoredEvent } from '../port/event-store.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { LogCursor, readRangePage } from './sqlite-log-cursor.js';
import { ReadAhead, type ReadAheadOptions } from './sqlite-read-ahead.js';
import { prepareStatements } from './sqlite-statements.js';

export interface Reading {
  readonly events: StoredEvent[];
  /** The error that ended the reading, as text. */
  readonly error?: string;
  /** The first SQLite code along that error's causes, if any. */
  readonly code?: string;
}

/** The first string `code` along `error`'s chain of causes. */
function codeIn(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * Reads `path` through a worker's pages; `inline` lists the pages the caller read on its own
 * connection, by start. `afterEach` runs after each event, with how many were read.
 */
export async function readThroughAhead(
  path: string,
  options: {
    readonly pageSize: number;
    readonly depth: number;
    readonly readWhileStarting: boolean;
    readonly afterEach?: (read: number) => Promise<void>;
  },
): Promise<Reading & { readonly inline: number[] }> {
  const { pageSize, depth, readWhileStarting, afterEach } = options;
  const db = new BetterSqlite3(path, { readonly: true });
  const statements = prepareStatements(db);
  const inline: number[] = [];
  const ahead = new ReadAhead(0, {
    path,
    pageSize,
    depth,
    busyTimeoutMs: 1000,
    readWhileStarting,
    readRange: (from, to) => {
      inline.push(from);
      return readRangePage(statements, from, to);
    },
  });
  const events: StoredEvent[] = [];
  try {
    const cursor = new LogCursor(
      { pageSize, readRows: () => ahead.next(), close: () => ahead.close() },
      0,
      Number.POSITIVE_INFINITY,
    );
    for await (const event of cursor) {
      events.push(event);
      await afterEach?.(events.length);
    }
    return { events, inline };
  } catch (error) {
    const code = codeIn(error);
    return { events, error: String(error), ...(code === undefined ? {} : { code }), inline };
  } finally {
    ahead.close();
    db.close();
  }
}

/** Reads `path` on the caller's connection alone, as a store that never reads ahead. */
export async function readInline(path: string): Promise<Reading> {
  const store = openSqliteStore({ path, readAheadFrom: Number.POSITIVE_INFINITY });
  const events: StoredEvent[] = [];
  try {
    for await (const event of store.readAll()) events.push(event);
    return { events };
  } catch (error) {
    return { events, error: String(error) };
  } finally {
    await store.close();
  }
}

/**
 * A ReadAhead's options for a test of its worker alone: no page is read on the caller's connection,
 * while the worker starts or after.
 */
export function workerOnly(path: string, overrides: Partial<ReadAheadOptions> = {}): ReadAheadOptions {
  return {
    path,
    pageSize: 100,
    depth: 2,
    busyTimeoutMs: 100,
    readWhileStarting: false,
    readRange: () => {
      throw new Error('not read here');
    },
    ...overrides,
  };
}

/** What asking for the next page gives, thrown at once or failed later: the error as text, or 'read a page'. */
export function nextPageOutcome(ahead: ReadAhead): Promise<string> {
  return Promise.resolve()
    .then(() => ahead.next())
    .then(
      () => 'read a page',
      (error: unknown) => String(error),
    );
}
