import type { Database } from 'better-sqlite3';
import type { RecordedEvent } from '../events/recorded-event.js';
import { knowledgeProjection } from '../knowledge/knowledge-projection.js';
import type {
  ActorRecord,
  ClaimRecord,
  MissionRecord,
  ReportRecord,
  SourceRecord,
} from '../knowledge/knowledge-state.js';
import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { matchesSearchText, searchKeys } from '../knowledge/search-key.js';
import {
  planChunk,
  type StoredClaim,
  type StoredRecords,
  type TouchedKeys,
  touchedKeys,
} from './chunk-plan.js';
import { type ClaimRow, claimOfRow, missionKey } from './claim-row.js';
import { type CheckpointInLog, type LogCut, logCutOf } from './log-cut.js';
import { LogRangeReader } from './log-range-rebuild.js';
import {
  createReadModelTables,
  dropClaimIndexes,
  finishRebuild,
  resetReadModelTables,
  type StaleReason,
  staleReadModels,
  unfinishedRebuild,
} from './read-model-schema.js';
import { prepareReadModelStatements, type ReadModelStatements } from './read-model-statements.js';
import { ReadModelWriter } from './read-model-writer.js';
import { RebuildClaims } from './rebuild-claims.js';

/** What one rebuild step did: the range it applied, or why it applied none. */
export type RebuildStep = { readonly last: number; readonly count: number } | 'end' | 'overtaken';

/** What the read models say about themselves: how far they got and which projection built them. */
export interface ReadModelStatus {
  /** Position of the last event applied; null before any. */
  readonly checkpoint: number | null;
  /** The projection version that built the tables; null on fresh tables. */
  readonly version: number | null;
}

const parse = <T>(row: { body: string } | undefined): T | undefined =>
  row === undefined ? undefined : (JSON.parse(row.body) as T);

/**
 * The knowledge read models in SQLite, in the event file itself. Each chunk is applied in one
 * transaction: the records its events touch are loaded into a small state, folded with the same
 * `knowledgeProjection.evolve` as the in-memory path (chunk-plan.ts), and written back with the
 * checkpoint. A new claim gets a row pointing at its ClaimRecorded; a known one only has history
 * appended (claim-row.ts). A crash leaves the previous chunk's checkpoint and tables together, so a
 * restart neither skips nor reprocesses an event.
 */
export class SqliteReadModels implements KnowledgeView {
  readonly db: Database;
  readonly #s: ReadModelStatements;
  readonly #writer: ReadModelWriter;
  #ranges: LogRangeReader | undefined;

  constructor(db: Database) {
    this.db = db;
    createReadModelTables(db);
    this.#s = prepareReadModelStatements(db);
    this.#writer = new ReadModelWriter(db);
  }

  /** The checkpoint and projection version stored beside the tables. */
  status(): ReadModelStatus {
    const checkpoint = this.#s.meta.get('checkpoint') as string | undefined;
    const version = this.#s.meta.get('version') as string | undefined;
    return {
      checkpoint: checkpoint === undefined ? null : Number(checkpoint),
      version: version === undefined ? null : Number(version),
    };
  }

  /**
   * Starts a rebuild: drops the tables and creates them empty, stamped with the projection version
   * that will fill them and marked as being rebuilt, without rm_claims' indexes (`finishRebuild`
   * builds them at the end and removes the mark).
   * With `onlyIfEmpty` it leaves everything as it is and returns false once any chunk has been
   * applied: another connection got there first, and its work must not be thrown away.
   */
  startRebuild(version: number = knowledgeProjection.version, onlyIfEmpty = false): boolean {
    return this.db
      .transaction(() => {
        if (onlyIfEmpty && this.status().checkpoint !== null) return false;
        resetReadModelTables(this.db);
        this.#s.setMeta.run('version', String(version));
        return true;
      })
      .immediate();
  }

  /**
   * Ends a rebuild: builds the claim indexes `startRebuild` left out and removes its mark, in one
   * transaction; a no-op on read models no rebuild left unfinished. With `through`, only if the
   * stored checkpoint reaches that position (read models reset since hold less of the log).
   */
  finishRebuild(through?: number): void {
    this.db
      .transaction(() => {
        if (through !== undefined && (this.status().checkpoint ?? Number.NEGATIVE_INFINITY) < through) return;
        finishRebuild(this.db);
      })
      .immediate();
  }

