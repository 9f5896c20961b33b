// The questions analysts and auditors ask of the bundled dataset, each through kb as a user runs it,
// on a knowledge base `kb demo` built for this file: status, missions, traces, timelines, sources,
// the log, verify and rebuild. Nothing here adds to the knowledge base.
import { openKnowledgeBase } from '@kb/ingest';
import { describe, expect, it } from 'vitest';
import { run } from '../cli.js';
import { capture, demoKnowledgeBase, type MissionJson } from '../testing/cli-test-kit.js';

const base = demoKnowledgeBase('kb-read-');
const { kb } = base;

describe('kb on the bundled dataset', () => {
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

  it('status marks a status that rests on accounts only possibly happened by the world date', async () => {
    const early = await kb('status', '--at', '2022-01-01');
    // Dated `earlier` (by the article's day, start unknown): only possibly true in January 2022.
    expect(early.text).toMatch(
      /^cn-beijing-embassy +Beijing, China +undisputed \(possibly\) +taliban +1 +1$/m,
    );
    expect(early.text).toMatch(/^uz-tashkent-embassy +Tashkent, Uzbekistan +unknown +- +0 +0$/m);
    expect(early.text).toContain(
      '\n(possibly): at least one account the status rests on only possibly happened by the world date (kb mission shows how many, and which)',
    );
    const now = await kb('status');
    expect(now.text).not.toContain('(possibly)');
  });

  it('replayed to 2022-01-01 Ashgabat is unknown', async () => {
    const r = await kb('mission', 'Ashgabat', '--at', '2022-01-01', '--known-at', '2022-01-01', '--json');
    expect(r.code).toBe(0);
    expect((r.out.json_[0] as { status: string }).status).toBe('unknown');
  });

  it('mission --json says which replay it answers, as the text says "Replayed to"', async () => {
    const asked = await kb('mission', 'Ashgabat', '--at', '2022-01-01', '--known-at', '2022-01-01', '--json');
    expect((asked.out.json_[0] as { query: unknown }).query).toEqual({
      at: '2022-01-01',
      knownAt: '2022-01-01',
      recordedAt: null,
      recordedBy: null,
    });
    // A recorded time must have passed: today as a day, and the moment just gone at UTC+2 (the
    // dataset was recorded before it).
    const today = new Date().toISOString().slice(0, 10);
    const day = await kb('mission', 'Ashgabat', '--recorded-at', today, '--json');
    expect((day.out.json_[0] as { query: unknown }).query).toEqual({
      at: null,
      knownAt: null,
      recordedAt: today,
      recordedBy: `${today}T23:59:59.999Z`,
    });
    const utc = new Date(Date.now() - 1);
    const plusTwo = `${new Date(utc.getTime() + 2 * 3600_000).toISOString().slice(0, 23)}+02:00`;
    const instant = await kb('mission', 'Ashgabat', '--recorded-at', plusTwo, '--json');
    expect((instant.out.json_[0] as { query: unknown }).query).toMatchObject({
      recordedAt: utc.toISOString(),
      recordedBy: utc.toISOString(),
    });
  });

  it('mission accepts another spelling of the city and says when nothing matches', async () => {
    const r = await kb('mission', 'Khorugh');
    expect(r.code).toBe(0);
    expect(r.text).toContain('tj-khorog-consulate');
    const none = await kb('mission', 'Atlantis');
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/no mission matches "Atlantis"/);
  });

  it('mission takes the place as kb status prints it; trace takes an id in other case or with spaces', async () => {
    const status = await kb('status', '--contested');
    const place = /^tj-khorog-consulate +(\S.*?\S) {2,}contested/m.exec(status.text)?.[1];
    expect(place).toBe('Khorog, Tajikistan');
    for (const text of [place!, 'Khorugh, Tajikistan']) {
      const r = await kb('timeline', text);
      expect(r.code, text).toBe(0);
      expect(r.text, text).toMatch(/^Timeline of tj-khorog-consulate$/m);
    }
    for (const typed of ['Diplomat-2023-03-Khorog-Denial', ' diplomat-2023-03-khorog-denial ']) {
      const r = await kb('trace', typed);
      expect(r.code, typed).toBe(0);
      expect(r.text, typed).toMatch(/^Claim diplomat-2023-03-khorog-denial$/m);
    }
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
    const opened = await openKnowledgeBase({ store: base.store });
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
    expect(t.text).toContain(
      'Across world time (what happened when), from every report; everything recorded so far:',
    );
    // Each axis's section says where the other axes were held.
    const cut = await kb('timeline', 'Ashgabat', '--known-at', '2023-03-01', '--at', '2022-01-01');
    expect(cut.text).toContain(
      'Across world time (what happened when), from reports published by 2023-03-01; everything recorded so far:',
    );
    expect(cut.text).toContain(
      'Across publication time (what was known when), judged at world time 2022-01-01; everything recorded so far:',
    );
    // The appointment is dated `earlier`: possible with no start, certain from the article's date.
    // The first row lists the accounts; a later one what changed, and how many stand.
    expect(t.text).toMatch(
      /^\(no start\) +undisputed +taliban +possibly +1 +diplomat-2023-03-ashgabat-embassy-charge$/m,
    );
    expect(t.text).toMatch(
      /^2022-03-01 +undisputed +taliban +possibly +2 +\+diplomat-2023-03-ashgabat-handover$/m,
    );
    expect(t.text).toMatch(/^2023-03-28 +undisputed +taliban +certainly +2 +\(same accounts\)$/m);
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
    const esdbOut = capture();
    expect(await run(['rebuild', '--eventstore', 'esdb://localhost:2113?tls=false'], esdbOut)).toBe(2);
    expect(esdbOut.stderr.join('\n')).toMatch(/works on the embedded store/);
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
    expect(page.text.endsWith(` --store ${base.store}`)).toBe(true);

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

    // A run no event names: the runs read past are offered, the one a slip away by name.
    const runs = [...new Set(all.map((e) => e.metadata.ingestRunId!))];
    const none = await kb('log', '--run', 'no-such-run');
    expect(none.code).toBe(0);
    expect(none.text).toBe(
      'Events written by ingest run no-such-run, from position 1:\n(no events)\n' +
        `No event read was written by that run. The newest runs read: ${runs.toReversed().slice(0, 3).join(', ')}` +
        `${runs.length > 3 ? `, of ${runs.length} runs` : ''}.\n` +
        `Every ingest run the log holds, with what each wrote: kb log --runs --store ${base.store}`,
    );
    const slip = await kb('log', '--run', `${run.slice(0, -1)}x`);
    expect(slip.text).toMatch(
      new RegExp(
        `\\(no events\\)\nNo event read was written by that run. Did you mean ${run}\\?\nEvery ingest run the log holds, with what each wrote: kb log --runs --store \\S+$`,
      ),
    );
    // Past the last event, nothing is read: nothing to offer.
    const past = await kb('log', '--run', 'no-such-run', '--from', String(all.length + 1));
    expect(past.text).toMatch(
      new RegExp(
        `\\(no events\\)\nNo event read names an ingest run\\.\nThe log ends at position ${all.length}\\.\nEvery ingest run the log holds, with what each wrote: kb log --runs --store \\S+$`,
      ),
    );
  });

  it('log that finds nothing says where the log ends, or the stream meant when its kind was left off', async () => {
    const all = (await kb('log', '--limit', '100000', '--json')).out.json_[0] as { position: number }[];
    const end = await kb('log', '--from', String(all.length + 5));
    expect(end.code).toBe(0);
    expect(end.text).toMatch(new RegExp(`\\(no events\\)\nThe log ends at position ${all.length}\\.$`));
    // A claim's id is not its stream's name: the listing says which stream holds it.
    const bare = await kb('log', '--stream', 'diplomat-2023-03-khorog-visit');
    expect(bare.text).toMatch(
      /\(no events\)\nStreams are named with their kind: kb log --from 1 --stream claim-diplomat-2023-03-khorog-visit --store \S+$/,
    );
    const named = await kb('log', '--stream', 'claim-diplomat-2023-03-khorog-visit', '--json');
    expect((named.out.json_[0] as unknown[]).length).toBeGreaterThan(0);
    // Past the log's end as well: the stream is offered from its start, so the command finds it.
    const both = await kb(
      'log',
      '--stream',
      'diplomat-2023-03-khorog-visit',
      '--from',
      String(all.length + 5),
    );
    expect(both.text).toMatch(
      new RegExp(
        `\\(no events\\)\nThe log ends at position ${all.length}\\.\nStreams are named with their kind: kb log --from 1 --stream claim-diplomat-2023-03-khorog-visit --store \\S+$`,
      ),
    );
    // A stream that is nowhere, with or without its kind: nothing more to say.
    expect((await kb('log', '--stream', 'no-such-thing')).text).toMatch(/\(no events\)$/);
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
});
