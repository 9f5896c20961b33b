// What the record fuzz (record-fuzz-*.property.test.ts) checks of one generated file ingested into
// a store: ingest never throws, nothing invalid (no text past its limit) is stored, every valid
// record's claim is stored exactly once with its content, and every non-empty line is accounted
// for; and, over a test file's runs, that every limited field was filled at, under and past its limit.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DomainEvent, decodeEvent, type EventOfType, parseVagueDate, type VagueDate } from '@kb/domain';
import type { EventStore, StoredEvent } from '@kb/store';
import { afterAll, beforeAll, expect } from 'vitest';
import { ingest } from '../ingest/run/ingest.js';
import { REPORTED_REJECTIONS } from '../ingest/run/ingest-report.js';
import {
  codePoints,
  DELTAS,
  EDGE_FIELDS,
  type Edge,
  type EdgeField,
  ID_MAX,
  NAME_MAX,
  QUOTE_MAX,
  URL_MAX,
} from './record-fuzz-edges.js';
import { type Line, render } from './record-fuzz-lines.js';

async function all(store: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const event of store.readAll()) out.push(event);
  return out;
}

export let dir: string;
export let files = 0;
const seen = { valid: 0, broken: 0, empty: 0 };
/** Edge lines seen, by field and delta ("quote -1", "quote 0", "quote 1"). */
const edges = new Map<string, number>();
const edgeKey = (edge: Edge) => `${edge.field} ${edge.delta}`;

/** Makes the test file's folder before its tests, and after them says what was fed and removes it. */
export function useFuzzFolder(): void {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kb-fuzz-'));
  });
  afterAll(() => {
    console.log(
      `record fuzz: ${files} files, ${seen.valid} valid lines, ${seen.broken} broken lines, ${seen.empty} empty lines, ${[...edges.values()].reduce((a, b) => a + b, 0)} at a length limit (-1, 0, +1)`,
    );
    rmSync(dir, { recursive: true, force: true });
  });
}

export async function checkFile(lines: readonly Line[], store: EventStore): Promise<void> {
  const path = join(dir, `fuzz-${++files}.ndjson`);
  const { bytes, nonEmpty } = render(lines);
  writeFileSync(path, bytes);
  const polluted = Object.hasOwn(Object.prototype, 'polluted');

  // Never an unhandled error: a bad line is a rejection, not an exception.
  const report = await ingest(store, path, { batchSize: 1 + (files % 7) });

  const valid = lines.flatMap((l, i) => (l.valid ? [{ ...l, line: i + 1 }] : []));
  const brokenNonEmpty = lines.flatMap((l, i) => (!l.valid && nonEmpty.has(i + 1) ? [i + 1] : []));
  seen.valid += valid.length;
  seen.broken += brokenNonEmpty.length;
  seen.empty += lines.length - nonEmpty.size;
  expect(report.records).toBe(nonEmpty.size);
  expect(report.added + report.skipped + report.rejectedLines).toBe(nonEmpty.size);
  // A lost valid line is shown with why it was refused.
  expect(report.added, JSON.stringify(report.rejected).slice(0, 600)).toBe(valid.length);
  expect(report.rejectedLines).toBe(brokenNonEmpty.length);
  expect([...new Set(report.rejected.map((r) => r.line))].sort((a, b) => a - b)).toEqual(brokenNonEmpty);

  lines.forEach((line, i) => {
    if (line.edge === undefined) return;
    edges.set(edgeKey(line.edge), (edges.get(edgeKey(line.edge)) ?? 0) + 1);
    // A text past its limit is refused at its field, the limit named (not cut, not stored).
    if (line.edge.delta > 0 && report.rejected.length < REPORTED_REJECTIONS) {
      const path = line.edge.field === 'via.name' ? 'via.0.name' : line.edge.field;
      const limit = EDGE_FIELDS[line.edge.field].toLocaleString('en-US');
      expect(report.rejected.filter((r) => r.line === i + 1).map((r) => r.path)).toContain(path);
      expect(report.rejected.find((r) => r.line === i + 1 && r.path === path)?.message).toContain(
        `the most this field takes is ${limit}`,
      );
    }
  });

  const events = await all(store);
  type Claim = EventOfType<'ClaimRecorded'>['data'];
  const claims = new Map<string, { claim: Claim; count: number }>();
  const reports = new Map<string, EventOfType<'ReportCaptured'>['data']>();
  const sources = new Map<string, EventOfType<'SourceRegistered'>['data']>();
  const missions = new Map<string, EventOfType<'MissionRegistered'>['data']>();
  for (const e of events) {
    // Every stored event decodes with the domain's own decoder: nothing invalid got in.
    const event = decodeEvent(e.type, e.version, e.data);
    // And no text in it is longer than the record field it came from may be.
    expect(overLimit(event)).toEqual([]);
    if (event.type === 'ReportCaptured') reports.set(event.data.reportId, event.data);
    if (event.type === 'SourceRegistered') sources.set(event.data.sourceId, event.data);
    if (event.type === 'MissionRegistered') missions.set(event.data.missionId, event.data);
    if (event.type !== 'ClaimRecorded') continue;
    claims.set(event.data.claimId, {
      claim: event.data,
      count: (claims.get(event.data.claimId)?.count ?? 0) + 1,
    });
  }
  // Only the valid records' claims, each once, with the content as written.
  expect([...claims.keys()].sort()).toEqual(valid.map((v) => v.id).sort());
  for (const v of valid) {
    const stored = claims.get(v.id);
    expect(stored?.count).toBe(1);
    const claim = stored!.claim;
    const record = v.record;
    expect({
      quote: claim.quote,
      claimant: claim.claimant.asWritten,
      notes: claim.notes,
      via: claim.via,
      kind: claim.kind,
      stance: claim.stance,
      occurred: claim.occurred,
      credibility: claim.credibility,
      respondsTo: claim.respondsTo,
      missionId: claim.missionId,
      controller: claim.controller,
    }).toEqual({
      quote: record['quote'],
      claimant: record['claimant'],
      notes: record['notes'] ?? null,
      via: record['via'] ?? [],
      kind: record['kind'],
      stance: record['stance'],
      occurred: expectedOccurred(record),
      // The documented default: 6, cannot be judged (docs/claim-records.md).
      credibility: record['credibility'] ?? 6,
      // The fuzz's ids are already as ingest writes them (lower-case ASCII), so stored as given.
      respondsTo: record['respondsTo'] ?? null,
      missionId: expectedMission(record['mission']),
      controller: CONTROLLERS[record['controller'] as string],
    });
    // A text at its limit is stored whole, where its record put it.
    if (v.edge !== undefined)
      expect(storedEdge(v.edge.field, claim, reports, sources, missions)).toBe(v.edge.text);
  }
  expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(polluted);
}

