// Which servers the adapter writes to. Stream reads carry each event's $all position only from
// EventStoreDB 22.6 on, and every append reads its stream back for the position it returns: on an
// older server an append to a new stream would be stored, then fail its read-back, leaving the
// caller an error for a write that happened. So the server's version is asked once, before the
// first write, and an older server is refused with nothing written. The client asks the same
// (memoised) question before each of its own appends, for batch append: no extra round trip.
import { convertToCommandError, type EventStoreDBClient } from '@eventstore/db-client';
import { StoreUnavailableError } from '../port/errors.js';

/** The oldest server whose stream reads carry $all positions. */
export const OLDEST_SERVER = { major: 22, minor: 6 } as const;

/**
 * The client's answer to the server's ServerFeatures call (dist/Client/ServerFeatures.js). It is
 * "unknown" when the server does not implement that call, which servers before 21.10 do not; any
 * other failure rejects the promise. The getter is protected in the client's typings but a plain
 * getter at run time, memoised per channel.
 */
interface ServerFeaturesView {
  readonly serverVersion: string;
}

/**
 * The version the server reports through `client`. The call rejects with grpc-js's own error,
 * which the client's other calls would have converted: converted here the same way
 * (UnavailableError for a server that does not answer, …).
 */
export async function serverVersionOf(client: EventStoreDBClient): Promise<string> {
  try {
    const features = await (client as unknown as { readonly capabilities: Promise<ServerFeaturesView> })
      .capabilities;
    return features.serverVersion;
  } catch (error) {
    throw error instanceof Error ? convertToCommandError(error) : error;
  }
}

/**
 * Why the adapter cannot write to a server of this version, or null when it can. "unknown" (no
 * ServerFeatures call) is a server before 21.10. A version that does not start with two numbers
 * is let through: the per-event checks on reads still refuse an event without a position.
 * @example refusalOf('21.10.8.0') // 'EventStoreDB 21.10.8.0 …'
 * @example refusalOf('24.10.0.0') // null
 */
export function refusalOf(version: string): string | null {
  const oldest = `${OLDEST_SERVER.major}.${OLDEST_SERVER.minor}`;
  const why = `its stream reads carry no $all positions, and an append reads its stream back for the one it returns`;
  if (version === 'unknown') {
    return `the EventStoreDB server does not say its version (servers before 21.10 do not); the adapter needs ${oldest} or later: ${why}`;
  }
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (match === null) return null;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const older = major < OLDEST_SERVER.major || (major === OLDEST_SERVER.major && minor < OLDEST_SERVER.minor);
  return older ? `EventStoreDB ${version} is older than ${oldest}, which the adapter needs: ${why}` : null;
}

/** Refuses, before anything is written, a server the adapter cannot write to (see refusalOf). */
export async function assertWritableServer(client: EventStoreDBClient): Promise<void> {
  const refusal = refusalOf(await serverVersionOf(client));
  if (refusal !== null) throw new StoreUnavailableError(`${refusal}. Nothing was written.`);
}
