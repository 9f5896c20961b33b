// The names, texts and web addresses in a raw event's data, held to the rules a claim record's are
// held to (records/claim-record.ts): a name or a quote must hold something a reader can see, not
// spaces, tabs or zero-width characters alone; a name holds no invisible formatting character that
// would make it another name, nor a control character; a quote, a rationale or notes no byte order
// mark; and a URL must be an http or https address. A revision must change something, as a
// correction must. Nothing resolves what an event record writes, so what a claim record would be
// refused is refused here, at its path under the event's data.
import type { DomainEvent, DomainEventType } from '@kb/domain';
import { BLANK, nameCharIssues, seen, WebUrl } from '../../records/claim-record.js';
import { plainMessage } from '../../records/parse-record.js';
import { byteOrderMarkMessage } from '../../records/unseen-chars.js';
import { noteUnlikelyDates } from '../prepare/plan-report.js';
import type { Planner } from '../prepare/planning.js';
import type { DataIssue } from './raw-event-data.js';

/**
 * Paths of each event type's names, quotes and notes, `*` for every item of a list. A `name` is held
 * to a claim record's name rules (an `asWritten` is a claimant, a `reason` a correction's reason, a
 * `correctedBy` its `by`); a `text` (a quote, a rationale) must be seen and holds no byte order mark;
 * `notes` hold no byte order mark.
 */
const TEXTS: Readonly<Record<DomainEventType, readonly (readonly [string, 'name' | 'text' | 'notes'])[]>> = {
  MissionRegistered: [
    ['name', 'name'],
    ['country', 'name'],
    ['city', 'name'],
    ['aliases.*', 'name'],
  ],
  ActorRegistered: [
    ['name', 'name'],
    ['aliases.*', 'name'],
  ],
  AliasAdded: [['alias', 'name']],
  SourceRegistered: [['outlet', 'name']],
  SourceGraded: [
    ['rationale', 'text'],
    ['gradedBy', 'name'],
  ],
  ReportCaptured: [
    ['title', 'name'],
    ['author', 'name'],
  ],
  ReportRevised: [
    ['changes.title', 'name'],
    ['changes.author', 'name'],
    ['reason', 'name'],
  ],
  ClaimRecorded: [
    ['claimant.asWritten', 'name'],
    ['via.*.name', 'name'],
    ['quote', 'text'],
    ['notes', 'notes'],
  ],
  ClaimRetracted: [
    ['reason', 'name'],
    ['quote', 'text'],
  ],
  ClaimCorrected: [
    ['changes.claimant.asWritten', 'name'],
    ['changes.via.*.name', 'name'],
    ['changes.quote', 'text'],
    ['changes.notes', 'notes'],
    ['reason', 'name'],
    ['correctedBy', 'name'],
  ],
  ClaimAssessed: [
    ['rationale', 'text'],
    ['assessedBy', 'name'],
  ],
};

/** Paths of each event type's web addresses. */
const URLS: Partial<Readonly<Record<DomainEventType, readonly string[]>>> = {
  SourceRegistered: ['homepage'],
  ReportCaptured: ['url'],
  ReportRevised: ['changes.url'],
};

/**
 * Each blank name or quote, each name holding a character that would make it another name, each
 * byte order mark inside a text, each web address that is not http(s), and a revision that changes
 * nothing.
 */
export function textIssues(type: DomainEventType, data: unknown): DataIssue[] {
  const issues: DataIssue[] = [];
  if (type === 'ReportRevised' && Object.keys((data as { changes: object }).changes).length === 0)
    issues.push({ path: 'changes', message: 'a revision must change at least one field' });
  for (const [pattern, kind] of TEXTS[type]) {
    for (const [path, value] of valuesAt(data, pattern.split('.'), [])) {
      if (typeof value === 'string')
        issues.push(...textIssuesOf(kind, value).map((message) => ({ path, message })));
    }
  }
  for (const pattern of URLS[type] ?? []) {
    for (const [path, value] of valuesAt(data, pattern.split('.'), [])) {
      if (typeof value !== 'string') continue;
      const checked = WebUrl.safeParse(value);
      if (!checked.success) issues.push({ path, message: plainMessage(checked.error.issues[0]!, value) });
    }
  }
  return issues;
}

/** What is wrong with one name, quote or notes. */
function textIssuesOf(kind: 'name' | 'text' | 'notes', value: string): string[] {
  if (kind !== 'notes' && !seen(value)) return [BLANK];
  if (kind === 'name') return nameCharIssues(value);
  return value.includes('\uFEFF') ? [byteOrderMarkMessage(value)] : [];
}

/** The values at a path pattern, each with its own path (`via.0.name`). */
function valuesAt(value: unknown, keys: readonly string[], at: readonly string[]): [string, unknown][] {
  if (keys.length === 0) return [[at.join('.'), value]];
  if (typeof value !== 'object' || value === null) return [];
  const [key, ...rest] = keys as [string, ...string[]];
  if (key === '*')
    return Array.isArray(value) ? value.flatMap((item, i) => valuesAt(item, rest, [...at, String(i)])) : [];
  return Object.hasOwn(value, key)
    ? valuesAt((value as Record<string, unknown>)[key], rest, [...at, key])
    : [];
}

/**
 * Days that cannot be right, noted as a claim record's are and stored as written: a report captured
 * as published after today or read before it was published (plan-report.ts), an assessment made
 * after today.
 */
export function noteUnlikelyDays(plan: Planner, event: DomainEvent): void {
  if (event.type === 'ReportCaptured')
    noteUnlikelyDates(plan, event.data.published, event.data.retrieved, 'event.data');
  else if (event.type === 'ClaimAssessed') {
    const { assessedOn } = event.data;
    const { today } = plan.ctx;
    if (assessedOn !== null && assessedOn > today)
      plan.notice(
        'event.data.assessedOn',
        `${assessedOn} is after today (${today}): no one can have assessed the claim then; stored as written, but the date is likely wrong`,
      );
  }
}
