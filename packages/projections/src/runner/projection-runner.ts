import { type EventStore, SqliteEventStore } from '@kb/store';
import type { Database } from 'better-sqlite3';
import { type RecordedEvent, readRecorded } from '../events/recorded-event.js';
import { knowledgeProjection } from '../knowledge/knowledge-projection.js';
import { ReadModelsCutError } from '../read-models/log-cut.js';
import { RebuildClaims } from '../read-models/rebuild-claims.js';
import type { SqliteReadModels } from '../read-models/sqlite-read-models.js';

export interface RunnerOptions {
  /**
   * Events per transaction; larger chunks rebuild faster, smaller ones show progress sooner and hold
   * the write lock for less time. Default 1000 for a catch-up, 5000 for a rebuild.
   */
  readonly chunkSize?: number;
  /** Called after each committed chunk with the new checkpoint (for progress and tests). */
  readonly onChunk?: (checkpoint: number, processed: number) => void;
  /**
   * A rebuild keeps the claims it wrote in memory (id and position, under 100 bytes each) up to
   * this many, then builds rm_claims' indexes and goes on through them. Default 2,000,000.
   */
  readonly rebuildClaimsInMemory?: number;
}

const REBUILD_CLAIMS_IN_MEMORY = 2_000_000;
const CATCH_UP_CHUNK = 1000;
// A rebuild's range costs a few fixed statements and a commit; at 5,000 events those are lost in it.
const REBUILD_CHUNK = 5000;

export interface CatchUpResult {
  /** Events applied by this call. */
  readonly processed: number;
  /** Position of the last applied event; null when nothing was ever applied. */
  readonly checkpoint: number | null;
}

/** Whether two connections are open on one database file (or are the same connection). */
function sameFile(a: Database, b: Database): boolean {
  if (a === b) return true;
  const file = (db: Database) =>
    (db.pragma('database_list') as { name: string; file: string }[]).find((d) => d.name === 'main')?.file ??
    '';
  const path = file(a);
  return path !== '' && path === file(b);
}

/** What a chunk's commit says when the stored read models no longer reach where it was read from. */
const BEHIND = Symbol('behind');

/**
 * Keeps the SQLite read models up to date with the log. The checkpoint lives in the same file and
 * moves in the same transaction as the tables, so after a crash the runner resumes exactly after the
 * last committed chunk. A stored projection version other than `knowledgeProjection.version` makes
 * the next catch-up rebuild from zero.
 */
export class ProjectionRunner {
  readonly #store: EventStore;
  readonly #models: SqliteReadModels;
  readonly #chunkSize: number;
  readonly #rebuildChunkSize: number;
  readonly #onChunk: ((checkpoint: number, processed: number) => void) | undefined;
  readonly #claimsInMemory: number;

  /**
   * `readModels` must be open on the store's own file: claim rows point into its `events` table, and
   * a rebuild reads that table directly (SqliteReadModels.rebuildRange).
   */
  constructor(store: EventStore, readModels: SqliteReadModels, options: RunnerOptions = {}) {
    if (store instanceof SqliteEventStore && !sameFile(store.database, readModels.db)) {
      throw new TypeError(
        "ProjectionRunner: the read models are open on another database than the store's; open them with openReadModels(store.database)",
      );
    }
    this.#store = store;
    this.#models = readModels;
    this.#chunkSize = Math.max(1, Math.floor(options.chunkSize ?? CATCH_UP_CHUNK));
    this.#rebuildChunkSize = Math.max(1, Math.floor(options.chunkSize ?? REBUILD_CHUNK));
    this.#onChunk = options.onChunk;
    this.#claimsInMemory = options.rebuildClaimsInMemory ?? REBUILD_CLAIMS_IN_MEMORY;
  }

