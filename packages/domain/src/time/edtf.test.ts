import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVagueDate, vagueDate } from './edtf.js';
import { VagueDate } from './vague-date.js';
import { VagueDateError } from './vague-date-error.js';

type Row = readonly [text: string, earliest: string | null, latest: string | null];

function expectBounds([text, earliest, latest]: Row): void {
  const result = parseVagueDate(text);
  expect(result).toEqual({ ok: true, value: { text, earliest, latest, anchor: null } });
}

function errorOf(text: string, anchor?: string | null): string {
  const result = parseVagueDate(text, { anchor: anchor ?? null });
  if (result.ok) throw new Error(`expected "${text}" to be refused, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('days, months and years', () => {
  it.each<Row>([
    ['2023-03-23', '2023-03-23', '2023-03-23'],
    ['2023-03', '2023-03-01', '2023-03-31'],
    ['2023-04', '2023-04-01', '2023-04-30'],
    ['2022', '2022-01-01', '2022-12-31'],
    ['1000', '1000-01-01', '1000-12-31'],
    ['9999-12-31', '9999-12-31', '9999-12-31'],
  ])('%s -> %s .. %s', (...row) => expectBounds(row));

  it.each<Row>([
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['2023-02', '2023-02-01', '2023-02-28'],
    ['2000-02', '2000-02-01', '2000-02-29'],
    ['1900-02', '1900-02-01', '1900-02-28'],
    ['2024-02-29', '2024-02-29', '2024-02-29'],
  ])('leap years: %s -> %s .. %s', (...row) => expectBounds(row));

  it('keeps the text exactly as written, trimming only the outer whitespace', () => {
    expect(vagueDate('  2023-03 \n').text).toBe('2023-03');
    expect(vagueDate(' UnKnown ').text).toBe('UnKnown');
    expect(vagueDate('2022-06 / 2022-08').text).toBe('2022-06 / 2022-08');
  });

  it('produces values the VagueDate schema accepts', () => {
    for (const text of ['2023-03-23', '2022-24~', '../2022-07', 'unknown', '202X']) {
      expect(VagueDate.safeParse(vagueDate(text)).success).toBe(true);
    }
  });
});

describe('seasons and other sub-year groups', () => {
  it.each<Row>([
    ['2022-21', '2022-03-01', '2022-05-31'],
    ['2022-22', '2022-06-01', '2022-08-31'],
    ['2022-23', '2022-09-01', '2022-11-30'],
    ['2022-24', '2022-12-01', '2023-02-28'],
    ['2023-24', '2023-12-01', '2024-02-29'],
    ['2022-25', '2022-03-01', '2022-05-31'],
    ['2022-28', '2022-12-01', '2023-02-28'],
    ['2022-29', '2022-09-01', '2022-11-30'],
    ['2022-30', '2022-12-01', '2023-02-28'],
    ['2022-31', '2022-03-01', '2022-05-31'],
    ['2022-32', '2022-06-01', '2022-08-31'],
    ['2022-33', '2022-01-01', '2022-03-31'],
    ['2022-36', '2022-10-01', '2022-12-31'],
    ['2024-37', '2024-01-01', '2024-04-30'],
    ['2022-39', '2022-09-01', '2022-12-31'],
    ['2022-40', '2022-01-01', '2022-06-30'],
    ['2022-41', '2022-07-01', '2022-12-31'],
  ])('%s -> %s .. %s', (...row) => expectBounds(row));

  it('names each season by the code dates.md gives it, wherever a message suggests one', () => {
    // docs/dates.md: 21 spring (Mar-May), 22 summer (Jun-Aug), 23 autumn (Sep-Nov), 24 winter (Dec-Feb).
    const firstMonth: Record<string, string> = { spring: '03', summer: '06', autumn: '09', winter: '12' };
    const messages = ['next tuesday', '2022-42', '2022-22-05', '2022-03/summer'].map((t) => errorOf(t));
    const named = messages.flatMap((m) => [
      ...m.matchAll(/(\d{4}-\d{2}) \((spring|summer|autumn|winter)\)/g),
    ]);
    expect(named.length).toBeGreaterThan(0);
    for (const [, code, season] of named) {
      expect(vagueDate(code!).earliest?.slice(5, 7), `${code} (${season})`).toBe(firstMonth[season!]);
    }
    // The list of codes 21-24 names them in their order.
    const listed = /a season 21-24 \(([a-z, ]+)\)/.exec(errorOf('2022-42'))?.[1]?.split(', ');
    expect(listed).toEqual(['spring', 'summer', 'autumn', 'winter']);
    for (const [i, season] of listed!.entries()) {
      expect(vagueDate(`2022-${21 + i}`).earliest?.slice(5, 7)).toBe(firstMonth[season]);
    }
  });

  it('refuses codes that are neither months nor sub-year groups', () => {
    expect(errorOf('2022-20')).toContain('has no month 20');
    expect(errorOf('2022-42')).toContain('expected a month 01-12, a season 21-24');
  });

  it('refuses a day on a season', () => {
    expect(errorOf('2022-22-05')).toBe(
      '"2022-22-05" puts a day on a season or other sub-year group (summer); expected a season or quarter without a day, such as 2022-22',
    );
  });
});

describe('unspecified digits', () => {
  it.each<Row>([
    ['202X', '2020-01-01', '2029-12-31'],
    ['20XX', '2000-01-01', '2099-12-31'],
    ['1XXX', '1000-01-01', '1999-12-31'],
    ['2022-XX', '2022-01-01', '2022-12-31'],
    ['2022-XX-XX', '2022-01-01', '2022-12-31'],
    ['2024-02-XX', '2024-02-01', '2024-02-29'],
  ])('%s -> %s .. %s', (...row) => expectBounds(row));

  it.each([
    ['2X22', 'not at the end of the year'],
    ['202X-03', 'names a month of a year with unspecified digits'],
    ['2022-XX-05', 'names a day but not its month'],
    ['2022-1X', 'has a month written as "1X"'],
    ['2022-03-1X', 'has a day written as "1X"'],
    ['XXXX', 'has no digit of its year'],
  ])('refuses %s (%s)', (text, message) => {
    expect(errorOf(text)).toContain(message);
  });
});

describe('qualifiers', () => {
  it('? keeps the bounds of the date as written', () => {
    expect(vagueDate('2022-03?')).toMatchObject({ earliest: '2022-03-01', latest: '2022-03-31' });
    expect(vagueDate('2023-03-23?')).toMatchObject({ earliest: '2023-03-23', latest: '2023-03-23' });
  });

  it.each<Row>([
    ['2023-03-23~', '2023-03-20', '2023-03-26'],
    ['2023-03-01~', '2023-02-26', '2023-03-04'],
    ['2024-02-27~', '2024-02-24', '2024-03-01'],
    ['2022-12-30~', '2022-12-27', '2023-01-02'],
    ['2022-03~', '2022-02-01', '2022-04-30'],
    ['2022-01~', '2021-12-01', '2022-02-28'],
    ['2023-12~', '2023-11-01', '2024-01-31'],
    ['2022-03-XX~', '2022-02-01', '2022-04-30'],
    ['2022-22~', '2022-05-01', '2022-09-30'],
    ['2023-24~', '2023-11-01', '2024-03-31'],
    ['2022~', '2021-01-01', '2023-12-31'],
    ['2022-XX~', '2021-01-01', '2023-12-31'],
    ['202X~', '2019-01-01', '2030-12-31'],
    ['2023-03-23%', '2023-03-20', '2023-03-26'],
    ['2022%', '2021-01-01', '2023-12-31'],
  ])('approximate %s widens to %s .. %s', (...row) => expectBounds(row));

  it('clamps widened bounds to the years 1000-9999', () => {
    expect(vagueDate('1000~')).toMatchObject({ earliest: '1000-01-01', latest: '1001-12-31' });
    expect(vagueDate('9999-12-31~')).toMatchObject({ earliest: '9999-12-28', latest: '9999-12-31' });
    expect(vagueDate('1000-01-02~')).toMatchObject({ earliest: '1000-01-01', latest: '1000-01-05' });
  });

  it('refuses qualifiers inside a date or doubled', () => {
    expect(errorOf('2022-?03')).toContain('has a qualifier inside it or more than one');
    expect(errorOf('2022?~')).toContain('use % for "uncertain and approximate"');
  });
});

describe('intervals', () => {
  it.each<Row>([
    ['2022-06/2022-08', '2022-06-01', '2022-08-31'],
    ['2022/2023-02', '2022-01-01', '2023-02-28'],
    ['2022-06-15/2022-06', '2022-06-15', '2022-06-30'],
    ['2022-22/2022-24', '2022-06-01', '2023-02-28'],
    ['2022-06~/2022-08', '2022-05-01', '2022-08-31'],
    ['2022-06/2022-08%', '2022-06-01', '2022-09-30'],
    ['2022-06?/2022-08?', '2022-06-01', '2022-08-31'],
    ['2022-08~/2022-08-05', '2022-07-01', '2022-08-05'],
  ])('closed %s -> %s .. %s', (...row) => expectBounds(row));

  it.each<Row>([
    ['../2022-07', null, '2022-07-31'],
    ['/2022-07', null, '2022-07-31'],
    ['2022-06/..', '2022-06-01', null],
    ['2022-06/', '2022-06-01', null],
    ['../2022-24', null, '2023-02-28'],
  ])('open or unknown end %s -> %s .. %s', (...row) => expectBounds(row));

  it('refuses an interval that ends before it starts, naming both days', () => {
    expect(errorOf('2022-08/2022-06')).toBe(
      '"2022-08/2022-06" ends before it starts ("2022-06" ends 2022-06-30, before "2022-08" starts 2022-08-01); expected an interval whose end is not before its start',
    );
    expect(errorOf('2022-06-15/2022-06-14')).toContain('ends before it starts');
  });

  it('takes an interval that starts and ends on the same day, or in the same month', () => {
    expectBounds(['2023-03-23/2023-03-23', '2023-03-23', '2023-03-23']);
    expectBounds(['2023-03/2023-03', '2023-03-01', '2023-03-31']);
  });

  it('judges the order on the dates as written, not on the widened bounds', () => {
    expect(errorOf('2022-08~/2022-07')).toContain('ends before it starts');
  });

  it('refuses intervals with no known end, several slashes or a bad end', () => {
    expect(errorOf('../..')).toContain('has no known end; write "unknown" instead');
    expect(errorOf('/')).toContain('has no known end');
    expect(errorOf('2022/2023/2024')).toContain('has 2 slashes; an interval has one');
    expect(errorOf('2022-06/2022-02-30')).toBe(
      'in the interval "2022-06/2022-02-30", "2022-02-30" is not a real day (February 2022 has 28 days); expected a day 01-28 in February 2022',
    );
    expect(errorOf('2022-06/soon')).toContain(
      'expected an EDTF date such as 2023-03-23, 2023-03, 2022-22 or 2022-03~ at each end',
    );
    expect(errorOf('unknown/2022')).toContain('"unknown" is not a date we can read');
  });
});

describe('unknown, earlier, before and after', () => {
  it('reads "unknown" in any case as open on both sides', () => {
    expect(vagueDate('unknown')).toEqual({ text: 'unknown', earliest: null, latest: null, anchor: null });
    expect(vagueDate('Unknown')).toMatchObject({ earliest: null, latest: null });
  });

  it('resolves "earlier" against the publication day, keeping the anchor', () => {
    expect(vagueDate('earlier', '2023-03-28')).toEqual({
      text: 'earlier',
      earliest: null,
      latest: '2023-03-28',
      anchor: '2023-03-28',
    });
    expect(parseVagueDate('Earlier', { anchor: '2023-03-28' })).toMatchObject({
      ok: true,
      value: { text: 'Earlier', latest: '2023-03-28' },
    });
  });

  it('takes the latest bound of a vague publication date as the anchor', () => {
    expect(vagueDate('earlier', '2023-03')).toMatchObject({ latest: '2023-03-31', anchor: '2023-03-31' });
    expect(vagueDate('earlier', '2022-24')).toMatchObject({ latest: '2023-02-28', anchor: '2023-02-28' });
  });

  it('refuses "earlier" without a usable publication date', () => {
    expect(errorOf('earlier')).toBe(
      '"earlier" needs a publication date to resolve against; expected a publication date with a known latest day, such as 2023-03-28',
    );
    expect(errorOf('earlier', null)).toContain('needs a publication date to resolve against');
    // A publication date of white space alone is no publication date: said as for none at all.
    expect(errorOf('earlier', '  ')).toBe(errorOf('earlier', null));
    expect(errorOf('earlier', '')).toBe(errorOf('earlier', null));
    expect(errorOf('earlier', 'unknown')).toContain('"unknown" has no latest day');
    expect(errorOf('earlier', '2023-02-30')).toContain('"2023-02-30" is not a real day');
    expect(errorOf('earlier', 'earlier')).toContain('"earlier" is not one');
  });

  it('accepts an open-start anchor, whose latest day is known', () => {
    expect(vagueDate('earlier', '../2023-03')).toMatchObject({ latest: '2023-03-31', anchor: '2023-03-31' });
  });

  it('ignores the anchor for every other form', () => {
    expect(vagueDate('2022-22', '2023-03-28')).toMatchObject({ anchor: null, latest: '2022-08-31' });
  });

  it.each<Row>([
    ['before 2022-22', null, '2022-05-31'],
    ['before 2022-03-01', null, '2022-02-28'],
    ['Before 2024-03', null, '2024-02-29'],
    ['after 2022-03', '2022-04-01', null],
    ['after 2022-24', '2023-03-01', null],
  ])('%s -> %s .. %s', (...row) => expectBounds(row));

  it('refuses before/after with a qualifier, an interval or a bad date', () => {
    expect(errorOf('before 2022~')).toContain('needs one plain date after "before"');
    expect(errorOf('after 2022/2023')).toContain('needs one plain date after "after"');
    expect(errorOf('before 2022-13')).toContain('in "before 2022-13", "2022-13" has no month 13');
  });

  it('refuses a day before the first day a date can name, or after the last, rather than name the day itself', () => {
    expect(errorOf('before 1000-01-01')).toContain(
      '"before 1000-01-01": no day before 1000-01-01 can be named',
    );
    expect(errorOf('before 1000')).toContain('no day before 1000-01-01 can be named');
    expect(errorOf('after 9999-12-31')).toContain('"after 9999-12-31": no day after 9999-12-31 can be named');
    expect(errorOf('after 9999')).toContain('no day after 9999-12-31 can be named');
    expect(vagueDate('before 1000-01-02')).toMatchObject({ earliest: null, latest: '1000-01-01' });
    expect(vagueDate('after 9999-12-30')).toMatchObject({ earliest: '9999-12-31', latest: null });
  });
});

describe('refusals say what was expected', () => {
  it.each([
    [
      '2023-02-30',
      '"2023-02-30" is not a real day (February 2023 has 28 days); expected a day 01-28 in February 2023',
    ],
    [
      '2023-02-29',
      '"2023-02-29" is not a real day (February 2023 has 28 days); expected a day 01-28 in February 2023',
    ],
    [
      '2023-04-31',
      '"2023-04-31" is not a real day (April 2023 has 30 days); expected a day 01-30 in April 2023',
    ],
    [
      '2023-03-00',
      '"2023-03-00" is not a real day (March 2023 has 31 days); expected a day 01-31 in March 2023',
    ],
    [
      '2023-13',
      '"2023-13" has no month 13; expected a month 01-12, a season 21-24 (spring, summer, autumn, winter) or a code 25-41',
    ],
    [
      '2023-00',
      '"2023-00" has no month 00; expected a month 01-12, a season 21-24 (spring, summer, autumn, winter) or a code 25-41',
    ],
    ['99', '"99" has a 2-digit year; expected a four-digit year from 1000 to 9999'],
    ['12345', '"12345" has a 5-digit year; expected a four-digit year from 1000 to 9999'],
    ['0999', '"0999" has a year before 1000; expected a four-digit year from 1000 to 9999'],
    ['-2022', '"-2022" does not have a year we keep; expected a four-digit year from 1000 to 9999'],
    ['Y12345', '"Y12345" does not have a year we keep; expected a four-digit year from 1000 to 9999'],
    [
      'next tuesday',
      '"next tuesday" is not a date we can read; expected an EDTF date such as 2023-03-23, 2023-03, 2022-22 (summer), 2022-06/2022-08, ../2022-07, 2022-03~, "unknown" or "earlier"',
    ],
    [
      '2023-03-28T10:00:00Z',
      '"2023-03-28T10:00:00Z" has a time of day (dates are kept to the day); expected a day such as 2023-03-23',
    ],
    [
      '23/03/2023',
      '"23/03/2023" reads like day/month/year, which EDTF does not use; expected a day written year first, as 2023-03-23',
    ],
    [
      '23/03',
      'in the interval "23/03", "23" has a 2-digit year; expected a four-digit year from 1000 to 9999',
    ],
    [
      '   ',
      'the date is empty; write "unknown" if it is not known; expected an EDTF date such as 2023-03-23',
    ],
  ])('%s', (text, error) => {
    expect(errorOf(text)).toContain(error);
  });

  it('refuses text longer than the schema keeps', () => {
    expect(errorOf(`${'2022 '.repeat(25)}`)).toContain('characters long (at most 100)');
    // 100 characters are kept; 101 are not.
    const spaced = (length: number) => `2023-03-23${' '.repeat(length - 21)}/2023-03-24`;
    expect(spaced(100)).toHaveLength(100);
    expectBounds([spaced(100), '2023-03-23', '2023-03-24']);
    expect(errorOf(spaced(101))).toContain('the date is 101 characters long (at most 100)');
  });

  it('names the day meant by a day/month/year with one-digit day and month', () => {
    const result = parseVagueDate('5/3/2023');
    expect(result).toMatchObject({ ok: false, expected: 'a day written year first, as 2023-03-05' });
    expect(errorOf('23/03/2023')).toContain('reads like day/month/year');
    expect(errorOf('23/3/2023')).toContain('as 2023-03-23');
  });

  it('vagueDate throws a VagueDateError with the text and what was expected', () => {
    let caught: unknown;
    try {
      vagueDate(' 2023-02-30 ');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VagueDateError);
    const error = caught as VagueDateError;
    expect(error.name).toBe('VagueDateError');
    expect(error.text).toBe('2023-02-30');
    expect(error.expected).toBe('a day 01-28 in February 2023');
    expect(error.message).toBe(
      '"2023-02-30" is not a real day (February 2023 has 28 days); expected a day 01-28 in February 2023',
    );
  });

  it('parseVagueDate reports the expected form beside the error', () => {
    expect(parseVagueDate('2023-13')).toMatchObject({
      ok: false,
      expected: expect.stringContaining('a month 01-12'),
    });
  });
});

describe('properties', () => {
  const days = fc
    .date({
      min: new Date('1000-01-01T00:00:00Z'),
      max: new Date('9999-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));

  it('every real day reads as itself, and ~ puts it inside a window of at most seven days', () => {
    fc.assert(
      fc.property(days, (day) => {
        expect(vagueDate(day)).toMatchObject({ earliest: day, latest: day });
        const approximate = vagueDate(`${day}~`);
        expect(approximate.earliest! <= day && day <= approximate.latest!).toBe(true);
        const span = (Date.parse(approximate.latest!) - Date.parse(approximate.earliest!)) / 86_400_000;
        expect(span).toBeLessThanOrEqual(6);
      }),
    );
  });

  it('the month of any real day contains it and ends on the last day the calendar gives', () => {
    fc.assert(
      fc.property(days, (day) => {
        const month = vagueDate(day.slice(0, 7));
        expect(month.earliest! <= day && day <= month.latest!).toBe(true);
        const next = new Date(`${month.latest!}T00:00:00Z`);
        next.setUTCDate(next.getUTCDate() + 1);
        expect(next.getUTCDate()).toBe(1);
      }),
    );
  });
});
