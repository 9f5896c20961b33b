import { describe, expect, it } from 'vitest';
import { parseMetadataText } from './metadata-text.js';

describe('parseMetadataText', () => {
  it('parses each text, sharing the result between consecutive equal texts', () => {
    const first = parseMetadataText('{"ingestRunId":"run-1"}');
    expect(first).toEqual({ ingestRunId: 'run-1' });
    expect(Object.isFrozen(first)).toBe(true);
    expect(parseMetadataText('{"ingestRunId":"run-1"}')).toBe(first);
    expect(parseMetadataText('{"ingestRunId":"run-2"}')).toEqual({ ingestRunId: 'run-2' });
  });

  it('fails on text that is not JSON every time, not only the first: a failed parse is not remembered', () => {
    expect(parseMetadataText('{"correlationId":"c"}')).toEqual({ correlationId: 'c' });
    expect(() => parseMetadataText('{')).toThrow(SyntaxError);
    expect(() => parseMetadataText('{')).toThrow(SyntaxError);
    expect(parseMetadataText('{"correlationId":"c"}')).toEqual({ correlationId: 'c' });
  });
});
