import { z } from 'zod';
import { IngestRecord } from './claim-record.js';

/** Where the generated schema is committed, relative to the repository root. */
export const JSON_SCHEMA_PATH = 'docs/claim-record.schema.json';

/** The JSON Schema of one ingest record, generated from the zod schema so the two cannot drift. */
export function claimRecordJsonSchema(): string {
  const schema = z.toJSONSchema(IngestRecord, { target: 'draft-2020-12', io: 'input' });
  const document = {
    ...schema,
    $id: 'https://github.com/contested-claims-kb/claim-record.schema.json',
    title: 'Claim record v1',
    description:
      'One line of an ingest file (NDJSON) or one element of a JSON array: a claim (no type, or type "claim"), a retraction, a correction or a raw domain event. Generated from packages/ingest/src/records/claim-record.ts; see docs/claim-records.md.',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
