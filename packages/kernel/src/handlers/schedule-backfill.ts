import type {
  ScheduleBackfillCommand,
  ScheduleBackfillResult,
} from "../commands/schedule-command-types";
import { InvalidCommandError } from "../errors/command-errors";
import type { KernelDeps } from "../kernel/kernel-deps";
import { parseCron } from "../schedules/cron-spec";
import { loadScheduleForUpdate } from "../schedules/load-schedule";
import { timeField } from "../schedules/resolve-schedule-definition";
import { saveSchedule } from "../schedules/save-schedule";
import { tickIdempotencyKey } from "../schedules/schedule-ticks";
import { startScheduledRun, withRecentRun } from "../schedules/start-scheduled-run";
import { validateRunCreate } from "./run-create";

/** Ticks one `schedule.backfill` may cover. */
export const MAX_BACKFILL_TICKS = 1_000;

/**
 * `schedule.backfill`: in one transaction, starts the run of every cron tick in `[from, to]` that
 * has none (its tick's idempotency key is free), in tick order, whatever the overlap policy,
 * `paused`, `startAt` or `endAt`. A tick that fired before is skipped, so backfilling twice is
 * harmless. The next tick does not move.
 *
 * @throws `ScheduleNotFoundError`; `InvalidCommandError` for a bad range (`to` before `from` or in
 *   the future, more than {@link MAX_BACKFILL_TICKS} ticks); `WorkflowNotFoundError` /
 *   `ValidationError` when the schedule's workflow or input no longer pass. Nothing is written then.
 */
export async function handleScheduleBackfill(
  deps: KernelDeps,
  command: ScheduleBackfillCommand,
): Promise<ScheduleBackfillResult> {
  const from = timeField(command.type, "from", command.from);
  const to = timeField(command.type, "to", command.to);
  if (from === null) throw new InvalidCommandError(command.type, "from", "is required");
  if (to === null) throw new InvalidCommandError(command.type, "to", "is required");
  if (to.getTime() < from.getTime()) {
    throw new InvalidCommandError(command.type, "to", "must not be before from");
  }
  const now = deps.clock.now();
  if (to.getTime() > now.getTime()) {
    throw new InvalidCommandError(command.type, "to", "must not be in the future");
  }
  return deps.persistence.withTransaction(async (tx) => {
    const schedule = await loadScheduleForUpdate(tx, command.scheduleId);
    validateRunCreate(deps, {
      type: "run.create",
      workflowId: schedule.workflowId,
      input: schedule.input,
      ...(schedule.config === null ? {} : { config: schedule.config }),
    });
    const spec = parseCron(schedule.cron, schedule.timezone);
    const ticks: Date[] = [];
    for (
      let tick = spec.next(new Date(from.getTime() - 1));
      tick !== null;
      tick = spec.next(tick)
    ) {
      if (tick.getTime() > to.getTime()) break;
      if (ticks.length === MAX_BACKFILL_TICKS) {
        throw new InvalidCommandError(
          command.type,
          "to",
          `covers more than ${MAX_BACKFILL_TICKS} ticks; backfill a shorter range`,
        );
      }
      ticks.push(tick);
    }
    let recentRuns = schedule.recentRuns;
    const workflowRunIds: string[] = [];
    for (const tick of ticks) {
      const scheduledFor = tick.toISOString();
      const outcome = await startScheduledRun(deps, tx, schedule, {
        key: tickIdempotencyKey(schedule.id, scheduledFor),
        scheduledFor,
        reason: "backfill",
        now,
      });
      if (outcome.status !== "fired") continue;
      workflowRunIds.push(outcome.workflowRunId);
      recentRuns = withRecentRun(recentRuns, outcome.workflowRunId, scheduledFor);
    }
    await saveSchedule(
      tx,
      { ...schedule, recentRuns, firedCount: schedule.firedCount + workflowRunIds.length },
      now,
    );
    return {
      scheduleId: schedule.id,
      fired: workflowRunIds.length,
      skipped: ticks.length - workflowRunIds.length,
      workflowRunIds,
    };
  });
}
