import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openKnowledgeBase } from '@kb/ingest';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './cli.js';
import { jsonArrayChunks, type Output } from './commands/output.js';

/** Captures what a kb run prints. */
function capture(): Output & { stdout: string[]; stderr: string[]; json_: unknown[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const json_: unknown[] = [];
  return {
    stdout,
    stderr,
    json_,
    text: (line) => stdout.push(line),
    json: (value) => {
      json_.push(JSON.parse(JSON.stringify(value)));
      stdout.push(JSON.stringify(value));
    },
    jsonArray: async (items) => {
      const text = [...jsonArrayChunks(items)].join('');
      json_.push(JSON.parse(text));
      stdout.push(text);
    },
    error: (line) => stderr.push(line),
  };
}

/** The shape of `kb status --json` rows that scripts rely on. */
interface MissionJson {
  mission: { id: string; name: string; city: string | null; country: string; kind: string };
  status: string;
  controller: string | null;
  accounts: Array<Record<string, unknown> & { source: Record<string, unknown> }>;
}

let dir: string;
let store: string;
const kb = async (...args: string[]) => {
  const out = capture();
  const code = await run([...args, '--store', store], out);
  return { code, out, text: out.stdout.join('\n'), err: out.stderr.join('\n') };
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-cli-'));
  store = join(dir, 'kb.sqlite');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kb, as a user runs it', () => {
  it('says plainly when there is no knowledge base yet', async () => {
    const r = await kb('status');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no knowledge base at .*kb\.sqlite/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('demo ingests the bundled dataset and shows Khorog contested, visit and denial side by side', async () => {
    const r = await kb('demo');
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/tj-khorog-consulate\s+Khorog, Tajikistan\s+contested/);
    expect(r.text).toMatch(/asserts visit → taliban/);
    expect(r.text).toMatch(/denies visit/);
    expect(r.text).toContain('The Diplomat');
    expect(r.text).toContain(
      'https://thediplomat.com/2023/03/talibans-diplomatic-presence-growing-in-central-asia/',
    );
  });

  it('demo a second time adds nothing', async () => {
    const r = await kb('demo');
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/added 0 \(0 events\)/);
    expect(r.text).toMatch(/Nothing new/);
  });

  it('status --json gives per mission the fields scripts rely on', async () => {
    const r = await kb('status', '--at', '2023-03-28', '--known-at', '2023-03-28', '--json');
    expect(r.code).toBe(0);
    const rows = r.out.json_[0] as MissionJson[];
    const khorog = rows.find((row) => row.mission.id === 'tj-khorog-consulate')!;
    expect(khorog.mission).toMatchObject({
      name: expect.any(String),
      city: 'Khorog',
      country: 'Tajikistan',
      kind: 'consulate',
    });
    expect(khorog.status).toBe('contested');
    for (const account of khorog.accounts) {
      expect(Object.keys(account)).toEqual(
        expect.arrayContaining([
          'claimId',
          'claimant',
          'stance',
          'controller',
          'occurred',
          'source',
          'quote',
        ]),
      );
      expect(Object.keys(account.source)).toEqual(expect.arrayContaining(['outlet', 'url', 'published']));
    }
    const ashgabat = rows.find((row) => row.mission.city === 'Ashgabat')!;
    expect(ashgabat.status).toBe('undisputed');
    expect(ashgabat.controller).toBe('taliban');
  });

  it('status --contested lists only contested missions', async () => {
    const r = await kb('status', '--at', '2023-03-28', '--known-at', '2023-03-28', '--contested', '--json');
    const rows = r.out.json_[0] as Array<{ status: string }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.status === 'contested')).toBe(true);
  });

  it('replayed to 2022-01-01 Ashgabat is unknown', async () => {
    const r = await kb('mission', 'Ashgabat', '--at', '2022-01-01', '--known-at', '2022-01-01', '--json');
    expect(r.code).toBe(0);
    expect((r.out.json_[0] as { status: string }).status).toBe('unknown');
  });

  it('mission accepts another spelling of the city and says when nothing matches', async () => {
    const r = await kb('mission', 'Khorugh');
    expect(r.code).toBe(0);
    expect(r.text).toContain('tj-khorog-consulate');
    const none = await kb('mission', 'Atlantis');
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/no mission matches "Atlantis"/);
  });

  it('trace names the outlet, the citation chain and the ingest run; --prov is PROV-JSON', async () => {
    const status = await kb('mission', 'Khorog', '--json');
    const accounts = (status.out.json_[0] as { accounts: Array<{ claimId: string; stance: string }> })
      .accounts;
    const denial = accounts.find((a) => a.stance === 'denies')!;
    const r = await kb('trace', denial.claimId);
    expect(r.code).toBe(0);
    expect(r.text).toContain('The Diplomat');
    expect(r.text).toMatch(/Tolo News/);
    expect(r.text).toMatch(/ingest run/);
    // The claim's link in the hash chain, as the log holds it.
    const json = (await kb('trace', denial.claimId, '--json')).out.json_[0] as {
      recorded: { position: number; eventId: string; chainHash: string };
    };
    const opened = await openKnowledgeBase({ store });
    let stored: { id: string; hash: string } | undefined;
    for await (const e of opened.store.readAll()) if (e.position === json.recorded.position) stored = e;
    await opened.close();
    expect(stored?.id).toBe(json.recorded.eventId);
    expect(json.recorded.chainHash).toBe(stored?.hash);
    expect(r.text).toContain(`chain hash    ${stored?.hash}`);
    const prov = await kb('trace', denial.claimId, '--prov');
    const doc = prov.out.json_[0] as Record<string, unknown>;
    expect(doc).toHaveProperty('entity');
    expect(doc).toHaveProperty('agent');
    expect(doc).toHaveProperty('wasAttributedTo');
  });

  it('trace of an unknown id names the id one slip away, or the ids it starts; a later claim is named as later', async () => {
    const typo = await kb('trace', 'diplomat-2023-03-khorog-denail');
    expect(typo.code).toBe(1);
    expect(typo.err).toBe(
      'kb: no claim "diplomat-2023-03-khorog-denail" in the knowledge base; did you mean diplomat-2023-03-khorog-denial?',
    );
    const cut = await kb('trace', 'diplomat-2023-03-khorog');
    expect(cut.code).toBe(1);
    expect(cut.err).toContain(
      'claims whose id starts with "diplomat-2023-03-khorog": diplomat-2023-03-khorog-',
    );
    expect(cut.err).toContain('diplomat-2023-03-khorog-denial');
    const none = await kb('trace', 'no-such-claim-at-all');
    expect(none.err).toBe('kb: no claim "no-such-claim-at-all" in the knowledge base');
    // Asked of a day before anything was recorded: the claim exists, only later.
    const early = await kb('trace', 'diplomat-2023-03-khorog-denial', '--recorded-at', '2001-01-01');
    expect(early.code).toBe(1);
    expect(early.err).toMatch(
      /^kb: claim "diplomat-2023-03-khorog-denial" was recorded at \d{4}-\d\d-\d\dT[^ ]+Z, after --recorded-at 2001-01-01: the knowledge base did not hold it then$/,
    );
  });

  it('timeline and sources answer', async () => {
    const t = await kb('timeline', 'Ashgabat');
    expect(t.code).toBe(0);
    expect(t.text).toMatch(/Across world time/);
    // The appointment is dated `earlier`: possible with no start, certain from the article's date.
    expect(t.text).toMatch(
      /^\(no start\) +undisputed +taliban +possibly +diplomat-2023-03-ashgabat-embassy-charge$/m,
    );
    expect(t.text).toMatch(/^2023-03-28 +undisputed +taliban +certainly +diplomat-2023-03-ashgabat/m);
    const json = JSON.parse((await kb('timeline', 'Ashgabat', '--json')).text) as {
      world: { from: string | null; happened: string }[];
    };
    expect(json.world[0]).toMatchObject({ from: null, happened: 'possibly' });
    expect(json.world.at(-1)).toMatchObject({ from: '2023-03-28', happened: 'certainly' });
    const s = await kb('sources');
    expect(s.code).toBe(0);
    expect(s.text).toContain('The Diplomat');
  });

  it('verify reports how many events it checked', async () => {
    const r = await kb('verify');
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/^ok: \d+ events checked/);
  });

  it('rebuild replays the whole log into the read models, and every answer stays the same', async () => {
    const before = await kb('status', '--json');
    const events = Number(/^ok: (\d+) events checked/.exec((await kb('verify')).text)?.[1]);
    const r = await kb('rebuild');
    expect(r.code).toBe(0);
    expect(r.text).toMatch(new RegExp(`^rebuilt the read models from ${events} events in \\d+ ms$`));
    const json = await kb('rebuild', '--json');
    expect(json.out.json_[0]).toMatchObject({ processed: events, checkpoint: events });
    expect((await kb('status', '--json')).text).toBe(before.text);
    const esdb = await kb('rebuild', '--eventstore', 'esdb://localhost:2113?tls=false');
    expect(esdb.code).toBe(1);
    expect(esdb.err).toMatch(/works on the embedded store/);
  });

  it('ingest reports rejected lines by number and field, stores the valid ones, exits 3', async () => {
    const good = readFileSync(
      fileURLToPath(new URL('../../../examples/central-asia-2023.ndjson', import.meta.url)),
      'utf8',
    )
      .split('\n')
      .filter(Boolean)[0]!;
    const record = JSON.parse(good);
    const fresh = { ...record, id: 'cli-test-valid', occurred: '2023-03-24' };
    const bad = { ...record, id: 'cli-test-bad', occurred: '2023-02-30' };
    const file = join(dir, 'mixed.ndjson');
    writeFileSync(file, `${JSON.stringify(fresh)}\n{not json\n${JSON.stringify(bad)}\n`);
    const r = await kb('ingest', file);
    expect(r.code).toBe(3);
    expect(r.text).toMatch(/line 2/);
    expect(r.text).toMatch(/line 3, occurred/);
    expect(r.text).toMatch(/added 1 /);
    expect(readFileSync(`${file}.rejected.ndjson`, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('ingest names an input that is missing or a folder, and makes no store for it', async () => {
    const fresh = join(dir, 'never-made.sqlite');
    const cases: [string, string][] = [
      [join(dir, 'missing.ndjson'), `no such input file: ${join(dir, 'missing.ndjson')}`],
      [dir, `${dir} is not a file`],
    ];
    for (const [input, said] of cases) {
      for (const dry of [[], ['--dry-run']]) {
        const out = capture();
        expect(await run(['ingest', input, ...dry, '--store', fresh], out)).toBe(1);
        expect(out.stderr.join('\n')).toContain(said);
        expect(existsSync(fresh)).toBe(false);
      }
    }
  });

  it('refuses --rejects naming the input or the knowledge base itself, and leaves both as they were', async () => {
    const input = join(dir, 'self.ndjson');
    const text = '{"broken":\n';
    writeFileSync(input, text);
    const kept = readFileSync(store);
    for (const [rejects, said] of [
      [input, `--rejects ${input} is the input file itself`],
      [store, `--rejects ${store} is the knowledge base's own file (${store})`],
      [`${store}-wal`, `is the knowledge base's own file (${store}-wal)`],
    ] as const) {
      const r = await kb('ingest', input, '--rejects', rejects);
      expect(r.code, rejects).toBe(1);
      expect(r.err).toContain(said);
      expect(readFileSync(input, 'utf8')).toBe(text);
      expect(readFileSync(store).equals(kept)).toBe(true);
    }
    expect((await kb('verify')).code).toBe(0);
  });

  it('says a --store naming a folder names a folder, whatever the command', async () => {
    const examples = fileURLToPath(new URL('../../../examples/central-asia-2023.ndjson', import.meta.url));
    for (const args of [
      ['status'],
      ['verify'],
      ['log'],
      ['rebuild'],
      ['ingest', examples],
      ['mission', 'Khorog'],
    ]) {
      const out = capture();
      expect(await run([...args, '--store', dir], out), args.join(' ')).toBe(1);
      expect(out.stderr).toEqual([
        `kb: ${dir} is a folder: --store names the knowledge base's file, such as ${join(dir, 'kb.sqlite')}`,
      ]);
    }
  });

  it("refuses another application's SQLite file as its store, and leaves that file as it was", async () => {
    const foreign = join(dir, 'contacts.sqlite');
    const raw = new BetterSqlite3(foreign);
    raw.exec("CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('Ann')");
    raw.close();
    const tables = () => {
      const db = new BetterSqlite3(foreign, { readonly: true });
      const names = db.prepare('SELECT name FROM sqlite_master ORDER BY name').pluck().all();
      db.close();
      return names;
    };
    const examples = fileURLToPath(new URL('../../../examples/central-asia-2023.ndjson', import.meta.url));
    for (const args of [['status'], ['ingest', examples], ['demo']]) {
      const out = capture();
      expect(await run([...args, '--store', foreign], out), args.join(' ')).toBe(1);
      expect(out.stderr.join('\n')).toContain(
        `cannot open the event file ${foreign}: the file is a SQLite database but not a knowledge-base event file`,
      );
      expect(tables()).toEqual(['people']);
    }
  });

  it('ingest --dry-run reports exactly what an ingest would do and changes nothing', async () => {
    const lines = readFileSync(
      fileURLToPath(new URL('../../../examples/central-asia-2023.ndjson', import.meta.url)),
      'utf8',
    )
      .split('\n')
      .filter(Boolean);
    const present = lines[1]!;
    const fresh = { ...JSON.parse(lines[0]!), id: 'cli-test-dry-run', occurred: '2023-03-25' };
    const file = join(dir, 'trial.ndjson');
    writeFileSync(file, `${present}\n${JSON.stringify(fresh)}\n{"kind": "visit"}\n`);
    const before = await kb('verify');
    const stored = readFileSync(store);

    const r = await kb('ingest', file, '--dry-run');
    expect(r.code).toBe(3);
    expect(r.text).toMatch(/^Dry run: nothing was written to .*kb\.sqlite/);
    expect(r.text).toMatch(/added 1 \(\d+ events?\), already present 1, rejected 1 line\b/);
    expect(r.text).toMatch(/line 3, mission: required, but missing/);
    expect(r.text).not.toMatch(/rejected lines are in/);
    expect(existsSync(`${file}.rejected.ndjson`)).toBe(false);
    expect((await kb('verify')).text).toBe(before.text);
    expect(readFileSync(store).equals(stored)).toBe(true);

    const json = await kb('ingest', file, '--dry-run', '--json');
    expect(json.out.json_[0]).toMatchObject({ dryRun: true, added: 1, skipped: 1, rejectedLines: 1 });

    // On a store that does not exist yet: the report, and still no file.
    const none = join(dir, 'not-yet.sqlite');
    const out = capture();
    expect(await run(['ingest', file, '--dry-run', '--store', none], out)).toBe(3);
    expect(out.stdout.join('\n')).toMatch(/added 2 /);
    expect(existsSync(none)).toBe(false);
  });

  it("an auditor's replay to a recorded time still shows a claim retracted since", async () => {
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const file = join(dir, 'retraction.ndjson');
    writeFileSync(
      file,
      `${JSON.stringify({ type: 'retraction', claim: 'diplomat-2023-03-khorog-visit', reason: 'test: withdrawn' })}\n`,
    );
    expect((await kb('ingest', file)).code).toBe(0);
    const now = await kb('mission', 'Khorog', '--json');
    const asNow = now.out.json_[0] as MissionJson & { retractedAccounts: MissionJson['accounts'] };
    expect(asNow.accounts.map((a) => a['claimId'])).not.toContain('diplomat-2023-03-khorog-visit');
    const visitNow = asNow.retractedAccounts.find((a) => a['claimId'] === 'diplomat-2023-03-khorog-visit');
    expect(visitNow?.['retracted']).toMatchObject({ reason: 'test: withdrawn' });
    const text = await kb('mission', 'Khorog');
    expect(text.text).toMatch(
      /Retracted by their sources[\s\S]*diplomat-2023-03-khorog-visit[\s\S]*RETRACTED: test: withdrawn\)/,
    );
    const then = await kb('mission', 'Khorog', '--recorded-at', before, '--json');
    const asThen = then.out.json_[0] as MissionJson;
    expect(asThen.status).toBe('contested');
    expect(
      asThen.accounts.find((a) => a['claimId'] === 'diplomat-2023-03-khorog-visit')?.['retracted'],
    ).toBeNull();
    const empty = await kb('mission', 'Khorog', '--recorded-at', '2020-01-01');
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/as it stood then/);
  });

  it('demo --json prints one JSON document and nothing else', async () => {
    const r = await kb('demo', '--json');
    expect(r.code).toBe(0);
    expect(r.out.stdout).toHaveLength(1);
    const doc = r.out.json_[0] as { ingest: { added: number; skipped: number }; overview: unknown[] };
    expect(doc.ingest).toMatchObject({ added: 0, skipped: 15 });
    expect(doc.overview.length).toBeGreaterThan(0);
  });

  it('trace names the report that carries a retraction and lists a correction field by field', async () => {
    const file = join(dir, 'later.ndjson');
    const records = [
      {
        type: 'retraction',
        claim: 'diplomat-2023-03-ashgabat-handover',
        reason: 'test: the outlet withdrew it',
        source: { outlet: 'Tolo News', published: '2023-04-02', url: 'https://tolonews.com/x' },
        quote: 'We withdraw the report.',
      },
      {
        type: 'correction',
        claim: 'diplomat-2023-03-ashgabat-handover',
        changes: { occurred: '2022-04', via: [{ name: 'Eurasianet', relation: 'cites' }] },
        reason: 'test: misread the month',
        by: 'analyst-1',
      },
    ];
    writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    expect((await kb('ingest', file)).code).toBe(0);
    const t = await kb('trace', 'diplomat-2023-03-ashgabat-handover');
    expect(t.code).toBe(0);
    const text = t.text.replace(/\n {16}/g, ' '); // the wrapped lines of one field, joined
    expect(text).toMatch(
      /retracted +\S+: test: the outlet withdrew it: “We withdraw the report\.” \(Tolo News, published 2023-04-02, https:\/\/tolonews\.com\/x\)/,
    );
    expect(text).toMatch(
      /corrected +\S+: test: misread the month \(by analyst-1\) occurred: 2022-03 \[2022-03-01\.\.2022-03-31\] → 2022-04 \[[^\]]+\] via: \(none\) → cites Eurasianet$/m,
    );
    const json = JSON.parse((await kb('trace', 'diplomat-2023-03-ashgabat-handover', '--json')).text) as {
      retractions: { report: unknown }[];
      corrections: { after: object }[];
    };
    expect(json.retractions[0]?.report).toEqual({
      sourceId: 'tolo-news',
      outlet: 'Tolo News',
      url: 'https://tolonews.com/x',
      published: { text: '2023-04-02', earliest: '2023-04-02', latest: '2023-04-02', anchor: null },
    });
    // The correction named no credibility, so it changes none.
    expect(Object.keys(json.corrections[0]?.after ?? {})).toEqual(['occurred', 'via']);
  });

  it('says where it looked when no EventStoreDB answers, and how to start one', async () => {
    // Port 1: nothing listens there, whatever else this machine runs.
    const r = await kb('status', '--eventstore', 'esdb://127.0.0.1:1?tls=false');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^kb: EventStoreDB unavailable: .*\S$/m);
    expect(r.err).not.toMatch(/Resolution note/);
    expect(r.err).toMatch(
      /^kb: is an EventStoreDB server running at esdb:\/\/127\.0\.0\.1:1\?tls=false\? .*docker compose up -d eventstore/m,
    );
  });

  it('log lists the events in recorded order, a page at a time, by run, type and stream', async () => {
    const page = await kb('log', '--limit', '3');
    expect(page.code).toBe(0);
    expect(page.text).toMatch(
      /^Events, from position 1:\n\nposition +recorded at +type +stream +ingest run\n/,
    );
    expect(page.text.match(/^\d+ +\d{4}-\d\d-\d\dT\S+Z +\w+ +\S+ +ingest-\S+$/gm)).toHaveLength(3);
    // The next page's command names the store this one read: run as printed, it reads the same file.
    expect(page.text).toMatch(
      /\n3 events, positions 1 to 3; more from position 4: kb log --from 4 --limit 3 --store \S+$/,
    );
    expect(page.text.endsWith(` --store ${store}`)).toBe(true);

    const all = (await kb('log', '--limit', '100000', '--json')).out.json_[0] as {
      position: number;
      type: string;
      stream: string;
      hash: string;
      prevHash: string;
      metadata: { ingestRunId?: string };
    }[];
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
    expect(all.every((e, i) => i === 0 || e.prevHash === all[i - 1]!.hash)).toBe(true);

    // The next page starts where the footer said, and the last says nothing more matches.
    const rest = await kb('log', '--from', String(all.length - 1), '--limit', '5');
    expect(rest.text).toMatch(
      new RegExp(`\n2 events, positions ${all.length - 1} to ${all.length}; nothing more matches.$`),
    );

    const run = all.at(-1)!.metadata.ingestRunId!;
    const byRun = (await kb('log', '--run', run, '--json')).out.json_[0] as typeof all;
    expect(byRun.length).toBeGreaterThan(0);
    expect(byRun).toEqual(all.filter((e) => e.metadata.ingestRunId === run).slice(0, 50));

    const claims = (await kb('log', '--type', 'ClaimRecorded', '--limit', '2', '--json')).out
      .json_[0] as typeof all;
    expect(claims).toEqual(all.filter((e) => e.type === 'ClaimRecorded').slice(0, 2));
    const stream = claims[0]!.stream;
    const one = (await kb('log', '--stream', stream, '--json')).out.json_[0] as typeof all;
    expect(one).toEqual(all.filter((e) => e.stream === stream));

    const none = await kb('log', '--run', 'no-such-run');
    expect(none.text).toBe('Events written by ingest run no-such-run, from position 1:\n(no events)');
  });

  it('log refuses a position, limit or type it cannot use, naming what it meant', async () => {
    const zero = await kb('log', '--from', '0');
    expect(zero.code).toBe(2);
    expect(zero.err).toMatch(/--from expects a whole number 1 or more, got "0"/);
    expect((await kb('log', '--limit', '1.5')).err).toMatch(
      /--limit expects a whole number from 1 to 100000/,
    );
    const typo = await kb('log', '--type', 'ClaimRetraced');
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/no event type "ClaimRetraced" \(did you mean ClaimRetracted\?\)/);
    expect((await kb('status', '--from', '3')).err).toMatch(/kb status does not take --from \(kb log does\)/);
  });

  it("ingest notes a record's outlet grade that did not apply, and exits 0", async () => {
    const file = join(dir, 'grade.ndjson');
    const record = {
      id: 'grade-note-test',
      mission: 'tj-khorog-consulate',
      kind: 'statement',
      stance: 'asserts',
      controller: 'taliban',
      occurred: '2023-03-23',
      claimant: 'Someone',
      quote: 'q',
      source: { outlet: 'The Diplomat', published: '2023-03-30', reliability: 'A' },
    };
    writeFileSync(file, `${JSON.stringify(record)}\n`);
    const r = await kb('ingest', file);
    expect(r.code).toBe(0);
    expect(r.text).toMatch(
      /\n\nNotes \(these lines were taken, with something not applied as written\):\n {2}line 1, source\.reliability: The Diplomat is graded F; .* so A was not applied/,
    );
  });

  it('usage mistakes exit 2 with a hint', async () => {
    const r = await kb('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command "frobnicate"/);
  });
});

