import { hash } from 'node:crypto';
import { BoundedMemo, nameKey, slugify } from '@kb/domain';
import { canonicalJson } from '@kb/store';
import { composedText } from './text-form.js';

const MAX_ID = 200;

/**
 * A script's claim id made into a valid ClaimId: accents folded, lower case, and every run of
 * characters other than letters, digits, ".", "_", ":" and "-" turned into one "-". Null if nothing is left.
 * @example normaliseClaimId('Diplomat 2023/03 Khorog Visit') // 'diplomat-2023-03-khorog-visit'
 */
export function normaliseClaimId(id: string): string | null {
  const out = id
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._:-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, MAX_ID);
  return out === '' ? null : out;
}

/** Text all of printable ASCII, whose letters are Latin and digits 0 to 9. */
const ASCII = /^[ -~]*$/;

/**
 * Why a given id cannot name one claim, or null: it holds letters or digits of another script than
 * Latin, which normaliseClaimId drops, so other ids would name the same claim ("Хорог-2023" and
 * "Душанбе-2023" are both "2023"), or the same correction (`names`: what the id names). Latin letters
 * it folds as punctuation (`ł`, `ß`) stay allowed.
 */
export function idLettersLost(written: string, names: 'claim' | 'correction' = 'claim'): string | null {
  // Letters and digits of printable ASCII are all Latin or 0 to 9: most ids are told at once.
  if (ASCII.test(written)) return null;
  const other = [...written.normalize('NFKD')].filter(
    (c) => /[\p{L}\p{N}]/u.test(c) && !/\p{Script=Latin}|[0-9]/u.test(c),
  );
  if (other.length === 0) return null;
  return `${JSON.stringify(written)} has letters an id cannot hold (${[...new Set(other)].slice(0, 5).join('')}), which are dropped, so other ids would name the same ${names}: write it in Latin letters`;
}

/**
 * A written id (a claim's, or a correction's: `names`) as ingest reads it: `id` normalised
 * (normaliseClaimId; null when nothing is left), and `issue`, why it cannot be taken, or null. Letters
 * of another script are told first: "Хорог" has letters, though none an id can hold.
 */
export function readClaimId(
  written: string,
  names: 'claim' | 'correction' = 'claim',
): { readonly id: string | null; readonly issue: string | null } {
  const id = normaliseClaimId(written);
  const issue = idLettersLost(written, names) ?? (id === null ? 'the id has no letters or digits' : null);
  return { id, issue };
}

/** A short, stable hash of a value's canonical JSON. */
export function shortHash(value: unknown, length = 12): string {
  return hash('sha256', canonicalJson(value), 'hex').slice(0, length);
}

/**
 * The id of a claim given without one: mission and kind to read, a hash of the content to be unique.
 * The caller composes the content's text (text-form.ts), so both forms of one text give one id.
 */
export function contentClaimId(missionId: string, kind: string, content: unknown): string {
  const hash = shortHash(content, CONTENT_HASH_DIGITS);
  return `${missionId.slice(0, MAX_ID - kind.length - hash.length - 2)}-${kind}-${hash}`;
}

/** The hex digits of a content claim id's hash. */
const CONTENT_HASH_DIGITS = 16;

/** Whether an id has the shape contentClaimId gives (it ends in the content hash's hex digits). */
export function hasDerivedShape(claimId: string): boolean {
  return new RegExp(`-[0-9a-f]{${CONTENT_HASH_DIGITS}}$`).test(claimId);
}

/** What names a report: a record's `source`, or the fields of one. */
export interface ReportSource {
  readonly outlet: string;
  readonly url?: string | undefined;
  readonly title?: string | undefined;
  readonly published: string;
}

/** A report's ids: its outlet's and its own. */
export interface ReportIds {
  readonly sourceId: string;
  readonly reportId: string;
}

/**
 * A source's id: the slug of the outlet's name ("The Diplomat" -> "the-diplomat"); an outlet whose
 * name has no Latin letters or digits (a name in Persian or Cyrillic) gets a hash of the name's key
 * (nameKey in @kb/domain), so that, as a slug does for a Latin name, spellings that differ only in
 * case, accents, punctuation, spacing inside a Persian or Arabic name, a joiner or a direction mark
 * ("رادیو آزادی", "رادیو‌آزادی", "رادیو آزادی\u200f") are one outlet. A name of symbols alone, which
 * folds to nothing, gets a hash of its composed text, as every such name did before 2026-12-08.
 */
export function sourceIdOf(outlet: string): string {
  return sourceIds.get(outlet, deriveSourceId);
}

// An input names a few outlets over and over, and folding a name costs a Unicode normalisation.
const sourceIds = new BoundedMemo<string>(10_000);

