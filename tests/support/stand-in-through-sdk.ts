import { StandIn } from './stand-in/stand-in';

/** A stand-in for the tests of one file, and SDK clients that are closed after them. */
export interface StandInThroughSdk {
  /** The running stand-in (after `beforeAll`). */
  readonly standIn: () => StandIn;
  /** Builds a client once the environment points at the stand-in, and closes it after the file's tests. */
  readonly client: <T extends { destroy(): void }>(create: () => T) => T;
}

/**
 * For tests of the stand-in through the real SDK clients: starts it before
 * the file's tests with `process.env` pointing at it (`AWS_ENDPOINT_URL_…`,
 * credentials), resets it before each test, and afterwards closes the clients,
 * stops it and puts the environment back as it was.
 */
export function useStandInThroughSdk(prepare?: (standIn: StandIn) => Promise<void> | void): StandInThroughSdk {
  let running: StandIn | undefined;
  const saved = { ...process.env };
  const clients: { destroy(): void }[] = [];
  beforeAll(async () => {
    running = await StandIn.start();
    Object.assign(process.env, running.environment());
    await prepare?.(running);
  });
  beforeEach(() => running?.reset());
  afterAll(async () => {
    for (const created of clients.splice(0)) created.destroy();
    await running?.stop();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });
  return {
    standIn: () => {
      if (running === undefined) throw new Error('the stand-in is started in beforeAll');
      return running;
    },
    client: (create) => {
      const created = create();
      clients.push(created);
      return created;
    },
  };
}
