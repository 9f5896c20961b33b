// README.md as a new user follows it: `npm start` (kb demo) prints the picture the README shows,
// and every `npx kb …` line under "Asking questions" runs, as written, on the store the demo made
// and answers something. A placeholder in capitals (RUN_ID, TIME, HASH) is filled in with what the
// demo's store holds, as a reader would; the ingest lines read the bundled dataset as their file.

import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { demoKnowledgeBase, EXAMPLES, kbOn } from '../testing/cli-test-kit.js';

const README = fileURLToPath(new URL('../../../../README.md', import.meta.url));
const readme = readFileSync(README, 'utf8');

/** The fenced block of `lang` that follows the heading `heading` in the README. */
function blockAfter(heading: string, lang: string): string {
  const section = readme.slice(readme.indexOf(`## ${heading}`));
  const start = section.indexOf(`\`\`\`${lang}\n`) + lang.length + 4;
  return section.slice(start, section.indexOf('\n```', start));
}

/** The `npx kb …` commands of a sh block, without their comments, split into words. */
function commandsOf(block: string): string[][] {
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('npx kb '))
    .map((line) => line.split(/\s+/).slice(2));
}

const demo = demoKnowledgeBase('kb-readme-');

describe('README.md', () => {
  it("shows what kb demo prints on a new store, but for the run's id", async () => {
    // The README shows a first run: on a new store, not the one the other test asks.
    const store = join(demo.dir, 'fresh.sqlite');
    const r = await kbOn(store, 'demo');
    expect(r.code).toBe(0);
    const shown = blockAfter('The two commands', 'text');
    const printed = r.text
      .replace(`Knowledge base: ${store}`, 'Knowledge base: ./data/kb.sqlite')
      .replaceAll(` --store ${store}`, '');
    const runId = /ingest-\d{8}T\d{6}Z-[0-9a-f]{6}/;
    expect(printed.replace(runId, 'RUN')).toBe(shown.replace(runId, 'RUN'));
  });

  it('runs every command under "Asking questions" as written, each answering something', async () => {
    const commands = commandsOf(blockAfter('Asking questions', 'sh'));
    expect(commands.length).toBeGreaterThan(10);
    const runs = (await demo.kb('log', '--runs', '--json')).out.json_[0] as { run: string }[];
    const hash = ((await demo.kb('verify', '--json')).out.json_[0] as { lastHash: string }).lastHash;
    const filled: Record<string, string> = {
      RUN_ID: runs[0]!.run,
      HASH: hash,
      TIME: new Date().toISOString(),
      'my-claims.ndjson': join(demo.dir, 'my-claims.ndjson'),
    };
    copyFileSync(EXAMPLES, filled['my-claims.ndjson']!);
    for (const words of commands) {
      const args = words.map((w) => filled[w] ?? w);
      const r = await demo.kb(...args);
      const command = `npx kb ${words.join(' ')}`;
      expect.soft({ command, code: r.code, err: r.err }).toEqual({ command, code: 0, err: '' });
      expect.soft(r.text, command).not.toBe('');
      expect.soft(r.text, command).not.toMatch(/Nothing had been recorded|No event read/);
      if (words[0] === 'log' && words.includes('--limit')) {
        const limit = words[words.indexOf('--limit') + 1];
        expect.soft(r.text, command).toMatch(new RegExp(`^${limit} events`, 'm'));
      }
    }
  });
});
