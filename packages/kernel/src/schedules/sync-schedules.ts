import type { ScheduleDefinition } from "../commands/schedule-command-types";
import { InvalidCommandError } from "../errors/command-errors";
import type { Kernel } from "../kernel/create-kernel";
import type { SchedulePersistence } from "../ports/schedule-persistence";

/** Options of {@link syncSchedules}. */
export interface SyncSchedulesOptions {
  /**
   * Delete schedules declared in code earlier (source `"code"`) that `schedules` no longer
   * contains. Schedules created at run time (`schedule.upsert` without `source`) are never
   * deleted. Needs `target.persistence`. Default: true when `target.persistence` is given.
   */
  readonly prune?: boolean;
}

/** What {@link syncSchedules} did. */
export interface SyncSchedulesResult {
  /** Ids upserted, in the given order. */
  readonly upserted: string[];
  /** Ids of code-declared schedules deleted because they are no longer declared. */
  readonly deleted: string[];
}

/**
 * Keeps the schedules declared in code in step with the database: every definition is upserted
 * with source `"code"` (an unchanged cron keeps its next tick, so calling this on every start
 * neither skips nor repeats a tick, and a pause made at run time stays unless the definition sets
 * `paused`), and with `prune` the code-declared schedules no longer listed are deleted. The node
 * host calls it at start with its `schedules` option; `createStageflow({ schedules })` calls it too.
 *
 * @example
 * ```ts
 * await syncSchedules({ kernel, persistence }, [
 *   { scheduleId: "nightly-reindex", workflowId: "reindex", cron: "0 3 * * *", timezone: "Europe/Berlin" },
 * ]);
 * ```
 *
 * @throws `InvalidCommandError` before any write when an id is declared twice or `prune` is asked
 *   for without `target.persistence`; otherwise the typed
 *   error of the first definition the kernel refuses (`InvalidCronError`, `ValidationError`, …),
 *   with the definitions before it upserted and nothing pruned.
 */
export async function syncSchedules(
  target: {
    readonly kernel: Kernel;
    /** Where code-declared schedules are listed for `prune`. */
    readonly persistence?: Pick<SchedulePersistence, "listSchedules">;
  },
  schedules: readonly ScheduleDefinition[],
  options: SyncSchedulesOptions = {},
): Promise<SyncSchedulesResult> {
  const ids = new Set<string>();
  for (const schedule of schedules) {
    if (ids.has(schedule.scheduleId)) {
      throw new InvalidCommandError(
        "schedule.upsert",
        "scheduleId",
        `"${schedule.scheduleId}" is declared twice`,
      );
    }
    ids.add(schedule.scheduleId);
  }
  const { persistence } = target;
  const prune = options.prune ?? persistence !== undefined;
  if (prune && persistence === undefined) {
    throw new InvalidCommandError("schedule.delete", "prune", "needs target.persistence");
  }
  const upserted: string[] = [];
  for (const schedule of schedules) {
    await target.kernel.dispatch({ ...schedule, type: "schedule.upsert", source: "code" });
    upserted.push(schedule.scheduleId);
  }
  const deleted: string[] = [];
  if (prune && persistence !== undefined) {
    const declared = await persistence.listSchedules({ source: "code" });
    for (const stale of declared.filter((schedule) => !ids.has(schedule.id))) {
      const { deleted: gone } = await target.kernel.dispatch({
        type: "schedule.delete",
        scheduleId: stale.id,
      });
      if (gone) deleted.push(stale.id);
    }
  }
  return { upserted, deleted };
}
