import { CitationRelation, ClaimKind, Credibility, MissionKind, Reliability, Stance } from '@kb/domain';
import { z } from 'zod';
import { longText } from './long-text.js';
import {
  byteOrderMarkMessage,
  codePointName,
  controlInName,
  controlInNameMessage,
  firstWhere,
  hiddenInName,
  hiddenInNameMessage,
  unseenName,
} from './unseen-chars.js';

// Claim records v1: the contract ingest scripts write against (docs/claim-records.md). Every object
// is strict so a misspelt field is reported with its path instead of being silently dropped.
// Dates stay strings here; their EDTF policy is checked when the record is turned into events,
// because `earlier` needs the report's publication date as its anchor.

/**
 * Text a reader can see: a letter, digit, punctuation mark or symbol (an emoji too). A name or quote
 * of spaces, tabs or zero-width characters alone would be stored and shown as a blank, and two such
 * claimants would fold to one origin. (The empty text is left to `min(1)`, which says so.)
 */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
export const BLANK = 'holds only spaces or invisible characters: write it as the source gives it';
/** Whether a reader can see `text` (the empty text counts, left to `min(1)`); raw events use it too. */
export const seen = (text: string) => text === '' || VISIBLE.test(text);

/**
 * What is wrong with a name a reader sees (nothing: an empty list): an invisible formatting character
 * that would make it another name, or a control character (unseen-chars.ts). Raw events use it too.
 */
export function nameCharIssues(text: string): string[] {
  const hidden = hiddenInName(text);
  const control = controlInName(text);
  return [
    ...(hidden === null ? [] : [hiddenInNameMessage(hidden)]),
    ...(control === null ? [] : [controlInNameMessage(control)]),
  ];
}

/** A control or invisible formatting character: a name holding none (nearly all) is read no further. */
const MAYBE_HIDDEN = /[\p{Cc}\p{Cf}]/u;

/**
 * What a name is told, in one pass: a name no reader sees (BLANK); else an invisible formatting
 * character that would make it another name, and a control character (an escape, a NUL, a tab or a
 * line break), each told (unseen-chars.ts).
 */
const nameChars = z.check<string>((ctx) => {
  const text = ctx.value;
  const found = !seen(text) ? [BLANK] : MAYBE_HIDDEN.test(text) ? nameCharIssues(text) : [];
  for (const message of found) ctx.issues.push({ code: 'custom', message, input: text });
});

const name = z.string().min(1).max(1000).check(nameChars);

/**
 * An id holds no invisible formatting character nor control character (but JSON's white space: a
 * tab or a line break reads as the space it looks like): normalising reads one as a "-" ("c\u200b2"
 * is "c-2"), so the id would name another claim (or mission: "tj-kho\u200brog-consulate" would be
 * the mission tj-kho-rog-consulate) than the one it looks like.
 */
const ID_HIDDEN = /(?![\t\n\r])[\p{Cf}\p{Cc}]/u;
const idText = (max: number, of: 'claim' | 'mission' = 'claim') =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((text) => !ID_HIDDEN.test(text), {
      error: (issue) => {
        const { char, at } = firstWhere(String(issue.input), (c) => ID_HIDDEN.test(c), false)!;
        const unseen = /\p{Cf}/u.test(char) ? 'which no reader sees and ' : '';
        return `holds ${unseenName(char)} at character ${at}, ${unseen}which an id would read as a "-", so it would name another ${of} than the one it looks like: remove it`;
      },
    });

/** A byte order mark inside a text is no character of it: two texts joined, the second saved with one. */
const noByteOrderMark = z.refine<string>((text) => !seen(text) || !text.includes('\uFEFF'), {
  error: (issue) => byteOrderMarkMessage(String(issue.input)),
});

/** A mission written out: the same place spelt two ways resolves to one id (see gazetteer/). */
export const MissionPlace = z.strictObject({
  country: name.describe('host country, e.g. "Tajikistan"'),
  city: name.describe('city as written, e.g. "Khorog" or "Khorugh"'),
  kind: MissionKind,
  name: name.optional().describe('display name, used when the mission is first registered'),
});
export type MissionPlace = z.infer<typeof MissionPlace>;