  /**
   * Applies every event after the stored checkpoint, one transaction per chunk; rebuilds instead when
   * another projection version filled the tables. Throws ReadModelsCutError, applying nothing, when
   * the log no longer holds the checkpoint as the read models applied it (a log cut back to an
   * earlier event, its head row set to match, and perhaps written on since): they hold events the log
   * does not, and would take the events it assigns those positions next for applied. A rebuild
   * remakes them; the caller decides, since `kb verify --read-models` reports it instead.
   */
  async catchUp(): Promise<CatchUpResult> {
    const status = this.#models.status();
    if (status.version !== null && status.version !== knowledgeProjection.version) return this.rebuild();
    const cut = this.#models.logCut(() => this.#logEnd());
    if (cut !== undefined) throw new ReadModelsCutError(cut);
    // Nothing applied yet (new tables, or a new layout): the rebuild's way there is the faster one.
    if (status.checkpoint === null) return this.#rebuild(true);
    // A rebuild stopped between two ranges (Ctrl-C, a crash): it goes on its own way, ranges and
    // all, with the indexes built once at its end, rather than chunk by chunk through them.
    if (this.#models.unfinishedRebuild())
      return this.#rebuildFrom(status.checkpoint, this.#models.rebuildClaims(this.#claimsInMemory));
    return this.#applyFrom(status.checkpoint);
  }

  /**
   * Drops the read models and replays the whole log into them. The rebuild keeps the claims it wrote
   * in memory (RebuildClaims) rather than looking them up, so rm_claims' indexes are built once at
   * the end instead of row by row; if it stops first (the process dies, or a range fails), the read
   * models stay marked as being rebuilt, and the next catch-up goes on the rebuild's way from the last
   * committed range, its claims read back from rm_claims.
   */
  async rebuild(): Promise<CatchUpResult> {
    return this.#rebuild(false);
  }

  /**
   * The rebuild, or (`onlyIfEmpty`) a first catch-up done the rebuild's way. It reads the log from
   * the read models' own file by ranges of positions (SqliteReadModels.rebuildRange). Each range
   * checks that the checkpoint is still the one this rebuild left: if another connection wrote or
   * reset the tables meanwhile, this one stops and catches up from what is stored, through
   * applyChunk, which is safe beside any other writer. So does a rebuild past its limit of claims
   * held in memory, once the indexes are built, and the catch-up also takes any event appended
   * while the rebuild ran.
   */
  async #rebuild(onlyIfEmpty: boolean): Promise<CatchUpResult> {
    if (!this.#models.startRebuild(knowledgeProjection.version, onlyIfEmpty)) return this.#catchUpStored();
    return this.#rebuildFrom(null, new RebuildClaims());
  }

  /**
   * The rebuild's ranges from `after` (null: the log's start) on, `claims` holding every claim
   * written before it; then rm_claims' indexes and the rebuild's end (finishRebuild), and a
   * catch-up of what is stored. A range that throws leaves the rebuild unfinished, for the next
   * catch-up to go on with.
   */
  async #rebuildFrom(after: number | null, claims: RebuildClaims): Promise<CatchUpResult> {
    let last = after;
    let processed = 0;
    while (claims.size < this.#claimsInMemory) {
      const step = this.#models.rebuildRange(last, this.#rebuildChunkSize, claims);
      if (step === 'end' || step === 'overtaken') break;
      last = step.last;
      processed += step.count;
      this.#onChunk?.(step.last, step.count);
      // Let timers and signals run between ranges, as a read through the port would.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.#models.finishRebuild();
    const rest = await this.#catchUpStored();
    return { processed: processed + rest.processed, checkpoint: rest.checkpoint };
  }

  /**
   * The position of the log's last event, from the store's head, which is where the positions it
   * assigns next start. The read models always live in a SQLite store's file (a rebuild reads its
   * `events` table); another store, which the constructor lets through, is taken as never cut.
   */
  #logEnd(): number {
    return this.#store instanceof SqliteEventStore ? this.#store.headPosition() : Number.POSITIVE_INFINITY;
  }

