import { EventSchemaError } from '@kb/domain';
import type { IngestRecord } from '../../records/claim-record.js';
import { prepareCorrection } from '../corrections/prepare-correction.js';
import { prepareEvent } from '../raw-events/prepare-event.js';
import type { PrepareContext } from './planning.js';
import { prepareClaim } from './prepare-claim.js';
import { prepareRetraction } from './prepare-retraction.js';
import type { PrepareResult } from './prepared-record.js';

export type { PrepareContext } from './planning.js';

/** Turns one validated record into the events it needs, or says which fields cannot be resolved. */
export async function prepareRecord(
  record: IngestRecord,
  line: number,
  text: string,
  ctx: PrepareContext,
): Promise<PrepareResult> {
  try {
    switch (record.type) {
      case undefined:
      case 'claim':
        return await prepareClaim(record, line, text, ctx);
      case 'retraction':
        return await prepareRetraction(record, line, text, ctx);
      case 'correction':
        return await prepareCorrection(record, line, text, ctx);
      case 'event':
        return prepareEvent(record, line, text, ctx);
    }
  } catch (error) {
    // The record passed its own schema but an event built from it did not: a gap between the two
    // schemas, reported on the line rather than aborting the run.
    if (error instanceof EventSchemaError) {
      return {
        ok: false,
        issues: error.issues.map((i) => ({ path: i.path, message: `${error.eventType}: ${i.message}` })),
      };
    }
    throw error;
  }
}
