import { z } from "zod";
import { OUTBOX_WAKEUPS } from "../ports/speculative-commit";
import {
  durationField,
  idempotencyKeyField,
  idField,
  int32Field,
  signalField,
  storableValue,
  textField,
  wholeNumber,
} from "./command-fields";
import type { CommandType } from "./command-types";

/**
 * The started job that `run.claimPending` returned, or the snapshot a dequeue read (their records
 * are matched against the command by `job.execute` itself).
 */
const startedField = z.object({
  job: z.object({ id: idField }),
  run: z.object({ id: idField }),
  stages: z.array(z.object({ stageId: idField })),
});

/**
 * One zod schema per command type: the shape `kernel.dispatch` accepts, checked before the
 * handler runs so a malformed command writes nothing. Fields a command does not list are ignored.
 * The workflow's own schemas check `run.create`'s input and config afterwards.
 */
export const COMMAND_SCHEMAS: { readonly [K in CommandType]: z.ZodType } = {
  "run.create": z.object({
    workflowId: idField,
    input: storableValue(),
    config: storableValue({ object: true }).optional(),
    priority: int32Field.optional(),
    metadata: storableValue({ object: true }).optional(),
    idempotencyKey: idempotencyKeyField,
    budgetUsd: z.number().finite().min(0).optional(),
  }),
  "run.claimPending": z.object({
    workerId: idField,
    maxClaims: wholeNumber(1).optional(),
    startJobs: wholeNumber(0).optional(),
  }),
  "run.transition": z.object({ workflowRunId: idField }),
  "run.cancel": z.object({ workflowRunId: idField, reason: textField.optional() }),
  "run.rerunFrom": z.object({ workflowRunId: idField, fromStageId: idField }),
  // run.purge and schedule.* check their own fields in depth (final statuses, cron, time zone,
  // ranges); the schemas here give the same first-line guarantees as for every other command.
  "run.purge": z.object({
    olderThanMs: durationField,
    statuses: z.array(z.string()).optional(),
    workflowId: idField.optional(),
    maxRuns: wholeNumber(1).optional(),
    batchSize: wholeNumber(1).optional(),
  }),
  "schedule.upsert": z.object({
    scheduleId: idField,
    workflowId: idField,
    input: storableValue().optional(),
    config: storableValue({ object: true }).optional(),
  }),
  "schedule.delete": z.object({ scheduleId: idField }),
  "schedule.pause": z.object({ scheduleId: idField }),
  "schedule.unpause": z.object({ scheduleId: idField }),
  "schedule.trigger": z.object({ scheduleId: idField }),
  "schedule.backfill": z.object({ scheduleId: idField, from: z.unknown(), to: z.unknown() }),
  "schedule.tick": z.object({ maxSchedules: wholeNumber(1).optional() }),
  "aiBatch.flush": z.object({
    workerId: idField,
    maxSubmissions: wholeNumber(1).optional(),
    maxPolls: wholeNumber(1).optional(),
  }),
  "run.reapStuck": z.object({
    stuckThresholdMs: durationField.optional(),
    maxRuns: wholeNumber(1).optional(),
  }),
  "job.execute": z.object({
    jobId: idField,
    workflowRunId: idField,
    workflowId: idField,
    stageId: idField,
    workerId: idField,
    signal: signalField.optional(),
    started: startedField.optional(),
    snapshot: startedField.optional(),
    startNextJobs: wholeNumber(0).optional(),
    outboxWakeup: z.enum(OUTBOX_WAKEUPS).optional(),
    idempotencyKey: idempotencyKeyField,
  }),
  "stage.pollSuspended": z.object({ maxChecks: wholeNumber(1).optional() }),
  "lease.reapStale": z.object({ staleThresholdMs: durationField }),
  "outbox.flush": z.object({
    maxEvents: wholeNumber(1).optional(),
    workerId: idField.optional(),
  }),
  "plugin.replayDLQ": z.object({
    maxEvents: wholeNumber(1).optional(),
    eventIds: z.array(idField).min(1).max(1000).optional(),
  }),
};
