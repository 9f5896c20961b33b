import { closestName, DEFAULT_RELIABILITY } from '@kb/domain';
import { resolveCountry, resolveMission as resolveMissionRef } from '@kb/ingest';
import {
  type Account,
  closedUpKey,
  joinedSearchKey,
  type KnowledgeView,
  type MissionControl,
  type MissionRecord,
  missionControl,
  type PossiblyPublished,
  possiblyPublishedAt,
  searchKey,
  type UnknownPublication,
  unknownPublicationAt,
} from '@kb/projections';
import {
  type MissionSelection,
  type ParsedCommand,
  type QueryOptions,
  UsageError,
} from '../args/parse-args.js';
import { CliError, openForRead } from '../context/open-context.js';
import { formatVague } from '../render/dates.js';
import { standingCounts } from '../render/origins-text.js';
import { respondsToText as targetText } from '../render/responds-to.js';
import { wrap } from '../render/table.js';
import { claimantText, clippedList, clippedQuote } from '../render/text.js';
import { accountsByController, contradictionTexts } from './contradicts-text.js';
import { everyAccount, moreLine, type Selected, selectAccounts, shownLine } from './mission-selection.js';
import type { Output } from './output.js';
import { describeQuery, replayScope, toControlQuery } from './query-description.js';
import { stopReadUntilAnswer } from './read-stop.js';
import { knownAtNotes } from './unknown-publication-note.js';

/** `kb mission MISSION`: one mission's accounts side by side. */
export async function missionCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  const text = cmd.positionals.join(' ').trim();
  if (!text)
    throw new UsageError(
      'kb mission needs a mission: an id, a name, a city or a country (kb mission Khorog)',
    );
  // Ctrl-C stops the catch-up before the answer as it stops any read command; the answer itself
  // is ended by the signal at once (read-stop.ts).
  const ctx = await stopReadUntilAnswer('mission', () => openForRead(cmd.global, { notice: out.error }));
  try {
    const query = toControlQuery(cmd.query);
    const answer = ctx.answer((view) => missionAnswer(view, resolveMission(view, text), query, cmd.mission));
    if (cmd.global.json) await out.json(missionJson(cmd.query, answer));
    else out.text(missionText(cmd.query, answer, cmd.mission));
    return 0;
  } finally {
    await ctx.close();
  }
}

/** One mission's answer as kb mission gives it (and kb demo, for Khorog), before it is written. */
export interface MissionAnswer {
  readonly id: string;
  readonly control: MissionControl;
  readonly unknownPublication: UnknownPublication;
  readonly possiblyPublished: PossiblyPublished;
  readonly selected: Selected;
}

const EVERY_ACCOUNT: MissionSelection = { controller: null, limit: null };

/** Mission `id` replayed to `query`, with the accounts `selection` lists. */
export function missionAnswer(
  view: KnowledgeView,
  id: string,
  query: ReturnType<typeof toControlQuery>,
  selection: MissionSelection = EVERY_ACCOUNT,
): MissionAnswer {
  const control = missionControl(view, id, query);
  return {
    id,
    control,
    // What --known-at leaves out only because a report's publication date is unknown: said, so
    // a claim its own source withdrew is not shown standing without a word.
    unknownPublication: unknownPublicationAt(view, id, query),
    // And what it leaves out only because a report's date straddles the cut (possibly published
    // by then, not certainly): said too, a retraction above all.
    possiblyPublished: possiblyPublishedAt(view, id, query),
    selected: selectAccounts(view, control, selection),
  };
}

/**
 * kb mission --json: the replay it answers travels with the answer (`query`), as "Replayed to"
 * does in the text.
 */
export function missionJson(query: QueryOptions, answer: MissionAnswer): Record<string, unknown> {
  return {
    query: replayScope(query),
    ...answer.control,
    ...listedJson(answer.selected),
    unknownPublication: answer.unknownPublication,
    possiblyPublished: answer.possiblyPublished,
  };
}

/** kb mission's text: the accounts side by side, then what a --known-at cut leaves out. */
export function missionText(
  query: QueryOptions,
  answer: MissionAnswer,
  selection: MissionSelection = EVERY_ACCOUNT,
): string {
  return [
    renderMission(answer.control, describeQuery(query), answer.selected, selection),
    ...knownAtNotes(query.knownAt, answer.id, answer.unknownPublication, answer.possiblyPublished),
  ].join('\n');
}

