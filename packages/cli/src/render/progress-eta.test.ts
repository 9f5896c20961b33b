// A bar whose total is known says about how long is left: not before it has counted for two
// seconds, from the rate over the last ten seconds of work (so one quick or slow batch does not
// swing it), never below nothing, not at 100%, and the first thing left out on a narrow terminal.
// A bar without a total says how long it has been counting instead.
import { describe, expect, it } from 'vitest';
import { fakeTerminal } from '../testing/fake-terminal.js';
import { progressBar } from './progress.js';
import { roughly } from './progress-estimate.js';

const TOTAL = 100_000;
const events = (done: number) => `${done} of ${TOTAL} events`;

describe('the time left on a bar', () => {
  it('is not guessed in the first two seconds, then follows the rate', () => {
    const term = fakeTerminal(80);
    const bar = progressBar(term.stream, 'verify', term.now);
    bar.update(0, TOTAL, events(0));
    term.clock.now += 1_900;
    bar.update(1_900, TOTAL, events(1_900));
    expect(term.frames().at(-1)).toBe('verify [....................]   1% 1900 of 100000 events');
    term.clock.now += 100;
    bar.update(2_000, TOTAL, events(2_000));
    // 98,000 events at 1,000 a second: 98 s, said to the nearest ten seconds over a minute.
    expect(term.frames().at(-1)).toBe(
      'verify [....................]   2% 2000 of 100000 events, ~1m40s left',
    );
  });

  it('keeps steady when the work comes in bursts, and follows a lasting change of pace', () => {
    const term = fakeTerminal(80);
    const bar = progressBar(term.stream, 'verify', term.now);
    let done = 0;
    const shown: Array<{ done: number; seconds: number }> = [];
    const step = (gain: number) => {
      term.clock.now += 250;
      done += gain;
      bar.update(done, TOTAL, events(done));
      const left = /~(?:(\d+)m)?(\d+)s left$/.exec(term.frames().at(-1)!);
      if (left !== null) shown.push({ done, seconds: Number(left[1] ?? 0) * 60 + Number(left[2]) });
    };
    bar.update(0, TOTAL, events(0));
    // 1,000 a second on average, in bursts: every other update brings 500, the others nothing. An
    // estimate from the last update alone would say half the time left, then nothing, in turn.
    for (let i = 0; i < 80; i++) step(i % 2 === 0 ? 500 : 0);
    expect(shown.length).toBe(73);
    for (const { done, seconds } of shown) {
      const truth = (TOTAL - done) / 1_000;
      expect(Math.abs(seconds - truth)).toBeLessThanOrEqual(truth * 0.1);
    }
    // Then ten times slower: after ten seconds at that pace, the estimate is the new pace's
    // (78,900 events at 100 a second), not the whole run's average.
    for (let i = 0; i < 44; i++) step(25);
    expect(term.frames().at(-1)).toMatch(/ 21% 21100 of 100000 events, ~13m10s left$/);
  });

  it('is never below nothing and gone at 100%', () => {
    const term = fakeTerminal(80);
    const bar = progressBar(term.stream, 'verify', term.now);
    bar.update(0, TOTAL, events(0));
    term.clock.now += 5_000;
    bar.update(99_990, TOTAL, events(99_990));
    expect(term.frames().at(-1)).toMatch(/ 99% 99990 of 100000 events, ~1s left$/);
    term.clock.now += 1_000;
    bar.update(TOTAL, TOTAL, events(TOTAL));
    expect(term.frames().at(-1)).toBe('verify [####################] 100% 100000 of 100000 events');
    term.clock.now += 1_000;
    bar.update(TOTAL + 5, TOTAL, events(TOTAL + 5));
    expect(term.frames().at(-1)).toBe('verify [####################] 100% 100005 of 100000 events');
  });

  it('is not guessed while nothing has moved for ten seconds', () => {
    const term = fakeTerminal(80);
    const bar = progressBar(term.stream, 'verify', term.now);
    bar.update(0, TOTAL, events(0));
    term.clock.now += 3_000;
    bar.update(3_000, TOTAL, events(3_000));
    expect(term.frames().at(-1)).toMatch(/, ~1m40s left$/);
    // Waiting (for another writer's lock, say): no count comes for ten seconds.
    term.clock.now += 10_000;
    bar.update(3_000, TOTAL, events(3_000));
    expect(term.frames().at(-1)).toMatch(/ 3000 of 100000 events$/);
  });
});

describe('the time left on a narrow terminal', () => {
  /** The last frame of a bar at 2,000 of 100,000 after two seconds, on `columns` columns. */
  const at = (columns: number, label: string, detail: (done: number) => string) => {
    const term = fakeTerminal(columns);
    const bar = progressBar(term.stream, label, term.now);
    bar.update(0, TOTAL, detail(0));
    term.clock.now += 2_000;
    bar.update(2_000, TOTAL, detail(2_000));
    return term.frames().at(-1)!;
  };

  it('goes before the graph', () => {
    expect(at(60, 'verify', events)).toBe('verify [..........]   2% 2000 of 100000 events, ~1m40s left');
    // One column less: the graph and the estimate do not both fit beside the count; the graph stays.
    expect(at(59, 'verify', events)).toBe('verify [..........]   2% 2000 of 100000 events');
    expect(at(40, 'verify', events)).toBe('verify   2% 2000 of 100000 events');
  });
});

describe('a bar without a total', () => {
  it('says how long it has counted, from two seconds on', () => {
    const term = fakeTerminal(80);
    const bar = progressBar(term.stream, 'ingest', term.now);
    bar.update(100, null, '100 lines');
    term.clock.now += 1_999;
    bar.update(200, null, '200 lines');
    expect(term.frames().at(-1)).toBe('ingest 200 lines');
    term.clock.now += 63_001;
    bar.update(300, null, '300 lines');
    expect(term.frames().at(-1)).toBe('ingest 300 lines, 1m05s so far');
  });
});

describe('roughly', () => {
  it('says seconds under a minute, tens of seconds under an hour, minutes above', () => {
    expect([0.2, 45, 59.5, 64, 130, 3_594, 3_600, 3_725].map(roughly)).toEqual([
      '1s',
      '45s',
      '1m00s',
      '1m00s',
      '2m10s',
      '59m50s',
      '1h00m',
      '1h02m',
    ]);
  });
});
