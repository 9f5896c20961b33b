import type { NewEvent } from '@kb/store';
import type { RecordIssue } from '../../records/parse-record.js';
import { sameComposed } from '../identity/text-form.js';

// A registration is written once: the first record naming a report or a mission registers it, and
// a later record that describes it otherwise (another title, another display name) changes nothing.
// That is the rule (docs/claim-records.md), but the later line should hear of it. These are the
// details that can differ under one id, and the record field a note points at. A report's published
// date is part of its id, its URL too (up to case and a trailing slash), and the day it was retrieved
// may differ from one reading to the next without anything being wrong: none of them is compared.
// (One URL under another date or outlet is another report, noted by report-urls.ts.)
// A mission's country, city and kind make its id; its display name is what can differ.
const RULES: Readonly<Record<string, { what: string; id: string; path: string; fields: readonly string[] }>> =
  {
    ReportCaptured: { what: 'report', id: 'reportId', path: 'source', fields: ['title', 'author'] },
    MissionRegistered: { what: 'mission', id: 'missionId', path: 'mission', fields: ['name'] },
  };

/**
 * What of a registration later lines are compared with: the details RULES lists, or undefined for a
 * registration no rule covers. Kept for every registration a run meets (KnownStreams), so small.
 */
export function standingOf(type: string, data: unknown): Readonly<Record<string, unknown>> | undefined {
  const rule = RULES[type];
  if (rule === undefined) return undefined;
  const d = data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of rule.fields) if (d[f] !== null && d[f] !== undefined) out[f] = d[f];
  return out;
}

/** A note for a registration offered as `offered` when `kept` (the same id's data) stands; null when they agree. */
export function registrationNote(
  kept: unknown,
  offered: Pick<NewEvent, 'type' | 'data'>,
): RecordIssue | null {
  const rule = RULES[offered.type];
  if (rule === undefined) return null;
  const a = kept as Record<string, unknown>;
  const b = offered.data as Record<string, unknown>;
  // A detail the line leaves out says nothing against the registered one, nor one that differs only
  // in its Unicode form (text-form.ts).
  // Every line naming a known report or mission comes here, nearly always agreeing: equal text is
  // settled without serialising it.
  const differs = rule.fields.filter(
    (f) => b[f] !== null && b[f] !== undefined && a[f] !== b[f] && !sameComposed(a[f] ?? null, b[f]),
  );
  if (differs.length === 0) return null;
  const details = differs.map((f) => `${f} ${shown(a[f])} (this line: ${shown(b[f])})`).join(', ');
  return {
    path: rule.path,
    message: `${rule.what} "${String(b[rule.id])}" stays as first registered: ${details}`,
  };
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  return JSON.stringify(value);
}
