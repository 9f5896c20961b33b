import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { claimRecordJsonSchema, JSON_SCHEMA_PATH } from './json-schema.js';
import { parseRecord } from './parse-record.js';

const claim = {
  id: 'diplomat-2023-03-khorog-visit',
  mission: { country: 'Tajikistan', city: 'Khorog', kind: 'consulate' },
  kind: 'visit',
  stance: 'asserts',
  controller: 'taliban',
  occurred: '2023-03-23',
  claimant: 'Taliban Foreign Ministry spokesman',
  source: { outlet: 'The Diplomat', published: '2023-03-28', url: 'https://thediplomat.com/2023/03/x/' },
  quote: 'a delegation ... had traveled to the Afghan consulate in Khorog on March 23',
};

const issuesOf = (value: unknown) => {
  const result = parseRecord(value);
  return result.ok ? [] : result.issues;
};

describe('claim records', () => {
  it('accepts a claim without type, with type "claim", and with every optional field', () => {
    expect(parseRecord(claim).ok).toBe(true);
    expect(parseRecord({ ...claim, type: 'claim' }).ok).toBe(true);
    const full = {
      ...claim,
      mission: 'tj-khorog-consulate',
      via: [{ name: 'Tolo News', relation: 'cites' }],
      credibility: 3,
      respondsTo: 'other-claim',
      notes: 'n',
      source: { ...claim.source, title: 't', author: 'a', retrieved: '2023-03-29', reliability: 'B' },
    };
    expect(parseRecord(full).ok).toBe(true);
  });

  it('rejects unknown fields with their path, at any depth', () => {
    expect(issuesOf({ ...claim, colour: 'red' })).toEqual([
      { path: 'colour', message: 'unknown field "colour"' },
    ]);
    expect(issuesOf({ ...claim, source: { ...claim.source, editor: 'x' } })).toEqual([
      { path: 'source.editor', message: 'unknown field "editor"' },
    ]);
    expect(issuesOf({ ...claim, mission: { ...claim.mission, region: 'GBAO' } })).toEqual([
      { path: 'mission.region', message: 'unknown field "region"' },
    ]);
  });

  it('names the allowed field an unknown one most likely meant, at any depth', () => {
    const { quote, claimant, ...rest } = claim;
    expect(issuesOf({ ...rest, qoute: quote, Claimant: claimant })).toEqual(
      expect.arrayContaining([
        { path: 'qoute', message: 'unknown field "qoute"; did you mean "quote"?' },
        { path: 'Claimant', message: 'unknown field "Claimant"; did you mean "claimant"?' },
      ]),
    );
    expect(issuesOf({ ...claim, source: { ...claim.source, publshed: '2023' } })).toContainEqual({
      path: 'source.publshed',
      message: 'unknown field "publshed"; did you mean "published"?',
    });
    expect(issuesOf({ ...claim, mission: { ...claim.mission, cty: 'Khorog' } })).toContainEqual({
      path: 'mission.cty',
      message: 'unknown field "cty"; did you mean "city"?',
    });
    expect(
      issuesOf({ ...claim, via: [{ name: 'Tolo News', relation: 'cites', relaton: 'x' }] }),
    ).toContainEqual({ path: 'via.0.relaton', message: 'unknown field "relaton"; did you mean "relation"?' });
    // Far from every allowed field: no guess.
    expect(issuesOf({ ...claim, colour: 'x' })).toEqual([
      { path: 'colour', message: 'unknown field "colour"' },
    ]);
  });

  it("names the record field a field named like the log's ids stands for, when the record lacks it", () => {
    const { id, mission: _mission, ...rest } = claim;
    const issues = issuesOf({ ...rest, claimId: id, missionId: 'tj-khorog-consulate' });
    expect(issues).toContainEqual({
      path: 'claimId',
      message: 'unknown field "claimId"; did you mean "id"?',
    });
    expect(issues).toContainEqual({
      path: 'missionId',
      message: 'unknown field "missionId"; did you mean "mission"?',
    });
    // A word that merely ends in "id" is no id field.
    expect(issuesOf({ ...rest, mission: 'tj-khorog-consulate', valid: true })).toContainEqual({
      path: 'valid',
      message: 'unknown field "valid"',
    });
    // The record already has the field: the extra one is only unknown.
    expect(issuesOf({ ...claim, claimId: 'x', mission_id: 'y' })).toEqual([
      { path: 'claimId', message: 'unknown field "claimId"' },
      { path: 'mission_id', message: 'unknown field "mission_id"' },
    ]);
  });

  it('names each wrong field: kinds, stances, types, grades, relations', () => {
    const issues = issuesOf({
      ...claim,
      kind: 'invasion',
      stance: 'maybe',
      credibility: 7,
      via: [{ name: 'Tolo', relation: 'retweets' }],
      source: { ...claim.source, reliability: 'G', url: 'ftp://x' },
    });
    expect(issues.map((i) => i.path).sort()).toEqual([
      'credibility',
      'kind',
      'source.reliability',
      'source.url',
      'stance',
      'via.0.relation',
    ]);
  });

  it('names the word a value of a fixed vocabulary most likely meant, and a number out of range by its bound', () => {
    const issues = issuesOf({ ...claim, kind: 'Visit', stance: 'assert', credibility: 7 });
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    expect(byPath['kind']).toMatch(/; got string "Visit"; did you mean "visit"\?$/);
    expect(byPath['stance']).toMatch(/; got string "assert"; did you mean "asserts"\?$/);
    expect(byPath['credibility']).toBe('at most 6; got number 7');
    expect(
      Object.fromEntries(issuesOf({ ...claim, credibility: 0 }).map((i) => [i.path, i.message])),
    ).toEqual({
      credibility: 'at least 1; got number 0',
    });
    // Nothing like any of them: no guess.
    expect(issuesOf({ ...claim, kind: 'invasion' })[0]?.message).not.toContain('did you mean');
  });

  it('says how long a text or list is against its bound, and that an empty one needs a value', () => {
    const messages = (value: Record<string, unknown>) =>
      Object.fromEntries(issuesOf(value).map((i) => [i.path, i.message]));
    expect(
      messages({
        ...claim,
        claimant: 'c'.repeat(1001),
        quote: '',
        via: Array.from({ length: 51 }, () => ({ name: 'Tolo News', relation: 'cites' })),
      }),
    ).toEqual({
      claimant: '1,001 characters long; the most this field takes is 1,000',
      quote: 'empty, but it needs a value',
      via: '51 items; the most this field takes is 50',
    });
  });

  it('refuses a name or quote that holds only spaces or invisible characters, naming each field', () => {
    const blank = {
      ...claim,
      claimant: '\t',
      quote: '   ',
      via: [{ name: '\u200b', relation: 'cites' }],
      source: { ...claim.source, outlet: ' \u00a0 ' },
    };
    expect(issuesOf(blank).map((issue) => [issue.path, issue.message])).toEqual(
      ['claimant', 'via.0.name', 'quote', 'source.outlet'].map((path) => [
        path,
        'holds only spaces or invisible characters: write it as the source gives it',
      ]),
    );
    // Anything a reader sees will do: an emoji, a dash, a digit, a letter in any script.
    for (const text of ['😀', '—', '7', 'Хорог', ' x ']) {
      expect(issuesOf({ ...claim, claimant: text, quote: text }), text).toEqual([]);
    }
    // The empty text is said to be empty, once.
    expect(issuesOf({ ...claim, claimant: '' }).map((issue) => issue.path)).toEqual(['claimant']);
  });

  it('says what an address and a whole number look like when given something else', () => {
    const messages = (value: Record<string, unknown>) =>
      Object.fromEntries(issuesOf(value).map((i) => [i.path, i.message]));
    for (const url of ['not a url', 'ftp://x.org/a'])
      expect(messages({ ...claim, source: { ...claim.source, url } })).toEqual({
        'source.url': `expected an http or https address such as https://thediplomat.com/2023/03/report/; got string ${JSON.stringify(url)}`,
      });
    expect(messages({ ...claim, credibility: 2.5 })).toEqual({
      credibility: 'expected a whole number, got number 2.5',
    });
    // A script's object can hold what no JSON text can (a file's 1e400 is refused as written, in safe-json).
    expect(messages({ ...claim, credibility: Number.POSITIVE_INFINITY, kind: Number.NaN })).toEqual({
      credibility: 'Infinity is not a finite number (expected number)',
      kind: expect.stringMatching(/; got number NaN$/),
    });
  });

  it('lists both problems of an address that is not http(s) and too long, and one problem said twice once', () => {
    const url = `ftp://x.example/${'a'.repeat(2100)}`;
    const issues = issuesOf({ ...claim, source: { ...claim.source, url } });
    expect(issues.map((i) => i.path)).toEqual(['source.url', 'source.url']);
    expect(issues[0]!.message).toMatch(/^expected an http or https address/);
    expect(issues[1]!.message).toBe('2,116 characters long; the most this field takes is 2,000');
    // 'ftp://x.org/a' fails the URL check and the http(s) check with the same words: said once.
    expect(issuesOf({ ...claim, source: { ...claim.source, url: 'ftp://x.org/a' } })).toHaveLength(1);
  });

  it('reports a mission object with a missing city by its path, not as a failed union', () => {
    expect(issuesOf({ ...claim, mission: { country: 'Tajikistan', kind: 'consulate' } })).toEqual([
      { path: 'mission.city', message: expect.stringContaining('string') },
    ]);
    expect(issuesOf({ ...claim, mission: 42 })[0]).toMatchObject({
      path: 'mission',
      message: expect.stringContaining('number'),
    });
  });

  it('reports missing required fields', () => {
    const { quote: _q, claimant: _c, ...rest } = claim;
    expect(
      issuesOf(rest)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['claimant', 'quote']);
  });

  it('says a missing field of a fixed vocabulary, or a missing mission, is missing', () => {
    const { kind: _k, stance: _s, mission: _m, ...rest } = claim;
    const issues = issuesOf(rest);
    expect(issues).toContainEqual({
      path: 'kind',
      message: expect.stringMatching(/^required, but missing \(expected one of "visit", /),
    });
    expect(issues).toContainEqual({
      path: 'mission',
      message: 'required, but missing (expected a mission id or an object {country, city, kind})',
    });
    expect(issues.map((i) => i.message).join('\n')).not.toMatch(/undefined/);
  });

  it('accepts retraction, correction and event records and refuses an unknown type', () => {
    expect(parseRecord({ type: 'retraction', claim: 'x', reason: 'withdrawn by the outlet' }).ok).toBe(true);
    expect(
      parseRecord({ type: 'correction', claim: 'x', changes: { occurred: '2023-03-22' }, reason: 'typo' }).ok,
    ).toBe(true);
    expect(issuesOf({ type: 'correction', claim: 'x', changes: {}, reason: 'r' })[0]?.path).toBe('changes');
    expect(issuesOf({ type: 'correction', claim: 'x', changes: { colour: 1 }, reason: 'r' })[0]?.path).toBe(
      'changes.colour',
    );
    expect(parseRecord({ type: 'event', event: { type: 'ActorRegistered', data: {} } }).ok).toBe(true);
    expect(issuesOf({ type: 'rumour' })).toEqual([
      { path: 'type', message: expect.stringContaining('unknown record type') },
    ]);
  });

  it('refuses non-objects and prototype keys', () => {
    expect(issuesOf([claim])[0]?.message).toContain('an array');
    expect(issuesOf('text')[0]?.message).toContain('string');
    const polluted = JSON.parse(
      `{"type":"event","event":{"type":"ActorRegistered","data":{"__proto__":{"x":1}}}}`,
    );
    expect(issuesOf(polluted)).toEqual([
      { path: 'event.data.__proto__', message: expect.stringContaining('not allowed') },
    ]);
  });

  it('says an array is no record object, in its own words, whatever it holds', () => {
    expect(issuesOf([])).toEqual([{ path: '', message: 'expected a record object, got an array' }]);
    expect(issuesOf([claim])).toEqual([{ path: '', message: 'expected a record object, got an array' }]);
  });

  it('refuses an object handed in nested 101 levels deep, at the field it is nested in', () => {
    const nested = (depth: number): Record<string, unknown> => {
      let value: Record<string, unknown> = {};
      for (let i = 1; i < depth; i++) value = { a: value };
      return value;
    };
    expect(issuesOf({ ...claim, notes: nested(99) }).map((i) => i.path)).toEqual(['notes']);
    expect(issuesOf({ ...claim, notes: nested(100) })).toEqual([
      {
        path: 'notes',
        message: expect.stringContaining('objects and arrays nested more than 100 levels deep'),
      },
    ]);
  });

  it('counts the characters of an occurred too long as the docs do: an emoji is one', () => {
    expect(issuesOf({ ...claim, occurred: '😀'.repeat(101) })).toEqual([
      {
        path: 'occurred',
        message: '101 characters long; the most this field takes is 100, not counting white space around it',
      },
    ]);
    expect(issuesOf({ ...claim, occurred: `  ${'😀'.repeat(100)}  ` }).map((i) => i.path)).not.toContain(
      'occurred',
    );
  });

  it('keeps HTML and script in a quote verbatim', () => {
    const quote = '<script>alert("x")</script> &amp; <b>bold</b> \u202e';
    const result = parseRecord({ ...claim, quote });
    expect(result.ok && 'quote' in result.record ? result.record.quote : null).toBe(quote);
  });
});

describe('the committed JSON Schema', () => {
  it('equals a fresh generation from the zod schema', () => {
    const committed = readFileSync(
      fileURLToPath(new URL(`../../../../${JSON_SCHEMA_PATH}`, import.meta.url)),
      'utf8',
    );
    expect(committed).toBe(claimRecordJsonSchema());
  });

  it("gives a correction an optional id with a claim id's limits", () => {
    const correction = { type: 'correction', claim: 'x', changes: { occurred: '2023-03-22' }, reason: 'r' };
    expect(parseRecord({ ...correction, id: 'put-back' }).ok).toBe(true);
    expect(issuesOf({ ...correction, id: 'x'.repeat(201) }).map((i) => i.path)).toEqual(['id']);
    const branch = JSON.parse(claimRecordJsonSchema()).anyOf[2];
    expect(branch.properties.type.const).toBe('correction');
    expect(branch.properties.id).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
    expect(branch.required).not.toContain('id');
  });

  it('forbids unknown fields and lists the claim kinds', () => {
    const schema = JSON.parse(claimRecordJsonSchema());
    const claimBranch = schema.anyOf[0];
    expect(claimBranch.additionalProperties).toBe(false);
    expect(claimBranch.properties.kind.enum).toContain('appointment');
    expect(claimBranch.required).toEqual(expect.arrayContaining(['mission', 'source', 'quote']));
  });
});
