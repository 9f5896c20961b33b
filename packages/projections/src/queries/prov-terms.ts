import { hash } from 'node:crypto';
import type { VagueDate } from '@kb/domain';
import type { ClaimValues } from '../knowledge/knowledge-state.js';
import type { RecordedAt } from './claim-trace.js';

// The pieces a PROV-JSON document is written with (https://www.w3.org/submissions/prov-json/):
// records keyed by type, then by id, and attribute values that are a string, a number, a boolean or
// a typed literal `{"$": text, "type": QName}`. A plain string is a string literal: a value that is a
// qualified name (every `prov:type`: prov:Organization, prov:Revision, kb:Claim…) is written typed
// prov:QUALIFIED_NAME, or a PROV reader takes it for text.

/** A PROV-JSON attribute value: a plain value or a typed literal. */
export type ProvValue = string | number | boolean | { readonly $: string; readonly type: string };
export type Attributes = Record<string, ProvValue>;

/** A PROV-JSON document: the record kinds the trace export uses. */
export interface ProvDocument {
  readonly prefix: Record<string, string>;
  readonly entity: Record<string, Attributes>;
  readonly agent: Record<string, Attributes>;
  readonly activity: Record<string, Attributes>;
  readonly wasGeneratedBy: Record<string, Attributes>;
  readonly used: Record<string, Attributes>;
  readonly wasAttributedTo: Record<string, Attributes>;
  readonly wasDerivedFrom: Record<string, Attributes>;
  readonly wasAssociatedWith: Record<string, Attributes>;
  readonly wasInvalidatedBy: Record<string, Attributes>;
  readonly wasInfluencedBy: Record<string, Attributes>;
}

/** A qualified name as an attribute value. */
export const qname = (name: string) => ({ $: name, type: 'prov:QUALIFIED_NAME' });
/** `prov:type` with a qualified name, as every record here gives it. */
export const provType = (name: string) => ({ 'prov:type': qname(name) });
export const time = (iso: string) => ({ $: iso, type: 'xsd:dateTime' });
/** A day (YYYY-MM-DD), as a date literal. */
export const day = (iso: string) => ({ $: iso, type: 'xsd:date' });
/** Structured values (a correction's changed fields) as JSON text, which PROV-JSON can carry. */
export const json = (value: unknown) => ({ $: JSON.stringify(value), type: 'rdf:JSON' });

/** Where and by which ingest run the log recorded the event behind an activity. */
export const logged = (r: RecordedAt): Attributes => ({
  'kb:position': r.position,
  ...(r.ingestRunId === null ? {} : { 'kb:ingestRun': r.ingestRunId }),
});

/**
 * A vague date as attributes named from `name`: the text as written, and its bounds and anchor as
 * dates when it has them (`kb:occurred`, `kb:occurredEarliest`, `kb:occurredLatest`, `kb:occurredAnchor`).
 */
export const vagueAttributes = (name: string, d: VagueDate): Attributes => ({
  [name]: d.text,
  ...(d.earliest === null ? {} : { [`${name}Earliest`]: day(d.earliest) }),
  ...(d.latest === null ? {} : { [`${name}Latest`]: day(d.latest) }),
  ...(d.anchor === null ? {} : { [`${name}Anchor`]: day(d.anchor) }),
});

/** A report's values as entity attributes (what the trace holds of it). */
export const reportAttributes = (r: {
  readonly url: string | null;
  readonly title: string | null;
  readonly author?: string | null;
  readonly published: VagueDate;
  readonly retrieved?: string | null;
}): Attributes => ({
  ...provType('kb:Report'),
  ...(r.url === null ? {} : { 'prov:location': r.url }),
  ...(r.title === null ? {} : { 'prov:label': r.title }),
  ...(r.author === undefined || r.author === null ? {} : { 'kb:author': r.author }),
  ...vagueAttributes('kb:published', r.published),
  ...(r.retrieved === undefined || r.retrieved === null ? {} : { 'kb:retrieved': day(r.retrieved) }),
});

/**
 * A claim's values as entity attributes: the quote as its value, what it says, when it happened (as
 * written, with its bounds and anchor), its credibility, the claim it answers and the notes. Its
 * claimant is the agent it is attributed to, its citation chain the entities it derives from.
 */
