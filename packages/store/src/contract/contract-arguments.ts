// Wrong arguments from a caller the types do not reach: every adapter refuses them alike, before
// anything is read or written, with an error naming the value and where it is.
import { describe, expect, it } from 'vitest';
import type {
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StreamWrite,
} from '../port/event-store.js';
import { type ContractContext, collect, newEvent, numbered, rejectionOf } from './contract-context.js';

/** An event with one field replaced by what an untyped caller might send. */
const wrong = (field: string, value: unknown): NewEvent =>
  ({ ...newEvent({ n: 0 }), [field]: value }) as NewEvent;

export function argumentsContract(ctx: ContractContext): void {
  const refused = async (
    store: EventStore,
    attempt: Promise<unknown>,
    message: string | RegExp,
    name: RegExp = /^(TypeError|RangeError)$/,
  ) => {
    const error = await rejectionOf(attempt);
    expect(error, String(message)).toBeInstanceOf(Error);
    expect((error as Error).name).toMatch(name);
    expect((error as Error).message).toMatch(message);
    expect(await collect(store.readAll()), 'nothing stored').toEqual([]);
  };

  describe('arguments', () => {
    it('refuses an event with a missing or wrong id, type, version or metadata, and stores nothing of the batch', async () => {
      const store = ctx.store();
      const cases: [NewEvent, string | RegExp][] = [
        [
          wrong('version', '2'),
          'append: events[1].version must be a whole number of 1 or more, got the text "2"',
        ],
        [wrong('version', 1.5), 'events[1].version must be a whole number of 1 or more, got 1.5'],
        [wrong('version', 0), 'events[1].version must be a whole number of 1 or more, got 0'],
        [wrong('id', undefined), 'events[1].id must be a non-empty string, got nothing (undefined)'],
        [wrong('id', ''), 'events[1].id must be a non-empty string, got the text ""'],
        [wrong('type', 7), 'events[1].type must be a non-empty string, got 7'],
        [wrong('type', ''), 'events[1].type must be a non-empty string, got the text ""'],
        [wrong('metadata', { ingestRunId: 42 }), 'events[1].metadata.ingestRunId must be a string, got 42'],
        [wrong('metadata', { correlationId: 1 }), 'events[1].metadata.correlationId must be a string, got 1'],
        [wrong('metadata', 'run-1'), 'events[1].metadata must be an object, got the text "run-1"'],
        [wrong('metadata', []), 'events[1].metadata must be an object, got an array of 0'],
      ];
      for (const [event, message] of cases) {
        // A valid event first: the whole call is refused, not only the wrong event.
        await refused(store, store.append('s-args', [numbered(1)[0]!, event]), message);
      }
    });

    it('refuses a wrong stream name or expectation, in append and in appendMany', async () => {
      const store = ctx.store();
      await refused(
        store,
        store.append('', numbered(1)),
        'append: stream must be a non-empty string, got the text ""',
      );
      for (const [expected, message] of [
        [
          '2',
          /^append: expectedRevision must be 'any', 'no_stream', 'stream_exists' or a revision number, got the text "2"$/,
        ],
        [null, /expectedRevision must be .* got null$/],
        [-1, /^append: expected revision must be a non-negative integer, got -1$/],
      ] as const) {
        await refused(
          store,
          store.append('s-args', numbered(1), { expectedRevision: expected as never }),
          message,
        );
      }
      await refused(
        store,
        store.append('s-args', numbered(1), { expectedRevision: 1.5 }),
        'append: expected revision must be a non-negative integer, got 1.5',
        /^RangeError$/,
      );
      await refused(
        store,
        store.appendMany('x' as never),
        'appendMany: expected an array of writes, got the text "x"',
      );
      const writes = [
        { stream: 's-ok', events: numbered(1) },
        { stream: 's-bad', events: [wrong('version', '1')] },
      ] as StreamWrite[];
      await refused(
        store,
        store.appendMany(writes),
        /^appendMany: writes\[1\]: events\[0\]\.version must be/,
      );
    });

    it('refuses read options that are not whole numbers of 0 or more, or a filter of the wrong shape', async () => {
      const store = ctx.store();
      await store.append('s-read', numbered(3));
      const streamCases: [ReadStreamOptions, string][] = [
        [{ fromRevision: 1.5 }, 'readStream: fromRevision must be a whole number of 0 or more, got 1.5'],
        [
          { fromRevision: '1' as never },
          'readStream: fromRevision must be a whole number of 0 or more, got the text "1"',
        ],
        [{ maxCount: -1 }, 'readStream: maxCount must be a whole number of 0 or more, got -1'],
      ];
      for (const [options, message] of streamCases) {
        const error = await rejectionOf((async () => collect(store.readStream('s-read', options)))());
        expect((error as Error).message).toBe(message);
      }
      const notAName = await rejectionOf((async () => collect(store.readStream(5 as never)))());
      expect(notAName).toBeInstanceOf(TypeError);
      expect((notAName as Error).message).toBe('readStream: stream must be a string, got 5');
      const allCases: [ReadAllOptions, string][] = [
        [{ maxCount: Number.NaN }, 'readAll: maxCount must be a whole number of 0 or more, got NaN'],
        [{ after: -2 }, 'readAll: after must be a whole number of 0 or more, got -2'],
        [
          { filter: { eventTypes: 'ContractTested' as never } },
          'readAll: filter.eventTypes must be an array of strings, got the text "ContractTested"',
        ],
        [
          { filter: { eventTypes: [1] as never } },
          'readAll: filter.eventTypes must be an array of strings, got an array of 1',
        ],
        [{ filter: 'x' as never }, 'readAll: filter must be an object, got the text "x"'],
        [{ filter: { streamPrefix: 5 as never } }, 'readAll: filter.streamPrefix must be a string, got 5'],
      ];
      for (const [options, message] of allCases) {
        // Refused when the call is made or when its reading starts, as the adapter does it.
        const error = await rejectionOf((async () => collect(store.readAll(options)))());
        expect((error as Error).message).toBe(message);
      }
      // The right shapes still read.
      expect(await collect(store.readStream('s-read', { fromRevision: 1, maxCount: 1 }))).toHaveLength(1);
    });
  });
}
