// A MissionRegistered, SourceRegistered or ReportCaptured event record for an entity registered
// already (stored, or earlier in the input). Every view reads an entity's first registration, so a
// later one changes nothing: the same content counts as already present (it takes the standing
// event's id), and other content is stored with a note naming what did not apply, as an
// ActorRegistered's is (raw-event-actors.ts) and a claim record's other mission name is
// (registration-notes.ts). Not refused: the line holds nothing wrong, and what stands is said.
import { type DomainEvent, missionStream, reportStream, sourceStream } from '@kb/domain';
import type { RecordIssue } from '../../records/parse-record.js';
import { sameComposed } from '../identity/text-form.js';
import type { PrepareContext } from '../prepare/planning.js';

const RULES: Readonly<
  Record<string, { what: string; id: string; stream: (id: string) => string; hint: (f: string[]) => string }>
> = {
  MissionRegistered: { what: 'mission', id: 'missionId', stream: missionStream, hint: () => '' },
  SourceRegistered: {
    what: 'source',
    id: 'sourceId',
    stream: sourceStream,
    hint: (f) => (f.includes('reliability') ? ' (to regrade the source, send a SourceGraded event)' : ''),
  },
  ReportCaptured: {
    what: 'report',
    id: 'reportId',
    stream: reportStream,
    hint: () => ' (to change the report, send a ReportRevised event)',
  },
};

/**
 * For a registration of an entity already registered: the standing event's id when the content is
 * the same, else a note saying what stands; null for any other event or an entity not registered.
 */
export async function reregistration(
  ctx: PrepareContext,
  event: DomainEvent,
): Promise<{ id: string } | { note: RecordIssue } | null> {
  const rule = RULES[event.type];
  if (rule === undefined) return null;
  const data = event.data as Readonly<Record<string, unknown>>;
  const standing = await ctx.registrationOf(rule.stream(String(data[rule.id])));
  if (standing === null || standing.type !== event.type) return null;
  const kept = standing.data as Readonly<Record<string, unknown>>;
  const differs = Object.keys(data).filter((key) => !sameComposed(kept[key] ?? null, data[key] ?? null));
  if (differs.length === 0) return { id: standing.id };
  const details = differs.map((f) => `${f} ${shown(kept[f])} (this line: ${shown(data[f])})`).join(', ');
  return {
    note: {
      path: 'event.data',
      message: `${rule.what} "${String(data[rule.id])}" stays as first registered: ${details}; this registration is stored but changes nothing${rule.hint(differs)}`,
    },
  };
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  return JSON.stringify(value);
}