export const claimAttributes = (v: ClaimValues): Attributes => ({
  ...provType('kb:Claim'),
  'prov:value': v.quote,
  'kb:kind': v.kind,
  'kb:stance': v.stance,
  'kb:controller': v.controller,
  'kb:mission': v.missionId,
  ...vagueAttributes('kb:occurred', v.occurred),
  'kb:credibility': v.credibility,
  ...(v.respondsTo === null ? {} : { 'kb:respondsTo': qname(`kb:claim/${v.respondsTo}`) }),
  ...(v.notes === null ? {} : { 'kb:notes': v.notes }),
});

/**
 * The part of an IRI made from a name. A name the readable slug represents whole (every letter and
 * digit of it a Latin a-z or 0-9 once its diacritics are dropped and its compatibility forms
 * unfolded) is that slug: "Sohail Shaheen" is `sohail-shaheen`, as it always was, and names that
 * differ only in case, spacing, punctuation, diacritics or compatibility forms (full-width letters,
 * ligatures) share it: "Tolo News", "tolo-news", "Tolò News" and "Ｔｏｌｏ Ｎｅｗｓ" are one agent. Any other name (one written in
 * Pashto, Dari or Arabic script, one with a letter the slug drops such as ß or ł, or one with no
 * letter or digit at all) is its readable slug, or `name` when that is empty, then `--` and 12 hex
 * digits of the sha-256 of the name trimmed and NFC-normalised: two such names never share an IRI
 * (short of a collision of 48 bits of sha-256), and the same name gives the same IRI in every trace.
 * A readable slug never holds `--`, so no plain slug equals one with a digest.
 */
export function slug(text: string): string {
  const folded = text.normalize('NFKD').replace(/\p{M}+/gu, '');
  const readable = folded
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  // A letter or digit the slug cannot spell would be lost: another name could then share the slug.
  const represented = readable !== '' && !/[^A-Za-z0-9\P{L}]|[^0-9\P{N}]/u.test(folded);
  if (represented) return readable;
  const digest = hash('sha256', text.trim().normalize('NFC'), 'hex');
  return `${readable || 'name'}--${digest.slice(0, 12)}`;
}

/**
 * The agent of a name as written that no actor was resolved from (an unresolved claimant, a party
 * cited, quoted or syndicated on the way): `kb:agent/as-written/NAME`. An actor id holds no `/`, so
 * this never equals a resolved actor's agent, `kb:agent/ACTOR` (claimantAgent), in this trace or another.
 */
export const asWrittenAgent = (name: string) => `kb:agent/as-written/${slug(name)}`;

/**
 * The agent of an analyst who corrected or assessed a claim: `kb:agent/analyst/NAME`. An actor id
 * holds no `/`, and a name as written is under `as-written/`, so an analyst called "taliban" is never
 * the actor taliban (`kb:agent/taliban`) nor a party written "Taliban" (`kb:agent/as-written/taliban`).
 */
export const analystAgent = (name: string) => `kb:agent/analyst/${slug(name)}`;

/** A claimant's agent: the actor it was resolved to, else its name as written. */
export const claimantAgent = (c: { readonly asWritten: string; readonly actorId: string | null }) =>
  c.actorId === null ? asWrittenAgent(c.asWritten) : `kb:agent/${c.actorId}`;

/** An empty document with the prefixes the export uses, and a writer of numbered relations. */
export function provDocument(): {
  doc: ProvDocument;
  relation: (kind: keyof ProvDocument, attrs: Attributes) => void;
} {
  const doc: ProvDocument = {
    prefix: {
      prov: 'http://www.w3.org/ns/prov#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
      kb: 'urn:kb:',
    },
    entity: {},
    agent: {},
    activity: {},
    wasGeneratedBy: {},
    used: {},
    wasAttributedTo: {},
    wasDerivedFrom: {},
    wasAssociatedWith: {},
    wasInvalidatedBy: {},
    wasInfluencedBy: {},
  };
  const counters = new Map<string, number>();
  const relation = (kind: keyof ProvDocument, attrs: Attributes) => {
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    (doc[kind] as Record<string, Attributes>)[`_:${kind}${n}`] = attrs;
  };
  return { doc, relation };
}
