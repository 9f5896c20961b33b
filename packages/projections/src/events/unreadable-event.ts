import { type EventAt, UnreadableEventError } from '@kb/store';

// An event the store holds but the projections cannot read: its data or metadata is not JSON (an
// edit to the file, a damaged page that still reads), or its data does not decode as its type. Every
// read decodes the events it needs, so one such event stops every command that reads it; the error
// names the event and what failed, and points to `kb verify`, which checks the whole log, instead of
// passing on the parser's bare message.

// The error itself lives in the store's port, which throws it for a row it cannot parse.
export type { EventAt } from '@kb/store';
export { UnreadableEventError } from '@kb/store';

/** An event's stored texts, for saying which of them failed. */
export interface StoredTexts {
  readonly data: string;
  readonly metadata: string;
}

/**
 * Runs `read` on one event (parsing or decoding it); what it throws comes back as an
 * UnreadableEventError naming the event: its data or metadata is not JSON, when `texts` shows it,
 * else it does not decode. Costs nothing while `read` succeeds.
 */
export function readingEvent<T>(event: EventAt, read: () => T, texts?: StoredTexts): T {
  try {
    return read();
  } catch (error) {
    throw unreadable(event, error, texts);
  }
}

/** `error`, thrown reading `event`, as an UnreadableEventError naming it (kept when it is one already). */
export function unreadable(event: EventAt, error: unknown, texts?: StoredTexts): UnreadableEventError {
  if (error instanceof UnreadableEventError) return error;
  if (texts !== undefined) {
    const notJson = notJsonIn(event, texts);
    if (notJson !== undefined) return notJson;
  }
  return new UnreadableEventError(event, `it does not decode as a ${event.type} (${messageOf(error)})`, {
    cause: error,
  });
}

/** The event's first stored text that is not JSON, as an UnreadableEventError; undefined when both are. */
export function notJsonIn(event: EventAt, texts: StoredTexts): UnreadableEventError | undefined {
  for (const part of ['data', 'metadata'] as const) {
    try {
      JSON.parse(texts[part]);
    } catch (error) {
      return new UnreadableEventError(event, `its ${part} is not JSON (${messageOf(error)})`, {
        cause: error,
      });
    }
  }
  return undefined;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
