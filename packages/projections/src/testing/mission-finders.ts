// The two ways a mission is looked up by name, over the same missions: the SQLite read models and
// the state folded in memory. A search test asks both and expects one answer (search-key-*.test.ts).
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { openReadModels } from '../read-models/sqlite-read-models.js';
import { missionEvent, recordAll } from './event-factory.js';
import { logImage } from './log-image.js';

type MissionFields = Parameters<typeof missionEvent>[0];

/**
 * The missions given, and the embassy in Dushanbe beside them (a mission no Persian or Chinese
 * search should find), registered and read both ways: `find(typed)` gives the ids each way finds.
 */
export async function missionFinders(
  missions: readonly MissionFields[],
): Promise<(typed: string) => { models: string[]; memory: string[] }> {
  const events = recordAll([
    ...missions.map((m) => missionEvent(m)),
    missionEvent({
      id: 'tj-dushanbe-embassy',
      name: 'Embassy in Dushanbe',
      country: 'Tajikistan',
      city: 'Dushanbe',
    }),
  ]);
  const models = openReadModels((await logImage(events)).open());
  models.applyChunk(events, events.at(-1)!.envelope.position);
  const memory = knowledgeView(foldKnowledge(events));
  return (typed) => ({
    models: models.findMissions(typed).map((m) => m.id),
    memory: memory.findMissions(typed).map((m) => m.id),
  });
}
