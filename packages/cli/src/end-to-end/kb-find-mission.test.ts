// Naming a mission to kb timeline and kb mission on the bundled dataset, on a knowledge base `kb demo`
// built for this file: text found in the middle of a mission's id or name, and the mission --json
// names. Nothing here adds to the knowledge base.
import { describe, expect, it } from 'vitest';
import { demoKnowledgeBase, type MissionJson } from '../testing/cli-test-kit.js';

const { kb } = demoKnowledgeBase('kb-find-mission-');

describe('kb finds a mission by any part of its names', () => {
  it('resolves text found only in the middle of an id: Islamabad embassy is pk-islamabad-embassy', async () => {
    const text = await kb('timeline', 'Islamabad embassy');
    expect(text.code).toBe(0);
    expect(text.err).toBe('');
    expect(text.text.startsWith('Timeline of pk-islamabad-embassy\n')).toBe(true);
    const json = await kb('timeline', 'Islamabad embassy', '--json');
    expect(json.code).toBe(0);
    expect(json.out.json_[0]).toMatchObject({ mission: 'pk-islamabad-embassy' });
  });

  it('resolves text found only in the middle of a name: in Khorog is the Consulate in Khorog', async () => {
    const r = await kb('mission', 'in Khorog', '--json');
    expect(r.code).toBe(0);
    expect((r.out.json_[0] as MissionJson).mission).toMatchObject({
      id: 'tj-khorog-consulate',
      name: 'Consulate in Khorog',
    });
    const timeline = await kb('timeline', 'in Khorog');
    expect(timeline.code).toBe(0);
    expect(timeline.text.startsWith('Timeline of tj-khorog-consulate\n')).toBe(true);
  });

  it("kb timeline --json names the mission it found, beside the timeline's steps", async () => {
    const r = await kb('timeline', 'Khorog', '--json');
    expect(r.code).toBe(0);
    const timeline = r.out.json_[0] as { mission: unknown; world: unknown[]; publication: unknown[] };
    expect(timeline.mission).toBe('tj-khorog-consulate');
    expect(timeline.world.length).toBeGreaterThan(0);
    expect(timeline.publication.length).toBeGreaterThan(0);
  });
});
