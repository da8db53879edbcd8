// A worker process of the AI-guard tests: createStageflow with a worker on the database at
// GUARD_DATABASE_URL (already migrated) and the `ask` workflow calling the fake at GUARD_FAKE_URL.
// GUARD_LIMIT / GUARD_WINDOW_MS: a shared limit of that many requests per window for
// openai/gpt-4o-mini. GUARD_MEMO=1: memoized calls. GUARD_HANG_AFTER_CALLS=1: every stage hangs
// after its calls (so the test can SIGKILL the process mid-stage). Prints "ready <workerId>" once
// its host is started; SIGTERM drains and ends it.
import { createStageflow } from "@stageflow/engine";
import { askEnvironment, askWorkflow } from "./ask-workflow";
import { openGuardDatabase } from "./guard-databases";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const windowMs = Number(process.env.GUARD_WINDOW_MS ?? "60000");
const limit = process.env.GUARD_LIMIT === undefined ? undefined : Number(process.env.GUARD_LIMIT);
const db = openGuardDatabase(env("GUARD_DATABASE_URL"), 3);
const sf = await createStageflow({
  database: db,
  workflows: [askWorkflow],
  migrate: false,
  ai: {
    ...(limit === undefined
      ? {}
      : {
          rateLimits: [
            {
              provider: "openai",
              model: "gpt-4o-mini",
              requestsPerMinute: (limit * 60_000) / windowMs,
              windowMs,
            },
          ],
        }),
    ...(process.env.GUARD_MEMO === "1" ? { memo: { ttlMs: 3_600_000 } } : {}),
  },
  worker: {
    concurrency: Number(process.env.GUARD_CONCURRENCY ?? "4"),
    handleSignals: false,
    heartbeatIntervalMs: 100,
  },
});
Object.assign(askEnvironment, {
  url: env("GUARD_FAKE_URL"),
  guards: sf.aiGuards,
  logger: sf.aiCallLogger,
  ...(process.env.GUARD_HANG_AFTER_CALLS === "1"
    ? { afterCalls: () => new Promise<never>(() => {}) }
    : {}),
});
process.once("SIGTERM", () => {
  void sf.close().then(async () => {
    await db.destroy();
    process.exit(0);
  });
});
process.stdout.write(`ready ${sf.workerId}\n`);
