// A worker process of the rate-limit measure: createStageflow with a worker on the database at
// GUARD_DATABASE_URL (already migrated), the `ask` workflow calling the fake at GUARD_FAKE_URL,
// and a shared limit of GUARD_LIMIT requests per GUARD_WINDOW_MS window for openai/gpt-4o-mini.
// Prints "ready <workerId>" once its host is started; SIGTERM drains and ends it.
import { createStageflow } from "@stageflow/engine";
import { askEnvironment, askWorkflow } from "./ask-workflow";
import { openGuardDatabase } from "./guard-databases";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const windowMs = Number(env("GUARD_WINDOW_MS"));
const limit = Number(env("GUARD_LIMIT"));
const db = openGuardDatabase(env("GUARD_DATABASE_URL"), 3);
const sf = await createStageflow({
  database: db,
  workflows: [askWorkflow],
  migrate: false,
  ai: {
    rateLimits: [
      {
        provider: "openai",
        model: "gpt-4o-mini",
        requestsPerMinute: (limit * 60_000) / windowMs,
        windowMs,
      },
    ],
  },
  worker: { concurrency: Number(process.env.GUARD_CONCURRENCY ?? "4"), handleSignals: false },
});
Object.assign(askEnvironment, {
  url: env("GUARD_FAKE_URL"),
  guards: sf.aiGuards,
  logger: sf.aiCallLogger,
});
process.once("SIGTERM", () => {
  void sf.close().then(async () => {
    await db.destroy();
    process.exit(0);
  });
});
process.stdout.write(`ready ${sf.workerId}\n`);
