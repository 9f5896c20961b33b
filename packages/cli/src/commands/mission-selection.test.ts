// kb mission --controller NAME --limit N: a mission's accounts narrowed to those naming one
// controller, or to the first few, while the status and counts stay those of the whole mission.
import { describe, expect, it } from 'vitest';
import { bonnVisit, ingestStage, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-mission-selection-');
const store = `${dir}/kb.sqlite`;

// Bonn: three accounts naming the Taliban, two naming the republic (one of them later retracted),
// and a denial naming no controller.
const taliban = (id: string) => ({
  ...bonnVisit(id, 'asserts', `https://alpha.example/${id}`),
  controller: 'taliban',
});
const records = [
  taliban('t1'),
  bonnVisit('r1', 'asserts', 'https://alpha.example/r1'),
  taliban('t2'),
  bonnVisit('r2', 'asserts', 'https://alpha.example/r2'),
  bonnVisit('d1', 'denies', 'https://alpha.example/d1', 't1'),
  taliban('t3'),
  {
    type: 'event',
    event: {
      type: 'ActorRegistered',
      data: { actorId: 'nrf', name: 'National Resistance Front', kind: 'faction', aliases: ['NRF'] },
    },
  },
  {
    type: 'retraction',
    claim: 'r2',
    reason: 'the outlet withdrew the report',
    source: { outlet: 'Alpha News', url: 'https://alpha.example/r2-withdrawn', published: '2023-05-20' },
  },
];

const mission = async (...args: string[]) => {
  const run = await kbOn(store, 'mission', 'Bonn', ...args);
  return { ...run, heads: run.text.split('\n').filter((line) => /^\[\d+\] /.test(line)) };
};
const ids = (heads: readonly string[]) => heads.map((h) => /^\[(\d+)\] (\w+):/.exec(h)!.slice(1).join(' '));

describe('kb mission --controller and --limit', () => {
  it('lists every account, numbered, when neither is given', async () => {
    await ingestStage(store, dir, 'bonn.ndjson', records);
    const all = await mission();
    expect(all.code).toBe(0);
    expect(ids(all.heads)).toEqual(['1 t1', '2 r1', '3 t2', '4 d1', '5 t3', '6 r2']);
    expect(all.text).not.toMatch(/^Listed:/m);
    expect(all.text).not.toMatch(/not listed/);
  });

  it('keeps the accounts naming the controller, numbered as in the whole list, with the whole counts', async () => {
    const all = await mission();
    const republic = await mission('--controller', 'republic');
    expect(republic.code).toBe(0);
    expect(ids(republic.heads)).toEqual(['2 r1', '6 r2']);
    // The retracted one keeps its own heading.
    expect(republic.text).toMatch(/Retracted by their sources[^\n]*\n\n\[6\] r2:/);
    expect(republic.text).toMatch(
      /^Listed: the 2 accounts naming republic, of 6 \(--controller republic\); numbered as in the whole list$/m,
    );
    // Status and counts are the whole mission's, line for line.
    const head = (text: string) => text.split('\n').slice(0, 4);
    expect(head(republic.text)).toEqual(head(all.text));
    // So is an account's contradiction list: r1 still contradicts the Taliban's accounts.
    const r1 = (text: string) =>
      text.slice(text.indexOf('[2] r1:'), text.indexOf('\n\n', text.indexOf('[2] r1:')));
    expect(r1(republic.text)).toBe(r1(all.text));
    expect(r1(republic.text)).toMatch(/contradicts\s+t1, t2, t3/);
  });

  it('reads the controller as an alias, a name, in any case, and "no controller" as unknown', async () => {
    for (const name of ['Islamic Emirate', 'TALIBAN', 'the Taliban'])
      expect(ids((await mission('--controller', name)).heads)).toEqual(['1 t1', '3 t2', '5 t3']);
    for (const name of ['unknown', 'no controller', 'NO  Controller'])
      expect(ids((await mission('--controller', name)).heads)).toEqual(['4 d1']);
    // The text view's label for none is read back as none.
    expect((await mission('--controller', 'none (closed)')).text).toMatch(
      /^Listed: none; no account of the 6 names none \(closed\)/m,
    );
  });

  it('says so when no account names a controller kb knows', async () => {
    const none = await mission('--controller', 'host-government');
    expect(none.code).toBe(0);
    expect(none.heads).toEqual([]);
    expect(none.text).toMatch(
      /^Listed: none; no account of the 6 names host-government \(--controller host-government\)$/m,
    );
    // A registered actor no account of Bonn names, by its id, name or alias.
    for (const name of ['nrf', 'National Resistance Front', 'NRF'])
      expect((await mission('--controller', name)).text).toMatch(
        new RegExp(
          `^Listed: none; no account of the 6 names nrf \\(--controller ${name === 'nrf' || name === 'NRF' ? name : '"National Resistance Front"'}\\)$`,
          'm',
        ),
      );
  });

  it('refuses a name no actor has, with the one meant and the names the accounts use', async () => {
    const far = await mission('--controller', 'xyz');
    expect(far.code).toBe(1);
    expect(far.err).toMatch(
      /names no controller kb knows \(an actor's id, name or alias, none or unknown\)\. The accounts of/,
    );
    const typo = await mission('--controller', 'Talibn');
    expect(typo.code).toBe(1);
    expect(typo.text).toBe('');
    expect(typo.err).toMatch(
      /--controller "Talibn" names no controller kb knows \(an actor's id, name or alias, none or unknown\); did you mean taliban\? The accounts of de-bonn-consulate-general name taliban \(3\), republic \(2\), unknown \(1\)$/,
    );
  });

  it('lists the first N, standing before retracted, and says how many more and how to list them', async () => {
    const two = await mission('--limit', '2');
    expect(ids(two.heads)).toEqual(['1 t1', '2 r1']);
    expect(two.text).toMatch(
      /^Listed: the first 2 of the 6 accounts \(--limit 2\); numbered as in the whole list$/m,
    );
    expect(two.text).toMatch(/\n\n… and 4 more accounts not listed \(--limit 6 lists them all\)$/);
    expect(two.text).not.toMatch(/Retracted by their sources/);
    const republicOne = await mission('--controller', 'republic', '--limit', '1');
    expect(ids(republicOne.heads)).toEqual(['2 r1']);
    expect(republicOne.text).toMatch(
      /^Listed: the first of the 2 accounts naming republic, of 6 \(--controller republic --limit 1\);/m,
    );
    expect(republicOne.text).toMatch(
      /… and 1 more account naming republic not listed \(--limit 2 lists them all\)$/,
    );
    // A limit reaching the retracted accounts lists them under their heading; one past the end cuts nothing.
    expect(ids((await mission('--limit', '6')).heads)).toEqual([
      '1 t1',
      '2 r1',
      '3 t2',
      '4 d1',
      '5 t3',
      '6 r2',
    ]);
    const past = await mission('--limit', '50');
    expect(past.text).toMatch(/^Listed: the 6 accounts \(--limit 50\); numbered as in the whole list$/m);
    expect(past.text).not.toMatch(/not listed/);
  });

  it('narrows --json the same way, and says what it was asked under shown', async () => {
    const whole = JSON.parse((await mission('--json')).text);
    expect(whole.shown).toBeUndefined();
    expect(whole.accounts).toHaveLength(5);
    const json = JSON.parse((await mission('--json', '--controller', 'Republic', '--limit', '1')).text);
    expect(json.accounts.map((a: { claimId: string }) => a.claimId)).toEqual(['r1']);
    expect(json.retractedAccounts).toEqual([]);
    expect(json.shown).toEqual({
      controller: 'republic',
      limit: 1,
      accounts: 1,
      retractedAccounts: 0,
      matching: 2,
      of: 6,
    });
    // The whole mission's status and counts are kept.
    expect(json.status).toBe(whole.status);
    expect(json.independentOrigins).toBe(whole.independentOrigins);
    expect(json.restsOn).toEqual(whole.restsOn);
  });

  it('refuses a limit that is not a whole number of 1 or more, and --controller on other commands', async () => {
    for (const bad of ['0', '-1', '2.5', 'all']) {
      const run = await mission(`--limit=${bad}`);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(
        new RegExp(`--limit expects a whole number 1 or more, got "${bad.replace('.', '\\.')}"`),
      );
    }
    const status = await kbOn(store, 'status', '--controller', 'taliban');
    expect(status.code).toBe(2);
    expect(status.err).toMatch(/kb status does not take --controller \(kb mission does\)/);
    // kb log keeps its own range and default.
    expect((await kbOn(store, 'log', '--limit', '100001')).err).toMatch(/from 1 to 100000/);
  });
});
