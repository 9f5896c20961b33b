import {
  foldLogInMemory,
  type KnowledgeView,
  knowledgeView,
  ReadModelsCutError,
  readModelDamage,
  type SqliteReadModels,
  UnreadableEventError,
} from '@kb/projections';
import { isDamageCode } from '@kb/store';
import type { Database } from 'better-sqlite3';
import { sqliteErrorIn } from './private-copy.js';

// Read models edited or damaged outside kb (a page zeroed, a record that is not JSON, a checkpoint
// moved back) fail a command with SQLite's or JSON's bare words, as "database disk image is
// malformed", though the log beside them, which they only restate, is intact. A read command then
// answers from the log folded in memory, leaves the file as it is (the damage is evidence, and kb
// rebuild is the user's to run), and says what is wrong and what to do. An event the log cannot give
// (UnreadableEventError) is no such failure: folding the log meets it too.

/** Whether a failure of the read models, in a catch-up or a query, is one the log folded in memory answers past. */
export function readModelsUnusable(error: unknown): boolean {
  if (error instanceof UnreadableEventError || error instanceof ReadModelsCutError) return false;
  if (
    sqliteErrorIn(error, (code) => isDamageCode(code) || code.startsWith('SQLITE_CONSTRAINT')) !== undefined
  )
    return true;
  // JSON.parse of a stored record, or a record parsed whose shape is not the projection's.
  return error instanceof SyntaxError || error instanceof TypeError;
}

/** The note for read models that cannot answer: what failed, what is wrong with them, what to do. */
export function unusableNotice(path: string, error: unknown, damage: readonly string[]): string {
  const failure = error instanceof Error ? error.message : String(error);
  const what = damage.length > 0 ? damage.join('; ') : failure;
  return (
    `kb: the read models in ${path} cannot be used as they are (${what}); this answers from the log folded in memory instead, which takes longer, and leaves the file as it is. ` +
    'kb verify --read-models compares them with the log; kb rebuild remakes them from it.'
  );
}

/**
 * How a command asks its whole question of a view, so that a failure met in the query's own code
 * (a record whose JSON parses but whose shape is not the projection's: `null`, a list where a record
 * was) falls back as a failure inside the view does. A plain view answers as it is.
 */
export interface Answering {
  /** compute(view); failing as readModelsUnusable says, asked again of the log folded in memory. */
  answer<T>(compute: (view: KnowledgeView) => T): T;
  /** items(view), iterated; failing part way, goes on from the fold after as many as were given. */
  answerEach<T>(items: (view: KnowledgeView) => Iterable<T>): Iterable<T>;
}

/** The Answering of a view with nothing to fall back to. */
export function answeringOf(view: KnowledgeView): Answering {
  return { answer: (compute) => compute(view), answerEach: (items) => items(view) };
}

/**
 * The read models as a view that, when one of their queries fails as `readModelsUnusable` says,
 * folds the log in memory (synchronously, from `db`'s events table), answers that query and every
 * later one from the fold, and says so once, when the fold has answered. The fold's own failure (the
 * log is damaged too, or a bug in the query's code that no view can answer past) is thrown without
 * that note: it would blame read models that may be intact.
 */
export function fallingBackView(
  models: SqliteReadModels,
  db: Database,
  path: string,
  notice: (line: string) => void,
): KnowledgeView & Answering {
  let memory: KnowledgeView | undefined;
  // The note for the fold, given once a question asked of the fold has been answered.
  let unsaid: string | undefined;
  const fallBack = (error: unknown): KnowledgeView => {
    if (!readModelsUnusable(error)) throw error;
    if (memory === undefined) {
      memory = knowledgeView(foldLogInMemory(db));
      unsaid = unusableNotice(path, error, readModelDamage(db));
    }
    return memory;
  };
  const answered = <T>(answer: T): T => {
    if (unsaid !== undefined) {
      notice(unsaid);
      unsaid = undefined;
    }
    return answer;
  };
  // One query of the read models, or a command's whole question of this view (`first`).
  const ask = <T>(query: (view: KnowledgeView) => T, first: KnowledgeView = models): T => {
    if (memory !== undefined) return answered(query(memory));
    try {
      return query(first);
    } catch (error) {
      return answered(query(fallBack(error)));
    }
  };
  // Read as iterated; failing part way, the fold's items go on after as many as were given (both
  // give them in one order when the read models restate the log).
  function* resumed<T>(items: (view: KnowledgeView) => Iterable<T>, first: KnowledgeView): Generator<T> {
    if (memory !== undefined) {
      yield* items(memory);
      answered(undefined);
      return;
    }
    let given = 0;
    try {
      for (const item of items(first)) {
        given++;
        yield item;
      }
      return;
    } catch (error) {
      let skipped = 0;
      for (const item of items(fallBack(error))) if (skipped++ >= given) yield item;
      answered(undefined);
    }
  }
  // A whole question is asked of this view, so that a query inside it that falls back is answered
  // from the fold as the rest of it then is.
  const self: KnowledgeView & Answering = {
    getMission: (id) => ask((v) => v.getMission(id)),
    listMissions: () => ask((v) => v.listMissions()),
    findMissions: (text) => ask((v) => v.findMissions(text)),
    claimsOfMission: (missionId) => ask((v) => v.claimsOfMission(missionId)),
    getClaim: (id) => ask((v) => v.getClaim(id)),
    respondersTo: (claimId) => ask((v) => v.respondersTo(claimId)),
    respondersToAny: (claimIds, known) => ask((v) => v.respondersToAny(claimIds, known)),
    answeredClaimIds: () => ask((v) => v.answeredClaimIds()),
    getReport: (id) => ask((v) => v.getReport(id)),
    getSource: (id) => ask((v) => v.getSource(id)),
    getActor: (id) => ask((v) => v.getActor(id)),
    listActors: () => ask((v) => v.listActors()),
    listSources: () => ask((v) => v.listSources()),
    listClaims: () => ask((v) => v.listClaims()),
    // Both lists are by position.
    listClaimIds: () => resumed((v) => v.listClaimIds(), models),
    answer: (compute) => ask(compute, self),
    answerEach: (items) => resumed(items, self),
  };
  return self;
}
