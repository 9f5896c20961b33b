// Regenerates docs/claim-record.schema.json: `npx tsx packages/ingest/src/records/write-json-schema.ts`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { claimRecordJsonSchema, JSON_SCHEMA_PATH } from './json-schema.js';

const target = fileURLToPath(new URL(`../../../../${JSON_SCHEMA_PATH}`, import.meta.url));
writeFileSync(target, claimRecordJsonSchema());
process.stdout.write(`wrote ${target}\n`);
