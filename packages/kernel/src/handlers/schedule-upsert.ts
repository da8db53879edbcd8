import type {
  ScheduleUpsertCommand,
  ScheduleUpsertResult,
} from "../commands/schedule-command-types";
import { InvalidCommandError } from "../errors/command-errors";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { ScheduleRecord } from "../records/schedule-record";
import { requestTick } from "../schedules/request-tick";
import { resolveScheduleDefinition } from "../schedules/resolve-schedule-definition";
import { saveSchedule } from "../schedules/save-schedule";
import { nextTick } from "../schedules/schedule-ticks";

const sameTime = (a: Date | null, b: Date | null): boolean =>
  (a === null && b === null) || (a !== null && b !== null && a.getTime() === b.getTime());

/**
 * `schedule.upsert`: checks the definition (cron, time zone, workflow, input and config against
 * the workflow's schemas, every number and time) before anything is written, then creates the
 * schedule or changes the one with this id in one transaction. A change keeps the counters, the
 * recent runs and, when cron, time zone, `startAt` and `endAt` are unchanged, the next tick (so a
 * re-declared schedule neither skips nor repeats one); otherwise the next tick is computed from
 * now. `paused` left out keeps the stored state.
 *
 * @throws `InvalidCronError`, `UnknownTimezoneError`, `WorkflowNotFoundError`, `ValidationError`,
 *   `InvalidCommandError`.
 */
export async function handleScheduleUpsert(
  deps: KernelDeps,
  command: ScheduleUpsertCommand,
): Promise<ScheduleUpsertResult> {
  const { spec, fields } = resolveScheduleDefinition(deps, command.type, command);
  const source = command.source ?? "api";
  if (source !== "api" && source !== "code") {
    throw new InvalidCommandError(command.type, "source", 'must be "api" or "code"');
  }
  const now = deps.clock.now();
  const result = await deps.persistence.withTransaction(async (tx) => {
    const existing = await tx.getSchedule(fields.id, { forUpdate: true });
    const keepsTicks =
      existing !== null &&
      existing.cron === fields.cron &&
      existing.timezone === fields.timezone &&
      sameTime(existing.startAt, fields.startAt) &&
      sameTime(existing.endAt, fields.endAt);
    const nextFireAt = keepsTicks ? existing.nextFireAt : nextTick(spec, now, fields);
    const record: ScheduleRecord =
      existing === null
        ? {
            ...fields,
            source,
            paused: command.paused ?? false,
            nextFireAt,
            dueAt: null,
            bufferedTick: null,
            lastFiredAt: null,
            recentRuns: [],
            firedCount: 0,
            skippedCount: 0,
            missedCount: 0,
            lastError: null,
            createdAt: now,
            updatedAt: now,
            version: 0,
          }
        : { ...existing, ...fields, source, paused: command.paused ?? existing.paused, nextFireAt };
    const stored = await saveSchedule(tx, record, now);
    return {
      scheduleId: stored.id,
      nextFireAt: stored.nextFireAt,
      created: existing === null,
      dueAt: stored.paused ? null : stored.dueAt,
    };
  });
  await requestTick(deps, result.dueAt);
  return { scheduleId: result.scheduleId, nextFireAt: result.nextFireAt, created: result.created };
}