  /**
   * Whether a rebuild was started on these read models and has not finished (the process stopped or
   * died between two ranges): they hold its ranges up to the checkpoint, without rm_claims' indexes.
   */
  unfinishedRebuild(): boolean {
    return unfinishedRebuild(this.db);
  }

  /**
   * The claims an unfinished rebuild wrote, as it kept them in memory (RebuildClaims): every row of
   * rm_claims, which holds each id once (the rebuild deletes a later registration's row). Read in
   * one pass of the table, as two JSON arrays (far cheaper than a row object per claim, as in
   * log-range-rebuild.ts); to go on with the rebuild from its checkpoint. At most `limit` of them
   * (the rebuild's limit of claims held in memory, past which it goes on without them).
   */
  rebuildClaims(limit = Number.MAX_SAFE_INTEGER): RebuildClaims {
    const claims = new RebuildClaims();
    const [ids, positions] = this.db
      .prepare(
        'SELECT json_group_array(id), json_group_array(position) FROM (SELECT id, position FROM rm_claims LIMIT ?)',
      )
      .raw()
      .get(limit) as [string, string];
    const id = JSON.parse(ids) as string[];
    const position = JSON.parse(positions) as number[];
    for (let i = 0; i < id.length; i++) claims.add(id[i] as string, position[i] as number);
    return claims;
  }

  /**
   * Applies a chunk of events and moves the checkpoint to `checkpoint`, all in one transaction.
   * Events at or before the stored checkpoint are skipped, so replaying a chunk twice is harmless.
   * `readAfter`, when given, is the position the chunk was read after (null: from the log's start).
   * Should the stored checkpoint be behind it (another connection reset the tables meanwhile, a
   * rebuild, and has not come as far), applying the chunk would leave the events between out for
   * good: nothing is applied and false is returned, for the caller to read on from the stored
   * checkpoint instead.
   */
  applyChunk(events: readonly RecordedEvent[], checkpoint: number, readAfter?: number | null): boolean {
    return this.db
      .transaction(() => {
        const stored = this.status();
        const after = stored.checkpoint ?? Number.NEGATIVE_INFINITY;
        if (readAfter !== undefined && after < (readAfter ?? Number.NEGATIVE_INFINITY)) return false;
        const fresh = events.filter((e) => e.envelope.position > after);
        if (stored.version === null) this.#s.setMeta.run('version', String(knowledgeProjection.version));
        if (fresh.length > 0) this.#fold(fresh);
        this.#setCheckpoint(Math.max(checkpoint, stored.checkpoint ?? checkpoint));
        return true;
      })
      .immediate();
  }