export const MissionRef = z.union([
  idText(200, 'mission').describe('a mission id such as "tj-khorog-consulate"'),
  MissionPlace,
]);
export type MissionRef = z.infer<typeof MissionRef>;

/** What a `retrieved` not written as one day is told; an impossible day (2023-02-30) is named when resolved. */
export const DAY = 'expected a day as YYYY-MM-DD, the day the report was read';

/**
 * What a URL that is not an http or https address is told. The schema's pattern says the same to a
 * JSON Schema validator, for which `format: uri` takes any scheme (mailto:, urn:).
 */
export const WEB_ADDRESS =
  'expected an http or https address such as https://thediplomat.com/2023/03/report/';

/**
 * `occurred` is stored without the white space around it, so its 100 characters are counted
 * without it too; the pattern says so in the JSON Schema, where a length is counted as written.
 */
const OCCURRED_MAX = 100;
export const OCCURRED_TEXT = new RegExp(`^\\s*\\S(?:[\\s\\S]{0,${OCCURRED_MAX - 2}}\\S)?\\s*$`, 'u');
export const OCCURRED_SIZE = `at most ${OCCURRED_MAX} characters, not counting white space around it`;

/**
 * What a web address holding white space is told, naming the first. The URL parser would take a
 * space in the path (as %20), and drop a tab, a line break or white space around the address, so
 * the address stored, and the report id made from it, would not be the one written.
 */
export function urlSpaceMessage(url: string): string {
  const chars = [...url];
  const at = chars.findIndex((c) => /\s/u.test(c));
  const c = chars[at] ?? ' ';
  const named: Record<string, string> = {
    ' ': 'a space',
    '\t': 'a tab',
    '\n': 'a line break',
    '\r': 'a carriage return',
  };
  const what = named[c] ?? `white space (U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')})`;
  return `${what} at character ${at + 1}: a URL holds no white space; write a space inside it as %20, and leave none around it`;
}

/**
 * White space in what is written as an http(s) address, told before the URL parser reads it (and
 * no more after). Text that is no such address is left to the parser, which says what one is.
 */
const noSpace = z.refine<string>((url) => !/^\s*https?:\/\//i.test(url) || !/\s/u.test(url), {
  error: (issue) => urlSpaceMessage(String(issue.input)),
  abort: true,
});

/**
 * What a web address holding a control character (C0, DEL or C1; white space is told above) or an
 * invisible formatting character (a bidirectional override, a zero-width space, a soft hyphen) is
 * told, naming the first and its percent-encoding. The URL parser drops a control character at
 * either end and percent-encodes one inside, so the address stored would not be the one written; an
 * invisible one makes an address read as another where it is shown (a right-to-left override turns
 * "fdp.exe" into what reads "exe.pdf").
 */