/**
 * Finds exactly one mission for what the user typed, or says plainly why not. A text that is a
 * mission's whole id, name or city picks that mission even when it is also part of others' ("m-7"
 * beside "m-70"); when it is several missions' whole name or city, they are listed. A place written
 * "city, country", as the place column of kb status shows it, finds the missions the part before the
 * comma finds (any spelling the search knows, "Khorugh" too) in that whole country. Failing those,
 * what ingest would read the text as: a mission id in another spelling (`tj-khorugh-consulate`), or
 * a country by another of its names (`UAE`, `Türkiye`), in either place.
 */
export function resolveMission(view: KnowledgeView, text: string): string {
  const found = view.findMissions(text);
  if (found.length > 0) return pickOne(found, text, text);
  const asId = resolveMissionRef(text).missionId;
  if (view.getMission(asId) !== undefined) return asId;
  const country = resolveCountry(text);
  if (country.known) {
    const inCountry = view.findMissions(country.name).filter((m) => sameCountry(m, country.name));
    if (inCountry.length > 0) return pickOne(inCountry, country.name, text);
  }
  const comma = text.lastIndexOf(',');
  const written = comma < 0 ? '' : text.slice(comma + 1);
  if (searchKey(written) !== '') {
    const city = text.slice(0, comma);
    const named = resolveCountry(written).name;
    const place = view.findMissions(city).filter((m) => sameCountry(m, written) || sameCountry(m, named));
    if (place.length > 0) return pickOne(place, city, text);
  }
  throw new CliError(
    `no mission matches "${text}"${meantMission(view, text) || ';'} kb status lists them all`,
  );
}

/**
 * The mission a text one or two slips away names, as `; did you mean Khorog (tj-khorog-consulate)?`,
 * found as kb trace finds a claim id (closestName) among the missions' ids, names, cities and aliases,
 * folded as the search folds them; for "city, country", among them for the part before the comma.
 * A name several missions share is suggested without an id. '' when none is that close.
 */
function meantMission(view: KnowledgeView, text: string): string {
  const owners = new Map<string, { written: string; ids: Set<string> }>();
  for (const m of view.listMissions()) {
    for (const name of [m.id, m.name, m.city, ...m.aliases.map((a) => a.alias)]) {
      if (name === null) continue;
      // A name holding a joiner is close by either spelling, the joiner as a space or as nothing;
      // a name of a script written with or without spaces inside it, closed up as well.
      const folded = searchKey(name);
      for (const key of new Set([folded, joinedSearchKey(name), closedUpKey(folded)])) {
        if (key === '') continue;
        const owner = owners.get(key);
        if (owner === undefined) owners.set(key, { written: name, ids: new Set([m.id]) });
        else owner.ids.add(m.id);
      }
    }
  }
  const comma = text.lastIndexOf(',');
  const meant =
    closestName(searchKey(text), owners.keys()) ??
    (comma < 0 ? null : closestName(searchKey(text.slice(0, comma)), owners.keys()));
  const owner = meant === null ? undefined : owners.get(meant);
  if (owner === undefined) return '';
  const [only, ...others] = owner.ids;
  return `; did you mean ${owner.written}${others.length === 0 && only !== owner.written ? ` (${only})` : ''}?`;
}

const sameCountry = (mission: MissionRecord, country: string): boolean =>
  searchKey(mission.country) === searchKey(country);

/** The one mission of `found` for `key` (one found, or one it names wholly), or an error listing them. */
function pickOne(found: readonly MissionRecord[], key: string, typed: string): string {
  if (found.length === 1) return found[0]!.id;
  // Whole names compared closed up, so "سفارتخانه" names the mission stored as "سفارت خانه" wholly.
  const named = (name: string): string => closedUpKey(searchKey(name));
  const k = named(key);
  const whole = found.filter(
    (m) => m.id === key || named(m.name) === k || (m.city !== null && named(m.city) === k),
  );
  if (whole.length === 1) return whole[0]!.id;
  const candidates = whole.length > 1 ? whole : found;
  const list = candidates.map(
    (m) => `  ${m.id}  (${m.name}, ${[m.city, m.country].filter(Boolean).join(', ')})`,
  );
  throw new CliError(`"${typed}" matches ${candidates.length} missions; name one by id:\n${list.join('\n')}`);
}

