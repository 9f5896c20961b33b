// The names and web addresses in a raw event's data, held to the rules a claim record's are held to
// (records/claim-record.ts): a name must hold something a reader can see, not spaces, tabs or
// zero-width characters alone, and a URL must be an http or https address. A revision must change
// something, as a correction must. Nothing resolves what an event record writes, so what a claim
// record would be refused is refused here, at its path under the event's data.
import type { DomainEvent, DomainEventType } from '@kb/domain';
import { BLANK, seen, WebUrl } from '../../records/claim-record.js';
import { plainMessage } from '../../records/parse-record.js';
import { noteUnlikelyDates } from '../prepare/plan-report.js';
import type { Planner } from '../prepare/planning.js';
import type { DataIssue } from './raw-event-data.js';

/** Paths of each event type's names and quotes, `*` for every item of a list. */
const NAMES: Readonly<Record<DomainEventType, readonly string[]>> = {
  MissionRegistered: ['name', 'country', 'city', 'aliases.*'],
  ActorRegistered: ['name', 'aliases.*'],
  AliasAdded: ['alias'],
  SourceRegistered: ['outlet'],
  SourceGraded: ['rationale', 'gradedBy'],
  ReportCaptured: ['title', 'author'],
  ReportRevised: ['changes.title', 'changes.author', 'reason'],
  ClaimRecorded: ['claimant.asWritten', 'via.*.name', 'quote'],
  ClaimRetracted: ['reason', 'quote'],
  ClaimCorrected: [
    'changes.claimant.asWritten',
    'changes.via.*.name',
    'changes.quote',
    'reason',
    'correctedBy',
  ],
  ClaimAssessed: ['rationale', 'assessedBy'],
};

/** Paths of each event type's web addresses. */
const URLS: Partial<Readonly<Record<DomainEventType, readonly string[]>>> = {
  SourceRegistered: ['homepage'],
  ReportCaptured: ['url'],
  ReportRevised: ['changes.url'],
};

/** Each blank name, each web address that is not http(s), and a revision that changes nothing. */
export function textIssues(type: DomainEventType, data: unknown): DataIssue[] {
  const issues: DataIssue[] = [];
  if (type === 'ReportRevised' && Object.keys((data as { changes: object }).changes).length === 0)
    issues.push({ path: 'changes', message: 'a revision must change at least one field' });
  for (const pattern of NAMES[type]) {
    for (const [path, value] of valuesAt(data, pattern.split('.'), [])) {
      if (typeof value === 'string' && !seen(value)) issues.push({ path, message: BLANK });
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
