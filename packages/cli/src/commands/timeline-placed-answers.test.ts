// A denial filed under one mission of a claim about another, and a confirmation siding with it, are
// placed at the denied claim's date (docs/contested-control.md, section 1): kb timeline of both
// missions steps there, and kb mission and kb status say on every step's first and last day what
// the step says.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-timeline-placed-');
const store = join(dir, 'kb.sqlite');
const kb = (...args: string[]) => kbOn(store, ...args);

const CONSULATE = { country: 'Uzbekistan', city: 'Romeo', kind: 'consulate' };
const EMBASSY = { country: 'Uzbekistan', city: 'Sierra', kind: 'embassy' };
let n = 0;
const claim = (
  id: string,
  mission: object,
  kind: string,
  stance: string,
  controller: string,
  occurred: string,
  published: string,
  respondsTo?: string,
) =>
  JSON.stringify({
    id,
    mission,
    kind,
    stance,
    controller,
    occurred,
    claimant: `Claimant ${++n}`,
    source: { outlet: `Outlet ${n}`, published },
    quote: `${id} says so.`,
    ...(respondsTo === undefined ? {} : { respondsTo }),
  });

beforeAll(async () => {
  const lines = [
    claim('r-visit', CONSULATE, 'visit', 'asserts', 'taliban', '2023-03-23', '2023-03-28'),
    claim('r-control', CONSULATE, 'control', 'asserts', 'taliban', '2023-02', '2023-02-20'),
    // Made on 26 March, of the visit of 23 March: placed at the 23rd, in both missions.
    claim('s-denial', EMBASSY, 'visit', 'denies', 'unknown', '2023-03-26', '2023-03-30', 'r-visit'),
    claim('s-state', EMBASSY, 'control', 'asserts', 'republic', '2023-03', '2023-04-01'),
    // Sides with the denial: placed where the denial is.
    claim('s-confirm', EMBASSY, 'statement', 'confirms', 'unknown', '2023-04-05', '2023-04-06', 's-denial'),
  ];
  const file = join(dir, 'placed.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const ingest = await kb('ingest', file);
  if (ingest.code !== 0) throw new Error(`ingest failed with ${ingest.code}: ${ingest.err}`);
});

interface Step {
  status: string;
  controller: string | null;
  happened: string | null;
  claimIds: string[];
}
interface Control extends Omit<Step, 'claimIds'> {
  mission: { id: string };
  accounts: { claimId: string }[];
}

const dayBefore = (day: string) => new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10);
const stepOf = ({ status, controller, happened, accounts }: Control): Step => ({
  status,
  controller,
  happened,
  claimIds: accounts.map((a) => a.claimId).sort(),
});

describe('kb timeline, answers placed at the date of the claim they answer', () => {
  it.each([
    ['uz-romeo-consulate', ['2023-02-01', '2023-02-28', '2023-03-23']],
    ['uz-sierra-embassy', ['2023-03-01', '2023-03-23', '2023-03-31']],
  ])('%s: steps at %j, and kb mission and kb status agree on each', async (mission, froms) => {
    const world = (
      (await kb('timeline', mission, '--json')).out.json_[0] as { world: (Step & { from: string })[] }
    ).world;
    expect(world.map((s) => s.from)).toEqual(froms);
    for (const [i, step] of world.entries()) {
      const next = world[i + 1]?.from;
      const expected = { ...step, claimIds: [...step.claimIds].sort(), from: undefined };
      for (const day of [step.from, next === undefined ? '9999-12-31' : dayBefore(next)]) {
        const control = (await kb('mission', mission, '--at', day, '--json')).out.json_[0] as Control;
        const row = ((await kb('status', '--at', day, '--json')).out.json_[0] as Control[]).find(
          (r) => r.mission.id === mission,
        )!;
        const { status, controller, happened, claimIds } = expected;
        expect({ day, ...stepOf(control) }).toEqual({ day, status, controller, happened, claimIds });
        expect({ day, ...stepOf(row) }).toEqual({ day, status, controller, happened, claimIds });
      }
    }
  });
});
