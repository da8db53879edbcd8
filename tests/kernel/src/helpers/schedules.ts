import type { ScheduleTickResult, ScheduleUpsertCommand } from "@stageflow/kernel";
import type { Harness } from "./harness";

/** A `schedule.upsert` of the `linear` workflow every minute, with `overrides`. */
export function upsertCommand(
  overrides: Partial<ScheduleUpsertCommand> = {},
): ScheduleUpsertCommand {
  return {
    type: "schedule.upsert",
    scheduleId: "every-minute",
    workflowId: "linear",
    cron: "* * * * *",
    input: { text: "tick" },
    ...overrides,
  };
}

/** The ticks (`metadata.scheduledFor`) of every run of schedule `scheduleId`, in creation order. */
export async function firedTicks(h: Harness, scheduleId = "every-minute"): Promise<string[]> {
  const runs = await h.persistence.listRuns({});
  return runs
    .filter((run) => run.metadata?.scheduleId === scheduleId)
    .map((run) => String(run.metadata?.scheduledFor));
}

/**
 * Moves the clock from its current time to `until` in steps of `stepMs`, dispatching
 * `schedule.tick` at every step; returns the summed counts.
 */
export async function tickThrough(
  h: Harness,
  until: Date | string,
  stepMs: number,
): Promise<{ fired: number; skipped: number }> {
  const end = new Date(until).getTime();
  const total = { fired: 0, skipped: 0 };
  for (;;) {
    const result: ScheduleTickResult = await h.kernel.dispatch({ type: "schedule.tick" });
    total.fired += result.fired;
    total.skipped += result.skipped;
    const now = h.clock.now().getTime();
    if (now >= end) return total;
    h.clock.set(Math.min(end, now + stepMs));
  }
}