  /** Moves the checkpoint, with the hash of the event there; call inside the chunk's transaction. */
  #setCheckpoint(position: number): void {
    this.#s.setMeta.run('checkpoint', String(position));
    this.#s.dropCheckpointHash.run();
    this.#s.setCheckpointHash.run(position);
  }

  /**
   * Whether the log no longer holds the checkpoint as these read models applied it (log-cut.ts):
   * the checkpoint is past `logEnd()`, the position of the log's last event, or the event there is
   * another than the one applied, or none; undefined when it holds it, or nothing was applied yet.
   * `logEnd` is asked after the checkpoint is read: the log only grows past a checkpoint stored
   * before, so a writer appending and catching up meanwhile is never taken for a cut. Read models
   * stored before the hash was kept are checked against `logEnd` only, until their next chunk.
   */
  logCut(logEnd: () => number): LogCut | undefined {
    const cut = logCutOf(this.#s.checkpointInLog.get() as CheckpointInLog | undefined, logEnd);
    return cut === undefined ? undefined : { checkpoint: cut.checkpoint, logEnd: cut.logEnd, kind: cut.kind };
  }

  #fold(events: readonly RecordedEvent[]): void {
    this.#writer.write(planChunk(events, this.#stored(touchedKeys(events))).writes);
  }

  /** The touched records already stored: in the tables, or for claims in `claims` when given. */
  #stored(keys: TouchedKeys, claimsInMemory?: RebuildClaims): StoredRecords {
    const load = <T>(kind: Exclude<keyof TouchedKeys, 'claims'>): T[] =>
      keys[kind].size === 0
        ? []
        : (this.#s.load[kind].all(JSON.stringify([...keys[kind]])) as { body: string }[]).map(
            (row) => JSON.parse(row.body) as T,
          );
    return {
      missions: load<MissionRecord>('missions'),
      actors: load<ActorRecord>('actors'),
      sources: load<SourceRecord>('sources'),
      reports: load<ReportRecord>('reports'),
      claims:
        claimsInMemory === undefined
          ? this.#storedClaims(keys.claims)
          : this.#claimsAt(claimsInMemory.positions(keys.claims)),
    };
  }

  /** The claims at `positions` in rm_claims (its key), as the fold needs them. */
  #claimsAt(positions: readonly number[]): StoredClaim[] {
    if (positions.length === 0) return [];
    return this.#claimRows(this.#s.claimsAt.all(JSON.stringify(positions)));
  }

  /** The claims of `ids` in rm_claims, as the fold needs them. */
  #storedClaims(ids: ReadonlySet<string>): StoredClaim[] {
    if (ids.size === 0) return [];
    return this.#claimRows(this.#s.loadClaims.all(JSON.stringify([...ids])));
  }

  #claimRows(rows: unknown[]): StoredClaim[] {
    return (rows as { id: string; position: number; mission_id: string; responds_to: string | null }[]).map(
      (row) => ({
        id: row.id,
        position: row.position,
        missionId: row.mission_id,
        respondsTo: row.responds_to,
      }),
    );
  }

  /**
   * One step of a rebuild begun with `startRebuild`: applies the next `size` events of the log after
   * `after`, the checkpoint this rebuild left (null before its first step), in one transaction, read
   * from the `events` table by position (log-range-rebuild.ts). Claims come from `claims`, which
   * holds every claim this rebuild wrote, instead of rm_claims, whose indexes are not built yet; it
   * takes in the range's claims as they are written (a failed range fails the whole rebuild, which
   * drops `claims`). Returns 'end' past the log's last event, and 'overtaken' when the stored
   * checkpoint is not `after`: another connection has written or reset the tables meanwhile, and
   * nothing is applied.
   */
  rebuildRange(after: number | null, size: number, claims: RebuildClaims): RebuildStep {
    this.#ranges ??= new LogRangeReader(this.db);
    const reader = this.#ranges;
    const step = this.db
      .transaction(() => {
        if (this.status().checkpoint !== after) return 'overtaken' as const;
        // Built by another connection since the last range, they go again (dropClaimIndexes).
        dropClaimIndexes(this.db);
        const first = reader.next(after ?? Number.MIN_SAFE_INTEGER);
        if (first === null) return 'end' as const;
        // A range spans `size` positions from its first event (fewer events only in a log with gaps, which
        // kb verify names as a break: positions run on without one).
        const range = reader.read(first - 1, first - 1 + size);
        const last = range.last ?? first;
        // The rule evolve applies to a ClaimRecorded: the first registration of an id wins, so a
        // later one's row goes.
        const duplicates: number[] = [];
        const { positions, ids } = range.written;
        for (let i = 0; i < ids.length; i++) {
          if (!claims.add(ids[i] as string, positions[i] as number)) duplicates.push(positions[i] as number);
        }
        if (duplicates.length > 0) reader.deleteClaims(duplicates);
        const keys = touchedKeys(range.events);
        const plan = planChunk(range.events, this.#stored(keys, claims));
        this.#writer.write(plan.writes);
        this.#setCheckpoint(last);
        return { last, count: range.count, plan };
      })
      .immediate();
    if (typeof step === 'string') return step;
    claims.absorb(step.plan);
    return { last: step.last, count: step.count };
  }

  getMission(id: string): MissionRecord | undefined {
    return parse<MissionRecord>(this.#s.mission.get(id) as { body: string } | undefined);
  }
  listMissions(): MissionRecord[] {
    return (this.#s.missions.all() as { body: string }[]).map((r) => JSON.parse(r.body) as MissionRecord);
  }
  findMissions(text: string): MissionRecord[] {
    const keys = searchKeys(text);
    if (keys.length === 0) return [];
    // As typed, and closed up (the same key twice when closing up changes nothing).
    return (this.#s.findMissions.all(keys[0], keys.at(-1)) as { body: string; search: string }[])
      .filter((r) => matchesSearchText(r.search, text))
      .map((r) => JSON.parse(r.body) as MissionRecord);
  }
  claimsOfMission(missionId: string): ClaimRecord[] {
    return (
      this.#s.claimsOfMission.all({ key: missionKey(missionId), mission: missionId }) as ClaimRow[]
    ).map(claimOfRow);
  }
  getClaim(id: string): ClaimRecord | undefined {
    const row = this.#s.claim.get(id) as ClaimRow | undefined;
    return row === undefined ? undefined : claimOfRow(row);
  }
  respondersTo(claimId: string): ClaimRecord[] {
    return (this.#s.respondersTo.all({ target: claimId }) as ClaimRow[]).map(claimOfRow);
  }
  respondersToAny(claimIds: readonly string[], known: readonly ClaimRecord[] = []): ClaimRecord[] {
    if (claimIds.length === 0) return [];
    // Their positions first, from each index by a statement of its own: the two as one compound
    // SELECT (UNION, or UNION ALL) took about 15 times as long on the synthetic stores. Only the
    // claims the caller has not read are then read and decoded.
    const targets = JSON.stringify(claimIds);
    const positions = [
      ...new Set([
        ...(this.#s.respondersAsRecorded.all(targets) as number[]),
        ...(this.#s.respondersByCorrection.all(targets) as number[]),
      ]),
    ].sort((a, b) => a - b);
    const byPosition = new Map<number, ClaimRecord>();
    for (const claim of known) byPosition.set(claim.recorded.position, claim);
    const unread = positions.filter((p) => !byPosition.has(p));
    if (unread.length > 0) {
      for (const row of this.#s.claimsAtPositions.all(JSON.stringify(unread)) as ClaimRow[])
        byPosition.set(row.position, claimOfRow(row));
    }
    // A position no claim row joins to the log is left out, as the one-query read leaves it.
    return positions.flatMap((p) => byPosition.get(p) ?? []);
  }
  answeredClaimIds(): ReadonlySet<string> {
    return new Set(this.#s.answeredClaimIds.all() as string[]);
  }
  getReport(id: string): ReportRecord | undefined {
    return parse<ReportRecord>(this.#s.report.get(id) as { body: string } | undefined);
  }
  getSource(id: string): SourceRecord | undefined {
    return parse<SourceRecord>(this.#s.source.get(id) as { body: string } | undefined);
  }
  getActor(id: string): ActorRecord | undefined {
    return parse<ActorRecord>(this.#s.actor.get(id) as { body: string } | undefined);
  }
  listActors(): ActorRecord[] {
    return (this.#s.actors.all() as { body: string }[]).map((r) => JSON.parse(r.body) as ActorRecord);
  }
  listSources(): SourceRecord[] {
    return (this.#s.sources.all() as { body: string }[]).map((r) => JSON.parse(r.body) as SourceRecord);
  }
  listClaims(): ClaimRecord[] {
    return (this.#s.claims.all() as ClaimRow[]).map(claimOfRow);
  }
  listClaimIds(): IterableIterator<string> {
    return this.#s.claimIds.iterate() as IterableIterator<string>;
  }
}

/** Opens (creating when missing) the read models in a database, usually the event store's own file. */
export function openReadModels(db: Database): SqliteReadModels {
  return new SqliteReadModels(db);
}

/**
 * Whether the read models stored in `db` are from another layout or projection version, so that
 * opening and catching them up will rebuild them from the whole log (for telling the user why a
 * read takes longer); undefined when they are current or absent. Ask before `openReadModels`.
 */
export function readModelsToRebuild(db: Database): StaleReason | undefined {
  return staleReadModels(db, knowledgeProjection.version);
}
