import { afterAll, afterEach, beforeAll } from "vitest";
import { askEnvironment } from "./ask-workflow";
import { type CountingFake, startCountingFake } from "./fake-calls";

/** What {@link useGuardSuite} gives a test file. */
export interface GuardSuite {
  /** The counting OpenAI fake, started before the file's tests (read it inside a test). */
  readonly fake: CountingFake;
  /** Run after each test, last first (databases to drop, apps to close). */
  readonly cleanups: (() => Promise<void>)[];
  /** A unique tag for prompts and keys: `tag-xxxxxx`. */
  tagged(tag: string): string;
}

/**
 * The hooks every guard test file shares: one counting fake for the file, cleanups run after each
 * test, and the ask workflow's hooks and the fake's reply put back between tests.
 */
export function useGuardSuite(): GuardSuite {
  let fake: CountingFake | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    fake = await startCountingFake();
  });
  afterAll(() => fake?.server.close());
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    askEnvironment.afterCalls = undefined;
    if (fake !== undefined) fake.reply = (prompt) => `echo: ${prompt}`;
  });
  return {
    get fake(): CountingFake {
      if (fake === undefined) throw new Error("the counting fake starts in beforeAll");
      return fake;
    },
    cleanups,
    tagged: (tag) => `${tag}-${Math.random().toString(36).slice(2, 8)}`,
  };
}