function deriveSourceId(outlet: string): string {
  const slug = outletSlug(outlet);
  if (slug !== '') return slug;
  const key = nameKey(outlet);
  return key === '' ? sourceIdWith(outlet, composedText) : `outlet-${shortHash({ name: key }, 10)}`;
}

/**
 * What identifies a report: its URL when it has one, else outlet, title and publication date, the
 * text composed (text-form.ts). `sourceId` is the outlet's id, sourceIdOf's unless an older one stands.
 */
export function reportKeyOf(source: ReportSource, sourceId: string = sourceIdOf(source.outlet)): string {
  return reportKeyWith(source, sourceId, composedText);
}

/** A report's ids as ingest derives them today: its outlet's (sourceIdOf) and its own. */
export function reportIdsOf(source: ReportSource): ReportIds {
  const sourceId = sourceIdOf(source.outlet);
  return { sourceId, reportId: reportIdOf(sourceId, source.published, reportKeyOf(source, sourceId)) };
}

/**
 * The ids earlier versions of ingest derived for a report where they differ from today's, newest
 * first: before 2026-12-08 an outlet with no Latin letters was a hash of its composed text, not of
 * its name's key (sourceIdOf); before 2026-12-06 text was hashed as written (reportIdsAsWritten). A
 * store may hold reports and sources under these ids; where it does, they stand.
 */
export function earlierReportIds(source: ReportSource, today: ReportIds = reportIdsOf(source)): ReportIds[] {
  const forms: ReportIds[] = [];
  // A Latin outlet's id, its slug, is the same in every version.
  if (outletSlug(source.outlet) === '') {
    const sourceId = sourceIdWith(source.outlet, composedText);
    forms.push({ sourceId, reportId: reportIdOf(sourceId, source.published, reportKeyOf(source, sourceId)) });
  }
  const asWritten = reportIdsAsWritten(source);
  if (asWritten !== null) forms.push(asWritten);
  const earlier: ReportIds[] = [];
  for (const form of forms) {
    if (form.reportId === today.reportId && form.sourceId === today.sourceId) continue;
    if (earlier.some((e) => e.reportId === form.reportId && e.sourceId === form.sourceId)) continue;
    earlier.push(form);
  }
  return earlier;
}

/**
 * The ids an ingest before 2026-12-06 derived for a report from its text as written, when they
 * differ from those composed text gave then: only text not in composed form (NFC) gives other ids,
 * so this is null for any other. A store may hold reports and sources under these ids.
 */
export function reportIdsAsWritten(source: ReportSource): ReportIds | null {
  const { outlet, url, title, published } = source;
  if (isComposed(outlet) && isComposed(url) && isComposed(title) && isComposed(published)) return null;
  const sourceId = sourceIdWith(outlet, asWritten);
  const reportId = reportIdOf(sourceId, published, reportKeyWith(source, sourceId, asWritten));
  const composed = sourceIdWith(outlet, composedText);
  return sourceId === composed && reportId === reportIdOf(composed, published, reportKeyOf(source, composed))
    ? null
    : { sourceId, reportId };
}

const outletSlug = (outlet: string): string => slugify(outlet).slice(0, 80);

/** A source's id as ingest derived it before 2026-12-08, from the outlet's name in `form`. */
function sourceIdWith(outlet: string, form: (text: string) => string): string {
  const slug = outletSlug(outlet);
  return slug === '' ? `outlet-${shortHash(form(outlet), 10)}` : slug;
}

function reportKeyWith(source: ReportSource, sourceId: string, form: (text: string) => string): string {
  if (source.url !== undefined) return `url:${normaliseUrl(form(source.url))}`;
  return `doc:${sourceId}|${form(source.title ?? '')
    .trim()
    .toLowerCase()}|${form(source.published).trim()}`;
}

const asWritten = (text: string): string => text;
const isComposed = (text: string | undefined): boolean => text === undefined || composedText(text) === text;

/** A report's id: outlet slug, publication date, and a hash of the report key. */
export function reportIdOf(sourceId: string, published: string, key: string): string {
  const date = slugify(published).slice(0, 30) || 'undated';
  return `${sourceId}-${date}-${hash('sha256', key, 'hex').slice(0, 10)}`;
}

/**
 * A short key of a URL as reports are identified by it (the same two spellings of one URL share it,
 * and so do its composed and decomposed forms).
 */
export function urlKeyOf(url: string): string {
  return hash('sha256', `url:${normaliseUrl(composedText(url))}`, 'hex').slice(0, 16);
}

// Two spellings of one URL should name one report: scheme and host are case-insensitive, a
// fragment never reaches the server, and a trailing slash is a matter of taste.
function normaliseUrl(url: string): string {
  try {
    const parsed = new URL(url.trim());
    parsed.hash = '';
    return parsed.href.replace(/\/+$/, '');
  } catch {
    return url.trim();
  }
}
