// Errors the client makes with no message at all. On its batch-append path (every append on a
// server of 21.10 or later without per-call credentials) it turns the server's refusals into
// CommandErrors built without one: `new AccessDeniedError()`, `new DeadlineExceededError()`,
// `new UnknownError()`, `StreamDeletedError.fromStreamName(name)` (unpackToCommandError,
// dist/streams/appendToStream/unpackError.js), and CommandErrorBase sets the message to ""
// (dist/utils/CommandError.js). The errors below are built exactly so; no server was asked.
import {
  AccessDeniedError,
  DeadlineExceededError,
  StreamDeletedError,
  UnknownError,
} from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../port/errors.js';
import { mapEsdbError } from './eventstoredb-mapping.js';

const context = { stream: 'report-1', expected: 'any' as const };

describe('mapEsdbError on a client error that carries no message', () => {
  it('says what the refusal means instead of ending the message at a colon', () => {
    const cases = [
      [new AccessDeniedError(), /^EventStoreDB access-denied \(stream "report-1"\): the server refused/],
      [
        new DeadlineExceededError(),
        /^EventStoreDB deadline-exceeded \(stream "report-1"\): the server did not/,
      ],
      [
        StreamDeletedError.fromStreamName('report-1'),
        /^EventStoreDB stream-deleted \(stream "report-1"\): the stream was deleted/,
      ],
      [new UnknownError(), /^EventStoreDB unknown \(stream "report-1"\): the server reported a failure/],
    ] as const;
    for (const [raw, said] of cases) {
      expect(raw.message).toBe('');
      const mapped = mapEsdbError(raw, context);
      expect(mapped).toBeInstanceOf(StoreUnavailableError);
      expect(mapped.cause).toBe(raw);
      expect(mapped.message).toMatch(said);
      expect(mapped.message).not.toMatch(/:\s*$/);
    }
  });

  it('warns that an append whose deadline passed may have been written all the same', () => {
    const mapped = mapEsdbError(new DeadlineExceededError(), context);
    expect(mapped.message).toContain('may or may not have been written');
  });

  it('keeps the client’s own message when there is one', () => {
    const raw = new UnknownError(undefined, 'Trying to read from an invalid position');
    expect(mapEsdbError(raw).message).toBe('EventStoreDB unknown: Trying to read from an invalid position');
  });
});
