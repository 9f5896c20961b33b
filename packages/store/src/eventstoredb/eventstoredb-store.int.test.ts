// The shared contract suite against a real EventStoreDB: the server named by
// EVENTSTORE_CONNECTION_STRING, else a throwaway single node in Docker via testcontainers, else
// skipped with one line saying why. There is no fake EventStoreDB.
import { randomUUID } from 'node:crypto';
import { GenericContainer, getContainerRuntimeClient, type StartedTestContainer, Wait } from 'testcontainers';
import { afterAll } from 'vitest';
import { describeEventStoreContract } from '../contract/event-store-contract.js';
import { connectionStringFromEnv, openEventStoreDb } from './eventstoredb-store.js';
import { namespacedStore } from './namespaced-store.js';

const IMAGE = 'eventstore/eventstore:24.10';
const HTTP_PORT = 2113;
/** Long enough for a healthy engine to answer, short enough that a dead socket cannot hang the run. */
const DOCKER_PROBE_MS = 5_000;

type Target = { readonly connectionString: string } | { readonly skip: string };

async function dockerProblem(): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(
      () => resolve(`the Docker engine did not answer within ${DOCKER_PROBE_MS} ms`),
      DOCKER_PROBE_MS,
    );
  });
  const probe = getContainerRuntimeClient().then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

let container: StartedTestContainer | undefined;

async function findTarget(): Promise<Target> {
  const fromEnv = connectionStringFromEnv();
  if (fromEnv !== undefined) return { connectionString: fromEnv };
  const problem = await dockerProblem();
  if (problem !== undefined) {
    return { skip: `no Docker engine and no EVENTSTORE_CONNECTION_STRING: ${problem}` };
  }
  container = await new GenericContainer(IMAGE)
    .withEnvironment({
      EVENTSTORE_INSECURE: 'true',
      EVENTSTORE_RUN_PROJECTIONS: 'None',
      EVENTSTORE_MEM_DB: 'true',
      EVENTSTORE_CLUSTER_SIZE: '1',
    })
    .withExposedPorts(HTTP_PORT)
    .withWaitStrategy(Wait.forHttp('/health/live', HTTP_PORT).forStatusCode(204))
    .withStartupTimeout(120_000)
    .start();
  return {
    connectionString: `esdb://${container.getHost()}:${container.getMappedPort(HTTP_PORT)}?tls=false`,
  };
}

const target = await findTarget();
afterAll(async () => {
  await container?.stop();
});

// One prefix per run and a counter per store, so reruns against a long-lived server never meet
// their own earlier events, and each test starts from an empty view as on the other adapters.
const run = `contract-${randomUUID().slice(0, 8)}-`;
let stores = 0;

describeEventStoreContract(
  'eventstoredb',
  async () => {
    if (!('connectionString' in target)) throw new Error('unreachable: the suite is skipped');
    const store = await openEventStoreDb(target.connectionString);
    return { store: namespacedStore(store, `${run}${++stores}-`), cleanup: () => store.close() };
  },
  // The chain runs per stream here: the server assigns $all positions only at commit.
  'skip' in target ? { skip: target.skip } : { chain: 'per-stream' },
);
