// kb log's text says why a listing found nothing (the run probably meant or the newest runs read, the
// log's end, a stream named without its kind) and, when more events match than it shows, where the
// next page starts. Under --json stdout is the array of events alone; the same notes go to stderr as
// `kb: note: …`, so a script that got [] or a full page can tell why, and where to go on.
import { describe, expect, it } from 'vitest';
import { demoKnowledgeBase, type KbRun } from '../testing/cli-test-kit.js';

const { kb } = demoKnowledgeBase('log-notes-json-');

/** The text's lines after its listing ("(no events)", or the table and a blank line), as notes. */
function notesOf(text: KbRun, after: string): string[] {
  const lines = text.out.stdout.flatMap((chunk) => chunk.split('\n'));
  return lines.slice(lines.indexOf(after) + 1).map((line) => `kb: note: ${line}`);
}

/** The one JSON array on stdout. */
function events(r: KbRun): { position: number }[] {
  expect(r.out.json_).toHaveLength(1);
  expect(r.out.stdout).toHaveLength(1);
  return r.out.json_[0] as { position: number }[];
}

describe('kb log --json, where the text adds a note', () => {
  it('--run that finds nothing: [] on stdout, the newest runs read and kb log --runs on stderr', async () => {
    const text = await kb('log', '--run', 'nosuch');
    const notes = notesOf(text, '(no events)');
    expect(notes[0]).toMatch(
      /^kb: note: No event read was written by that run\. The newest runs read: ingest-/,
    );
    expect(notes.at(-1)).toMatch(
      /^kb: note: Every ingest run the log holds, with what each wrote: kb log --runs/,
    );
    const r = await kb('log', '--run', 'nosuch', '--json');
    expect(r.code).toBe(0);
    expect(events(r)).toEqual([]);
    expect(r.out.stderr).toEqual(notes);
  });

  it('a listing past the log, of a stream named without its kind: the hints on stderr', async () => {
    const args = ['log', '--stream', 'tj-khorog-consulate', '--from', '99999'];
    const notes = notesOf(await kb(...args), '(no events)');
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^kb: note: The log ends at position \d+\.$/);
    expect(notes[1]).toContain('--stream mission-tj-khorog-consulate');
    const r = await kb(...args, '--json');
    expect(events(r)).toEqual([]);
    expect(r.out.stderr).toEqual(notes);
  });

  it('a page with more after it: where the next starts, on stderr', async () => {
    const text = await kb('log', '--limit', '2');
    const more = text.out.stdout.at(-1)!;
    expect(more).toMatch(/^2 events, positions 1 to 2; more from position 3: kb log --from 3 --limit 2/);
    const r = await kb('log', '--limit', '2', '--json');
    expect(events(r).map((e) => e.position)).toEqual([1, 2]);
    expect(r.out.stderr).toEqual([`kb: note: ${more}`]);
  });

  it('a last page, or a listing of everything, has no note', async () => {
    const all = events(await kb('log', '--limit', '1000', '--json'));
    const last = await kb('log', '--from', String(all.at(-1)!.position), '--json');
    expect(events(last)).toHaveLength(1);
    expect(last.out.stderr).toEqual([]);
  });
});
