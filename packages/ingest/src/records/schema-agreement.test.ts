// The JSON Schema takes what ingest takes, field by field where a pattern says it: the source's URL
// (http or https only), the day it was retrieved, and an occurred of at most 100 characters without
// the white space around it (which is not stored).
import { describe, expect, it } from 'vitest';
import { claimRecordJsonSchema } from './json-schema.js';
import { parseRecord } from './parse-record.js';

interface Field {
  readonly pattern?: string;
}
const schema = JSON.parse(claimRecordJsonSchema()) as {
  anyOf: { properties: { occurred: Field; source: { properties: { url: Field; retrieved: Field } } } }[];
};
const claim = schema.anyOf[0]!.properties;
/** What the schema's pattern for a field says of a value (JSON Schema reads patterns as Unicode regexes). */
const schemaTakes = (pattern: string | undefined, value: string) =>
  new RegExp(pattern ?? '(?!)', 'u').test(value);

const record = (overrides: Record<string, unknown> = {}, source: Record<string, unknown> = {}) => ({
  mission: 'tj-khorog-consulate',
  kind: 'visit',
  stance: 'asserts',
  controller: 'taliban',
  occurred: '2023-03-23',
  claimant: 'x',
  source: { outlet: 'O', published: '2023-03-28', ...source },
  quote: 'q',
  ...overrides,
});
const issues = (value: unknown) => {
  const parsed = parseRecord(value);
  return parsed.ok ? [] : parsed.issues;
};

describe('the JSON Schema and ingest', () => {
  it('take the same source.url: http and https addresses only', () => {
    const web = 'expected an http or https address such as https://thediplomat.com/2023/03/report/';
    for (const [url, taken] of [
      ['https://example.org/a', true],
      ['http://example.org/a', true],
      ['HTTPS://Example.org/a', true],
      ['ftp://example.org/x', false],
      ['mailto:a@example.org', false],
      ['urn:isbn:0451450523', false],
      ['javascript:alert(1)', false],
      ['/a/b', false],
    ] as const) {
      expect(schemaTakes(claim.source.properties.url.pattern, url), url).toBe(taken);
      // Refused once, in the words of an address, though two checks refuse it.
      expect(issues(record({}, { url })), url).toEqual(
        taken ? [] : [{ path: 'source.url', message: `${web}; got string ${JSON.stringify(url)}` }],
      );
    }
  });

  it('take the same source.retrieved: one day written YYYY-MM-DD', () => {
    for (const [retrieved, taken] of [
      ['2023-04-01', true],
      ['2023/04/01', false],
      ['2023-04', false],
      [' 2023-04-01', false],
    ] as const) {
      expect(schemaTakes(claim.source.properties.retrieved.pattern, retrieved), retrieved).toBe(taken);
      expect(issues(record({}, { retrieved })).length === 0, retrieved).toBe(taken);
    }
  });

  it('count occurred without the white space around it, and say so', () => {
    for (const [occurred, taken] of [
      ['2023-03-23', true],
      [`2023-03-23${' '.repeat(91)}`, true],
      [` ${'x'.repeat(100)}\t`, true],
      ['x'.repeat(101), false],
      ['', false],
      ['   ', false],
    ] as const) {
      expect(schemaTakes(claim.occurred.pattern, occurred), JSON.stringify(occurred)).toBe(taken);
      expect(issues(record({ occurred })).length === 0, JSON.stringify(occurred)).toBe(taken);
    }
    expect(issues(record({ occurred: ` ${'x'.repeat(101)} ` }))).toEqual([
      {
        path: 'occurred',
        message: '101 characters long; the most this field takes is 100, not counting white space around it',
      },
    ]);
    expect(issues(record({ occurred: '' }))).toEqual([
      { path: 'occurred', message: 'empty, but it needs a value' },
    ]);
  });
});
