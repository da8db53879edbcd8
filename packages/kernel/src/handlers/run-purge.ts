import type { FinalRunStatus, RunPurgeCommand, RunPurgeResult } from "../commands/command-types";
import { wholeNumberField } from "../commands/whole-number-field";
import { InvalidCommandError } from "../errors/command-errors";
import { runBlobPrefix } from "../execution/blob-keys";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { RunFilter, RunPosition } from "../ports/run-queries";
import { FINAL_RUN_STATUSES } from "../query/query-fields";

const TYPE = "run.purge";

function finalStatuses(value: unknown): FinalRunStatus[] {
  if (value === undefined) return [...FINAL_RUN_STATUSES] as FinalRunStatus[];
  const valid =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((status) => (FINAL_RUN_STATUSES as readonly unknown[]).includes(status));
  if (!valid) {
    throw new InvalidCommandError(
      TYPE,
      "statuses",
      "must be a non-empty list of COMPLETED, FAILED and CANCELLED (runs that are not final are never purged)",
    );
  }
  return [...new Set(value as FinalRunStatus[])];
}

function optionalWhole(field: string, value: unknown, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  // The command schema has checked it is a whole number of at least 1.
  const number = value as number;
  if (number > max) throw new InvalidCommandError(TYPE, field, `must be at most ${max}`);
  return number;
}

/**
 * `run.purge`: deletes runs that finished (COMPLETED, FAILED or CANCELLED, as chosen) at least
 * `olderThanMs` ago, oldest first, `batchSize` runs at a time. Each batch first deletes the runs'
 * blobs (everything under `runs/<id>/`), then, in one short transaction, the runs still final
 * with their stages, jobs, logs, outbox events, AI call records and idempotency keys — so a
 * crash between the two leaves a run whose blobs are gone and which the next purge deletes, never
 * orphaned blobs. A run that is not final is never touched. Stops after `maxRuns` runs.
 *
 * @throws `InvalidCommandError` for a bad field; nothing is deleted then.
 */
export async function handleRunPurge(
  deps: KernelDeps,
  command: RunPurgeCommand,
): Promise<RunPurgeResult> {
  const olderThanMs = wholeNumberField(TYPE, "olderThanMs", command.olderThanMs, 0);
  const statuses = finalStatuses(command.statuses);
  const maxRuns = optionalWhole("maxRuns", command.maxRuns, 1_000, 100_000);
  const batchSize = optionalWhole("batchSize", command.batchSize, 100, 1_000);
  if (
    command.workflowId !== undefined &&
    (typeof command.workflowId !== "string" || command.workflowId === "")
  ) {
    throw new InvalidCommandError(TYPE, "workflowId", "must be a non-empty string");
  }
  const filter: RunFilter = {
    statuses,
    finishedBefore: new Date(deps.clock.now().getTime() - olderThanMs),
    ...(command.workflowId === undefined ? {} : { workflowIds: [command.workflowId] }),
  };
  const deleted = {
    runs: 0,
    stages: 0,
    jobs: 0,
    logs: 0,
    outboxEvents: 0,
    aiCalls: 0,
    idempotencyKeys: 0,
    blobs: 0,
  };
  let after: RunPosition | undefined;
  let seen = 0;
  while (seen < maxRuns) {
    const limit = Math.min(batchSize, maxRuns - seen);
    const candidates = await deps.persistence.queries.listRuns({
      filter,
      order: "oldest",
      limit,
      ...(after ? { after } : {}),
    });
    if (candidates.length === 0) return { purged: deleted.runs, deleted, more: false };
    seen += candidates.length;
    after = candidates[candidates.length - 1];
    for (const run of candidates) {
      for (const key of await deps.blobStore.list(runBlobPrefix(run.id))) {
        await deps.blobStore.delete(key);
        deleted.blobs += 1;
      }
    }
    const rows = await deps.persistence.withTransaction((tx) =>
      tx.deleteRuns(
        candidates.map((run) => run.id),
        statuses,
      ),
    );
    deleted.runs += rows.runIds.length;
    deleted.stages += rows.stages;
    deleted.jobs += rows.jobs;
    deleted.logs += rows.logs;
    deleted.outboxEvents += rows.outboxEvents;
    deleted.aiCalls += rows.aiCalls;
    deleted.idempotencyKeys += rows.idempotencyKeys;
    if (candidates.length < limit) return { purged: deleted.runs, deleted, more: false };
  }
  return { purged: deleted.runs, deleted, more: true };
}
