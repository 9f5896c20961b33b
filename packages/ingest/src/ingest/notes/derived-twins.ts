import type { NewEvent } from '@kb/store';
import type { RecordIssue } from '../../records/parse-record.js';
import { contentClaimId } from '../identity/ids.js';
import { composedId } from '../identity/text-form.js';
import type { PreparedRecord } from '../prepare/prepared-record.js';

/** What a claim's id derives from when the record gives none: its content, as ingest resolved it. */
export interface ClaimContent extends Readonly<Record<string, unknown>> {
  readonly reportId: string;
  readonly missionId: string;
  readonly kind: string;
}

/**
 * The id of a claim given without one: a hash of its content, the text composed (text-form.ts), so
 * both forms of one text name one claim. Text not composed hashed as written before 2026-12-06:
 * when `isClaim` finds the claim under that id (stored or earlier in this input), it stands.
 */
export function derivedClaimId(
  content: ClaimContent,
  isClaim: (claimId: string) => Promise<boolean>,
): Promise<string> {
  return composedId(content, (c) => contentClaimId(c.missionId, c.kind, c), isClaim);
}

/** Reports remembered per kind of fact; past it the oldest are forgotten (and may hold a twin). */
const REMEMBERED_REPORTS = 200_000;

/** Where a claim is: earlier in this input (stored by this run), stored before the run, or nowhere. */
export type ClaimSeen = (claimId: string) => Promise<'input' | 'store' | null>;

/**
 * A claim given an `id` whose content is that of a claim stored, or earlier in this input, without
 * one (under the id that content derives): the same record sent both ways, two claims the writer
 * most likely meant as one. It is stored all the same (an `id` is the writer's to give), with a note.
 *
 * Looked for once the claim's batch is committed, and only where such a twin can be: the twin shares
 * the claim's report (the report is part of its content), so a report this run stored, under which
 * it took no claim without an `id`, has none, and a file of new reports looks nothing up. Under a
 * report stored before the run, each claim with an `id` costs a hash and one look-up.
 */
export class DerivedTwins {
  readonly #claimSeen: ClaimSeen;
  /** Reports this run stored. */
  readonly #fresh = new Set<string>();
  /** Reports under which this run took a claim without an id. */
  readonly #withDerived = new Set<string>();
  /** Set once #withDerived overflowed: every report may hold a twin from then on. */
  #overflowed = false;

  constructor(claimSeen: ClaimSeen) {
    this.#claimSeen = claimSeen;
  }

  /** A batch was committed, storing `appended`; `records` are its records stored or already present. */
  async stored(appended: readonly NewEvent[], records: readonly PreparedRecord[]): Promise<void> {
    const fresh = new Set<string>();
    for (const event of appended) {
      fresh.add(event.id);
      if (event.type === 'ReportCaptured') this.#storedReport((event.data as { reportId: string }).reportId);
    }
    // Claims without an id this batch stored, by line: a line before one of them was not after it.
    const derivedLines = new Map<string, number>();
    for (const record of records) {
      if (record.claim?.derived !== true) continue;
      const own = record.own[0]!.event;
      this.#derivedUnder((own.data as { reportId: string }).reportId);
      // Its first line: a repeat later in the batch carries the same id and stores nothing.
      if (fresh.has(own.id) && !derivedLines.has(record.claim.claimId))
        derivedLines.set(record.claim.claimId, record.line);
    }
    for (const record of records) {
      const content = record.claim?.content;
      if (content === undefined || !this.#mayHold(content.reportId)) continue;
      const given = record.claim!.claimId;
      // The id its content derives now, then those an earlier version derived for it as written.
      for (const way of [content, ...(record.claim!.contentsAsWritten ?? [])]) {
        const derived = await derivedClaimId(way, async (id) => (await this.#claimSeen(id)) !== null);
        if (derived === given || (derivedLines.get(derived) ?? 0) > record.line) continue;
        const seen = await this.#claimSeen(derived);
        if (seen === null) continue;
        record.notices.push(twinNote(given, derived, seen));
        break;
      }
    }
  }

  #mayHold(reportId: string): boolean {
    return this.#overflowed || this.#withDerived.has(reportId) || !this.#fresh.has(reportId);
  }

  #storedReport(reportId: string): void {
    this.#fresh.add(reportId);
    // Forgotten, a report may hold a twin: it costs look-ups, never a note.
    if (this.#fresh.size > REMEMBERED_REPORTS) this.#fresh.delete(this.#fresh.values().next().value!);
  }

  #derivedUnder(reportId: string): void {
    if (this.#overflowed) return;
    this.#withDerived.add(reportId);
    if (this.#withDerived.size > REMEMBERED_REPORTS) {
      this.#overflowed = true;
      this.#withDerived.clear();
    }
  }
}

function twinNote(given: string, derived: string, seen: 'input' | 'store'): RecordIssue {
  const where = seen === 'input' ? 'earlier in this input' : 'stored';
  return {
    path: 'id',
    message: `claim "${given}" has the same content as claim "${derived}", ${where} without an id (whose id derives from its content): the two are two claims, each counted as an account. To make them one, give this line "id":"${derived}" or no id, so that it is that claim, and retract "${given}" if it is stored ({"type":"retraction","claim":"${given}","reason":"the same claim as ${derived}"})`,
  };
}