export function urlControlMessage(url: string): string {
  const { char: c, at } = firstWhere(url, (c) => HIDDEN.test(c), false) ?? { char: '\u0000', at: 0 };
  const code = codePointName(c);
  const encoded = [...new TextEncoder().encode(c)].map(
    (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
  );
  const kind = /\p{Cc}/u.test(c) ? 'control' : 'invisible';
  return `the ${kind} character ${code} at character ${at}: a URL holds none; write it percent-encoded if the address has it (${encoded.join('')})`;
}

/** A control or invisible formatting character. */
const HIDDEN = /[\p{Cc}\p{Cf}]/u;

/** A control or invisible character in what is written as an http(s) address, such characters before it included. */
const noControl = z.refine<string>(
  (url) => !/^[\s\p{Cc}\p{Cf}]*https?:\/\//iu.test(url) || !HIDDEN.test(url),
  {
    error: (issue) => urlControlMessage(String(issue.input)),
    abort: true,
  },
);

/**
 * A user name or password before the host (https://user:secret@host/): credentials pasted with a
 * link, which the append-only log would keep, and show to every auditor, for good.
 */
const noCredentials = z.refine<string>(
  (url) => {
    if (!URL.canParse(url)) return true; // told by the URL check
    const { username, password } = new URL(url);
    return username === '' && password === '';
  },
  {
    error: 'a user name or password before the host: a report is cited by its public address; remove them',
    abort: true,
  },
);

/** A web address a report may be read at: http or https only. A raw event's URLs are held to it too. */
export const WebUrl = z
  .string()
  .check(noSpace, noControl, z.url({ protocol: /^https?$/ }), noCredentials)
  .regex(/^[Hh][Tt][Tt][Pp][Ss]?:\/\//, WEB_ADDRESS)
  .max(2000)
  .meta({ format: 'uri' });

/** The report a claim was read in. */
export const SourceRef = z.strictObject({
  outlet: name.describe('the outlet whose report we hold, e.g. "The Diplomat"'),
  url: WebUrl.optional(),
  title: name.optional(),
  author: name.optional(),
  published: z.string().min(1).max(100).describe('EDTF date or "unknown"'),
  retrieved: z
    .string()
    .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, DAY)
    .optional()
    .describe('day we read it, YYYY-MM-DD'),
  reliability: Reliability.optional().describe(
    'Admiralty grade A-F of the outlet; F (cannot be judged) by default',
  ),
});
export type SourceRef = z.infer<typeof SourceRef>;

export const ViaLink = z.strictObject({ name, relation: CitationRelation });
export type ViaLink = z.infer<typeof ViaLink>;

const claimFields = {
  mission: MissionRef,
  kind: ClaimKind,
  stance: Stance,
  controller: name.describe('actor id or alias, "none" (closed) or "unknown"'),
  occurred: z
    .string()
    .regex(OCCURRED_TEXT, OCCURRED_SIZE)
    .describe('EDTF as written, "unknown" or "earlier"'),
  claimant: name.describe('who made the claim, as written'),
  via: z.array(ViaLink).max(50).optional().describe('citation chain, outermost first'),
  quote: longText
    .min(1)
    .refine(seen, BLANK)
    .check(noByteOrderMark)
    .describe('the exact words, stored verbatim'),
  credibility: Credibility.optional().describe('1 confirmed ... 6 cannot be judged (default)'),
  respondsTo: idText(200).optional().describe('id of the claim this denies, confirms or disputes'),
  notes: longText.check(noByteOrderMark).optional(),
};

/** One claim as an ingest script writes it; `type` may be omitted. */
export const ClaimRecord = z.strictObject({
  type: z.literal('claim').optional(),
  id: idText(200).optional().describe('stable key of the claim; derived from the content when absent'),
  ...claimFields,
  source: SourceRef,
});
export type ClaimRecord = z.infer<typeof ClaimRecord>;

/** The claim's source withdrew it. */
export const RetractionRecord = z.strictObject({
  type: z.literal('retraction'),
  claim: idText(200),
  reason: name,
  source: SourceRef.optional().describe('the report that carries the retraction'),
  quote: longText.min(1).refine(seen, BLANK).check(noByteOrderMark).optional(),
});
export type RetractionRecord = z.infer<typeof RetractionRecord>;

/** We extracted a claim wrongly: the changed fields, in claim-record form. The original stays in the log. */
export const CorrectionRecord = z.strictObject({
  type: z.literal('correction'),
  id: idText(200)
    .optional()
    .describe(
      "the correction's own key, normalised like a claim id; without it the correction is known by its content, so the same change sent again is stored once",
    ),
  claim: idText(200),
  changes: z
    .strictObject({
      ...claimFields,
      respondsTo: claimFields.respondsTo.unwrap().nullable(),
      notes: claimFields.notes.unwrap().nullable(),
    })
    .partial()
    .refine((c) => Object.keys(c).length > 0, 'a correction must change at least one field'),
  reason: name,
  by: name.optional().describe('who made the correction'),
});
export type CorrectionRecord = z.infer<typeof CorrectionRecord>;

/** A raw domain event, for scripts that need more than claims (a new actor, a source grade). */
export const EventRecord = z.strictObject({
  type: z.literal('event'),
  event: z.strictObject({ type: z.string().min(1).max(100), data: z.record(z.string(), z.unknown()) }),
});
export type EventRecord = z.infer<typeof EventRecord>;

/** Any line of an ingest file. */
export const IngestRecord = z.union([ClaimRecord, RetractionRecord, CorrectionRecord, EventRecord]);
export type IngestRecord = z.infer<typeof IngestRecord>;

export const RECORD_TYPES = ['claim', 'retraction', 'correction', 'event'] as const;
