import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_STORE } from '../args/parse-args.js';
import { shellWord, storeOptions } from './command-line.js';

afterEach(() => vi.unstubAllEnvs());

const global = (store: string, eventstore: string | null = null) => ({
  store,
  eventstore,
  json: false,
  debug: false,
});

describe('commands kb prints for the user to run next', () => {
  it('quote a word only when a shell would read it otherwise', () => {
    expect(shellWord('./data/kb.sqlite')).toBe('./data/kb.sqlite');
    expect(shellWord('/evidence/case 7/kb.sqlite')).toBe(`'/evidence/case 7/kb.sqlite'`);
    expect(shellWord("it's.sqlite")).toBe(`'it'\\''s.sqlite'`);
    expect(shellWord('esdb://localhost:2113?tls=false')).toBe(`'esdb://localhost:2113?tls=false'`);
  });

  it('name the store unless it is the one kb opens without options', () => {
    vi.stubEnv('KB_STORE', undefined);
    expect(storeOptions(global(DEFAULT_STORE))).toBe('');
    expect(storeOptions(global('/tmp/other.sqlite'))).toBe(' --store /tmp/other.sqlite');
    expect(storeOptions(global(DEFAULT_STORE, 'esdb://localhost:2113?tls=false'))).toBe(
      ` --eventstore 'esdb://localhost:2113?tls=false'`,
    );
    vi.stubEnv('KB_STORE', '/srv/kb.sqlite');
    expect(storeOptions(global('/srv/kb.sqlite'))).toBe('');
    expect(storeOptions(global(DEFAULT_STORE))).toBe(` --store ${DEFAULT_STORE}`);
  });
});