/**
 * Under --controller or --limit, the accounts listed in place of every one, and what was asked and
 * found (`shown`). Nothing is changed when every account is listed.
 */
function listedJson(selected: Selected): Partial<Pick<MissionControl, 'accounts' | 'retractedAccounts'>> & {
  shown?: Selected['shown'];
} {
  if (selected.shown === null) return {};
  return {
    accounts: selected.accounts.map((l) => l.account),
    retractedAccounts: selected.retracted.map((l) => l.account),
    shown: selected.shown,
  };
}

export function renderMission(
  control: MissionControl,
  scope: string,
  selected: Selected = everyAccount(control),
  typed: MissionSelection = EVERY_ACCOUNT,
): string {
  const m = control.mission;
  const lines = [
    `${m.name} (${m.kind}; ${[m.city, m.country].filter(Boolean).join(', ')})  id: ${m.id}`,
    `Replayed to: ${scope}`,
    `Status: ${control.status.toUpperCase()}${control.controller ? ` — controller: ${control.controller}` : ''}${possiblyNote(control)}`,
    `${standingCounts(control)}${
      control.retractedAccounts.length > 0 ? `; retracted: ${control.retractedAccounts.length}` : ''
    }`,
  ];
  const shown = shownLine(selected.shown, typed);
  if (shown !== null) lines.push(shown);
  // The answers binding to an account are standing ones: those that dispute, or side with a dispute,
  // are listed as "disputed by", the others as "denied by".
  const disputes = new Set(
    control.accounts.filter((a) => (a.sidesWith?.stance ?? a.stance) === 'disputes').map((a) => a.claimId),
  );
  const contradicts = contradictionTexts(
    accountsByController(control.accounts),
    IDS_SHOWN,
    '--json lists every one',
  );
  for (const { account, n } of selected.accounts)
    lines.push('', ...renderAccount(account, n, disputes, contradicts));
  if (selected.retracted.length > 0) {
    lines.push('', 'Retracted by their sources (out of the standing set, kept in the record):');
    for (const { account, n } of selected.retracted)
      lines.push('', ...renderAccount(account, n, disputes, contradicts));
  }
  const more = moreLine(selected.shown);
  if (more !== null) lines.push('', more);
  return lines.join('\n');
}

/**
 * When some account the status rests on (standing, not superseded) only possibly happened by the
 * world date, how many of them did: ` (1 of the 3 accounts it rests on only possibly happened by the
 * world date)`. Empty when every one certainly happened.
 */
export function possiblyNote(control: Pick<MissionControl, 'happened' | 'restsOn'>): string {
  if (control.happened !== 'possibly') return '';
  // Counted where the status is decided, so the note cannot disagree with it.
  const { accounts, possibly } = control.restsOn;
  const which =
    accounts === 1
      ? 'the one account'
      : possibly === accounts
        ? `all ${accounts} accounts`
        : `${possibly} of the ${accounts} accounts`;
  return ` (${which} it rests on only possibly happened by the world date)`;
}

// Accounts are read side by side: a pasted article as a quote, or a hundred contradicted ids, would
// push the others off the screen. The text view shows this much; --json and kb trace show all.
const QUOTE_SHOWN = 1000;
const IDS_SHOWN = 10;

