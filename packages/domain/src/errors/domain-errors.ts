import type { z } from 'zod';

/** A stored or offered event whose type this code does not know. */
export class UnknownEventTypeError extends Error {
  override readonly name = 'UnknownEventTypeError';
  constructor(readonly eventType: string) {
    super(`unknown event type "${eventType}"`);
  }
}

/** An event version newer than this code, or older than any upcaster reaches. */
export class UnsupportedEventVersionError extends Error {
  override readonly name = 'UnsupportedEventVersionError';
  constructor(
    readonly eventType: string,
    readonly version: number,
    readonly supported: readonly number[],
  ) {
    super(`${eventType} version ${version} is not supported (known versions: ${supported.join(', ')})`);
  }
}

/** One field of an event that failed its schema: where, and what was expected. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** An event whose data does not match the schema of its type and version. */
export class EventSchemaError extends Error {
  override readonly name = 'EventSchemaError';
  constructor(
    readonly eventType: string,
    readonly version: number,
    readonly issues: readonly FieldIssue[],
    options?: { cause?: unknown },
  ) {
    super(
      `${eventType} v${version} is invalid: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
      options,
    );
  }
}

/** Turns zod issues into path + message pairs a person can read (`source.published: expected ...`). */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