describe('the kb binary', () => {
  it('shows the control characters of a stored claim written out, never sent to the terminal', async () => {
    const record = JSON.parse(
      readFileSync(
        fileURLToPath(new URL('../../../examples/central-asia-2023.ndjson', import.meta.url)),
        'utf8',
      ).split('\n')[0]!,
    );
    const file = join(dir, 'escapes.ndjson');
    const claimant = 'Spoof\u001b[1A\u001b[2KOfficial';
    writeFileSync(
      file,
      `${JSON.stringify({ ...record, id: 'escapes-1', claimant, quote: 'a \u001b[2J\u009b31m quote' })}\n`,
    );
    const escapes = join(dir, 'escapes.sqlite');
    expect(await run(['ingest', file, '--store', escapes], capture())).toBe(0);
    const bin = fileURLToPath(new URL('../bin/kb.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [
      bin,
      'trace',
      'escapes-1',
      '--store',
      escapes,
    ]);
    expect(stdout).toContain('Spoof\\u001b[1A\\u001b[2KOfficial');
    expect(stdout).toContain('a \\u001b[2J\\u009b31m quote');
    expect([stdout.includes('\u001b'), stdout.includes('\u009b')]).toEqual([false, false]);
    // Stored as written all the same.
    const json = await promisify(execFile)(process.execPath, [
      bin,
      'trace',
      'escapes-1',
      '--json',
      '--store',
      escapes,
    ]);
    expect(JSON.parse(json.stdout).current.claimant.asWritten).toBe(claimant);
  });

  it('runs through npx-style bin with tsx and prints usage', async () => {
    const bin = fileURLToPath(new URL('../bin/kb.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'help']);
    expect(stdout).toMatch(/^kb: a knowledge base of contested claims/);
  });
});