/** The controller each one the fuzz writes names, as stored: an actor id, "none" or "unknown". */
const CONTROLLERS: Readonly<Record<string, string>> = {
  taliban: 'taliban',
  Taliban: 'taliban',
  none: 'none',
  unknown: 'unknown',
};

/** The mission id of each mission the fuzz writes (record-fuzz-lines.ts, and the mission.name edge). */
function expectedMission(mission: unknown): string {
  if (typeof mission === 'string') return mission;
  const { country, city } = mission as { country: string; city: string };
  const known: Record<string, string> = {
    'Tajikistan Khorog': 'tj-khorog-consulate',
    'Uzbekistan Termez': 'uz-termez-consulate',
    'Turkmenistan Ashgabat': 'tm-ashgabat-embassy',
  };
  const edge = /^Edge (fz-[\d-]+)$/.exec(city);
  if (country === 'Tajikistan' && edge !== null) return `tj-edge-${edge[1]}-consulate`;
  const id = known[`${country} ${city}`];
  if (id === undefined) throw new Error(`record fuzz: no mission id known for ${JSON.stringify(mission)}`);
  return id;
}

/** The occurred date as read: relative to the report's published date, the anchor of words like "earlier". */
function expectedOccurred(record: Record<string, unknown>): VagueDate {
  const published = (record['source'] as { published: string }).published;
  const parsed = parseVagueDate(record['occurred'] as string, { anchor: published });
  if (!parsed.ok) throw new Error(`record fuzz: a valid line's occurred does not read: ${parsed.error}`);
  return parsed.value;
}

/** Where a claim's limited field ended up in the store: in its claim, or its report, source or mission. */
function storedEdge(
  field: EdgeField,
  claim: EventOfType<'ClaimRecorded'>['data'],
  reports: ReadonlyMap<string, EventOfType<'ReportCaptured'>['data']>,
  sources: ReadonlyMap<string, EventOfType<'SourceRegistered'>['data']>,
  missions: ReadonlyMap<string, EventOfType<'MissionRegistered'>['data']>,
): string | null | undefined {
  const report = reports.get(claim.reportId);
  switch (field) {
    case 'quote':
      return claim.quote;
    case 'notes':
      return claim.notes;
    case 'claimant':
      return claim.claimant.asWritten;
    case 'via.name':
      return claim.via[0]?.name;
    case 'id':
      return claim.claimId;
    case 'respondsTo':
      return claim.respondsTo;
    case 'source.url':
      return report?.url;
    case 'source.title':
      return report?.title;
    case 'source.author':
      return report?.author;
    case 'source.outlet':
      return report === undefined ? undefined : sources.get(report.sourceId)?.outlet;
    case 'mission.name':
      return missions.get(claim.missionId)?.name;
  }
}

/** Each text of a stored event longer than the record field it came from allows, in code points. */
function overLimit(event: DomainEvent): string[] {
  const texts: [string, string | null | undefined, number][] = [];
  switch (event.type) {
    case 'ClaimRecorded':
      texts.push(
        ['quote', event.data.quote, QUOTE_MAX],
        ['notes', event.data.notes, QUOTE_MAX],
        ['claimant', event.data.claimant.asWritten, NAME_MAX],
        ['claimId', event.data.claimId, ID_MAX],
        ['respondsTo', event.data.respondsTo, ID_MAX],
        ...event.data.via.map((v): [string, string, number] => ['via.name', v.name, NAME_MAX]),
      );
      break;
    case 'ReportCaptured':
      texts.push(
        ['url', event.data.url, URL_MAX],
        ['title', event.data.title, NAME_MAX],
        ['author', event.data.author, NAME_MAX],
      );
      break;
    case 'SourceRegistered':
      texts.push(['outlet', event.data.outlet, NAME_MAX]);
      break;
    case 'MissionRegistered':
      texts.push(['name', event.data.name, NAME_MAX]);
      break;
    default:
      break;
  }
  return texts.flatMap(([field, text, max]) =>
    typeof text === 'string' && codePoints(text) > max
      ? [`${event.type}.${field}: ${codePoints(text)} code points > ${max}`]
      : [],
  );
}

/** The field and delta combinations no line has had yet: each field must be filled at, under and past its limit. */
export function everyEdgeSeen(): string[] {
  return (Object.keys(EDGE_FIELDS) as EdgeField[])
    .flatMap((field) => DELTAS.map((delta) => edgeKey({ field, delta })))
    .filter((key) => (edges.get(key) ?? 0) === 0);
}
