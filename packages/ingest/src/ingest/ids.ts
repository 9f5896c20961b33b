import { createHash } from 'node:crypto';
import { slugify } from '@kb/domain';
import { canonicalJson } from '@kb/store';

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

/** A short, stable hash of a value's canonical JSON. */
export function shortHash(value: unknown, length = 12): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, length);
}

/** The id of a claim given without one: mission and kind to read, a hash of the content to be unique. */
export function contentClaimId(missionId: string, kind: string, content: unknown): string {
  const hash = shortHash(content, 16);
  return `${missionId.slice(0, MAX_ID - kind.length - hash.length - 2)}-${kind}-${hash}`;
}

/** A source's id: the slug of the outlet's name ("The Diplomat" -> "the-diplomat"). */
export function sourceIdOf(outlet: string): string {
  const slug = slugify(outlet).slice(0, 80);
  return slug === '' ? `outlet-${shortHash(outlet, 10)}` : slug;
}

/** What identifies a report: its URL when it has one, else outlet, title and publication date. */
export function reportKeyOf(source: {
  outlet: string;
  url?: string | undefined;
  title?: string | undefined;
  published: string;
}): string {
  if (source.url !== undefined) return `url:${normaliseUrl(source.url)}`;
  return `doc:${sourceIdOf(source.outlet)}|${(source.title ?? '').trim().toLowerCase()}|${source.published.trim()}`;
}

/** A report's id: outlet slug, publication date, and a hash of the report key. */
export function reportIdOf(sourceId: string, published: string, key: string): string {
  const date = slugify(published).slice(0, 30) || 'undated';
  return `${sourceId}-${date}-${createHash('sha256').update(key).digest('hex').slice(0, 10)}`;
}

/** A short key of a URL as reports are identified by it (the same two spellings of one URL share it). */
export function urlKeyOf(url: string): string {
  return createHash('sha256')
    .update(`url:${normaliseUrl(url)}`)
    .digest('hex')
    .slice(0, 16);
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
