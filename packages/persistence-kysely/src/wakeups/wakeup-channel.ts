/**
 * What a wake-up announces: `jobs` were enqueued, `runs` were created (PENDING, ready to claim),
 * or `outbox` events were appended (ready to flush).
 */
export type WakeupChannel = "jobs" | "runs" | "outbox";

/** The Postgres `NOTIFY` channel of each {@link WakeupChannel}. */
export const POSTGRES_CHANNELS: Readonly<Record<WakeupChannel, string>> = {
  jobs: "stageflow_jobs",
  runs: "stageflow_runs",
  outbox: "stageflow_outbox",
};

/** Every {@link WakeupChannel}. */
export const WAKEUP_CHANNELS: readonly WakeupChannel[] = ["jobs", "runs", "outbox"];
