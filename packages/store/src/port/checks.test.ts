// The argument checks themselves, for the cases the contract cannot hold every adapter to: the
// namespaced view (and so the EventStoreDB contract run) rewrites a read's filter before any check.
import { describe, expect, it } from 'vitest';
import { checkReadAllOptions } from './checks.js';
import type { ReadAllOptions } from './event-store.js';

/** What the check throws for these options, or undefined when it accepts them. */
function thrown(options: unknown, call?: string): unknown {
  try {
    checkReadAllOptions(options as ReadAllOptions, call);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('checkReadAllOptions', () => {
  it('refuses a filter that is not an object, and a stream prefix that is not a string', () => {
    const cases: [unknown, string][] = [
      ['x', 'readAll: filter must be an object, got the text "x"'],
      [null, 'readAll: filter must be an object, got null'],
      [{ streamPrefix: 5 }, 'readAll: filter.streamPrefix must be a string, got 5'],
      [{ eventTypes: ['a', 1] }, 'readAll: filter.eventTypes must be an array of strings, got an array of 2'],
    ];
    for (const [filter, message] of cases) {
      const error = thrown({ filter });
      expect(error, message).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe(message);
    }
    expect((thrown({ filter: { streamPrefix: 5 } }, 'subscribe') as Error).message).toBe(
      'subscribe: filter.streamPrefix must be a string, got 5',
    );
    expect(thrown({ filter: { streamPrefix: '', eventTypes: [] } })).toBeUndefined();
  });
});
