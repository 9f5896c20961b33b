import type { AppendOptions, NewEvent, StreamWrite } from '../port/event-store.js';

/** One stream's append as a batch of one, so adapters implement `append` through `appendMany`. */
export function singleWrite(
  stream: string,
  events: readonly NewEvent[],
  options: AppendOptions,
): StreamWrite {
  return options.expectedRevision === undefined
    ? { stream, events }
    : { stream, events, expectedRevision: options.expectedRevision };
}