function renderAccount(
  a: Account,
  n: number,
  disputes: ReadonlySet<string>,
  contradicts: (ids: readonly string[]) => string,
): string[] {
  const flags = [
    filedText(a),
    a.retracted ? 'RETRACTED' : '',
    a.corrected ? 'corrected' : '',
    a.superseded ? `superseded${a.supersededBy ? ` by ${a.supersededBy}` : ''}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const published = a.source.published ? formatVague(a.source.published) : 'unknown (report not recorded)';
  const rows: [string, string][] = [
    ['claimant', claimantText(a.claimant)],
    [
      'occurred',
      `${formatVague(a.occurred)}${placedText(a)}${a.occurred.happened ? ` — ${a.occurred.happened} by the world date` : ''}`,
    ],
    [
      'source',
      `${a.source.outlet ?? '(unknown outlet)'} [grade ${a.source.reliability ?? DEFAULT_RELIABILITY}], published ${published}${a.source.url ? `, ${a.source.url}` : ''}`,
    ],
  ];
  if (a.via.length > 0) rows.push(['via', a.via.map((link) => `${link.relation} ${link.name}`).join(' → ')]);
  rows.push(
    ['quote', clippedQuote(a.quote, QUOTE_SHOWN, `kb trace ${a.claimId} shows it whole`)],
    ['credibility', credibilityText(a)],
  );
  if (a.retracted !== null) rows.push(['retracted', retractedText(a.retracted, a.claimId)]);
  if (a.respondsTo !== null) rows.push(['responds to', respondsToText(a)]);
  // Read once: the list is made each time it is read (Account.contradicts).
  const against = a.contradicts;
  if (against.length > 0) rows.push(['contradicts', contradicts(against)]);
  const denied = a.deniedBy.filter((id) => !disputes.has(id));
  const disputed = a.deniedBy.filter((id) => disputes.has(id));
  if (denied.length > 0) rows.push(['denied by', clippedList(denied, IDS_SHOWN, '--json lists every one')]);
  if (disputed.length > 0)
    rows.push(['disputed by', clippedList(disputed, IDS_SHOWN, '--json lists every one (deniedBy)')]);
  // A confirmation of a denial is not a claim that the event happened: it is said to side with the denial.
  const what =
    a.sidesWith === null
      ? `${a.stance} ${a.kind}`
      : `${a.stance} the ${a.sidesWith.stance === 'denies' ? 'denial' : 'dispute'} ${a.sidesWith.claimId}`;
  const head = `[${n}] ${a.claimId}: ${a.claimant.asWritten} ${what} → ${a.controller}${flags ? `  (${flags})` : ''}`;
  return [
    head,
    ...rows.flatMap(([k, v]) => wrap(v, 90).map((line, i) => `    ${(i === 0 ? k : '').padEnd(12)}${line}`)),
  ];
}

/**
 * Where an answer stands on the world axis when that is the date of the claim it answers, not its own
 * (docs/contested-control.md, section 1): `; placed at 2023-03-23, the date of w-visit, which it answers`.
 */
function placedText(a: Account): string {
  const p = a.placedAt;
  if (
    p === null ||
    (p.occurred.text === a.occurred.text &&
      p.occurred.earliest === a.occurred.earliest &&
      p.occurred.latest === a.occurred.latest)
  )
    return '';
  return `; placed at ${formatVague(p.occurred)}, the date of ${p.claimId}, which it answers`;
}

/**
 * Where a denial of a claim of this mission is filed when that is another mission, and that the
 * controller it names is said of that one (docs/contested-control.md, section 3).
 */
function filedText(a: Account): string {
  if (a.filedUnder === null) return '';
  const said = a.controller === 'unknown' ? '' : ', which the controller is said of';
  return `filed under ${a.filedUnder}${said}`;
}

/**
 * Who retracted an account and where, as kb trace says it: the retraction report's outlet, published
 * date and URL, its words, and when the knowledge base recorded it.
 */
function retractedText(r: NonNullable<Account['retracted']>, claimId: string): string {
  // The reason is said here, not in the account's head, where flags (corrected, superseded) follow.
  const carrier =
    r.report === null
      ? `with no report of its own${r.reportId === null ? '' : ` (report ${r.reportId} not recorded)`}`
      : `by ${[
          r.report.outlet ?? 'an unregistered outlet',
          `published ${formatVague(r.report.published)}`,
          r.report.url,
        ]
          .filter(Boolean)
          .join(', ')}`;
  const words = r.quote
    ? `: ${clippedQuote(r.quote, QUOTE_SHOWN, `kb trace ${claimId} shows it whole`)}`
    : '';
  return `${r.reason} — ${carrier}${words} (recorded ${r.at})`;
}

/** The credibility shown, and when an analyst's assessment gave it, who, when and what the source gave. */
function credibilityText(a: Account): string {
  const by = a.credibilityAssessed;
  if (by === null) return String(a.credibility);
  const when = by.assessedOn === null ? 'assessed, undated, by' : `assessed ${by.assessedOn} by`;
  return `${a.credibility} (${when} ${by.assessedBy}; source gave ${a.sourceCredibility})`;
}

/** The claim an account responds to, and why it is not listed beside it when it is not. */
function respondsToText(a: Account): string {
  const t = a.respondsToTarget;
  return t === null ? (a.respondsTo ?? '') : targetText(t, 'listed with the retracted accounts');
}