  /** Applies every event after the stored checkpoint, whoever stored it. */
  #catchUpStored(): Promise<CatchUpResult> {
    return this.#applyFrom(this.#models.status().checkpoint);
  }

  /**
   * Catches up, then follows the log live through the store's catch-up subscription until the signal
   * aborts. Live events are applied in chunks flushed as soon as the subscription has nothing ready.
   * Should another connection reset the read models meanwhile, following stops, catches up from what
   * is stored, and starts again after it.
   */
  async follow(signal: AbortSignal): Promise<CatchUpResult> {
    let processed = (await this.catchUp()).processed;
    while (!signal.aborted) {
      const checkpoint = this.#models.status().checkpoint;
      const subscription = this.#store.subscribe(checkpoint === null ? {} : { after: checkpoint });
      const stop = () => void subscription.close();
      signal.addEventListener('abort', stop, { once: true });
      let buffer: RecordedEvent[] = [];
      let readAfter = checkpoint;
      let scheduled = false;
      let behind = false;
      const flush = () => {
        scheduled = false;
        if (buffer.length === 0 || behind) return;
        const chunk = buffer;
        buffer = [];
        const applied = this.#commit(chunk, readAfter);
        if (applied === BEHIND) {
          behind = true;
          stop();
          return;
        }
        processed += applied;
        readAfter = chunk.at(-1)!.envelope.position;
      };
      try {
        for await (const stored of subscription) {
          if (behind) break;
          buffer.push(readRecorded(stored));
          if (buffer.length >= this.#chunkSize) flush();
          else if (!scheduled) {
            scheduled = true;
            setImmediate(flush);
          }
        }
        flush();
      } finally {
        signal.removeEventListener('abort', stop);
        await subscription.close();
      }
      if (!behind) break;
      processed += (await this.#catchUpStored()).processed;
    }
    return { processed, checkpoint: this.#models.status().checkpoint };
  }

  /**
   * Reads the log after `after` (from its start for null) in chunks and commits each with its
   * checkpoint. An event that cannot be read is named (UnreadableEventError), whether the store fails
   * on it or its decoding does. Should another connection reset the read models meanwhile (a
   * rebuild), a chunk no longer follows what is stored (applyChunk refuses it) and the reading starts
   * again from the stored checkpoint, so no stretch of the log is skipped.
   */
  async #applyFrom(after: number | null): Promise<CatchUpResult> {
    let processed = 0;
    let from = after;
    for (;;) {
      const read = this.#store.readAll(from === null ? {} : { after: from });
      let readAfter = from;
      let chunk: RecordedEvent[] = [];
      let behind = false;
      for await (const stored of read) {
        chunk.push(readRecorded(stored));
        if (chunk.length >= this.#chunkSize) {
          const applied = this.#commit(chunk, readAfter);
          if (applied === BEHIND) {
            behind = true;
            break;
          }
          processed += applied;
          readAfter = chunk.at(-1)!.envelope.position;
          chunk = [];
          // Let timers and signals run between chunks, as between a rebuild's ranges: read from
          // pages in memory, the events of a catch-up come without the event loop ever turning.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      if (!behind) {
        const applied = this.#commit(chunk, readAfter);
        if (applied !== BEHIND) {
          // Read on over another connection's reset (a rebuild, since stopped or overtaken by these
          // chunks): once the tables hold the log as far as this read found its end, that rebuild
          // is over, indexes and all.
          const end = chunk.at(-1)?.envelope.position ?? readAfter;
          if (end !== null && this.#models.unfinishedRebuild()) this.#models.finishRebuild(end);
          return { processed: processed + applied, checkpoint: this.#models.status().checkpoint };
        }
      }
      from = this.#models.status().checkpoint;
    }
  }

  /**
   * Commits a chunk read after `readAfter` up to its last position and reports how many of its
   * events it applied (0 for an empty one), or BEHIND when the stored read models no longer reach
   * `readAfter` (see applyChunk).
   */
  #commit(chunk: readonly RecordedEvent[], readAfter: number | null): number | typeof BEHIND {
    const last = chunk.at(-1);
    if (last === undefined) return 0;
    const applied = this.#catchUpChunk(chunk, last.envelope.position, readAfter);
    if (applied !== BEHIND) this.#onChunk?.(last.envelope.position, applied);
    return applied;
  }

  #catchUpChunk(
    chunk: readonly RecordedEvent[],
    checkpoint: number,
    readAfter: number | null,
  ): number | typeof BEHIND {
    const before = this.#models.status().checkpoint ?? Number.NEGATIVE_INFINITY;
    if (!this.#models.applyChunk(chunk, checkpoint, readAfter)) return BEHIND;
    return chunk.filter((e) => e.envelope.position > before).length;
  }
}
